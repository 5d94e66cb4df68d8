import Foundation

/// An extractive summary of one story: a few sentences taken as they are from its articles.
///
/// **Centroid scoring.** Every sentence becomes a vector of its stemmed content words (names and
/// numbers count too), each weighted by how specific the word is in news in general
/// (``BackgroundFrequencies``) and, across several articles, by how many of them use it: what most
/// sources report is what the story is about. The centroid is the sum of the articles' vectors, with
/// the headlines' words counted extra. A sentence scores its cosine with the centroid, raised for the
/// opening sentences of an article (news puts what matters first) and lowered for sentences that are
/// mostly a quotation, questions and fragments.
///
/// **Redundancy removal (MMR).** Sentences are picked best first, each one's score reduced by its
/// similarity to what was already picked, and a sentence that says what a picked one says (two
/// outlets' versions of one wire sentence) is never picked at all.
///
/// **Reading order.** The picked sentences are printed in the order they stand in their articles,
/// earlier articles first, so the summary reads like a short article.
///
/// Pure and deterministic: the same articles in the same order give the same summary.
public enum StorySummarizer {
    /// How long the summary may be.
    public enum Budget: Sendable, Equatable {
        /// At most this many words (at least one sentence).
        case words(Int)
        case sentences(Int)
    }

    /// One article of the story.
    public struct Document: Sendable {
        public var title: String
        public var body: String

        public init(title: String, body: String) {
            self.title = title
            self.body = body
        }
    }

    /// A sentence of the summary and where it comes from.
    public struct Sentence: Sendable, Equatable {
        public var text: String
        /// Index of its article in the input.
        public var document: Int
        /// Index of the sentence in its article's body.
        public var position: Int
    }

    /// Above this cosine a sentence repeats one already picked.
    static let redundancy = 0.5
    /// MMR's balance between relevance and novelty.
    static let lambda = 0.75
    static let minimumWords = 6

    private struct Candidate {
        var text: String
        var document: Int
        var position: Int
        var words: Int
        var vector: SparseVector
        var score: Double
    }

    public static func summarize(_ documents: [Document], budget: Budget) -> [Sentence] {
        let stemmer = Stemmer()
        var candidates: [Candidate] = []
        var documentTerms: [[UInt64: Float]] = []
        var titleTerms: [UInt64: Float] = [:]
        for (d, document) in documents.enumerated() {
            let title = Tokenizer.tokenize(document.title)
            for (term, weight) in terms(of: title, tokens: title.tokens[...], stemmer: stemmer) { titleTerms[term, default: 0] += weight }
            let body = Tokenizer.tokenize(document.body)
            var whole: [UInt64: Float] = [:]
            var start = 0
            for s in body.sentences.indices {
                var end = start
                while end < body.tokens.count, body.tokens[end].sentence == s { end += 1 }
                let tokens = body.tokens[start..<end]
                start = end
                let sentenceTerms = terms(of: body, tokens: tokens, stemmer: stemmer)
                for (term, weight) in sentenceTerms { whole[term, default: 0] += weight }
                let text = body.text(ofSentence: s).trimmingWhitespace()
                guard tokens.count >= minimumWords, !text.hasSuffix("?") else { continue }
                candidates.append(Candidate(text: text, document: d, position: s, words: tokens.count,
                                            vector: unit(sentenceTerms), score: 0))
            }
            documentTerms.append(whole)
        }
        guard !candidates.isEmpty else { return [] }

        // Across articles, a word that more of them use weighs more.
        var spread: [UInt64: Float] = [:]
        for terms in documentTerms { for term in terms.keys { spread[term, default: 0] += 1 } }
        var centroid: [UInt64: Float] = [:]
        for terms in documentTerms {
            let norm = terms.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for (term, weight) in terms { centroid[term, default: 0] += weight / norm * (spread[term] ?? 1) }
        }
        let centroidNorm = centroid.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let titleNorm = titleTerms.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for (term, weight) in titleTerms where titleNorm > 0 && centroidNorm > 0 {
            centroid[term, default: 0] += 0.5 * centroidNorm * weight / titleNorm
        }
        let norm = centroid.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 { for term in centroid.keys { centroid[term]? /= norm } }

        for i in candidates.indices {
            var score = candidates[i].vector.dot(centroid)
            score *= 1 + 0.6 / Double(1 + candidates[i].position)
            if isMostlyQuote(candidates[i].text) { score *= 0.75 }
            candidates[i].score = score
        }
        return pick(candidates, budget: budget)
    }

    /// Best first by MMR within the budget, then in reading order.
    private static func pick(_ candidates: [Candidate], budget: Budget) -> [Sentence] {
        var picked: [Int] = []
        var words = 0
        var left = Array(candidates.indices)
        // Each candidate's largest overlap with what is picked, kept up to date as sentences are picked:
        // recomputing it against every picked sentence in every round made a large story's summary
        // quadratic in its sentences (rounds go on while too-long sentences are passed over).
        var overlaps = [Double](repeating: 0, count: candidates.count)
        while !left.isEmpty {
            if case .sentences(let count) = budget, picked.count >= count { break }
            var best: (index: Int, value: Double)?
            for (slot, i) in left.enumerated() {
                let overlap = overlaps[i]
                let value = lambda * candidates[i].score - (1 - lambda) * overlap
                if (overlap < Self.redundancy) && (value > (best?.value ?? -Double.infinity)) { best = (slot, value) }
            }
            guard let best else { break }
            let i = left.remove(at: best.index)
            if case .words(let limit) = budget, !picked.isEmpty, words + candidates[i].words > limit { continue }
            picked.append(i)
            for j in left { overlaps[j] = max(overlaps[j], candidates[j].vector.dot(candidates[i].vector)) }
            words += candidates[i].words
            if case .words(let limit) = budget, words >= limit { break }
        }
        return picked
            .sorted { (candidates[$0].document, candidates[$0].position) < (candidates[$1].document, candidates[$1].position) }
            .map { Sentence(text: candidates[$0].text, document: candidates[$0].document, position: candidates[$0].position) }
    }

    /// Content words by stem, names and numbers whole, weighted by background specificity.
    private static func terms(of text: TokenizedText, tokens: ArraySlice<WordToken>, stemmer: Stemmer) -> [UInt64: Float] {
        var weights: [UInt64: Float] = [:]
        for token in tokens {
            if token.kind == .number {
                weights[TermHash.hash(text.text(token), kind: StoryTerms.Kind.number.rawValue), default: 0] += 1
                continue
            }
            let lower = text.term(token)
            guard !Stopwords.contains(lower), lower.utf8.count >= 2 else { continue }
            let stem = TermHash.hash(stemmer.stem(lower), kind: StoryTerms.Kind.stem.rawValue)
            weights[stem, default: 0] += BackgroundFrequencies.specificity(of: stem)
        }
        return weights
    }

    private static func unit(_ weights: [UInt64: Float]) -> SparseVector {
        let norm = weights.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return SparseVector(entries: weights.map { (term: $0.key, weight: norm > 0 ? $0.value / norm : 0) })
    }

    /// Half or more of the sentence is inside quotation marks.
    static func isMostlyQuote(_ sentence: String) -> Bool {
        var inside = 0, total = 0, quoted = false
        for character in sentence {
            if character == "\"" || character == "“" || character == "”" {
                quoted = character == "“" ? true : character == "”" ? false : !quoted
                continue
            }
            total += 1
            if quoted { inside += 1 }
        }
        return total > 0 && inside * 2 >= total
    }
}
