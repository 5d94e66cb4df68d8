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
            small page at a time; this does it at once, on all workers). Digests already written keep what \
            they showed: `newsd digest --date DAY` writes a day's again. Prints "N articles analysed again, M \
            with new findings, K copies updated".
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Every article, not only those an older newsd analysed.")
    var all: Bool = false

    @Flag(help: "Print the count to stderr after every page of articles.")
    var progress: Bool = false

    func run() throws {
        let workers = try store.config().effectiveWorkers
        let opened = try store.openExisting()
        defer { opened.close() }
        let report = try Reanalyzer(store: opened, workers: workers).run(all: all) { report in
            if progress { Terminal.error("progress: \(report.articles) articles analysed again") }
        }
        print("\(report.articles) articles analysed again, \(report.changed) with new findings, \(report.copies) copies updated")
    }
}
