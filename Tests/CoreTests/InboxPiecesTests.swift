import Foundation
import Testing
@testable import Core

@Suite("Inbox pieces")
struct InboxPiecesTests {
    @Test func ignoredNames() {
        for name in [".hidden", "x.tmp", "x.part", "x.crdownload", "x~", ".x.swp", "y.PART"] {
            #expect(InboxNames.isIgnored(name), "\(name)")
        }
        for name in ["story.txt", "feed.xml", "a..b.txt", "notes"] {
            #expect(!InboxNames.isIgnored(name), "\(name)")
        }
        #expect(InboxNames.isIgnored(relativePath: ".git/config"))
    }

    @Test func inotifyRecordsDecode() {
        var bytes: [UInt8] = []
        func append(wd: Int32, mask: UInt32, name: String, padTo: Int) {
            withUnsafeBytes(of: wd.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: mask.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(0)) { bytes += $0 }
            withUnsafeBytes(of: UInt32(padTo).littleEndian) { bytes += $0 }
            let nameBytes = Array(name.utf8)
            bytes += nameBytes + [UInt8](repeating: 0, count: padTo - nameBytes.count)
        }
        append(wd: 1, mask: UInt32(IN_MOVED_TO), name: "a.txt", padTo: 16)
        append(wd: 2, mask: UInt32(IN_CLOSE_WRITE), name: "naïve name\nwith newline", padTo: 32)
        append(wd: 1, mask: UInt32(IN_Q_OVERFLOW), name: "", padTo: 0)
        let events = bytes.withUnsafeBytes { InotifyEvent.decode($0) }
        #expect(events.map(\.name) == ["a.txt", "naïve name\nwith newline", ""])
        #expect(events[0].has(IN_MOVED_TO) && !events[0].has(IN_CLOSE_WRITE))
        #expect(events[2].has(IN_Q_OVERFLOW))
        // A truncated trailing record is not read past the buffer.
        let truncated = Array(bytes.prefix(20))
        #expect(truncated.withUnsafeBytes { InotifyEvent.decode($0) }.isEmpty)
    }

    @Test func readerRefusesLinksAndPipes() throws {
        let folder = TemporaryFolder()
        try folder.write("secret", to: "target.txt")
        #expect(symlink(folder.path + "/target.txt", folder.path + "/link.txt") == 0)
        #expect(mkfifo(folder.path + "/pipe", 0o600) == 0)
        #expect(throws: FileReadError.self) { try FileReader.open(folder.path + "/link.txt") }
        #expect(throws: FileReadError.notRegular(.fifo)) { try FileReader.open(folder.path + "/pipe") }
        #expect(FileReader.status(folder.path + "/link.txt")?.kind == .symlink)
        #expect(try FileReader.read(folder.path + "/target.txt", maxBytes: 100).bytes == Array("secret".utf8))
        #expect(throws: FileReadError.tooLarge(size: 6, limit: 3)) { try FileReader.read(folder.path + "/target.txt", maxBytes: 3) }
    }

    @Test func destinationsNeverCollideAndLongNamesFit() throws {
        let folder = TemporaryFolder()
        try folder.write("a", to: "x.txt")
        #expect(FileMover.freeDestination(folder.path + "/x.txt") == folder.path + "/x-2.txt")
        #expect(FileMover.freeDestination(folder.path + "/y.txt", reserved: [folder.path + "/y.txt"]) == folder.path + "/y-2.txt")
        let long = String(repeating: "é", count: 127) + ".txt"   // 258 bytes
        let shortened = FileMover.shortened(long, toBytes: 243)
        #expect(shortened.utf8.count <= 243 && shortened.hasSuffix(".txt"))
        #expect(String(validating: Array(shortened.utf8), as: UTF8.self) != nil)
    }

