import Foundation

/// Orders a day's stories: the ones that drew the most coverage, and are newest, first.
public enum DigestRanking {
    /// Distinct outlets count most (three sources reporting one event outweigh one source's three
    /// updates), then the number of articles (with diminishing returns), then whether the story is new
    /// today, then how late in the day it last moved.
    public static func score(sources: Int, articles: Int, isContinuing: Bool, latest: Date, dayStart: Date, dayEnd: Date) -> Double {
        let span = max(1, dayEnd.timeIntervalSince(dayStart))
        let recency = min(1, max(0, latest.timeIntervalSince(dayStart) / span))
        return 3 * Double(sources) + 1.5 * log2(1 + Double(articles)) + (isContinuing ? 0 : 1) + 0.5 * recency
    }

    /// The stories in digest order (ties by story id, so the order is stable).
    public static func rank(_ stories: [DigestStory], dayStart: Date, dayEnd: Date) -> [DigestStory] {
        let scored = stories.map { story in
            (story, score(sources: story.sourceCount, articles: story.articles.count, isContinuing: story.isContinuing,
                          latest: story.articles.map(\.ingestedAt).max() ?? dayStart, dayStart: dayStart, dayEnd: dayEnd))
        }
        return scored.sorted { a, b in a.1 != b.1 ? a.1 > b.1 : a.0.id < b.0.id }.map(\.0)
    }
}
