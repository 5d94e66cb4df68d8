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
            // A document or JSON Lines: the JSON parser tells them apart by parsing.
            if ext == "json" || looksLikeJSON(head) { return .json }
        }
        if head.hasPrefix("<") {
            let lower = Array(head.utf8.prefix(2048)).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            if contains(lower, "<rss") || contains(lower, "<feed") || contains(lower, "<rdf:rdf") { return .feed }
            if ["<html", "<!doctype html", "<head", "<body", "<article", "<div", "<p"].contains(where: { contains(lower, $0) }) {
                return .html
            }
            if contains(lower, "<?xml") { return .feed }
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

    /// Whether `bytes` contain `needle` (ASCII).
    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == first {
            if bytes[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }

    static func isFeedExtension(_ name: String) -> Bool {
        ["rss", "atom", "rdf"].contains(fileExtension(name))
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
}
