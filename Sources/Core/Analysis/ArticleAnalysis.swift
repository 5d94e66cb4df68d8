/// What newsd understands of one article: the terms that place it in a story, the fingerprint that
/// recognises copies, and the people, organisations, places, quotes and figures in it.
public struct ArticleAnalysis: Sendable, Equatable {
    public var storyTerms: StoryTerms
    public var fingerprint: Fingerprint
    public var entities: [Entity]
    /// Direct quotes: speech that stands on its own.
    public var quotes: [Quote]
    /// Words quoted inside the writer's own sentence ("called it “a big problem”"), with their speaker;
    /// shown by `newsd analyze`, not stored.
    public var partialQuotes: [Quote] = []
    public var figures: [Figure]

    public init(storyTerms: StoryTerms, fingerprint: Fingerprint, entities: [Entity] = [], quotes: [Quote] = [], figures: [Figure] = []) {
        self.storyTerms = storyTerms
        self.fingerprint = fingerprint
        self.entities = entities
        self.quotes = quotes
        self.figures = figures
    }
}

/// A person, organisation or place named in an article, as one written form of it.
///
/// An article that writes "Ali Khamenei" and later "Khamenei" has two entities: the second has
/// `canonical` "Ali Khamenei", which is how aliases are merged (and how a digest counts people).
public struct Entity: Sendable, Equatable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case person, organization, place }

    public var name: String
    public var kind: Kind
    /// The fullest form of the same entity in the article, when this one is shorter.
    public var canonical: String?
    public var mentions: Int

    public init(name: String, kind: Kind, canonical: String? = nil, mentions: Int = 1) {
        self.name = name
        self.kind = kind
        self.canonical = canonical
        self.mentions = mentions
    }

    /// The name this entity is counted under.
    public var key: String { canonical ?? name }

    enum CodingKeys: String, CodingKey { case name, kind = "type", canonical, mentions }

    /// Absent values are written as `null`, so every exported entity has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(canonical, forKey: .canonical)
        try container.encode(mentions, forKey: .mentions)
    }
}

/// Words someone said, in quotation marks, and who said them.
public struct Quote: Sendable, Equatable, Codable, Hashable {
    /// The speaker as the article names them (a pronoun or title resolved to the person meant), or nil.
    public var speaker: String?
    public var text: String

    public init(speaker: String?, text: String) {
        self.speaker = speaker
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case speaker, text }

    /// An unknown speaker is written as `null`, so every exported quote has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(speaker, forKey: .speaker)
        try container.encode(text, forKey: .text)
    }
}

/// A number the article reports: what it counts, and who reports it.
public struct Figure: Sendable, Equatable, Codable, Hashable {
    /// The words as written: "more than 12,300 people".
    public var text: String
    public var value: Double
    /// The top of a range ("between 200 and 300 homes", "200-300 homes"), whose bottom is `value`.
    public var upper: Double?
    /// "about", "more than", "at least", … or nil for an exact figure.
    public var qualifier: String?
    /// The thing counted, as a lower-case noun: "people", "children", "dollars".
    public var what: String
    /// What happened to them, when the sentence says: "killed", "injured", "displaced".
    public var event: String?
    /// Who reports it: "Israeli officials", "the Hamas government".
    public var attribution: String?

    /// Whether it is money or a share ("$3.5bn", "12%") rather than a count of things.
    public var isAmount: Bool { ["percent", "dollars", "pounds", "euros"].contains(what) }

    public init(text: String, value: Double, upper: Double? = nil, qualifier: String?, what: String, event: String?,
                attribution: String?) {
        self.text = text
        self.value = value
        self.upper = upper
        self.qualifier = qualifier
        self.what = what
        self.event = event
        self.attribution = attribution
    }

    enum CodingKeys: String, CodingKey { case text, value, upper, qualifier, what, event, attribution }

    /// Absent values are written as `null`, so every exported figure has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(value, forKey: .value)
        try container.encode(upper, forKey: .upper)
        try container.encode(qualifier, forKey: .qualifier)
        try container.encode(what, forKey: .what)
        try container.encode(event, forKey: .event)
        try container.encode(attribution, forKey: .attribution)
    }
}
