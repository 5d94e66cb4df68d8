import Foundation
import GRDB
import Logging
import Synchronization
import Testing
@testable import Core

@Suite("Inbox processing in process", .serialized)
struct InboxProcessorTests {
    private func setUp(_ folder: TemporaryFolder) throws -> (NewsStore, InboxProcessor, DataLayout) {
        let (store, layout) = try openStore(folder)
        return (store, makeProcessor(folder, store: store, layout: layout), layout)
    }

    /// The store and data folders under `folder/data`, for tests that build their own processors.
    private func openStore(_ folder: TemporaryFolder) throws -> (NewsStore, DataLayout) {
        let layout = DataLayout(dataDir: folder.path + "/data")
        return (try NewsStore(path: layout.database), layout)
    }

    /// A processor of `folder/in` without logging; `waitForDisk` replaces the store's sync before archiving.
    private func makeProcessor(_ folder: TemporaryFolder, store: NewsStore, layout: DataLayout,
                           waitForDisk: (@Sendable () throws(StoreError) -> Void)? = nil) -> InboxProcessor {
        let settings = InboxProcessor.Settings(inbox: folder.path + "/in", layout: layout, maxFileBytes: 1000, workers: 2,
                                               timeZone: .current)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        guard let waitForDisk else { return InboxProcessor(settings: settings, store: store, logger: logger) }
        return InboxProcessor(settings: settings, store: store, logger: logger, waitForDisk: waitForDisk)
    }

    /// A backlog goes in full batches; a few waiting files go a quarter batch at a time.
    @Test func backlogsGoInFullBatchesAndAFewFilesInQuarterBatches() {
        #expect(InboxProcessor.batchSize(waiting: 20_000, most: 256) == 256)
        #expect(InboxProcessor.batchSize(waiting: 1_024, most: 256) == 256)
        #expect(InboxProcessor.batchSize(waiting: 1_023, most: 256) == 64)
        #expect(InboxProcessor.batchSize(waiting: 3, most: 256) == 64)
        #expect(InboxProcessor.batchSize(waiting: 3, most: 2) == 1)
    }

