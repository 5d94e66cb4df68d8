import Foundation
import GRDB

/// An article as the digest needs it: with its story and its text.
public struct DayArticle: Sendable, Equatable {
    public var id: Int64
    public var storyID: Int64
    public var storyHeadline: String
    public var storyFirstSeen: Date
    public var title: String
    public var text: String
    public var source: String?
    public var url: String?
    public var origin: String
    public var published: Date?
    public var ingestedAt: Date
    public var duplicateOf: Int64?
}

/// What the analysers found in one article (a copy's are its original's).
public struct ArticleFindings: Sendable, Equatable {
    public var entities: [Entity] = []
    public var quotes: [Quote] = []
    public var figures: [Figure] = []
}

extension NewsStore {
    /// Articles ingested in `[start, end)`, duplicates included (a digest counts them as copies).
    public func articles(ingestedFrom start: Date, to end: Date) throws(StoreError) -> [DayArticle] {
        try dayArticles(where: "a.ingested_at >= ? AND a.ingested_at < ?", arguments: [start, end])
    }

    /// Every article of a story, duplicates included, in arrival order (`newsd show`).
    public func articles(inStory story: Int64) throws(StoreError) -> [DayArticle] {
        try dayArticles(where: "a.story_id = ?", arguments: [story])
    }

    private func dayArticles(where condition: String, arguments: StatementArguments) throws(StoreError) -> [DayArticle] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, a.story_id, s.headline, s.first_seen, a.title, COALESCE(a.body, o.body, '') AS text,
                       a.source, a.url, f.origin, a.published, a.ingested_at, a.duplicate_of
                FROM article a
                JOIN story s ON s.id = a.story_id
                JOIN file f ON f.id = a.file_id
                LEFT JOIN article o ON o.id = a.duplicate_of
                WHERE \(condition)
                ORDER BY a.id
                """, arguments: arguments).map { row in
                DayArticle(id: row["id"], storyID: row["story_id"], storyHeadline: row["headline"],
                           storyFirstSeen: row["first_seen"], title: row["title"], text: row["text"], source: row["source"],
                           url: row["url"], origin: row["origin"], published: row["published"],
                           ingestedAt: row["ingested_at"], duplicateOf: row["duplicate_of"])
            }
        }
    }

    /// The analysers' findings for some articles. Separate from the day's listing because only the
    /// stories a digest shows in full need them, and decoding them is most of the cost of a big day.
    public func findings(ofArticles ids: [Int64]) throws(StoreError) -> [Int64: ArticleFindings] {
        try read { db in
            var found: [Int64: ArticleFindings] = [:]
            // SQLite caps the parameters of one statement; 500 at a time stays well under it.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(ids.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT a.id, COALESCE(a.entities, o.entities) AS entities, COALESCE(a.quotes, o.quotes) AS quotes,
                           COALESCE(a.figures, o.figures) AS figures
                    FROM article a LEFT JOIN article o ON o.id = a.duplicate_of
                    WHERE a.id IN (\(marks))
                    """, arguments: StatementArguments(chunk))
                for row in rows {
                    found[row["id"]] = ArticleFindings(entities: AnalysisJSON.decode(row["entities"], as: Entity.self),
                                                       quotes: AnalysisJSON.decode(row["quotes"], as: Quote.self),
                                                       figures: AnalysisJSON.decode(row["figures"], as: Figure.self))
                }
            }
            return found
        }
    }

    /// Files that failed in `[start, end)`.
    public func failures(from start: Date, to end: Date) throws(StoreError) -> [FailedFile] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(FailedFile.columns) FROM file
                WHERE outcome = 'failed' AND COALESCE(finished_at, claimed_at) >= ? AND COALESCE(finished_at, claimed_at) < ?
                ORDER BY id
                """, arguments: [start, end]).map(FailedFile.init)
        }
    }

    /// When the first article arrived, if any did.
    public func firstIngest() throws(StoreError) -> Date? {
        try read { db in try Date.fetchOne(db, sql: "SELECT MIN(ingested_at) FROM article") }
    }

    public func recordDigestRun(_ run: DigestRunRecord) throws(StoreError) {
        try write { db in try run.save(db) }
    }

    /// The most recent digests, newest first.
    public func digestRuns(limit: Int) throws(StoreError) -> [DigestRunRecord] {
        try read { db in try DigestRunRecord.order(sql: "day DESC").limit(limit).fetchAll(db) }
    }

    /// Every digest written, oldest first.
    public func digestRuns() throws(StoreError) -> [DigestRunRecord] {
        try read { db in try DigestRunRecord.order(sql: "day").fetchAll(db) }
    }

    /// How many articles ``articles(ingestedFrom:to:)`` lists for `[start, end)` (a digest's article
    /// count), without reading them.
    public func articleCount(ingestedFrom start: Date, to end: Date) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM article a
                JOIN story s ON s.id = a.story_id
                JOIN file f ON f.id = a.file_id
                WHERE a.ingested_at >= ? AND a.ingested_at < ?
                """, arguments: [start, end]) ?? 0
        }
    }

    /// The oldest analyser version among the articles ingested in `[start, end)`: `current` when none
    /// was analysed before it, 0 for findings of unknown version. SQLite reads the day's rows through
    /// `article_ingested`, as the digest that asks has just done (a day of 20,000 articles: 68 ms in the
    /// sqlite3 shell, its start included).
    public func oldestAnalyzer(ingestedFrom start: Date, to end: Date, current: Int) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT MIN(COALESCE(analyzer, 0)) FROM article
                WHERE \(Self.analyzedBefore) AND ingested_at >= ? AND ingested_at < ?
                """, arguments: [current, start, end]) ?? current
        }
    }
}
