import Foundation

/// Groups articles into stories: one story per event, however many outlets report it and in whatever
/// words.
///
/// **Assignment, as articles arrive.** An article's ``StoryTerms`` become a TF-IDF vector: document
/// frequencies learnt from everything stored so far, each stem's IDF scaled by how specific the word is
/// in news in general (``BackgroundFrequencies``), so a young store already knows "face" from "ceasefire". It joins the story it is closest to by average
/// link (its mean cosine to the story's members, which is one dot product with the story's summed
/// vectors), if that reaches `threshold`; otherwise it opens a story. Candidate stories come from an
/// inverted index on the heaviest terms, so the cost per article does not grow with the store; a story
/// of several articles must share two of the article's heaviest terms to be one.
///
/// **Refinement, periodically** (every few hundred articles and at the end of a batch), over the
/// stories of a recent window, with the document frequencies as they now stand:
/// 1. *reassign*: each article moves to the story it is now closest to, or leaves its story when it is
///    no longer close to it (early articles were placed with few documents to judge by);
/// 2. *merge*: stories whose average link reaches `threshold` join;
/// 3. *split*: topic is not event. A story is bisected on its members' vectors with the terms most of
///    them share turned down (the names and words of the topic, leaving what differs between events),
///    and the split is kept only if the halves are far apart compared with how close each half is
///    inside: cross similarity below `splitRatio` × the weaker half's cohesion. Two fights of one boxer,
///    the hiring and the firing of one coach, two quakes on one island come apart this way. When no
///    even split holds, one event is *peeled* off: a group the bisection formed on its way whose cross
///    similarity to the rest of the story is below `peelRatio` × its own cohesion. A story that gathered
///    a whole topic (a tournament, an election campaign) is too mixed for its halves to differ, but each
///    event in it stands out from the rest.
///
/// A refinement's comparisons only read, so they run on `refinementThreads` threads; what they find is
/// applied one article or story at a time, and anything an earlier change could have changed is
/// compared again, so the outcome is the same on any number of threads.
///
/// Story ids are the store's. A new story gets a provisional negative id until its row exists; merges
/// keep the older story's id, splits keep it for the part holding the story's oldest article.
///
/// Not `Sendable`: the serial writer stage owns it (a refinement lends it, to read only, to threads it
/// waits for).
public final class StoryClusterer {
    public struct Settings: Sendable, Equatable {
        /// Average-link cosine at which an article joins a story and two stories merge.
        public var threshold = 0.095
        /// Most articles kept in the in-memory window (older ones stay stored, their stories closed).
        public var windowArticles = 10_000
        /// A story that gained nothing for this long takes no new articles.
        public var windowDays = 7.0
        /// A split is kept when cross similarity < ratio × the weaker half's cohesion.
        public var splitRatio = 0.4
        /// …or, for one event taken out of a story, when its cross similarity to the rest < ratio × its
        /// own cohesion (see "split" above).
        public var peelRatio = 0.15
        /// Smallest half a split may leave.
        public var minimumSplitPart = 3
        /// In a split, terms found in at least this share of the story's articles count as the topic's…
        public var topicTermShare = 0.6
        /// …and weigh this much.
        public var topicTermWeight = 0.3
        /// Threads a refinement spreads its comparisons over (1: all on the caller's). The outcome is
        /// the same for any number.
        public var refinementThreads = min(4, ProcessInfo.processInfo.activeProcessorCount)

        public init() {}
    }

    /// What a refinement changed.
    public struct Changes: Sendable, Equatable {
        /// Articles that moved, and the story each now belongs to (negative: a new story).
        public var moves: [Int64: Int64] = [:]
        /// For every story that changed, the article whose headline best represents it.
        public var representatives: [Int64: Int64] = [:]

        public var isEmpty: Bool { moves.isEmpty && representatives.isEmpty }
    }

    public let settings: Settings
    public private(set) var documents = 0
    /// Each term's document frequency, and what the store holds for it.
    private var documentFrequency = TermMap(empty: Frequency())
    /// Terms whose document frequency changed since the store last saved them.
    public private(set) var unsavedTerms = 0

    private struct Frequency {
        var documents: Int32 = 0
        var saved: Int32 = 0
        /// ``BackgroundFrequencies/specificity(of:)``, looked up when the term is first counted: every
        /// vector reads it beside the count, and a second table lookup per term was a second cache
        /// miss. (The slot stays 24 bytes.)
        var specificity: Float = 1
    }

    private struct Member {
        var terms: StoryTerms
        var vector: SparseVector
        /// The vector's heaviest terms: the keys under which its story is indexed.
        var top: [UInt64]
        /// How many documents the frequencies counted when the vector was made.
        var vectorDocuments: Int
        var story: Int64
        var time: Double
    }

    private struct Story {
        var sum = TermSums(signed: true)
        var members: [Int64] = []
        var firstTime: Double
        var lastTime: Double
        /// Its size when a split was last tried and found nothing: it is tried again once it has grown.
        var checkedSize = 0

        mutating func add(_ vector: SparseVector) {
            for entry in vector.entries { sum.add(entry.term, entry.weight) }
        }

        /// Takes a vector out of the sum, dropping terms that fall to zero so the sum stays the size of
        /// what its members hold.
        mutating func subtract(_ vector: SparseVector) {
            for entry in vector.entries { sum.add(entry.term, -entry.weight) }
        }
    }

