import Foundation
import Testing
@testable import Core

/// The seed articles, from ../shared/corpus/seeds when present, else the copies in the end-to-end fixtures.
func seedTexts() throws -> [(name: String, article: ParsedArticle)] {
    let shared = repositoryRoot + "/../shared/corpus/seeds"
    let folder = FileManager.default.fileExists(atPath: shared) ? shared : repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted().map { name in
        let bytes = try FileReader.read(folder + "/" + name, maxBytes: 1 << 20).bytes
        let article = try #require(try ArticleParser().parse(bytes, fileName: name).first)
        return (String(name.prefix(3)), article)
    }
}

@Suite("Story grouping")
struct StoryGroupingTests {
    /// Groups articles the way the writer does: decide each in order, then refine.
    private func group(_ articles: [ParsedArticle]) -> [Int] {
        let grouper = ArticleGrouper()
        var stories: [Int64] = []
        var decisions: [ArticleGrouper.Decision] = []
        for article in articles {
            decisions.append(grouper.decide(ArticleAnalyzer.analyze(article), time: 0))
        }
        // Pretend-store: provisional article i → id i+1, provisional story s → 1000 - s.
        var mapping = ArticleGrouper.Mapping()
        for (index, decision) in decisions.enumerated() {
            mapping.articles[decision.provisionalID] = Int64(index + 1)
            if case .story(let story) = decision.story, story < 0 { mapping.stories[story] = 1000 - story }
        }
        grouper.commit(mapping)
        for (index, decision) in decisions.enumerated() {
            switch decision.story {
            case .story(let story): stories.append(story < 0 ? 1000 - story : story)
            case .sameAs(let article): stories.append(stories[Int((mapping.articles[article] ?? article) - 1)])
            }
            _ = index
        }
        let changes = grouper.refine()
        var renamed: [Int64: Int64] = [:]
        var next: Int64 = 5000
        for (article, story) in changes.moves {
            let target = story < 0 ? (renamed[story] ?? { next += 1; renamed[story] = next; return next }()) : story
            stories[Int(article - 1)] = target
        }
        // Canonical labels: first appearance order.
        var labels: [Int64: Int] = [:]
        return stories.map { story in labels[story] ?? { labels[story] = labels.count; return labels.count - 1 }() }
    }

    @Test func seedsGroupIntoTheirEvents() throws {
        let seeds = try seedTexts()
        let clusterer = StoryClusterer()
        let analyses = seeds.map { ArticleAnalyzer.analyze($0.article) }
        for analysis in analyses { clusterer.observe(analysis.storyTerms) }
        let vectors = analyses.map { clusterer.vector($0.storyTerms) }
        for a in 0..<vectors.count {
            print(seeds[a].name, (0..<vectors.count).map { String(format: "%.3f", vectors[a].dot(vectors[$0])) }.joined(separator: " "))
        }
        let labels = group(seeds.map(\.article))
        // 003 and 004 report one speech, 000 and 001 one reaction, 002 an earlier meeting.
        #expect(labels[3] == labels[4])
        #expect(labels[0] == labels[1])
        #expect(Set([labels[0], labels[2], labels[3]]).count == 3, "\(labels)")
    }
}

@Suite("Story similarity")
struct StorySimilarityTests {
    /// Two reports of one earthquake must be closer to each other than either is to a different
    /// earthquake: the place, the date and the magnitude tell events apart where the topic cannot.
    @Test func sameEventOutscoresSameTopic() {
        let texts = StoryGroupingSetTests.otherNews + [StoryGroupingSetTests.quakeA1, StoryGroupingSetTests.quakeB, StoryGroupingSetTests.quakeA2]
        let clusterer = StoryClusterer()
        let analyses = texts.map { ArticleAnalyzer.analyze(ParsedArticle(title: $0.0, body: $0.1)) }
        for analysis in analyses { clusterer.observe(analysis.storyTerms) }
        let vectors = analyses.map { clusterer.vector($0.storyTerms) }
        let n = texts.count
        let sameEvent = vectors[n - 3].dot(vectors[n - 1])
        let otherQuake = max(vectors[n - 3].dot(vectors[n - 2]), vectors[n - 2].dot(vectors[n - 1]))
        #expect(sameEvent > otherQuake, "same event \(sameEvent), other quake \(otherQuake)")
    }
}

