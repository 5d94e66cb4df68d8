import Foundation
import GRDB

/// A stored article. An exact duplicate keeps its own row (so it shows in exports and digests as a
/// copy) but not its text: `body` is NULL and `duplicateOf` points at the article that has it.
public struct ArticleRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "article"

    public var id: Int64?
    public var fileID: Int64
    public var item: Int?
    public var title: String
    public var body: String?
    public var source: String?
    public var url: String?
    public var author: String?
    public var published: Date?
    public var language: String?
    public var dateline: String?
    public var guid: String?
    public var ingestedAt: Date
    public var storyID: Int64
    public var duplicateOf: Int64?
    /// Hash of the normalised body (see ``Fingerprint``).
    public var bodyHash: Int64?
    /// For a near copy, how close it is to its original (estimated shingle Jaccard).
    public var similarity: Double?
    /// What the analysers found, as JSON arrays of ``Entity``, ``Quote`` and ``Figure``.
    public var entities: String?
    public var quotes: String?
    public var figures: String?

    enum CodingKeys: String, CodingKey {
        case id, item, title, body, source, url, author, published, language, dateline, guid, similarity, entities, quotes, figures
        case fileID = "file_id", ingestedAt = "ingested_at", storyID = "story_id", duplicateOf = "duplicate_of"
        case bodyHash = "body_hash"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
