import Foundation
import GRDB

/// One article found by a full-text search.
public struct SearchHit: Sendable, Equatable {
    public var articleID: Int64
    public var storyID: Int64
    public var title: String
    public var source: String?
    public var origin: String
    public var ingestedAt: Date
    /// The best-matching passage, matched terms between `[` and `]`.
    public var snippet: String
}

extension NewsStore {
    /// Articles matching `query`, best first by BM25 (a headline match weighs three times a body match).
    ///
    /// By default each word of `query` must occur (stemmed: "elections" finds "election"), and FTS5's own
    /// operators are not interpreted, so any text a user types is a valid search. With `raw`, the query
    /// is passed to FTS5 as written (`"exact phrase"`, `OR`, `NEAR`, `title:word`).
    public func search(_ query: String, raw: Bool = false, limit: Int = 20) throws(StoreError) -> [SearchHit] {
        let match = raw ? query : Self.quotedTerms(query)
        guard !match.isEmpty else { return [] }
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.story_id, a.title, a.source, f.origin, a.ingested_at,
                       snippet(article_fts, 1, '[', ']', '…', 16) AS snippet
                FROM article_fts
                JOIN article a ON a.id = article_fts.rowid
                JOIN file f ON f.id = a.file_id
                WHERE article_fts MATCH ?
                ORDER BY bm25(article_fts, 3.0, 1.0)
                LIMIT ?
                """, arguments: [match, limit])
            return rows.map { row in
                SearchHit(articleID: row["id"], storyID: row["story_id"], title: row["title"], source: row["source"],
                          origin: row["origin"], ingestedAt: row["ingested_at"], snippet: row["snippet"] ?? "")
            }
        }
    }

    /// `Khamenei's "victory"` → `"khamenei" "s" "victory"`: every word quoted, so none is an operator.
    static func quotedTerms(_ query: String) -> String {
        query.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
            .map { "\"\($0.lowercased())\"" }
            .joined(separator: " ")
    }
}
