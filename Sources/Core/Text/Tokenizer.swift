/// A word or number in a text, by its UTF-8 byte offsets, with what chunking and weighting need to know.
public struct WordToken: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case word, number }

    public var start: Int
    public var end: Int
    public var kind: Kind
    /// The first letter is upper-case ("Gaza", "IRGC").
    public var capitalized: Bool
    /// Every letter is upper-case and there are at least two ("IRGC", "U.S.").
    public var allCaps: Bool
    /// The first token of a sentence (or of a line).
    public var sentenceStart: Bool
    /// Punctuation (a comma, bracket, quote, dash…) or a sentence break stands before it: a name does not
    /// run across it.
    public var afterBreak: Bool
    /// Index of the sentence it belongs to.
    public var sentence: Int
    /// Its position in ``TokenizedText/tokens``.
    public var index: Int
}

/// A text split into words and numbers, kept as bytes so that analysers read it without copying.
public struct TokenizedText: Sendable {
    public let bytes: [UInt8]
    public let tokens: [WordToken]
    /// Byte ranges of the sentences, from ``SentenceSplitter``.
    public let sentences: [Range<Int>]
    /// Each token lowered (``lowercased(_:)``) and as a term (``term(_:)``), made once: every analyser
    /// asks for them, several times per token, and making a `String` is most of what asking costs.
    private let lowered: [String]
    private let terms: [String]
    /// Each term's ``WordHash`` and whether it is folded already, for ``word(_:)``.
    private let termHashes: [UInt64]
    private let termsFolded: [Bool]

    init(bytes: [UInt8], tokens: [WordToken], sentences: [Range<Int>]) {
        self.bytes = bytes
        self.tokens = tokens
        self.sentences = sentences
        var lowered: [String] = []
        var terms: [String] = []
        var termHashes: [UInt64] = []
        var termsFolded: [Bool] = []
        termsFolded.reserveCapacity(tokens.count)
        lowered.reserveCapacity(tokens.count)
        terms.reserveCapacity(tokens.count)
        termHashes.reserveCapacity(tokens.count)
        // One scratch buffer as long as the longest token, written through a pointer: appending byte by
        // byte to an array checked its uniqueness at every byte, and this runs for every token.
        let longest = tokens.reduce(0) { max($0, $1.end - $1.start) }
        bytes.withUnsafeBufferPointer { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, longest)) { buffer in
                for token in tokens {
                    let count = token.end - token.start
                    // Whether any byte is outside ASCII, and whether any is white space, noted while
                    // lowering: an ASCII token without white space (nearly every token) has no curly
                    // apostrophe to straighten and is folded already, so the two passes below that
                    // would find as much are skipped.
                    var nonASCII = false
                    var whiteSpace = false
                    for offset in 0..<count {
                        let byte = bytes[token.start + offset]
                        buffer[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                        nonASCII = nonASCII || byte >= 0x80
                        whiteSpace = whiteSpace || byte == 0x20 || byte == 0x09 || byte == 0x0A
                    }
                    let lower = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
                    lowered.append(lower)
                    // The term: curly apostrophes made straight, a possessive "'s" or "'" taken off.
                    var straightened = false
                    var out = count
                    if nonASCII {
                        var i = 0
                        out = 0
                        while i < count {
                            if buffer[i] == 0xE2, i + 2 < count, buffer[i + 1] == 0x80, buffer[i + 2] == 0x99 {
                                buffer[out] = 0x27
                                i += 3
                                straightened = true
                            } else {
                                buffer[out] = buffer[i]
                                i += 1
                            }
                            out += 1
                        }
                    }
                    if out > 2, buffer[out - 2] == 0x27, buffer[out - 1] == 0x73 { out -= 2 }
                    else if out > 1, buffer[out - 1] == 0x27 { out -= 1 }
                    let term = UnsafeBufferPointer(rebasing: buffer[..<out])
                    terms.append(!straightened && out == count ? lower : String(decoding: term, as: UTF8.self))
                    termHashes.append(WordHash.of(bytes: term))
                    termsFolded.append(nonASCII || whiteSpace ? HashedWord.isFolded(bytes: term) : true)
                }
            }
        }
        self.lowered = lowered
        self.terms = terms
        self.termHashes = termHashes
        self.termsFolded = termsFolded
    }

    public func text(_ token: WordToken) -> String {
        String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    /// ASCII letters lowered; other bytes as they are.
    public func lowercased(_ token: WordToken) -> String {
        lowered[token.index]
    }

    /// The word lowered, curly apostrophes made straight, and a possessive "'s" or "'" taken off:
    /// "Iran’s" and "Iran's" are "iran".
    public func term(_ token: WordToken) -> String {
        terms[token.index]
    }

    /// The lowered token (``lowercased(_:)``) with its hash, for vocabulary lookups of the word as
    /// written: the term's hash when the two are one string, as they are for all but possessives and
    /// curly apostrophes, so that looking a word up does not hash it again.
    public func loweredWord(_ token: WordToken) -> HashedWord {
        let lowered = lowered[token.index]
        guard lowered == terms[token.index] else { return HashedWord(lowered) }
        return HashedWord(text: lowered, hash: termHashes[token.index], isFolded: termsFolded[token.index])
    }

    /// The term (``term(_:)``) with its hash, for vocabulary lookups.
    public func word(_ token: WordToken) -> HashedWord {
        HashedWord(text: terms[token.index], hash: termHashes[token.index], isFolded: termsFolded[token.index])
    }

    public func text(ofSentence index: Int) -> String {
        String(decoding: bytes[sentences[index]], as: UTF8.self)
    }
}

