import Foundation
import GRDB
import Testing
@testable import Core

/// The daemon's checkpoints run on a connection of their own: the writer's commits only append to the
/// log, and the log still reaches the database file.
@Suite struct LogCheckpointerTests {
    /// Commits 6 MB in 64 KB rows, one row per commit (a scratch table beside the schema).
    private func writeSixMegabytes(to store: NewsStore) throws {
        try store.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS scratch (data BLOB)") }
        let row = Data(repeating: 7, count: 64 << 10)
        for _ in 0..<96 {
            try store.write { db in try db.execute(sql: "INSERT INTO scratch (data) VALUES (?)", arguments: [row]) }
        }
    }

    /// A new store in `folder`, and its database's path.
    private func newStore(in folder: TemporaryFolder) throws -> (path: String, store: NewsStore) {
        let path = folder.path + "/n.sqlite"
        return (path, try NewsStore(path: path))
    }

    private func databaseFileSize(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    }

    /// Without a checkpointer, the commit that takes the log past 4 MB copies it into the database file
    /// itself: the file has grown by the time the writes return.
    @Test func withoutACheckpointerACommitCopiesTheLog() throws {
        let folder = TemporaryFolder()
        let (path, store) = try newStore(in: folder)
        let before = try databaseFileSize(path)
        try writeSixMegabytes(to: store)
        #expect(try databaseFileSize(path) - before >= 4 << 20)
        store.close()
    }

    /// With one, the writer's commits leave the database file alone while the checkpointer is held
    /// up; once it runs, the log is in the database file, and the writer starts the log again.
    @Test func commitsLeaveTheLogToTheCheckpointer() throws {
        let folder = TemporaryFolder()
        let (path, store) = try newStore(in: folder)
        let checkpointer = try LogCheckpointer(store: store)
        #expect(checkpointer.threshold == 256)
        let before = try databaseFileSize(path)
        checkpointer.queue.suspend()
        try writeSixMegabytes(to: store)
        #expect(try databaseFileSize(path) - before < 1 << 20)
        #expect(checkpointer.checkpoints == 0)
        checkpointer.queue.resume()
        checkpointer.queue.sync {}
        #expect(checkpointer.checkpoints == 1)
        #expect(checkpointer.lastError == nil)
        #expect(try databaseFileSize(path) - before >= 6 << 20)
        // All of the log was copied, so the next write starts it again from the beginning: the log
        // holds only that write's pages, and the pages the checkpoint copied are not copied again.
        try store.write { db in try db.execute(sql: "INSERT INTO scratch (data) VALUES (zeroblob(10))") }
        let (frames, _) = try store.readOnWriter { db in try db.checkpoint(.passive) }
        #expect(frames < 10)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scratch") } == 97)
        checkpointer.stop()
        store.close()
    }

    /// A reader that holds a snapshot keeps SQLite from starting the log again after a checkpoint that
    /// copied all of it: the next checkpoint still waits for another 4 MB of log, not for the next
    /// commit (which had made twice as many checkpoints in the daemon, each with two syncs); once the
    /// log starts again, the count starts from it.
    @Test func aLogThatCannotStartAgainIsNotCheckpointedAtEveryCommit() throws {
        let folder = TemporaryFolder()
        let (path, store) = try newStore(in: folder)
        let checkpointer = try LogCheckpointer(store: store)
        checkpointer.queue.suspend()
        try writeSixMegabytes(to: store)
        // A snapshot of everything written so far, held open on a connection of its own.
        let reader = try heldSnapshot(of: path, reading: "scratch")
        checkpointer.queue.resume()
        checkpointer.queue.sync {}
        #expect(checkpointer.checkpoints == 1)
        for _ in 0..<20 {
            try store.write { db in try db.execute(sql: "INSERT INTO scratch (data) VALUES (zeroblob(100))") }
        }
        checkpointer.queue.sync {}
        #expect(checkpointer.checkpoints == 1)
        try reader.inDatabase { db in try db.rollback() }
        // The log starts again at the next write, and the next 4 MB of it bring checkpoints again.
        try writeSixMegabytes(to: store)
        checkpointer.queue.sync {}
        #expect(checkpointer.checkpoints >= 2)
        #expect(checkpointer.lastError == nil)
        checkpointer.stop()
        store.close()
    }

    /// A checkpoint that found another process's lock (a `newsd ingest` beside the daemon, closing its
    /// store) is not a failure worth a warning; an I/O error is.
    @Test func anotherConnectionsLockIsNotAFailure() {
        #expect(LogCheckpointer.isBusy(DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked")))
        #expect(LogCheckpointer.isBusy(DatabaseError(resultCode: .SQLITE_LOCKED)))
        #expect(!LogCheckpointer.isBusy(DatabaseError(resultCode: .SQLITE_IOERR)))
        #expect(!LogCheckpointer.isBusy(StoreError.failed("disk full")))
    }

    /// `stop()` gives the checkpoints back to SQLite's own hook (the writer's interval reads 0 while the
    /// checkpointer has them), and the store closes into one self-contained file.
    @Test func stopGivesTheCheckpointsBack() throws {
        let folder = TemporaryFolder()
        let (path, store) = try newStore(in: folder)
        func interval() throws -> Int? { try store.readOnWriter { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") } }
        let checkpointer = try LogCheckpointer(store: store)
        #expect(try interval() == 0)
        try writeSixMegabytes(to: store)
        checkpointer.stop()
        checkpointer.stop()
        #expect(try interval() == 256)
        #expect(checkpointer.checkpoints >= 1)
        store.close()
        let logLeft = FileManager.default.fileExists(atPath: path + "-wal") ? try databaseFileSize(path + "-wal") : 0
        #expect(logLeft == 0)
        let reopened = try NewsStore(path: path)
        #expect(try reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scratch") } == 96)
        #expect(try reopened.integrityCheck() == "ok")
    }
}
