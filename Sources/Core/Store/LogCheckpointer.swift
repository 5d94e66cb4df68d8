import Dispatch
import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// Copies the write-ahead log into the database file on a connection and a thread of its own, so that
/// no commit of the writer has to.
///
/// Left to SQLite, the commit that takes the log past its limit (4 MB, ``NewsStore/checkpointBytes``)
/// runs the checkpoint itself before it returns: it writes every page changed since the last one into
/// the database file and waits for that file to reach the disk. In the daemon that commit is as likely
/// as not a claim, the step between a file's rename into the inbox and its parsing, so the file, and
/// every file queued behind it, waited for a checkpoint it had nothing to do with.
///
/// With a checkpointer, the writer only counts: a hook SQLite calls after each of the writer's commits
/// (`sqlite3_wal_hook`, which replaces the automatic checkpoints) hands a passive checkpoint to this
/// type's queue once the log holds ``NewsStore/checkpointBytes``. A passive checkpoint takes no lock the
/// writer needs, so commits go on meanwhile; they only append to the log, which SQLite starts again
/// from its beginning at the first write after a checkpoint has copied all of it. Durability does not
/// change: every commit still waits for the log to reach the disk.
///
/// Call ``stop()`` before ``NewsStore/close()``: it gives the checkpoints back to SQLite and waits for
/// the one under way.
public final class LogCheckpointer: Sendable {
    private let store: NewsStore
    private let logger: Logger?
    private let connection: DatabaseQueue
    let queue = DispatchQueue(label: "newsd.checkpointer")
    /// Log pages (frames) from which a checkpoint is due.
    let threshold: Int
    private let state = Mutex(State())

    private struct State {
        /// A checkpoint is queued or running.
        var scheduled = false
        /// Frames in the log from which the next checkpoint is asked for: ``threshold`` past the log's
        /// length at the last one, so that a log SQLite could not start again (a reader still used
        /// its end) does not bring a checkpoint at every commit.
        var nextAt = 0
        /// The log's length at the last commit: when it is shorter now, SQLite started it again.
        var frames = 0
        var stopped = false
        /// Checkpoints run (tests read it).
        var runs = 0
        var lastError: String?
    }

    /// Opens the checkpointer's connection and takes the checkpoints over from the writer's commits.
    ///
    /// - Parameter logger: Told when a checkpoint fails (and when they work again).
    public init(store: NewsStore, logger: Logger? = nil) throws(StoreError) {
        self.store = store
        self.logger = logger
        var configuration = Configuration()
        // Another process (a `newsd ingest` beside the daemon) may hold a lock for a moment; a passive
        // checkpoint never waits for it, but opening the connection reads the schema.
        configuration.busyMode = .timeout(NewsStore.busyTimeout)
        configuration.label = "newsd.checkpointer"
        do {
            connection = try DatabaseQueue(path: store.path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: store.path, reason: StoreError.describe(error))
        }
        threshold = try store.readOnWriter { db in try NewsStore.pages(NewsStore.checkpointBytes, in: db) }
        state.withLock { [threshold] in $0.nextAt = threshold }
        store.pool.writeWithoutTransaction { db in
            // The hook's context is this object, retained until `stop()` removes the hook.
            let context = Unmanaged.passRetained(self).toOpaque()
            sqlite3_wal_hook(db.sqliteConnection, { context, _, _, frames in
                guard let context else { return SQLITE_OK }
                Unmanaged<LogCheckpointer>.fromOpaque(context).takeUnretainedValue().logGrew(to: Int(frames))
                return SQLITE_OK
            }, context)
        }
    }

    /// Checkpoints run so far.
    public var checkpoints: Int { state.withLock { $0.runs } }

    /// Why the last checkpoint failed, if it did for a reason other than another connection's lock (it
    /// is tried again as the log grows).
    public var lastError: String? { state.withLock { $0.lastError } }

    /// Called by SQLite on the writer's thread after each of its commits, with the log's length in
    /// pages: queues a checkpoint when one is due. It must not touch the writer's connection.
    private func logGrew(to frames: Int) {
        let due = state.withLock { state -> Bool in
            // Started again after a checkpoint copied all of it (another process's, say).
            if frames < state.frames { state.nextAt = min(state.nextAt, threshold) }
            state.frames = frames
            guard !state.stopped, !state.scheduled, frames >= state.nextAt else { return false }
            state.scheduled = true
            return true
        }
        if due { queue.async { self.checkpoint() } }
    }

    /// Copies what the log holds into the database file, on the checkpointer's queue.
    private func checkpoint() {
        let result = Result(catching: { try connection.inDatabase { db in try db.checkpoint(.passive) } })
        let (failure, recovered) = state.withLock { state -> (String?, Bool) in
            let failedBefore = state.lastError != nil
            state.scheduled = false
            state.runs += 1
            switch result {
            case .success(let counts):
                state.lastError = nil
                // The next one waits for another threshold's worth of log. SQLite starts the log
                // again at the first write after all of it was copied, unless a reader still uses
                // its end: then the log grows on, and asking again at the next commit made twice as
                // many checkpoints, each with two syncs. When it does start again, `logGrew` sees the
                // count drop and goes back to the threshold.
                state.nextAt = counts.walFrameCount + threshold
                return (nil, failedBefore)
            case .failure(let error):
                // Tried again one threshold on.
                state.nextAt += threshold
                // Another process's lock (a `newsd ingest` beside the daemon checkpoints or closes
                // its store): nothing is wrong, and that process copies the log itself.
                if Self.isBusy(error) { return (nil, false) }
                let reason = StoreError.describe(error)
                defer { state.lastError = reason }
                return (state.lastError == reason ? nil : reason, false)
            }
        }
        if let failure { logger?.warning("cannot copy the write-ahead log into the database: \(failure); tried again as it grows") }
        if recovered { logger?.notice("the write-ahead log is copied into the database again") }
    }

    /// Whether a checkpoint failed only because another connection held a lock it needed.
    static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// Gives the checkpoints back to the writer's commits, waits for the one under way, and closes the
    /// connection. Idempotent.
    public func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        _ = try? store.pool.writeWithoutTransaction { db in
            sqlite3_wal_hook(db.sqliteConnection, nil, nil)
            // Setting the interval again puts SQLite's own hook back.
            try NewsStore.setCheckpointInterval(bytes: NewsStore.checkpointBytes, in: db)
        }
        Unmanaged.passUnretained(self).release()
        queue.sync {}
        try? connection.close()
    }
}
