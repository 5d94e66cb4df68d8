/// Splits news text into sentences.
///
/// Foundation's sentence enumeration is unavailable on Linux, and a split at every period breaks
/// "Gen. Smith", "the U.S. State Department", "3.5", "5 p.m." and "J. K. Rowling". The rules here
/// read the UTF-8 bytes once:
///
/// - A line break always ends a sentence: newsd keeps paragraphs and headlines on their own lines.
/// - `.`, `!`, `?`, `…` (and `...`) end a sentence when, after any closing quotes or brackets, white
///   space and then a capital, a digit, an opening quote or bracket follows. A lower-case word after
///   them continues the sentence (`"Is it?" she asked`, `governments… have`).
/// - Titles (Mr., Dr., Gen., Sen., …) never end a sentence before a name.
/// - Initials (`W.`), abbreviations with inner periods (`U.S.`, `p.m.`), company suffixes (`Inc.`) and
///   months (`Jan.`) end a sentence only when the next word is one that starts sentences ("The", "He",
///   "But", …): "the U.S. State Department" stays whole, "sanctions by the U.S. The move" splits.
/// - A list number at a line's start ("1. Cut taxes") does not end a sentence.
/// - A period followed directly by a capitalised word ("said.The") splits, unless it sits inside
///   a URL, an e-mail address or an all-capital abbreviation.
public enum SentenceSplitter {
    /// The sentences of `text`, trimmed, in order.
    public static func split(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        let bytes = Array(utf8)
        return byteRanges(bytes).map { range in
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(lower, offsetBy: range.count)
            return text[lower..<upper]
        }
    }

    /// Byte ranges of the sentences in UTF-8 `bytes`, trimmed of white space.
    public static func byteRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = bytes.count
        var start = 0
        var i = 0

        func emit(_ end: Int) {
            var lower = start, upper = end
            while lower < upper, isSpace(bytes, lower) { lower += spaceWidth(bytes, lower) }
            while upper > lower, isSpaceBefore(bytes, upper) { upper -= spaceWidthBefore(bytes, upper) }
            if upper > lower { result.append(lower..<upper) }
        }

