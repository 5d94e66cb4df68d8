/// The rules that decide whether a first line is a headline, a dateline or already the story.
///
/// News text files come in three shapes: a headline, a blank line, the body (BBC, most scrapers); a
/// body whose first line is already a paragraph (a copied wire story); and a dateline line ("Tehran")
/// sitting directly on the body. These rules tell them apart without a language model.
public enum HeadlineRules {
    /// Longest line still taken as a headline.
    static let maxHeadlineCharacters = 200
    static let maxHeadlineWords = 30
    /// A line ending like a sentence and running straight into the next line is body text when it has
    /// more words than this; shorter ones are headlines that happen to end with a period.
    static let sentenceLikeHeadlineWords = 12
    /// Even before a blank line, a sentence of more words than this is a lede, not a headline.
    static let sentenceLikeHeadlineWordsBeforeBlank = 20

    /// Whether `line` is the file's headline.
    public static func isHeadline(_ line: Substring, nextLine: Substring?) -> Bool {
        let text = line.trimmingSpaces()
        let ascii = asciiShape(text)
        guard !text.isEmpty, ascii?.characters ?? text.count <= maxHeadlineCharacters else { return false }
        let words = ascii?.words ?? text.split(separator: " ").count
        guard words <= maxHeadlineWords else { return false }
        let followedByBlank = nextLine.map(PlainTextParser.isBlank) ?? true
        guard endsLikeSentence(text[...]) else { return true }
        return words <= (followedByBlank ? sentenceLikeHeadlineWordsBeforeBlank : sentenceLikeHeadlineWords)
    }

    /// A one-to-three word line with no closing punctuation that sits directly on the body, or stands
    /// in capitals: "Tehran", "WASHINGTON", "Analysis".
    public static func isDateline(_ line: Substring, nextLine: Substring?) -> Bool {
        let text = line.trimmingSpaces()
        // Most first lines are long: their words counted by bytes turn them away without a split.
        if let ascii = asciiShape(text), ascii.words > 3 { return false }
        let words = text.split(separator: " ")
        guard !words.isEmpty, words.count <= 3, let last = text.last, last.isLetter else { return false }
        guard words.allSatisfy({ $0.first?.isUppercase == true }) else { return false }
        guard let nextLine, !PlainTextParser.isBlank(nextLine) else {
            return text == text.uppercased() && text.contains(where: \.isLetter) && nextLine != nil
        }
        return true
    }

    /// A headline made from the body's first sentence: cut at a clause boundary when it runs long, and
    /// without the closing period that headlines do not carry.
    public static func headline(fromSentence sentence: String) -> String {
        var text = collapseSpaces(sentence)
        if text.count > 120 {
            let characters = Array(text)
            var cut: Int?
            var words = 1
            for (i, c) in characters.enumerated() where i < 160 {
                if c == " " { words += 1 }
                if (c == "," || c == ";" || c == ":" || c == "—") && i >= 40 && words >= 6 { cut = i }
            }
            if let cut {
                text = String(characters[..<cut]).trimmingSpaces()
            } else {
                let prefix = characters.prefix(140)
                let lastSpace = prefix.lastIndex(of: " ") ?? prefix.endIndex
                text = String(prefix[..<lastSpace]) + "…"
            }
        }
        while let last = text.last, last == "." || last == "," || last == ";" || last == ":" { text.removeLast() }
        return text
    }

    /// Drops leading paragraphs that only repeat the headline, as some scrapers emit
    /// ("Gaza Victory Heralds Greater Triumphs Gaza Victory Heralds Greater Triumphs").
    static func droppingHeadlineEchoes(_ paragraphs: [String], headline: String) -> [String] {
        let asciiKey = asciiEchoKey(headline)
        let key = asciiKey.map { String(decoding: $0, as: UTF8.self) }
            ?? headline.lowercased().filter { $0.isLetter || $0.isNumber }
        guard !key.isEmpty else { return paragraphs }
        var result = paragraphs[...]
        var checked = 0
        while let first = result.first, checked < 2, isEcho(first, of: key, asciiKey: asciiKey) {
            result.removeFirst()
            checked += 1
        }
        return Array(result)
    }

