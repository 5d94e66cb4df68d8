import Foundation
import GRDB

/// A digest that was written: which day, when, and where.
public struct DigestRunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "digest_run"

    /// `YYYY-MM-DD` in the configured zone.
    public var day: String
    public var writtenAt: Date
    public var articleCount: Int
    public var path: String

    enum CodingKeys: String, CodingKey {
        case day, path
        case writtenAt = "written_at", articleCount = "article_count"
    }
}
