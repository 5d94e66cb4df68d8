import Dispatch
import Glibc
import Synchronization

/// Starts the kernel writing the write-ahead log to the disk while a batch goes on, so that a
/// checkpoint's sync of the log finds most of it written already.
///
/// `newsd ingest` commits without waiting for the disk (``NewsStore/setDurableCommits(_:)``), so the
/// log's pages pile up in the kernel's page cache: it starts writing them out on its own only once a
/// tenth of memory is dirty, or after 30 seconds. Every 80 MB of log a checkpoint syncs the log before
/// it copies it into the database file, and the writer, which runs the checkpoint, waited for all of
/// it to reach the disk: 0.2–0.5 s at each of the seven checkpoints of a 20,000-file ingest on a disk
/// that writes some 200 MB/s. `sync_file_range(SYNC_FILE_RANGE_WRITE)` after each commit queues the
/// log's pages for writing without waiting for them; the checkpoint's sync then waits for what is
/// left (0.01–0.24 s in the same ingest).
///
/// Only a hint to the kernel: what is durable, and when, is still decided by SQLite's own syncs. When
/// the call fails or the system has no such call, nothing changes but the time a checkpoint takes.
public final class LogWriteback: Sendable {
    private let path: String
    let queue = DispatchQueue(label: "newsd.log-writeback", qos: .utility)
    private let state = Mutex(State())

    private struct State {
        /// A request is queued and has not started yet: another one would find nothing more to do.
        var queued = false
        /// Requests that reached the kernel (tests read it).
        var started = 0
    }

    public init(store: NewsStore) {
        path = store.path + "-wal"
    }

    /// Asks for the log's pages to be written out, on a queue of its own so the writer does not wait for
    /// the call (a few milliseconds when the disk is busy). Requests made while one is queued are one.
    public func request() {
        let first = state.withLock { state in
            defer { state.queued = true }
            return !state.queued
        }
        guard first else { return }
        queue.async { [self] in
            state.withLock { $0.queued = false }
            if Self.startWriting(path) { state.withLock { $0.started += 1 } }
        }
    }

    /// Requests that reached the kernel so far.
    var started: Int { state.withLock { $0.started } }

    /// Waits until the requests made so far have run.
    public func drain() {
        queue.sync {}
    }

    /// Queues the dirty pages of the file at `path` for writing to the disk, without waiting for them.
    /// False when the file cannot be opened or the call fails.
    static func startWriting(_ path: String) -> Bool {
        guard let syncFileRange else { return false }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { Glibc.close(fd) }
        // Offset 0 and length 0: the whole file, however long it grows.
        return syncFileRange(fd, 0, 0, syncFileRangeWrite) == 0
    }

    /// The C signature of `sync_file_range(2)`.
    typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32

    /// glibc has `sync_file_range(2)`, but Swift's Glibc module does not import it (<fcntl.h> declares it
    /// only under _GNU_SOURCE), so it is looked up by name, once; nil where the C library lacks it.
    static let syncFileRange: SyncFileRange? = dlsym(nil, "sync_file_range").map { unsafeBitCast($0, to: SyncFileRange.self) }

    /// `SYNC_FILE_RANGE_WRITE` from <fcntl.h>: start writing, do not wait.
    static let syncFileRangeWrite: UInt32 = 2
}