    /// After an upgrade of the analysers the processor finds the findings of older articles again while
    /// the inbox is idle, a page at a time, and goes on after files dropped meanwhile: their files are
    /// stored as usual, and the older articles end with what this newsd finds for them.
    @Test func olderFindingsAreFoundAgainWhileTheInboxIsIdle() throws {
        let folder = TemporaryFolder()
        let (store, layout) = try openStore(folder)
        let texts = (1...400).map { number in
            "Flood in district \(number)\n\nAt least \(number + 10) people were hurt in district \(number), officials said. " +
                "\"We are still searching,\" said Maria Lopez, who leads rescue team \(number)."
        }
        _ = try store.record(texts.enumerated().map { index, text in
            let bytes = Array(text.utf8)
            return IncomingFile(claimID: nil, origin: "old/\(index).txt", size: Int64(bytes.count), mtime: 1, inode: 1,
                                sha256: SHA256.hex(bytes), content: ArticlePipeline().content(of: bytes, origin: "old/\(index).txt"))
        })
        let columns = "SELECT entities, quotes, figures FROM article WHERE id <= 400 ORDER BY id"
        let findings = { () throws -> [[String?]] in
            try store.read { db in
                try Row.fetchAll(db, sql: columns).map { row in [row["entities"], row["quotes"], row["figures"]] }
            }
        }
        let fresh = try findings()
        #expect(fresh.count == 400)
        try store.write { db in try db.execute(sql: "UPDATE article SET entities = NULL, quotes = NULL, figures = NULL, analyzer = NULL") }

        let processor = makeProcessor(folder, store: store, layout: layout)
        processor.recover()
        let drop = { (index: Int) throws in
            try folder.write("Council meets on budget \(index)\n\nThe council met on Tuesday and agreed the budget.", to: "in/new\(index).txt")
        }
        try drop(1)
        // The first file is queued before the catch-up's first page, which therefore waits for it: the
        // catch-up must go on once the file is stored.
        let done = Mutex<[Reanalyzer.Report]>([])
        processor.catchUpAnalysis { report in done.withLock { $0.append(report) } }
        processor.submit([folder.path + "/in/new1.txt"])
        processor.waitUntilDrained()
        // Files dropped while it goes on: each is stored before the next is dropped.
        for index in 2...4 {
            try drop(index)
            processor.submit([folder.path + "/in/new\(index).txt"])
            processor.waitUntilDrained()
        }
        let deadline = Date().addingTimeInterval(60)
        while done.withLock({ $0.isEmpty }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        // Nothing older is left: a second catch-up has nothing to do and does not report done.
        processor.catchUpAnalysis { report in done.withLock { $0.append(report) } }
        processor.waitUntilDrained()
        processor.stop()

        #expect(processor.stats.stored == 4)
        #expect(processor.caughtUp == Reanalyzer.Report(articles: 400, changed: 400, copies: 0))
        // Told once, when the last page was saved (the daemon then writes stale digests again).
        #expect(done.withLock { $0 } == [Reanalyzer.Report(articles: 400, changed: 400, copies: 0)])
        #expect(try store.articlesAnalyzedBefore(version: ArticleAnalyzer.version) == 0)
        #expect(try findings() == fresh)
    }

    @Test func claimsParsesStoresAndArchives() throws {
        let folder = TemporaryFolder()
        try folder.write("Headline one\n\nBody one.", to: "in/reuters/one.txt")
        try folder.write(String(repeating: "x", count: 2000), to: "in/big.txt")
        try folder.write("\u{0}\u{1}binary", to: "in/bad.txt")
        let (store, processor, layout) = try setUp(folder)
        processor.submit(["one", "big.txt", "bad.txt"].map { folder.path + "/in/" + ($0 == "one" ? "reuters/one.txt" : $0) })
        processor.waitUntilDrained()
        processor.stop()

        let day = DayKey(containing: Date(), in: .current).archiveFolder
        #expect(FileReader.status(layout.archive + "/\(day)/reuters/one.txt") != nil)
        #expect(FileReader.status(layout.failed + "/big.txt") != nil)
        #expect(try String(contentsOfFile: layout.failed + "/bad.txt.error", encoding: .utf8).contains("binary"))
        #expect(try String(contentsOfFile: layout.failed + "/big.txt.error", encoding: .utf8).contains("max_file_bytes"))
        #expect(try store.unfinishedFiles().isEmpty)
        let articles = try store.exportPage(after: 0, limit: 10)
        #expect(articles.map(\.source) == ["reuters"])
        #expect(InboxScanner.scan(folder.path + "/in").entries.isEmpty)
    }

    /// A file dropped again, under any folder, is known by its bytes and not parsed; under another
    /// extension it is parsed, since it might not parse at all.
    @Test func bytesTheStoreHoldsAreNotParsedAgain() throws {
        let folder = TemporaryFolder()
        let text = "Dam holds after storm\n\nEngineers said the dam held overnight as the river rose."
        try folder.write(text, to: "in/wire/a.txt")
        let (store, processor, layout) = try setUp(folder)
        processor.submit([folder.path + "/in/wire/a.txt"])
        processor.waitUntilDrained()
        try folder.write(text, to: "in/other/b.TXT")
        try folder.write(text, to: "in/c.md")
        processor.submit([folder.path + "/in/other/b.TXT", folder.path + "/in/c.md"])
        processor.waitUntilDrained()
        processor.stop()

        let stats = processor.stats
        #expect(stats.stored == 1 && stats.duplicates == 2 && stats.failed == 0)
        #expect(stats.notParsed == 1)
        let articles = try store.exportPage(after: 0, limit: 10)
        #expect(articles.map(\.origin) == ["wire/a.txt", "other/b.TXT", "c.md"])
        #expect(articles.dropFirst().allSatisfy { $0.duplicateOf == articles[0].id && $0.story == articles[0].story })
        #expect(articles.map(\.source) == ["wire", "wire", "wire"])     // the copy's rows are the original's
        let day = DayKey(containing: Date(), in: .current).archiveFolder
        #expect(FileReader.status(layout.archive + "/\(day)/other/b.TXT") != nil)
        #expect(try store.unfinishedFiles().isEmpty)
    }

    /// While the work loop waits for another process's write lock, its stats name the batch it holds
    /// and since when (the daemon's status line shows it); once the batch is handed on, nothing.
    @Test func statsNameTheBatchTheLoopIsStuckOn() async throws {
        let folder = TemporaryFolder()
        let (store, processor, _) = try setUp(folder)
        #expect(processor.stats.batchInHand == nil)
        let other = try DatabaseQueue(path: store.path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? other.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            }
        }
        holder.start()
        locked.wait()
        let dropped = Date()
        try folder.write("Stuck headline\n\nArrives while the store is locked.", to: "in/stuck.txt")
        processor.submit([folder.path + "/in/stuck.txt"])
        var held: InboxProcessor.BatchInHand?
        for _ in 0..<100 where held == nil {
            try await Task.sleep(for: .milliseconds(20))
            held = processor.stats.batchInHand
        }
        release.signal()
        let batch = try #require(held, "no batch in hand while the claim waited for the lock")
        #expect(batch.files == 1)
        #expect(batch.since >= dropped.addingTimeInterval(-0.01) && batch.since <= Date())
        processor.waitUntilDrained()
        #expect(processor.stats.batchInHand == nil)
        #expect(processor.stats.stored == 1)
        processor.stop()
    }

