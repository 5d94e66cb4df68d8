import CLibXML2
import Foundation

/// Reads RSS 0.9x, 1.0 (RDF) and 2.0 and Atom feeds with libxml2, safely (see ``MarkupDocument``).
///
/// Namespaces are matched by URI, not prefix, so `content:encoded` is found whatever the file calls
/// its prefix. Dates in RFC 822 and ISO 8601 keep their zones. Relative links resolve against
/// `xml:base`, then the feed's own link. A file cut off mid-feed keeps its complete items; its last
/// item, possibly cut short, is dropped.
enum FeedParser {
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    static let atomNamespace = "http://www.w3.org/2005/Atom"

    static func parse(_ bytes: [UInt8]) throws(ParseError) -> Feed {
        // Some feeds put white space before the XML declaration, which XML forbids: drop it.
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, bytes[start] == 0x20 || bytes[start] == 0x0A || bytes[start] == 0x0D || bytes[start] == 0x09 {
            start += 1
        }
        let body = Array(bytes[start...])
        guard !body.isEmpty else { throw .empty }
        let (parsed, wellFormed) = MarkupDocument.xml(body, encoding: CharsetSniffer.xmlEncoding(body))
        guard let document = parsed, let root = document.root else {
            throw .malformed("the feed is not readable XML")
        }
        var feed: Feed
        switch root.name.lowercased() {
        case "rss":
            guard let channel = root.childElements.first(where: { $0.name == "channel" }) else {
                throw .malformed("the RSS feed has no <channel>")
            }
            feed = rss(channel: channel, itemsIn: channel)
        case "rdf":
            guard let channel = root.childElements.first(where: { $0.name == "channel" }) ?? Optional(root) else {
                throw .malformed("the RSS 1.0 feed has no channel")
            }
            feed = rss(channel: channel, itemsIn: root)
        case "feed":
            feed = atom(root)
        case "html", "head", "body":
            throw .malformed("expected a feed, found an HTML page")
        default:
            throw .unsupported("an XML document whose root is <\(root.name)>, not a feed")
        }
        if !wellFormed {
            feed.truncated = Self.looksTruncated(body, rootName: root.name)
            if feed.truncated, !feed.items.isEmpty { feed.items.removeLast() }
            if feed.items.isEmpty {
                throw .malformed(feed.truncated ? "the feed is cut off before its first complete item"
                                                : "the feed is not well-formed XML and no item could be read")
            }
        }
        return feed
    }

    /// Whether the file ends without closing its root element: a download or copy cut short.
    static func looksTruncated(_ bytes: [UInt8], rootName: String) -> Bool {
        let tail = String(decoding: bytes.suffix(256), as: UTF8.self).lowercased()
        return !tail.contains("</" + rootName.lowercased()) && !tail.contains(":" + rootName.lowercased() + ">")
    }

    // MARK: RSS

    private static func rss(channel: MarkupNode, itemsIn container: MarkupNode) -> Feed {
        var feed = Feed()
        feed.title = text(channel, "title")
        feed.link = text(channel, "link")
        feed.language = text(channel, "language") ?? text(channel, "language", namespace: dublinCore)
        let base = feed.link
        for item in container.childElements where item.name == "item" {
            var entry = FeedItem()
            entry.title = text(item, "title").map(htmlToText)
            let guid = item.childElements.first { $0.name == "guid" }
            entry.guid = guid.map { collapseSpaces($0.textContent) }.flatMap { $0.isEmpty ? nil : $0 }
            var link = text(item, "link")
            if link == nil, let guid, guid.attribute("isPermaLink")?.lowercased() != "false",
               let value = entry.guid, value.hasPrefix("http") {
                link = value
            }
            entry.link = link.map { resolve($0, against: xmlBase(of: item) ?? base) }
            entry.published = [text(item, "pubDate"), text(item, "date", namespace: dublinCore), text(item, "published")]
                .compactMap { $0 }.lazy.compactMap(DateParser.parse).first
            entry.author = text(item, "creator", namespace: dublinCore) ?? text(item, "author")
            entry.content = text(item, "encoded", namespace: contentNamespace) ?? text(item, "description")
            feed.items.append(entry)
        }
        return feed
    }

    // MARK: Atom

