import Foundation

/// Reads plain-text and Markdown articles: where the headline is, what the body is.
///
/// The headline, in order of preference: front matter `title:`; a `# heading` (or setext heading) on the
/// first line; the first line itself when it reads like a headline (see ``HeadlineRules``); otherwise
/// the body's first sentence serves. A short first line that sits directly on the body ("Tehran",
/// "WASHINGTON") is a dateline, kept apart, not a headline.
public enum PlainTextParser {
    public static func parse(_ text: String, markdown: Bool) throws(ParseError) -> ParsedArticle {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        var matter = FrontMatter()
        if let (found, rest) = FrontMatter.split(Array(lines)) {
            matter = found
            lines = rest
        }
        let isMarkdown = markdown || !matter.fields.isEmpty
        while let first = lines.first, isBlank(first) { lines.removeFirst() }
        guard !lines.isEmpty || matter.value("title", "headline") != nil else { throw .noText }

        var title = matter.value("title", "headline").map(collapseSpaces)
        var dateline: String?
        if title == nil, let first = lines.first {
            if let heading = MarkdownText.atxHeading(first) {
                title = collapseSpaces(heading)
                lines.removeFirst()
            } else if lines.count >= 2, MarkdownText.isSetextUnderline(lines[lines.startIndex + 1]),
                      !isBlank(first) {
                title = collapseSpaces(MarkdownText.inline(first))
                lines.removeFirst(2)
            } else {
                let next = lines.dropFirst().first
                if HeadlineRules.isDateline(first, nextLine: next) {
                    dateline = collapseSpaces(first)
                    lines.removeFirst()
                    while let line = lines.first, isBlank(line) { lines.removeFirst() }
                }
                if let line = lines.first, HeadlineRules.isHeadline(line, nextLine: lines.dropFirst().first) {
                    title = collapseSpaces(isMarkdown ? Substring(MarkdownText.inline(line)) : line)
                    lines.removeFirst()
                }
            }
        }

        let bodyLines = isMarkdown ? MarkdownText.plainLines(lines) : Array(lines)
        var paragraphs = Paragraphs.from(lines: bodyLines)
        if let title {
            paragraphs = HeadlineRules.droppingHeadlineEchoes(paragraphs, headline: title)
        }
        var body = paragraphs.joined(separator: "\n\n")
        let headline: String
        if let title, !title.isEmpty {
            headline = title
        } else if let first = SentenceSplitter.split(body).first {
            headline = HeadlineRules.headline(fromSentence: String(first))
        } else {
            throw .noText
        }
        if body.isEmpty { body = headline }

        var article = ParsedArticle(title: headline, body: body)
        article.dateline = dateline
        article.source = matter.value("source", "site", "site_name", "publisher").map(collapseSpaces)
        article.url = matter.value("url", "link", "canonical", "canonical_url")
        article.author = matter.value("author", "byline", "authors").map(collapseSpaces)
        article.published = matter.value("date", "published", "pubdate", "datepublished", "published_at").flatMap(DateParser.parse)
        article.language = matter.value("lang", "language")
        return article
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
    }
}

/// Collapses runs of white space into one space and trims both ends.
public func collapseSpaces<S: StringProtocol>(_ text: S) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for scalar in text.unicodeScalars {
        if scalar.properties.isWhitespace {
            pendingSpace = !out.isEmpty
        } else {
            if pendingSpace { out.unicodeScalars.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}