@Suite("Story candidates")
struct StoryCandidateTests {
    /// A made-up term: no word hashes to it, so only its counts weigh it.
    static func term(_ number: Int) -> UInt64 { 0xC0FF_EE00_0000_0000 &+ UInt64(number) }

    static func terms(_ pairs: [(UInt64, Float)]) -> StoryTerms {
        StoryTerms(terms: pairs.sorted { $0.0 < $1.0 }.map { (term: $0.0, weight: $0.1) })
    }

    /// A story of `size` articles that share a name and three words of their event, and then a newcomer
    /// that shares only the name, heavily: whether the newcomer joins the story. (Two hundred unrelated
    /// articles are counted first, so that the name is rare enough to weigh.)
    static func newcomerSharingOneTermJoins(storyOf size: Int) -> Bool {
        let clusterer = StoryClusterer()
        let name = term(1)
        for number in 0..<200 { clusterer.observe(terms([(term(10_000 + number), 1), (term(20_000 + number), 1)])) }
        var story: Int64?
        for member in 0..<size {
            let own = (0..<6).map { (term(1_000 + member * 10 + $0), Float(1)) }
            let memberTerms = terms([(name, 10), (term(2), 4), (term(3), 4), (term(4), 4)] + own)
            clusterer.observe(memberTerms)
            let assigned = clusterer.assign(article: Int64(member + 1), terms: memberTerms, time: 0)
            #expect(story == nil || assigned == story, "member \(member + 1) should join the story")
            story = story ?? assigned
        }
        let newcomer = terms([(name, 10)] + (0..<7).map { (term(5_000 + $0), Float(1)) })
        clusterer.observe(newcomer)
        return clusterer.assign(article: 100, terms: newcomer, time: 0) == story
    }

    /// Another outlet's report can share little more than a name with the first: a small story is found
    /// through one shared term.
    @Test func aSmallStoryIsFoundThroughOneSharedTerm() {
        #expect(Self.newcomerSharingOneTermJoins(storyOf: 1))
        #expect(Self.newcomerSharingOneTermJoins(storyOf: StoryClusterer.broadStoryMembers - 1))
    }

    /// A story of several articles is listed under all their heaviest terms; one shared term (a name, a
    /// place) does not make an article one of its events.
    @Test func aBroadStoryNeedsTwoSharedTerms() {
        #expect(!Self.newcomerSharingOneTermJoins(storyOf: StoryClusterer.broadStoryMembers))
        #expect(!Self.newcomerSharingOneTermJoins(storyOf: StoryClusterer.broadStoryMembers + 3))
    }

    /// A story that gathered a whole topic: 24 articles that share only the topic's words, each about
    /// something of its own, and 6 about one event (its own names besides the topic's). An even split
    /// finds nothing, as the rest is too mixed for its halves to differ; the event is peeled off.
    /// Returns the stories of the event's articles and of the rest after one refinement.
    static func topicWideStory(peelRatio: Double, thenAddToBoth: Bool = false)
        -> (event: Set<Int64>, rest: Set<Int64>, laterMoves: [Int64: Int64]) {
        var settings = StoryClusterer.Settings()
        settings.peelRatio = peelRatio
        let clusterer = StoryClusterer(settings: settings)
        for number in 0..<200 { clusterer.observe(terms([(term(10_000 + number), 1), (term(20_000 + number), 1)])) }
        let topic = (1...4).map { (term($0), Float(6)) }
        func add(_ id: Int, _ own: [(UInt64, Float)]) {
            let articleTerms = terms(topic + own)
            clusterer.observe(articleTerms)
            _ = clusterer.assign(article: Int64(id), terms: articleTerms, time: 0)
        }
        for id in 1...24 { add(id, (0..<4).map { (term(1_000 + id * 10 + $0), 1) }) }
        for id in 25...30 { add(id, (0..<4).map { (term(100 + $0), 4) } + [(term(1_000 + id * 10), 1)]) }
        let before = Set((1...30).compactMap { clusterer.story(of: Int64($0)) })
        #expect(before.count == 1, "the topic's words alone should gather all 30 into one story")
        _ = clusterer.refine()
        var laterMoves: [Int64: Int64] = [:]
        if thenAddToBoth {
            // One more article of the event and one more of the rest touch both stories: the next
            // refinement proposes merging them, as the topic's words still make them alike.
            add(31, (0..<4).map { (term(100 + $0), 4) } + [(term(1_310), 1)])
            add(32, (0..<4).map { (term(1_320 + $0), 1) })
            laterMoves = clusterer.refine().moves
        }
        let event = Set((25...30).compactMap { clusterer.story(of: Int64($0)) })
        return (event, Set((1...24).compactMap { clusterer.story(of: Int64($0)) }), laterMoves)
    }