    @Test func namesParseAlikeWhenTheirExtensionsAgree() {
        #expect(ArticlePipeline.parsesAlike("wire/a.txt", "other/b.TXT"))
        #expect(ArticlePipeline.parsesAlike("a", "feeds/b"))
        #expect(ArticlePipeline.parsesAlike("x.tar.gz", "y.gz"))
        #expect(!ArticlePipeline.parsesAlike("a.txt", "a.md"))
        #expect(!ArticlePipeline.parsesAlike("a.json", "a"))
        #expect(!ArticlePipeline.parsesAlike("v1.2/a", "v1.2/a.json"))
    }

    @Test func recoveryFinishesAnInterruptedFile() throws {
        let folder = TemporaryFolder()
        let (store, processor, layout) = try setUp(folder)
        // As if a crash hit after the claim rename: a claimed row, the file in the work folder.
        let work = folder.path + "/in/.newsd-work/claim-9"
        try folder.write("Headline\n\nBody.", to: "in/.newsd-work/claim-9")
        _ = try store.claim([FileClaim(origin: "late.txt", inboxPath: folder.path + "/in/late.txt", workPath: work,
                                       size: 15, mtime: 0, inode: FileReader.status(work)?.inode ?? 0)])
        processor.recover()
        #expect(try store.unfinishedFiles().isEmpty)
        #expect(try store.exportPage(after: 0, limit: 10).map(\.origin) == ["late.txt"])
        let day = DayKey(containing: Date(), in: .current).archiveFolder
        #expect(FileReader.status(layout.archive + "/\(day)/late.txt") != nil)
        #expect(FileReader.status(work) == nil)
        processor.stop()
    }

    /// As if a power cut took a claim's row (its commit does not wait for the disk) and kept the file's
    /// rename into the work folder: recovery puts the file back where it was dropped, and it is then
    /// taken like any new file, its source still its inbox folder. A file a row names stays.
    @Test func recoveryPutsBackAFileWhoseClaimWasLost() throws {
        let folder = TemporaryFolder()
        let (store, processor, layout) = try setUp(folder)
        let lost = "in/.newsd-work/" + WorkName.make(token: "claim-1-1-0", origin: "reuters/lost.txt")
        try folder.write("Flood closes bridge\n\nThe river rose overnight.", to: lost)
        let anonymous = "in/.newsd-work/claim-2-1-0"
        try folder.write("Storm delays ferries\n\nCrossings resume tomorrow.", to: anonymous)
        let claimed = folder.path + "/in/.newsd-work/claim-3"
        try folder.write("Headline\n\nBody.", to: "in/.newsd-work/claim-3")
        _ = try store.claim([FileClaim(origin: "late.txt", inboxPath: folder.path + "/in/late.txt", workPath: claimed,
                                       size: 15, mtime: 0, inode: FileReader.status(claimed)?.inode ?? 0)])
        processor.recover()
        #expect(FileReader.status(folder.path + "/" + lost) == nil)
        #expect(FileReader.status(folder.path + "/in/reuters/lost.txt") != nil)
        #expect(FileReader.status(folder.path + "/in/claim-2-1-0") != nil)
        #expect(try store.exportPage(after: 0, limit: 10).map(\.origin) == ["late.txt"])

        processor.submit([folder.path + "/in/reuters/lost.txt", folder.path + "/in/claim-2-1-0"])
        processor.waitUntilDrained()
        processor.stop()
        let articles = try store.exportPage(after: 0, limit: 10)
        #expect(articles.map(\.origin) == ["late.txt", "reuters/lost.txt", "claim-2-1-0"])
        #expect(articles.first { $0.origin == "reuters/lost.txt" }?.source == "reuters")
        let day = DayKey(containing: Date(), in: .current).archiveFolder
        #expect(FileReader.status(layout.archive + "/\(day)/reuters/lost.txt") != nil)
        #expect(InboxScanner.scan(folder.path + "/in").entries.isEmpty)
    }

