import Foundation
import Testing
@testable import Core

/// A batch's log is handed to the kernel to write as the batch goes on (``LogWriteback``).
@Suite struct LogWritebackTests {
    /// The call is found in the C library and takes the flag it is given: on a file with unwritten
    /// pages it succeeds (a wrong flag fails with EINVAL, a missing symbol returns false).
    @Test func startsWritingAFileWithUnwrittenPages() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/log"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 1, count: 1 << 20)))
        #expect(LogWriteback.startWriting(path))
    }

    @Test func aMissingFileIsReportedNotRaised() {
        let folder = TemporaryFolder()
        #expect(!LogWriteback.startWriting(folder.path + "/no-such-log"))
    }

    /// Requested after commits, as a batch does: each request reaches the kernel, and the store is sound.
    @Test func requestsAfterCommitsReachTheKernel() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let writeback = LogWriteback(store: store)
        try store.write { db in try db.execute(sql: "CREATE TABLE scratch (data BLOB)") }
        for _ in 0..<8 {
            try store.write { db in try db.execute(sql: "INSERT INTO scratch (data) VALUES (zeroblob(65536))") }
            writeback.request()
            writeback.drain()
        }
        #expect(writeback.started == 8)
        #expect(try store.integrityCheck() == "ok")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM scratch") } == 8)
        store.close()
    }

    /// Requests made while one waits its turn are that one: the writer's commits never queue up calls.
    @Test func requestsWhileOneIsQueuedAreOne() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        try store.write { db in try db.execute(sql: "CREATE TABLE scratch (data BLOB)") }
        let writeback = LogWriteback(store: store)
        writeback.queue.suspend()
        for _ in 0..<5 { writeback.request() }
        writeback.queue.resume()
        writeback.drain()
        #expect(writeback.started == 1)
        // Once it has run, the next request is a call of its own.
        writeback.request()
        writeback.drain()
        #expect(writeback.started == 2)
        store.close()
    }
}
