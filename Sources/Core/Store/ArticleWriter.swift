import Foundation
import GRDB

/// What a batch became: an outcome per file, and the stored ids of the grouper's provisional ones.
public struct RecordResult: Sendable {
    public var outcomes: [RecordedOutcome]
    public var mapping: ArticleGrouper.Mapping
}

extension NewsStore {
    /// Records a batch of files in one transaction and returns what became of each.
    ///
    /// One transaction per batch, not per file: SQLite's cost is the commit (a WAL fsync), so batching is
    /// what lets a single writer keep up with parallel parsers. A file whose bytes were stored before
    /// becomes a duplicate: its article rows point at the originals and carry no text of their own.
    /// The grouper's decisions (provisional article and story ids) are resolved as rows are inserted.
    ///
    /// - Parameter waitForDisk: Whether the commit waits for the log to reach the disk. The daemon
    ///   passes false and calls ``waitForDisk()`` before it moves the batch's files, so the rows are
    ///   visible at once and a slow sync holds up only the archiving.
    public func recordBatch(_ files: [IncomingFile], at now: Date = Date(), waitForDisk: Bool = true) throws(StoreError) -> RecordResult {
        let body: @Sendable (Database) throws -> RecordResult = { db in
            var mapping = ArticleGrouper.Mapping()
            let outcomes = try files.map { file in try Self.record(file, at: now, mapping: &mapping, in: db) }
            return RecordResult(outcomes: outcomes, mapping: mapping)
        }
        return waitForDisk ? try write(body) : try writeWithoutWaitingForDisk(body)
    }

    /// ``recordBatch(_:at:)`` without the mapping.
    public func record(_ files: [IncomingFile], at now: Date = Date()) throws(StoreError) -> [RecordedOutcome] {
        try recordBatch(files, at: now).outcomes
    }

    private static func record(_ file: IncomingFile, at now: Date, mapping: inout ArticleGrouper.Mapping, in db: Database) throws -> RecordedOutcome {
        if file.claimID == nil, try alreadyIngested(origin: file.origin, sha256: file.sha256, in: db) {
            return .alreadyIngested
        }
        var row = try ledgerRow(for: file, at: now, in: db)
        // The outcome is known before anything is written, so the ledger row is written once.
        var original: Int64?
        switch file.content {
        case .failure(let reason):
            row.outcome = .failed
            row.error = reason
            row.finalPath = file.failedPath
        case .articles, .copy:
            original = try Int64.fetchOne(db.cachedStatement(sql: "SELECT file_id FROM content WHERE sha256 = ?"), arguments: [file.sha256])
            if case .copy = file.content, original == nil {
                // Its articles were never read, so it cannot be stored: it fails, and stays where it is.
                row.outcome = .failed
                row.error = Self.copyWithoutOriginal
                row.finalPath = file.failedPath
            } else {
                row.finalPath = file.archivePath
                row.outcome = original == nil ? .stored : .duplicate
            }
        }
        // The daemon still has to move the file; batch ingest leaves files where they are.
        row.state = row.finalPath == nil ? .done : .processed
        row.finishedAt = row.state == .done ? now : nil
        let fileID = try saveLedgerRow(row, in: db)

        switch file.content {
        case .failure(let reason):
            return .failed(reason)
        case .copy:
            guard let original else { return .failed(Self.copyWithoutOriginal) }
            return .duplicate(of: try insertDuplicates(of: original, fileID: fileID, at: now, in: db))
        case .articles(let articles):
            if let original {
                return .duplicate(of: try insertDuplicates(of: original, fileID: fileID, at: now, in: db))
            }
            try db.cachedStatement(sql: "INSERT INTO content (sha256, file_id) VALUES (?, ?)").execute(arguments: [file.sha256, fileID])
            var ids: [Int64] = []
            for article in articles {
                ids.append(try insertArticle(article, fileID: fileID, at: now, mapping: &mapping, in: db))
            }
            return .stored(articles: ids)
        }
    }

    static let copyWithoutOriginal = "handed over as a copy of bytes the store does not hold; ingest it again"

    /// Which of these content hashes the store holds the bytes of: a file with one of them is recorded as
    /// a duplicate of the file first stored with it. Rows of `content` are never deleted, so a hash
    /// found here stays found.
    ///
    /// Asked on the writer's connection, whose page cache holds the `content` index already (every
    /// recorded file is looked up in it); a reader's connection kept a second copy of it, some megabytes
    /// of peak memory at 100,000 files.
    public func storedContents(among hashes: [String]) throws(StoreError) -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try readOnWriter { db in
            var found: Set<String> = []
            // In slices, under SQLite's limit on bound parameters.
            for start in stride(from: 0, to: hashes.count, by: 500) {
                let slice = Array(hashes[start..<min(hashes.count, start + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                found.formUnion(try String.fetchAll(db, sql: "SELECT sha256 FROM content WHERE sha256 IN (\(marks))",
                                                    arguments: StatementArguments(slice)))
            }
            return found
        }
    }

    /// The origin of the file first stored with these bytes, nil when the store holds none. On a
    /// reader's connection: the daemon's workers ask it for each file while the writer records others.
    public func originStored(withContent sha256: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT f.origin FROM content c JOIN file f ON f.id = c.file_id WHERE c.sha256 = ?"),
                                arguments: [sha256])
        }
    }

