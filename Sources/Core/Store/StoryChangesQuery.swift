import Foundation
import GRDB
import GRDBSQLite

/// A stored article as the grouper needs it to rebuild its window at start-up.
public struct WindowArticle: Sendable {
    public var id: Int64
    public var story: Int64
    public var title: String
    public var body: String
    public var time: Date
}

extension NewsStore {
    /// Applies a refinement: moves articles (and their copies, and the copies of those) between stories,
    /// opens stories for new provisional ids, recounts every story touched, gives it the representative
    /// headline, and removes stories left empty. Returns the store ids of the grouper's new stories (and
    /// of any story it knew that the store no longer had).
    ///
    /// - Parameter refinedThrough: The newest article the refinement covered, saved in the same
    ///   transaction as its moves (see ``refinedThrough()``).
    public func applyStoryChanges(_ changes: StoryClusterer.Changes, refinedThrough: Int64? = nil,
                                  at now: Date = Date()) throws(StoreError) -> [Int64: Int64] {
        guard !changes.isEmpty || refinedThrough != nil else { return [:] }
        return try write { db in
            if let refinedThrough {
                try db.execute(sql: "INSERT OR REPLACE INTO analysis_state (key, value) VALUES ('refined_through', ?)",
                               arguments: [refinedThrough])
            }
            var created: [Int64: Int64] = [:]
            var touched: Set<Int64> = []
            func resolve(_ story: Int64) throws -> Int64 {
                if let id = created[story] { return id }
                // A stored story the grouper knows is normally in the store; if it is not, it is opened
                // again under a new id (returned, so the grouper renames it) rather than failing the batch.
                if story > 0, try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM story WHERE id = ?)"), arguments: [story]) == true {
                    return story
                }
                let id = try Self.insertStory(title: "", at: now, in: db)
                created[story] = id
                return id
            }
            // In article order, not the dictionary's: new stories get their ids in the order they are
            // met here, and ids decide later merges (the older story keeps its id) and ties, so a
            // hash-seeded order made two ingests of the same files group them differently.
            for (article, story) in changes.moves.sorted(by: { $0.key < $1.key }) {
                let target = try resolve(story)
                if let previous = try Int64.fetchOne(db.cachedStatement(sql: "SELECT story_id FROM article WHERE id = ?"), arguments: [article]) {
                    touched.insert(previous)
                }
                // The article, its copies, and the byte-identical copies of its near copies (a near copy
                // has its own text, so a copy of it points at it: see ``insertDuplicates``).
                try db.cachedStatement(sql: """
                    UPDATE article SET story_id = ?1
                    WHERE id = ?2 OR duplicate_of = ?2 OR duplicate_of IN (SELECT id FROM article WHERE duplicate_of = ?2)
                    """).execute(arguments: [target, article])
                touched.insert(target)
            }
            var headlines: [Int64: Int64] = [:]
            for (story, article) in changes.representatives.sorted(by: { $0.key < $1.key }) {
                let id = try resolve(story)
                headlines[id] = article
                touched.insert(id)
            }
            for story in touched {
                try db.cachedStatement(sql: Self.recountStory).execute(arguments: [story])
                if let article = headlines[story] {
                    try db.cachedStatement(sql: "UPDATE story SET headline = (SELECT title FROM article WHERE id = ?) WHERE id = ?").execute(arguments: [article, story])
                } else {
                    try db.cachedStatement(sql: Self.headlineFromFirstArticle).execute(arguments: [story])
                }
                try db.cachedStatement(sql: "DELETE FROM story WHERE id = ? AND article_count = 0").execute(arguments: [story])
            }
            return created
        }
    }

    /// A story's article count and first and last dates, from its articles, in one pass over them (as
    /// three subqueries, each walked the story's entries again). The `article_story` index holds each
    /// article's `ingested_at` beside its story (migration v9), so the pass reads the index alone: a
    /// refinement recounts every story it touched, and reading each article's row for its date was
    /// tens of thousands of page reads per refinement in a large store.
    static let recountStory = """
        UPDATE story SET (article_count, first_seen, last_seen) = (
            SELECT COUNT(*), COALESCE(MIN(ingested_at), story.first_seen), COALESCE(MAX(ingested_at), story.last_seen)
            FROM article WHERE story_id = story.id
        )
        WHERE id = ?
        """

    /// A story left without a headline takes its first article's: that article's id from the story's
    /// index entries, then its one row. (`ORDER BY id LIMIT 1` read and sorted every article's row of
    /// the story, the index being by story and date.)
    static let headlineFromFirstArticle = """
        UPDATE story SET headline = (
            SELECT title FROM article WHERE id = (SELECT MIN(id) FROM article WHERE story_id = story.id)
        )
        WHERE id = ? AND (headline = '' OR headline IS NULL)
        """

    /// Saves changed document frequencies and the document count.
    public func saveTermFrequencies(_ frequencies: [(UInt64, Int32)], documents: Int) throws(StoreError) {
        try write { db in
            // Many rows per statement, their integers bound through SQLite's C interface. Tens of
            // thousands of terms change between saves (40,338 at the end of a BBC batch). A statement
            // per row costs SQLite more than the inserts themselves; and GRDB's arguments, built as
            // boxed values and checked at every execution, cost more than SQLite's steps: with them,
            // the save was 266 million instructions, 116 of them making the arguments and 25 the SQL.
            // (This runs in its own transaction, after the articles' FTS terms were committed: a
            // multi-row statement opens a savepoint, where FTS5 would flush pending terms.)
            let rowsPerStatement = 400
            var full: Statement?
            for start in stride(from: 0, to: frequencies.count, by: rowsPerStatement) {
                let rows = frequencies[start..<min(frequencies.count, start + rowsPerStatement)]
                let statement: Statement
                if rows.count == rowsPerStatement, let full {
                    statement = full
                } else {
                    let placeholders = Array(repeating: "(?, ?)", count: rows.count).joined(separator: ", ")
                    statement = try db.makeStatement(sql: "INSERT OR REPLACE INTO term_frequency (term, documents) VALUES \(placeholders)")
                    if rows.count == rowsPerStatement { full = statement }
                }
                // The statement object owns the handle (it finalizes it when released): kept alive
                // until the handle's last use.
                try withExtendedLifetime(statement) {
                    let handle = statement.sqliteStatement
                    var parameter: CInt = 1
                    for (term, count) in rows {
                        sqlite3_bind_int64(handle, parameter, Int64(bitPattern: term))
                        sqlite3_bind_int64(handle, parameter + 1, Int64(count))
                        parameter += 2
                    }
                    let code = sqlite3_step(handle)
                    let message = code == SQLITE_DONE ? nil : db.lastErrorMessage
                    sqlite3_reset(handle)
                    if code != SQLITE_DONE {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
                    }
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO analysis_state (key, value) VALUES ('documents', ?)", arguments: [documents])
        }
    }

    /// The saved document count and frequencies.
    public func termFrequencies() throws(StoreError) -> (documents: Int, frequencies: [(UInt64, Int32)]) {
        try read { db in
            let documents = try Int.fetchOne(db, sql: "SELECT value FROM analysis_state WHERE key = 'documents'") ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT term, documents FROM term_frequency")
            return (documents, rows.map { row in (UInt64(bitPattern: row[0] as Int64), Int32(truncatingIfNeeded: row[1] as Int64)) })
        }
    }

    /// The newest article whose story a refinement has settled, nil when none has (or the store was
    /// written before this was kept). Articles after it were grouped as they arrived and the process
    /// stopped before refining them: a crash, or a kill.
    public func refinedThrough() throws(StoreError) -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM analysis_state WHERE key = 'refined_through'") }
    }

    /// The most recent `limit` original (non-copy) articles, oldest first, for the grouper's window.
    public func windowArticles(limit: Int) throws(StoreError) -> [WindowArticle] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, story_id, title, COALESCE(body, ''), COALESCE(published, ingested_at) AS time FROM (
                    SELECT * FROM article WHERE duplicate_of IS NULL ORDER BY id DESC LIMIT ?
                ) ORDER BY id
                """, arguments: [limit]).map { row in
                WindowArticle(id: row[0], story: row[1], title: row[2], body: row[3], time: row["time"])
            }
        }
    }
}