    /// Whether the letters and digits of `paragraph`, lower-cased, are `key` once or more.
    ///
    /// With an ASCII key, byte by byte, stopping at the first letter that differs: this runs on every
    /// article's lede, and lower-casing and filtering it whole as Characters cost more than parsing the
    /// rest. (In ASCII, letters and numbers are exactly A–Z, a–z and 0–9.) A difference found before any
    /// byte outside ASCII is final: the Characters up to it are those bytes, and the one that differs
    /// stays different whatever mark may follow it. A byte outside ASCII first leaves it to Characters.
    private static func isEcho(_ paragraph: String, of key: String, asciiKey: [UInt8]?) -> Bool {
        if let asciiKey, !asciiKey.isEmpty {
            var matched = 0
            var ascii = true
            for var byte in paragraph.utf8 {
                guard byte < 0x80 else {
                    ascii = false
                    break
                }
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                guard isASCIILetterOrDigit(byte) else { continue }
                guard byte == asciiKey[matched % asciiKey.count] else { return false }
                matched += 1
            }
            if ascii { return matched > 0 && matched % asciiKey.count == 0 }
        }
        let text = paragraph.lowercased().filter { $0.isLetter || $0.isNumber }
        let repeats = text.count / key.count
        return repeats >= 1 && text.count % key.count == 0 && text == String(repeating: key, count: repeats)
    }

    /// A lower-case ASCII letter or a digit.
    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    /// The headline's letters and digits, lower-cased, when it is ASCII; nil otherwise.
    private static func asciiEchoKey(_ headline: String) -> [UInt8]? {
        withUTF8Bytes(of: headline) { bytes in
            guard ByteScan.isASCII(bytes) else { return nil }
            var key: [UInt8] = []
            key.reserveCapacity(bytes.count)
            for var byte in bytes {
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                if isASCIILetterOrDigit(byte) { key.append(byte) }
            }
            return key
        }
    }

    /// How many Characters an ASCII text holds and how many words `split(separator: " ")` finds in it,
    /// counted on its bytes; nil when it is not ASCII. In ASCII every byte is a Character but for the
    /// pair "\r\n", and a space byte is a space Character: counting Characters and splitting walked
    /// grapheme clusters, a few hundred instructions a word, for every file's first line.
    static func asciiShape(_ text: String) -> (characters: Int, words: Int)? {
        withUTF8Bytes(of: text) { bytes in
            guard ByteScan.isASCII(bytes) else { return nil }
            var words = 0
            var crlf = 0
            var inWord = false
            var previous: UInt8 = 0
            for byte in bytes {
                if byte == 0x20 {
                    inWord = false
                } else if !inWord {
                    inWord = true
                    words += 1
                }
                if byte == 0x0A && previous == 0x0D { crlf += 1 }
                previous = byte
            }
            return (bytes.count - crlf, words)
        }
    }

    static func endsLikeSentence(_ text: Substring) -> Bool {
        // The last byte is the last Character when it and the byte before are ASCII (but for "\r\n"):
        // decided there for nearly every line, without walking grapheme clusters back from the end.
        let utf8 = text.utf8
        if let last = utf8.last, last < 0x80, last != 0x22, last != 0x27, last != 0x29, last != 0x5D, last != 0x0A,
           utf8.dropLast().last.map({ $0 < 0x80 }) ?? true {
            return last == 0x2E || last == 0x21 || last == 0x3F
        }
        var trimmed = text
        while let last = trimmed.last, "\"'”’)]»".contains(last) { trimmed = trimmed.dropLast() }
        guard let last = trimmed.last else { return false }
        return last == "." || last == "!" || last == "?" || last == "…"
    }
}
