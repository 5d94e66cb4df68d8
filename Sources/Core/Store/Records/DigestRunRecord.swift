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
    /// The oldest ``ArticleAnalyzer/version`` among the day's articles when the digest was written: the
    /// findings it shows are at least that new (nil: written before newsd kept this).
    public var analyzer: Int?

    public init(day: String, writtenAt: Date, articleCount: Int, path: String, analyzer: Int? = nil) {
        self.day = day
        self.writtenAt = writtenAt
        self.articleCount = articleCount
        self.path = path
        self.analyzer = analyzer
    }

    enum CodingKeys: String, CodingKey {
        case day, path, analyzer
        case writtenAt = "written_at", articleCount = "article_count"
    }
}
