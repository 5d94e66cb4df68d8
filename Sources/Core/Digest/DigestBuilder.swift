import Foundation

/// Reads a day from the store and shapes it into a ``Digest``: stories ranked, articles listed, copies
/// folded into their originals, failures listed so that nothing is silently missing.
public struct DigestBuilder: Sendable {
    let store: NewsStore
    let zone: TimeZone
    /// Stories shown in full (summary, quotes, figures, names); the rest of the day is listed by headline.
    let fullStories: Int

    public init(store: NewsStore, zone: TimeZone, fullStories: Int = 40) {
        self.store = store
        self.zone = zone
        self.fullStories = max(1, fullStories)
    }

    public func build(_ day: DayKey, now: Date = Date()) throws(StoreError) -> Digest {
        let (start, end) = day.interval(in: zone)
        let rows = try store.articles(ingestedFrom: start, to: end)
        let failures = try store.failures(from: start, to: end)

        var copies: [Int64: Int] = [:]
        for row in rows {
            if let original = row.duplicateOf { copies[original, default: 0] += 1 }
        }
        var byStory: [Int64: [DayArticle]] = [:]
        var order: [Int64] = []
        for row in rows {
            if byStory[row.storyID] == nil { order.append(row.storyID) }
            byStory[row.storyID, default: []].append(row)
        }
        // Ranked on their coverage first; only the stories shown in full are summarised and analysed.
        var listed: [Int64: [DayArticle]] = [:]
        var shallow: [DigestStory] = []
        for storyID in order {
            guard let members = byStory[storyID], let first = members.first else { continue }
            let originals = members.filter { $0.duplicateOf == nil }
            // A story whose only article today is a copy still gets listed, through that copy.
            listed[storyID] = originals.isEmpty ? [first] : originals
            shallow.append(Self.story(storyID, listed: listed[storyID] ?? [], first: first, copies: copies, dayStart: start,
                                      findings: nil))
        }
        let ranked = DigestRanking.rank(shallow, dayStart: start, dayEnd: end)
        let shown = ranked.prefix(fullStories)
        let findings = try store.findings(ofArticles: shown.flatMap { listed[$0.id]?.map(\.id) ?? [] })
        let full = shown.compactMap { story -> DigestStory? in
            guard let rows = listed[story.id], let first = byStory[story.id]?.first else { return nil }
            return Self.story(story.id, listed: rows, first: first, copies: copies, dayStart: start, findings: findings)
        }
        let sources = Set(rows.map { $0.source ?? $0.origin })
        return Digest(day: day, timeZone: zone.identifier, generatedAt: now, articleCount: rows.count,
                      duplicateCount: rows.filter { $0.duplicateOf != nil }.count, sourceCount: sources.count,
                      stories: full, moreStories: Array(ranked.dropFirst(fullStories)), failures: failures)
    }

    /// One story with all its articles, whatever day they came (`newsd show`); nil when there is no such story.
    public func story(_ id: Int64) throws(StoreError) -> DigestStory? {
        let rows = try store.articles(inStory: id)
        guard let first = rows.first else { return nil }
        var copies: [Int64: Int] = [:]
        for row in rows { if let original = row.duplicateOf { copies[original, default: 0] += 1 } }
        let originals = rows.filter { $0.duplicateOf == nil }
        let listed = originals.isEmpty ? [first] : originals
        return Self.story(id, listed: listed, first: first, copies: copies, dayStart: .distantPast,
                          findings: try store.findings(ofArticles: listed.map(\.id)))
    }

    /// Words in a story's summary, at most.
    static let summaryWords = 80
    /// Figures listed per story, at most (disagreements are always shown whole).
    static let figuresShown = 6

    /// Articles a story's summary is drawn from, at most: the first reports of a big story say what it is.
    static let summaryArticles = 25

