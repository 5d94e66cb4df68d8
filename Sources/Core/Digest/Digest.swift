import Foundation

/// One day's digest, as every renderer sees it: built once from the store, rendered many ways.
public struct Digest: Sendable, Equatable {
    public var day: DayKey
    /// The zone the day is counted in, e.g. "Europe/Berlin".
    public var timeZone: String
    public var generatedAt: Date
    /// Articles that arrived that day, copies included.
    public var articleCount: Int
    /// Of those, byte-identical or near copies of an article already stored.
    public var duplicateCount: Int
    /// Distinct outlets (an article without a named source counts as its own).
    public var sourceCount: Int
    /// Ranked, most important first.
    public var stories: [DigestStory]
    /// Files that could not be read that day, with the reasons.
    public var failures: [FailedFile]
}

/// A story in a digest.
public struct DigestStory: Sendable, Equatable {
    public var id: Int64
    public var headline: String
    /// When the story was first seen; before the digest's day means it is continuing.
    public var firstSeen: Date
    public var isContinuing: Bool
    /// A few sentences, extracted from the story's articles, in reading order.
    public var summary: [String]
    /// The story's articles that arrived that day (copies folded into their originals).
    public var articles: [DigestArticle]
    public var sourceCount: Int
}

/// An article as a digest lists it.
public struct DigestArticle: Sendable, Equatable {
    public var id: Int64
    public var title: String
    /// The outlet, or nil when neither the file nor its folder named one.
    public var source: String?
    public var origin: String
    public var url: String?
    public var ingestedAt: Date
    /// How many copies of it arrived that day besides itself.
    public var copies: Int

    /// What to call the article's outlet in a listing: its source, else its file name.
    public var sourceLabel: String { source ?? origin }
}
