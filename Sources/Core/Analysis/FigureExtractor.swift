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
        var previousFigureEnd: Int?
        var index = 0
        while index < tokens.count {
            guard var amount = number(text, at: index) else {
                index += 1
                continue
            }
            defer { index = amount.last + 1 }
            guard !isDateOrTime(text, first: index, last: amount.last, value: amount.value) else { continue }
            var (qualifier, first) = qualifierBefore(text, index)
            // "between 200 and 300 homes", "200 to 300 homes": a range, its bottom the value.
            // "from 200 to 300" is a change, not a range.
            let before = first > 0 && tokens[first - 1].sentence == tokens[index].sentence ? text.lowercased(tokens[first - 1]) : ""
            if before != "from", amount.upper == nil, let top = rangeTop(text, after: amount.last, between: before == "between") {
                amount.upper = top.value
                amount.last = top.last
                if before == "between" {
                    first -= 1
                    qualifier = qualifier ?? "between"
                }
            }
            let last = amount.last
            let sentence = tokens[index].sentence
            var unit = currencyBefore(text, index)
            var whatIndex: Int?
            var spanEnd = last
            if unit == nil, last + 1 < tokens.count, let percentEnd = percentEnd(text, after: last) {
                unit = "percent"
                spanEnd = percentEnd
            }
            if unit == nil {
                whatIndex = countedNoun(text, after: last, value: amount.value)
                // "These remarks come … after more than two months of fighting": a number followed by a
                // unit measures a span or a distance, and a plural before it is not what it counts.
                if whatIndex == nil, !unitFollows(text, after: last) { whatIndex = countedNounBefore(text, first) }
            }
            // "240 people had died and 1,100 were injured": the count goes on with the same noun.
            var what = unit ?? whatIndex.map({ text.term(tokens[$0]) })
            if what == nil, let previous = figures.last, previous.value > 0, last + 1 < tokens.count,
               ["were", "was", "had", "have", "are", "more"].contains(text.lowercased(tokens[last + 1])),
               let previousIndex = previousFigureEnd, tokens[previousIndex].sentence == sentence {
                what = previous.what
            }
            guard let what else { continue }
            // "800m gold", "the 1500m": an attached "m" without a currency is as often metres as
            // millions; only a plural or a currency counted after it ("5m users", "800m euro") says millions.
            if unit == nil, tokens[index].kind == .number, text.lowercased(tokens[index]).hasSuffix("m"),
               whatIndex == nil || !(what.hasSuffix("s") || countedInTheSingular.contains(what)) {
                continue
            }
            spanEnd = whatIndex.map { max($0, last) } ?? spanEnd
            // "12%": the sign follows the number's token, outside it.
            var end = tokens[spanEnd].end
            if unit == "percent", spanEnd == last, end < text.bytes.count, text.bytes[end] == 0x25 { end += 1 }
            let written = collapseSpaces(String(decoding: text.bytes[tokens[first].start..<end], as: UTF8.self))
            // "$3.5bn": the symbol precedes the number's token; after a qualifier ("about £400m") it is
            // already inside the words as written.
            let symbol = first == index && ["dollars", "pounds", "euros"].contains(unit ?? "") ? currencySymbol(text, index) : ""
            figures.append(Figure(text: symbol + written,
                                  value: amount.value, upper: amount.upper, qualifier: qualifier, what: what,
                                  event: event(text, sentence: sentence, after: spanEnd),
                                  attribution: attribution(text, sentence: sentence, mentions: mentions)))
            previousFigureEnd = spanEnd
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

    /// A number as written: its value, the top of a range written in one token ("200-300"), and the index
    /// of its last token ("2.5 million", "twenty five").
    struct Amount {
        var value: Double
        var upper: Double?
        var last: Int
    }

    /// The number starting at `index`: digits with their separators and a multiplier ("1,200", "3.5bn",
    /// "2.5 million"), or words ("three", "twenty-five", "twenty five", "two hundred").
    static func number(_ text: TokenizedText, at index: Int) -> Amount? {
        let token = text.tokens[index]
        var value: Double
        var upper: Double?
        if token.kind == .number {
            let raw = text.lowercased(token)
            guard let (parsed, rest) = digits(raw[...]) else { return nil }
            value = parsed
            if rest.hasPrefix("-"), let (top, tail) = digits(rest.dropFirst()), tail.isEmpty, top > parsed {
                upper = top   // "200-300"
            } else if !rest.isEmpty {
                guard let factor = multipliers[String(rest)] else { return nil }   // "7th", "3pm"
                value *= factor
            }
        } else {
            guard let parsed = wordValue(text, token), !token.capitalized || token.sentenceStart else { return nil }
            // "one" alone is too often a pronoun ("one of the things").
            if parsed == 1, index + 1 < text.tokens.count, text.lowercased(text.tokens[index + 1]) == "of" { return nil }
            value = parsed
        }
        var last = index
        // "twenty five": tens, then a unit.
        if token.kind == .word, value >= 20, value < 100, value.truncatingRemainder(dividingBy: 10) == 0,
           last + 1 < text.tokens.count, !text.tokens[last + 1].afterBreak,
           let unit = numberWord(text.bytes, text.tokens[last + 1].start, text.tokens[last + 1].end), unit < 10 {
            value += unit
            last += 1
        }
        while last + 1 < text.tokens.count, let factor = multipliers[text.lowercased(text.tokens[last + 1])], !text.tokens[last + 1].afterBreak {
            value *= factor
            upper = upper.map { $0 * factor }
            last += 1
        }
        return Amount(value: value, upper: upper, last: last)
    }

    /// The leading digits of `raw` ("1,200", "5.6") as a value, and what follows them.
    private static func digits(_ raw: Substring) -> (Double, Substring)? {
        let digits = raw.utf8.prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2C || $0 == 0x2E }
        guard !digits.isEmpty, let parsed = Double(String(decoding: digits.filter { $0 != 0x2C }, as: UTF8.self)) else { return nil }
        return (parsed, raw.dropFirst(digits.count))
    }

    /// The value of a number word ("three", "Twenty-five"), read from the token's bytes: every word of
    /// every article comes through here, so it compares a few bytes instead of hashing a string.
    private static func wordValue(_ text: TokenizedText, _ token: WordToken) -> Double? {
        if let value = numberWord(text.bytes, token.start, token.end) { return value }
        // "twenty-five": a tens word, a hyphen, a unit.
        guard token.end - token.start >= 8, let dash = text.bytes[token.start..<token.end].firstIndex(of: 0x2D),
              let tens = numberWord(text.bytes, token.start, dash), tens >= 20, tens < 100,
              let unit = numberWord(text.bytes, dash + 1, token.end), unit < 10 else { return nil }
        return tens + unit
    }

    /// The number word spelled by `bytes[from..<to]`, in any case.
    private static func numberWord(_ bytes: [UInt8], _ from: Int, _ to: Int) -> Double? {
        let length = to - from
        guard length >= 3, length < 10 else { return nil }
        let first = bytes[from] | 0x20
        guard first >= 0x61, first <= 0x7A else { return nil }
        candidates: for (word, value) in numberWordSlots[length * 26 + Int(first - 0x61)] {
            for offset in 1..<length where bytes[from + offset] | 0x20 != word[offset] { continue candidates }
            return value
        }
        return nil
    }

    /// The number words by length and first letter.
    private static let numberWordSlots: [[([UInt8], Double)]] = {
        var slots = [[([UInt8], Double)]](repeating: [], count: 10 * 26)
        for (word, value) in words {
            let bytes = Array(word.utf8)
            slots[bytes.count * 26 + Int(bytes[0] - 0x61)].append((bytes, value))
        }
        return slots
    }()

    /// The top of a range after a number: "… and 300" (after "between"), "… to 300", "… – 300".
    private static func rangeTop(_ text: TokenizedText, after last: Int, between: Bool) -> Amount? {
        guard last + 2 < text.tokens.count else { return nil }
        let link = text.tokens[last + 1]
        let word = text.lowercased(link)
        guard link.sentence == text.tokens[last].sentence, link.kind == .word, between ? word == "and" : word == "to",
              let top = number(text, at: last + 2), top.upper == nil, top.value > 0 else { return nil }
        return top
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

    /// The last token of a percentage after the number ("12%", "12 percent", "5.4 per cent"), or nil.
    private static func percentEnd(_ text: TokenizedText, after last: Int) -> Int? {
        let end = text.tokens[last].end
        if end < text.bytes.count, text.bytes[end] == 0x25 { return last }
        let next = text.lowercased(text.tokens[last + 1])
        if next == "percent" { return last + 1 }
        if next == "per", last + 2 < text.tokens.count, text.lowercased(text.tokens[last + 2]) == "cent" { return last + 2 }
        return nil
    }

    // MARK: What is counted

    /// The noun after the number, past up to three modifiers ("70 Israeli soldiers", "12 civilian deaths",
    /// "four big state banks").
    ///
    /// Above one, what is counted is plural: a singular word after the number modifies the noun after it
    /// ("225 firm orders", "three match points"), and with no plural to follow there is no count ("46
    /// Rusedski broke", "six unpaid" would list verbs and adjectives as what was counted).
    private static func countedNoun(_ text: TokenizedText, after last: Int, value: Double) -> Int? {
        var index = last + 1
        var skipped = 0
        var skippedNoun = false
        while index < text.tokens.count, skipped <= 2, !text.tokens[index].afterBreak, text.tokens[index].sentence == text.tokens[last].sentence {
            let token = text.tokens[index]
            let word = text.term(token)
            guard token.kind == .word else { return nil }
            if Stopwords.contains(word) { return nil }
            if token.capitalized || adjectives.contains(word) || word.hasSuffix("-year-old") {
                // "30,000 Palestinians have been killed": a capitalised plural with nothing after it is what
                // is counted; not after a noun ("200m champion Kenteris" names the champion).
                if token.capitalized, !skippedNoun, word.hasSuffix("s"), countable(word) {
                    let next = index + 1 < text.tokens.count ? text.tokens[index + 1] : nil
                    if next == nil || next?.afterBreak == true || next?.sentence != token.sentence
                        || Stopwords.contains(text.term(next ?? token)) { return index }
                }
                index += 1
                skipped += 1
                continue
            }
            guard countable(word) else { return nil }
            // "225 firm orders", "100 police officers": a noun, singular or a plural without an s, can
            // modify the plural after it, which is what is counted.
            if !endsWithS(word), !countsPeople(word), index + 1 < text.tokens.count {
                let next = text.tokens[index + 1]
                let nextWord = text.term(next)
                if next.kind == .word, !next.capitalized, !next.afterBreak, next.sentence == token.sentence,
                   endsWithS(nextWord), isPlural(nextWord), !Stopwords.contains(nextWord), countable(nextWord) {
                    return index + 1
                }
            }
            if value != 1, !isPlural(word), !countedInTheSingular.contains(word) {
                index += 1
                skipped += 1
                skippedNoun = true
                continue
            }
            return index
        }
        return nil
    }

    /// Currencies written after the number, singular as often as not ("800m euro", "1.47m yuan").
    private static let currencyWords: WordSet = [
        "euro", "yuan", "naira", "yen", "rupee", "dollar", "pound", "franc", "krona", "rouble", "ruble", "peso", "rand",
        "shekel", "dinar", "lira", "ringgit", "baht",
    ]

    /// Whether a counted noun reads as a plural: an s at the end but for the endings of singulars and
    /// adjectives ("business", "malicious", "virus", "crisis"; not "Iraqis"), "-men", or one of the
    /// plurals without.
    static func isPlural(_ word: String) -> Bool {
        if irregularPlurals.contains(word) { return true }
        // On the last three bytes (these endings are ASCII): `hasSuffix` compares by `Character` and
        // was a third of this function's cost, for the words around every number.
        var utf8 = word.utf8.reversed().makeIterator()
        let last = utf8.next(), second = utf8.next(), third = utf8.next()
        if last == UInt8(ascii: "s") {
            if second == UInt8(ascii: "s") || second == UInt8(ascii: "u") { return false }          // -ss, -us
            return !(second == UInt8(ascii: "i") && (third == UInt8(ascii: "s") || third == UInt8(ascii: "x")))  // -sis, -xis
        }
        return last == UInt8(ascii: "n") && second == UInt8(ascii: "e") && third == UInt8(ascii: "m")  // -men
    }

    /// "people", "children", "women", "policemen", "homeless": plurals that are what is counted, not
    /// modifiers of the word after them ("1,313 people suggests" counts people).
    private static func countsPeople(_ word: String) -> Bool {
        countedPeople.contains(word) || word.utf8.suffix(3).elementsEqual("men".utf8)
    }

    private static let countedPeople: WordSet = ["people", "children", "jobless", "homeless"]

    /// `hasSuffix("s")` on the last byte: `hasSuffix` compares by `Character`.
    private static func endsWithS(_ word: String) -> Bool {
        word.utf8.last == UInt8(ascii: "s")
    }

    /// What is counted in the singular after any number: currencies ("800m euro", "131.9 billion
    /// kronor", "590 pence") and barrels per day.
    private static let countedInTheSingular = currencyWords.union([
        "kronor", "krone", "kroner", "rupiah", "pence", "won", "zloty", "forint", "koruna", "real", "bpd",
    ])

    /// Plurals without an s.
    private static let irregularPlurals: WordSet = [
        "people", "children", "men", "women", "police", "staff", "personnel", "cattle", "sheep", "livestock",
        "aircraft", "crew", "fish", "deer", "teeth", "mice", "geese", "data", "media", "criteria", "jobless",
        "homeless",
    ]

    /// Whether the word after the number is a unit of time or measure ("two months", "30 km", "three times").
    private static func unitFollows(_ text: TokenizedText, after last: Int) -> Bool {
        guard last + 1 < text.tokens.count else { return false }
        let next = text.tokens[last + 1]
        return next.kind == .word && next.sentence == text.tokens[last].sentence && units.contains(text.lowercased(next))
    }

    /// "the number of Palestinian fatalities … at 2,140": the plural noun after "number of" earlier in the
    /// sentence. Only that pattern: the nearest plural before a number is as often a verb or another noun
    /// ("he stands accused …", "the number of fatalities as a result of Israeli bombings at 2,140"), and
    /// a figure shown with the wrong noun misleads, where one left out does not.
    private static func countedNounBefore(_ text: TokenizedText, _ first: Int) -> Int? {
        let sentence = text.tokens[first].sentence
        var index = first - 1
        while index >= 1, first - index <= 12, text.tokens[index].sentence == sentence {
            if text.lowercased(text.tokens[index]) == "of", ["number", "numbers"].contains(text.lowercased(text.tokens[index - 1])) {
                // Past up to two modifiers ("Palestinian", "civilian"), the counted noun.
                var noun = index + 1
                while noun < first, noun - index <= 3 {
                    let token = text.tokens[noun]
                    let word = text.term(token)
                    guard token.kind == .word, !Stopwords.contains(word) else { return nil }
                    if !token.capitalized, !adjectives.contains(word) {
                        return word.hasSuffix("s") && countable(word) ? noun : nil
                    }
                    noun += 1
                }
                return nil
            }
            index -= 1
        }
        return nil
    }

    private static func countable(_ word: String) -> Bool {
        // ASCII letters and hyphens (nearly every word) on the bytes; the `Character` walk only for the
        // rest: this runs for the words around every number.
        let asciiWord = word.utf8.allSatisfy { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 == 0x2D }
        guard asciiWord ? word.utf8.count >= 3 : word.count >= 3 && word.allSatisfy({ $0.isLetter || $0 == "-" }) else { return false }
        return !notCountable.contains(word) && !word.hasSuffix("ly") && !word.hasSuffix("ing")
    }

    private static let adjectives: WordSet = [
        "more", "other", "new", "additional", "civilian", "foreign", "young", "old", "small", "large", "major",
        "separate", "different", "total", "confirmed", "reported", "suspected", "palestinian", "israeli", "american",
        "british", "local", "armed", "unarmed", "injured", "wounded", "dead", "innocent", "elderly", "military",
    ]

    /// Units of time and measure: what a number before them measures rather than counts.
    private static let units: WordSet = [
        "years", "year", "days", "day", "weeks", "week", "months", "month", "hours", "hour", "minutes", "minute",
        "seconds", "times", "round", "rounds", "points", "point", "degrees", "km", "miles", "meters", "metres", "feet",
    ]

    private static let notCountable: WordSet = [
        "percent", "times", "ago", "later", "earlier", "after", "before", "since", "per", "each", "apiece", "years",
        "year", "days", "day", "weeks", "week", "months", "month", "hours", "hour", "minutes", "minute", "seconds",
        "round", "rounds", "points", "point", "per cent", "degrees", "km", "miles", "meters", "metres", "feet",
    ]

    // MARK: What happened, who says so

    /// Words of what happened, to the event they name.
    /// A `WordMap`, not a `Dictionary`: every word of a figure's sentence is looked up, and SipHash over
    /// them was a fifth of figure extraction.
    private static let events: WordMap<String> = {
        var map = WordMap<String>()
        for (word, event) in [
            ("killed", "killed"), ("killing", "killed"), ("kill", "killed"), ("dead", "killed"), ("died", "killed"),
            ("deaths", "killed"), ("death", "killed"), ("fatalities", "killed"), ("injured", "injured"),
            ("wounded", "injured"), ("hurt", "injured"), ("injuring", "injured"), ("displaced", "displaced"),
            ("arrested", "arrested"), ("detained", "arrested"), ("missing", "missing"), ("evacuated", "evacuated"),
            ("fled", "displaced"), ("rescued", "rescued"), ("infected", "infected"), ("cases", "infected"),
        ] { map.insert(word, value: event) }
        return map
    }()

    /// The event word of the figure's own clause ("… 240 people had died and 1,100 were injured"), else
    /// the sentence's first.
    private static func event(_ text: TokenizedText, sentence: Int, after end: Int) -> String? {
        let range = sentenceTokens(text, sentence)
        var index = end + 1
        // Looked up with the hashes the tokenizer made (``TokenizedText/loweredWord(_:)``): every word of
        // the sentence may be looked at, for every figure in it.
        while index < range.upperBound, index <= end + 4, text.tokens[index].kind == .word {
            if let match = events[text.loweredWord(text.tokens[index])] { return match }
            index += 1
        }
        for index in range {
            if let match = events[text.loweredWord(text.tokens[index])] { return match }
        }
        return nil
    }

    private static let reportVerbs: WordSet = [
        "say", "says", "said", "reported", "reports", "report", "claims", "claimed", "estimated", "estimates", "put",
        "puts", "counted", "announced", "stated", "told", "according",
    ]

    /// "according to X" in the sentence, or the subject of "says"/"reported"/"put", when it reads like a
    /// source (``looksLikeSource(_:)``).
    private static func attribution(_ text: TokenizedText, sentence: Int, mentions: [EntityMention]) -> String? {
        guard let found = attributionPhrase(text, sentence: sentence, mentions: mentions), looksLikeSource(found) else { return nil }
        return found
    }

    /// Whether an attribution names someone: a name (a capitalised word other than an article or a
    /// pronoun: "Warner", "BA's chief executive", "the Financial Times") or a word for a body or a
    /// person that reports ("the company", "Health officials", "industry watchdog"). The words before a
    /// report verb are often the end of another clause instead ("… coming from false", "… their
    /// figures", "… 204m"), and the digest shows an attribution as who reports the figure.
    static func looksLikeSource(_ phrase: String) -> Bool {
        for piece in phrase.split(separator: " ") {
            var word = piece.lowercased()
            for suffix in ["'s", "’s"] where word.hasSuffix(suffix) { word.removeLast(suffix.count) }
            word = word.trimmingCharacters(in: .punctuationCharacters)
            if QuoteExtractor.speakerNouns.contains(word) || sourceNouns.contains(word) { return true }
            // "Fifty percent of Europeans said …": a number word opening the sentence is not a name.
            // ("Forty-four percent …": a number word, hyphenated or not.)
            if let first = piece.unicodeScalars.first, first.properties.isUppercase, !functionWords.contains(word),
               !word.split(separator: "-").allSatisfy({ words[String($0)] != nil }) {
                return true
            }
        }
        return false
    }

    /// Bodies and people that report figures, besides the speakers quotes know.
    private static let sourceNouns: WordSet = [
        "government", "authorities", "economists", "executive", "executives", "chief", "director", "minister",
        "chairman", "president", "secretary", "council", "commission", "board", "bank", "office", "institute",
        "association", "federation", "organisation", "charity", "watchdog", "regulator", "industry", "manufacturer",
        "retailer", "exchange", "organisers", "organizers", "army", "military", "militia", "hospital", "hospitals",
        "officers", "medics", "rescuers", "agencies", "administration", "opposition", "rebels", "insurgents",
        "chancellor", "unions", "insurer", "insurers", "airline", "carrier", "operator", "retailers", "giant",
    ]

    /// Capitalised at a sentence's start, not names.
    private static let functionWords: WordSet = [
        "the", "a", "an", "it", "they", "he", "she", "we", "i", "you", "this", "that", "these", "those", "its",
        "their", "his", "her", "our", "some", "many", "most", "other", "others", "but", "and", "so", "yet", "now",
    ]

    private static func attributionPhrase(_ text: TokenizedText, sentence: Int, mentions: [EntityMention]) -> String? {
        let range = Array(sentenceTokens(text, sentence))
        for (offset, index) in range.enumerated() {
            let word = text.lowercased(text.tokens[index])
            if word == "according", offset + 1 < range.count, text.lowercased(text.tokens[range[offset + 1]]) == "to" {
                return phrase(text, from: offset + 2, in: range, forward: true)
            }
        }
        for (offset, index) in range.enumerated() where offset > 0 {
            let word = text.loweredWord(text.tokens[index])
            guard reportVerbs.contains(word), word.text != "according" else { continue }
            // "It said 240 people had died": the body the sentence before was about.
            let before = text.lowercased(text.tokens[range[offset - 1]])
            if before == "it" || before == "they", let body = previousSubject(text, before: sentence) {
                return body
            }
            if let subject = phrase(text, from: offset - 1, in: range, forward: false) { return subject }
        }
        return nil
    }

    /// The subject opening the sentence before, in the same paragraph, when it names a body that reports:
    /// "The health ministry gave new figures on Sunday."
    private static func previousSubject(_ text: TokenizedText, before sentence: Int) -> String? {
        guard sentence > 0 else { return nil }
        let range = Array(sentenceTokens(text, sentence - 1))
        guard let first = range.first, let current = sentenceTokens(text, sentence).first,
              !text.bytes[text.tokens[first].start..<text.tokens[current].start].contains(0x0A) else { return nil }
        for offset in 0..<min(range.count, 5) {
            let word = text.term(text.tokens[range[offset]])
            if QuoteExtractor.speakerNouns.contains(word) {
                return (0...offset).map { text.text(text.tokens[range[$0]]) }.joined(separator: " ")
            }
        }
        return nil
    }

    /// Up to five words from `from` (forward, or backward to the start of the noun phrase).
    private static func phrase(_ text: TokenizedText, from position: Int, in range: [Int], forward: Bool) -> String? {
        guard position >= 0, position < range.count else { return nil }
        var start = position, end = position
        if forward {
            while end + 1 < range.count, end - start < 4, !text.tokens[range[end + 1]].afterBreak,
                  text.tokens[range[end + 1]].kind != .number,
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
        // What belongs to the clause around the name: "Yushchenko had previously", "the FSA was widely",
        // "analysts Gartner More than", "games but Chairman Steve Vaughan", "Thursday Rangers".
        func lowered(_ offset: Int) -> String { text.lowercased(text.tokens[range[offset]]) }
        func isPercent(_ offset: Int) -> Bool {
            let token = text.tokens[range[offset]]
            return token.kind == .number && (token.end < text.bytes.count && text.bytes[token.end] == 0x25
                || offset + 1 < range.count && ["percent", "per"].contains(lowered(offset + 1)))
        }
        while end > start, isPercent(end) || clauseWords.contains(lowered(end))
                || (!text.tokens[range[end]].capitalized && lowered(end).utf8.suffix(2).elementsEqual("ly".utf8)) {
            end -= 1
        }
        if let conjunction = (start..<end).last(where: { clauseConjunctions.contains(lowered($0)) }) { start = conjunction + 1 }
        while start < end, EntityExtractor.weekdays.contains(lowered(start)) || EntityExtractor.months.contains(lowered(start))
                || (clauseWords.contains(lowered(start)) && !["the", "a", "an"].contains(lowered(start))) {
            start += 1
        }
        let words = (start...end).map { text.text(text.tokens[range[$0]]) }
        let result = words.joined(separator: " ").trimmingCharacters(in: .punctuationCharacters)
        return result.isEmpty ? nil : result
    }

    /// Words that end no name: what follows a subject in its clause ("the FSA was", "Analysts had",
    /// "forecasts from the Ministry of").
    private static let clauseWords: WordSet = [
        "the", "a", "an", "of", "for", "by", "to", "in", "on", "at", "from", "with", "was", "were", "had", "has",
        "have", "is", "are", "be", "been", "there", "now", "also", "and", "or", "but", "more", "than", "that",
        "which", "who", "would", "will", "could", "may", "might", "can",
    ]

    /// Words that open a new clause: an attribution starts after them. Not "and" ("Marks and Spencer").
    private static let clauseConjunctions: WordSet = [
        "but", "while", "although", "though", "because", "as", "when", "after", "before", "since", "whereas", "if",
    ]

    private static func sentenceTokens(_ text: TokenizedText, _ sentence: Int) -> Range<Int> {
        guard sentence < text.sentences.count else { return 0..<0 }
        let bounds = text.sentences[sentence]
        return QuoteExtractor.tokens(text, from: bounds.lowerBound, to: bounds.upperBound)
    }
}
