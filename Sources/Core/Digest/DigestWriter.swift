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
        try store.recordDigestRun(DigestRunRecord(day: day.description, writtenAt: now, articleCount: digest.articleCount,
                                                  path: base + ".md"))
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
}
