import Foundation
import Testing
@testable import Core

/// `newsd ingest` does not parse a file when one with the same bytes and extension parsed to articles
/// in an earlier piece of the run, or was recorded by the store before it: the store keeps only the
/// original's articles for a byte-identical copy anyway, and records a file under a name only once.
@Suite("Batch ingest copies")
struct BatchIngesterCopyTests {
    /// A plain-text article: the headline on the first line.
    static func article(_ n: Int) -> String {
        "Council approves budget number \(n)\n\nThe city council in Springfield approved budget number \(n) on Tuesday, "
            + "after a debate of \(n + 2) hours about roads, schools and the harbour. The mayor said the vote was close.\n"
    }

    /// `newsd ingest` of a folder into the store, as the command runs it.
    static func ingest(_ folder: String, into store: NewsStore, workers: Int = 2) throws -> BatchIngester.Report {
        try BatchIngester(store: store, maxFileBytes: 1 << 20, workers: workers).ingest(try BatchIngester.collect([folder]))
    }

    static func source(_ folder: TemporaryFolder, _ name: String) throws -> BatchIngester.Source {
        let path = folder.path + "/" + name
        let status = try #require(FileReader.status(path))
        return BatchIngester.Source(path: path, origin: name, status: status)
    }

    @Test func aRepeatOfAnEarlierFileIsHashedButNotParsed() throws {
        let folder = TemporaryFolder()
        try folder.write(Self.article(1), to: "a.txt")
        try folder.write(Self.article(1), to: "b.txt")
        try folder.write(Self.article(1), to: "c.md")
        let pipeline = ArticlePipeline()
        let (first, firstKey) = BatchIngester.prepare(try Self.source(folder, "a.txt"), maxFileBytes: 1 << 20, pipeline: pipeline,
                                                      parsedBefore: [])
        guard case .articles(let articles) = first.content else {
            Issue.record("the first file was not parsed: \(first.content)")
            return
        }
        #expect(articles.count == 1)
        #expect(first.sha256 == SHA256.hex(Array(Self.article(1).utf8)))
        let seen: Set<BatchIngester.CopyKey> = [try #require(firstKey)]

        let repeated = BatchIngester.prepare(try Self.source(folder, "b.txt"), maxFileBytes: 1 << 20, pipeline: pipeline,
                                             parsedBefore: seen).file
        #expect(repeated.sha256 == first.sha256)
        guard case .copy = repeated.content else {
            Issue.record("the same bytes and extension were parsed again: \(repeated.content)")
            return
        }
        // Another extension may be parsed another way (the sniffer reads it), so it is parsed.
        let otherExtension = BatchIngester.prepare(try Self.source(folder, "c.md"), maxFileBytes: 1 << 20, pipeline: pipeline,
                                                   parsedBefore: seen).file
        guard case .articles = otherExtension.content else {
            Issue.record("a file with another extension was taken for a copy: \(otherExtension.content)")
            return
        }
    }

    /// Two names with the same key's extension get the same extension from the sniffer, which is all
    /// it reads of a name; the key may tell apart what the sniffer does not (case), never the reverse.
    @Test func copyKeysAgreeOnlyWhereTheSnifferWould() {
        let digest = SHA256.digest(Array("same bytes".utf8))
        let names = ["a.txt", "b/a.txt", "a.TXT", "a.md", "x.y/a", "a", ".hidden", "dir/.hidden", "a.tar.gz", "a.gz",
                     "feed.RSS", "feed.rss", "a.", "b/c.d/e.json", "é.Ä", "é.ä"]
        for a in names {
            for b in names {
                let keyA = BatchIngester.CopyKey(digest: digest, origin: a), keyB = BatchIngester.CopyKey(digest: digest, origin: b)
                let nameA = String(a.split(separator: "/").last ?? ""), nameB = String(b.split(separator: "/").last ?? "")
                if keyA == keyB {
                    #expect(FormatSniffer.fileExtension(nameA) == FormatSniffer.fileExtension(nameB), "\(a) and \(b)")
                }
            }
        }
        #expect(BatchIngester.CopyKey(digest: digest, origin: "a.txt") == BatchIngester.CopyKey(digest: digest, origin: "b/c.txt"))
        #expect(BatchIngester.CopyKey(digest: digest, origin: "a.txt") != BatchIngester.CopyKey(digest: digest, origin: "a.md"))
        #expect(BatchIngester.CopyKey(digest: digest, origin: "x.y/a") == BatchIngester.CopyKey(digest: digest, origin: "a"))
        #expect(BatchIngester.CopyKey(digest: digest, origin: "a.txt")
                    != BatchIngester.CopyKey(digest: SHA256.digest(Array("other bytes".utf8)), origin: "a.txt"))
    }