/// Splits text into words and numbers in one pass over its UTF-8 bytes.
///
/// A word is letters (any script), with inner apostrophes ("Iran’s", "O'Brien"), inner hyphens
/// ("Iran-backed", "al-Aqsa") and the dots of initialisms ("U.S."). A number keeps its separators and
/// unit letters ("1,200", "5.6", "3bn"). Curly quotes, dashes and ellipses are punctuation.
public enum Tokenizer {
    public static func tokenize(_ text: String) -> TokenizedText {
        let bytes = Array(text.utf8)
        let sentences = SentenceSplitter.byteRanges(bytes)
        var tokens: [WordToken] = []
        tokens.reserveCapacity(bytes.count / 5)
        bytes.withUnsafeBufferPointer { bytes in scan(bytes, sentences: sentences, into: &tokens) }
        return TokenizedText(bytes: bytes, tokens: tokens, sentences: sentences)
    }

    /// The tokens of `bytes`, over a buffer rather than the array: every byte of every article passes
    /// through here, and the array's bounds check at each of the several reads per byte was a third of
    /// the instructions.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], into tokens: inout [WordToken]) {
        var sentenceIndex = 0
        // Where the current sentence ends: the next sentence starts at or after it.
        var sentenceEnd = sentences.first?.upperBound ?? Int.max
        let lastSentence = max(0, sentences.count - 1)
        var sentenceStarted = false
        var sawBreak = true
        var i = 0
        let n = bytes.count
        while i < n {
            while i >= sentenceEnd {
                sentenceIndex += 1
                sentenceEnd = sentenceIndex < sentences.count ? sentences[sentenceIndex].upperBound : Int.max
                sentenceStarted = false
                sawBreak = true
            }
            let byte = bytes[i]
            let isDigit = byte >= 0x30 && byte <= 0x39
            if isDigit || isLetterStart(bytes, i) {
                var j = i
                var capitals = 0
                var letters = 0
                while j < n {
                    let b = bytes[j]
                    if b >= 0x41 && b <= 0x5A { capitals += 1; letters += 1; j += 1; continue }
                    if (b >= 0x61 && b <= 0x7A) { letters += 1; j += 1; continue }
                    if b >= 0x30 && b <= 0x39 { j += 1; continue }
                    if b >= 0x80 {
                        if isLetterStart(bytes, j) { letters += 1; j += width(b); continue }
                        // ’ between letters is an apostrophe.
                        if b == 0xE2, j + 2 < n, bytes[j + 1] == 0x80, bytes[j + 2] == 0x99, j + 3 < n, isWordByte(bytes, j + 3) {
                            j += 3
                            continue
                        }
                        if b < 0xC0 { j += 1; continue }
                        break
                    }
                    if (b == 0x27 || b == 0x2D), j + 1 < n, isWordByte(bytes, j + 1), j > i { j += 1; continue }
                    if (b == 0x2C || b == 0x2E), isDigit, j + 1 < n, bytes[j + 1] >= 0x30, bytes[j + 1] <= 0x39 { j += 1; continue }
                    // "U.S." and "p.m.": a single letter followed by a dot and another letter.
                    if b == 0x2E, !isDigit, j + 1 < n, j - i >= 1, isSingleLetterRun(bytes, from: i, to: j) {
                        j += 1
                        continue
                    }
                    break
                }
                if j == i { i += 1; continue }
                let firstLetter = firstLetterByte(bytes, i, j)
                let capitalized = firstLetter.map { $0 >= 0x41 && $0 <= 0x5A } ?? (isNonASCIIUpper(bytes, i))
                tokens.append(WordToken(
                    start: i, end: j, kind: isDigit ? .number : .word, capitalized: capitalized,
                    allCaps: letters >= 2 && capitals == letters, sentenceStart: !sentenceStarted,
                    afterBreak: sawBreak, sentence: min(sentenceIndex, lastSentence), index: tokens.count))
                sentenceStarted = true
                sawBreak = false
                i = j
                continue
            }
            if byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D {
                // Any punctuation breaks a name, except the dot of an abbreviation already inside a word.
                sawBreak = true
            }
            if byte == 0x0A { sawBreak = true }
            i += byte >= 0x80 ? width(byte) : 1
        }
    }

    private static func width(_ lead: UInt8) -> Int {
        lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }

    /// A letter starts here: ASCII, or a multi-byte character that is not punctuation or a space.
    @inline(__always)
    static func isLetterStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { return true }
        guard c >= 0xC0 else { return false }
        if c == 0xC2 { return false }                                  // NBSP, «, », ·, ©…
        if c == 0xE2 { return false }                                  // quotes, dashes, ellipsis, symbols
        if c == 0xE3, i + 1 < b.count, b[i + 1] == 0x80 { return false } // CJK punctuation and space
        if c == 0xEF, i + 1 < b.count, b[i + 1] == 0xBB { return false } // BOM
        return true
    }

    private static func isWordByte(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = b[i]
        return (c >= 0x30 && c <= 0x39) || isLetterStart(b, i)
    }

    private static func isSingleLetterRun(_ b: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        // Letters and dots alternate: "U", "U.S", "p.m".
        var expectLetter = true
        for k in start..<end {
            let c = b[k]
            let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            if expectLetter != letter { return false }
            expectLetter.toggle()
        }
        return !expectLetter && end + 1 < b.count && ((b[end + 1] >= 0x41 && b[end + 1] <= 0x5A) || (b[end + 1] >= 0x61 && b[end + 1] <= 0x7A))
    }

    private static func firstLetterByte(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8? {
        for k in start..<end {
            let c = b[k]
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) { return c }
            if c >= 0x80 { return nil }
        }
        return nil
    }

    private static func isNonASCIIUpper(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard b[i] >= 0xC0 else { return false }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[i..<min(b.count, i + 4)]), as: UTF8.self)
        return text.first?.isUppercase ?? false
    }
}
