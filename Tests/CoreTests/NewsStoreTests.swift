import Foundation
import GRDB
import Synchronization
import Testing
@testable import Core

@Suite("Store")
struct NewsStoreTests {
    @Test func storesDuplicatesAndFailures() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let text = "Storm hits coast\n\nThe storm arrived at dawn, officials said."
        let outcomes = try store.record([
            incomingFile("a.txt", text),
            incomingFile("copy.txt", text),
            IncomingFile(claimID: nil, origin: "bad.bin", size: 3, mtime: 1, inode: 2, sha256: "x",
                         content: .failure("the file is binary data")),
        ])
        guard case .stored(let ids) = outcomes[0], let original = ids.first else { Issue.record("\(outcomes)"); return }
        #expect(outcomes[1] == .duplicate(of: [original]))
        #expect(outcomes[2] == .failed("the file is binary data"))

        let exported = try store.exportPage(after: 0, limit: 10)
        #expect(exported.count == 2)
        #expect(exported[1].duplicateOf == original)
        #expect(exported[1].text == exported[0].text)          // the copy reads its text from the original
        #expect(exported[1].story == exported[0].story)
        let stored = try store.read { db in try String.fetchAll(db, sql: "SELECT COALESCE(body, '<null>') FROM article ORDER BY id") }
        #expect(stored[1] == "<null>")                          // and does not store it twice

