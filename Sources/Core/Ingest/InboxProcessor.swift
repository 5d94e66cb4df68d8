import Dispatch
import Foundation
import Logging
import Synchronization

/// Takes ready files from the inbox through the whole pipeline, one small batch at a time:
///
/// 1. **open** each file (a link, a pipe or an unreadable file shows here, before anything moves);
/// 2. **claim**: commit a ledger row, then rename the file into `INBOX/.newsd-work/`;
/// 3. **read, hash and parse** the batch in parallel;
/// 4. **record** the batch in one transaction, visible to readers at once;
/// 5. **wait for the disk** to hold the rows, then **move** each file to `archive/YYYY/MM/DD/` or to
///    `failed/` with its `.error` sidecar;
/// 6. **mark done**.
///
/// A crash between any two steps leaves a ledger row saying what to finish; ``recover()`` finishes it at
/// the next start.
///
/// Three serial queues make a pipeline: the work queue opens, claims and parses a batch while the
/// writer queue records the one before, so parsing and SQLite each have a core (a backlog drains twice
/// as fast as with one queue doing both), and the archive queue waits for the disk and moves the files
/// of the one before that. At most three batches wait for the writer, so parsing goes on while the
/// writer refines stories. The writer picks every destination, and destinations picked but not yet
/// moved to are reserved, so two batches never pick the same name; a watchdog ping passes through all
/// three queues, so it runs only while all are alive.
///
/// While no file waits, the work queue also brings the findings of articles an older newsd analysed up
/// to date (``catchUpAnalysis()``), a small page at a time with a pause after each, so a file dropped
/// meanwhile waits for one page at most.
public final class InboxProcessor: Sendable {
    public struct Settings: Sendable {
        public var inbox: String
        public var layout: DataLayout
        public var maxFileBytes: Int
        public var workers: Int
        public var timeZone: TimeZone
        /// Most files in a batch, taken when a backlog waits; fewer waiting files go a quarter at a time.
        public var batchSize: Int
        /// A batch that takes longer from being taken to its rows committed is logged as a warning with
        /// where its time went (``BatchTimings``).
        public var slowBatchSeconds: Double

        public init(inbox: String, layout: DataLayout, maxFileBytes: Int, workers: Int, timeZone: TimeZone, batchSize: Int = 256,
                    slowBatchSeconds: Double = 1) {
            self.inbox = inbox
            self.layout = layout
            self.maxFileBytes = maxFileBytes
            self.workers = workers
            self.timeZone = timeZone
            self.batchSize = batchSize
            self.slowBatchSeconds = slowBatchSeconds
        }

        public init(_ config: NewsdConfig) {
            self.init(inbox: config.inbox, layout: config.layout, maxFileBytes: config.maxFileBytes,
                      workers: config.effectiveWorkers, timeZone: config.timeZone)
        }
    }

    /// Counters for `STATUS=` lines and `newsd status`.
    public struct Stats: Sendable, Equatable {
        public var queued = 0
        public var stored = 0
        public var duplicates = 0
        public var failed = 0
        /// Duplicates known by their bytes before parsing, and not parsed (see ``prepare(_:maxBytes:pipeline:store:)``).
        public var notParsed = 0
        public var lastError: String?
        public var lastFileAt: Date?
        /// The batch the work loop holds (opening, claiming, parsing or handing it to the writer) and
        /// since when; nil between batches. A batch held for seconds is a loop waiting on the store.
        public var batchInHand: BatchInHand?
    }

    /// See ``Stats/batchInHand``.
    public struct BatchInHand: Sendable, Equatable {
        public var files: Int
        public var since: Date
    }

    /// A file on its way: where it is now, and its claim once it has one.
    struct Job: Sendable {
        var path: String
        var origin: String
        var claimID: Int64?
        var opened: OpenedFile?
    }

