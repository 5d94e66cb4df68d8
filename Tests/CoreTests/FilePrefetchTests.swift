import Foundation
import Testing
@testable import Core

/// Files are read into the kernel's cache ahead of their readers (``FileReader/prefetch(_:)``).
@Suite struct FilePrefetchTests {
    /// A file the cache has dropped is read back in after the advice, without anyone reading it.
    @Test(.enabled(if: PageCache.canEvict, "the temporary folder's file system keeps every page in memory (tmpfs)"))
    func anEvictedFileIsReadBackIn() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/article.txt"
        try PageCache.writeEvicted(path, bytes: 4 << 20)
        #expect(try PageCache.residentPages(path) < PageCache.pages(4 << 20) / 2)

        #expect(FileReader.prefetch(path))
        #expect(try PageCache.residentAfterWaiting(path) == PageCache.pages(4 << 20))
    }

    /// The same advice through a descriptor the daemon opened before its claim.
    @Test(.enabled(if: PageCache.canEvict, "the temporary folder's file system keeps every page in memory (tmpfs)"))
    func anOpenedFileIsReadBackIn() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/article.txt"
        try PageCache.writeEvicted(path, bytes: 4 << 20)
        let opened = try FileReader.open(path)
        defer { opened.close() }
        #expect(opened.prefetch())
        #expect(try PageCache.residentAfterWaiting(path) == PageCache.pages(4 << 20))
    }

    /// Advice only: what cannot be opened is left for the reader to report, and a pipe is not waited on
    /// (a blocking open of a FIFO with no writer would hang this test).
    @Test func whatCannotBeReadIsLeftForTheReader() throws {
        let folder = TemporaryFolder()
        #expect(!FileReader.prefetch(folder.path + "/missing.txt"))
        let fifo = folder.path + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(!FileReader.prefetch(fifo))
        let target = folder.path + "/target.txt"
        #expect(FileManager.default.createFile(atPath: target, contents: Data("Title\n\nBody".utf8)))
        #expect(symlink(target, folder.path + "/link.txt") == 0)
        #expect(!FileReader.prefetch(folder.path + "/link.txt"))
    }

    /// A batch's piece: its regular files are read back in; a pipe among them is passed over.
    @Test(.enabled(if: PageCache.canEvict, "the temporary folder's file system keeps every page in memory (tmpfs)"))
    func aPieceIsReadBackIn() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/in", withIntermediateDirectories: true)
        for index in 0..<4 { try PageCache.writeEvicted(folder.path + "/in/\(index).txt", bytes: 1 << 20) }
        #expect(mkfifo(folder.path + "/in/pipe.txt", 0o600) == 0)
        let sources = try BatchIngester.collect([folder.path + "/in"])
        #expect(sources.count == 5)
        for index in 0..<4 { #expect(try PageCache.residentPages(folder.path + "/in/\(index).txt") < PageCache.pages(1 << 20) / 2) }

        BatchIngester.prefetch(sources[...])
        for index in 0..<4 {
            #expect(try PageCache.residentAfterWaiting(folder.path + "/in/\(index).txt") == PageCache.pages(1 << 20))
        }
    }

    /// A batch that reads ahead still stores every file, and reports the pipe among them as failed
    /// rather than waiting on it.
    @Test func aBatchStillIngestsEveryFile() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/in", withIntermediateDirectories: true)
        for index in 0..<40 {
            try folder.write("Report number \(index) on the harbour\n\nThe harbour of town \(index) reopened on Monday.",
                             to: "in/\(index).txt")
        }
        #expect(mkfifo(folder.path + "/in/pipe.txt", 0o600) == 0)
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let sources = try BatchIngester.collect([folder.path + "/in"])
        let report = try BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 2, chunkSize: 16).ingest(sources)
        #expect(report.stored + report.duplicates == 40)
        #expect(report.failed == 1)
        store.close()
    }
}

/// What the kernel's page cache holds of a file, for the tests above.
enum PageCache {
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    static func pages(_ bytes: Int) -> Int { (bytes + pageSize - 1) / pageSize }

    /// Writes `bytes` to `path`, syncs them and asks the kernel to drop the file's pages.
    static func writeEvicted(_ path: String, bytes: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x61, count: bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(fd) }
        _ = fsync(fd)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)
    }

    /// How many of the file's pages are in memory (`mincore` over a mapping of it).
    static func residentPages(_ path: String) throws -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return 0 }
        let length = Int(st.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            throw CocoaError(.fileReadUnknown)
        }
        defer { munmap(mapped, length) }
        var vector = [UInt8](repeating: 0, count: pages(length))
        guard mincore(mapped, length, &vector) == 0 else { throw CocoaError(.fileReadUnknown) }
        return vector.reduce(0) { $0 + Int($1 & 1) }
    }

    /// The file's resident pages once the kernel's reads in the background are done, or after a second.
    static func residentAfterWaiting(_ path: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw CocoaError(.fileReadUnknown) }
        let all = pages(Int(st.st_size))
        var resident = try residentPages(path)
        for _ in 0..<100 where resident < all {
            usleep(10_000)
            resident = try residentPages(path)
        }
        return resident
    }

    /// Whether dropping a file's pages works where the tests write (not on tmpfs, which has no disk
    /// to read them back from).
    static let canEvict: Bool = {
        let folder = TemporaryFolder()
        let path = folder.path + "/probe"
        guard (try? writeEvicted(path, bytes: 1 << 20)) != nil, let resident = try? residentPages(path) else { return false }
        return resident < pages(1 << 20) / 2
    }()
}