        // Ingesting the same file again records nothing.
        #expect(try store.record([incomingFile("a.txt", text)]) == [.alreadyIngested])
        let status = try store.status()
        #expect(status.articles == 2 && status.duplicates == 1 && status.filesFailed == 1 && status.stories == 1)
        #expect(status.recentFailures.first?.reason == "the file is binary data")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func copyOfAFeedCopiesEveryItemInOrder() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let lines = """
            {"title": "Bridge reopens after repairs", "body": "The bridge reopened on Monday after two years of repairs.", "published": "2024-03-04T08:30:00Z", "source": "Gazette"}
            {"title": "Council approves budget", "body": "The council approved next year's budget by seven votes to two.", "source": "Gazette"}
            """
        let first = try store.record([incomingFile("feed.jsonl", lines)])
        guard case .stored(let originals) = first.first, originals.count == 2 else { Issue.record("\(first)"); return }
        let later = Date(timeIntervalSince1970: 1_800_000_000.25)
        #expect(try store.record([incomingFile("again/feed.jsonl", lines)], at: later) == [.duplicate(of: originals)])

        let exported = try store.exportPage(after: 0, limit: 10)
        #expect(exported.count == 4)
        let copies = Array(exported.suffix(2))
        #expect(copies.map(\.duplicateOf) == originals)
        #expect(copies.map(\.item) == exported.prefix(2).map(\.item))
        #expect(copies.map(\.title) == ["Bridge reopens after repairs", "Council approves budget"])
        #expect(copies.map(\.text) == exported.prefix(2).map(\.text))
        #expect(copies.map(\.story) == exported.prefix(2).map(\.story))
        #expect(copies.map(\.published) == exported.prefix(2).map(\.published))
        #expect(copies.allSatisfy { $0.ingestedAt == later })
        // The copies are found by their headline, and their stories count them.
        #expect(try store.search("bridge reopens").map(\.articleID).sorted() == [originals[0], copies[0].id])
        let counts = try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story ORDER BY id") }
        #expect(counts.reduce(0, +) == 4)
        #expect(try store.integrityCheck() == "ok")
    }

    /// A file re-sent byte for byte after it was stored as a near copy of an earlier report is a report
    /// again: it gets its row, in the same story, and counts there. (Rows were once copied only from
    /// original articles, so such a file was recorded as a duplicate of nothing.)
    @Test func resentNearCopyGetsItsRow() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try recorder.restore()
        let report = DuplicateTests.report
        let first = "Bank raises rates again\n\n" + report
        let updated = "Bank raises rates again\n\n" + report.replacingOccurrences(of: "on Thursday", with: "on Thursday afternoon")
        _ = try recorder.record([incomingFile("wire/first.txt", first)])
        let near = try recorder.record([incomingFile("wire/updated.txt", updated)])
        guard case .stored(let nearIDs) = near.first, let nearID = nearIDs.first else { Issue.record("\(near)"); return }
        let resent = try recorder.record([incomingFile("paper/updated.txt", updated)])
        #expect(resent == [.duplicate(of: [nearID])])

        let exported = try store.exportPage(after: 0, limit: 10)
        try #require(exported.count == 3, "\(exported.map(\.origin))")
        #expect(exported[1].duplicateOf == exported[0].id, "the update should be stored as a near copy of the first report")
        #expect(exported[2].origin == "paper/updated.txt")
        #expect(exported[2].duplicateOf == nearID)
        #expect(exported[2].text == exported[1].text)
        #expect(exported[2].story == exported[0].story)
        let similarities = try store.read { db in try Double?.fetchAll(db, sql: "SELECT similarity FROM article ORDER BY id") }
        #expect(similarities[1] != nil && similarities[2] == nil, "only the near copy has a similarity: \(similarities)")
        let counts = try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story") }
        #expect(counts == [3])

        // A refinement that moves the first report takes its near copy and the copy of that along.
        var changes = StoryClusterer.Changes()
        changes.moves[exported[0].id] = -1
        let created = try store.applyStoryChanges(changes)
        let moved = try #require(created[-1])
        let stories = try store.read { db in try Int64.fetchAll(db, sql: "SELECT story_id FROM article ORDER BY id") }
        #expect(stories == [moved, moved, moved])
        #expect(try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story") } == [3])
    }

    /// A store written before such re-sends got their rows gets them when it is opened by this newsd
    /// (migration v7): the same row the file gets now, searchable by its headline and counted in its story.
    @Test func upgradeGivesAResentNearCopyItsRow() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/n.sqlite"
        let report = DuplicateTests.report
        let updated = "Bank raises rates again\n\n" + report.replacingOccurrences(of: "on Thursday", with: "on Thursday afternoon")
        let expected: [ExportedArticle]
        do {
            let store = try NewsStore(path: path)
            let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
            try recorder.restore()
            _ = try recorder.record([incomingFile("wire/first.txt", "Bank raises rates again\n\n" + report)])
            _ = try recorder.record([incomingFile("wire/updated.txt", updated)])
            _ = try recorder.record([incomingFile("paper/updated.txt", updated)])
            expected = try store.exportPage(after: 0, limit: 10)
            try #require(expected.count == 3)
            // The store as an older newsd left it: the re-send recorded as a duplicate, with no row.
            try store.write { db in
                try db.execute(sql: "DELETE FROM article WHERE file_id = (SELECT id FROM file WHERE origin = 'paper/updated.txt')")
                try db.execute(sql: "UPDATE story SET article_count = 2")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v7:%'")
            }
            #expect(try store.exportPage(after: 0, limit: 10).count == 2)
            store.close()
        }
        let store = try NewsStore(path: path)
        let exported = try store.exportPage(after: 0, limit: 10)
        try #require(exported.count == 3, "\(exported.map(\.origin))")
        let copy = exported[2]
        #expect(copy.origin == "paper/updated.txt")
        #expect(copy.duplicateOf == expected[2].duplicateOf && copy.story == expected[2].story)
        #expect(copy.text == expected[1].text && copy.title == expected[1].title)
        #expect(copy.ingestedAt >= expected[1].ingestedAt, "ingested when the re-send was recorded")
        #expect(try store.search("bank raises rates").count == 3)
        #expect(try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story") } == [3])
        #expect(try store.integrityCheck() == "ok")
        // FTS5's own check of the index against the article table: throws when they disagree.
        try store.write { db in try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)") }
    }

    /// A refinement's move recounts both stories: the one gained takes the article's count and its
    /// first and last sightings from its articles, and the one left empty is removed.
    @Test func movedArticleRecountsItsStories() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let early = Date(timeIntervalSince1970: 1_800_000_000), late = early.addingTimeInterval(3_600)
        let first = try store.record([incomingFile("a.txt", "Bridge reopens\n\nThe bridge reopened on Monday after repairs.")], at: early)
        let second = try store.record([incomingFile("b.txt", "Council meets\n\nThe council met on Tuesday to vote on the budget.")], at: late)
        guard case .stored(let a) = first.first, case .stored(let b) = second.first else { Issue.record("\(first) \(second)"); return }
        func stories() throws -> [[String]] {
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT id, article_count, first_seen, last_seen FROM story ORDER BY id").map { row in
                    ["\(row["id"] as Int64)", "\(row["article_count"] as Int)", row["first_seen"] as String, row["last_seen"] as String]
                }
            }
        }
        let before = try stories()
        #expect(before.count == 2)
        guard before.count == 2, let kept = Int64(before[0][0]) else { return }
        _ = try store.applyStoryChanges(StoryClusterer.Changes(moves: [b[0]: kept], representatives: [kept: a[0]]))
        let after = try stories()
        #expect(after.count == 1)                                    // the emptied story is gone
        #expect(after.first?[1] == "2")
        #expect(after.first?[2] == before[0][2])                     // first sighting: the early article's
        #expect(after.first?[3] == before[1][3])                     // last sighting: the late article's
        #expect(before[0][2] != before[1][3])
    }

    /// A refinement's recount of a story reads the story's index entries and no article row (migration
    /// v9 puts `ingested_at` in `article_story`), on a store made before the migration too; the
    /// headline's fallback takes the story's first article without sorting its rows.
    @Test func storyRecountReadsTheIndexAlone() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/n.sqlite"
        do {
            let store = try NewsStore(path: path)
            _ = try store.record([incomingFile("a.txt", "Bridge reopens\n\nThe bridge reopened on Monday after repairs.")])
            // The store as an older newsd left it: the index by story alone.
            try store.write { db in
                try db.execute(sql: "DROP INDEX article_story")
                try db.execute(sql: "CREATE INDEX article_story ON article(story_id)")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v9:%'")
            }
            store.close()
        }
        let store = try NewsStore(path: path)
        let columns = try store.read { db in
            try Row.fetchAll(db, sql: "PRAGMA index_info('article_story')").map { $0["name"] as String }
        }
        #expect(columns == ["story_id", "ingested_at"])
        func plan(_ sql: String) throws -> String {
            try store.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1]).map { $0["detail"] as String }
                    .joined(separator: "; ")
            }
        }
        let recount = try plan(NewsStore.recountStory)
        #expect(recount.contains("COVERING INDEX article_story (story_id=?)"), "\(recount)")
        let headline = try plan(NewsStore.headlineFromFirstArticle)
        #expect(headline.contains("COVERING INDEX article_story (story_id=?)") && !headline.contains("TEMP B-TREE"), "\(headline)")
        // The count survives the migration, and a recount after it still gives it.
        #expect(try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story") } == [1])
        try store.write { db in try db.execute(sql: NewsStore.recountStory, arguments: [1]) }
        #expect(try store.read { db in try Int.fetchAll(db, sql: "SELECT article_count FROM story") } == [1])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func datesAreStoredAsGRDBWouldStoreThem() {
        // Whole seconds, milliseconds rounded up into the next second (and year), leap days, before 1970, far ahead.
        let seconds: [Double] = [0, 1_700_000_000, 1_700_000_000.999_9, 951_782_400.5, 1_709_164_799.001,
                                 -1, -86_400.25, -5_000_000_000.75, 32_503_680_000, 253_402_300_799.5,
                                 1_234_567_890.123_456, 0.000_4, -0.000_4, 253_402_300_799.999_8]
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(DatabaseDate.value(date) == date.databaseValue, "\(value)")
        }
        // Outside the years the arithmetic covers, GRDB's own encoding is used.
        let ancient = Date(timeIntervalSince1970: -20_000_000_000)
        #expect(DatabaseDate.text(ancient) == nil)
        #expect(DatabaseDate.value(ancient) == ancient.databaseValue)
        #expect(DatabaseDate.value(nil as Date?) == .null)
    }

    @Test func recorderSavesFrequenciesOnItsCadenceNotAtEveryRefinement() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max, saveEvery: 4)
        try recorder.restore()
        func file(_ n: Int) -> IncomingFile {
            incomingFile("\(n).txt", "Harbour news \(n)\n\nThe harbour master said ship number \(n) arrived with grain on Monday.")
        }
        _ = try recorder.record([file(1), file(2), file(3)])
        try recorder.refine(ifPending: 1)
        #expect(try store.termFrequencies().documents == 0)      // three articles: refined, not saved
        _ = try recorder.record([file(4), file(5)])
        try recorder.refine(ifPending: 1)
        #expect(try store.termFrequencies().documents == 5)      // past four since the last save: saved
        _ = try recorder.record([file(6), file(7)])
        try recorder.refine(ifPending: 1)                          // two new of seven: not due yet
        #expect(try store.termFrequencies().documents == 5)
        try recorder.finish()
        #expect(try store.termFrequencies().documents == 7)      // finish saves the rest
        #expect(try store.termFrequencies().frequencies.contains { $0.1 == 7 })   // "harbour" is in all seven
    }

    /// A refinement records the newest article it settled; a restart restores the window up to it as
    /// settled (not refined again: a second or more at a full window) and what came after as pending,
    /// as when the process was killed between recording a batch and refining it.
    @Test func restartRefinesOnlyWhatNoRefinementSettled() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        func file(_ n: Int) -> IncomingFile {
            incomingFile("\(n).txt", "Harbour news \(n)\n\nThe harbour master said ship number \(n) arrived with grain on Monday.")
        }
        func articleIDs() throws -> [Int64] {
            try store.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM article ORDER BY id") }
        }
        let first = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try first.restore()
        #expect(try store.refinedThrough() == nil)
        _ = try first.record([file(1), file(2), file(3)])
        #expect(first.pendingRefinement == 3)
        try first.finish()
        let settled = try articleIDs()
        #expect(try store.refinedThrough() == settled.last)

        let second = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try second.restore()
        #expect(second.pendingRefinement == 0)
        #expect(second.storiesInMemory(of: settled).count == 3)
        // The restored fingerprints are each article's own: the first's body under a new headline is
        // its copy (restore works out the features on several threads and puts them back in order; in
        // reverse, the copy was taken for the third's).
        _ = try second.record([incomingFile("copy.txt", "Harbour news, again\n\nThe harbour master said ship number 1 arrived with grain on Monday.")])
        let copyOf = try store.read { db in
            try Int64.fetchOne(db, sql: "SELECT duplicate_of FROM article WHERE title = 'Harbour news, again'")
        }
        #expect(copyOf == settled[0])
        _ = try second.record([file(4), file(5)])    // and killed before any refinement
        #expect(try store.refinedThrough() == settled.last)

        let third = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try third.restore()
        #expect(third.pendingRefinement == 2)
        try third.finish()
        #expect(try store.refinedThrough() == articleIDs().last)
    }

    /// A refinement the store refuses (a full disk) leaves grouping in memory as the store has it, not
    /// as the refinement left it: a report on a vote and a volcano opens a story that the election
    /// reports then join, and the refinement moves it to the volcano story; when that move cannot be
    /// written, memory forgets it too. (Checked first with a store that takes the move.)
    @Test(arguments: [false, true])
    func refusedRefinementLeavesMemoryAsTheStoreHasIt(refused: Bool) throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try recorder.restore()
        let volcano = "The volcano erupted again, sending lava and ash over the village as the eruption forced families to evacuate."
        let election = "The election count continued as ballots from the parliamentary vote were tallied and the candidate conceded."
        var texts = (1...3).map { "Volcano erupts \($0)\n\n\(volcano) Rescue teams reached district \($0)." }
        texts.append("Vote and volcano\n\nThe volcano erupted near the village. \(election) \(election) Turnout in the election was high.")
        texts += (1...5).map { "Election count \($0)\n\n\(election) Polling station \($0) closed late." }
        for (n, text) in texts.enumerated() { _ = try recorder.record([incomingFile("\(n).txt", text)]) }
        let ids = try store.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM article ORDER BY id") }
        // Copies follow their originals and are not grouped themselves (two volcano reports are copies).
        func storedStories() throws -> [Int64: Int64] {
            try store.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT id, story_id FROM article WHERE duplicate_of IS NULL")
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as Int64, $0["story_id"] as Int64) })
            }
        }
        let atArrival = try storedStories()
        try #require(atArrival[ids[3]] == atArrival[ids[4]] && atArrival[ids[3]] != atArrival[ids[0]],
                     "the mixed report should open the story the election reports join: \(atArrival)")

        if refused {
            try store.write { db in
                try db.execute(sql: "CREATE TEMP TRIGGER refuse BEFORE UPDATE ON article BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
            }
            #expect(throws: StoreError.self) { try recorder.finish() }
            try store.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
            #expect(try storedStories() == atArrival)
        } else {
            try recorder.finish()
            let refined = try storedStories()
            #expect(refined[ids[3]] == refined[ids[0]], "the refinement should move the mixed report to the volcano story")
        }
        let stored = try storedStories()
        #expect(recorder.storiesInMemory(of: ids) == stored, "in memory \(recorder.storiesInMemory(of: ids)), stored \(stored)")
    }

    /// The frequencies are saved on another thread while a refinement runs; a refused save leaves them
    /// unsaved in memory, so the next save writes them.
    @Test func refusedFrequencySaveIsWrittenByTheNext() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try recorder.restore()
        for n in 1...3 {
            _ = try recorder.record([incomingFile("\(n).txt", "Harbour report \(n)\n\nThe harbour reopened after storm number \(n) passed the coast.")])
        }
        try store.write { db in
            try db.execute(sql: "CREATE TEMP TRIGGER refuse BEFORE INSERT ON term_frequency BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        }
        #expect(throws: StoreError.self) { try recorder.finish() }
        #expect(try store.termFrequencies().frequencies.isEmpty)
        try store.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
        try recorder.finish()
        let saved = try store.termFrequencies()
        #expect(saved.documents == 3)
        #expect(!saved.frequencies.isEmpty && saved.frequencies.allSatisfy { $0.1 >= 1 && $0.1 <= 3 })
        #expect(saved.frequencies.contains { $0.1 == 3 }, "a term of all three reports (\"harbour\") counts 3")
    }

    /// The last refinement of a batch copies the write-ahead log into the database file while it runs
    /// in memory, so that closing the store has little left to copy; refinements within a batch leave
    /// the log to SQLite's own checkpoints.
    @Test func lastRefinementOfABatchCopiesTheLogIntoTheDatabaseFile() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        defer { store.close() }
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings(), refineEvery: .max)
        try recorder.restore()
        func record(_ numbers: ClosedRange<Int>) throws {
            for n in numbers {
                _ = try recorder.record([incomingFile("\(n).txt", "Harbour report \(n)\n\nThe harbour reopened after storm number \(n) passed the coast.")])
            }
        }
        // What a reader of the database file alone (no log beside it) finds.
        var copies = 0
        func articlesInTheFileAlone() throws -> Int {
            copies += 1
            let copy = folder.path + "/copy\(copies).sqlite"
            try FileManager.default.copyItem(atPath: store.path, toPath: copy)
            let alone = try NewsStore(path: copy)
            defer { alone.close() }
            return try alone.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? -1 }
        }
        try record(1...3)
        try recorder.refine(ifPending: 1)
        #expect(try articlesInTheFileAlone() == 0, "within a batch the articles wait in the log")
        try record(4...5)
        try recorder.refine(ifPending: 1, last: true)
        #expect(try articlesInTheFileAlone() == 5)
    }

    @Test func claimRecordAndFinish() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let ids = try store.claim([FileClaim(origin: "x.txt", inboxPath: "/in/x.txt", workPath: "/in/.w/1", size: 3, mtime: 1, inode: 9)])
        #expect(try store.unfinishedFiles().map(\.state) == [.claimed])
        var file = incomingFile("x.txt", "Headline\n\nBody text.", claim: ids[0])
        file.archivePath = "/data/archive/x.txt"
        _ = try store.record([file])
        let pending = try store.unfinishedFiles()
        #expect(pending.map(\.state) == [.processed])
        #expect(pending.first?.finalPath == "/data/archive/x.txt")
        try store.markDone(ids)
        #expect(try store.unfinishedFiles().isEmpty)
    }

    @Test func searchRanksAndSurvivesOperators() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        _ = try store.record([
            incomingFile("a.txt", "Elections in Ghana\n\nVoters went to the polls in Accra."),
            incomingFile("b.txt", "Football results\n\nThe election of a new captain was mentioned once."),
        ])
        let hits = try store.search("election")
        #expect(hits.map(\.origin) == ["a.txt", "b.txt"])   // the headline match ranks first; stemming finds "Elections"
        #expect(hits[1].snippet.contains("[election]"))
        #expect(try store.search("\"unbalanced AND (").isEmpty)
        #expect(try store.search("NEAR(").isEmpty)
    }

    @Test func dayQueriesAndDigestRuns() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let when = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try store.record([incomingFile("a.txt", "Headline\n\nBody.")], at: when)
        #expect(try store.articles(ingestedFrom: when.addingTimeInterval(-1), to: when.addingTimeInterval(1)).count == 1)
        #expect(try store.articles(ingestedFrom: when.addingTimeInterval(1), to: when.addingTimeInterval(2)).isEmpty)
        try store.recordDigestRun(DigestRunRecord(day: "2027-01-15", writtenAt: when, articleCount: 1, path: "/d/2027-01-15.md"))
        #expect(try store.digestRuns(limit: 5).map(\.day) == ["2027-01-15"])
        #expect(try store.firstIngest() == when)
    }

    /// The writer indexes articles for search itself (no insert trigger): copies are indexed by headline,
    /// and FTS5's own integrity check finds the index in step with the article table.
    @Test func searchIndexFollowsEveryInsert() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let text = "Harbour fire contained\n\nFirefighters contained the blaze at the harbour overnight."
        _ = try store.record([incomingFile("a.txt", text), incomingFile("copy.txt", text),
                              incomingFile("b.txt", "Markets calm\n\nShares barely moved on Tuesday.")])
        #expect(try store.search("harbour").map(\.origin).sorted() == ["a.txt", "copy.txt"])
        #expect(try store.search("blaze").map(\.origin) == ["a.txt"])   // the copy has no body of its own
        #expect(try store.search("shares").map(\.origin) == ["b.txt"])
        let rows = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article_fts") }
        #expect(rows == 3)
        try store.write { db in try db.execute(sql: "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')") }
    }

    /// The index merges 16 segments of a level at a time (migration v4): an article committed alone, as
    /// the daemon commits them, is still found after 40 such commits, and the index stays sound.
    @Test func searchIndexMergesSixteenSegmentsAtATime() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let config = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT k, v FROM article_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k")
                .map { "\($0["k"] as String? ?? "")=\($0["v"] as Int? ?? 0)" }
        }
        #expect(config == ["automerge=16", "crisismerge=64"])
        for n in 1...40 {
            _ = try store.record([incomingFile("\(n).txt", "Report \(n)\n\nThe lighthouse keeper on island \(n) logged \(n * 7) gusts, \(n * 13) waves and \(n + 400) birds in storm \(n).")])
        }
        #expect(try store.search("lighthouse", limit: 100).count == 40)
        #expect(try store.search("storm 37").map(\.origin) == ["37.txt"])
        try store.write { db in try db.execute(sql: "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')") }
    }

    /// The writer commits with `synchronous = FULL` (2), which GRDB's pool would otherwise turn to
    /// NORMAL (1) after the connection is prepared; readers never commit.
    @Test func writerCommitsWaitForTheDisk() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/n.sqlite"
        for _ in 0..<2 {                                             // a new file, then the same file again
            let store = try NewsStore(path: path)
            #expect(try Self.synchronous(store) == 2)
            store.close()
        }
    }

    /// Batch ingest commits without waiting for the disk while it runs, and leaves the store as it found it.
    @Test func batchIngestTurnsDurableCommitsOffForItsBatchOnly() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        try store.setDurableCommits(false)
        #expect(try Self.synchronous(store) == 1)
        try store.setDurableCommits(true)
        #expect(try Self.synchronous(store) == 2)
        let files = folder.path + "/in"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try "Harbour reopens\n\nThe harbour reopened on Monday after the storm.".write(toFile: files + "/a.txt", atomically: true, encoding: .utf8)
        let seen = Mutex<[Int]>([])
        let report = try BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 1)
            .ingest(try BatchIngester.collect([files]), progressEvery: 1) { _ in
                seen.withLock { $0.append((try? Self.synchronous(store)) ?? -1) }
            }
        #expect(report.stored == 1)
        #expect(seen.withLock { $0 } == [1])                         // during the batch: NORMAL
        #expect(try Self.synchronous(store) == 2)                    // after it: FULL again
    }

    /// The daemon's mark after archiving commits without waiting for the disk (a lost mark is made again
    /// at the next start): the level is lowered just before its transaction and put back right after,
    /// also when the transaction fails.
    @Test func markAfterArchivingSkipsTheDiskWaitOnly() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let ids = try store.claim([FileClaim(origin: "a.txt", inboxPath: "/in/a.txt", workPath: "/in/.w/a", size: 1, mtime: 1, inode: 1)])
        let statements = Mutex<[String]>([])
        func traced(_ body: () throws -> Void) throws -> [String] {
            statements.withLock { $0 = [] }
            try store.readOnWriter { db in db.trace { event in statements.withLock { $0.append("\(event)") } } }
            defer { _ = try? store.readOnWriter { db in db.trace(options: [], nil) } }
            try body()
            return statements.withLock { $0 }
        }
        func position(_ prefix: String, in log: [String]) -> Int? { log.firstIndex { $0.hasPrefix(prefix) } }

        // The daemon's claim does not wait either (a power cut's lost claim: see `WorkName`).
        let claimLog = try traced {
            _ = try store.claim([FileClaim(origin: "b.txt", inboxPath: "/in/b.txt", workPath: "/in/.w/b", size: 1, mtime: 1, inode: 2)],
                                waitForDisk: false)
        }
        let claimLowered = try #require(position("PRAGMA synchronous = NORMAL", in: claimLog))
        let claimInsert = try #require(position("INSERT INTO \"file\"", in: claimLog))
        let claimRestored = try #require(position("PRAGMA synchronous = FULL", in: claimLog))
        #expect(claimLowered < claimInsert && claimInsert < claimRestored)
        #expect(try store.hasLedgerRow(workPath: "/in/.w/b") && !store.hasLedgerRow(workPath: "/in/.w/c"))

        let log = try traced { try store.markDone(ids, waitForDisk: false) }
        let lowered = try #require(position("PRAGMA synchronous = NORMAL", in: log))
        let begun = try #require(position("BEGIN", in: log))
        let marked = try #require(position("UPDATE file SET state = 'done'", in: log))
        let committed = try #require(position("COMMIT", in: log))
        let restored = try #require(position("PRAGMA synchronous = FULL", in: log))
        #expect(lowered < begun && begun < marked && marked < committed && committed < restored)
        #expect(try Self.synchronous(store) == 2)
        #expect(try store.unfinishedFiles().map(\.origin) == ["b.txt"])

        // The default waits: no change of level at all.
        let waiting = try traced { try store.markDone(ids) }
        #expect(position("UPDATE file SET state = 'done'", in: waiting) != nil)
        #expect(position("PRAGMA synchronous", in: waiting) == nil)

        // A failed transaction puts the level back too.
        #expect(throws: StoreError.self) {
            try store.writeWithoutWaitingForDisk { db in try db.execute(sql: "UPDATE no_such_table SET x = 1") }
        }
        #expect(try Self.synchronous(store) == 2)
    }

    /// The daemon's record commits under NORMAL (its rows visible at once) and ``NewsStore/waitForDisk()``
    /// then syncs the log without the write lock; with no file left to sync it says so.
    @Test func recordWithoutWaitingThenWaitForDisk() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/n.sqlite"
        let store = try NewsStore(path: path)
        let statements = Mutex<[String]>([])
        try store.readOnWriter { db in db.trace { event in statements.withLock { $0.append("\(event)") } } }
        _ = try store.recordBatch([incomingFile("a.txt", "Bridge reopens\n\nThe bridge reopened on Monday.")], waitForDisk: false)
        _ = try store.readOnWriter { db in db.trace(options: [], nil) }
        let log = statements.withLock { $0 }
        func position(_ prefix: String) -> Int? { log.firstIndex { $0.hasPrefix(prefix) } }
        let lowered = try #require(position("PRAGMA synchronous = NORMAL"))
        let inserted = try #require(position("INSERT INTO article"))
        let restored = try #require(position("PRAGMA synchronous = FULL"))
        #expect(lowered < inserted && inserted < restored)
        #expect(try Self.synchronous(store) == 2)

        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        try store.waitForDisk()
        try store.waitForDisk()
        // Both files gone from under the store: nothing to sync, and an error that names the file.
        try FileManager.default.removeItem(atPath: path + "-wal")
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: StoreError.failed("cannot open \(path)-wal to sync it: No such file or directory")) {
            try store.waitForDisk()
        }
    }

    /// The fold beside a batch's last refinement copies the log into the database file and cuts it back
    /// to nothing; when another connection reads a snapshot in the log, it leaves the log at once for
    /// ``NewsStore/close()`` instead of waiting for the reader (the store's busy timeout is 10 s).
    @Test func foldingTheLogCutsItBackWithoutWaitingForReaders() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/n.sqlite"
        let store = try NewsStore(path: path)
        try store.setCheckpointInterval(bytes: 80 << 20)             // as during a batch
        func logBytes() throws -> Int { try #require(FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) }
        func writeTwoMegabytes() throws {
            try store.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS scratch (data BLOB)") }
            for _ in 0..<32 {
                try store.write { db in try db.execute(sql: "INSERT INTO scratch (data) VALUES (zeroblob(65536))") }
            }
        }
        try writeTwoMegabytes()
        #expect(try logBytes() >= 2 << 20)
        store.copyLogIntoDatabase()
        #expect(try logBytes() == 0)

        try writeTwoMegabytes()
        let reader = try heldSnapshot(of: path, reading: "scratch")
        let started = Date()
        store.copyLogIntoDatabase()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(try logBytes() >= 2 << 20)
        try reader.inDatabase { db in try db.rollback() }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scratch") } == 64)
        // The busy timeout is back for everything else.
        #expect(try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") } == 10_000)
    }

    private static func synchronous(_ store: NewsStore) throws -> Int? {
        try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
    }

    /// An article recorded in `store` is found by search, and the file is sound.
    private func expectStoresAndFinds(in store: NewsStore) throws {
        let recorder = ArticleRecorder(store: store, settings: ArticleGrouper.Settings())
        try recorder.restore()
        _ = try recorder.record([incomingFile("a.txt", "Harbour reopens\n\nThe harbour reopened on Monday after the storm.")])
        #expect(try store.search("harbour").count == 1)
        #expect(try store.integrityCheck() == "ok")
    }

    /// A new database gets 16 KB pages; the log's checkpoint interval is set in bytes, so it is the
    /// same 4 MB (80 MB during a batch) in pages of either size.
    @Test func newDatabaseHasSixteenKilobytePagesAndCheckpointsByBytes() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        func pageSize() throws -> Int? { try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } }
        func interval() throws -> Int? { try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } }
        #expect(try pageSize() == 16_384)
        #expect(try interval() == 256)
        try store.setCheckpointInterval(bytes: 80 << 20)
        #expect(try interval() == 5_120)
        try expectStoresAndFinds(in: store)
    }

    /// A database made with 4 KB pages (every store before 16 KB pages) keeps them: SQLite cannot change
    /// the page size of a database in WAL mode, and the store works as before.
    @Test func databaseWithFourKilobytePagesKeepsThem() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/old.sqlite"
        do {
            let pool = try DatabasePool(path: path)
            try NewsStore.migrator.migrate(pool)
            #expect(try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4_096)
        }
        let store = try NewsStore(path: path)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4_096)
        #expect(try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } == 1_024)
        try expectStoresAndFinds(in: store)
    }

    /// A multi-row statement's journal (a frequency save's) stays in memory on every connection, the
    /// writer's and the readers'; in a temporary file it cost a tenth of a large ingest.
    @Test func statementJournalsStayInMemory() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let memory = 2
        #expect(try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == memory)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == memory)
        // And the save that needs the journal still writes every row.
        let frequencies = (1...5_000).map { (UInt64($0) &* 0x9E37_79B9_7F4A_7C15, Int32($0 % 7 + 1)) }
        try store.saveTermFrequencies(frequencies, documents: 9)
        let (documents, saved) = try store.termFrequencies()
        #expect(documents == 9 && saved.count == 5_000)
    }

    /// Migration v5 rebuilds the ledger with its checks as comparisons: the rows, the ids that
    /// articles and contents point at, and the indexes come through, and a bad state is still refused.
    @Test func ledgerRebuildKeepsRowsAndChecks() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/old.sqlite"
        do {
            let queue = try DatabaseQueue(path: path)
            try NewsStore.migrator.migrate(queue, upTo: "v4: the search index merges its segments less often")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO file (id, origin, size, mtime, inode, sha256, state, outcome, error, claimed_at, finished_at)
                        VALUES (7, 'wire/a.txt', 10, 1.5, 3, 'aa', 'done', 'stored', NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000'),
                               (9, 'bad.bin', 3, 2.5, 4, 'bb', 'done', 'failed', 'binary', '2026-01-01 00:00:00.000', '2026-01-01 00:00:02.000'),
                               (12, 'late.txt', 5, 3.5, 5, NULL, 'claimed', NULL, NULL, '2026-01-01 00:00:00.000', NULL);
                    INSERT INTO content (sha256, file_id) VALUES ('aa', 7);
                    """)
            }
        }
        let store = try NewsStore(path: path)
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, origin, state, outcome, error FROM file ORDER BY id").map {
                "\($0["id"] as Int64) \($0["origin"] as String) \($0["state"] as String) \($0["outcome"] as String? ?? "-") \($0["error"] as String? ?? "-")"
            }
        }
        #expect(rows == ["7 wire/a.txt done stored -", "9 bad.bin done failed binary", "12 late.txt claimed - -"])
        #expect(try store.originStored(withContent: "aa") == "wire/a.txt")
        #expect(try store.unfinishedFiles().map(\.origin) == ["late.txt"])
        let schema = try store.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_schema WHERE tbl_name = 'file' ORDER BY name")
        }
        #expect(schema.count == 4)                                   // the table and its three indexes
        #expect(!schema.contains { $0.contains(" IN (") })
        #expect(try store.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count } == 0)
        #expect(throws: (any Error).self) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO file (origin, size, mtime, inode, state, claimed_at) VALUES ('x', 1, 1, 1, 'lost', '2026-01-01')")
            }
        }
        #expect(throws: (any Error).self) {
            try store.write { db in
                try db.execute(sql: "UPDATE file SET outcome = 'maybe' WHERE id = 7")
            }
        }
    }

    /// The JSON columns are written by hand: they must read back as what was analysed, whatever the text holds.
    @Test func findingsJSONRoundTrips() throws {
        let entities = [Entity(name: "Mahmoud \"Abu\" Ali", kind: .person, canonical: nil, mentions: 2),
                        Entity(name: "Ali", kind: .person, canonical: "Mahmoud \"Abu\" Ali"),
                        Entity(name: "Ōsaka\\Kōbe\u{1}", kind: .place)]
        let quotes = [Quote(speaker: nil, text: "Line one\nline\ttwo \u{201C}nested\u{201D} \"straight\""),
                      Quote(speaker: "Ayatollah Ali Khamenei", text: "é 😀")]
        let figures = [Figure(text: "more than 12,300 people", value: 12_300, qualifier: "more than", what: "people",
                              event: "killed", attribution: "the Hamas government"),
                       Figure(text: "5.6 magnitude", value: 5.6, qualifier: nil, what: "magnitude", event: nil, attribution: nil),
                       Figure(text: "a third", value: 1.0 / 3, qualifier: nil, what: "voters", event: nil, attribution: nil),
                       Figure(text: "between 200 and 300 homes", value: 200, upper: 300, qualifier: "between", what: "homes",
                              event: nil, attribution: nil)]
        let encodedEntities = try #require(AnalysisJSON.encode(entities))
        let encodedQuotes = try #require(AnalysisJSON.encode(quotes))
        let encodedFigures = try #require(AnalysisJSON.encode(figures))
        #expect(AnalysisJSON.decode(encodedEntities, as: Entity.self) == entities)
        #expect(AnalysisJSON.decode(encodedQuotes, as: Quote.self) == quotes)
        #expect(AnalysisJSON.decode(encodedFigures, as: Figure.self) == figures)
        #expect(encodedFigures.hasPrefix(#"[{"text":"more than 12,300 people","value":12300,"upper":null,"qualifier":"more than""#))
        #expect(encodedEntities.contains(#"\u0001"#))
        #expect(AnalysisJSON.encode([Quote]()) == nil)
    }

    /// Whole numbers are written digit by digit, as `String` writes them; negative and zero included.
    @Test func wholeNumbersAreWrittenAsStringWritesThem() {
        for value: Int64 in [0, 7, -7, 9, 10, -10, 99, 100, 2_225, 999_999_999_999_999, -1_000_000_000_000_000, .max, .min] {
            var json = JSONBytes()
            json.integer(value)
            #expect(String(decoding: json.bytes, as: UTF8.self) == String(value))
        }
        var json = JSONBytes()
        json.number(-0.0)
        json.number(.nan)
        json.number(2.5)
        #expect(String(decoding: json.bytes, as: UTF8.self) == "0null2.5")
    }
}
