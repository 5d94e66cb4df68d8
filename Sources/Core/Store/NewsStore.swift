import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The SQLite store of everything newsd knows: the file ledger, articles, stories, digest runs.
///
/// One file (`DATA/newsd.sqlite`) in WAL mode through a GRDB `DatabasePool`: readers never wait for the
/// writer, and the pool serialises writes, so the daemon's one writer and any number of `newsd export`
/// or `newsd search` processes can use it at once.
///
/// This type and its extensions are the only code in newsd that speaks SQL. Callers see Swift values,
/// never rows or statements, so a second implementation (a shared PostgreSQL store) can stand beside it.
public final class NewsStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Whether ``waitForDisk()`` has synced the database's folder once.
    private let folderSynced = Mutex(false)

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: describeFileError(error))
        }
        var configuration = Configuration()
        // Another newsd process (an `ingest` beside the daemon) may hold the write lock for a batch.
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.prepareDatabase { db in
            // 16 KB pages for a new database (SQLite's default is 4 KB; a database made before keeps
            // its size, as SQLite cannot change it in WAL mode). An article row with its analysis is
            // about 5 KB, so with 4 KB pages nearly every one ran into an overflow page, and each page
            // of the log is a write of its own: the BBC set's ingest made 15,742 page writes with 4 KB
            // pages and 5,340 with 16 KB, and its CPU time fell 5–11 %, a 20,000-file ingest's 16 %.
            // Larger pages gained nothing more (32 KB) or lost (64 KB). Only an empty database takes it.
            try db.execute(sql: "PRAGMA page_size = \(Self.newDatabasePageSize)")
            // 32 MB of page cache per connection (SQLite's default is 2 MB): the indexes of a store of
            // 100,000 articles outgrow 2 MB, and every insert then re-reads their pages.
            try db.execute(sql: "PRAGMA cache_size = -32000")
            // Statement journals in memory, not in temporary files: a save of the document frequencies
            // writes 400 rows per statement into a table of tens of thousands of terms, so each
            // statement journals hundreds of pages, and past 64 KB SQLite spilled them to a file
            // (28,000 page writes in a 20,000-file ingest; 8.6 → 7.9 s, a tenth less CPU). The journal
            // lives for one statement: at most those few hundred pages, a couple of MB. Sorts go to
            // memory too; the largest, the story window read at start-up (10,000 articles, some 25 MB),
            // stayed within the 32 MB of cache before as well (peak RSS after a restart 221 → 222 MiB).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
            try pool.writeWithoutTransaction { db in
                // FULL, not NORMAL: a file is moved to the archive right after its row commits, so the
                // commit must survive a power cut, not only a crash of the process. Set here, on the
                // writer, not in `prepareDatabase`: GRDB sets NORMAL after that, when it turns the log
                // on, and under NORMAL a commit does not wait for the log to reach the disk (the
                // daemon's commits had made no `fdatasync` at all; the log reached the disk only at
                // checkpoints).
                try db.execute(sql: Self.synchronous(durable: true))
                try Self.setCheckpointInterval(bytes: Self.checkpointBytes, in: db)
            }
        } catch {
            throw .cannotOpen(path: path, reason: StoreError.describe(error))
        }
    }

    /// Runs SQLite's own consistency check; "ok" when the file is sound.
    public func integrityCheck() throws(StoreError) -> String {
        try read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
        }
    }

    /// Page size of a database this type creates (see ``init(path:)``).
    static let newDatabasePageSize = 16_384

    /// How much the write-ahead log may hold before a commit folds it into the database file, unless
    /// a batch raises it: 4 MB, SQLite's default of 1,000 pages at its default page size, whatever the
    /// database's page size.
    public static let checkpointBytes = 4 << 20

    /// How much the write-ahead log may hold before a commit folds it into the database file (see
    /// ``checkpointBytes``); SQLite counts it in pages of the database's size.
    ///
    /// In the daemon a ``LogCheckpointer`` takes the checkpoints off the commits; setting the interval
    /// then would give them back to the commits.
    ///
    /// Batch ingest raises it: the same index and search pages change in batch after batch, and a
    /// checkpoint writes every page changed since the last one to the database file, so fewer
    /// checkpoints write the hot pages fewer times (−0.4 s of the writer's 11 s in a 20,000-file
    /// ingest). ``close()`` folds the log in at the end.
    public func setCheckpointInterval(bytes: Int) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in try Self.setCheckpointInterval(bytes: bytes, in: db) }
        } catch {
            throw .failed(StoreError.describe(error))
        }
    }

    /// Whether a commit waits for the write-ahead log to reach the disk (`synchronous = FULL`, as the
    /// store opens) or only hands it to the system (NORMAL: the file stays sound through a power cut,
    /// but the last commits before it may be lost).
    ///
    /// Batch ingest turns it off for the batch: it moves no file, and running it again on the same files
    /// records whatever a power cut lost, and ``close()`` makes the whole batch durable at the end. A
    /// commit that waited for the disk held the writer for milliseconds each time (BBC set, 30 runs of
    /// each binary in turn: wall time 0.770 ± 0.016 s with NORMAL, 0.850 ± 0.030 s with FULL). The
    /// daemon keeps it on: it archives a file as soon as its row commits.
    public func setDurableCommits(_ durable: Bool) throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in try db.execute(sql: Self.synchronous(durable: durable)) }
        } catch {
            throw .failed(StoreError.describe(error))
        }
    }

    private static func synchronous(durable: Bool) -> String {
        "PRAGMA synchronous = \(durable ? "FULL" : "NORMAL")"
    }

    /// ``setCheckpointInterval(bytes:)`` on a connection already in hand (the writer's); it also puts
    /// SQLite's own checkpoint hook back in place of any other.
    static func setCheckpointInterval(bytes: Int, in db: Database) throws {
        try db.execute(sql: "PRAGMA wal_autocheckpoint = \(try pages(bytes, in: db))")
    }

    /// Whole pages of the database's size in `bytes` (at least one: zero would turn checkpoints off).
    static func pages(_ bytes: Int, in db: Database) throws -> Int {
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        return max(1, bytes / max(512, pageSize))
    }

    /// How long a connection waits for another's lock before it gives up (seconds).
    static let busyTimeout: Double = 10

    /// Copies the write-ahead log's committed pages into the database file (a passive checkpoint: it
    /// neither waits for readers nor stops them), so that a later ``close()`` has only what was written
    /// since to copy. It is an early start on work ``close()`` does anyway, so a checkpoint that cannot
    /// run now (another process reading an old snapshot, say) is simply left to it.
    ///
    /// When all of the log was copied, the log is also cut back to nothing, if that can be done without
    /// waiting: after a batch it is tens of MB (80 at most), and the `ftruncate` that ``close()`` made of
    /// it took 11 ms of a BBC ingest's last 30, with nothing else left to run beside it. Cutting it
    /// waits for every reader of an older snapshot, so the try does not wait at all (no busy timeout):
    /// when another process reads, the log is left for ``close()``.
    public func copyLogIntoDatabase() {
        _ = try? pool.writeWithoutTransaction { db in
            let (logged, copied) = try db.checkpoint(.passive)
            guard copied >= logged else { return }
            sqlite3_busy_timeout(db.sqliteConnection, 0)
            defer { sqlite3_busy_timeout(db.sqliteConnection, CInt(Self.busyTimeout * 1000)) }
            _ = try? db.checkpoint(.truncate)
        }
    }

    /// Waits until every commit made so far is on the disk, as a commit under `synchronous = FULL`
    /// would have, but without SQLite's write lock: the writer goes on committing while this waits.
    ///
    /// The daemon commits a batch's rows without waiting (readers see them at once) and calls this
    /// before it moves the batch's files out of the work folder, so a power cut can still never leave a
    /// file archived without its row. A disk that takes a second over one sync now holds up only the
    /// archiving, not the next batch's rows.
    ///
    /// Why syncing the log file is enough: a commit in WAL mode is its frames in `newsd.sqlite-wal`,
    /// and `fdatasync` takes the file's pages to the disk whichever descriptor asks (the writer's
    /// `pwrite`s are in the kernel's page cache). The log is only started again from the top after a
    /// checkpoint has copied every frame into the database file and synced that file (SQLite syncs it
    /// at every completed checkpoint at both NORMAL and FULL), so a commit no longer in the log is in
    /// the synced database file. When there is no log file (every connection closed), the database
    /// file is synced instead. The first call also syncs the folder, so the log's own name is on disk.
    public func waitForDisk() throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        var targets = [path + "-wal"]
        if !folderSynced.withLock({ $0 }) { targets.append(folder.isEmpty ? "." : folder) }
        for (index, target) in targets.enumerated() {
            var fd = Glibc.open(target, O_RDONLY | O_CLOEXEC)
            if fd < 0 && errno == ENOENT && index == 0 { fd = Glibc.open(path, O_RDONLY | O_CLOEXEC) }
            guard fd >= 0 else { throw .failed("cannot open \(target) to sync it: \(String(cString: strerror(errno)))") }
            defer { Glibc.close(fd) }
            // A directory takes fsync; fdatasync is enough for the files' data and sizes.
            let result = index == 0 ? fdatasync(fd) : fsync(fd)
            guard result == 0 else { throw .failed("cannot sync \(target) to the disk: \(String(cString: strerror(errno)))") }
        }
        folderSynced.withLock { $0 = true }
    }

    /// Folds the write-ahead log into the database file and closes the pool; further use fails.
    /// After a clean stop the data folder holds one self-contained `newsd.sqlite` to back up.
    public func close() {
        _ = try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try? pool.close()
    }

    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .failed(StoreError.describe(error)) }
    }

    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .failed(StoreError.describe(error)) }
    }

    /// A write whose commit does not wait for the log to reach the disk (`synchronous = NORMAL` for this
    /// one transaction, FULL again after it, whatever the outcome): for a write that the next start
    /// would redo if a power cut lost it. The next commit that waits takes this one's pages to the disk
    /// with its own.
    func writeWithoutWaitingForDisk<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: Self.synchronous(durable: false))
                let outcome = Result(catching: {
                    var value: T?
                    try db.inTransaction {
                        value = try body(db)
                        return .commit
                    }
                    guard let value else { throw StoreError.failed("the transaction gave no value") }
                    return value
                })
                try db.execute(sql: Self.synchronous(durable: true))
                return try outcome.get()
            }
        } catch {
            throw .failed(StoreError.describe(error))
        }
    }

    /// A read on the writer's connection, outside any transaction: it waits for the writes before it
    /// and sees them, and its pages come from the writer's cache.
    func readOnWriter<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.writeWithoutTransaction(body) } catch { throw .failed(StoreError.describe(error)) }
    }
}

/// Why the store could not do what was asked.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case failed(String)
    case notFound(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open database \(path): \(reason)"
        case .failed(let reason): return "database error: \(reason)"
        case .notFound(let what): return "\(what) not found"
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? error.resultCode.description
        }
        return String(describing: error)
    }
}
