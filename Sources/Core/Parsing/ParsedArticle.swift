import Foundation

/// One article as a parser read it from a file, before analysis: what newsd will store.
///
/// A file yields one article (a text, Markdown or HTML page) or several (a feed, a JSON array,
/// JSON Lines); `item` is the article's index within such a file.
public struct ParsedArticle: Sendable, Equatable {
    /// The headline. Never empty: when a file has none, the first sentence serves.
    public var title: String
    /// The article text, paragraphs separated by a blank line.
    public var body: String
    /// The outlet, from the article's own metadata (site name, feed title, a JSON field, a dateline).
    public var source: String?
    public var url: String?
    public var author: String?
    public var published: Date?
    /// BCP 47 language tag when the file declares one.
    public var language: String?
    /// The place line that opens a wire report ("TEHRAN"), kept apart from the headline.
    public var dateline: String?
    /// Index of the article within a multi-article file; nil for a single-article file.
    public var item: Int?
    /// A feed item's guid, or the identifier a JSON record carried.
    public var guid: String?

    public init(title: String, body: String, source: String? = nil, url: String? = nil, author: String? = nil,
                published: Date? = nil, language: String? = nil, dateline: String? = nil, item: Int? = nil,
                guid: String? = nil) {
        self.title = title
        self.body = body
        self.source = source
        self.url = url
        self.author = author
        self.published = published
        self.language = language
        self.dateline = dateline
        self.item = item
        self.guid = guid
    }
}
