import ArgumentParser
import Core
import Foundation

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Print what newsd would store for a file: headline, metadata, then the body.",
        discussion: "A feed or JSON Lines file prints each of its articles in turn. Several files print one after another. Nothing is stored."
    )

    @Flag(help: "Print only the body text.")
    var body: Bool = false

    @Argument(help: ArgumentHelp("The files to read.", valueName: "file"))
    var files: [String]

    func run() throws {
        var failed = false
        for (index, file) in files.enumerated() {
            do {
                if index > 0 { print(body ? "" : "\n===\n") }
                try extract(file)
            } catch {
                guard files.count > 1 else { throw error }
                Terminal.error("\(file): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func extract(_ file: String) throws {
        let (bytes, _) = try FileReader.read(file, maxBytes: 64 * 1024 * 1024)
        let content = ArticlePipeline(analyse: false).content(of: bytes, origin: (file as NSString).lastPathComponent)
        guard case .articles(let incoming) = content else {
            if case .failure(let reason) = content { throw CommandError(reason) }
            return
        }
        var out: [String] = []
        for article in incoming.map(\.parsed) {
            if body {
                out.append(article.body)
                continue
            }
            var lines = [article.title, String(repeating: "=", count: min(78, max(3, article.title.count)))]
            let fields: [(String, String?)] = [
                ("item", article.item.map(String.init)), ("source", article.source), ("url", article.url),
                ("author", article.author), ("published", article.published.map(ISO8601.string)),
                ("language", article.language), ("dateline", article.dateline), ("guid", article.guid),
            ]
            for (name, value) in fields { if let value { lines.append("\(name): \(value)") } }
            lines.append("")
            lines.append(article.body)
            out.append(lines.joined(separator: "\n"))
        }
        print(out.joined(separator: body ? "\n\n" : "\n\n---\n\n"))
    }
}
