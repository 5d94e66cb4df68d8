import ArgumentParser
import Core
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one story: summary, quotes, figures, who and where, and every article.",
        discussion: "STORY is the id `newsd stories`, `newsd search` and `export` print."
    )

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The story's id.", valueName: "story"))
    var story: Int64

    func run() throws {
        let config = try store.config()
        let newsStore = try store.openExisting()
        defer { newsStore.close() }
        guard let story = try DigestBuilder(store: newsStore, zone: config.timeZone).story(story) else {
            throw CommandError("no story \(self.story)")
        }
        let zone = config.timeZone.identifier
        let text = { (s: String) in Terminal.printable(s) }
        print(Terminal.bold(text(story.headline)))
        print(Terminal.dim("story \(story.id) · \(DigestText.plural(story.sourceCount, "source")) · \(DigestText.plural(story.articles.count, "article")) · first seen \(DigestText.time(story.firstSeen, zone: zone))"))
        if !story.summary.isEmpty {
            print("")
            print(wrap(story.summary.map(text).joined(separator: " "), indent: ""))
        }
        if !story.quotes.isEmpty {
            print("\n" + Terminal.bold("Quotes"))
            for quote in story.quotes {
                print(wrap("“\(text(quote.text))”", indent: "  "))
                print("    — " + text(quote.speaker ?? "unnamed speaker") + Terminal.dim(" (\(text(quote.source)))"))
            }
        }
        if !story.disagreements.isEmpty {
            print("\n" + Terminal.bold("Figures that differ between sources"))
            for disagreement in story.disagreements {
                print("  " + text(disagreement.what) + ":")
                for report in disagreement.reports {
                    print("    " + Terminal.yellow(text(report.text)) + " — " + text(report.attribution ?? "unattributed") + Terminal.dim(" (\(text(report.source)))"))
                }
            }
        }
        if !story.figures.isEmpty {
            print("\n" + Terminal.bold("Figures"))
            for figure in story.figures {
                print("  " + text(figure.text) + (figure.attribution.map { " — according to " + text($0) } ?? "") + Terminal.dim(" (\(text(figure.source)))"))
            }
        }
        if !story.entities.isEmpty {
            print("\n" + Terminal.bold("Who and where"))
            print(wrap(story.entities.map { "\(text($0.name)) (\($0.type.rawValue))" }.joined(separator: ", "), indent: "  "))
        }
        print("\n" + Terminal.bold("Articles"))
        for article in story.articles {
            var line = "  " + DigestText.time(article.ingestedAt, zone: zone) + "  "
            if let source = article.source { line += Terminal.green(text(source)) + ": " }
            line += text(article.title) + Terminal.dim("  (article \(article.id), \(text(article.origin)))")
            if article.copies > 0 { line += Terminal.dim(" +\(DigestText.plural(article.copies, "copy", "copies"))") }
            print(line)
            if let url = article.url { print("      " + Terminal.dim(text(url))) }
        }
    }

    /// Wraps at 100 columns, or the terminal's width.
    private func wrap(_ paragraph: String, indent: String) -> String {
        var width = 100
        var size = winsize()
        if Terminal.isInteractive, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { width = Int(size.ws_col) }
        var lines: [String] = []
        var line = indent
        for word in paragraph.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        if line.count > indent.count { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
