import Foundation
import Logging

/// Builds a day's digest, writes its files atomically into `DATA/digests/`, and records the run.
public struct DigestWriter: Sendable {
    let store: NewsStore
    let schedule: DigestSchedule
    let folder: String

    public init(store: NewsStore, schedule: DigestSchedule, folder: String) {
        self.store = store
        self.schedule = schedule
        self.folder = folder
    }

    /// Writes the digest of `day` (Markdown, HTML and JSON, together) and then the Atom feed; returns
    /// the paths written.
    @discardableResult
    public func write(_ day: DayKey, now: Date = Date()) throws -> [String] {
        let digest = try DigestBuilder(store: store, zone: schedule.zone).build(day, now: now)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o750])
        let base = folder + "/\(day)"
        let files: [(path: String, bytes: [UInt8])] = [
            (base + ".md", Array(MarkdownDigestRenderer().render(digest).utf8)),
            (base + ".html", Array(HTMLDigestRenderer().render(digest).utf8)),
            (base + ".json", try JSONDigestRenderer().render(digest)),
        ]
        try AtomicWriter.writeTogether(files, mode: 0o640)
        let feed = folder + "/feed.xml"
        try AtomicWriter.write(AtomFeedRenderer(folder: folder).render(recentDigests(including: digest)), to: feed, mode: 0o640)
        let (start, end) = day.interval(in: schedule.zone)
        let analyzer = try store.oldestAnalyzer(ingestedFrom: start, to: end, current: ArticleAnalyzer.version)
        try store.recordDigestRun(DigestRunRecord(day: day.description, writtenAt: now, articleCount: digest.articleCount,
                                                  path: base + ".md", analyzer: analyzer))
        return files.map(\.path) + [feed]
    }

    /// The digests the feed holds: this one and the newest others in the folder. A day's JSON that
    /// cannot be read is left out of the feed, not allowed to stop it.
    private func recentDigests(including digest: Digest) -> [Digest] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let days = names.compactMap { name -> DayKey? in
            guard name.hasSuffix(".json") else { return nil }
            return DayKey(parsing: String(name.dropLast(5)))
        }.filter { $0 != digest.day }.sorted(by: >).prefix(AtomFeedRenderer.entries - 1)
        var digests = [digest]
        for day in days {
            guard let (bytes, _) = try? FileReader.read(folder + "/\(day).json", maxBytes: 64 * 1024 * 1024),
                  let earlier = try? JSONDigestRenderer.decode(bytes) else { continue }
            digests.append(earlier)
        }
        return digests
    }

    /// Writes every digest that is due and missing (after downtime, several), oldest first.
    public func writeDue(now: Date = Date(), catchUpLimit: Int, logger: Logger) {
        do {
            let last = try store.digestRuns(limit: 1).first.flatMap { DayKey(parsing: $0.day) }
            let first = try store.firstIngest().map { DayKey(containing: $0, in: schedule.zone) }
            let due = schedule.dueDays(now: now, lastWritten: last, firstDay: first, limit: max(1, catchUpLimit))
            for day in due {
                let paths = try write(day, now: now)
                logger.info("wrote the digest of \(day): \(paths.joined(separator: ", "))")
            }
        } catch {
            logger.error("cannot write the digest: \(error)")
        }
    }

    /// A written digest that no longer shows what the store holds for its day.
    public struct StaleDigest: Sendable, Equatable {
        public var day: DayKey
        /// Why, in words for the log.
        public var reason: String
    }

    /// The digests in this folder that no longer show what the store holds for their day, oldest first:
    /// - those that showed findings of an older analyser, once no article of an older analyser is left
    ///   (the daemon's idle catch-up or `newsd reanalyze` is done): a digest is written again once, with
    ///   everything up to date, not once for every page of the catch-up;
    /// - those whose day now has another number of articles, rows the store added for it later (as
    ///   migration v7 did for re-sent copies).
    ///
    /// A digest whose Markdown file is gone from the folder is left alone: someone removed it. So is, by
    /// the first rule, one written before newsd recorded the findings' version (`analyzer` NULL): most
    /// were written with the findings of the day, and writing every one again would change them all
    /// (today's stories, a new time of writing) and mark every entry of the feed as updated.
    public func staleDigests() throws(StoreError) -> [StaleDigest] {
        let current = ArticleAnalyzer.version
        let analysed = try store.articlesAnalyzedBefore(version: current) == 0
        // Compared as absolute paths: `newsd digest --db data/newsd.sqlite` records a relative one.
        func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        var stale: [StaleDigest] = []
        for run in try store.digestRuns() {
            guard let day = DayKey(parsing: run.day), absolute(run.path) == absolute(folder + "/\(day).md"),
                  FileReader.status(run.path) != nil else { continue }
            if analysed, let analyzer = run.analyzer, analyzer < current {
                stale.append(StaleDigest(day: day, reason: "its entities, quotes and figures were found again"))
                continue
            }
            let (start, end) = day.interval(in: schedule.zone)
            let count = try store.articleCount(ingestedFrom: start, to: end)
            if count != run.articleCount {
                stale.append(StaleDigest(day: day, reason: "its day has \(count) articles now, \(run.articleCount) when it was written"))
            }
        }
        return stale
    }

    /// Writes the stale digests (``staleDigests()``) again, oldest first; returns the days written.
    /// A failure is logged and leaves the rest for the next time.
    @discardableResult
    public func rewriteStale(now: Date = Date(), logger: Logger) -> [DayKey] {
        var written: [DayKey] = []
        do {
            for stale in try staleDigests() {
                try write(stale.day, now: now)
                written.append(stale.day)
                logger.info("wrote the digest of \(stale.day) again: \(stale.reason)")
            }
        } catch {
            logger.error("cannot write an out-of-date digest again: \(error)")
        }
        return written
    }
}
