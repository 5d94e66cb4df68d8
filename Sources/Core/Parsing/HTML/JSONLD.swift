import Foundation

/// The article a page describes in its JSON-LD (`<script type="application/ld+json">`), the most
/// reliable metadata a page carries: publishers write it for search engines.
struct JSONLD {
    var headline: String?
    var body: String?
    var authors: [String] = []
    var published: String?
    var publisher: String?
    var url: String?
    var language: String?

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle", "liveblogposting", "webpage",
        "posting", "socialmediaposting", "report",
    ]

    /// Reads every block and keeps the article-like object with the most to say.
    init(blocks: [String]) {
        var best: [String: Any]?
        var bestRank = -1
        for block in blocks {
            guard let value = Self.parse(block) else { continue }
            var stack: [Any] = [value]
            var visited = 0
            while let item = stack.popLast(), visited < 10_000 {
                visited += 1
                if let array = item as? [Any] {
                    stack += array
                } else if let object = item as? [String: Any] {
                    let types = Self.types(object)
                    if types.contains(where: Self.articleTypes.contains) {
                        // NewsArticle beats WebPage; a body beats none.
                        let rank = (types.contains("webpage") ? 0 : 2) + (object["articleBody"] is String ? 4 : 0)
                            + (object["headline"] != nil ? 1 : 0)
                        if rank > bestRank { best = object; bestRank = rank }
                    }
                    if let graph = object["@graph"] { stack.append(graph) }
                    if let main = object["mainEntity"] { stack.append(main) }
                }
            }
        }
        guard let article = best else { return }
        headline = Self.string(article["headline"]) ?? Self.string(article["name"])
        body = Self.string(article["articleBody"]) ?? Self.string(article["text"])
        authors = Self.names(article["author"]) + Self.names(article["creator"])
        published = Self.string(article["datePublished"]) ?? Self.string(article["dateCreated"])
        publisher = Self.names(article["publisher"]).first ?? Self.names(article["sourceOrganization"]).first
        url = Self.string(article["url"]) ?? Self.string((article["mainEntityOfPage"] as? [String: Any])?["@id"])
            ?? Self.string(article["mainEntityOfPage"])
        language = Self.string(article["inLanguage"])
    }

    /// JSON as sites really write it: tolerates raw line breaks and tabs inside strings.
    static func parse(_ text: String) -> Any? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        if let value = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]) {
            return value
        }
        let cleaned = String(String.UnicodeScalarView(trimmed.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
        return try? JSONSerialization.jsonObject(with: Data(cleaned.utf8), options: [.fragmentsAllowed])
    }

    static func types(_ object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type.lowercased()] }
        if let types = object["@type"] as? [Any] { return types.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    static func string(_ value: Any?) -> String? {
        if let text = value as? String {
            let trimmed = text.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
        if let array = value as? [Any] { return array.lazy.compactMap { string($0) }.first }
        return nil
    }

    /// Names from a string, a `{"name": …}` object, or a list of either.
    static func names(_ value: Any?) -> [String] {
        if let text = string(value), !(value is [Any]) { return [text] }
        if let object = value as? [String: Any] { return string(object["name"]).map { [$0] } ?? [] }
        if let array = value as? [Any] { return array.flatMap { names($0) } }
        return []
    }
}