    private var members: [Int64: Member] = [:]
    private var arrival = ArrivalOrder()
    private var stories: [Int64: Story] = [:]
    private var postings: [UInt64: [Int64]] = [:]
    private var nextProvisionalStory: Int64 = -1
    private var touched: Set<Int64> = []
    /// Articles added since the last refinement.
    private var newcomers: Set<Int64> = []
    /// During a refinement: the story each moved article was in before it started. Merges and splits
    /// move articles that were not revisited, so this, not the revisit list, says what changed.
    private var departed: [Int64: Int64] = [:]
    /// Pairs of stories found to be separate events, by a hash of their two member lists.
    private var separateEvents: Set<Int> = []
    /// Terms whose posting lists hold a provisional story: renaming visits these, not every list.
    private var provisionalPostings: Set<UInt64> = []
    /// Provisional articles and stories of the current batch:
    /// renaming and discarding cost the size of the batch, not of the window.
    private var provisionalMembers: [Int64] = []
    private var provisionalStories: [Int64] = []
    /// While ``reassign(_:)`` runs: terms whose posting lists gained or lost a story.
    private var changedPostings: Set<UInt64>?
    /// While ``reassign(_:)`` runs: a move in the current block took a story across
    /// ``broadStoryMembers``, so it became a candidate for more articles, or for fewer.
    private var broadnessChanged = false

    static let candidateTerms = 8
    static let postingLimit = 64
    /// A story of this many articles is a candidate for an article only when it is listed under two or
    /// more of the article's ``candidateTerms`` (see ``candidates(under:)``).
    static let broadStoryMembers = 4
    static let vectorTerms = 160
    static let largestSplit = 150

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    public var windowCount: Int { members.count }

    /// The story an article of the window is in.
    public func story(of article: Int64) -> Int64? { members[article]?.story }

    // MARK: Document frequencies

    /// Counts an article's terms (every stored article except copies, which would count a text twice).
    public func observe(_ terms: StoryTerms) {
        documents += 1
        unsavedTerms += Self.count(terms, in: &documentFrequency)
    }

    /// Counts an article's terms in `frequencies`; returns how many of them were saved before.
    ///
    /// Static, given the table inout: a loop over the terms that reached the clusterer's stored
    /// properties for each term had every such access checked for exclusivity at run time (a class's
    /// properties are), twice per term of every article.
    private static func count(_ terms: StoryTerms, in frequencies: inout TermMap<Frequency>) -> Int {
        var newlyUnsaved = 0
        for entry in terms.terms {
            frequencies.update(entry.term, initial: Frequency()) { frequency in
                if frequency.documents == 0 { frequency.specificity = BackgroundFrequencies.specificity(of: entry.term) }
                if frequency.documents == frequency.saved { newlyUnsaved += 1 }
                frequency.documents += 1
            }
        }
        return newlyUnsaved
    }

    /// The document frequencies that changed since ``markSaved()``, in the store's key order (the terms
    /// as signed integers), so that saving them walks the table's B-tree once from start to end.
    public func unsavedFrequencies() -> [(UInt64, Int32)] {
        var changed: [(UInt64, Int32)] = []
        changed.reserveCapacity(unsavedTerms)
        documentFrequency.forEach { term, frequency in
            if frequency.documents != frequency.saved { changed.append((term, frequency.documents)) }
        }
        changed.sort { Int64(bitPattern: $0.0) < Int64(bitPattern: $1.0) }
        return changed
    }

    /// The store holds every document frequency as it is now.
    public func markSaved() {
        documentFrequency.updateAll { $0.saved = $0.documents }
        unsavedTerms = 0
    }

    /// Restores saved document frequencies.
    public func load(documents: Int, frequencies: [(UInt64, Int32)]) {
        self.documents = documents
        documentFrequency = TermMap(empty: Frequency(), capacity: frequencies.count)
        for (term, count) in frequencies {
            documentFrequency.set(term, Frequency(documents: count, saved: count, specificity: BackgroundFrequencies.specificity(of: term)))
        }
        unsavedTerms = 0
    }

    /// The article's TF-IDF vector, unit length, its heaviest `vectorTerms` terms.
    func vector(_ terms: StoryTerms) -> SparseVector {
        let n = Double(documents + 1)
        var entries: [(term: UInt64, weight: Float)] = []
        entries.reserveCapacity(terms.terms.count)
        for entry in terms.terms where entry.weight > 0 {
            let tf = entry.weight >= 1 ? 1 + log(Double(entry.weight)) : Double(entry.weight)
            let frequency = documentFrequency[entry.term]
            let idf = log(n / (Double(frequency?.documents ?? 0) + 0.5))
                * Double(frequency?.specificity ?? BackgroundFrequencies.specificity(of: entry.term))
            if idf > 0 { entries.append((entry.term, Float(tf * idf))) }
        }
        var norm: Float = 0
        if entries.count > Self.vectorTerms {
            // The heaviest, kept in term order; the squares still added heaviest first, the order the
            // sort this replaced left them in, so the norm is the same to the last bit.
            entries = SparseVector.heaviestInOrder(Self.vectorTerms, of: entries)
            var weights = entries.map(\.weight)
            weights.sort(by: >)
            for weight in weights { norm += weight * weight }
        } else {
            for entry in entries { norm += entry.weight * entry.weight }
        }
        norm = norm.squareRoot()
        if norm > 0 { for i in entries.indices { entries[i].weight /= norm } }
        return SparseVector(entries: entries)
    }

    // MARK: Assignment

