import Dispatch
import Foundation
import Synchronization

/// The writer stage, shared by the daemon and `newsd ingest`: groups each batch's articles (copies,
/// stories) in arrival order, records the batch, and now and then refines the stories of the recent
/// window and saves the document frequencies.
///
/// Grouping state is rebuilt from the store at start-up (``restore()``), so nothing is lost when the
/// process is not: the store is the truth, memory a cache.
public final class ArticleRecorder: Sendable {
    private struct State {
        var grouper: ArticleGrouper
        var lastRefinement = Date.distantPast
        var lastRefinementSeconds = 0.0
        /// The document count at the last save of the frequencies.
        var savedDocuments = 0
    }

    let store: NewsStore
    let settings: ArticleGrouper.Settings
    let refineEvery: Int
    /// Articles counted between saves of the document frequencies.
    let saveEvery: Int
    private let state: Mutex<State>

    /// - Parameters:
    ///   - refineEvery: A batch that brings the articles grouped since the last refinement to this many
    ///     (and to half the window) is refined as it is recorded.
    ///   - saveEvery: The document frequencies are saved at the first refinement after this many
    ///     articles (and by ``finish()``); `refineEvery` when nil.
    public init(store: NewsStore, settings: ArticleGrouper.Settings, refineEvery: Int = 500, saveEvery: Int? = nil) {
        self.store = store
        self.settings = settings
        self.refineEvery = refineEvery
        self.saveEvery = saveEvery ?? refineEvery
        state = Mutex(State(grouper: ArticleGrouper(settings: settings)))
    }

