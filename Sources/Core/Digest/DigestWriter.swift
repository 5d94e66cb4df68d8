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

    /// Writes the digest of `day`; returns the paths written.
    @discardableResult
    public func write(_ day: DayKey, now: Date = Date()) throws -> [String] {
        let digest = try DigestBuilder(store: store, zone: schedule.zone).build(day, now: now)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o750])
        let markdown = folder + "/\(day).md"
        try AtomicWriter.write(MarkdownDigestRenderer().render(digest), to: markdown, mode: 0o640)
        try store.recordDigestRun(DigestRunRecord(day: day.description, writtenAt: now, articleCount: digest.articleCount,
                                                  path: markdown))
        return [markdown]
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