        while i < n {
            // Straight to the next line break or terminal punctuation (or the lead byte of "…").
            i = bytes.withUnsafeBufferPointer { ByteScan.firstOf(0x0A, 0x2E, 0x21, 0x3F, 0xE2, in: $0, from: i) }
            guard i < n else { break }
            let byte = bytes[i]
            if byte == 0x0A {
                emit(i)
                i += 1
                start = i
                continue
            }
            let isEllipsisChar = byte == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0xA6
            guard byte == 0x2E || byte == 0x21 || byte == 0x3F || isEllipsisChar else {
                i += 1
                continue
            }
            // The run of terminal punctuation: "?!", "...", "…".
            var periods = 0
            var ellipsis = false
            var j = i
            while j < n {
                if bytes[j] == 0x2E { periods += 1; j += 1 }
                else if bytes[j] == 0x21 || bytes[j] == 0x3F { j += 1 }
                else if bytes[j] == 0xE2, j + 2 < n, bytes[j + 1] == 0x80, bytes[j + 2] == 0xA6 { ellipsis = true; j += 3 }
                else { break }
            }
            ellipsis = ellipsis || periods >= 2
            let onlyPeriod = byte == 0x2E && j == i + 1
            // Closing quotes and brackets belong to the sentence they close.
            var k = j
            while k < n, let width = closerWidth(bytes, k) { k += width }
            if k >= n { break }
            if isSpace(bytes, k) {
                var m = k
                while m < n, isSpace(bytes, m), bytes[m] != 0x0A { m += spaceWidth(bytes, m) }
                if m >= n || bytes[m] == 0x0A {
                    i = m
                    continue
                }
                if isBoundary(bytes, punctuationAt: i, next: m, onlyPeriod: onlyPeriod, ellipsis: ellipsis) {
                    emit(k)
                    start = m
                }
                i = m
            } else {
                if onlyPeriod, k == j, isGluedSentenceStart(bytes, period: i) {
                    emit(j)
                    start = j
                } else if !onlyPeriod, !ellipsis, k > j || isUpper(bytes, k) {
                    // "Really?!Yes" is rare; a closing quote glued to the next word is rarer still.
                    if isUpper(bytes, k) { emit(k); start = k }
                }
                i = k
            }
        }
        emit(n)
        return result
    }

    // MARK: - The decision at one candidate boundary

    /// One to three digits between the start of a line (or of the text) and the period.
    private static func isListNumber(_ b: [UInt8], period i: Int) -> Bool {
        var p = i - 1
        var digits = 0
        while p >= 0, b[p] >= 0x30, b[p] <= 0x39 { digits += 1; p -= 1 }
        while p >= 0, b[p] == 0x20 || b[p] == 0x09 { p -= 1 }
        return (1...3).contains(digits) && (p < 0 || b[p] == 0x0A)
    }

    private static func isBoundary(_ b: [UInt8], punctuationAt i: Int, next m: Int, onlyPeriod: Bool, ellipsis: Bool) -> Bool {
        let c = b[m]
        if isLower(b, m) { return false }
        let opensSentence = isUpper(b, m) || isOpener(b, m)
        let startsWithDigit = c >= 0x30 && c <= 0x39
        if ellipsis { return opensSentence }
        guard onlyPeriod else { return opensSentence || startsWithDigit }

        // "1. Cut taxes": a list number at the start of a line is not a sentence.
        if isListNumber(b, period: i) { return false }
        let word = wordBefore(b, period: i)
        if word.isEmpty { return opensSentence || startsWithDigit }
        let lowered = String(decoding: word.filter { $0 != 0x2E }, as: UTF8.self).lowercased()
        if titles.contains(lowered) { return false }
        let hasInnerPeriod = word.contains(0x2E)
        let isInitial = word.count == 1 && (word.first.map { $0 >= 0x41 && $0 <= 0x5A } ?? false)
        let conditional = isInitial || hasInnerPeriod || conditionalAbbreviations.contains(lowered)
        if conditional {
            if startsWithDigit { return false }
            return startsSentence(b, at: m)
        }
        return opensSentence || startsWithDigit || !isLetter(b, m)
    }

    /// "said.The": a period glued to a capitalised word, outside URLs, e-mail addresses and acronyms.
    private static func isGluedSentenceStart(_ b: [UInt8], period i: Int) -> Bool {
        let next = i + 1
        guard next + 1 < b.count, b[next] >= 0x41, b[next] <= 0x5A, b[next + 1] >= 0x61, b[next + 1] <= 0x7A else { return false }
        guard i >= 2, b[i - 1] >= 0x61, b[i - 1] <= 0x7A, b[i - 2] >= 0x61, b[i - 2] <= 0x7A else { return false }
        // Reject when the surrounding token looks like a URL, an address or a file name.
        var p = i - 1
        while p >= 0, !isSpace(b, p) {
            if b[p] == 0x2F || b[p] == 0x40 || b[p] == 0x3A { return false }
            p -= 1
        }
        var q = next
        while q < b.count, !isSpace(b, q) {
            if b[q] == 0x2F || b[q] == 0x40 || b[q] == 0x2E { return false }
            q += 1
        }
        return true
    }

    /// The ASCII word (letters and inner periods) that ends at the period at `i`.
    private static func wordBefore(_ b: [UInt8], period i: Int) -> ArraySlice<UInt8> {
        var p = i
        while p > 0 {
            let c = b[p - 1]
            let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if letter || (c == 0x2E && p - 1 > 0 && p - 1 < i) { p -= 1 } else { break }
        }
        // A word must be preceded by a space, an opener or the start: "3.Smith" is not a word "Smith".
        if p > 0 {
            let c = b[p - 1]
            let allowed = c == 0x20 || c == 0x09 || c == 0x0A || c == 0x28 || c == 0x22 || c == 0x27 || c >= 0x80 || c == 0x2D
            if !allowed { return [] }
        }
        return b[p..<i]
    }

    /// Whether the word at `m` is one that commonly opens a sentence ("The", "He", "But", ...).
    private static func startsSentence(_ b: [UInt8], at m: Int) -> Bool {
        var start = m
        while start < b.count, isOpener(b, start) { start += openerWidth(b, start) }
        var end = start
        while end < b.count, (b[end] >= 0x41 && b[end] <= 0x5A) || (b[end] >= 0x61 && b[end] <= 0x7A) || b[end] == 0x27 { end += 1 }
        guard end > start, end - start <= 12 else { return false }
        if start > m { return true }   // a quotation opens after the abbreviation: a new sentence
        return sentenceStarters.contains(String(decoding: b[start..<end], as: UTF8.self).lowercased())
    }

    // MARK: - Byte classes

    private static func isSpace(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { return true }
        return c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0
    }

    private static func spaceWidth(_ b: [UInt8], _ i: Int) -> Int { b[i] == 0xC2 ? 2 : 1 }

    private static func isSpaceBefore(_ b: [UInt8], _ end: Int) -> Bool {
        let c = b[end - 1]
        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C { return true }
        return c == 0xA0 && end >= 2 && b[end - 2] == 0xC2
    }

    private static func spaceWidthBefore(_ b: [UInt8], _ end: Int) -> Int { b[end - 1] == 0xA0 ? 2 : 1 }

    /// Width of a closing quote or bracket at `i`: " ' ) ] » ” ’.
    private static func closerWidth(_ b: [UInt8], _ i: Int) -> Int? {
        let c = b[i]
        if c == 0x22 || c == 0x27 || c == 0x29 || c == 0x5D { return 1 }
        if c == 0xC2, i + 1 < b.count, b[i + 1] == 0xBB { return 2 }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x9D || b[i + 2] == 0x99 { return 3 }
        return nil
    }

    private static func isOpener(_ b: [UInt8], _ i: Int) -> Bool { openerWidth(b, i) > 0 }

    /// Width of an opening quote or bracket at `i`: " ' ( [ « “ ‘.
    private static func openerWidth(_ b: [UInt8], _ i: Int) -> Int {
        let c = b[i]
        if c == 0x22 || c == 0x27 || c == 0x28 || c == 0x5B { return 1 }
        if c == 0xC2, i + 1 < b.count, b[i + 1] == 0xAB { return 2 }
        if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x9C || b[i + 2] == 0x98 { return 3 }
        return 0
    }

    private static func isUpper(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 { return c >= 0x41 && c <= 0x5A }
        return scalar(b, i)?.properties.isUppercase ?? false
    }

    private static func isLower(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 { return c >= 0x61 && c <= 0x7A }
        return scalar(b, i)?.properties.isLowercase ?? false
    }

    private static func isLetter(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        if c < 0x80 { return (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        return scalar(b, i)?.properties.isAlphabetic ?? false
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `i`.
    private static func scalar(_ b: [UInt8], _ i: Int) -> Unicode.Scalar? {
        let lead = b[i]
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard width > 1, i + width <= b.count else { return nil }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for k in 1..<width { value = value << 6 | (UInt32(b[i + k]) & 0x3F) }
        return Unicode.Scalar(value)
    }

    // MARK: - Word lists

    /// Titles that stand before a name and never end a sentence.
    static let titles: WordSet = [
        "mr", "mrs", "ms", "messrs", "mme", "mlle", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt",
        "sgt", "maj", "adm", "cmdr", "brig", "cpl", "pvt", "lieut", "rev", "hon", "pres", "supt", "det", "insp",
        "fr", "atty", "amb", "sr", "sra", "srta", "mt", "ft",
    ]

    /// Abbreviations that may end a sentence, and do only when a sentence-opening word follows.
    static let conditionalAbbreviations: WordSet = [
        "inc", "ltd", "co", "corp", "plc", "llc", "bros", "jr", "st", "ave", "blvd", "rd", "no", "nos", "vol", "vols",
        "pp", "fig", "figs", "approx", "est", "dept", "univ", "assn", "etc", "vs", "al", "cf", "ca",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ]

    /// Words that commonly open an English sentence; after an abbreviation they signal a boundary.
    static let sentenceStarters: WordSet = [
        "the", "a", "an", "it", "its", "it's", "he", "she", "they", "we", "i", "you", "this", "that", "these", "those",
        "there", "but", "and", "or", "so", "yet", "in", "on", "at", "for", "from", "to", "with", "by", "as", "if",
        "when", "while", "after", "before", "his", "her", "their", "our", "my", "some", "many", "most", "no", "not",
        "one", "both", "all", "however", "meanwhile", "also", "still", "then", "now", "later", "earlier", "last",
        "next", "what", "who", "which", "where", "why", "how", "according", "despite", "although", "though", "since",
        "during", "under", "over", "among", "officials", "police", "analysts", "critics", "experts", "shares",
        "mr", "mrs", "ms", "dr", "other", "another", "each", "every", "such", "nor", "here", "instead", "earlier",
        "yesterday", "today", "tomorrow", "until", "because", "once", "even", "only", "more", "few", "several",
    ]
}
