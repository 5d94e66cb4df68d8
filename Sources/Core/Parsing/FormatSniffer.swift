/// Decides what kind of file a dropped file is, from its name and its first bytes.
///
/// The extension is a hint, not the truth: browsers save pages as `.txt`, scrapers write JSON without
/// an extension, and feed readers export `.xml`. The content decides when the two disagree.
public enum FormatSniffer {
    public enum Format: String, Sendable, Equatable {
        case text, markdown, html, feed, json, jsonLines
    }

    public static func sniff(_ bytes: [UInt8], fileName: String) -> Format {
        let ext = fileExtension(fileName)
        let head = leadingText(bytes)
        if head.hasPrefix("{") || head.hasPrefix("[") {
            if ext == "jsonl" || ext == "ndjson" { return .jsonLines }
            if ext == "json" || looksLikeJSON(head) { return looksLikeJSONLines(bytes) ? .jsonLines : .json }
        }
        if head.hasPrefix("<") {
            let lower = head.prefix(2048).lowercased()
            if lower.contains("<rss") || lower.contains("<feed") || lower.contains("<rdf:rdf") { return .feed }
            if lower.contains("<html") || lower.contains("<!doctype html") || lower.contains("<head") || lower.contains("<body")
                || lower.contains("<article") || lower.contains("<div") || lower.contains("<p") {
                return .html
            }
            if lower.hasPrefix("<?xml") { return .feed }
        }
        switch ext {
        case "md", "markdown", "mdown", "mkd": return .markdown
        case "html", "htm", "xhtml": return .html
        case "rss", "atom", "xml", "rdf": return .feed
        case "json": return .json
        case "jsonl", "ndjson": return .jsonLines
        default: return .text
        }
    }

    static func fileExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// The first kilobytes as text, after a byte-order mark and leading white space.
    static func leadingText(_ bytes: [UInt8]) -> String {
        var slice = bytes.prefix(4096)[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        while let b = slice.first, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { slice = slice.dropFirst() }
        return String(decoding: slice, as: UTF8.self)
    }

    private static func looksLikeJSON(_ head: String) -> Bool {
        let afterBrace = head.dropFirst().drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        guard let c = afterBrace.first else { return false }
        return c == "\"" || c == "{" || c == "[" || c == "}" || c == "]"
    }

    /// Two or more lines that each start with `{`: JSON Lines, even when named `.json`.
    private static func looksLikeJSONLines(_ bytes: [UInt8]) -> Bool {
        var objectLines = 0
        var atLineStart = true
        for b in bytes.prefix(1 << 16) {
            if atLineStart, b == 0x7B { objectLines += 1 }
            if b == 0x0A { atLineStart = true } else if b != 0x20 && b != 0x09 && b != 0x0D { atLineStart = false }
            if objectLines >= 2 { return true }
        }
        return false
    }
}
