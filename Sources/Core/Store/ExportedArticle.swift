import Foundation
import GRDB

/// One stored article as `newsd export` prints it: a JSON object per line.
public struct ExportedArticle: Sendable, Equatable, Encodable {
    public var id: Int64
    public var origin: String
    public var item: Int?
    public var title: String
    public var text: String
    public var source: String?
    public var url: String?
    public var author: String?
    public var published: Date?
    public var language: String?
    public var ingestedAt: Date
    public var story: Int64
    public var duplicateOf: Int64?
    public var entities: [Entity] = []
    public var quotes: [Quote] = []
    public var figures: [Figure] = []

    enum CodingKeys: String, CodingKey {
        case id, origin, item, title, text, source, url, author, published, language, story, entities, quotes, figures
        case ingestedAt = "ingested_at", duplicateOf = "duplicate_of"
    }

    /// Absent values are written as `null`, so every line has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(origin, forKey: .origin)
        try c.encode(item, forKey: .item)
        try c.encode(title, forKey: .title)
        try c.encode(text, forKey: .text)
        try c.encode(source, forKey: .source)
        try c.encode(url, forKey: .url)
        try c.encode(author, forKey: .author)
        try c.encode(published.map(ISO8601.string), forKey: .published)
        try c.encode(language, forKey: .language)
        try c.encode(ISO8601.string(ingestedAt), forKey: .ingestedAt)
        try c.encode(story, forKey: .story)
        try c.encode(duplicateOf, forKey: .duplicateOf)
        try c.encode(entities, forKey: .entities)
        try c.encode(quotes, forKey: .quotes)
        try c.encode(figures, forKey: .figures)
    }
}

extension NewsStore {
    /// Up to `limit` articles with ids above `afterID`, in id order: page through the whole store with
    /// bounded memory by passing the last id of each page.
    public func exportPage(after afterID: Int64, limit: Int) throws(StoreError) -> [ExportedArticle] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, f.origin, a.item, a.title, COALESCE(a.body, o.body, '') AS text, a.source, a.url,
                       a.author, a.published, a.language, a.ingested_at, a.story_id, a.duplicate_of,
                       COALESCE(a.entities, o.entities) AS entities, COALESCE(a.quotes, o.quotes) AS quotes,
                       COALESCE(a.figures, o.figures) AS figures
                FROM article a
                JOIN file f ON f.id = a.file_id
                LEFT JOIN article o ON o.id = a.duplicate_of
                WHERE a.id > ?
                ORDER BY a.id
                LIMIT ?
                """, arguments: [afterID, limit])
            return rows.map { row in
                ExportedArticle(id: row["id"], origin: row["origin"], item: row["item"], title: row["title"], text: row["text"],
                                source: row["source"], url: row["url"], author: row["author"], published: row["published"],
                                language: row["language"], ingestedAt: row["ingested_at"], story: row["story_id"],
                                duplicateOf: row["duplicate_of"],
                                entities: AnalysisJSON.decode(row["entities"], as: Entity.self),
                                quotes: AnalysisJSON.decode(row["quotes"], as: Quote.self),
                                figures: AnalysisJSON.decode(row["figures"], as: Figure.self))
            }
        }
    }
}

/// ISO 8601 in UTC with seconds, the form every export and JSON digest uses.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
