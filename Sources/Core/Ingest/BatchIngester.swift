import Dispatch
import Foundation
import Synchronization

/// `newsd ingest`: files and folders through the daemon's pipeline, once, without moving anything.
///
/// Chunks of files are read and parsed on all workers while the previous chunk is written in one
/// transaction on the writer queue, so parsing and SQLite overlap and each use a core.
public struct BatchIngester: Sendable {
    /// What became of the files, for the `N stored, M duplicates, K failed` line.
    public struct Report: Sendable, Equatable {
        public var stored = 0
        public var duplicates = 0
        public var failed = 0
        /// Seen before by `ingest` with the same origin and bytes; not recorded again.
        public var unchanged = 0
        /// Recorded without being parsed: repeats of bytes parsed before (``IncomingFile/Content/copy``).
        /// Not part of `==`, which compares what was recorded.
        public var notParsed = 0
        public var failures: [(origin: String, reason: String)] = []

        public static func == (a: Report, b: Report) -> Bool {
            a.stored == b.stored && a.duplicates == b.duplicates && a.failed == b.failed && a.unchanged == b.unchanged
        }
    }

    /// A file to ingest and the origin it is recorded under.
    public struct Source: Sendable, Equatable {
        public var path: String
        public var origin: String
        public var status: FileStatus
    }

    let store: NewsStore
    let recorder: ArticleRecorder
    let pipeline = ArticlePipeline()
    let maxFileBytes: Int
    let workers: Int
    let chunkSize: Int
    /// The nice value the parsing threads take (``WorkerPriority``), nil to leave them as they are.
    let workerNice: Int32?

    /// - Parameter workerPriority: `newsd ingest` lowers its parsing threads below the writer; tests,
    ///   which share their threads with other tests, leave them.
    public init(store: NewsStore, grouping: ArticleGrouper.Settings = ArticleGrouper.Settings(), maxFileBytes: Int, workers: Int,
                chunkSize: Int = 256, workerPriority: WorkerPriority = .unchanged) {
        self.store = store
        // Refined after chunks (see `ingest`), not as batches are recorded; frequencies saved every 2,000.
        recorder = ArticleRecorder(store: store, settings: grouping, refineEvery: .max, saveEvery: 2000)
        self.maxFileBytes = maxFileBytes
        self.workers = max(1, workers)
        self.chunkSize = chunkSize
        workerNice = workerPriority.target(from: WorkerPriority.currentNice())
    }

    /// The files below the given paths: a folder is walked (ignoring hidden and partial files) and its
    /// files get origins relative to it; a file given by name has its name as origin. Sorted by path.
    public static func collect(_ paths: [String]) throws(InboxError) -> [Source] {
        var sources: [Source] = []
        for path in paths {
            guard let status = FileReader.status(path) else {
                throw .inboxUnusable(path: path, reason: "no such file or folder")
            }
            if status.kind == .directory {
                let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
                let listing = InboxScanner.scan(root)
                sources += listing.entries
                    .map { Source(path: $0.path, origin: InboxScanner.relativePath($0.path, root: root), status: $0.status) }
                    .sorted { $0.path < $1.path }
            } else {
                sources.append(Source(path: path, origin: (path as NSString).lastPathComponent, status: status))
            }
        }
        return sources
    }