    @Test func oneEventIsPeeledOffATopicWideStory() {
        let peeled = Self.topicWideStory(peelRatio: StoryClusterer.Settings().peelRatio)
        #expect(peeled.event.count == 1 && peeled.rest.count == 1 && peeled.event != peeled.rest,
                "the event should be a story of its own: \(peeled)")
        // Without peeling, the even split leaves the story whole.
        let whole = Self.topicWideStory(peelRatio: 0)
        #expect(whole.event == whole.rest && whole.event.count == 1, "\(whole)")
    }

    /// A merge takes the peel's rule too: two stories a peel parted are not joined again, or the same
    /// articles would be merged and peeled off again (and reported as moved) at every refinement.
    @Test func aPeeledEventIsNotMergedBack() {
        let later = Self.topicWideStory(peelRatio: StoryClusterer.Settings().peelRatio, thenAddToBoth: true)
        #expect(later.event.count == 1 && later.rest.count == 1 && later.event != later.rest, "\(later)")
        #expect((25...30).allSatisfy { later.laterMoves[Int64($0)] == nil }, "moved again: \(later.laterMoves)")
    }
}

@Suite("Story refinement bookkeeping")
struct StoryRefinementBookkeepingTests {
    /// A deterministic stream of articles about `events` events on a few shared topics: each article
    /// mixes its topic's words, its event's names and numbers, and words from anywhere.
    static func stream(events: Int, articles: Int) -> [(title: String, body: String)] {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let syllables = ["ka", "lo", "mi", "ten", "ra", "vo", "shi", "dun", "pe", "gor", "al", "ix", "ber", "nu", "tas"]
        func word(_ salt: Int) -> String { (0..<3).map { syllables[($0 * 7 + salt * 13 + salt / 7) % syllables.count] }.joined() + "\(salt % 10 == 0 ? "" : String(salt % 97))" }
        let common = (0..<400).map { "w" + word($0) }
        return (0..<articles).map { _ in
            let event = next(events), topic = event % 6
            var words: [String] = []
            for _ in 0..<60 {
                switch next(10) {
                case 0..<3: words.append("t" + word(1000 + topic * 40 + next(20)))
                case 3..<5: words.append("E" + word(2000 + event * 10 + next(6)))
                case 5: words.append(String(1000 + event * 37))
                default: words.append(common[next(common.count)])
                }
            }
            let body = stride(from: 0, to: words.count, by: 12).map { words[$0..<min($0 + 12, words.count)].joined(separator: " ") + "." }
                .joined(separator: " ")
            return ("E" + word(2000 + event * 10) + " " + words.prefix(6).joined(separator: " "), body)
        }
    }

    /// Assigns a batch of articles as the writer does, then gives them and their new stories the ids the
    /// store would (counting on from `nextArticle` and `nextStory`). Returns each article's story.
    static func assign(_ batch: ArraySlice<(title: String, body: String)>, to clusterer: StoryClusterer, time: Double,
                       nextArticle: inout Int64, nextStory: inout Int64) -> [Int64: Int64] {
        var mapping = (articles: [Int64: Int64](), stories: [Int64: Int64]())
        var assigned: [Int64: Int64] = [:]
        for (offset, article) in batch.enumerated() {
            let analysis = ArticleAnalyzer.analyze(ParsedArticle(title: article.title, body: article.body))
            clusterer.observe(analysis.storyTerms)
            let story = clusterer.assign(article: Int64(-1 - offset), terms: analysis.storyTerms, time: time)
            mapping.articles[Int64(-1 - offset)] = nextArticle
            if story < 0, mapping.stories[story] == nil {
                mapping.stories[story] = nextStory
                nextStory += 1
            }
            assigned[nextArticle] = mapping.stories[story] ?? story
            nextArticle += 1
        }
        clusterer.rename(articles: mapping.articles, stories: mapping.stories)
        clusterer.discardProvisional()
        return assigned
    }