    /// The story a new article belongs to: an existing one, or a new provisional one (negative id).
    /// Call ``observe(_:)`` for the article first.
    public func assign(article: Int64, terms: StoryTerms, time: Double) -> Int64 {
        let vector = vector(terms)
        let top = vector.top(Self.candidateTerms)
        var best: (story: Int64, similarity: Double)?
        for story in candidates(under: top) {
            guard let state = stories[story], !state.members.isEmpty,
                  state.lastTime >= time - settings.windowDays * 86_400 else { continue }
            let similarity = vector.dot(state.sum) / Double(state.members.count)
            if similarity >= settings.threshold, similarity > (best?.similarity ?? -1) { best = (story, similarity) }
        }
        let story = best?.story ?? newProvisionalStory()
        add(article, member(terms, vector, top: top, story: story, time: time))
        return story
    }

    /// Puts an article in a known story (at start-up, from the store).
    ///
    /// - Parameter settled: A refinement already placed it: it is not revisited, nor its story touched,
    ///   until new articles touch the story or it grows stale. A window restored unsettled is refined
    ///   whole by the first refinement after start-up (a second or more at a full window, which held up
    ///   the first files a restarted daemon took).
    public func restore(article: Int64, terms: StoryTerms, story: Int64, time: Double, settled: Bool = false) {
        let vector = vector(terms)
        add(article, member(terms, vector, top: vector.top(Self.candidateTerms), story: story, time: time), settled: settled)
    }

    private func member(_ terms: StoryTerms, _ vector: SparseVector, top: [UInt64], story: Int64, time: Double) -> Member {
        Member(terms: terms, vector: vector, top: top, vectorDocuments: documents, story: story, time: time)
    }

    /// Gives provisional articles and stories their stored ids.
    public func rename(articles: [Int64: Int64], stories renamedStories: [Int64: Int64]) {
        for (old, new) in renamedStories {
            guard let state = stories.removeValue(forKey: old) else { continue }
            stories[new] = state
            for member in state.members { members[member]?.story = new }
            if touched.remove(old) != nil { touched.insert(new) }
        }
        for (old, new) in articles {
            guard let member = members.removeValue(forKey: old) else { continue }
            members[new] = member
            if newcomers.remove(old) != nil { newcomers.insert(new) }
            updateStory(member.story) { state in
                if let index = state.members.firstIndex(of: old) { state.members[index] = new }
            }
        }
        arrival.rename(articles)
        if !renamedStories.isEmpty {
            // A stored story renamed (the store lost it and reopened it) can be in any list; that is rare.
            let terms = renamedStories.keys.contains { $0 > 0 } ? Set(postings.keys) : provisionalPostings
            for term in terms {
                guard let list = postings[term], list.contains(where: { renamedStories[$0] != nil }) else { continue }
                postings[term] = list.map { renamedStories[$0] ?? $0 }
            }
        }
    }

    /// Forgets everything provisional (the batch was not stored).
    public func discardProvisional() {
        for id in provisionalMembers where members[id] != nil {
            removeMember(id)
            newcomers.remove(id)
        }
        for id in provisionalStories { stories[id] = nil }
        arrival.endBatch()
        provisionalMembers.removeAll(keepingCapacity: true)
        provisionalStories.removeAll(keepingCapacity: true)
        for term in provisionalPostings {
            postings[term]?.removeAll { $0 < 0 }
        }
        provisionalPostings.removeAll(keepingCapacity: true)
    }

    private func newProvisionalStory() -> Int64 {
        defer { nextProvisionalStory -= 1 }
        provisionalStories.append(nextProvisionalStory)
        return nextProvisionalStory
    }

    private func add(_ id: Int64, _ member: Member, settled: Bool = false) {
        members[id] = member
        if id < 0 { provisionalMembers.append(id) }
        arrival.append(id)
        join(member.story, id, member)
        index(story: member.story, terms: member.top)
        if !settled {
            touched.insert(member.story)
            newcomers.insert(id)
        }
        while members.count > settings.windowArticles { evictOldest() }
    }

    private func index(story: Int64, terms: [UInt64]) {
        Self.index(story: story, terms: terms, postings: &postings, provisional: &provisionalPostings, changed: &changedPostings)
    }

    /// Lists `story` last under each of `terms`. Static, with the lists inout, for the reason given at
    /// ``count(_:in:)``: three checked accesses per term otherwise.
    private static func index(story: Int64, terms: [UInt64], postings: inout [UInt64: [Int64]],
                              provisional: inout Set<UInt64>, changed: inout Set<UInt64>?) {
        for term in terms {
            let (listed, newcomer) = update(&postings[term, default: []]) { list -> (Bool, Bool) in
                if list.last == story { return (false, false) }
                let before = list.count
                list.removeAll { $0 == story }
                let newcomer = list.count == before
                list.append(story)
                if list.count > postingLimit { list.removeFirst(list.count - postingLimit) }
                return (true, newcomer)
            }
            if listed, story < 0 { provisional.insert(term) }
            if newcomer { changed?.insert(term) }
        }
    }

    // MARK: Changing stories in place

    // A story is changed where it lies in `stories`: copied out and written back, its sum and member list
    // would have two owners for a moment and copy-on-write would copy them whole, so every article that
    // joined, left or moved cost the size of its story.

    /// Runs `body` on the story `id`, if there is one, without copying it.
    private func updateStory(_ id: Int64, _ body: (inout Story) -> Void) {
        guard let index = stories.index(forKey: id) else { return }
        body(&stories.values[index])
    }

    /// Adds a member to a story, making the story when it is new.
    private func join(_ story: Int64, _ id: Int64, _ member: Member) {
        Self.update(&stories[story, default: Story(firstTime: member.time, lastTime: member.time)]) { state in
            state.members.append(id)
            state.firstTime = min(state.firstTime, member.time)
            state.lastTime = max(state.lastTime, member.time)
            state.add(member.vector)
        }
    }

