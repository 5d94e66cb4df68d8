import Foundation

/// How specific a word is in news in general, from 0 (every article uses it) to 1 (unseen in the
/// background corpus): the IDF of its stem in ``BackgroundFrequencies``, divided by the largest IDF.
///
/// A store's own document frequencies say which words are common *in the store*, but a young store
/// cannot tell "ceasefire" from "face" when each is in two of its five articles. Story grouping weighs a
/// stem by its store IDF times this specificity, so ordinary words stay quiet from the first article on.
public enum BackgroundFrequencies {
    /// Stem-term hash → specificity, for stems the background corpus uses.
    ///
    /// Read in one pass over the table's bytes, each stem hashed as it goes by: splitting the 8,500
    /// lines into substrings and parsing each count with `Double(_:)` took about 9 ms, at the start
    /// of every process, before the first article could be analysed.
    static let specificity: TermMap<Float> = {
        let total = Double(documents)
        let largest = log((total + 1) / 0.5)
        var map = TermMap<Float>(empty: 0, capacity: 9_000)
        withUTF8Bytes(of: table) { bytes in
            var index = 0
            while index < bytes.count {
                // A line: spaces, the stem up to the next space, the count up to the newline.
                while index < bytes.count, bytes[index] == 0x20 { index += 1 }
                var term = TermHash.mix(TermHash.offset, StoryTerms.Kind.stem.rawValue)
                var stemLength = 0
                while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x0A {
                    term = TermHash.mix(term, bytes[index])
                    stemLength += 1
                    index += 1
                }
                while index < bytes.count, bytes[index] == 0x20 { index += 1 }
                var count = 0, digits = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    count = count * 10 + Int(bytes[index] - 0x30)
                    digits += 1
                    index += 1
                }
                // Anything else on the line makes it no entry, as a line that is not `stem count` is skipped.
                let wellFormed = stemLength > 0 && digits > 0 && (index == bytes.count || bytes[index] == 0x0A)
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                index += 1
                guard wellFormed else { continue }
                let idf = log((total + 1) / (Double(count) + 0.5))
                map.set(term, Float(max(0, idf / largest)))
            }
        }
        return map
    }()

    /// The specificity of a term: for stems from the table, 1 for anything else (names, numbers, rare words).
    static func specificity(of term: UInt64) -> Float {
        specificity[term] ?? 1
    }
}
