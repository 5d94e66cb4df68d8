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
            var facts = [DigestText.plural(story.sourceCount, "source"), DigestText.plural(story.articles.count, "article")]
            if story.isContinuing { facts.append("continuing since \(DayKey(containing: story.firstSeen, in: TimeZone(identifier: digest.timeZone) ?? .current))") }
            out += "*" + facts.joined(separator: " · ") + "*\n"
            if !story.summary.isEmpty {
                out += "\n" + story.summary.map(escape).joined(separator: " ") + "\n"
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
        if !digest.failures.isEmpty {
            out += "\n## Could not be read\n\n"
            for failure in digest.failures {
                out += "- `\(DigestText.codeSpan(failure.origin))`: \(escape(failure.reason))\n"
            }
        }
        return out
    }

    /// Backslash-escapes the characters that would make article text into Markdown syntax.
    func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!":
                out.append("\\")
                out.append(character)
            case "\n", "\r":
                out.append(" ")
            default:
                out.append(character)
            }
        }
        return out
    }
}