    /// Twenty articles, then (past the first piece of sixteen) repeats of three of them: one with the same
    /// extension, taken for a copy, one with another, parsed; and a repeat inside the first piece.
    @Test func repeatsAcrossPiecesAreStoredAsCopiesOfTheFirst() throws {
        let folder = TemporaryFolder()
        let corpus = folder.path + "/corpus"
        for n in 0..<20 { try folder.write(Self.article(n), to: String(format: "corpus/a/%02d.txt", n)) }
        try folder.write(Self.article(0), to: "corpus/a/00b.txt")     // the second file: same piece as 00.txt
        try folder.write(Self.article(3), to: "corpus/b/copy.txt")    // a later piece, same extension
        try folder.write(Self.article(4), to: "corpus/b/other.md")    // a later piece, another extension
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let ingester = BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 2)
        let sources = try BatchIngester.collect([corpus])
        #expect(sources.firstIndex { $0.origin == "b/copy.txt" }.map { $0 >= 16 } == true)

        let report = try ingester.ingest(sources)
        #expect(report.stored == 20 && report.duplicates == 3 && report.failed == 0)
        #expect(report.notParsed == 1)  // b/copy.txt; other.md has another extension, 00b.txt the same piece

        let rows = try store.exportPage(after: 0, limit: 100)
        #expect(rows.count == 23)
        func row(_ origin: String) -> ExportedArticle? { rows.first { $0.origin == origin } }
        for (copy, original) in [("b/copy.txt", "a/03.txt"), ("b/other.md", "a/04.txt"), ("a/00b.txt", "a/00.txt")] {
            let copied = try #require(row(copy))
            let first = try #require(row(original))
            #expect(copied.duplicateOf == first.id, "\(copy)")
            #expect(copied.story == first.story && copied.title == first.title && copied.text == first.text, "\(copy)")
            #expect(copied.entities == first.entities && copied.figures == first.figures, "\(copy)")
        }