    private struct State {
        var pending: [String] = []
        var head = 0
        var queued: Set<String> = []
        var scheduled = false
        var stopping = false
        /// Files that could not be opened (permission denied, I/O error): retried with growing delays.
        var deferred: [String: (until: Date, delay: Double)] = [:]
        /// Entries that can be neither read nor moved aside (a FIFO on another file system): skipped.
        var abandoned: Set<String> = []
        var storeDelay: Double = 0
        var inHand: BatchInHand?
        var stats = Stats()
        var catchUp = CatchUp()

        var remaining: Int { pending.count - head }
    }

    /// Where ``catchUpAnalysis()`` stands.
    private struct CatchUp {
        /// Pages are analysed whenever the inbox is idle, until none is left.
        var active = false
        /// A page is being analysed or saved.
        var pageInHand = false
        /// The last article id brought up to date.
        var after: Int64 = 0
        var report = Reanalyzer.Report()
        /// Called once every older article is up to date.
        var whenDone: (@Sendable (Reanalyzer.Report) -> Void)?
    }

    private let settings: Settings
    private let store: NewsStore
    private let recorder: ArticleRecorder
    /// Pages of 64 articles: about 10 ms of analysis on two cores for news-length texts, the longest a
    /// file dropped during the catch-up waits for it (its save, on the writer, does not wait for the disk).
    private let reanalyzer: Reanalyzer
    private let pipeline = ArticlePipeline()
    private let logger: Logger
    private let workQueue = DispatchQueue(label: "newsd.inbox-processor")
    private let writerQueue = DispatchQueue(label: "newsd.inbox-writer")
    /// Steps 5 and 6: a sync that takes a second (a busy disk) holds up the archiving, not the rows of
    /// the batches behind it.
    private let archiveQueue = DispatchQueue(label: "newsd.inbox-archiver")
    /// Archive and failed paths the writer picked whose files the archive queue has not moved yet.
    private let pendingDestinations = Mutex(Set<String>())
    /// Makes the recorded rows durable before their files move (``NewsStore/waitForDisk()``; tests
    /// watch the order through it).
    private let waitForDisk: @Sendable () throws(StoreError) -> Void
    /// Parsed batches handed to the writer and not yet recorded: at most three wait.
    private let writerSlots = DispatchSemaphore(value: 3)
    private let state = Mutex(State())
    private let workFolder: String

    public convenience init(settings: Settings, store: NewsStore, grouping: ArticleGrouper.Settings = ArticleGrouper.Settings(),
                            logger: Logger) {
        self.init(settings: settings, store: store, grouping: grouping, logger: logger,
                  waitForDisk: { () throws(StoreError) in try store.waitForDisk() })
    }

    init(settings: Settings, store: NewsStore, grouping: ArticleGrouper.Settings = ArticleGrouper.Settings(), logger: Logger,
         waitForDisk: @escaping @Sendable () throws(StoreError) -> Void) {
        self.settings = settings
        self.store = store
        self.waitForDisk = waitForDisk
        recorder = ArticleRecorder(store: store, settings: grouping)
        reanalyzer = Reanalyzer(store: store, workers: settings.workers, pageSize: 64)
        self.logger = logger
        workFolder = settings.inbox + "/" + InboxNames.workFolder
    }

    public var stats: Stats {
        state.withLock { state in
            var stats = state.stats
            stats.queued = state.remaining
            stats.batchInHand = state.inHand
            return stats
        }
    }

