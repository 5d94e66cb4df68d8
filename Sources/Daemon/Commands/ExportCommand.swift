import ArgumentParser
import Core
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every stored article as JSON Lines, one object per line, in id order.",
        discussion: """
            Keys: id, origin, item, title, text, source, url, author, published, language, ingested_at, story, \
            duplicate_of (null or the id of the article this one copies). Times are ISO 8601 in UTC.
            """
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try store.openExisting()
        defer { store.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var last: Int64 = 0
        var out = FileHandleOutput()
        while true {
            let page = try store.exportPage(after: last, limit: 500)
            guard let tail = page.last else { break }
            for article in page {
                out.write(try encoder.encode(article))
                out.write(Data("\n".utf8))
            }
            last = tail.id
        }
        out.flush()
    }
}