    /// - Parameter findings: The articles' entities, quotes and figures; nil for a story only listed
    ///   (no summary, quotes, figures or names).
    static func story(_ id: Int64, listed: [DayArticle], first: DayArticle, copies: [Int64: Int], dayStart: Date,
                      findings: [Int64: ArticleFindings]?) -> DigestStory {
        let articles = listed.map { row in
            DigestArticle(id: row.id, title: row.title, source: row.source, origin: row.origin, url: row.url,
                          ingestedAt: row.ingestedAt, copies: copies[row.id] ?? 0)
        }
        guard let findings else {
            return DigestStory(id: id, headline: first.storyHeadline, firstSeen: first.storyFirstSeen,
                               isContinuing: first.storyFirstSeen < dayStart, summary: [], articles: articles,
                               sourceCount: Set(articles.map(\.sourceLabel)).count)
        }
        let summary = StorySummarizer.summarize(listed.prefix(summaryArticles).map { StorySummarizer.Document(title: $0.title, body: $0.text) },
                                                budget: .words(summaryWords)).map(\.text)
        let quotes = listed.flatMap { row in
            (findings[row.id]?.quotes ?? []).map { DigestQuote(speaker: $0.speaker, text: $0.text, source: row.source ?? row.origin, article: row.id) }
        }
        var reports: [FigureDisagreement.Report] = []
        var figures: [DigestFigure] = []
        var seenFigures: Set<String> = []
        for row in listed {
            for figure in findings[row.id]?.figures ?? [] {
                reports.append(FigureDisagreement.Report(figure: figure, article: row.id, source: row.source ?? row.origin))
                guard DigestFigure.isWorthListing(figure) else { continue }
                let shown = DigestFigure(figure, source: row.source ?? row.origin, article: row.id)
                // The same figure from the same reporter in two outlets' copies is listed once.
                let key = "\(figure.value)|\(figure.upper ?? figure.value)|\(figure.what)|\(figure.attribution?.lowercased() ?? "")"
                if seenFigures.insert(key).inserted { figures.append(shown) }
            }
        }
        let disagreements = FigureDisagreement.find(in: reports).map { found in
            DigestDisagreement(what: [found.what, found.event].compactMap { $0 }.joined(separator: " "),
                               reports: found.reports.map { DigestFigure($0.figure, source: $0.source ?? "", article: $0.article) })
        }
        // Attributed figures first: "according to whom" is what a reader checks.
        let ranked = figures.enumerated().sorted { a, b in
            (a.element.attribution == nil ? 1 : 0, a.offset) < (b.element.attribution == nil ? 1 : 0, b.offset)
        }.map(\.element)
        return DigestStory(
            id: id, headline: first.storyHeadline, firstSeen: first.storyFirstSeen, isContinuing: first.storyFirstSeen < dayStart,
            summary: summary, articles: articles, sourceCount: Set(articles.map(\.sourceLabel)).count,
            quotes: KeyQuotes.select(quotes), figures: Array(ranked.prefix(figuresShown)), disagreements: disagreements,
            entities: StoryEntities.top(listed.map { findings[$0.id]?.entities ?? [] }))
    }
}

extension DigestFigure {
    init(_ figure: Figure, source: String, article: Int64) {
        self.init(text: Self.shownText(figure), value: figure.value, what: [figure.what, figure.event].compactMap { $0 }.joined(separator: " "),
                  attribution: figure.attribution, source: source, article: article)
    }

    /// Whether a figure earns one of a story's few places: one or two of something ("two men", "one
    /// piece") only when something happened to them ("two people were killed"); money, percentages and
    /// larger counts always.
    static func isWorthListing(_ figure: Figure) -> Bool {
        figure.value >= 3 || figure.event != nil || figure.isAmount
    }

    /// The figure as written, with the noun it counts when that was written before it: "Health officials
    /// put the number of Palestinian fatalities … at 2,140" reads "2,140 fatalities", not "2,140". Only a
    /// plural noun is added: a count carried on from an earlier figure can have taken a modifier for its
    /// noun ("225 firm orders and options on 193 more"), and "193 firm" would mislead.
    static func shownText(_ figure: Figure) -> String {
        guard !figure.isAmount, FigureExtractor.isPlural(figure.what), !figure.text.lowercased().contains(figure.what) else { return figure.text }
        return figure.text + " " + figure.what
    }
}