    /// Queues ready paths; a path already queued is ignored.
    public func submit(_ paths: [String]) {
        let now = Date()
        let start = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            for path in paths where !state.queued.contains(path) && !state.abandoned.contains(path) {
                if let deferral = state.deferred[path], deferral.until > now { continue }
                state.pending.append(path)
                state.queued.insert(path)
            }
            guard !state.scheduled, state.remaining > 0 else { return false }
            state.scheduled = true
            return true
        }
        if start { workQueue.async { self.drainOne() } }
    }

    /// Restores grouping state and finishes whatever a crash interrupted. Call once before the watcher
    /// starts; the processor recovers again itself after a database error, once the database works again.
    public func recover() {
        workQueue.sync {
            do {
                try recorder.restore()
            } catch {
                logger.error("cannot restore story grouping: \(error); grouping starts afresh")
            }
            recoverOnQueue(after: "a stop or crash")
        }
        // Finished, not just handed to the writer, when this returns.
        writerQueue.sync {}
        archiveQueue.sync {}
    }

    /// Brings the entities, quotes and figures of articles an older newsd analysed (before an upgrade
    /// that improved the analysers) up to date from their stored text, as `newsd reanalyze` does, while
    /// the inbox is idle: a page at a time on the work queue, saved on the writer queue, and a file that
    /// arrives goes first. Logged when it starts and when it is done; a later start goes on with what
    /// is left. Stories and the search index are left as they are.
    ///
    /// - Parameter whenDone: Called (on the work queue) once no article of an older analyser is left,
    ///   not when there was nothing to do or the store failed: the daemon writes the digests that
    ///   showed older findings again.
    public func catchUpAnalysis(whenDone: (@Sendable (Reanalyzer.Report) -> Void)? = nil) {
        workQueue.async {
            let older = (try? self.store.articlesAnalyzedBefore(version: ArticleAnalyzer.version)) ?? 0
            guard older > 0 else { return }
            self.logger.notice("\(older) stored articles were analysed by an older newsd: their entities, quotes and figures are found again while the inbox is idle (`newsd reanalyze` does it at once)")
            self.state.withLock { $0.catchUp = CatchUp(active: true, whenDone: whenDone) }
            self.analyseIdlePage()
        }
    }

    /// Articles whose findings ``catchUpAnalysis()`` brought up to date so far (tests read it).
    var caughtUp: Reanalyzer.Report { state.withLock { $0.catchUp.report } }

    /// On the work queue: analyses the next page of older articles, unless a file waits, one is in hand
    /// or the catch-up is over, and hands it to the writer, which asks for the next once it is saved.
    private func analyseIdlePage() {
        let after = state.withLock { state -> Int64? in
            guard state.catchUp.active, !state.catchUp.pageInHand, !state.stopping, !state.scheduled,
                  state.remaining == 0 else { return nil }
            state.catchUp.pageInHand = true
            return state.catchUp.after
        }
        guard let after else { return }
        let began = DispatchTime.now()
        let page: Reanalyzer.Page?
        do {
            page = try reanalyzer.page(after: after)
        } catch {
            endCatchUp(failure: error.description)
            return
        }
        guard let page else {
            endCatchUp(failure: nil)
            return
        }
        writerQueue.async {
            do throws(StoreError) {
                let copies = try self.reanalyzer.save(page, waitForDisk: false)
                self.state.withLock { state in
                    state.catchUp.after = page.last
                    state.catchUp.pageInHand = false
                    state.catchUp.report.articles += page.texts.count
                    state.catchUp.report.changed += page.changed
                    state.catchUp.report.copies += copies
                }
                // A pause as long as the page took: the catch-up takes at most half of the daemon's idle
                // time, and a file that arrives finds the work queue free half the time.
                let took = BatchTimings.milliseconds(from: began, to: .now())
                self.workQueue.asyncAfter(deadline: .now() + took / 1000) { self.analyseIdlePage() }
            } catch {
                self.endCatchUp(failure: error.description)
            }
        }
    }

    /// Ends the catch-up: all older articles are up to date, or the store failed (the next start, or
    /// `newsd reanalyze`, goes on from there).
    private func endCatchUp(failure: String?) {
        let (report, whenDone) = state.withLock { state in
            state.catchUp.active = false
            state.catchUp.pageInHand = false
            defer { state.catchUp.whenDone = nil }
            return (state.catchUp.report, state.catchUp.whenDone)
        }
        if let failure {
            logger.error("cannot bring older findings up to date: \(failure); the next start goes on with the \(report.articles > 0 ? "rest" : "articles")")
        } else {
            logger.notice("entities, quotes and figures of \(report.articles) articles are up to date (\(report.changed) changed, \(report.copies) copies given their original's)")
            whenDone?(report)
        }
    }

    /// Runs `body` once the batches in hand are parsed, recorded and archived: a liveness probe of all
    /// three queues.
    public func whenIdle(_ body: @escaping @Sendable () -> Void) {
        workQueue.async { [writerQueue, archiveQueue] in writerQueue.async { archiveQueue.async(execute: body) } }
    }

    /// Blocks until every queued file has been handled (for tools and tests; the daemon never waits).
    public func waitUntilDrained() {
        while true {
            workQueue.sync {}
            writerQueue.sync {}
            archiveQueue.sync {}
            if state.withLock({ $0.remaining == 0 && !$0.scheduled }) { return }
        }
    }

    /// Stops taking files, waits for the batch in hand, and saves the stories' state.
    public func stop() {
        state.withLock { $0.stopping = true }
        workQueue.sync {
            writerQueue.sync {}
            archiveQueue.sync {}
            do {
                try recorder.finish()
            } catch {
                logger.error("cannot save story grouping: \(error)")
            }
        }
    }

    /// Settles stories once the queue runs dry (rate-limited by the recorder); a later drain or a
    /// timer retries if it is not time yet.
    private func refineStories() {
        do {
            if let wait = try recorder.refineWhenIdle() {
                workQueue.asyncAfter(deadline: .now() + wait + 0.05) { [weak self] in
                    guard let self, !self.state.withLock({ $0.stopping || $0.scheduled }) else { return }
                    self.refineStories()
                }
            }
        } catch {
            logger.error("cannot refine stories: \(error)")
        }
    }

    // MARK: - On the work queue

    private func drainOne() {
        let batch = state.withLock { state -> [String] in
            guard !state.stopping else { return [] }
            let end = min(state.pending.count, state.head + Self.batchSize(waiting: state.remaining, most: settings.batchSize))
            let batch = Array(state.pending[state.head..<end])
            state.head = end
            for path in batch { state.queued.remove(path) }
            state.inHand = batch.isEmpty ? nil : BatchInHand(files: batch.count, since: Date())
            if state.head > 4096 && state.head * 2 > state.pending.count {
                state.pending.removeFirst(state.head)
                state.head = 0
            }
            return batch
        }
        if !batch.isEmpty { process(batch) }
        let again = state.withLock { state -> Bool in
            state.inHand = nil
            if state.stopping || state.remaining == 0 {
                state.scheduled = false
                return false
            }
            return true
        }
        if again {
            workQueue.async { self.drainOne() }
        } else {
            // Behind the last batch on the writer queue, so its articles are among those refined.
            writerQueue.async { self.refineStories() }
            // Idle again: older findings, if any are left, go on.
            workQueue.async { self.analyseIdlePage() }
        }
    }

    /// Files to take in the next batch. A backlog (at start-up, after a burst) goes in batches of
    /// `most`: each batch commits three transactions and waits for the disk once, and 64 at a time
    /// left a fifth of a 20,000-file start-up idle. Fewer files go a quarter batch at a time, so
    /// that a handful dropped at once are stored within a moment.
    static func batchSize(waiting: Int, most: Int) -> Int {
        waiting >= 4 * most ? most : max(1, most / 4)
    }

    private func process(_ paths: [String]) {
        let begun = DispatchTime.now()
        var fresh: [Job] = []
        for path in paths {
            guard let status = FileReader.status(path) else { continue }
            let origin = InboxScanner.relativePath(path, root: settings.inbox)
            switch status.kind {
            case .directory:
                continue
            case .regular where status.size > Int64(settings.maxFileBytes):
                putAside(path, origin: origin, status: status,
                         reason: ParseError.tooLarge(bytes: Int(status.size), limit: settings.maxFileBytes).description)
            case .regular:
                do {
                    let opened = try FileReader.open(path)
                    // Read into the kernel's cache while the batch is claimed, so that a backlog the
                    // cache no longer holds (after a reboot) does not make each worker wait for the disk.
                    opened.prefetch()
                    fresh.append(Job(path: path, origin: origin, claimID: nil, opened: opened))
                } catch {
                    switch error {
                    case .vanished: continue
                    case .notRegular(let kind): putAside(path, origin: origin, status: status, reason: "not a regular file: \(kind)")
                    default: postpone(path, because: error.description)
                    }
                }
            default:
                putAside(path, origin: origin, status: status, reason: "not a regular file: \(status.kind)")
            }
        }
        guard !fresh.isEmpty else { return }

        let claims = fresh.enumerated().map { index, job -> FileClaim in
            let status = job.opened?.status
            return FileClaim(origin: job.origin, inboxPath: job.path,
                             workPath: workFolder + "/" + WorkName.make(token: claimToken(index), origin: job.origin),
                             size: status?.size ?? 0, mtime: status?.mtime ?? 0, inode: status?.inode ?? 0)
        }
        let ids: [Int64]
        do {
            try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
            // Not waiting for the disk: the archive queue's sync, which does, comes before any
            // archiving (see `WorkName` for a power cut before it).
            ids = try store.claim(claims, waitForDisk: false)
        } catch {
            fresh.forEach { $0.opened?.close() }
            storeFailed(String(describing: error), retry: fresh.map(\.path))
            return
        }
        var jobs: [Job] = []
        var vanished: [Int64] = []
        for (index, var job) in fresh.enumerated() {
            job.claimID = ids[index]
            if rename(job.path, claims[index].workPath) == 0 {
                job.path = claims[index].workPath
                jobs.append(job)
            } else if errno == ENOENT {
                job.opened?.close()
                vanished.append(ids[index])
            } else {
                // The work folder is on another file system (a mount inside the inbox): work in place.
                jobs.append(job)
            }
        }
        try? store.releaseClaims(vanished)
        run(jobs, begun: begun)
    }

    /// Step 3 for claimed jobs on the work queue; steps 4 to 6 on the writer queue.
    ///
    /// - Parameter begun: When the batch was taken, before its claim (now, for files claimed before).
    private func run(_ jobs: [Job], begun: DispatchTime = .now()) {
        guard !jobs.isEmpty else { return }
        let started = DispatchTime.now()
        let maxBytes = settings.maxFileBytes
        let pipeline = self.pipeline
        let store = self.store
        let files = jobs.parallelMap(threads: settings.workers) { job in
            Self.prepare(job, maxBytes: maxBytes, pipeline: pipeline, store: store)
        }
        let parsed = DispatchTime.now()
        let measured = BatchTimings(files: jobs.count, claim: BatchTimings.milliseconds(from: begun, to: started),
                                    parse: BatchTimings.milliseconds(from: started, to: parsed), queued: 0, record: 0)
        writerSlots.wait()
        writerQueue.async {
            defer { self.writerSlots.signal() }
            var timings = measured
            timings.queued = BatchTimings.milliseconds(from: parsed, to: .now())
            self.record(files, of: jobs, timings: timings)
        }
    }

    /// Steps 4 to 6, on the writer queue.
    private func record(_ prepared: [IncomingFile], of jobs: [Job], timings: BatchTimings) {
        let recording = DispatchTime.now()
        var files = prepared
        let day = DayKey(containing: Date(), in: settings.timeZone)
        var reserved = pendingDestinations.withLock { $0 }
        for index in files.indices {
            let archive = FileMover.freeDestination(
                settings.layout.archive + "/" + day.archiveFolder + "/" + files[index].origin, reserved: reserved)
            let failed = FileMover.freeDestination(settings.layout.failed + "/" + files[index].origin, reserved: reserved,
                                                   sidecarSuffix: ".error")
            reserved.insert(archive)
            reserved.insert(failed)
            files[index].archivePath = archive
            files[index].failedPath = failed
        }
        let outcomes: [RecordedOutcome]
        do {
            outcomes = try recorder.record(files, waitForDisk: false)
        } catch {
            storeFailed(error.description, retry: [])
            return
        }
        state.withLock { $0.storeDelay = 0 }
        var timings = timings
        timings.record = BatchTimings.milliseconds(from: recording, to: .now())
        if timings.total >= settings.slowBatchSeconds * 1000 { logger.warning("slow batch: \(timings)") }
        // From the start of parsing to the rows committed, shared out over the batch's files.
        let perFile = (timings.parse + timings.queued + timings.record) / Double(files.count)
        let picked = Set(files.flatMap { [$0.archivePath, $0.failedPath].compactMap { $0 } })
        pendingDestinations.withLock { $0.formUnion(picked) }
        archiveQueue.async { [files, picked] in
            defer { self.pendingDestinations.withLock { $0.subtract(picked) } }
            self.archive(files, of: jobs, outcomes: outcomes, perFile: perFile)
        }
    }

    /// Steps 5 and 6, on the archive queue: once the rows are on the disk, the files move.
    private func archive(_ files: [IncomingFile], of jobs: [Job], outcomes: [RecordedOutcome], perFile: Double) {
        let waiting = DispatchTime.now()
        do {
            try waitForDisk()
        } catch {
            // The rows say where each file goes; recovery moves them once a sync succeeds.
            storeFailed(error.description, retry: [])
            return
        }
        let waited = BatchTimings.milliseconds(from: waiting, to: .now())
        if waited >= settings.slowBatchSeconds * 1000 {
            logger.warning("slow disk: \(files.count) file\(files.count == 1 ? "" : "s") waited \(Int(waited)) ms for their rows to reach it")
        }
        var done: [Int64] = []
        for (index, file) in files.enumerated() {
            let outcome = outcomes[index]
            let destination: String?
            if case .failed = outcome { destination = file.failedPath } else { destination = file.archivePath }
            guard let claimID = file.claimID, let destination else { continue }
            do {
                try FileMover.move(jobs[index].path, to: destination)
                if case .failed(let reason) = outcome { try FileMover.writeReason(reason, besides: destination) }
                done.append(claimID)
            } catch {
                logger.error("\(error); the file stays in \(jobs[index].path) and is moved at the next start")
            }
            if case .copy = file.content, case .duplicate = outcome { state.withLock { $0.stats.notParsed += 1 } }
            logOutcome(outcome, origin: file.origin, milliseconds: perFile)
        }
        do {
            // Without waiting for the disk: a mark a power cut takes is made again at the next start.
            try store.markDone(done, waitForDisk: false)
        } catch {
            logger.error("cannot mark files done: \(error); finished at the next start")
        }
    }

    /// Read, hash and parse one claimed file. Runs on any thread; shares only the store, which it reads.
    ///
    /// A file whose bytes the store holds already, first stored under a name with the same extension,
    /// is not parsed: it would parse to the articles the store has (the extension is all the parser
    /// reads besides the bytes), and the store records it as a duplicate of them whatever it parses to.
    /// A feed or a scraper that writes the same file again costs a hash and one indexed read, not a
    /// parse and an analysis. Rows of `content` are never deleted, so the writer finds the original.
    private static func prepare(_ job: Job, maxBytes: Int, pipeline: ArticlePipeline, store: NewsStore) -> IncomingFile {
        var bytes: [UInt8] = []
        var status = job.opened?.status
        var failure: String?
        do throws(FileReadError) {
            let file: OpenedFile
            if let opened = job.opened { file = opened } else { file = try FileReader.open(job.path) }
            defer { file.close() }
            status = file.status
            do throws(FileReadError) {
                bytes = try file.readAll(maxBytes: maxBytes)
            } catch .changedWhileReading {
                // A writer still held the file open when it was claimed. One more read after a pause;
                // then what was read is what counts.
                usleep(200_000)
                var st = stat()
                if fstat(file.descriptor, &st) == 0 { status = FileStatus(st) }
                let retry = OpenedFile(descriptor: file.descriptor, status: status ?? file.status)
                bytes = try retry.readAll(maxBytes: maxBytes)
            }
        } catch {
            failure = error.description
        }
        let sha256 = SHA256.hex(bytes)
        let content: IncomingFile.Content
        if let failure {
            content = .failure(failure)
        } else if let original = try? store.originStored(withContent: sha256),
                  ArticlePipeline.parsesAlike(original, job.origin) {
            content = .copy
        } else {
            // Not held, or the store cannot say (it is busy or failing): parsed, as every file was.
            content = pipeline.content(of: bytes, origin: job.origin)
        }
        return IncomingFile(claimID: job.claimID, origin: job.origin, size: status?.size ?? Int64(bytes.count),
                            mtime: status?.mtime ?? 0, inode: status?.inode ?? 0, sha256: sha256, content: content)
    }

    /// Moves an entry that will never be read (a link, a pipe, a file over the size limit) to `failed/`,
    /// on the writer queue, where every move happens.
    private func putAside(_ path: String, origin: String, status: FileStatus, reason: String) {
        writerQueue.sync { putAsideOnWriter(path, origin: origin, status: status, reason: reason) }
    }

    private func putAsideOnWriter(_ path: String, origin: String, status: FileStatus, reason: String) {
        let destination = FileMover.freeDestination(settings.layout.failed + "/" + origin,
                                                    reserved: pendingDestinations.withLock { $0 }, sidecarSuffix: ".error")
        let id: Int64
        do {
            id = try store.recordRejected(origin: origin, reason: reason, size: status.size, mtime: status.mtime,
                                          inode: status.inode, inboxPath: path, finalPath: destination)
        } catch {
            storeFailed(error.description, retry: [path])
            return
        }
        do {
            try FileMover.move(path, to: destination)
            try FileMover.writeReason(reason, besides: destination)
            try store.markDone([id])
        } catch {
            logger.error("\(error); leaving \(origin) in the inbox")
            state.withLock { _ = $0.abandoned.insert(path) }
            try? store.markVanished(id, reason: reason + " (left in the inbox: \(error))")
        }
        logOutcome(.failed(reason), origin: origin, milliseconds: 0)
    }

    /// A file that could not be opened stays where it is and is tried again later, less and less often.
    private func postpone(_ path: String, because reason: String) {
        let delay = state.withLock { state -> Double in
            let delay = min((state.deferred[path]?.delay ?? 2.5) * 2, 600)
            state.deferred[path] = (Date().addingTimeInterval(delay), delay)
            return delay
        }
        logger.warning("cannot read \(InboxScanner.relativePath(path, root: settings.inbox)): \(reason); trying again in \(Int(delay)) s")
        workQueue.asyncAfter(deadline: .now() + delay) { [weak self] in self?.submit([path]) }
    }

    /// The database refused a write (disk full, read-only, locked): files stay put, and the work is
    /// tried again after a delay that doubles up to five minutes.
    private func storeFailed(_ reason: String, retry paths: [String]) {
        let delay = state.withLock { state -> Double in
            state.storeDelay = min(max(state.storeDelay * 2, 1), 300)
            state.stats.lastError = reason
            return state.storeDelay
        }
        logger.error("\(reason); files stay where they are, retrying in \(Int(delay)) s")
        workQueue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self, !self.state.withLock({ $0.stopping }) else { return }
            self.recoverOnQueue(after: "a store error")
            self.submit(paths)
        }
    }

    private func logOutcome(_ outcome: RecordedOutcome, origin: String, milliseconds: Double) {
        let time = String(format: "%.1f ms", milliseconds)
        state.withLock { state in
            state.stats.lastFileAt = Date()
            switch outcome {
            case .stored: state.stats.stored += 1
            case .duplicate: state.stats.duplicates += 1
            case .failed(let reason): state.stats.failed += 1; state.stats.lastError = "\(origin): \(reason)"
            case .alreadyIngested: break
            }
        }
        switch outcome {
        case .stored(let ids):
            logger.info("stored \(origin) (\(ids.count == 1 ? "1 article" : "\(ids.count) articles"), \(time))")
        case .duplicate(let originals):
            logger.info("duplicate \(origin) of article \(originals.map(String.init).joined(separator: ", ")) (\(time))")
        case .failed(let reason):
            logger.info("failed \(origin): \(reason)")
        case .alreadyIngested:
            logger.debug("already stored \(origin)")
        }
    }

    private func claimToken(_ index: Int) -> String {
        let micros = UInt64(Date().timeIntervalSince1970 * 1e6)
        return "claim-\(micros)-\(getpid())-\(index)"
    }

    // MARK: - Crash recovery

    /// Finishes what the ledger says was left half done, at start (`cause` "a stop or crash") and
    /// before work is retried after the store refused a write.
    private func recoverOnQueue(after cause: String) {
        // A batch still with the writer or the archive queue is claimed but not finished: let it finish
        // before the ledger says what is left to do.
        writerQueue.sync {}
        archiveQueue.sync {}
        let rows: [FileRecord]
        do {
            rows = try store.unfinishedFiles()
        } catch {
            logger.error("cannot read the ledger: \(error)")
            return
        }
        returnUnclaimedWork(besides: Set(rows.compactMap(\.workPath)))
        guard !rows.isEmpty else { return }
        do {
            // A batch's rows commit without waiting for the disk, and a crash can come before the
            // archive queue's sync: the rows that say where to move files must be on the disk first.
            try waitForDisk()
        } catch {
            // Tried again after the store's growing delay, like any write it refused.
            storeFailed(error.description, retry: [])
            return
        }
        logger.notice("finishing \(rows.count) file\(rows.count == 1 ? "" : "s") interrupted by \(cause)")
        var redo: [Job] = []
        for row in rows {
            guard let id = row.id else { continue }
            switch LedgerRecovery.action(for: row, exists: { path in FileReader.status(path) }) {
            case .reprocess(let path):
                redo.append(Job(path: path, origin: row.origin, claimID: id, opened: nil))
            case .release:
                try? store.releaseClaims([id])
            case .move(let from, let to):
                do {
                    try FileMover.move(from, to: to)
                    if row.outcome == .failed { try FileMover.writeReason(row.error ?? "unreadable", besides: to) }
                    try store.markDone([id])
                } catch {
                    logger.error("\(error)")
                }
            case .markDone:
                if row.outcome == .failed, let path = row.finalPath, FileReader.status(path + ".error") == nil {
                    try? FileMover.writeReason(row.error ?? "unreadable", besides: path)
                }
                try? store.markDone([id])
            case .vanished(let reason):
                logger.warning("\(row.origin): \(reason)")
                try? store.markVanished(id, reason: reason)
            }
        }
        for start in stride(from: 0, to: redo.count, by: settings.batchSize) {
            run(Array(redo[start..<min(redo.count, start + settings.batchSize)]))
        }
    }

    /// Puts back in the inbox, where its work name says it was dropped, any file in the work folder that
    /// no ledger row names: its claim was lost to a power cut before the claim reached the disk (the
    /// claim's commit does not wait for it). It is then taken again like any new file. A file whose
    /// name carries no origin goes to the top of the inbox under its work name.
    private func returnUnclaimedWork(besides claimed: Set<String>) {
        let listing = InboxScanner.scan(workFolder)
        for entry in listing.entries where !claimed.contains(entry.path) {
            do throws(StoreError) {
                guard try !store.hasLedgerRow(workPath: entry.path) else { continue }
            } catch {
                logger.error("cannot read the ledger: \(error)")
                return
            }
            let name = (entry.path as NSString).lastPathComponent
            let origin = WorkName.origin(of: name) ?? name
            let destination = FileMover.freeDestination(settings.inbox + "/" + origin)
            do {
                try FileMover.move(entry.path, to: destination)
                logger.warning("\(origin): put back in the inbox, its claim lost before it reached the disk (a power cut?)")
            } catch {
                logger.error("\(origin): cannot put it back in the inbox from \(entry.path): \(error)")
            }
        }
    }
}
