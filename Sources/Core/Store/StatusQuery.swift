import Foundation
import GRDB

/// The counts and recent failures `newsd status` shows.
public struct StoreStatus: Sendable, Equatable {
    public var articles: Int
    public var duplicates: Int
    public var stories: Int
    public var filesStored: Int
    public var filesDuplicate: Int
    public var filesFailed: Int
    /// Files claimed or awaiting their move: non-zero only while the daemon works or after a crash.
    public var filesInFlight: Int
    public var recentFailures: [FailedFile]
    public var lastDigest: DigestRunRecord?
    public var lastIngest: Date?
    /// Articles whose findings an older analyser made (see ``ArticleAnalyzer/version``).
    public var analyzedBefore: Int = 0
}

extension NewsStore {
    public func status(recentFailures limit: Int = 10) throws(StoreError) -> StoreStatus {
        try read { db in
            let counts = try Row.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM article) AS articles,
                       (SELECT COUNT(*) FROM article WHERE duplicate_of IS NOT NULL) AS duplicates,
                       (SELECT COUNT(*) FROM story) AS stories,
                       (SELECT COUNT(*) FROM file WHERE outcome = 'stored') AS stored,
                       (SELECT COUNT(*) FROM file WHERE outcome = 'duplicate') AS duplicate,
                       (SELECT COUNT(*) FROM file WHERE outcome = 'failed') AS failed,
                       (SELECT COUNT(*) FROM file WHERE state <> 'done') AS inflight,
                       (SELECT MAX(ingested_at) FROM article) AS last_ingest,
                       (SELECT COUNT(*) FROM article WHERE \(Self.analyzedBefore)) AS stale
                """, arguments: [ArticleAnalyzer.version])
            let failures = try Row.fetchAll(db, sql: """
                SELECT \(FailedFile.columns) FROM file WHERE outcome = 'failed' ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map(FailedFile.init)
            let last = try DigestRunRecord.order(sql: "day DESC").fetchOne(db)
            return StoreStatus(
                articles: counts?["articles"] ?? 0, duplicates: counts?["duplicates"] ?? 0, stories: counts?["stories"] ?? 0,
                filesStored: counts?["stored"] ?? 0, filesDuplicate: counts?["duplicate"] ?? 0,
                filesFailed: counts?["failed"] ?? 0, filesInFlight: counts?["inflight"] ?? 0,
                recentFailures: failures, lastDigest: last, lastIngest: counts?["last_ingest"],
                analyzedBefore: counts?["stale"] ?? 0)
        }
    }
}