    /// How many rows the file ledger has at most (its highest id; rows are deleted only when a claim is
    /// given up): found in the index, whatever the size of the store.
    public func ledgerLength() throws(StoreError) -> Int {
        try readOnWriter { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM file") ?? 0 }
    }

    /// Each file the store recorded as stored or as a duplicate, by `key(sha256, origin)` (nil leaves it
    /// out): every one of them parsed to articles. Read with a cursor, so the rows are not all held at
    /// once, and on the writer's connection, so the ledger's pages take no second page cache.
    public func recordedContents<Key: Hashable & Sendable>(
        by key: @escaping @Sendable (_ sha256: String, _ origin: String) -> Key?
    ) throws(StoreError) -> Set<Key> {
        try readOnWriter { db in
            var keys: Set<Key> = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT sha256, origin FROM file WHERE outcome IN ('stored', 'duplicate') AND sha256 IS NOT NULL
                """)
            while let row = try rows.next() {
                if let found = key(row[0], row[1]) { keys.insert(found) }
            }
            return keys
        }
    }

    private static func alreadyIngested(origin: String, sha256: String, in db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM file WHERE origin = ? AND sha256 = ? AND outcome IN ('stored', 'duplicate'))
            """)
        return try Bool.fetchOne(statement, arguments: [origin, sha256]) ?? false
    }

    /// The claimed row brought up to date, or a new row for a file nobody claimed.
    private static func ledgerRow(for file: IncomingFile, at now: Date, in db: Database) throws -> FileRecord {
        if let claimID = file.claimID {
            guard var row = try FileRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM file WHERE id = ?"), arguments: [claimID]) else {
                throw StoreError.notFound("ledger row \(claimID)")
            }
            row.sha256 = file.sha256
            row.size = file.size
            return row
        }
        return FileRecord(id: nil, origin: file.origin, size: file.size, mtime: file.mtime, inode: file.inode,
                          sha256: file.sha256, state: .claimed, outcome: nil, error: nil, inboxPath: nil,
                          workPath: nil, finalPath: nil, claimedAt: now, finishedAt: nil)
    }

