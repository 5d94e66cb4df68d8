import Foundation

/// Finds the figures an article reports: how many of what, happening to them, according to whom.
///
/// "killing about 1,200 people, mostly civilians, according to Israeli officials" gives 1,200, "about",
/// "people", "killed", "Israeli officials". "The Hamas government says … more than 12,300 people,
/// including more than 5,000 children" gives two figures attributed to "The Hamas government".
/// Years, dates, times, ordinals and figures with nothing to count are left out.
enum FigureExtractor {
    static func extract(_ text: TokenizedText, mentions: [EntityMention]) -> [Figure] {
        let tokens = text.tokens
        var figures: [Figure] = []
        var index = 0
        while index < tokens.count {
            guard let (value, last) = number(text, at: index) else {
                index += 1
                continue
            }
            defer { index = last + 1 }
            guard !isDateOrTime(text, first: index, last: last, value: value) else { continue }
            let (qualifier, first) = qualifierBefore(text, index)
            var unit = currencyBefore(text, index)
            var whatIndex: Int?
            if unit == nil, last + 1 < tokens.count, isPercent(text, after: last) { unit = "percent" }
            if unit == nil { whatIndex = countedNoun(text, after: last) ?? countedNounBefore(text, first) }
            guard let what = unit ?? whatIndex.map({ text.term(tokens[$0]) }) else { continue }
            let spanEnd = whatIndex.map { max($0, last) } ?? last
            let written = collapseSpaces(String(decoding: text.bytes[tokens[first].start..<tokens[spanEnd].end], as: UTF8.self))
            let sentence = tokens[index].sentence
            figures.append(Figure(text: (unit == "dollars" || unit == "pounds" || unit == "euros" ? currencySymbol(text, index) : "") + written,
                                  value: value, qualifier: qualifier, what: what, event: event(text, sentence: sentence),
                                  attribution: attribution(text, sentence: sentence, mentions: mentions)))
        }
        return figures
    }

    // MARK: The number

