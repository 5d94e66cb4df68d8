import Foundation

/// A page's headline, outlet, author, date, address and language, from the places publishers put them:
/// JSON-LD first, then Open Graph and the other `<meta>` conventions, then the markup itself.
struct PageMetadata {
    var title: String?
    var siteName: String?
    var author: String?
    var published: Date?
    var canonicalURL: String?
    var language: String?

    init(tree: PageTree, jsonLD: JSONLD, firstHeading: String?) {
        let head = tree.head
        func meta(_ keys: String...) -> String? {
            for key in keys {
                if let value = head.metas.first(where: { $0.key == key })?.value {
                    let trimmed = collapseSpaces(value)
                    if !trimmed.isEmpty { return trimmed }
                }
            }
            return nil
        }
        siteName = jsonLD.publisher ?? meta("og:site_name", "application-name", "al:ios:app_name", "twitter:app:name:iphone")
        let documentTitle = head.title.map(collapseSpaces).map { Self.withoutSiteSuffix($0, siteName: siteName) }
        title = [jsonLD.headline, meta("og:title", "twitter:title", "headline", "sailthru.title", "parsely-title"),
                 firstHeading, documentTitle]
            .compactMap { $0.map(collapseSpaces) }
            .first { !$0.isEmpty }
            .map { Self.withoutSiteSuffix($0, siteName: siteName) }
        author = jsonLD.authors.first.map(collapseSpaces)
            ?? meta("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator")
                .flatMap { $0.lowercased().hasPrefix("http") ? nil : Self.withoutBy($0) }
        let dates = [jsonLD.published, meta("article:published_time", "og:published_time", "datepublished", "pubdate",
                                            "publishdate", "publish-date", "date", "dc.date", "dcterms.date",
                                            "sailthru.date", "parsely-pub-date", "article.published", "dc.date.issued")]
            .compactMap { $0 } + head.times
        published = dates.lazy.compactMap(DateParser.parse).first
        canonicalURL = head.links.first(where: { $0.rel.split(separator: " ").contains("canonical") })?.href
            ?? meta("og:url") ?? jsonLD.url
        let locale = meta("og:locale").map { $0.replacingOccurrences(of: "_", with: "-") }
        language = [head.language, jsonLD.language, meta("content-language", "language", "dc.language"), locale]
            .compactMap { $0?.trimmingSpaces() }.first { !$0.isEmpty }
    }

    /// "Storm hits coast | The Coastal Times" → "Storm hits coast". The part that is the site name (or,
    /// failing a name, the shorter side of a separator) goes.
    static func withoutSiteSuffix(_ title: String, siteName: String?) -> String {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " » "] {
            let parts = title.components(separatedBy: separator)
            guard parts.count >= 2 else { continue }
            if let siteName, let last = parts.last, BlockRenderer.key(last) == BlockRenderer.key(siteName) || BlockRenderer.key(siteName).contains(BlockRenderer.key(last)) {
                return parts.dropLast().joined(separator: separator)
            }
            if let siteName, let first = parts.first, BlockRenderer.key(first) == BlockRenderer.key(siteName) {
                return parts.dropFirst().joined(separator: separator)
            }
            if let last = parts.last, last.split(separator: " ").count <= 4, parts.dropLast().joined().count > last.count {
                return parts.dropLast().joined(separator: separator)
            }
        }
        return title
    }

    static func withoutBy(_ author: String) -> String {
        let trimmed = collapseSpaces(author)
        return trimmed.lowercased().hasPrefix("by ") ? String(trimmed.dropFirst(3)) : trimmed
    }
}