    /// A batch's rows are visible before they are on the disk, and its files stay in the work folder
    /// until they are: the archive queue waits for the disk, then moves them.
    @Test func filesMoveOnlyOnceTheirRowsAreOnDisk() throws {
        let folder = TemporaryFolder()
        try folder.write("Ferry strike ends\n\nCrossings resumed at dawn.", to: "in/wire/a.txt")
        let (store, layout) = try openStore(folder)
        let day = DayKey(containing: Date(), in: .current).archiveFolder
        let archived = layout.archive + "/\(day)/wire/a.txt"
        // At each wait: the rows a reader sees, and whether the file is in the archive yet.
        let seen = Mutex<[(rows: Int, archived: Bool)]>([])
        let processor = makeProcessor(folder, store: store, layout: layout, waitForDisk: { () throws(StoreError) in
            let rows = try store.exportPage(after: 0, limit: 10).count
            seen.withLock { $0.append((rows, FileReader.status(archived) != nil)) }
            try store.waitForDisk()
        })
        processor.submit([folder.path + "/in/wire/a.txt"])
        processor.waitUntilDrained()
        processor.stop()
        let waits = seen.withLock { $0 }
        #expect(waits.count == 1)
        #expect(waits.first?.rows == 1 && waits.first?.archived == false)
        #expect(FileReader.status(archived) != nil)
        #expect(try store.unfinishedFiles().isEmpty)
    }

    /// When the disk cannot be synced, the files stay in the work folder with rows that say where they
    /// go; a later recovery, once a sync works, moves them.
    @Test func aFailedSyncLeavesTheFilesForRecovery() throws {
        let folder = TemporaryFolder()
        try folder.write("Ferry strike ends\n\nCrossings resumed at dawn.", to: "in/a.txt")
        let (store, layout) = try openStore(folder)
        let failing = makeProcessor(folder, store: store, layout: layout,
                                    waitForDisk: { () throws(StoreError) in throw .failed("disk I/O error") })
        failing.submit([folder.path + "/in/a.txt"])
        failing.waitUntilDrained()
        failing.stop()
        let day = DayKey(containing: Date(), in: .current).archiveFolder
        #expect(FileReader.status(layout.archive + "/\(day)/a.txt") == nil)
        #expect(InboxScanner.scan(folder.path + "/in/.newsd-work").entries.count == 1)
        #expect(try store.unfinishedFiles().map(\.state) == [.processed])
        #expect(try store.exportPage(after: 0, limit: 10).map(\.origin) == ["a.txt"])

        let working = makeProcessor(folder, store: store, layout: layout)
        working.recover()
        working.stop()
        #expect(FileReader.status(layout.archive + "/\(day)/a.txt") != nil)
        #expect(InboxScanner.scan(folder.path + "/in/.newsd-work").entries.isEmpty)
        #expect(try store.unfinishedFiles().isEmpty)
    }

    /// A sync that fails is retried while the daemon runs, with the store's growing delay, like any write
    /// the store refused: once the disk works again, the files move without a restart. (Two failures:
    /// the archive queue's, then the first retry's, which must schedule the next.)
    @Test func aSyncThatWorksAgainMovesTheFilesWithoutARestart() throws {
        let folder = TemporaryFolder()
        try folder.write("Ferry strike ends\n\nCrossings resumed at dawn.", to: "in/a.txt")
        let (store, layout) = try openStore(folder)
        let failuresLeft = Mutex(2)
        let processor = makeProcessor(folder, store: store, layout: layout, waitForDisk: { () throws(StoreError) in
            let fail = failuresLeft.withLock { left -> Bool in
                defer { left = max(0, left - 1) }
                return left > 0
            }
            if fail { throw .failed("disk I/O error") }
            try store.waitForDisk()
        })
        processor.submit([folder.path + "/in/a.txt"])
        processor.waitUntilDrained()
        let archived = layout.archive + "/" + DayKey(containing: Date(), in: .current).archiveFolder + "/a.txt"
        #expect(FileReader.status(archived) == nil)
        #expect(try store.unfinishedFiles().map(\.state) == [.processed])

        let deadline = Date().addingTimeInterval(10)
        while FileReader.status(archived) == nil && Date() < deadline { usleep(50_000) }
        processor.waitUntilDrained()
        processor.stop()
        #expect(FileReader.status(archived) != nil)
        #expect(try store.unfinishedFiles().isEmpty)
    }

