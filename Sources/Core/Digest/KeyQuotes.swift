/// The quotes a digest shows for a story: a few, said by named people, each saying something new.
public enum KeyQuotes {
    /// Shorter than this is a scare quote or a phrase ("a fact", "terrorists"), not a statement.
    static let minimumWords = 5

    /// Picks up to `limit` quotes: named speakers before unnamed ones, one per speaker before a second,
    /// fuller statements before fragments, and never two that say the same words (one quote carried by
    /// two outlets, or one quoting the other).
    public static func select(_ quotes: [DigestQuote], limit: Int = 3) -> [DigestQuote] {
        let usable = quotes.enumerated().compactMap { offset, quote -> (offset: Int, quote: DigestQuote, words: [String])? in
            let words = words(quote.text)
            return words.count >= minimumWords ? (offset, quote, words) : nil
        }
        let ranked = usable.sorted { a, b in
            let namedA = isNamed(a.quote.speaker), namedB = isNamed(b.quote.speaker)
            if namedA != namedB { return namedA }
            let lengthA = min(a.words.count, 40), lengthB = min(b.words.count, 40)
            if lengthA != lengthB { return lengthA > lengthB }
            return a.offset < b.offset
        }
        var chosen: [DigestQuote] = []
        var chosenWords: [Set<String>] = []
        for secondRound in [false, true] {
            for (_, quote, words) in ranked where chosen.count < limit {
                let set = Set(words)
                if chosenWords.contains(where: { overlap($0, set) >= 0.6 }) { continue }
                if !secondRound, let speaker = quote.speaker, chosen.contains(where: { $0.speaker == speaker }) { continue }
                chosen.append(quote)
                chosenWords.append(set)
            }
        }
        return chosen
    }

    static func isNamed(_ speaker: String?) -> Bool {
        guard let first = speaker?.unicodeScalars.first else { return false }
        return first.properties.isUppercase
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Shared words over the smaller set: 1 when one quote contains the other.
    static func overlap(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        return Double(a.intersection(b).count) / Double(min(a.count, b.count))
    }
}