    /// Writes the ledger row (an UPDATE of the claimed row, or the INSERT of a new one) and returns its id.
    private static func saveLedgerRow(_ row: FileRecord, in db: Database) throws -> Int64 {
        let values: StatementArguments = [row.sha256, row.size, row.state.rawValue, row.outcome?.rawValue, row.error,
                                          row.finalPath, DatabaseDate.value(row.finishedAt)]
        if let id = row.id {
            try db.cachedStatement(sql: """
                UPDATE file SET sha256 = ?, size = ?, state = ?, outcome = ?, error = ?, final_path = ?, finished_at = ?
                WHERE id = ?
                """).execute(arguments: values + [id])
            return id
        }
        try db.cachedStatement(sql: """
            INSERT INTO file (sha256, size, state, outcome, error, final_path, finished_at, origin, mtime, inode, claimed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: values + [row.origin, row.mtime, row.inode, DatabaseDate.value(row.claimedAt)])
        return db.lastInsertedRowID
    }

    /// Inserts the article row and its search-index row.
    ///
    /// Plain SQL with cached statements: this runs once per article on the single writer, where
    /// re-preparing statements and encoding records cost more than SQLite's own work. The search index
    /// is written here rather than by a trigger: SQLite 3.40's FTS5 flushes its pending terms at every
    /// statement savepoint, and a trigger opens one per insert, which halved the insert rate.
    private static func insertArticle(_ incoming: IncomingArticle, fileID: Int64, at now: Date,
                                      mapping: inout ArticleGrouper.Mapping, in db: Database) throws -> Int64 {
        let parsed = incoming.parsed
        let decision = incoming.decision
        let duplicateOf = decision?.duplicateOf.flatMap { $0 < 0 ? mapping.articles[$0] : $0 }
        let storyID = try resolveStory(decision?.story, title: parsed.title, at: now, mapping: &mapping, in: db)
        let stamp = DatabaseDate.value(now)
        let analysis = incoming.analysis
        let findings = incoming.findings
        // One INSERT with everything: an UPDATE afterwards would index the text for search twice.
        try db.cachedStatement(sql: """
            INSERT INTO article (file_id, item, title, body, source, url, author, published, language, dateline, guid,
                                 ingested_at, story_id, duplicate_of, body_hash, similarity, entities, quotes, figures, analyzer)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                fileID, parsed.item, parsed.title, parsed.body, parsed.source, parsed.url, parsed.author,
                DatabaseDate.value(parsed.published), parsed.language, parsed.dateline, parsed.guid, stamp, storyID,
                duplicateOf, analysis?.fingerprint.bodyHash, analysis == nil ? nil : decision?.similarity,
                findings.entities, findings.quotes, findings.figures, analysis == nil ? nil : ArticleAnalyzer.version,
            ])
        let id = db.lastInsertedRowID
        try indexForSearch(id: id, title: parsed.title, body: parsed.body, in: db)
        if let decision { mapping.articles[decision.provisionalID] = id }
        try db.cachedStatement(sql: """
            UPDATE story SET article_count = article_count + 1, last_seen = MAX(last_seen, ?), first_seen = MIN(first_seen, ?)
            WHERE id = ?
            """).execute(arguments: [stamp, stamp, storyID])
        return id
    }

    /// Adds an article's text to `article_fts` (an external-content index over `article`).
    private static func indexForSearch(id: Int64, title: String, body: String?, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)")
            .execute(arguments: [id, title, body])
    }

    /// The story id a decision names, creating the story row for a new (provisional) one.
    private static func resolveStory(_ choice: ArticleGrouper.Decision.Story?, title: String, at now: Date,
                                     mapping: inout ArticleGrouper.Mapping, in db: Database) throws -> Int64 {
        switch choice {
        case .story(let id) where id > 0:
            let exists = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM story WHERE id = ?)")
            if try Bool.fetchOne(exists, arguments: [id]) == true { return id }
            // The grouper's story is gone from the store: open a new one and tell the grouper its id.
            let created = try insertStory(title: title, at: now, in: db)
            mapping.stories[id] = created
            return created
        case .story(let provisional):
            if let id = mapping.stories[provisional] { return id }
            let id = try insertStory(title: title, at: now, in: db)
            mapping.stories[provisional] = id
            return id
        case .sameAs(let article):
            let resolved = article < 0 ? mapping.articles[article] : article
            if let resolved,
               let story = try Int64.fetchOne(db.cachedStatement(sql: "SELECT story_id FROM article WHERE id = ?"), arguments: [resolved]) {
                return story
            }
            return try insertStory(title: title, at: now, in: db)
        case nil:
            return try insertStory(title: title, at: now, in: db)
        }
    }

    /// A new story row with no articles yet; its id.
    static func insertStory(title: String, at now: Date, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: "INSERT INTO story (headline, first_seen, last_seen, article_count) VALUES (?, ?, ?, 0)")
            .execute(arguments: [title, DatabaseDate.value(now), DatabaseDate.value(now)])
        return db.lastInsertedRowID
    }

    /// Rows for a byte-identical copy of `originalFile`: one per article of that file, in the same stories.
    ///
    /// Every article of the file first stored with these bytes, a near copy of an earlier article
    /// included: its row has its own text, and a later copy of the file is as much a report as the file
    /// was. (Only original articles were taken once; a re-sent rewrite then got no row at all, no place in
    /// its story and no count among its sources: 1,538 of the 20,000 synthetic files.) A copy's
    /// `similarity` is NULL, as for every byte-identical copy: it is the same text as its original.
    ///
    /// Each copy is one single-row INSERT with the original's values, not one INSERT … SELECT: a
    /// statement that may write several rows opens a statement savepoint, and at every savepoint FTS5
    /// flushes its pending terms to disk, which made copies cost as much as a millisecond each.
    private static func insertDuplicates(of originalFile: Int64, fileID: Int64, at now: Date, in db: Database) throws -> [Int64] {
        let stamp = DatabaseDate.value(now)
        let originals = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, item, title, source, url, author, published, language, dateline, guid, story_id,
                   body_hash, NULL AS similarity, entities, quotes, figures, analyzer
            FROM article WHERE file_id = ? ORDER BY item, id
            """), arguments: [originalFile])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO article (duplicate_of, item, title, source, url, author, published, language, dateline, guid,
                                 story_id, body_hash, similarity, entities, quotes, figures, analyzer, file_id, body, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """)
        var ids: [Int64] = []
        for original in originals {
            let values = (0..<original.count).map { original[$0] as DatabaseValue }
            try insert.execute(arguments: StatementArguments(values + [fileID.databaseValue, stamp]))
            try indexForSearch(id: db.lastInsertedRowID, title: original["title"], body: nil, in: db)
            try db.cachedStatement(sql: """
                UPDATE story SET article_count = article_count + 1, last_seen = MAX(last_seen, ?) WHERE id = ?
                """).execute(arguments: [stamp, original["story_id"] as Int64])
            ids.append(original["id"])
        }
        return ids
    }
}
