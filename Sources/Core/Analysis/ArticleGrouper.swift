import Foundation

/// The serial half of analysis: decides, in arrival order, which article a new one copies and which
/// story it belongs to.
///
/// Within a batch, articles have provisional ids (-1, -2, … in order), and a new story a provisional id
/// too, so that the third article of a batch can copy the first or join the story the second opened.
/// The store resolves them as it inserts and hands back the real ids (``commit(_:)``). If the batch is
/// not stored, ``discard()`` forgets it.
///
/// Not `Sendable`: owned by the one writer.
public final class ArticleGrouper {
    /// A grouping decision for one article.
    public struct Decision: Sendable, Equatable {
        public enum Story: Sendable, Equatable {
            /// A story, stored (positive) or opened earlier in the batch (negative).
            case story(Int64)
            /// The story of this article (a copy joins its original's story).
            case sameAs(article: Int64)
        }

        /// The article's provisional id.
        public var provisionalID: Int64
        public var story: Story
        public var duplicateOf: Int64?
        public var similarity: Double?
    }

    /// Provisional ids resolved by the store.
    public struct Mapping: Sendable, Equatable {
        public var articles: [Int64: Int64] = [:]
        public var stories: [Int64: Int64] = [:]

        public init(articles: [Int64: Int64] = [:], stories: [Int64: Int64] = [:]) {
            self.articles = articles
            self.stories = stories
        }
    }

    public struct Settings: Sendable, Equatable {
        public var stories = StoryClusterer.Settings()
        /// Estimated shingle Jaccard similarity at which an article is a near copy of an earlier one.
        public var nearDuplicate = 0.9
        /// Most articles whose fingerprints are kept for near-copy detection.
        public var fingerprintWindow = 50_000

        public init() {}
    }

    public let clusterer: StoryClusterer
    let duplicates: DuplicateIndex
    private var nextProvisional: Int64 = -1
    private var sinceRefinement = 0

    public init(settings: Settings = Settings()) {
        clusterer = StoryClusterer(settings: settings.stories)
        duplicates = DuplicateIndex(nearThreshold: settings.nearDuplicate, capacity: settings.fingerprintWindow)
    }

    /// Articles grouped since the last refinement.
    public var pendingRefinement: Int { sinceRefinement }

    /// The newest stored article grouped (0 before any): a refinement settles every article up to it.
    public private(set) var newestArticle: Int64 = 0

    /// Decides one article (call in arrival order).
    public func decide(_ analysis: ArticleAnalysis, time: Double) -> Decision {
        let id = nextProvisional
        nextProvisional -= 1
        if let match = duplicates.match(analysis.fingerprint) {
            let similarity: Double
            if case .near(_, let value) = match { similarity = value } else { similarity = 1 }
            return Decision(provisionalID: id, story: .sameAs(article: match.original), duplicateOf: match.original, similarity: similarity)
        }
        duplicates.add(id, analysis.fingerprint)
        clusterer.observe(analysis.storyTerms)
        let story = clusterer.assign(article: id, terms: analysis.storyTerms, time: time)
        sinceRefinement += 1
        return Decision(provisionalID: id, story: .story(story), duplicateOf: nil, similarity: nil)
    }

    /// The batch was stored: provisional ids become real ones. Anything still provisional afterwards
    /// (an article the store recorded as a byte-identical copy instead) is forgotten.
    public func commit(_ mapping: Mapping) {
        newestArticle = max(newestArticle, mapping.articles.values.max() ?? 0)
        duplicates.rename(mapping.articles)
        clusterer.rename(articles: mapping.articles, stories: mapping.stories)
        discard()
    }

    /// The batch was not stored: forget it.
    public func discard() {
        duplicates.discardProvisional()
        clusterer.discardProvisional()
        nextProvisional = -1
    }

    /// Reassigns, merges and splits recent stories.
    public func refine() -> StoryClusterer.Changes {
        sinceRefinement = 0
        return clusterer.refine()
    }

    /// Restores a stored article into the window (at start-up).
    ///
    /// - Parameter settled: A refinement before the stop covered it. An article that is not settled
    ///   counts as grouped since the last refinement, so the next one looks at it.
    public func restore(article: Int64, story: Int64, terms: StoryTerms, fingerprint: Fingerprint, time: Double,
                        settled: Bool = false) {
        newestArticle = max(newestArticle, article)
        duplicates.add(article, fingerprint)
        clusterer.restore(article: article, terms: terms, story: story, time: time, settled: settled)
        if !settled { sinceRefinement += 1 }
    }
}