    /// The work name carries the origin, and only one that stays inside the inbox comes back out.
    @Test func workNamesCarryTheOrigin() {
        let name = WorkName.make(token: "claim-5-9-2", origin: "wire/100% sure/a~b.txt")
        #expect(name == "claim-5-9-2~wire%2F100%25 sure%2Fa~b.txt")
        #expect(WorkName.origin(of: name) == "wire/100% sure/a~b.txt")
        #expect(WorkName.origin(of: "claim-5-9-2") == nil)
        #expect(WorkName.origin(of: "claim-5-9-2~%2Fetc%2Fpasswd") == nil)
        #expect(WorkName.origin(of: "claim-5-9-2~a%2F..%2F..%2Fx") == nil)
        #expect(WorkName.origin(of: "claim-5-9-2~a%2F%2Fx") == nil)
        #expect(WorkName.origin(of: "claim-5-9-2~") == nil)
        #expect(WorkName.origin(of: "claim-5-9-2~50%off.txt") == "50%off.txt")
        // Too long for a file name with its token: the token alone.
        let long = String(repeating: "n", count: 250) + ".txt"
        #expect(WorkName.make(token: "claim-5-9-2", origin: long) == "claim-5-9-2")
    }

    /// A batch slower than the setting is logged as a warning with where its time went; under it, not.
    @Test(arguments: [(0.0, true), (3600.0, false)])
    func slowBatchesAreLoggedWithTheirPhases(threshold: Double, logged: Bool) throws {
        let folder = TemporaryFolder()
        try folder.write("Headline one\n\nBody one.", to: "in/one.txt")
        let (store, layout) = try openStore(folder)
        let messages = LoggedMessages()
        let processor = InboxProcessor(
            settings: .init(inbox: folder.path + "/in", layout: layout, maxFileBytes: 1000, workers: 2, timeZone: .current,
                            slowBatchSeconds: threshold),
            store: store, logger: Logger(label: "test", factory: { _ in MessageCollector(messages: messages) }))
        processor.submit([folder.path + "/in/one.txt"])
        processor.waitUntilDrained()
        processor.stop()
        #expect(try store.exportPage(after: 0, limit: 10).map(\.origin) == ["one.txt"])
        let warnings = messages.list.withLock { $0 }.filter { $0.0 == .warning && $0.1.hasPrefix("slow batch: ") }.map(\.1)
        if logged {
            #expect(warnings.count == 1, "\(warnings)")
            let pattern = #/slow batch: 1 file in \d+ ms \(claim \d+, parse \d+, waiting for the writer \d+, record \d+ ms\)/#
            #expect(warnings.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(warnings)")
        } else {
            #expect(warnings.isEmpty, "\(warnings)")
        }
    }

    @Test func batchTimingsAddUpAndRound() {
        let timings = BatchTimings(files: 3, claim: 1.6, parse: 4.2, queued: 1590.4, record: 15.3)
        #expect(abs(timings.total - 1611.5) < 1e-9)
        #expect(timings.description == "3 files in 1612 ms (claim 2, parse 4, waiting for the writer 1590, record 15 ms)")
    }
}

/// What was logged, by level, for tests that read the log.
final class LoggedMessages: Sendable {
    let list = Mutex<[(Logger.Level, String)]>([])
}

/// Keeps what is logged in ``LoggedMessages``.
struct MessageCollector: LogHandler {
    let messages: LoggedMessages
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        messages.list.withLock { $0.append((event.level, event.message.description)) }
    }
}

@Suite("Inbox watcher with real inotify", .serialized)
struct InboxWatcherTests {
    @Test func renamedFilesArriveAndDotfilesDoNot() async throws {
        let folder = TemporaryFolder()
        let inbox = folder.path + "/in"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let seen = Mutex<[String]>([])
        let watcher = InboxWatcher(
            settings: .init(inbox: inbox, mode: .inotify, settleSeconds: 30, rescanSeconds: 600, pollSeconds: 1),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })) { paths in
            seen.withLock { $0 += paths }
        }
        try watcher.start()
        try folder.write("hidden", to: "in/.draft")
        try folder.write("Headline\n\nBody.", to: "in/.incoming.txt")
        #expect(rename(inbox + "/.incoming.txt", inbox + "/story.txt") == 0)
        try FileManager.default.createDirectory(atPath: inbox + "/ap", withIntermediateDirectories: true)
        try folder.write("Headline\n\nBody.", to: "in/.other")
        // Wait for the new folder's watch, then rename into it (a rename before the watch would be
        // found by the folder's scan instead, and wait out the 30 s settle time).
        for _ in 0..<200 where !watcher.isWatching(inbox + "/ap") {
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(watcher.isWatching(inbox + "/ap"), "no watch on the new folder after 4 s")
        #expect(rename(inbox + "/.other", inbox + "/ap/wire.txt") == 0)
        for _ in 0..<50 where seen.withLock({ $0.count }) < 2 {
            try await Task.sleep(for: .milliseconds(50))
        }
        watcher.stop()
        // With a 30 s settle time, only renames can have arrived this fast.
        #expect(Set(seen.withLock { $0 }) == [inbox + "/story.txt", inbox + "/ap/wire.txt"])
    }
}
