import Foundation

/// Renders a digest as Markdown that also reads well as plain text.
///
/// Everything that comes from an article is escaped, so a headline cannot turn into a link, an image
/// or raw HTML when a Markdown viewer renders the file.
public struct MarkdownDigestRenderer: Sendable {
    public init() {}

    public func render(_ digest: Digest) -> String {
        var out = "# News digest — \(DigestText.longDate(digest.day))\n\n"
        out += DigestText.countsLine(digest) + "\n"
        out += "\nTimes are \(digest.timeZone); generated \(DigestText.time(digest.generatedAt, zone: digest.timeZone)).\n"
        if digest.stories.isEmpty {
            out += "\nNo articles arrived on this day.\n"
        }
        for (rank, story) in digest.stories.enumerated() {
            out += "\n## \(rank + 1). \(escape(story.headline))\n\n"
            out += "*" + DigestText.storyFacts(story, zone: digest.timeZone) + "*\n"
            if !story.summary.isEmpty {
                out += "\n" + story.summary.map(escape).joined(separator: " ") + "\n"
            }
            if !story.quotes.isEmpty {
                out += "\n"
                for quote in story.quotes {
                    out += "> “\(escape(quote.text))” — \(escape(quote.speaker ?? "unnamed")) (\(escape(quote.source)))\n>\n"
                }
                out.removeLast(2)
            }
            if !story.disagreements.isEmpty {
                out += "\n**Figures that differ between sources**\n\n"
                for disagreement in story.disagreements {
                    let reports = disagreement.reports.map { report in
                        "\(escape(report.text))" + (report.attribution.map { " according to \(escape($0))" } ?? "") + " (\(escape(report.source)))"
                    }
                    out += "- \(escape(disagreement.what)): " + reports.joined(separator: " · ") + "\n"
                }
            }
            if !story.figures.isEmpty {
                out += "\n**Figures:** " + story.figures.map { figure in
                    escape(figure.text) + (figure.attribution.map { " (\(escape($0)))" } ?? "")
                }.joined(separator: "; ") + "\n"
            }
            if !story.entities.isEmpty {
                out += "\n**Who and where:** " + story.entities.map { escape($0.name) }.joined(separator: ", ") + "\n"
            }
            out += "\n"
            for article in story.articles {
                var line = "- " + (article.source.map { "**\(escape($0))**: " } ?? "") + escape(article.title)
                if let url = article.url, DigestText.isWebLink(url) { line += " <\(url)>" }
                line += " (`\(DigestText.codeSpan(article.origin))`)"
                if article.copies > 0 { line += " — also received \(DigestText.plural(article.copies, "copy", "copies"))" }
                out += line + "\n"
            }
        }
        if !digest.moreStories.isEmpty {
            out += "\n## More stories\n\n"
            for story in digest.moreStories {
                out += "- \(escape(story.headline)) *(\(DigestText.storyFacts(story, zone: digest.timeZone)))*\n"
            }
        }
        if !digest.failures.isEmpty {
            out += "\n## Could not be read\n\n"
            for failure in digest.failures {
                out += "- `\(DigestText.codeSpan(failure.origin))`: \(escape(failure.reason))\n"
            }
        }
        return out
    }

    /// Backslash-escapes the characters that would make article text into Markdown syntax (links, images
    /// and raw HTML need `[` or `<`, so `!` and `|` can stay as they are and the text stays readable).
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">":
                out.append("\\")
                out.append(character)
            case "#" where out.isEmpty:
                // Only at the start of a line does "#" make a heading.
                out.append("\\#")
            case "\n", "\r":
                out.append(" ")
            default:
                out.append(character)
            }
        }
        return out
    }
}