    /// Takes a member out of its story; an emptied story is dropped.
    private func leave(_ story: Int64, _ id: Int64, _ member: Member) {
        var emptied = false
        updateStory(story) { state in
            state.members.removeAll { $0 == id }
            state.subtract(member.vector)
            emptied = state.members.isEmpty
        }
        if emptied { stories[story] = nil }
    }

    /// Applies `body` to a value reached through a modify accessor (a dictionary entry), in place.
    private static func update<Value, Result>(_ value: inout Value, _ body: (inout Value) -> Result) -> Result {
        body(&value)
    }

    private func candidates(for member: Member) -> [Int64] {
        candidates(under: member.top)
    }

    /// The stories listed under any of `terms`, each once, in id order; but a story of
    /// ``broadStoryMembers`` articles or more only when it is listed under two of them or more.
    ///
    /// A story of several articles is listed under the heaviest terms of every one of them, so it turns
    /// up for any article that shares one of those terms (a name, a place, the topic's word), and its sum,
    /// the terms of all its articles, is the costliest to compare with: each term looked up is a cache
    /// miss. An article that reports the same event shares more than one of its eight heaviest terms
    /// with such a story. A story of one to three articles still takes one shared term: another outlet's
    /// report of an event can share little more than a name with the first. Measured on synthetic
    /// rewrites of the BBC set labelled with the article each rewrites: at 20,000 files the candidates per
    /// article went from 11 to 5 and B-cubed F1 from 0.834 to 0.839; a 100,000-file ingest took 42 s
    /// instead of 50 (two runs of each); ECB+ went from 0.929 to 0.934. Two shared terms asked of every
    /// story took ECB+ down to 0.916.
    ///
    /// Gathered in an array and sorted rather than put in a `Set`: a few hundred ids per article, and the
    /// order no longer depends on the process's hash seed.
    private func candidates(under terms: [UInt64]) -> [Int64] {
        var found: [Int64] = []
        for term in terms { if let list = postings[term] { found += list } }
        found.sort()
        var unique = 0
        var start = 0
        while start < found.count {
            var end = start + 1
            while end < found.count, found[end] == found[start] { end += 1 }
            let story = found[start]
            if end - start >= 2 || !isBroad(stories[story]?.members.count ?? 0) {
                found[unique] = story
                unique += 1
            }
            start = end
        }
        found.removeLast(found.count - unique)
        return found
    }

    /// Whether a story of `members` articles needs two shared terms to be a candidate.
    private func isBroad(_ members: Int) -> Bool {
        members >= Self.broadStoryMembers
    }

    private func evictOldest() {
        if let id = arrival.popOldest(where: { members[$0] != nil }) { removeMember(id) }
    }

    private func removeMember(_ id: Int64) {
        guard let member = members.removeValue(forKey: id) else { return }
        leave(member.story, id, member)
    }

    // MARK: Refinement

    /// Reassigns, merges and splits the stories touched since the last refinement, with today's
    /// document frequencies.
    ///
    /// What is revisited is what can have changed: the newcomers, and the members of touched stories whose
    /// vectors were made when the store knew a third fewer documents, so early articles are judged again
    /// as the frequencies settle. A term's weight moves with the log of the store's growth, so an article
    /// is revisited a few times while the store is young and hardly ever once it is large: a refinement
    /// costs what arrived since the last one, however large the window or its stories are. (Revisiting at
    /// every tenth of growth made each refinement of a 20,000-article batch go over the whole window.)
    ///
    /// The second pass of reassignment looks again only at articles in stories the first pass changed.
    public func refine() -> Changes {
        guard !members.isEmpty, !touched.isEmpty else { return Changes() }
        var revisit: [Int64] = []
        // In id order, here and below: a `Set`'s order follows the process's hash seed, and the order
        // articles are revisited and stories compared in decides ties, so the same input gave two
        // groupings from run to run.
        for story in touched.sorted() {
            guard let state = stories[story] else { continue }
            for id in state.members where newcomers.contains(id) || isStale(id) { revisit.append(id) }
        }
        departed.removeAll(keepingCapacity: true)
        refresh(revisit)

        reassign(revisit)
        var changed: Set<Int64> = []
        for (id, story) in departed {
            changed.insert(story)
            if let now = members[id]?.story { changed.insert(now) }
        }
        reassign(revisit.filter { members[$0].map { changed.contains($0.story) } ?? false })
        merge(Set(revisit.compactMap { members[$0]?.story }))
        split(Set(revisit.compactMap { members[$0]?.story }))

        var changes = Changes()
        for (id, story) in departed {
            if let now = members[id]?.story, now != story { changes.moves[id] = now }
        }
        departed.removeAll(keepingCapacity: true)
        for story in touched {
            guard let state = stories[story], !state.members.isEmpty else { continue }
            changes.representatives[story] = representative(of: state)
        }
        touched.removeAll(keepingCapacity: true)
        newcomers.removeAll(keepingCapacity: true)
        return changes
    }

    private func isStale(_ id: Int64) -> Bool {
        guard let member = members[id] else { return false }
        return documents - member.vectorDocuments > max(20, member.vectorDocuments / 2)
    }

    /// A fresh vector with today's frequencies; the story's sum and the index follow.
    ///
    /// The vectors are made on all cores (from the frequencies, which do not change meanwhile), a block
    /// at a time; the sums and the index are brought up to date one article at a time.
    private func refresh(_ ids: [Int64]) {
        for start in stride(from: 0, to: ids.count, by: Self.placementBlock) {
            let block = Array(ids[start..<min(ids.count, start + Self.placementBlock)])
            let fresh = readInParallel(block) { clusterer, id in
                clusterer.members[id].map { member in
                    let vector = clusterer.vector(member.terms)
                    return FreshVector(vector: vector, top: vector.top(Self.candidateTerms))
                }
            }
            for (id, fresh) in zip(block, fresh) {
                guard let fresh, var member = members[id], stories[member.story] != nil else { continue }
                updateStory(member.story) { state in
                    state.subtract(member.vector)
                    state.add(fresh.vector)
                }
                member.vector = fresh.vector
                member.top = fresh.top
                member.vectorDocuments = documents
                members[id] = member
                index(story: member.story, terms: member.top)
            }
        }
    }