    /// Loads document frequencies and the recent window from the store.
    public func restore() throws(StoreError) {
        let result: Result<Void, StoreError> = state.withLock { state in
            do throws(StoreError) {
                try load(&state)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    private func load(_ state: inout State) throws(StoreError) {
        let (documents, frequencies) = try store.termFrequencies()
        let window = try store.windowArticles(limit: settings.stories.windowArticles)
        // What a refinement settled is not refined again; what came after (the process was killed
        // before refining it) is. A store from before this was kept has everything refined once more.
        let refinedThrough = try store.refinedThrough() ?? 0
        state.grouper.clusterer.load(documents: documents, frequencies: frequencies)
        state.savedDocuments = documents
        // The articles' terms and fingerprints are worked out on all cores and put back in order on
        // this one: at a full window this was most of a start-up (a one-file `newsd ingest` into a
        // store of 18,000 articles spent 78 % of its 1.4 s here, on one core). The grouper keeps them
        // all anyway, so working them out at once holds nothing extra.
        let features = window.parallelMap(threads: settings.stories.refinementThreads) { article in
            ArticleAnalyzer.groupingFeatures(title: article.title, body: article.body)
        }
        for (article, (terms, fingerprint)) in zip(window, features) {
            state.grouper.restore(article: article.id, story: article.story, terms: terms, fingerprint: fingerprint,
                                  time: article.time.timeIntervalSince1970, settled: article.id <= refinedThrough)
        }
    }

    /// Articles grouped, or restored unsettled, since the last refinement.
    var pendingRefinement: Int { state.withLock { $0.grouper.pendingRefinement } }

    /// Story ids by article, as grouping holds them in memory (tests compare them with the store's).
    func storiesInMemory(of articles: [Int64]) -> [Int64: Int64] {
        state.withLock { state in
            var stories: [Int64: Int64] = [:]
            for article in articles { stories[article] = state.grouper.clusterer.story(of: article) }
            return stories
        }
    }

    /// Groups and records a batch; refines once `refineEvery` articles, and half the window, were
    /// grouped since the last refinement.
    ///
    /// - Parameter waitForDisk: Whether the batch's commit waits for the disk (see
    ///   ``NewsStore/recordBatch(_:at:waitForDisk:)``).
    public func record(_ files: [IncomingFile], at now: Date = Date(), waitForDisk: Bool = true) throws(StoreError) -> [RecordedOutcome] {
        let result: Result<[RecordedOutcome], StoreError> = state.withLock { state in
            var files = files
            for f in files.indices {
                guard case .articles(var articles) = files[f].content else { continue }
                for a in articles.indices {
                    guard let analysis = articles[a].analysis else { continue }
                    let time = articles[a].parsed.published?.timeIntervalSince1970 ?? now.timeIntervalSince1970
                    articles[a].decision = state.grouper.decide(analysis, time: time)
                }
                files[f].content = .articles(articles)
            }
            do throws(StoreError) {
                let recorded = try store.recordBatch(files, at: now, waitForDisk: waitForDisk)
                state.grouper.commit(recorded.mapping)
                // Refined every 500 regardless of the window, a backlog drained at start-up kept the
                // writer refining a tenth of its time while the parsing stood still.
                if Self.refinementDue(state, after: refineEvery) { try refine(&state) }
                return .success(recorded.outcomes)
            } catch {
                state.grouper.discard()
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Refines if articles were grouped since the last time and enough time has passed: the daemon
    /// calls this when its queue runs dry, and refinement of a small window is quick, so stories settle
    /// within seconds; a large window is refined no more often than ten times its own duration.
    ///
    /// - Returns: Seconds until a refinement is due, when one is pending but it is not time yet.
    @discardableResult
    public func refineWhenIdle(now: Date = Date()) throws(StoreError) -> TimeInterval? {
        let result: Result<TimeInterval?, StoreError> = state.withLock { state in
            guard state.grouper.pendingRefinement > 0 else { return .success(nil) }
            let wait = max(2, state.lastRefinementSeconds * 10)
            let since = now.timeIntervalSince(state.lastRefinement)
            guard since >= wait else { return .success(wait - since) }
            do throws(StoreError) {
                try refine(&state)
                return .success(nil)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Refines now if at least `minimum` articles (and half the window) were grouped since the
    /// last refinement (batch ingest calls this after each chunk, so refinement overlaps the parsing of
    /// the next).
    ///
    /// The document frequencies are saved only once `saveEvery` articles were counted since the last
    /// save: a save writes every term that changed, tens of thousands of rows, and these refinements
    /// come every few hundred articles.
    ///
    /// - Parameter last: No more articles come in this batch: the write-ahead log is copied into the
    ///   database file while the refinement runs (see ``refine(_:saving:foldingLog:)``).
    public func refine(ifPending minimum: Int, last: Bool = false) throws(StoreError) {
        let result: Result<Void, StoreError> = state.withLock { state in
            guard Self.refinementDue(state, after: minimum) else { return .success(()) }
            do throws(StoreError) {
                try refine(&state, saving: false, foldingLog: last)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Refines whatever is pending and saves the document frequencies (at the end of a batch, at stop).
    public func finish() throws(StoreError) {
        let result: Result<Void, StoreError> = state.withLock { state in
            do throws(StoreError) {
                if state.grouper.pendingRefinement > 0 {
                    try refine(&state, foldingLog: true)
                } else {
                    try saveFrequencies(state.grouper)
                }
                state.savedDocuments = state.grouper.clusterer.documents
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Whether at least `minimum` articles, and half the window, were grouped since the last refinement.
    /// A refinement's cost grows with the window (every touched story is compared with its neighbours
    /// again), so a large window waits for half its size in new articles: the cost per article then
    /// stays near what it is for a small one.
    private static func refinementDue(_ state: State, after minimum: Int) -> Bool {
        state.grouper.pendingRefinement >= max(1, minimum, state.grouper.clusterer.windowCount / 2)
    }

    /// - Parameter foldingLog: The batch is over: after any frequencies, the write-ahead log is copied
    ///   into the database file while the refinement runs in memory, so that closing the store has only
    ///   the refinement's own changes left to copy (the whole log was 55–60 ms after a BBC-sized batch,
    ///   on one core, the other idle).
    private func refine(_ state: inout State, saving: Bool = true, foldingLog: Bool = false) throws(StoreError) {
        let started = Date()
        // The frequencies are written while the stories are refined in memory: a refinement counts no
        // new documents, so they are the same before and after it, and the store is idle meanwhile. (At
        // the end of a BBC-sized batch the save is tens of thousands of rows, 40 ms that the last
        // refinement, mostly on one core, used to wait for.)
        let due = saving || state.grouper.clusterer.documents - state.savedDocuments >= saveEvery
        let save = storeWorkInBackground(saving: due ? state.grouper : nil, thenFoldingLog: foldingLog)
        // Every article grouped so far is stored (a batch is committed before its refinement).
        let through = state.grouper.newestArticle
        let changes = state.grouper.refine()
        let saved = save?.finished()
        let created: [Int64: Int64]
        do {
            created = try store.applyStoryChanges(changes, refinedThrough: through > 0 ? through : nil)
        } catch {
            // Memory has made the moves (and opened the stories a split needs, under provisional ids)
            // and the store has not (a full disk, say): grouping is loaded again from the store, as at
            // start-up, so that the two agree. What the refinement would have changed is given up; later
            // refinements look at the stories again as new articles touch them.
            //
            // If the store cannot be read either, memory stays as it is: an empty grouper would save
            // its small document counts over the stored ones.
            var reloaded = State(grouper: ArticleGrouper(settings: settings))
            if (try? load(&reloaded)) != nil {
                reloaded.lastRefinement = Date()
                state = reloaded
            }
            throw error
        }
        state.grouper.commit(ArticleGrouper.Mapping(stories: created))
        if due {
            if let saved {
                try saved.get()
                state.grouper.clusterer.markSaved()
            }
            state.savedDocuments = state.grouper.clusterer.documents
        }
        state.lastRefinement = Date()
        state.lastRefinementSeconds = state.lastRefinement.timeIntervalSince(started)
    }

    /// A save of the document frequencies, or a copy of the log into the database file, or both, under
    /// way on another thread.
    private final class BackgroundStoreWork: Sendable {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Void, StoreError>>(.success(()))

        /// Waits for the work and gives its outcome.
        func finished() -> Result<Void, StoreError> {
            done.wait()
            return result.withLock { $0 }
        }
    }

    /// Starts saving the frequencies of `saving` that changed since the last save, and then, with
    /// `thenFoldingLog`, copying the write-ahead log into the database file
    /// (``NewsStore/copyLogIntoDatabase()``); nil when there is nothing to do. The caller marks the
    /// frequencies saved once ``BackgroundStoreWork/finished()`` reports success, and changes no count before.
    private func storeWorkInBackground(saving grouper: ArticleGrouper?, thenFoldingLog: Bool = false) -> BackgroundStoreWork? {
        var frequencies: (changed: [(UInt64, Int32)], documents: Int)?
        if let clusterer = grouper?.clusterer, clusterer.unsavedTerms > 0 {
            frequencies = (clusterer.unsavedFrequencies(), clusterer.documents)
        }
        guard frequencies != nil || thenFoldingLog else { return nil }
        let work = BackgroundStoreWork()
        DispatchQueue.global().async { [store, frequencies] in
            do throws(StoreError) {
                if let frequencies { try store.saveTermFrequencies(frequencies.changed, documents: frequencies.documents) }
                if thenFoldingLog { store.copyLogIntoDatabase() }
            } catch {
                work.result.withLock { $0 = .failure(error) }
            }
            work.done.signal()
        }
        return work
    }

    /// Saves the frequencies that changed since the last save and waits for it (``finish()`` with no
    /// refinement pending): the same save as a refinement's, with nothing to overlap.
    private func saveFrequencies(_ grouper: ArticleGrouper) throws(StoreError) {
        guard let save = storeWorkInBackground(saving: grouper) else { return }
        try save.finished().get()
        grouper.clusterer.markSaved()
    }
}