    /// After every refinement, the clusterer's stories must be exactly the previous ones with the
    /// reported moves applied: the store applies only the moves, so an unreported move (an article
    /// carried along by a merge or a split) would leave the two disagreeing.
    @Test func refinementReportsEveryArticleItMoves() {
        var settings = StoryClusterer.Settings()
        settings.windowArticles = 400
        let clusterer = StoryClusterer(settings: settings)
        var nextArticle: Int64 = 1, nextStory: Int64 = 1
        var known: [Int64: Int64] = [:]
        var totalMoves = 0
        let articles = Self.stream(events: 40, articles: 900)
        for start in stride(from: 0, to: articles.count, by: 30) {
            let assigned = Self.assign(articles[start..<min(start + 30, articles.count)], to: clusterer, time: Double(start),
                                       nextArticle: &nextArticle, nextStory: &nextStory)
            known.merge(assigned) { _, new in new }
            guard start % 90 == 60 else { continue }
            let changes = clusterer.refine()
            var created: [Int64: Int64] = [:]
            for (article, story) in changes.moves {
                if story < 0, created[story] == nil {
                    created[story] = nextStory
                    nextStory += 1
                }
                known[article] = created[story] ?? story
            }
            totalMoves += changes.moves.count
            clusterer.rename(articles: [:], stories: created)
            clusterer.discardProvisional()
            let disagreeing = known.filter { article, story in clusterer.story(of: article).map { $0 != story } ?? false }
            #expect(disagreeing.isEmpty, "after \(start + 30) articles, \(disagreeing.count) articles moved unreported")
        }
        #expect(totalMoves > 0, "the stream should make refinement move articles")
    }

    /// A window restored settled is not refined again: the first refinement after a restart has
    /// nothing to look at. Restored unsettled (as after a kill), every story is looked at again.
    @Test(arguments: [true, false])
    func settledWindowIsNotRefinedAgain(settled: Bool) {
        let grouped = StoryClusterer()
        var nextArticle: Int64 = 1, nextStory: Int64 = 1
        let articles = Self.stream(events: 10, articles: 120)
        let stories = Self.assign(articles[...], to: grouped, time: 0, nextArticle: &nextArticle, nextStory: &nextStory)
        let restored = StoryClusterer()
        for (index, article) in articles.enumerated() {
            let terms = ArticleAnalyzer.analyze(ParsedArticle(title: article.title, body: article.body)).storyTerms
            restored.observe(terms)
            let id = Int64(index + 1)
            restored.restore(article: id, terms: terms, story: stories[id] ?? 0, time: 0, settled: settled)
        }
        let changes = restored.refine()
        if settled {
            #expect(changes.isEmpty, "\(changes.moves.count) moves, \(changes.representatives.count) stories looked at")
        } else {
            // Every story (as the refinement left them) was looked at and given its headline.
            let now = Set((1...Int64(articles.count)).compactMap { restored.story(of: $0) })
            #expect(Set(changes.representatives.keys) == now)
        }
    }

    /// Refinement compares on several threads and then applies the moves one by one, placing again any
    /// article an earlier move could have changed: the outcome must be exactly the one-thread outcome.
    /// With sixty events, stories of twenty articles that overlap, so that moves change later placements;
    /// with four hundred, stories of about three, so that moves take stories across
    /// ``StoryClusterer/broadStoryMembers`` and change which stories are candidates.
    @Test(arguments: [60, 400])
    func refinementOnFourThreadsMovesWhatOneThreadMoves(events: Int) {
        func run(threads: Int) -> (changes: [StoryClusterer.Changes], stories: [Int64: Int64]) {
            var settings = StoryClusterer.Settings()
            settings.windowArticles = 600
            settings.refinementThreads = threads
            let clusterer = StoryClusterer(settings: settings)
            var changes: [StoryClusterer.Changes] = []
            var nextArticle: Int64 = 1, nextStory: Int64 = 1
            let articles = Self.stream(events: events, articles: 1200)
            for start in stride(from: 0, to: articles.count, by: 40) {
                _ = Self.assign(articles[start..<min(start + 40, articles.count)], to: clusterer, time: Double(start),
                                nextArticle: &nextArticle, nextStory: &nextStory)
                // Refined seldom, so that each refinement has hundreds of articles to place.
                guard start % 200 == 160 else { continue }
                let refined = clusterer.refine()
                changes.append(refined)
                var created: [Int64: Int64] = [:]
                for story in Set(refined.moves.values).union(refined.representatives.keys).sorted(by: >) where story < 0 {
                    created[story] = nextStory
                    nextStory += 1
                }
                clusterer.rename(articles: [:], stories: created)
                clusterer.discardProvisional()
            }
            var stories: [Int64: Int64] = [:]
            for article in 1..<nextArticle { stories[article] = clusterer.story(of: article) }
            return (changes, stories)
        }
        let one = run(threads: 1), four = run(threads: 4)
        #expect(one.changes.count == 6)
        #expect(one.changes.allSatisfy { !$0.moves.isEmpty }, "every refinement of the stream should move articles")
        #expect(Set(one.stories.values).count > 20)
        for (index, (a, b)) in zip(one.changes, four.changes).enumerated() {
            let same = a == b
            #expect(same, "refinement \(index + 1): \(a.moves.count) moves on one thread, \(b.moves.count) on four")
        }
        let sameStories = one.stories == four.stories
        #expect(sameStories, "\(one.stories.filter { four.stories[$0.key] != $0.value }.count) articles end in other stories")
    }
}