    private struct FreshVector: Sendable {
        var vector: SparseVector
        var top: [UInt64]
    }

    /// Each article to the story it is now closest to; out of its story when it is no longer close to it.
    ///
    /// The articles are placed in order, each against the stories as the moves before it left them. The
    /// comparisons are made on all cores first, against the stories as they stand; then, going through the
    /// articles in order, a placement is made again only when an earlier move changed one of the stories
    /// it compared, a posting list it took candidates from, or which stories are broad. Moves are few, so
    /// nearly every placement stands, and the outcome is the one-by-one outcome.
    private func reassign(_ ids: [Int64]) {
        changedPostings = []
        defer { changedPostings = nil }
        // A block at a time, so that the placements held at once take a few megabytes, not a hundred.
        for start in stride(from: 0, to: ids.count, by: Self.placementBlock) {
            let block = Array(ids[start..<min(ids.count, start + Self.placementBlock)])
            // On one thread each article is simply placed at its turn.
            let planned = parallel ? readInParallel(block) { clusterer, id in clusterer.placement(of: id) } : nil
            var changedStories: Set<Int64> = []
            changedPostings?.removeAll(keepingCapacity: true)
            broadnessChanged = false
            for (index, id) in block.enumerated() {
                guard let member = members[id] else { continue }
                let placed: Placement?
                if let planned {
                    placed = planned[index]
                } else {
                    placed = placement(of: id)
                }
                guard var plan = placed else { continue }
                if planned != nil, !changedStories.isEmpty { revise(&plan, of: member, changed: changedStories) }
                let best = plan.best
                if let own = plan.ownSimilarity, own >= settings.threshold, own >= (best?.similarity ?? -1) { continue }
                let target: Int64
                if let best, best.similarity >= settings.threshold {
                    target = best.story
                } else {
                    guard let own = plan.ownSimilarity, own < settings.threshold else { continue }
                    target = newProvisionalStory()
                }
                changedStories.insert(member.story)
                changedStories.insert(target)
                move(id, to: target)
            }
        }
    }

    /// Articles placed at once in ``reassign(_:)``.
    static let placementBlock = 1024

    /// Where an article stands: its similarity to each candidate story (in id order; nil for one that
    /// is gone or empty) and its mean similarity to the rest of its own story (nil when it is alone).
    private struct Placement: Sendable {
        var candidates: [Int64]
        var similarities: [Double?]
        var ownSimilarity: Double?

        /// The closest candidate; of equals, the first.
        var best: (story: Int64, similarity: Double)? {
            var best: (story: Int64, similarity: Double)?
            for (story, similarity) in zip(candidates, similarities) {
                if let similarity, similarity > (best?.similarity ?? -1) { best = (story, similarity) }
            }
            return best
        }
    }

    /// Reads only, so placements can be worked out on several threads.
    private func placement(of id: Int64) -> Placement? {
        guard let member = members[id], let own = stories[member.story] else { return nil }
        let candidates = otherCandidates(for: member)
        return Placement(candidates: candidates,
                         similarities: candidates.map { similarity(member.vector, to: $0) },
                         ownSimilarity: ownSimilarity(member.vector, own))
    }

    /// Brings a placement up to date with the stories that changed since it was made: those similarities
    /// are worked out again, and the candidates too when one of the article's posting lists changed or a
    /// story crossed ``broadStoryMembers`` (it may have become a candidate, or stopped being one).
    private func revise(_ plan: inout Placement, of member: Member, changed: Set<Int64>) {
        if changed.contains(member.story) {
            plan.ownSimilarity = stories[member.story].flatMap { ownSimilarity(member.vector, $0) }
        }
        if broadnessChanged || changedPostings.map({ member.top.contains(where: $0.contains) }) == true {
            let candidates = otherCandidates(for: member)
            var similarities: [Double?] = []
            similarities.reserveCapacity(candidates.count)
            var old = 0
            for story in candidates {
                while old < plan.candidates.count, plan.candidates[old] < story { old += 1 }
                let known = old < plan.candidates.count && plan.candidates[old] == story && !changed.contains(story)
                similarities.append(known ? plan.similarities[old] : similarity(member.vector, to: story))
            }
            plan.candidates = candidates
            plan.similarities = similarities
            return
        }
        for index in plan.candidates.indices where changed.contains(plan.candidates[index]) {
            plan.similarities[index] = similarity(member.vector, to: plan.candidates[index])
        }
    }

    /// The candidate stories for an article other than its own, in id order.
    private func otherCandidates(for member: Member) -> [Int64] {
        candidates(for: member).filter { $0 != member.story }
    }

    /// An article's average link to a story it is not in.
    private func similarity(_ vector: SparseVector, to story: Int64) -> Double? {
        guard let state = stories[story], !state.members.isEmpty else { return nil }
        return vector.dot(state.sum) / Double(state.members.count)
    }

    /// An article's average link to the other members of its own story.
    private func ownSimilarity(_ vector: SparseVector, _ own: Story) -> Double? {
        own.members.count > 1 ? (vector.dot(own.sum) - 1) / Double(own.members.count - 1) : nil
    }

