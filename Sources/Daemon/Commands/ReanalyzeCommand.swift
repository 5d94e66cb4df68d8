import ArgumentParser
import Core
import Foundation

struct ReanalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reanalyze",
        abstract: "Find the entities, quotes and figures of stored articles again, with this newsd's analysers.",
        discussion: """
            Each article's findings are stored with the version of the analysers that made them. After an \
            upgrade that improved them, this brings the articles an older newsd analysed up to date (`newsd \
            status` counts them); with --all, every article. Stories, the search index and the files are not \
            touched, and the daemon may keep running (it does the same by itself while its inbox is idle, a \
            small page at a time; this does it at once, on all workers). Prints "N articles analysed again, M \
            with new findings, K copies updated". Once no article of an older newsd is left, the digests \
            written with older findings (or whose day has since gained articles) are written again, and \
            their paths printed; a digest whose files were removed is left alone.
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Every article, not only those an older newsd analysed.")
    var all: Bool = false

    @Flag(help: "Print the count to stderr after every page of articles.")
    var progress: Bool = false

    func run() throws {
        let config = try store.config()
        let opened = try store.openExisting()
        defer { opened.close() }
        let report = try Reanalyzer(store: opened, workers: config.effectiveWorkers).run(all: all) { report in
            if progress { Terminal.error("progress: \(report.articles) articles analysed again") }
        }
        print("\(report.articles) articles analysed again, \(report.changed) with new findings, \(report.copies) copies updated")
        let writer = DigestWriter(store: opened, schedule: DigestSchedule(config), folder: digestsFolder(db: store.db, config: config))
        for stale in try writer.staleDigests() {
            let paths = try writer.write(stale.day)
            print("wrote the digest of \(stale.day) again (\(stale.reason)): \(paths.joined(separator: ", "))")
        }
    }
}
