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
    public func recordBatch(_ files: [IncomingFile], at now: Date = Date()) throws(StoreError) -> RecordResult {
        try write { db in
            var mapping = ArticleGrouper.Mapping()
            let outcomes = try files.map { file in try Self.record(file, at: now, mapping: &mapping, in: db) }
            return RecordResult(outcomes: outcomes, mapping: mapping)
        }
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
        let outcome: RecordedOutcome
        switch file.content {
        case .failure(let reason):
            row.outcome = .failed
            row.error = reason
            row.finalPath = file.failedPath
            outcome = .failed(reason)
        case .articles(let articles):
            row.finalPath = file.archivePath
            if let original = try Int64.fetchOne(db, sql: "SELECT file_id FROM content WHERE sha256 = ?", arguments: [file.sha256]) {
                row.outcome = .duplicate
                try row.save(db)
                let originals = try insertDuplicates(of: original, file: row, at: now, in: db)
                outcome = .duplicate(of: originals)
            } else {
                row.outcome = .stored
                try row.save(db)
                guard let fileID = row.id else { throw StoreError.failed("ledger row has no id") }
                try db.execute(sql: "INSERT INTO content (sha256, file_id) VALUES (?, ?)", arguments: [file.sha256, fileID])
                var ids: [Int64] = []
                for article in articles {
                    ids.append(try insertArticle(article, fileID: fileID, at: now, mapping: &mapping, in: db))
                }
                outcome = .stored(articles: ids)
            }
        }
        // The daemon still has to move the file; batch ingest leaves files where they are.
        row.state = row.finalPath == nil ? .done : .processed
        row.finishedAt = row.state == .done ? now : nil
        try row.save(db)
        return outcome
    }

    private static func alreadyIngested(origin: String, sha256: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM file WHERE origin = ? AND sha256 = ? AND outcome IN ('stored', 'duplicate'))
            """, arguments: [origin, sha256]) ?? false
    }

    /// The claimed row brought up to date, or a new row for a file nobody claimed.
    private static func ledgerRow(for file: IncomingFile, at now: Date, in db: Database) throws -> FileRecord {
        if let claimID = file.claimID {
            guard var row = try FileRecord.fetchOne(db, key: claimID) else {
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

    private static func insertArticle(_ incoming: IncomingArticle, fileID: Int64, at now: Date,
                                      mapping: inout ArticleGrouper.Mapping, in db: Database) throws -> Int64 {
        let parsed = incoming.parsed
        let decision = incoming.decision
        let duplicateOf = decision?.duplicateOf.flatMap { $0 < 0 ? mapping.articles[$0] : $0 }
        let storyID = try resolveStory(decision?.story, title: parsed.title, at: now, mapping: &mapping, in: db)
        let analysis = incoming.analysis
        // One INSERT with everything: an UPDATE afterwards would index the text for search twice.
        var article = ArticleRecord(
            id: nil, fileID: fileID, item: parsed.item, title: parsed.title, body: parsed.body, source: parsed.source,
            url: parsed.url, author: parsed.author, published: parsed.published, language: parsed.language,
            dateline: parsed.dateline, guid: parsed.guid, ingestedAt: now, storyID: storyID, duplicateOf: duplicateOf,
            bodyHash: analysis?.fingerprint.bodyHash, similarity: analysis == nil ? nil : decision?.similarity,
            entities: analysis.flatMap { AnalysisJSON.encode($0.entities) }, quotes: analysis.flatMap { AnalysisJSON.encode($0.quotes) },
            figures: analysis.flatMap { AnalysisJSON.encode($0.figures) })
        try article.insert(db)
        guard let id = article.id else { throw StoreError.failed("article row has no id") }
        if let decision { mapping.articles[decision.provisionalID] = id }
        try db.execute(sql: """
            UPDATE story SET article_count = article_count + 1, last_seen = MAX(last_seen, ?), first_seen = MIN(first_seen, ?)
            WHERE id = ?
            """, arguments: [now, now, storyID])
        return id
    }

    /// The story id a decision names, creating the story row for a new (provisional) one.
    private static func resolveStory(_ choice: ArticleGrouper.Decision.Story?, title: String, at now: Date,
                                     mapping: inout ArticleGrouper.Mapping, in db: Database) throws -> Int64 {
        switch choice {
        case .story(let id) where id > 0:
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM story WHERE id = ?)", arguments: [id]) == true { return id }
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
            if let resolved, let story = try Int64.fetchOne(db, sql: "SELECT story_id FROM article WHERE id = ?", arguments: [resolved]) {
                return story
            }
            return try insertStory(title: title, at: now, in: db)
        case nil:
            return try insertStory(title: title, at: now, in: db)
        }
    }

    private static func insertStory(title: String, at now: Date, in db: Database) throws -> Int64 {
        var story = StoryRecord(id: nil, headline: title, firstSeen: now, lastSeen: now, articleCount: 0)
        try story.insert(db)
        guard let id = story.id else { throw StoreError.failed("story row has no id") }
        return id
    }

    /// Rows for a byte-identical copy of `originalFile`: one per original article, in the same stories.
    private static func insertDuplicates(of originalFile: Int64, file: FileRecord, at now: Date, in db: Database) throws -> [Int64] {
        guard let fileID = file.id else { throw StoreError.failed("ledger row has no id") }
        let originals = try ArticleRecord
            .filter(sql: "file_id = ? AND duplicate_of IS NULL", arguments: [originalFile])
            .order(sql: "item, id")
            .fetchAll(db)
        for original in originals {
            guard let originalID = original.id else { continue }
            var copy = original
            copy.id = nil
            copy.fileID = fileID
            copy.body = nil
            copy.ingestedAt = now
            copy.duplicateOf = originalID
            try copy.insert(db)
            try db.execute(sql: """
                UPDATE story SET article_count = article_count + 1, last_seen = MAX(last_seen, ?) WHERE id = ?
                """, arguments: [now, original.storyID])
        }
        return originals.compactMap(\.id)
    }
}
