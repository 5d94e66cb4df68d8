import Foundation

/// Reads a day from the store and shapes it into a ``Digest``: stories ranked, articles listed, copies
/// folded into their originals, failures listed so that nothing is silently missing.
public struct DigestBuilder: Sendable {
    let store: NewsStore
    let zone: TimeZone

    public init(store: NewsStore, zone: TimeZone) {
        self.store = store
        self.zone = zone
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
        var stories: [DigestStory] = []
        for storyID in order {
            guard let members = byStory[storyID], let first = members.first else { continue }
            let originals = members.filter { $0.duplicateOf == nil }
            // A story whose only article today is a copy still gets listed, through that copy.
            let listed = originals.isEmpty ? [first] : originals
            let articles = listed.map { row in
                DigestArticle(id: row.id, title: row.title, source: row.source, origin: row.origin, url: row.url,
                              ingestedAt: row.ingestedAt, copies: copies[row.id] ?? 0)
            }
            stories.append(DigestStory(
                id: storyID, headline: first.storyHeadline, firstSeen: first.storyFirstSeen,
                isContinuing: first.storyFirstSeen < start, summary: Self.lead(of: listed.first?.text ?? ""),
                articles: articles, sourceCount: Set(articles.map(\.sourceLabel)).count))
        }
        stories.sort(by: Self.ranksBefore)
        let sources = Set(rows.map { $0.source ?? $0.origin })
        return Digest(day: day, timeZone: zone.identifier, generatedAt: now, articleCount: rows.count,
                      duplicateCount: rows.filter { $0.duplicateOf != nil }.count, sourceCount: sources.count,
                      stories: stories, failures: failures)
    }

    /// More outlets first, then more articles, then the most recent.
    static func ranksBefore(_ a: DigestStory, _ b: DigestStory) -> Bool {
        if a.sourceCount != b.sourceCount { return a.sourceCount > b.sourceCount }
        if a.articles.count != b.articles.count { return a.articles.count > b.articles.count }
        let latestA = a.articles.map(\.ingestedAt).max() ?? .distantPast
        let latestB = b.articles.map(\.ingestedAt).max() ?? .distantPast
        if latestA != latestB { return latestA > latestB }
        return a.id < b.id
    }

    /// The opening sentences of an article, up to about 60 words.
    static func lead(of text: String) -> [String] {
        var sentences: [String] = []
        var words = 0
        for sentence in SentenceSplitter.split(text) {
            sentences.append(String(sentence))
            words += sentence.split(separator: " ").count
            if words >= 60 || sentences.count >= 3 { break }
        }
        return sentences
    }
}
