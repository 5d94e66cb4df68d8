import ArgumentParser
import Core
import Foundation

struct RetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Move files from failed/ back into the inbox for another try.",
        discussion: """
            NAME is a path below failed/, as `newsd status` lists it (e.g. reuters/x.txt); the file goes back \
            to the inbox folder it came from and its .error file is removed. A running daemon takes it at once. \
            With no NAME and no --all, lists what is in failed/.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Every file in failed/.")
    var all: Bool = false

    @Argument(help: ArgumentHelp("Files to retry, relative to failed/.", valueName: "name"))
    var names: [String] = []

    func validate() throws {
        if all && !names.isEmpty { throw ValidationError("give names or --all, not both") }
    }

    func run() throws {
        let config = try options.load()
        let failed = config.layout.failed
        let quarantined = QuarantineRetry.list(failed: failed)
        guard all || !names.isEmpty else {
            if quarantined.isEmpty { print("failed/ is empty") }
            for name in quarantined {
                let reason = (try? String(contentsOfFile: failed + "/" + name + ".error", encoding: .utf8))?
                    .trimmingWhitespace() ?? "no reason recorded"
                print(Terminal.printable(name) + Terminal.dim("  " + Terminal.printable(reason)))
            }
            return
        }
        let moved = try QuarantineRetry.retry(all ? quarantined : names, failed: failed, inbox: config.inbox)
        for item in moved { print("\(Terminal.printable(item.name)) → \(Terminal.printable(item.destination))") }
        if moved.isEmpty { print("failed/ is empty") }
    }
}
