import Foundation

/// Reads plain-text and Markdown articles: where the headline is, what the body is.
///
/// The headline, in order of preference: front matter `title:`; a `# heading` (or setext heading) on the
/// first line; the first line itself when it reads like a headline (see ``HeadlineRules``); otherwise
/// the body's first sentence serves. A short first line that sits directly on the body ("Tehran",
/// "WASHINGTON") is a dateline, kept apart, not a headline.
public enum PlainTextParser {
    public static func parse(_ text: String, markdown: Bool) throws(ParseError) -> ParsedArticle {
        var lines = text.lines()[...]
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
        // A byline among the first paragraphs is the author, not body text.
        var byline: String?
        if let index = paragraphs.prefix(3).firstIndex(where: { Byline.author(in: $0) != nil }) {
            byline = Byline.author(in: paragraphs[index])
            paragraphs.remove(at: index)
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
        article.author = matter.value("author", "byline", "authors").map(collapseSpaces) ?? byline
        article.published = matter.value("date", "published", "pubdate", "datepublished", "published_at").flatMap(DateParser.parse)
        article.language = matter.value("lang", "language")
        return article
    }

    static func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
    }
}

/// Collapses runs of white space into one space and trims both ends.
///
/// Works on UTF-8 bytes: ASCII white space, and the multi-byte spaces news text carries (no-break
/// space U+00A0, the U+2000–U+200A spaces, U+202F, U+205F, U+3000), without Unicode property lookups.
public func collapseSpaces<S: StringProtocol>(_ text: S) -> String {
    // Over the text's own storage when it has one (a String or Substring always does): copying the
    // bytes out through the UTF-8 view's iterator cost more than the collapsing.
    text.utf8.withContiguousStorageIfAvailable { collapseSpaces(bytes: $0) }
        ?? Array(text.utf8).withUnsafeBufferPointer { collapseSpaces(bytes: $0) }
}

/// ``collapseSpaces(_:)`` of UTF-8 bytes, written straight into the new string's storage (the result is
/// never longer than the input).
func collapseSpaces(bytes utf8: UnsafeBufferPointer<UInt8>) -> String {
    guard let source = utf8.baseAddress, !utf8.isEmpty else { return "" }
    return String(unsafeUninitializedCapacity: utf8.count) { out in
        guard let target = out.baseAddress else { return 0 }
        var written = 0
        var pendingSpace = false
        var i = 0
        let n = utf8.count
        while i < n {
            // Eight bytes at a time up to the first that is neither printable ASCII nor a single space
            // between two such bytes (a run of spaces, a control byte, a multi-byte character): most
            // of a text is words between single spaces, which stay as they are, and the byte loop
            // below spent several comparisons on each byte. The eight are stored and only the run
            // counted; the output never runs ahead of the input (a pending space stands for at least
            // one byte read), so the store stays inside the buffer.
            if i + 8 <= n {
                let run = ByteScan.plainTextPrefix(source + i)
                if run > 0 {
                    if pendingSpace {
                        target[written] = 0x20
                        written += 1
                        pendingSpace = false
                    }
                    UnsafeMutableRawPointer(target + written).copyMemory(from: source + i, byteCount: 8)
                    written += run
                    i += run
                    continue
                }
            }
            let byte = utf8[i]
            var width = 0
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                width = 1
            } else if byte < 0x80 {
                width = 0
            } else if byte == 0xC2, i + 1 < n, utf8[i + 1] == 0xA0 || utf8[i + 1] == 0x85 {
                width = 2
            } else if byte == 0xE2, i + 2 < n, utf8[i + 1] == 0x80, (0x80...0x8A).contains(utf8[i + 2]) || utf8[i + 2] == 0xAF || utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 {
                width = 3
            } else if byte == 0xE2, i + 2 < n, utf8[i + 1] == 0x81, utf8[i + 2] == 0x9F {
                width = 3
            } else if byte == 0xE3, i + 2 < n, utf8[i + 1] == 0x80, utf8[i + 2] == 0x80 {
                width = 3
            }
            if width > 0 {
                pendingSpace = written > 0
                i += width
            } else {
                if pendingSpace {
                    out[written] = 0x20
                    written += 1
                }
                pendingSpace = false
                out[written] = byte
                written += 1
                i += 1
            }
        }
        return written
    }
}
