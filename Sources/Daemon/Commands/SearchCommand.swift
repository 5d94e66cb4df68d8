import ArgumentParser
import Core
import Foundation

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Full-text search of the stored articles, best matches first.",
        discussion: """
            Every word must occur, in any form ("elections" finds "election"). With --raw the query is SQLite \
            FTS5 syntax: "exact phrase", OR, NOT, NEAR(a b, 5), title:word.
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Most results to show.")
    var limit: Int = 20

    @Flag(help: "Pass the query to FTS5 as written.")
    var raw: Bool = false

    @Argument(help: ArgumentHelp("What to look for.", valueName: "query"))
    var query: [String]

    func run() throws {
        let store = try store.openExisting()
        defer { store.close() }
        let hits: [SearchHit]
        do {
            hits = try store.search(query.joined(separator: " "), raw: raw, limit: max(1, limit))
        } catch {
            throw CommandError(raw ? "the FTS5 query is not valid: \(error)" : "\(error)")
        }
        if hits.isEmpty {
            print("no articles match")
            throw ExitCode(1)
        }
        for hit in hits {
            let source = hit.source.map { " — \(Terminal.printable($0))" } ?? ""
            print(Terminal.bold(Terminal.printable(hit.title)) + source + Terminal.dim("  (article \(hit.articleID), story \(hit.storyID), \(Terminal.printable(hit.origin)))"))
            let snippet = Terminal.printable(hit.snippet)
            print("    " + (Terminal.isInteractive
                ? snippet.replacingOccurrences(of: "[", with: "\u{1B}[1;33m").replacingOccurrences(of: "]", with: "\u{1B}[0m")
                : snippet))
        }
    }
}