    private static func atom(_ root: MarkupNode) -> Feed {
        var feed = Feed()
        feed.title = atomText(root.childElements.first { $0.name == "title" })
        let feedLink = alternateLink(root)
        let rootBase = xmlBase(of: root)
        feed.link = feedLink.map { resolve($0, against: rootBase) }
        feed.language = root.attribute("lang")
        for entry in root.childElements where entry.name == "entry" {
            var item = FeedItem()
            item.title = atomText(entry.childElements.first { $0.name == "title" })
            item.guid = text(entry, "id")
            item.link = alternateLink(entry).map { resolve($0, against: xmlBase(of: entry) ?? feed.link) }
            item.published = [text(entry, "published"), text(entry, "updated"), text(entry, "issued"), text(entry, "modified")]
                .compactMap { $0 }.lazy.compactMap(DateParser.parse).first
            item.author = entry.childElements.first { $0.name == "author" }.flatMap { text($0, "name") }
            let content = entry.childElements.first { $0.name == "content" }
            let summary = entry.childElements.first { $0.name == "summary" }
            if let chosen = content.flatMap({ atomMarkup($0) }) ?? summary.flatMap({ atomMarkup($0) }) {
                item.content = chosen.text
                item.contentIsHTML = chosen.isHTML
            }
            feed.items.append(item)
        }
        return feed
    }

    /// The `href` of the `rel="alternate"` link (or of a link without `rel`).
    private static func alternateLink(_ node: MarkupNode) -> String? {
        let links = node.childElements.filter { $0.name == "link" }
        let alternate = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
        return alternate?.attribute("href").map(collapseSpaces).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// An Atom text construct as plain text.
    private static func atomText(_ node: MarkupNode?) -> String? {
        guard let node, let markup = atomMarkup(node) else { return nil }
        let text = markup.isHTML ? htmlToText(markup.text) : collapseSpaces(markup.text)
        return text.isEmpty ? nil : text
    }

    /// An Atom content or text construct: its markup (HTML or serialised XHTML) or its text.
    private static func atomMarkup(_ node: MarkupNode) -> (text: String, isHTML: Bool)? {
        let type = node.attribute("type")?.lowercased() ?? "text"
        if type == "xhtml" {
            let inner = node.childElements.first.map(serialise) ?? ""
            return inner.isEmpty ? nil : (inner, true)
        }
        let value = node.textContent
        guard !value.trimmingWhitespace().isEmpty else { return nil }
        return (value, type == "html" || type.hasSuffix("/html"))
    }

    // MARK: Pieces

    /// The vocabularies of RSS elements: none (0.9x, 2.0), RSS 1.0's and RSS 0.90's RDF namespaces.
    static let rssVocabulary: Set<String?> = [nil, "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"]
    static let atomVocabulary: Set<String?> = [atomNamespace]

    /// The trimmed text of the first child element called `name` in `namespace`, or, without one, in
    /// the feed's own vocabulary (so an `atom:link` inside an RSS item is not taken for its `<link>`).
    static func text(_ node: MarkupNode, _ name: String, namespace: String? = nil) -> String? {
        let own = node.namespace == atomNamespace ? atomVocabulary : rssVocabulary
        let child = node.childElements.first { element in
            guard element.name == name else { return false }
            guard let namespace else { return own.contains(element.namespace) }
            return element.namespace == namespace
        }
        guard let child else { return nil }
        let value = child.textContent.trimmingWhitespace()
        return value.isEmpty ? nil : value
    }

    /// The nearest `xml:base` on the node or its ancestors.
    private static func xmlBase(of node: MarkupNode) -> String? {
        var current: MarkupNode? = node
        while let element = current {
            if let base = element.attribute("base") { return base }
            current = element.parent
        }
        return nil
    }

    static func resolve(_ link: String, against base: String?) -> String {
        let trimmed = link.trimmingWhitespace()
        guard let base, !trimmed.lowercased().hasPrefix("http://"), !trimmed.lowercased().hasPrefix("https://"),
              let baseURL = URL(string: base), let url = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return url.absoluteString
    }

    /// Text that may hold HTML (a title with `&lt;b&gt;`): its text, markup gone.
    static func htmlToText(_ value: String) -> String {
        guard value.contains("<") || value.contains("&") else { return collapseSpaces(value) }
        return HTMLExtractor.fragmentText(value).joined(separator: " ")
    }

    /// An element and its subtree as XML text (for Atom `type="xhtml"` content).
    private static func serialise(_ node: MarkupNode) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, node.raw.pointee.doc, node.raw, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}