@Suite("Story sums")
struct TermSumsTests {
    /// The selection of a vector's heaviest entries keeps what a stable sort by weight keeps, ties
    /// included: weights from a handful of values, so most of them tie, at the cut too.
    @Test(arguments: [0, 1, 2, 5, 159, 160, 161, 400])
    func heaviestInOrderKeepsWhatASortKeeps(size: Int) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let entries = (0..<size).map { index in
                (term: UInt64(index) &* 0x9E37_79B9_7F4A_7C15, weight: Float(Int.random(in: 1...6, using: &generator)) / 4)
            }
            for count in Set([0, 1, size / 2, max(0, size - 1), size, size + 1, 160]) {
                let positions = entries.indices.sorted { entries[$0].weight > entries[$1].weight || (entries[$0].weight == entries[$1].weight && $0 < $1) }
                let expected = positions.prefix(count).sorted().map { entries[$0].term }
                #expect(SparseVector.heaviestInOrder(count, of: entries).map(\.term) == expected, "size \(size), count \(count)")
            }
        }
    }

    /// The bucketed order is the sorted order: for spread hashes, for terms that all share their top
    /// bits (one bucket, the insertion sort does everything), for terms taken back out to zero, and for
    /// sizes 0 to 2.
    @Test(arguments: [0, 1, 2, 3, 17, 300, 5_000])
    func entriesInTermOrderAreSortedEntries(size: Int) {
        var generator = SystemRandomNumberGenerator()
        for spread in [true, false] {
            var sums = TermSums(expected: size)
            var removed: [UInt64] = []
            for index in 0..<size {
                let term = spread ? UInt64.random(in: 0...UInt64.max, using: &generator)
                                  : 0xABCD_0000_0000_0000 | UInt64.random(in: 0...0xFFFF, using: &generator)
                let weight = Float(index % 7 + 1) / 3
                sums.add(term, weight)
                if index % 5 == 4 {
                    sums.add(term, -sums[term])
                    removed.append(term)
                }
            }
            let expected = sums.entries.sorted { $0.term < $1.term }
            let ordered = sums.entriesInTermOrder
            #expect(ordered.map(\.term) == expected.map(\.term), "size \(size), spread \(spread)")
            #expect(ordered.map(\.weight) == expected.map(\.weight), "size \(size), spread \(spread)")
            #expect(ordered.count == sums.count)
            #expect(!ordered.contains { entry in removed.contains(entry.term) && sums[entry.term] == 0 })
        }
    }

    /// The open-addressing table agrees with a dictionary through adds, removals to zero and growth.
    @Test func agreesWithADictionary() {
        var generator = SystemRandomNumberGenerator()
        var sums = TermSums()
        var other = TermSums()
        var reference: [UInt64: Float] = [:]
        var otherReference: [UInt64: Float] = [:]
        var added: [(UInt64, Float)] = []
        for step in 0..<20_000 {
            if step % 3 == 2, let (term, weight) = added.popLast() {
                sums.add(term, -weight)          // take a vector's weight back out
                let left = (reference[term] ?? 0) - weight
                reference[term] = abs(left) < 1e-5 ? nil : left
                continue
            }
            let term = UInt64.random(in: 0..<3_000, using: &generator) &* 0x9E37_79B9_7F4A_7C15
            let weight = Float.random(in: 0.01...2, using: &generator)
            sums.add(term, weight)
            reference[term, default: 0] += weight
            added.append((term, weight))
            if step % 2 == 0 {
                other.add(term, weight)
                otherReference[term, default: 0] += weight
            }
        }
        #expect(sums.count == reference.count)
        for (term, weight) in reference { #expect(abs(sums[term] - weight) < 1e-3) }
        #expect(sums[12_345] == 0)
        let expected = reference.reduce(0.0) { $0 + Double($1.value) * Double(otherReference[$1.key] ?? 0) }
        #expect(abs(PackedTermSums.dot(PackedTermSums(sums), PackedTermSums(other)) - expected) < max(1e-3, abs(expected) * 1e-4))
        #expect(Set(sums.entries.map(\.term)) == Set(reference.keys))
    }

    /// A signed sum's and a packed sum's dot products skip the terms their signatures rule out; the
    /// totals must be exactly those of looking every term up, through growth, tombstones and terms that
    /// come back after leaving (a term whose bit went missing would drop its product).
    @Test func signaturesLeaveDotProductsExactlyAsTheyWere() {
        var generator = SystemRandomNumberGenerator()
        var signed = TermSums(signed: true)
        var plain = TermSums()
        var other = TermSums(signed: true)
        var added: [(UInt64, Float)] = []
        var checked = 0
        for step in 0..<12_000 {
            if step % 4 == 3, let (term, weight) = added.popLast() {
                signed.add(term, -weight)
                plain.add(term, -weight)
                continue
            }
            let term = UInt64.random(in: 0..<5_000, using: &generator) &* 0xD6E8_FEB8_6659_FD93
            let weight = Float.random(in: 0.01...2, using: &generator)
            signed.add(term, weight)
            plain.add(term, weight)
            added.append((term, weight))
            if step % 3 == 0 { other.add(term &+ UInt64(step % 2), weight) }
            guard step % 500 == 0 else { continue }
            // An article's vector: terms the sum holds, has held, and never held.
            let vector = (0..<160).map { index in
                (term: UInt64.random(in: 0..<6_000, using: &generator) &* 0xD6E8_FEB8_6659_FD93,
                 weight: Float.random(in: 0.001...0.3, using: &generator))
            }
            #expect(signed.dot(vector).bitPattern == plain.dot(vector).bitPattern)
            // The packed product against walking the table with fewer terms and looking each term up.
            let (small, large) = signed.count <= other.count ? (signed, other) : (other, signed)
            var walked: Float = 0
            for entry in small.entries { walked += entry.weight * large[entry.term] }
            #expect(PackedTermSums.dot(PackedTermSums(signed), PackedTermSums(other)) == Double(walked))
            // Packed without their terms (never the smaller in any pair): walked through their tables.
            #expect(PackedTermSums.dot(PackedTermSums(signed, walked: false), PackedTermSums(other, walked: false)) == Double(walked))
            checked += 1
        }
        #expect(checked == 24)
        #expect(signed.count > 1_000)
    }
}