    static let words: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    ]
    static let multipliers: [String: Double] = [
        "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12,
        "bn": 1e9, "m": 1e6, "k": 1e3, "mn": 1e6,
    ]

    /// The value of the number starting at `index` and the index of its last token ("2.5 million").
    static func number(_ text: TokenizedText, at index: Int) -> (Double, Int)? {
        let token = text.tokens[index]
        var value: Double
        if token.kind == .number {
            let raw = text.lowercased(token)
            let digits = raw.prefix { $0.isNumber || $0 == "," || $0 == "." }
            guard let parsed = Double(digits.replacingOccurrences(of: ",", with: "")) else { return nil }
            value = parsed
            let suffix = String(raw.dropFirst(digits.count))
            if !suffix.isEmpty {
                guard let factor = multipliers[suffix] else { return nil }   // "7th", "3pm"
                value *= factor
            }
        } else {
            let word = text.lowercased(token)
            guard let parsed = words[word], !token.capitalized || token.sentenceStart else { return nil }
            // "one" alone is too often a pronoun ("one of the things").
            if word == "one", index + 1 < text.tokens.count, text.lowercased(text.tokens[index + 1]) == "of" { return nil }
            value = parsed
        }
        var last = index
        while last + 1 < text.tokens.count, let factor = multipliers[text.lowercased(text.tokens[last + 1])], !text.tokens[last + 1].afterBreak {
            value *= factor
            last += 1
        }
        return (value, last)
    }

    /// Years, "October 7", "7 October", "10:15", "5 p.m.".
    private static func isDateOrTime(_ text: TokenizedText, first: Int, last: Int, value: Double) -> Bool {
        let token = text.tokens[first]
        let raw = text.text(token)
        if token.kind == .number, raw.count == 4, !raw.contains(","), value >= 1900, value <= 2100 { return true }
        if first > 0, EntityExtractor.months.contains(text.lowercased(text.tokens[first - 1])) { return true }
        // The minutes of "10:30".
        if token.start > 0, text.bytes[token.start - 1] == 0x3A { return true }
        if last + 1 < text.tokens.count {
            let next = text.lowercased(text.tokens[last + 1])
            if EntityExtractor.months.contains(next) || ["am", "pm", "a.m.", "p.m.", "gmt", "bst", "et"].contains(next) { return true }
            if token.end < text.bytes.count, text.bytes[token.end] == 0x3A { return true }
        }
        return false
    }

    private static let qualifiers: [([String], String)] = [
        (["more", "than"], "more than"), (["at", "least"], "at least"), (["up", "to"], "up to"),
        (["fewer", "than"], "fewer than"), (["less", "than"], "less than"), (["as", "many", "as"], "as many as"),
        (["an", "estimated"], "an estimated"), (["upwards", "of"], "upwards of"), (["nearly"], "nearly"),
        (["almost"], "almost"), (["about"], "about"), (["around"], "around"), (["approximately"], "approximately"),
        (["roughly"], "roughly"), (["some"], "some"), (["over"], "over"), (["under"], "under"), (["estimated"], "estimated"),
        (["just"], "just"), (["only"], "only"),
    ]

    private static func qualifierBefore(_ text: TokenizedText, _ index: Int) -> (String?, Int) {
        for (pattern, name) in qualifiers where index >= pattern.count {
            let start = index - pattern.count
            if (0..<pattern.count).allSatisfy({ text.lowercased(text.tokens[start + $0]) == pattern[$0] }),
               text.tokens[start].sentence == text.tokens[index].sentence {
                return (name, start)
            }
        }
        return (nil, index)
    }

    private static func currencyBefore(_ text: TokenizedText, _ index: Int) -> String? {
        let start = text.tokens[index].start
        guard start > 0 else { return nil }
        switch text.bytes[start - 1] {
        case 0x24: return "dollars"
        case 0xA3: return start >= 2 && text.bytes[start - 2] == 0xC2 ? "pounds" : nil
        case 0xAC: return start >= 3 && text.bytes[start - 3] == 0xE2 ? "euros" : nil
        default: return nil
        }
    }

    private static func currencySymbol(_ text: TokenizedText, _ index: Int) -> String {
        switch currencyBefore(text, index) {
        case "dollars": return "$"
        case "pounds": return "£"
        case "euros": return "€"
        default: return ""
        }
    }

    private static func isPercent(_ text: TokenizedText, after last: Int) -> Bool {
        let end = text.tokens[last].end
        if end < text.bytes.count, text.bytes[end] == 0x25 { return true }
        let next = text.lowercased(text.tokens[last + 1])
        return next == "percent" || next == "per" && last + 2 < text.tokens.count && text.lowercased(text.tokens[last + 2]) == "cent"
    }

    // MARK: What is counted

    /// The noun after the number, past one modifier ("70 Israeli soldiers", "12 civilian deaths").
    private static func countedNoun(_ text: TokenizedText, after last: Int) -> Int? {
        var index = last + 1
        var skipped = 0
        while index < text.tokens.count, skipped <= 2, !text.tokens[index].afterBreak, text.tokens[index].sentence == text.tokens[last].sentence {
            let token = text.tokens[index]
            let word = text.term(token)
            guard token.kind == .word else { return nil }
            if Stopwords.contains(word) { return nil }
            if token.capitalized || adjectives.contains(word) || word.hasSuffix("-year-old") {
                index += 1
                skipped += 1
                continue
            }
            return countable(word) ? index : nil
        }
        return nil
    }

    /// "the number of Palestinian fatalities … at 2,140": the plural noun before the number.
    private static func countedNounBefore(_ text: TokenizedText, _ first: Int) -> Int? {
        var index = first - 1
        var steps = 0
        while index >= 0, steps < 10, text.tokens[index].sentence == text.tokens[first].sentence {
            let word = text.term(text.tokens[index])
            if text.tokens[index].kind == .word, !text.tokens[index].capitalized, countable(word), word.hasSuffix("s"), !Stopwords.contains(word) {
                return index
            }
            index -= 1
            steps += 1
        }
        return nil
    }

    private static func countable(_ word: String) -> Bool {
        guard word.count >= 3, word.allSatisfy({ $0.isLetter || $0 == "-" }) else { return false }
        return !notCountable.contains(word) && !word.hasSuffix("ly") && !word.hasSuffix("ing")
    }

    private static let adjectives: Set<String> = [
        "more", "other", "new", "additional", "civilian", "foreign", "young", "old", "small", "large", "major",
        "separate", "different", "total", "confirmed", "reported", "suspected", "palestinian", "israeli", "american",
        "british", "local", "armed", "unarmed", "injured", "wounded", "dead", "innocent", "elderly", "military",
    ]

    private static let notCountable: Set<String> = [
        "percent", "times", "ago", "later", "earlier", "after", "before", "since", "per", "each", "apiece", "years",
        "year", "days", "day", "weeks", "week", "months", "month", "hours", "hour", "minutes", "minute", "seconds",
        "round", "rounds", "points", "point", "per cent", "degrees", "km", "miles", "meters", "metres", "feet",
    ]

    // MARK: What happened, who says so

    private static let events: [(String, String)] = [
        ("killed", "killed"), ("killing", "killed"), ("kill", "killed"), ("dead", "killed"), ("died", "killed"),
        ("deaths", "killed"), ("death", "killed"), ("fatalities", "killed"), ("injured", "injured"),
        ("wounded", "injured"), ("hurt", "injured"), ("injuring", "injured"), ("displaced", "displaced"),
        ("arrested", "arrested"), ("detained", "arrested"), ("missing", "missing"), ("evacuated", "evacuated"),
        ("fled", "displaced"), ("rescued", "rescued"), ("infected", "infected"), ("cases", "infected"),
    ]

    private static func event(_ text: TokenizedText, sentence: Int) -> String? {
        let range = sentenceTokens(text, sentence)
        for index in range {
            let word = text.lowercased(text.tokens[index])
            if let match = events.first(where: { $0.0 == word }) { return match.1 }
        }
        return nil
    }

    private static let reportVerbs: Set<String> = [
        "say", "says", "said", "reported", "reports", "report", "claims", "claimed", "estimated", "estimates", "put",
        "puts", "counted", "announced", "stated", "told", "according",
    ]

    /// "according to X" in the sentence, or the subject of "says"/"reported"/"put".
    private static func attribution(_ text: TokenizedText, sentence: Int, mentions: [EntityMention]) -> String? {
        let range = Array(sentenceTokens(text, sentence))
        for (offset, index) in range.enumerated() {
            let word = text.lowercased(text.tokens[index])
            if word == "according", offset + 1 < range.count, text.lowercased(text.tokens[range[offset + 1]]) == "to" {
                return phrase(text, from: offset + 2, in: range, forward: true)
            }
        }
        for (offset, index) in range.enumerated() where offset > 0 {
            let word = text.lowercased(text.tokens[index])
            guard reportVerbs.contains(word), word != "according" else { continue }
            if let subject = phrase(text, from: offset - 1, in: range, forward: false) { return subject }
        }
        return nil
    }

    /// Up to five words from `from` (forward, or backward to the start of the noun phrase).
    private static func phrase(_ text: TokenizedText, from position: Int, in range: [Int], forward: Bool) -> String? {
        guard position >= 0, position < range.count else { return nil }
        var start = position, end = position
        if forward {
            while end + 1 < range.count, end - start < 4, !text.tokens[range[end + 1]].afterBreak,
                  !EntityExtractor.speechVerbs.contains(text.lowercased(text.tokens[range[end + 1]])) {
                end += 1
            }
        } else {
            let last = text.lowercased(text.tokens[range[position]])
            guard !Stopwords.contains(last) || ["officials", "authorities"].contains(last) else { return nil }
            while start > 0, end - start < 4, !text.tokens[range[start]].afterBreak {
                let previous = text.lowercased(text.tokens[range[start - 1]])
                if text.tokens[range[start - 1]].kind == .number || EntityExtractor.speechVerbs.contains(previous) { break }
                start -= 1
                if ["the", "a", "an", "its", "their"].contains(previous) { break }
            }
            // Keep the subject only: drop leading words that belong to an earlier clause.
            while start < end, Stopwords.contains(text.lowercased(text.tokens[range[start]])),
                  !["the", "a", "an"].contains(text.lowercased(text.tokens[range[start]])) {
                start += 1
            }
        }
        let words = (start...end).map { text.text(text.tokens[range[$0]]) }
        let result = words.joined(separator: " ").trimmingCharacters(in: .punctuationCharacters)
        return result.isEmpty ? nil : result
    }

    private static func sentenceTokens(_ text: TokenizedText, _ sentence: Int) -> Range<Int> {
        guard sentence < text.sentences.count else { return 0..<0 }
        let bounds = text.sentences[sentence]
        return QuoteExtractor.tokens(text, from: bounds.lowerBound, to: bounds.upperBound)
    }
}
