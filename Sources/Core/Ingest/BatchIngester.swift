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

    public init(store: NewsStore, grouping: ArticleGrouper.Settings = ArticleGrouper.Settings(), maxFileBytes: Int, workers: Int,
                chunkSize: Int = 256) {
        self.store = store
        // Refined after chunks (see `ingest`), not as batches are recorded; frequencies saved every 2,000.
        recorder = ArticleRecorder(store: store, settings: grouping, refineEvery: .max, saveEvery: 2000)
        self.maxFileBytes = maxFileBytes
        self.workers = max(1, workers)
        self.chunkSize = chunkSize
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
        // 20,000 pages (80 MB) of log between checkpoints instead of 1,000; back to the default after.
        try store.setCheckpointInterval(pages: Self.checkpointPages)
        defer { try? store.setCheckpointInterval(pages: 1000) }
        let recorded = Mutex(0)
        let report = Mutex(Report())
        let failure = Mutex<StoreError?>(nil)
        let writer = DispatchQueue(label: "newsd.ingest-writer")
        // Up to three parsed chunks wait for the writer, so the workers keep going while it refines.
        let inFlight = DispatchSemaphore(value: 3)
        let pieces = Self.pieces(count: sources.count, chunkSize: chunkSize)
        for (index, (range, endsChunk)) in pieces.enumerated() {
            if failure.withLock({ $0 != nil }) { break }
            let chunk = Array(sources[range])
            let files = prepare(chunk)
            inFlight.wait()
            writer.async { [recorder] in
                defer { inFlight.signal() }
                guard failure.withLock({ $0 == nil }) else { return }
                do throws(StoreError) {
                    let outcomes = try recorder.record(files)
                    report.withLock { report in
                        for (file, outcome) in zip(files, outcomes) { Self.count(outcome, origin: file.origin, into: &report) }
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
                    // At fixed points, so the same files make the same stories.
                    if endsChunk { try recorder.refine(ifPending: Self.refineAfter, last: index == pieces.count - 1) }
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

    /// Write-ahead log pages between checkpoints during a batch (see ``NewsStore/setCheckpointInterval(pages:)``).
    static let checkpointPages = 20_000

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

    /// Reads and parses a chunk on `workers` threads.
    private func prepare(_ chunk: [Source]) -> [IncomingFile] {
        let pipeline = self.pipeline
        let maxFileBytes = self.maxFileBytes
        return chunk.parallelMap(threads: workers) { source in
            Self.prepare(source, maxFileBytes: maxFileBytes, pipeline: pipeline)
        }
    }

    private static func prepare(_ source: Source, maxFileBytes: Int, pipeline: ArticlePipeline) -> IncomingFile {
        var status = source.status
        let content: IncomingFile.Content
        var bytes: [UInt8] = []
        if status.kind != .regular {
            content = .failure("not a regular file: \(status.kind)")
        } else {
            do {
                let read = try FileReader.read(source.path, maxBytes: maxFileBytes)
                bytes = read.bytes
                status = read.status
                content = pipeline.content(of: bytes, origin: source.origin)
            } catch {
                content = .failure(error.description)
            }
        }
        return IncomingFile(claimID: nil, origin: source.origin, size: status.size, mtime: status.mtime, inode: status.inode,
                            sha256: SHA256.hex(bytes), content: content)
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