@Suite("Term maps")
struct TermMapTests {
    /// The open-addressing map agrees with a dictionary through inserts, updates and growth.
    @Test func agreesWithADictionary() {
        var generator = SystemRandomNumberGenerator()
        var map = TermMap<Int32>(empty: 0)
        var reference: [UInt64: Int32] = [:]
        for _ in 0..<30_000 {
            let term = UInt64.random(in: 0..<5_000, using: &generator) &* 0x9E37_79B9_7F4A_7C15
            map.update(term, initial: 0) { $0 += 1 }
            reference[term, default: 0] += 1
        }
        #expect(map.count == reference.count)
        for (term, count) in reference { #expect(map[term] == count) }
        #expect(map[12_345] == nil)
        var seen: [UInt64: Int32] = [:]
        map.forEach { term, count in seen[term] = count }
        #expect(seen == reference)
        map.updateAll { $0 = -$0 }
        #expect(map[reference.keys.first ?? 0] == -(reference.values.first ?? 0))
    }

    /// Removing keys from long, wrapping probe runs (a table kept small and three-quarters full) leaves
    /// every other key findable, as a dictionary has them; modify reaches only keys present.
    @Test func removalKeepsEveryOtherKeyReachable() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var map = TermMap<Int64>(empty: 0)
            var reference: [UInt64: Int64] = [:]
            for step in 0..<(12 + round % 40) {
                let term = UInt64.random(in: 0..<64, using: &generator) &* 0x9E37_79B9_7F4A_7C15
                if reference[term] != nil, Bool.random(using: &generator) {
                    map.remove(term)
                    reference[term] = nil
                } else {
                    map.set(term, Int64(step))
                    reference[term] = Int64(step)
                }
                #expect(map.count == reference.count)
            }
            for term in (0..<64 as Range<UInt64>).map({ $0 &* 0x9E37_79B9_7F4A_7C15 }) {
                #expect(map[term] == reference[term], "round \(round)")
                #expect(map.modify(term) { $0 += 1 } == (reference[term] != nil))
            }
            map.remove(12_345)
            #expect(map.count == reference.count)
        }
    }

    /// A map sized for its contents up front holds them without growing wrong.
    @Test func presizedMapHoldsEverything() {
        var map = TermMap<Float>(empty: 0, capacity: 1_000)
        for term in 1...1_000 as ClosedRange<UInt64> { map.set(term &* 0x9E37_79B9_7F4A_7C15, Float(term)) }
        #expect(map.count == 1_000)
        #expect((1...1_000 as ClosedRange<UInt64>).allSatisfy { map[$0 &* 0x9E37_79B9_7F4A_7C15] == Float($0) })
    }
}

