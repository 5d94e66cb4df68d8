import Foundation

/// One day's digest, as every renderer sees it: built once from the store, rendered many ways.
///
/// It is also the JSON rendering's schema (`YYYY-MM-DD.json`; keys in snake case, times in ISO 8601),
/// and the Atom feed reads earlier days back from those files.
public struct Digest: Sendable, Equatable, Codable {
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
    /// Ranked, most important first: the stories shown in full.
    public var stories: [DigestStory]
    /// The rest of the day's stories, still ranked, listed by headline (no summary or analysis).
    public var moreStories: [DigestStory]
    /// Files that could not be read that day, with the reasons.
    public var failures: [FailedFile]

    public init(day: DayKey, timeZone: String, generatedAt: Date, articleCount: Int, duplicateCount: Int, sourceCount: Int,
                stories: [DigestStory], moreStories: [DigestStory] = [], failures: [FailedFile]) {
        self.day = day
        self.timeZone = timeZone
        self.generatedAt = generatedAt
        self.articleCount = articleCount
        self.duplicateCount = duplicateCount
        self.sourceCount = sourceCount
        self.stories = stories
        self.moreStories = moreStories
        self.failures = failures
    }

    enum CodingKeys: String, CodingKey {
        case day = "date", timeZone = "time_zone", generatedAt = "generated_at", articleCount = "article_count"
        case duplicateCount = "duplicate_count", sourceCount = "source_count", stories, moreStories = "more_stories", failures
    }
}

/// A story in a digest.
public struct DigestStory: Sendable, Equatable, Codable {
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
    /// The key quotes, named speakers first.
    public var quotes: [DigestQuote]
    /// The figures the articles give, with who reports them.
    public var figures: [DigestFigure]
    /// Figures that count the same thing and differ between sources, side by side.
    public var disagreements: [DigestDisagreement]
    /// The main people, organisations and places, most mentioned first.
    public var entities: [DigestEntity]

    public init(id: Int64, headline: String, firstSeen: Date, isContinuing: Bool, summary: [String], articles: [DigestArticle],
                sourceCount: Int, quotes: [DigestQuote] = [], figures: [DigestFigure] = [],
                disagreements: [DigestDisagreement] = [], entities: [DigestEntity] = []) {
        self.id = id
        self.headline = headline
        self.firstSeen = firstSeen
        self.isContinuing = isContinuing
        self.summary = summary
        self.articles = articles
        self.sourceCount = sourceCount
        self.quotes = quotes
        self.figures = figures
        self.disagreements = disagreements
        self.entities = entities
    }

    enum CodingKeys: String, CodingKey {
        case id, headline, firstSeen = "first_seen", isContinuing = "continuing", summary
        case summarySentences = "summary_sentences", articles, sourceCount = "source_count", quotes, figures
        case disagreements, entities
    }

    /// `summary` is the text as one string (what most programs want), `summary_sentences` its sentences.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(headline, forKey: .headline)
        try c.encode(firstSeen, forKey: .firstSeen)
        try c.encode(isContinuing, forKey: .isContinuing)
        try c.encode(summary.joined(separator: " "), forKey: .summary)
        try c.encode(summary, forKey: .summarySentences)
        try c.encode(articles, forKey: .articles)
        try c.encode(sourceCount, forKey: .sourceCount)
        try c.encode(quotes, forKey: .quotes)
        try c.encode(figures, forKey: .figures)
        try c.encode(disagreements, forKey: .disagreements)
        try c.encode(entities, forKey: .entities)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        headline = try c.decode(String.self, forKey: .headline)
        firstSeen = try c.decode(Date.self, forKey: .firstSeen)
        isContinuing = try c.decode(Bool.self, forKey: .isContinuing)
        summary = try c.decode([String].self, forKey: .summarySentences)
        articles = try c.decode([DigestArticle].self, forKey: .articles)
        sourceCount = try c.decode(Int.self, forKey: .sourceCount)
        quotes = try c.decodeIfPresent([DigestQuote].self, forKey: .quotes) ?? []
        figures = try c.decodeIfPresent([DigestFigure].self, forKey: .figures) ?? []
        disagreements = try c.decodeIfPresent([DigestDisagreement].self, forKey: .disagreements) ?? []
        entities = try c.decodeIfPresent([DigestEntity].self, forKey: .entities) ?? []
    }
}

/// An article as a digest lists it.
public struct DigestArticle: Sendable, Equatable, Codable {
    public var id: Int64
    public var title: String
    /// The outlet, or nil when neither the file nor its folder named one.
    public var source: String?
    public var origin: String
    public var url: String?
    public var ingestedAt: Date
    /// How many copies of it arrived that day besides itself.
    public var copies: Int

    public init(id: Int64, title: String, source: String?, origin: String, url: String?, ingestedAt: Date, copies: Int) {
        self.id = id
        self.title = title
        self.source = source
        self.origin = origin
        self.url = url
        self.ingestedAt = ingestedAt
        self.copies = copies
    }

    /// What to call the article's outlet in a listing: its source, else its file name.
    public var sourceLabel: String { source ?? origin }

    enum CodingKeys: String, CodingKey { case id, title, source, origin, url, ingestedAt = "ingested_at", copies }
}

/// A quote in a digest, with the outlet that carried it.
public struct DigestQuote: Sendable, Equatable, Codable {
    public var speaker: String?
    public var text: String
    public var source: String
    public var article: Int64

    public init(speaker: String?, text: String, source: String, article: Int64) {
        self.speaker = speaker
        self.text = text
        self.source = source
        self.article = article
    }
}

/// A figure in a digest: "more than 12,300 people", reported by whom, in which outlet.
public struct DigestFigure: Sendable, Equatable, Codable {
    public var text: String
    public var value: Double
    public var what: String
    public var attribution: String?
    public var source: String
    public var article: Int64

    public init(text: String, value: Double, what: String, attribution: String?, source: String, article: Int64) {
        self.text = text
        self.value = value
        self.what = what
        self.attribution = attribution
        self.source = source
        self.article = article
    }
}

/// Different numbers for one count, one report per value.
public struct DigestDisagreement: Sendable, Equatable, Codable {
    /// What is counted, e.g. "people killed".
    public var what: String
    public var reports: [DigestFigure]

    public init(what: String, reports: [DigestFigure]) {
        self.what = what
        self.reports = reports
    }
}

/// A person, organisation or place a story names.
public struct DigestEntity: Sendable, Equatable, Codable {
    public var name: String
    public var type: Entity.Kind
    /// How many of the story's articles that day name it.
    public var articles: Int

    public init(name: String, type: Entity.Kind, articles: Int) {
        self.name = name
        self.type = type
        self.articles = articles
    }
}

extension DayKey: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = DayKey(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
