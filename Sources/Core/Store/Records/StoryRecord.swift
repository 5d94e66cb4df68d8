import Foundation
import GRDB

/// A story: the articles, from one or many outlets, that report one event.
public struct StoryRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "story"

    public var id: Int64?
    public var headline: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var articleCount: Int

    enum CodingKeys: String, CodingKey {
        case id, headline
        case firstSeen = "first_seen", lastSeen = "last_seen", articleCount = "article_count"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