@Suite("Document frequencies")
struct DocumentFrequencyTests {
    /// Only what changed since the last save is handed to the store, with its count as it is now, in
    /// the store's key order; a load counts as saved.
    @Test func unsavedFrequenciesAreWhatChangedSinceTheLastSave() {
        let clusterer = StoryClusterer()
        let first = ArticleAnalyzer.analyze(ParsedArticle(title: "Harbour strike", body: "Dockers at the harbour went on strike over pay.")).storyTerms
        let second = ArticleAnalyzer.analyze(ParsedArticle(title: "Harbour reopens", body: "The harbour reopened after the storm passed.")).storyTerms
        clusterer.load(documents: 10, frequencies: [(42, 3)])
        #expect(clusterer.unsavedTerms == 0)
        #expect(clusterer.unsavedFrequencies().isEmpty)

        clusterer.observe(first)
        let afterFirst = clusterer.unsavedFrequencies()
        #expect(clusterer.unsavedTerms == first.terms.count)
        #expect(Set(afterFirst.map(\.0)) == Set(first.terms.map(\.term)))
        #expect(afterFirst.allSatisfy { $0.1 == 1 })
        #expect(afterFirst.map { Int64(bitPattern: $0.0) } == afterFirst.map { Int64(bitPattern: $0.0) }.sorted())

        clusterer.markSaved()
        #expect(clusterer.unsavedFrequencies().isEmpty)
        clusterer.observe(second)
        let afterSecond = Dictionary(uniqueKeysWithValues: clusterer.unsavedFrequencies())
        #expect(Set(afterSecond.keys) == Set(second.terms.map(\.term)))
        let shared = Set(first.terms.map(\.term)).intersection(second.terms.map(\.term))
        #expect(!shared.isEmpty, "both articles are about the harbour")
        for term in shared { #expect(afterSecond[term] == 2) }
        #expect(clusterer.documents == 12)
    }

    /// An article's vector is the same whether the frequencies were counted in this process or loaded
    /// from the store: both keep each term's background specificity beside its count (common words
    /// such as "said" weigh less than names), and a restart must not lose it.
    @Test func loadedFrequenciesGiveTheVectorsCountedOnesGive() {
        let texts = [("Harbour strike", "Dockers at the harbour said they went on strike over pay, the union said."),
                     ("Harbour reopens", "The harbour reopened after the storm passed, officials said on Monday."),
                     ("Storm damage", "The storm damaged homes along the coast and the harbour, the mayor said.")]
        let terms = texts.map { ArticleAnalyzer.analyze(ParsedArticle(title: $0.0, body: $0.1)).storyTerms }
        let counted = StoryClusterer()
        for article in terms { counted.observe(article) }
        let loaded = StoryClusterer()
        loaded.load(documents: counted.documents, frequencies: counted.unsavedFrequencies())
        #expect(terms.contains { $0.terms.contains { BackgroundFrequencies.specificity(of: $0.term) < 1 } },
                "some term has a background specificity, or this checks nothing")
        for article in terms {
            let (a, b) = (counted.vector(article).entries, loaded.vector(article).entries)
            #expect(a.map(\.term) == b.map(\.term) && a.map(\.weight) == b.map(\.weight))
        }
    }
}