    /// - Parameter progress: Called on the writer queue every `progressEvery` recorded files with the
    ///   count so far, for `newsd ingest --progress`.
    public func ingest(_ sources: [Source], progressEvery: Int = 0,
                       progress: (@Sendable (Int) -> Void)? = nil) throws(StoreError) -> Report {
        try recorder.restore()
        // 80 MB of log between checkpoints instead of 4 MB; back to the default after.
        try store.setCheckpointInterval(bytes: Self.checkpointBytes)
        defer { try? store.setCheckpointInterval(bytes: NewsStore.checkpointBytes) }
        // Commits that do not wait for the disk: nothing is moved, and closing the store makes the
        // batch durable (see ``NewsStore/setDurableCommits(_:)``).
        try store.setDurableCommits(false)
        defer { try? store.setDurableCommits(true) }
        // …and the log they leave in the page cache goes to the disk as the batch goes on, not all at
        // once when a checkpoint syncs it with the writer waiting.
        let writeback = LogWriteback(store: store)
        defer { writeback.drain() }
        let recorded = Mutex(0)
        let report = Mutex(Report())
        let failure = Mutex<StoreError?>(nil)
        let writer = DispatchQueue(label: "newsd.ingest-writer")
        // Up to three parsed chunks wait for the writer, so the workers keep going while it refines.
        let inFlight = DispatchSemaphore(value: 3)
        let pieces = Self.pieces(count: sources.count, chunkSize: chunkSize)
        // The files that parsed to articles: those the store recorded before this batch, and those of
        // its earlier pieces. A file with the same bytes and extension would parse to the same articles,
        // which the store sets aside for a byte-identical copy (its rows copy the original's, and a file
        // ingested before under the same name is not recorded again), so it is not parsed at all: 64 of
        // the BBC set's 2,226 files, 2,162 of the 20,000 synthetic ones, 28,769 of the 100,000, and
        // every file of a second run over the same folder. The store's are read only when its ledger is
        // not much longer than the batch, so that a small batch into a large store does not pay for
        // reading the whole ledger: that cost stays a share of the batch's own.
        var parsedBefore: Set<CopyKey> = []
        if try store.ledgerLength() <= Self.ledgerRowsPerFile * sources.count {
            parsedBefore = try store.recordedContents { sha256, origin in CopyKey(sha256: sha256, origin: origin) }
        }
        let deferred = Self.deferredRefinement(pieces)
        // The files are read a piece ahead: their reads are in flight together while the piece before
        // is parsed, instead of each parsing thread waiting for the disk one file at a time.
        if let first = pieces.first { Self.prefetch(sources[first.range]) }
        for (index, (range, endsChunk)) in pieces.enumerated() {
            if failure.withLock({ $0 != nil }) { break }
            if index + 1 < pieces.count { Self.prefetch(sources[pieces[index + 1].range]) }
            let chunk = Array(sources[range])
            let (prepared, keys) = prepare(chunk, parsedBefore: parsedBefore)
            for (file, key) in zip(prepared, keys) {
                if case .articles = file.content, let key { parsedBefore.insert(key) }
            }
            inFlight.wait()
            writer.async { [recorder] in
                defer { inFlight.signal() }
                guard failure.withLock({ $0 == nil }) else { return }
                do throws(StoreError) {
                    let files = try confirmCopies(prepared, of: chunk)
                    let outcomes = try recorder.record(files)
                    writeback.request()
                    report.withLock { report in
                        for (file, outcome) in zip(files, outcomes) {
                            Self.count(outcome, origin: file.origin, into: &report)
                            if case .copy = file.content { report.notParsed += 1 }
                        }
                    }
                    if progressEvery > 0, let progress {
                        let (before, after) = recorded.withLock { count -> (Int, Int) in
                            defer { count += files.count }
                            return (count, count + files.count)
                        }
                        if before / progressEvery != after / progressEvery { progress(after) }
                    }
                    // Stories are refined after every chunk that brings enough new articles, while the
                    // workers parse the next ones; left to the end, refinement ran alone on one core.
                    // But for the last whole chunk's (see `deferredRefinement`), which the last one
                    // takes over. At fixed points, so the same files make the same stories.
                    if endsChunk && index != deferred {
                        try recorder.refine(ifPending: Self.refineAfter, last: index == pieces.count - 1)
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
        }
        writer.sync {}
        if let error = failure.withLock({ $0 }) { throw error }
        try recorder.finish()
        return report.withLock { $0 }
    }

    /// The piece that ends the last whole chunk before the batch's last one: its refinement waits for
    /// the end of the batch. Made there, it held the writer while the workers parsed the last chunk, so
    /// the last pieces queued behind it and were recorded, and refined again, after parsing was over;
    /// at the end, one refinement has both cores for its comparisons (BBC set: wall time 1.5 % lower,
    /// median and mean of 37 runs, the same stories). At a fixed point, so the same files still make
    /// the same stories. Nil when the batch is one chunk.
    static func deferredRefinement(_ pieces: [(range: Range<Int>, endsChunk: Bool)]) -> Int? {
        pieces.indices.last { pieces[$0].endsChunk && $0 < pieces.count - 1 }
    }

    /// Asks the kernel to read the regular files among `sources` into its cache (``FileReader/prefetch(_:)``).
    /// About 3.5 µs a file when they are cached already (20,000 in 70 ms), on the thread that hands out
    /// the pieces.
    static func prefetch(_ sources: ArraySlice<Source>) {
        for source in sources where source.status.kind == .regular { FileReader.prefetch(source.path) }
    }

    /// Ledger rows per file of the batch up to which the store's recorded files are read first.
    static let ledgerRowsPerFile = 4

    /// Write-ahead log between checkpoints during a batch (see ``NewsStore/setCheckpointInterval(bytes:)``).
    static let checkpointBytes = 80 << 20

    /// Fewest newly grouped articles worth a refinement after a chunk.
    static let refineAfter = 256

    /// Files of the last chunk that go to the writer at a time.
    static let lastPieceSize = 32

    /// What goes to the writer at a time, and whether it ends a chunk (refinement waits for that): the
    /// ``chunks(count:size:growing:)``, but the last in pieces of ``lastPieceSize``, so the writer
    /// records its first while the workers parse the rest, and only the last piece is left for it
    /// alone once parsing is over (a whole chunk was 30–50 ms of a BBC run). Refinement still comes at
    /// the same files, so the same files make the same stories.
    static func pieces(count: Int, chunkSize: Int) -> [(range: Range<Int>, endsChunk: Bool)] {
        let chunks = chunks(count: count, size: chunkSize)
        var pieces: [(range: Range<Int>, endsChunk: Bool)] = chunks.dropLast().map { ($0, true) }
        if let last = chunks.last {
            for piece in Self.chunks(count: last.count, size: lastPieceSize, growing: false) {
                pieces.append((piece.lowerBound + last.lowerBound..<piece.upperBound + last.lowerBound, piece.upperBound == last.count))
            }
        }
        return pieces
    }

    /// Chunk boundaries: small chunks first, doubling up to `size`, so the writer starts after a few
    /// dozen files instead of waiting idle for a whole chunk to be parsed; all of `size` when not `growing`.
    static func chunks(count: Int, size: Int, growing: Bool = true) -> [Range<Int>] {
        let size = max(1, size)
        var ranges: [Range<Int>] = []
        var start = 0
        var next = growing ? min(16, size) : size
        while start < count {
            let end = min(count, start + next)
            ranges.append(start..<end)
            start = end
            next = min(size, next * 2)
        }
        return ranges
    }

    /// A file as parsing sees it: its bytes, by the first 64 bits of their SHA-256, and the extension of
    /// its name, the one thing besides the bytes that ``FormatSniffer`` reads. Files with the same key
    /// parse alike; ``confirmCopies(_:of:)`` checks the whole hash.
    struct CopyKey: Hashable, Sendable {
        var digest: UInt64
        /// What follows the last dot of the name, as it is: the sniffer lowers its case, so names that
        /// agree here agree there.
        var fileExtension: String

        init(digest: [UInt8], origin: String) {
            var prefix: UInt64 = 0
            for byte in digest.prefix(8) { prefix = prefix << 8 | UInt64(byte) }
            self.init(prefix: prefix, origin: origin)
        }

        /// From a hash as the store keeps it, in lower-case hex; nil when it is not one.
        init?(sha256: String, origin: String) {
            var prefix: UInt64 = 0
            var digits = 0
            for byte in sha256.utf8.prefix(16) {
                let value: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                prefix = prefix << 4 | UInt64(value)
                digits += 1
            }
            guard digits == 16 else { return nil }
            self.init(prefix: prefix, origin: origin)
        }

        private init(prefix: UInt64, origin: String) {
            digest = prefix
            let path = origin.utf8
            let name = path.lastIndex(of: UInt8(ascii: "/")).map { path[path.index(after: $0)...] } ?? path[...]
            if let dot = name.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex {
                fileExtension = String(decoding: name[name.index(after: dot)...], as: UTF8.self)
            } else {
                fileExtension = ""
            }
        }
    }

    /// Reads and parses a chunk on `workers` threads; a file that repeats one in `parsedBefore` is read
    /// and hashed only (``IncomingFile/Content/copy``).
    private func prepare(_ chunk: [Source], parsedBefore: Set<CopyKey>) -> (files: [IncomingFile], keys: [CopyKey?]) {
        let pipeline = self.pipeline
        let maxFileBytes = self.maxFileBytes
        let workerNice = self.workerNice
        let prepared = chunk.parallelMap(threads: workers) { source in
            // Per file, as the map has no hook per thread: a system call against hundreds of microseconds of parsing.
            if let workerNice { WorkerPriority.apply(workerNice) }
            return Self.prepare(source, maxFileBytes: maxFileBytes, pipeline: pipeline, parsedBefore: parsedBefore)
        }
        return (prepared.map(\.file), prepared.map(\.key))
    }

    /// A file read, hashed and parsed (or taken for a copy), with its key; no key when it could not be
    /// read.
    static func prepare(_ source: Source, maxFileBytes: Int, pipeline: ArticlePipeline,
                        parsedBefore: Set<CopyKey>) -> (file: IncomingFile, key: CopyKey?) {
        var status = source.status
        let content: IncomingFile.Content
        var digest: [UInt8]?
        var key: CopyKey?
        if status.kind != .regular {
            content = .failure("not a regular file: \(status.kind)")
        } else {
            do {
                let read = try FileReader.read(source.path, maxBytes: maxFileBytes)
                status = read.status
                let hash = SHA256.digest(read.bytes)
                digest = hash
                let copyKey = CopyKey(digest: hash, origin: source.origin)
                key = copyKey
                content = parsedBefore.contains(copyKey) ? .copy : pipeline.content(of: read.bytes, origin: source.origin)
            } catch {
                content = .failure(error.description)
            }
        }
        let file = IncomingFile(claimID: nil, origin: source.origin, size: status.size, mtime: status.mtime, inode: status.inode,
                                sha256: SHA256.hex(digest: digest ?? SHA256.digest([])), content: content)
        return (file, key)
    }

    /// The files ``prepare(_:parsedBefore:)`` took for copies, checked against the store on the writer,
    /// where the pieces before are committed: one whose bytes the store does not hold after all (only the
    /// first 64 bits of the two hashes agreed) is read and parsed here, as any other file.
    func confirmCopies(_ files: [IncomingFile], of sources: [Source]) throws(StoreError) -> [IncomingFile] {
        let copies = files.indices.filter { index in
            if case .copy = files[index].content { return true }
            return false
        }
        guard !copies.isEmpty else { return files }
        let held = try store.storedContents(among: copies.map { files[$0].sha256 })
        var files = files
        for index in copies where !held.contains(files[index].sha256) {
            files[index] = Self.prepare(sources[index], maxFileBytes: maxFileBytes, pipeline: pipeline, parsedBefore: []).file
        }
        return files
    }

    private static func count(_ outcome: RecordedOutcome, origin: String, into report: inout Report) {
        switch outcome {
        case .stored: report.stored += 1
        case .duplicate: report.duplicates += 1
        case .failed(let reason):
            report.failed += 1
            report.failures.append((origin, reason))
        case .alreadyIngested: report.unchanged += 1
        }
    }
}
