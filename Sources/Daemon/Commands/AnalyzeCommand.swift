import ArgumentParser
import Core
import Foundation

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Print what newsd sees in a file: sentences, entities, quotes and figures.",
        discussion: """
            For when a digest says something unexpected: the body's sentences one per line, the people, \
            organisations and places with their types, the quotes with their speakers, and the figures with \
            what they count and who reports them. A feed prints each article. Nothing is stored.
            """
    )

    @Flag(help: "One JSON object per article: title, sentences, entities, quotes, figures.")
    var json: Bool = false

    @Argument(help: ArgumentHelp("The file to analyse.", valueName: "file"))
    var file: String

    func run() throws {
        let (bytes, _) = try FileReader.read(file, maxBytes: 64 * 1024 * 1024)
        let content = ArticlePipeline(analyse: true).content(of: bytes, origin: (file as NSString).lastPathComponent)
        guard case .articles(let articles) = content else {
            if case .failure(let reason) = content { throw CommandError(reason) }
            return
        }
        for (index, article) in articles.enumerated() {
            let sentences = SentenceSplitter.split(article.parsed.body).map(String.init)
            let analysis = article.analysis
            if json {
                let report = Report(title: article.parsed.title, sentences: sentences, entities: analysis?.entities ?? [],
                                    quotes: analysis?.quotes ?? [], partialQuotes: analysis?.partialQuotes ?? [],
                                    figures: analysis?.figures ?? [])
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
                continue
            }
            if index > 0 { print("\n===\n") }
            print(Terminal.bold(Terminal.printable(article.parsed.title)))
            print("\n" + Terminal.bold("Sentences"))
            for sentence in sentences { print(Terminal.printable(sentence)) }
            print("\n" + Terminal.bold("Entities"))
            for entity in analysis?.entities ?? [] {
                let alias = entity.canonical.map { " = \($0)" } ?? ""
                print("  \(entity.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(Terminal.printable(entity.name))\(Terminal.printable(alias))" + Terminal.dim("  ×\(entity.mentions)"))
            }
            print("\n" + Terminal.bold("Quotes"))
            for quote in analysis?.quotes ?? [] {
                print("  " + Terminal.green(Terminal.printable(quote.speaker ?? "(no speaker)")) + ": “\(Terminal.printable(quote.text))”")
            }
            if let partial = analysis?.partialQuotes, !partial.isEmpty {
                print("\n" + Terminal.bold("Partial quotes") + Terminal.dim(" (quoted words inside the writer's sentence)"))
                for quote in partial {
                    print("  " + Terminal.green(Terminal.printable(quote.speaker ?? "(no speaker)")) + ": “\(Terminal.printable(quote.text))”")
                }
            }
            print("\n" + Terminal.bold("Figures"))
            for figure in analysis?.figures ?? [] {
                var line = "  " + Terminal.yellow(Terminal.printable(figure.text)) + " — \(Terminal.printable(figure.what))"
                if let event = figure.event { line += " \(Terminal.printable(event))" }
                if let attribution = figure.attribution { line += ", according to \(Terminal.printable(attribution))" }
                print(line)
            }
        }
    }

    private struct Report: Encodable {
        var title: String
        var sentences: [String]
        var entities: [Entity]
        var quotes: [Quote]
        var partialQuotes: [Quote]
        var figures: [Figure]

        enum CodingKeys: String, CodingKey { case title, sentences, entities, quotes, partialQuotes = "partial_quotes", figures }
    }
}
