import Foundation

/// Reads articles that scrapers and exporters write as JSON: one object, an array of objects, an
/// object wrapping them (`articles`, `items`, `data`, `results`, `posts`, `entries`), JSON Lines, or a
/// JSON Feed. Fields are found under the names tools commonly use.
enum JSONArticleParser {
    static let titleKeys = ["title", "headline", "name", "heading"]
    static let textKeys = ["text", "content", "body", "articleBody", "article_body", "content_text", "full_text",
                           "fulltext", "maintext", "main_text", "content_html", "html", "description", "summary"]
    static let urlKeys = ["url", "link", "canonical_url", "canonical", "permalink", "href", "uri"]
    static let dateKeys = ["published", "date", "datePublished", "date_published", "pubDate", "published_at",
                           "publishedAt", "publish_date", "created_at", "createdAt", "time", "timestamp", "updated"]
    static let sourceKeys = ["source", "site", "site_name", "siteName", "publisher", "source_name", "sourceName",
                             "outlet", "domain", "feed"]
    static let authorKeys = ["author", "authors", "byline", "creator", "writer"]
    static let wrapperKeys = ["articles", "items", "data", "results", "posts", "entries", "documents", "stories", "news"]

    /// A JSON document (object, array, JSON Feed), or, when the text is not one document but several
    /// lines, JSON Lines.
    static func parse(_ text: String) throws(ParseError) -> [ParsedArticle] {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let lines = text.split(separator: "\n").filter { !$0.trimmingSpaces().isEmpty }
            if lines.count > 1, lines.first?.trimmingSpaces().hasPrefix("{") == true {
                return try parseLines(text)
            }
            throw .malformed("not valid JSON: \(describe(error))")
        }
        if let object = value as? [String: Any], JSONFeedReader.isJSONFeed(object) {
            return try FeedArticles.articles(from: JSONFeedReader.feed(object))
        }
        let records = self.records(in: value)
        guard !records.isEmpty else {
            throw .malformed("JSON without article records: expected an object with title and text fields, or a list of them")
        }
        return try articles(from: records)
    }

    /// JSON Lines: one object per line; a line that is not JSON fails the file, naming the line.
    static func parseLines(_ text: String) throws(ParseError) -> [ParsedArticle] {
        var records: [[String: Any]] = []
        for (number, line) in text.lines().enumerated() {
            let trimmed = line.trimmingSpaces()
            guard !trimmed.isEmpty else { continue }
            let value: Any
            do {
                value = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [])
            } catch {
                throw .malformed("line \(number + 1) is not valid JSON: \(describe(error))")
            }
            guard let object = value as? [String: Any] else {
                throw .malformed("line \(number + 1) is not a JSON object")
            }
            records.append(object)
        }
        guard !records.isEmpty else { throw .empty }
        return try articles(from: records)
    }

    private static func articles(from records: [[String: Any]]) throws(ParseError) -> [ParsedArticle] {
        var articles: [ParsedArticle] = []
        var keysSeen: Set<String> = []
        for (index, record) in records.enumerated() {
            keysSeen.formUnion(record.keys)
            guard var article = article(from: record) else { continue }
            article.item = records.count > 1 ? index : nil
            articles.append(article)
        }
        guard !articles.isEmpty else {
            let keys = keysSeen.sorted().prefix(12).joined(separator: ", ")
            throw .malformed("JSON records without a title or text field (keys found: \(keys))")
        }
        return articles
    }

    /// The records of a document: the object itself, the objects of an array, or those under a wrapper key.
    private static func records(in value: Any) -> [[String: Any]] {
        if let array = value as? [Any] { return array.compactMap { $0 as? [String: Any] } }
        guard let object = value as? [String: Any] else { return [] }
        if first(object, titleKeys) != nil || first(object, textKeys) != nil { return [object] }
        for key in wrapperKeys {
            if let array = object[key] as? [Any] { return array.compactMap { $0 as? [String: Any] } }
        }
        return []
    }

    static func article(from record: [String: Any]) -> ParsedArticle? {
        let rawText = first(record, textKeys).flatMap { textValue($0) }
        var paragraphs: [String] = []
        if let rawText {
            paragraphs = looksLikeHTML(rawText)
                ? HTMLExtractor.fragmentText(rawText)
                : rawText.components(separatedBy: "\n").map(collapseSpaces).filter { !$0.isEmpty }
        }
        let body = paragraphs.joined(separator: "\n\n")
        let title = first(record, titleKeys).flatMap { textValue($0) }.map(FeedParser.htmlToText).flatMap { $0.isEmpty ? nil : $0 }
            ?? SentenceSplitter.split(body).first.map { HeadlineRules.headline(fromSentence: String($0)) }
        guard let title, !title.isEmpty else { return nil }
        var article = ParsedArticle(title: title, body: body.isEmpty ? title : body)
        article.url = first(record, urlKeys).flatMap { textValue($0) }
        article.source = first(record, sourceKeys).flatMap { name($0) }
        article.author = first(record, authorKeys).flatMap { name($0) }
        article.published = first(record, dateKeys).flatMap { date($0) }
        article.language = (record["language"] ?? record["lang"] ?? record["inLanguage"]).flatMap { textValue($0) }
        article.guid = (record["id"] ?? record["guid"] ?? record["_id"]).flatMap { textValue($0) }
        return article
    }

    private static func first(_ record: [String: Any], _ keys: [String]) -> Any? {
        for key in keys {
            if let value = record[key], !(value is NSNull) { return value }
        }
        // Keys written in another case (`Title`, `BODY`).
        let lowered = Dictionary(record.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        for key in keys {
            if let value = lowered[key.lowercased()], !(value is NSNull) { return value }
        }
        return nil
    }

    private static func textValue(_ value: Any) -> String? {
        if let text = value as? String {
            let trimmed = text.trimmingWhitespace()
            return trimmed.isEmpty ? nil : trimmed
        }
        if let number = value as? NSNumber { return number.stringValue }
        if let list = value as? [Any] {
            let joined = list.compactMap { $0 as? String }.joined(separator: "\n")
            return joined.isEmpty ? nil : joined
        }
        return nil
    }

    /// A name from a string, `{"name": …}`, or a list of either.
    private static func name(_ value: Any) -> String? {
        if let text = textValue(value), !(value is [Any]) { return collapseSpaces(text) }
        if let object = value as? [String: Any] { return (object["name"] ?? object["title"]).flatMap { textValue($0) } }
        if let list = value as? [Any] {
            let names = list.compactMap { name($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }

    /// A date as text, or as seconds (or milliseconds) since 1970.
    private static func date(_ value: Any) -> Date? {
        if let text = value as? String { return DateParser.parse(text) }
        if let number = value as? NSNumber {
            let seconds = number.doubleValue > 1e11 ? number.doubleValue / 1000 : number.doubleValue
            return seconds > 0 ? Date(timeIntervalSince1970: seconds) : nil
        }
        return nil
    }

    private static func looksLikeHTML(_ text: String) -> Bool {
        guard let open = text.firstIndex(of: "<") else { return false }
        let tail = text[open...].prefix(12).lowercased()
        return ["<p", "<div", "<br", "<span", "<a ", "<h1", "<h2", "<h3", "<ul", "<li", "<em", "<strong", "<b>", "<i>", "<blockquote"]
            .contains { tail.hasPrefix($0) }
    }

    private static func describe(_ error: any Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? "syntax error"
    }
}
