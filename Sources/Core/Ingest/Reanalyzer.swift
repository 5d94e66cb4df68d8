import Dispatch
import Foundation
import Synchronization

/// `newsd reanalyze`: runs the analysers of this newsd again on stored articles, so that entities,
/// quotes and figures found by an older one are brought up to date.
///
/// Articles are read a page at a time in id order, analysed on all workers, and their findings
/// written in one short transaction per page, so a running daemon's batches wait at most for one page.
/// Only the analysis columns change; stories, the search index and the files are left as they are.
/// Run again after an interruption, it goes on with the articles still analysed by the older version.
public struct Reanalyzer: Sendable {
    /// What a run did.
    public struct Report: Sendable, Equatable {
        /// Articles analysed again.
        public var articles = 0
        /// Of those, articles whose findings came out different.
        public var changed = 0
        /// Exact copies given their original's new findings.
        public var copies = 0
    }

    let store: NewsStore
    let workers: Int
    let pageSize: Int

    public init(store: NewsStore, workers: Int, pageSize: Int = 256) {
        self.store = store
        self.workers = max(1, workers)
        self.pageSize = max(1, pageSize)
    }

    /// Articles read and analysed again, ready to save (``save(_:waitForDisk:)``).
    public struct Page: Sendable {
        public var texts: [StoredText]
        public var found: [StoredFindings]
        /// The id to read the next page after.
        public var last: Int64 { texts.last?.id ?? 0 }
        /// Articles whose findings came out different.
        public var changed: Int { zip(texts, found).filter { $0.findings != $1 }.count }
    }

    /// The next page of articles after `id` (those an older analyser made, or all with `all`), analysed
    /// on all workers; nil when none is left.
    public func page(after id: Int64, all: Bool = false) throws(StoreError) -> Page? {
        let texts = try store.texts(after: id, analyzedBefore: all ? nil : ArticleAnalyzer.version, limit: pageSize)
        guard !texts.isEmpty else { return nil }
        let found = texts.parallelMap(threads: workers) { text in
            StoredFindings(ArticleAnalyzer.analyze(ParsedArticle(title: text.title, body: text.body)))
        }
        return Page(texts: texts, found: found)
    }

    /// Stores a page's findings (and their copies') in one transaction; returns how many copies changed.
    /// See ``NewsStore/saveFindings(_:version:waitForDisk:)`` for `waitForDisk`.
    @discardableResult
    public func save(_ page: Page, waitForDisk: Bool = true) throws(StoreError) -> Int {
        try store.saveFindings(zip(page.texts, page.found).map { ($0.id, $1) }, version: ArticleAnalyzer.version,
                               waitForDisk: waitForDisk)
    }

    /// - Parameters:
    ///   - all: Every article with a text, not only those an older analyser made.
    ///   - progress: Called on the writer's queue after each page is saved, with the report so far.
    public func run(all: Bool = false, progress: (@Sendable (Report) -> Void)? = nil) throws(StoreError) -> Report {
        let report = Mutex(Report())
        let failure = Mutex<StoreError?>(nil)
        // A page is saved on the writer's queue while the workers analyse the next: at 70,000 articles
        // the saves were a fifth of the run, with both cores waiting.
        let writer = DispatchQueue(label: "newsd.reanalyze-writer")
        let inFlight = DispatchSemaphore(value: 2)
        var after: Int64 = 0
        var readFailure: StoreError?
        while failure.withLock({ $0 == nil }) {
            let next: Page?
            do {
                next = try page(after: after, all: all)
            } catch {
                // Not thrown from here: the page before may still be saving, and the caller closes the store.
                readFailure = error
                break
            }
            guard let page = next else { break }
            after = page.last
            inFlight.wait()
            writer.async {
                defer { inFlight.signal() }
                guard failure.withLock({ $0 == nil }) else { return }
                do throws(StoreError) {
                    let copies = try save(page)
                    let sofar = report.withLock { report in
                        report.articles += page.texts.count
                        report.changed += page.changed
                        report.copies += copies
                        return report
                    }
                    progress?(sofar)
                } catch {
                    failure.withLock { $0 = error }
                }
            }
        }
        writer.sync {}
        if let error = readFailure ?? failure.withLock({ $0 }) { throw error }
        return report.withLock { $0 }
    }
}