        // Running again records nothing twice, copies included.
        let again = try BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 2).ingest(sources)
        #expect(again.unchanged == 23 && again.stored == 0 && again.duplicates == 0)
        #expect(again.notParsed == 23)
    }

    /// What the store recorded before counts as parsed: a second run over the same files, or the same
    /// files under other names, parses none of them, and records what a parse would have led to.
    @Test func filesTheStoreRecordedBeforeAreNotParsedAgain() throws {
        let folder = TemporaryFolder()
        for n in 0..<3 { try folder.write(Self.article(n), to: "first/\(n).txt") }
        try folder.write("not an article: no headline, no body", to: "first/broken.json")
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let first = try Self.ingest(folder.path + "/first", into: store)
        #expect(first.stored == 3 && first.failed == 1)

        let recorded = try store.recordedContents { sha256, origin in BatchIngester.CopyKey(sha256: sha256, origin: origin) }
        #expect(recorded.count == 3)  // the failed file parsed to nothing, so it is not among them
        let again = BatchIngester.prepare(try Self.source(folder, "first/1.txt"), maxFileBytes: 1 << 20, pipeline: ArticlePipeline(),
                                          parsedBefore: recorded)
        guard case .copy = again.file.content else {
            Issue.record("a file the store recorded before was parsed again: \(again.file.content)")
            return
        }
        #expect(again.key.map(recorded.contains) == true)

        // Again, the same names: nothing recorded twice; the failed file is read and fails again.
        let second = try Self.ingest(folder.path + "/first", into: store)
        #expect(second.unchanged == 3 && second.stored == 0 && second.duplicates == 0 && second.failed == 1)
        #expect(second.notParsed == 3)
        // Under other names: copies of the first.
        for n in 0..<3 { try folder.write(Self.article(n), to: "other/renamed-\(n).txt") }
        let third = try Self.ingest(folder.path + "/other", into: store)
        #expect(third.duplicates == 3 && third.stored == 0 && third.failed == 0)
        #expect(third.notParsed == 3)
        let rows = try store.exportPage(after: 0, limit: 100)
        for n in 0..<3 {
            let copy = try #require(rows.first { $0.origin == "renamed-\(n).txt" })
            let original = try #require(rows.first { $0.origin == "\(n).txt" })
            #expect(copy.duplicateOf == original.id && copy.story == original.story && copy.text == original.text)
        }
    }

    /// A small batch into a store whose ledger is much longer does not read the whole ledger first: its
    /// files are parsed, and recorded as before.
    @Test func aSmallBatchIntoALargerStoreDoesNotReadTheLedger() throws {
        let folder = TemporaryFolder()
        let count = BatchIngester.ledgerRowsPerFile + 2
        for n in 0..<count { try folder.write(Self.article(n), to: "all/\(n).txt") }
        try folder.write(Self.article(0), to: "one/0.txt")
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let first = try Self.ingest(folder.path + "/all", into: store)
        #expect(first.stored == count)
        #expect(try store.ledgerLength() == count)
        // One file against a ledger of more than `ledgerRowsPerFile` rows: parsed, and still "already ingested".
        let one = try Self.ingest(folder.path + "/one", into: store, workers: 1)
        #expect(one.unchanged == 1 && one.notParsed == 0)
        // The whole folder again: the ledger is short enough, so nothing is parsed.
        let all = try Self.ingest(folder.path + "/all", into: store)
        #expect(all.unchanged == count && all.notParsed == count)
    }

    /// A key from the hex the store keeps is the key from the digest's bytes.
    @Test func keysFromHexAndFromBytesAgree() throws {
        for text in ["", "a", "the same bytes", String(repeating: "x", count: 1000)] {
            let digest = SHA256.digest(Array(text.utf8))
            let fromHex = try #require(BatchIngester.CopyKey(sha256: SHA256.hex(digest: digest), origin: "f/a.txt"))
            #expect(fromHex == BatchIngester.CopyKey(digest: digest, origin: "a.txt"))
        }
        #expect(BatchIngester.CopyKey(sha256: "not hex at all, not hex at all", origin: "a.txt") == nil)
        #expect(BatchIngester.CopyKey(sha256: "abc", origin: "a.txt") == nil)
        #expect(BatchIngester.CopyKey(sha256: "ABCDEF0123456789", origin: "a.txt") == nil)  // the store's hex is lower-case
    }

    /// Only the first 64 bits of the hashes agreed (or the first file was not stored after all): the
    /// store does not hold the bytes, so the file is parsed on the writer like any other.
    @Test func aCopyWhoseBytesTheStoreDoesNotHoldIsParsedAfterAll() throws {
        let folder = TemporaryFolder()
        try folder.write(Self.article(7), to: "x.txt")
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let ingester = BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 1)
        let source = try Self.source(folder, "x.txt")
        var taken = BatchIngester.prepare(source, maxFileBytes: 1 << 20, pipeline: ArticlePipeline(), parsedBefore: []).file
        taken.content = .copy
        let confirmed = try ingester.confirmCopies([taken], of: [source])
        guard case .articles(let articles) = confirmed.first?.content else {
            Issue.record("a copy of bytes the store does not hold was kept as a copy")
            return
        }
        #expect(articles.first?.parsed.title == "Council approves budget number 7")
    }

    /// The store never stores a copy it has no original for: it has no articles to store.
    @Test func theStoreFailsACopyWithoutOriginal() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let file = IncomingFile(claimID: nil, origin: "x.txt", size: 10, mtime: 0, inode: 1,
                                sha256: SHA256.hex(Array("not stored".utf8)), content: .copy)
        let outcomes = try store.record([file])
        #expect(outcomes == [.failed(NewsStore.copyWithoutOriginal)])
        #expect(try store.exportPage(after: 0, limit: 10).isEmpty)
        // The ledger says so too, with the reason.
        let status = try store.status()
        #expect(status.filesFailed == 1 && status.filesStored == 0 && status.filesDuplicate == 0)
        #expect(status.recentFailures.map(\.reason) == [NewsStore.copyWithoutOriginal])
    }
}
