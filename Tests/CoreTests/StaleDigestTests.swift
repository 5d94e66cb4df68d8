import Foundation
import Logging
import Testing
@testable import Core

/// A digest written before its day's findings were found again, or before its day gained articles, is
/// written again; one that is up to date, or whose files were removed, is not.
@Suite("Out-of-date digests")
struct StaleDigestTests {
    /// A report with a named speaker's quote and figures (the one the reanalysis tests use).
    static let report = ReanalyzerTests.report
    /// Noon UTC on 15 January 2027; the digest's day is counted in UTC here.
    static let noon = Date(timeIntervalSince1970: 1_800_014_400)
    static let day = DayKey(year: 2027, month: 1, day: 15)
    static let logger = Logger(label: "test")

    private func setUp(_ folder: TemporaryFolder) throws -> (NewsStore, DigestWriter) {
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        let zone = try #require(TimeZone(identifier: "UTC"))
        let writer = DigestWriter(store: store, schedule: DigestSchedule(time: ClockTime(hour: 6, minute: 0), zone: zone),
                                  folder: folder.path + "/digests")
        return (store, writer)
    }

    private func written(_ folder: TemporaryFolder) throws -> Digest {
        let (bytes, _) = try FileReader.read(folder.path + "/digests/2027-01-15.json", maxBytes: 1 << 24)
        return try JSONDigestRenderer.decode(bytes)
    }

    private func run(_ store: NewsStore) throws -> DigestRunRecord {
        try #require(try store.digestRuns(limit: 1).first)
    }

    @Test func aDigestOfOlderFindingsIsWrittenAgainOnceEveryArticleIsUpToDate() throws {
        let folder = TemporaryFolder()
        let (store, writer) = try setUp(folder)
        #expect(Self.day.description == "2027-01-15" && DayKey(containing: Self.noon, in: .gmt) == Self.day)
        _ = try store.record([incomingFile("flood.txt", Self.report)], at: Self.noon)
        _ = try store.record([incomingFile("other.txt", "Markets calm\n\nShares barely moved on Tuesday in London.")],
                             at: Self.noon.addingTimeInterval(86_400))
        // What an older newsd left: no quotes or figures for the report, nothing known of the other.
        try store.write { db in
            try db.execute(sql: "UPDATE article SET quotes = NULL, figures = NULL, analyzer = 0 WHERE id = 1")
            try db.execute(sql: "UPDATE article SET analyzer = NULL WHERE id = 2")
        }
        try writer.write(Self.day, now: Self.noon.addingTimeInterval(3600))
        #expect(try written(folder).stories.flatMap(\.quotes).isEmpty)
        #expect(try run(store).analyzer == 0)
        #expect(try writer.staleDigests().isEmpty)   // nothing was analysed again yet

        // Only the report's day is brought up to date: the catch-up is not over, so nothing is stale yet
        // (a digest is written again once, when everything is up to date).
        let report = try Reanalyzer(store: store, workers: 1, pageSize: 1).run()
        #expect(report.articles == 2 && report.changed >= 1)
        try store.write { db in try db.execute(sql: "UPDATE article SET analyzer = NULL WHERE id = 2") }
        #expect(try writer.staleDigests().isEmpty)
        try store.write { db in try db.execute(sql: "UPDATE article SET analyzer = ? WHERE id = 2", arguments: [ArticleAnalyzer.version]) }

        let stale = try writer.staleDigests()
        #expect(stale.map(\.day) == [Self.day])
        #expect(stale.first?.reason.contains("found again") == true)
        let later = Self.noon.addingTimeInterval(86_400 * 3)
        #expect(writer.rewriteStale(now: later, logger: Self.logger) == [Self.day])
        let digest = try written(folder)
        #expect(digest.generatedAt == later)
        #expect(digest.stories.flatMap(\.quotes).contains { $0.speaker == "Maria Lopez" })
        #expect(try run(store).analyzer == ArticleAnalyzer.version)
        #expect(try run(store).writtenAt == later)
        // Up to date now: nothing to write at the next look.
        #expect(try writer.staleDigests().isEmpty)
        #expect(writer.rewriteStale(logger: Self.logger).isEmpty)
    }

    /// Rows added for a day after its digest (migration v7 gave re-sent copies theirs) make it stale.
    @Test func aDigestWhoseDayGainedArticlesIsWrittenAgain() throws {
        let folder = TemporaryFolder()
        let (store, writer) = try setUp(folder)
        _ = try store.record([incomingFile("flood.txt", Self.report)], at: Self.noon)
        try writer.write(Self.day, now: Self.noon.addingTimeInterval(3600))
        #expect(try written(folder).articleCount == 1)
        #expect(try writer.staleDigests().isEmpty)

        _ = try store.record([incomingFile("markets.txt", "Markets calm\n\nShares barely moved on Tuesday in London.")],
                             at: Self.noon.addingTimeInterval(60))
        let stale = try writer.staleDigests()
        #expect(stale.map(\.day) == [Self.day])
        #expect(stale.first?.reason == "its day has 2 articles now, 1 when it was written")
        #expect(writer.rewriteStale(logger: Self.logger) == [Self.day])
        #expect(try written(folder).articleCount == 2)
        #expect(try writer.staleDigests().isEmpty)
    }

    /// A digest written before newsd recorded the findings' version is written again only when its day
    /// gained articles; one whose files were removed, or that was written into another folder, is left
    /// alone.
    @Test func digestsOfUnknownVersionAndRemovedOnes() throws {
        let folder = TemporaryFolder()
        let (store, writer) = try setUp(folder)
        _ = try store.record([incomingFile("flood.txt", Self.report)], at: Self.noon)
        try writer.write(Self.day, now: Self.noon.addingTimeInterval(3600))
        var legacy = try run(store)
        legacy.analyzer = nil
        try store.recordDigestRun(legacy)
        try store.recordDigestRun(DigestRunRecord(day: "2027-01-14", writtenAt: Self.noon, articleCount: 5,
                                                  path: folder.path + "/elsewhere/2027-01-14.md"))
        #expect(try store.articlesAnalyzedBefore(version: ArticleAnalyzer.version) == 0)
        #expect(try writer.staleDigests().isEmpty)

        legacy.articleCount = 3
        try store.recordDigestRun(legacy)
        #expect(try writer.staleDigests().map(\.day) == [Self.day])
        // The same file named by another path to it is the same digest.
        var relative = legacy
        relative.path = folder.path + "/digests/../digests/./2027-01-15.md"
        try store.recordDigestRun(relative)
        #expect(try writer.staleDigests().map(\.day) == [Self.day])
        try FileManager.default.removeItem(atPath: folder.path + "/digests/2027-01-15.md")
        #expect(try writer.staleDigests().isEmpty)
    }
}