    private func move(_ id: Int64, to target: Int64) {
        guard var member = members[id], stories[member.story] != nil else { return }
        if departed[id] == nil { departed[id] = member.story }
        let sizes = (from: stories[member.story]?.members.count ?? 0, to: stories[target]?.members.count ?? 0)
        if isBroad(sizes.from) != isBroad(sizes.from - 1) || isBroad(sizes.to) != isBroad(sizes.to + 1) {
            broadnessChanged = true
        }
        leave(member.story, id, member)
        touched.insert(member.story)
        join(target, id, member)
        member.story = target
        members[id] = member
        index(story: target, terms: member.top)
        touched.insert(target)
    }

    /// Stories whose average link reaches the threshold join, closest pairs first; the older id stays.
    ///
    /// Candidates and similarities are worked out on all cores (they only read); the joining is serial.
    private func merge(_ focus: Set<Int64>) {
        var focus = focus
        for _ in 0..<8 {
            let ordered = focus.sorted()
            let found = readInParallel(ordered) { clusterer, id in clusterer.mergeCandidates(of: id) }
            // Two stories both in focus are compared once, not from each side: from the side first in id
            // order that lists the other.
            var compared: Set<StoryPair> = []
            var proposed: [StoryProposal] = []
            for (id, others) in zip(ordered, found) {
                for other in others {
                    if focus.contains(other), !compared.insert(StoryPair(id, other)).inserted { continue }
                    proposed.append(StoryProposal(story: id, other: other))
                }
            }
            let similarities = averageLinks(proposed)
            var pairs: [(Int64, Int64, Double)] = []
            for (pair, similarity) in zip(proposed, similarities) {
                guard let similarity, similarity >= settings.threshold else { continue }
                let (id, other) = (pair.story, pair.other)
                pairs.append(ProvisionalID.isOlder(id, than: other) ? (id, other, similarity) : (other, id, similarity))
            }
            guard !pairs.isEmpty else { return }
            pairs.sort { $0.2 > $1.2 || ($0.2 == $1.2 && ($0.0, $0.1) < ($1.0, $1.1)) }
            // Whether each pair is two events, worked out on all cores before any of them join: a pair is
            // only looked at while neither of its stories has merged, so they are still as read here.
            // (On one thread, at its turn.)
            let separations = parallel ? readInParallel(pairs.map { StoryProposal(story: $0.0, other: $0.1) }) { clusterer, pair in
                clusterer.separation(pair.story, pair.other)
            } : nil
            var merged: Set<Int64> = []
            for (index, (keep, absorb, _)) in pairs.enumerated() where !merged.contains(keep) && !merged.contains(absorb) {
                guard stories[keep] != nil, let absorbed = stories[absorb]?.members else { continue }
                let separation = separations?[index] ?? separation(keep, absorb)
                // Not when the split step would part them again: the same articles would go back and
                // forth at every refinement.
                if separation.separate {
                    remember(separation)
                    continue
                }
                for member in absorbed { move(member, to: keep) }
                merged.insert(keep)
                merged.insert(absorb)
            }
            focus = merged.filter { stories[$0] != nil }
        }
    }

    /// The stories listed under the heaviest terms of a story's sum, each once, in the order found.
    private func mergeCandidates(of id: Int64) -> [Int64] {
        guard let state = stories[id] else { return [] }
        var seen: Set<Int64> = []
        var others: [Int64] = []
        for term in SparseVector.heaviest(Self.candidateTerms * 2, of: state.sum.entries) {
            for other in postings[term] ?? [] where other != id && seen.insert(other).inserted { others.append(other) }
        }
        return others
    }

    /// Each pair's average link (the mean cosine between a member of one story and a member of the
    /// other), nil where a story is gone. A story takes part in a hundred or so pairs, so each sum is
    /// packed once (``PackedTermSums``) for all of its dot products; packing and products are spread
    /// over the threads.
    private func averageLinks(_ pairs: [StoryProposal]) -> [Double?] {
        // Each story, and whether it is the one with fewer terms (the one walked) in any of its pairs,
        // by the rule ``PackedTermSums/dot(_:_:)`` chooses by.
        var walked: [Int64: Bool] = [:]
        for pair in pairs {
            let first = stories[pair.story]?.sum.count ?? 0, second = stories[pair.other]?.sum.count ?? 0
            walked[pair.story, default: false] = walked[pair.story, default: false] || first <= second
            walked[pair.other, default: false] = walked[pair.other, default: false] || first > second
        }
        let ids = walked.keys.sorted()
        let packed = readInParallel(ids.map { ($0, walked[$0] ?? true) }) { clusterer, story in
            clusterer.stories[story.0].map {
                PackedStory(sums: PackedTermSums($0.sum, walked: story.1), size: $0.members.count)
            }
        }
        var packedByStory: [Int64: PackedStory] = [:]
        packedByStory.reserveCapacity(ids.count)
        for (id, story) in zip(ids, packed) { packedByStory[id] = story }
        return readInParallel(pairs) { [packedByStory] _, pair in
            guard let first = packedByStory[pair.story], let second = packedByStory[pair.other] else { return nil }
            return PackedTermSums.dot(first.sums, second.sums) / Double(first.size * second.size)
        }
    }

    /// A story's sum packed for ``averageLinks(_:)``, and its member count.
    private struct PackedStory: Sendable {
        var sums: PackedTermSums
        var size: Int
    }

    /// Whether refinement spreads its comparisons over threads.
    private var parallel: Bool { settings.refinementThreads > 1 }

