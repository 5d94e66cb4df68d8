import ArgumentParser
import Core
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "What is stored, what waits in the inbox, what failed and why, the last and next digest."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Database file (default: DATA/newsd.sqlite).", valueName: "file"))
    var db: String?

    func run() throws {
        let config = try options.load()
        let path = db ?? config.layout.database
        guard FileReader.status(path) != nil else { throw CommandError("no database at \(path): newsd has not run with this data folder yet") }
        let store = try NewsStore(path: path)
        defer { store.close() }
        let status = try store.status()
        let waiting = InboxScanner.scan(config.inbox).entries.count
        let claimed = InboxScanner.scan(config.inbox + "/" + InboxNames.workFolder).entries.count

        print(Terminal.bold("newsd") + "  \(path)")
        print("  articles   \(status.articles) (\(status.duplicates) duplicates) in \(status.stories) stories")
        print("  files      \(status.filesStored) stored, \(status.filesDuplicate) duplicates, \(status.filesFailed) failed")
        print("  inbox      \(waiting) waiting in \(config.inbox)" + (claimed > 0 ? ", \(claimed) being processed" : ""))
        if status.filesInFlight > 0 {
            print("  in flight  \(status.filesInFlight) (finished at the daemon's next start if it is not running)")
        }
        if status.analyzedBefore > 0 {
            print("  analysis   \(status.analyzedBefore) articles analysed by an older newsd: a running daemon finds their entities, quotes and figures again while its inbox is idle, `newsd reanalyze` at once")
        }
        if let last = status.lastIngest { print("  last file  \(ISO8601.string(last))") }
        let schedule = DigestSchedule(config)
        if let digest = status.lastDigest {
            print("  digest     last \(digest.day) (\(digest.articleCount) articles) → \(digest.path)")
        } else {
            print("  digest     none written yet")
        }
        print("             next at \(ISO8601.string(schedule.nextRun(after: Date()))) (\(config.digestTime) \(config.timeZone.identifier))")
        if !status.recentFailures.isEmpty {
            print(Terminal.bold("recent failures"))
            for failure in status.recentFailures {
                print("  " + Terminal.red(Terminal.printable(failure.origin)) + ": " + Terminal.printable(failure.reason))
            }
        }
    }
}