    @Test func movesCreateFoldersAndSidecarsSayWhy() throws {
        let folder = TemporaryFolder()
        try folder.write("data", to: "a.bin")
        try FileMover.move(folder.path + "/a.bin", to: folder.path + "/failed/sub/a.bin")
        try FileMover.writeReason("bad\nthing", besides: folder.path + "/failed/sub/a.bin")
        #expect(try String(contentsOfFile: folder.path + "/failed/sub/a.bin.error", encoding: .utf8) == "bad thing\n")
        #expect(FileReader.status(folder.path + "/a.bin") == nil)
    }

    @Test func scannerSkipsIgnoredFoldersAndKeepsLinksAsEntries() throws {
        let folder = TemporaryFolder()
        try folder.write("a", to: "in/a.txt")
        try folder.write("b", to: "in/.newsd-work/claim-1")
        try folder.write("c", to: "in/sub/c.txt")
        #expect(symlink("/etc/passwd", folder.path + "/in/pw") == 0)
        let listing = InboxScanner.scan(folder.path + "/in")
        #expect(Set(listing.entries.map { InboxScanner.relativePath($0.path, root: folder.path + "/in") }) == ["a.txt", "sub/c.txt", "pw"])
        #expect(listing.entries.first { $0.path.hasSuffix("/pw") }?.status.kind == .symlink)
    }

    @Test func sourceFromSubfolder() {
        #expect(ArticlePipeline.sourceHint(forOrigin: "reuters/x.txt") == "reuters")
        #expect(ArticlePipeline.sourceHint(forOrigin: "x.txt") == nil)
    }
}

@Suite("Batch ingest chunks")
struct BatchChunkTests {
    @Test func chunksGrowFromSmallAndCoverEveryFileOnce() {
        let ranges = BatchIngester.chunks(count: 1_000, size: 256)
        #expect(ranges.map(\.count) == [16, 32, 64, 128, 256, 256, 248])
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == 1_000)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(BatchIngester.chunks(count: 0, size: 256).isEmpty)
        #expect(BatchIngester.chunks(count: 5, size: 4).map(\.count) == [4, 1])
        #expect(BatchIngester.chunks(count: 3, size: 0).map(\.count) == [1, 1, 1])
    }

    /// The last chunk reaches the writer in pieces; refinement still comes after the same files.
    @Test func lastChunkGoesInPiecesAndRefinementStaysAtChunkEnds() {
        let pieces = BatchIngester.pieces(count: 1_000, chunkSize: 256)
        #expect(pieces.map(\.range.count) == [16, 32, 64, 128, 256, 256, 32, 32, 32, 32, 32, 32, 32, 24])
        #expect(pieces.first?.range.lowerBound == 0 && pieces.last?.range.upperBound == 1_000)
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
        let refinedAfter = pieces.filter(\.endsChunk).map(\.range.upperBound)
        #expect(refinedAfter == BatchIngester.chunks(count: 1_000, size: 256).map(\.upperBound))
        #expect(BatchIngester.pieces(count: 0, chunkSize: 256).isEmpty)
        #expect(BatchIngester.pieces(count: 10, chunkSize: 256).map(\.endsChunk) == [true])
    }

    /// The refinement after the last whole chunk is left to the end of the batch: the one after the
    /// chunk ending at file 752 of 1,000, the first of 40 (a chunk of 16, then the last one of 24), and
    /// none in a batch of one chunk.
    @Test func theLastWholeChunksRefinementWaitsForTheEnd() {
        let pieces = BatchIngester.pieces(count: 1_000, chunkSize: 256)
        let deferred = BatchIngester.deferredRefinement(pieces)
        #expect(deferred.map { pieces[$0].range.upperBound } == 752)
        #expect(deferred.map { pieces[$0].endsChunk } == true)
        #expect(BatchIngester.deferredRefinement(BatchIngester.pieces(count: 40, chunkSize: 256)) == 0)
        #expect(BatchIngester.deferredRefinement(BatchIngester.pieces(count: 10, chunkSize: 256)) == nil)
        #expect(BatchIngester.deferredRefinement([]) == nil)
    }
}