    /// `body` over `items` on `refinementThreads` threads, results in order.
    ///
    /// Only for work that reads the clusterer: nothing changes it while the threads run (the caller
    /// waits for them), which is what makes handing it to them safe.
    private func readInParallel<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (StoryClusterer, Item) -> Result
    ) -> [Result] {
        let shared = SharedForReading(self)
        return items.parallelMap(threads: settings.refinementThreads) { body(shared.value, $0) }
    }

    /// Bisects stories into events where the topic's shared terms hid the difference.
    private func split(_ focus: Set<Int64>) {
        var queue = focus.sorted().filter { (stories[$0]?.members.count ?? 0) >= max(3, 2 * settings.minimumSplitPart) }
        // The first look at each queued story is taken on all cores: splitting one story changes no
        // other, so it stands until its story's turn. The parts of a split are looked at again then.
        var firstLooks: [Int64: Bisection] = [:]
        if parallel {
            let ready = queue.filter { splittableMembers(of: $0) != nil }
            let looks = readInParallel(ready) { clusterer, story in
                Bisection(halves: clusterer.splittableMembers(of: story).flatMap { clusterer.bisect($0) })
            }
            firstLooks = Dictionary(zip(ready, looks)) { first, _ in first }
        }
        var guardCount = 0
        while let story = queue.popLast(), guardCount < 10_000 {
            guardCount += 1
            guard let ids = splittableMembers(of: story) else { continue }
            guard let (keep, leave) = firstLooks.removeValue(forKey: story).map(\.halves) ?? bisect(ids) else {
                stories[story]?.checkedSize = ids.count
                continue
            }
            stories[story]?.checkedSize = 0
            // The part with the story's oldest article keeps the id.
            let oldest = ids.min { members[$0]?.time ?? 0 < members[$1]?.time ?? 0 }
            let moving = oldest.map { keep.contains($0) } ?? true ? leave : keep
            let target = newProvisionalStory()
            for member in moving { move(member, to: target) }
            queue += [story, target]
        }
    }

    /// A story's members, when it is worth trying to split: big enough for two parts, small enough to
    /// compare every pair, and grown by a quarter since a split was last tried and found nothing.
    private func splittableMembers(of story: Int64) -> [Int64]? {
        // The member list only, not the story: a copy held while members move would be copied whole.
        guard let ids = stories[story]?.members, let checked = stories[story]?.checkedSize,
              ids.count >= max(3, 2 * settings.minimumSplitPart), ids.count <= Self.largestSplit,
              ids.count >= checked + max(1, checked / 4) else { return nil }
        return ids
    }

    /// What ``bisect(_:)`` found for a story.
    private struct Bisection: Sendable {
        var halves: ([Int64], [Int64])?
    }

    /// Two parts of `ids`, when they are clearly two events: the two groups average-link agglomeration
    /// ends with, or else the group formed on the way that stands out most from the rest (a peel).
    private func bisect(_ ids: [Int64]) -> ([Int64], [Int64])? {
        guard let similarity = residualSimilarities(ids) else { return nil }
        let k = ids.count
        // For each group, the sum of the similarities inside it and of those from its members to all
        // others, kept as groups join: its cohesion and its cross similarity to the rest, for a peel.
        var inside = [Double](repeating: 0, count: k)
        var outward = similarity.enumerated().map { i, row in row.reduce(0, +) - row[i] }
        var peel: (ratio: Double, members: [Int])?
        // Average-link agglomeration down to two groups.
        var groups: [[Int]] = (0..<k).map { [$0] }
        var link = similarity
        while groups.count > 2 {
            var best = (0, 1, -Double.infinity)
            for a in 0..<groups.count { for b in (a + 1)..<groups.count where link[a][b] > best.2 { best = (a, b, link[a][b]) } }
            let (a, b, _) = best
            let sizeA = Double(groups[a].count), sizeB = Double(groups[b].count)
            for c in 0..<groups.count where c != a && c != b {
                let merged = (link[a][c] * sizeA + link[b][c] * sizeB) / (sizeA + sizeB)
                link[a][c] = merged
                link[c][a] = merged
            }
            inside[a] += inside[b] + link[a][b] * sizeA * sizeB
            outward[a] += outward[b]
            groups[a] += groups[b]
            inside.remove(at: b)
            outward.remove(at: b)
            groups.remove(at: b)
            link.remove(at: b)
            for row in link.indices { link[row].remove(at: b) }
            // `a` < `b`, so the joined group is still at `a`.
            if let ratio = peelRatio(size: groups[a].count, of: k, inside: inside[a], outward: outward[a]),
               ratio < peel?.ratio ?? .infinity {
                peel = (ratio, groups[a])
            }
        }
        if groups.count == 2, isSeparation(groups[0], groups[1], similarity) {
            return (groups[0].map { ids[$0] }, groups[1].map { ids[$0] })
        }
        guard let peel else { return nil }
        let peeled = Set(peel.members)
        return (peel.members.map { ids[$0] }, (0..<k).filter { !peeled.contains($0) }.map { ids[$0] })
    }

    /// A group's cross similarity to the rest of its story over its own cohesion, when it may be peeled
    /// off (below `peelRatio`, both parts big enough); `inside` and `outward` are the sums of its
    /// members' similarities to each other (each pair once) and to every other member.
    private func peelRatio(size n: Int, of k: Int, inside: Double, outward: Double) -> Double? {
        guard n >= settings.minimumSplitPart, k - n >= settings.minimumSplitPart else { return nil }
        let cohesion = inside / Double(n * (n - 1) / 2)
        let cross = (outward - 2 * inside) / Double(n * (k - n))
        guard cohesion > 0, cross < settings.peelRatio * cohesion else { return nil }
        return cross / cohesion
    }

    /// Whether two stories (`a` keeps its id, `b` joins it) are separate events: taken as one, the split
    /// step would part them again. Reads only, so verdicts can be worked out on several threads; a verdict
    /// worked out afresh carries the key to remember it by (``remember(_:)``).
    private func separation(_ a: Int64, _ b: Int64) -> Separation {
        guard let a = stories[a]?.members, let b = stories[b]?.members,
              a.count >= settings.minimumSplitPart, b.count >= settings.minimumSplitPart,
              a.count + b.count <= Self.largestSplit else { return Separation(separate: false, learnt: nil) }
        // Two stories found to be separate events are proposed for merging again at every refinement while
        // their sums stay alike; the verdict stands until one of them changes.
        var hasher = Hasher()
        for id in a { hasher.combine(id) }
        hasher.combine(-1 as Int64)
        for id in b { hasher.combine(id) }
        let pair = hasher.finalize()
        if separateEvents.contains(pair) { return Separation(separate: true, learnt: nil) }
        guard let similarity = residualSimilarities(a + b) else { return Separation(separate: false, learnt: nil) }
        let separate = isSeparation(Array(0..<a.count), Array(a.count..<(a.count + b.count)), similarity)
        return Separation(separate: separate, learnt: separate ? pair : nil)
    }

    private struct Separation: Sendable {
        var separate: Bool
        /// The key of a separation found now, not remembered from before.
        var learnt: Int?
    }

    private func remember(_ separation: Separation) {
        guard let pair = separation.learnt else { return }
        if separateEvents.count >= 100_000 { separateEvents.removeAll(keepingCapacity: true) }
        separateEvents.insert(pair)
    }

    /// Pairwise cosines of the articles' vectors with the terms most of them share (the topic's) turned
    /// down, leaving what tells their events apart.
    ///
    /// Every distinct term gets a small number first, so that one vector can be spread over a dense row
    /// and each later vector dotted with it by indexing, without the unpredictable branches of merging
    /// two sorted lists (a 40-article check is 780 such dot products). The products of a pair are added
    /// in the order of the second vector's entries, which is term order, as that merge added them, and
    /// absent terms add nothing: the cosines are exactly the merge's.
    private func residualSimilarities(_ ids: [Int64]) -> [[Double]]? {
        let vectors = ids.compactMap { members[$0]?.vector }
        guard vectors.count == ids.count else { return nil }
        // Each term's number, and how many of the articles hold it.
        var numbers = TermMap<Int32>(empty: -1, capacity: vectors.count * 64)
        var holders: [Int32] = []
        let numbered: [[Int32]] = vectors.map { vector in
            vector.entries.map { entry in
                var number: Int32 = 0
                numbers.update(entry.term, initial: Int32(holders.count)) { number = $0 }
                if Int(number) == holders.count { holders.append(0) }
                holders[Int(number)] += 1
                return number
            }
        }
        let topicCount = Double(ids.count) * settings.topicTermShare
        let down = Float(settings.topicTermWeight)
        let residual: [[Float]] = zip(vectors, numbered).map { vector, numbers in
            var weights = zip(vector.entries, numbers).map { entry, number in
                Double(holders[Int(number)]) >= topicCount ? entry.weight * down : entry.weight
            }
            var norm: Float = 0
            for weight in weights { norm += weight * weight }
            norm = norm.squareRoot()
            if norm > 0 { for i in weights.indices { weights[i] /= norm } }
            return weights
        }
        let k = ids.count
        var similarity = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var row = [Float](repeating: 0, count: holders.count)
        for a in 0..<k {
            for (number, weight) in zip(numbered[a], residual[a]) { row[Int(number)] = weight }
            for b in (a + 1)..<k {
                var total: Float = 0
                for (number, weight) in zip(numbered[b], residual[b]) { total += weight * row[Int(number)] }
                similarity[a][b] = Double(total)
                similarity[b][a] = Double(total)
            }
            for number in numbered[a] { row[Int(number)] = 0 }
        }
        return similarity
    }

    /// Two groups are separate events when each is big enough and their cross similarity is below
    /// `splitRatio` × the weaker group's cohesion.
    private func isSeparation(_ x: [Int], _ y: [Int], _ similarity: [[Double]]) -> Bool {
        guard x.count >= settings.minimumSplitPart, y.count >= settings.minimumSplitPart else { return false }
        func mean(_ x: [Int], _ y: [Int], same: Bool) -> Double? {
            var total = 0.0, count = 0
            for i in x { for j in y where !same || i < j { total += similarity[i][j]; count += 1 } }
            return count == 0 ? nil : total / Double(count)
        }
        guard let cross = mean(x, y, same: false) else { return false }
        let cohesion = [mean(x, x, same: true), mean(y, y, same: true)].compactMap { $0 }
        guard let weaker = cohesion.min(), let stronger = cohesion.max() else { return false }
        // The second test is a peel's (``bisect(_:)``): a merge it would undo is not made either.
        return cross < settings.splitRatio * weaker || cross < settings.peelRatio * stronger
    }

    /// The member closest to its story's centre: its headline stands for the story.
    private func representative(of state: Story) -> Int64? {
        state.members.max { a, b in
            (members[a]?.vector.dot(state.sum) ?? 0) < (members[b]?.vector.dot(state.sum) ?? 0)
        }
    }
}

/// A pair of stories to compare for merging: `story` from the focus, `other` one it listed.
private struct StoryProposal: Sendable {
    let story: Int64
    let other: Int64
}

/// Two story ids in either order, as a set element.
private struct StoryPair: Hashable {
    let low: Int64
    let high: Int64

    init(_ a: Int64, _ b: Int64) {
        (low, high) = a < b ? (a, b) : (b, a)
    }
}
