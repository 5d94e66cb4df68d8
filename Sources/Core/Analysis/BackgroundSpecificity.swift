import Foundation

/// How specific a word is in news in general, from 0 (every article uses it) to 1 (unseen in the
/// background corpus): the IDF of its stem in ``BackgroundFrequencies``, divided by the largest IDF.
///
/// A store's own document frequencies say which words are common *in the store*, but a young store
/// cannot tell "ceasefire" from "face" when each is in two of its five articles. Story grouping weighs a
/// stem by its store IDF times this specificity, so ordinary words stay quiet from the first article on.
public enum BackgroundFrequencies {
    /// Stem-term hash → specificity, for stems the background corpus uses.
    static let specificity: TermMap<Float> = {
        let total = Double(documents)
        let largest = log((total + 1) / 0.5)
        var map = TermMap<Float>(empty: 0, capacity: 9_000)
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let count = Double(parts[1]) else { continue }
            let idf = log((total + 1) / (count + 0.5))
            map.set(TermHash.hash(String(parts[0]), kind: StoryTerms.Kind.stem.rawValue), Float(max(0, idf / largest)))
        }
        return map
    }()

    /// The specificity of a term: for stems from the table, 1 for anything else (names, numbers, rare words).
    static func specificity(of term: UInt64) -> Float {
        specificity[term] ?? 1
    }
}
