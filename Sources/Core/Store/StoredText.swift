import GRDB

/// The text of a stored article and the findings stored with it: what `newsd reanalyze` reads to run
/// the analysers again.
public struct StoredText: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var body: String
    /// The findings as stored, to tell whether the analysers now find something else.
    public var findings: StoredFindings
}

extension NewsStore {
    /// The condition on an article row for "analysed before the version given as its argument", in the
    /// form the `article_analyzer` index answers (status counts with it, reanalyze pages with it).
    static let analyzedBefore = "(analyzer IS NULL OR analyzer < ?)"

    /// Articles whose findings an older analyser made (or one of unknown version), copies included.
    public func articlesAnalyzedBefore(version: Int) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article WHERE \(Self.analyzedBefore)", arguments: [version]) ?? 0
        }
    }

    /// Up to `limit` articles with their own text and an id above `id`, in id order: those analysed
    /// before `version`, or all of them when `version` is nil.
    ///
    /// Exact copies (no body of their own) are not listed: ``saveFindings(_:version:)`` gives them their
    /// original's findings.
    public func texts(after id: Int64, analyzedBefore version: Int?, limit: Int) throws(StoreError) -> [StoredText] {
        try read { db in
            let stale = version == nil ? "" : "AND \(Self.analyzedBefore)"
            let arguments: StatementArguments = version.map { [id, $0, limit] } ?? [id, limit]
            return try Row.fetchAll(db, sql: """
                SELECT id, title, body, entities, quotes, figures FROM article
                WHERE id > ? AND body IS NOT NULL \(stale)
                ORDER BY id LIMIT ?
                """, arguments: arguments).map { row in
                StoredText(id: row["id"], title: row["title"], body: row["body"],
                           findings: StoredFindings(entities: row["entities"], quotes: row["quotes"], figures: row["figures"]))
            }
        }
    }

    /// Stores new findings for articles, and the same for their exact copies, as made by analyser
    /// `version`, in one transaction. Only the analysis columns change: the search index, which follows
    /// the title and body, is not touched.
    ///
    /// - Parameter waitForDisk: Whether the commit waits for the log to reach the disk. Findings can
    ///   always be made again from the text, so the daemon's catch-up does not wait: a power cut only
    ///   leaves a page for its next start, and inbox files queued behind the page are not held up by a
    ///   sync of their own writer.
    /// - Returns: How many copies were updated besides the articles.
    @discardableResult
    public func saveFindings(_ findings: [(id: Int64, findings: StoredFindings)], version: Int,
                             waitForDisk: Bool = true) throws(StoreError) -> Int {
        let body: @Sendable (Database) throws -> Int = { db in
            let article = try db.cachedStatement(sql: """
                UPDATE article SET entities = ?, quotes = ?, figures = ?, analyzer = ? WHERE id = ?
                """)
            let copies = try db.cachedStatement(sql: """
                UPDATE article SET entities = ?, quotes = ?, figures = ?, analyzer = ? WHERE duplicate_of = ? AND body IS NULL
                """)
            var copied = 0
            for (id, found) in findings {
                let values: StatementArguments = [found.entities, found.quotes, found.figures, version, id]
                try article.execute(arguments: values)
                try copies.execute(arguments: values)
                copied += db.changesCount
            }
            return copied
        }
        return waitForDisk ? try write(body) : try writeWithoutWaitingForDisk(body)
    }
}
