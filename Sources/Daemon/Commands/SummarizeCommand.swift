import ArgumentParser
import Core
import Foundation

struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Print the summary newsd would write for some files taken as one story.",
        discussion: """
            Every article of the files (a feed holds many) counts as one report of the same story. The \
            summary is sentences taken from them as they are, one per line, in reading order. Nothing is stored.
            """
    )

    @Option(help: ArgumentHelp("At most this many words (but at least one sentence).", valueName: "n"))
    var words: Int?

    @Option(help: ArgumentHelp("This many sentences (fewer when the articles have fewer).", valueName: "n"))
    var sentences: Int?

    @Argument(help: ArgumentHelp("The articles of the story.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if words != nil, sentences != nil { throw ValidationError("give --words or --sentences, not both") }
        if let words, words < 1 { throw ValidationError("--words must be at least 1") }
        if let sentences, sentences < 1 { throw ValidationError("--sentences must be at least 1") }
    }

    func run() throws {
        var documents: [StorySummarizer.Document] = []
        for file in files {
            let (bytes, _) = try FileReader.read(file, maxBytes: 64 * 1024 * 1024)
            switch ArticlePipeline(analyse: false).content(of: bytes, origin: (file as NSString).lastPathComponent) {
            case .articles(let articles):
                documents += articles.map { StorySummarizer.Document(title: $0.parsed.title, body: $0.parsed.body) }
            case .failure(let reason):
                throw CommandError("\(file): \(reason)")
            case .copy:
                continue  // made only by `newsd ingest`, never by the pipeline
            }
        }
        let budget: StorySummarizer.Budget = sentences.map { .sentences($0) } ?? .words(words ?? 100)
        for sentence in StorySummarizer.summarize(documents, budget: budget) { print(sentence.text) }
    }
}
