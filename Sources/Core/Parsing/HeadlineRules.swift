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
        guard !text.isEmpty, text.count <= maxHeadlineCharacters else { return false }
        let words = text.split(separator: " ").count
        guard words <= maxHeadlineWords else { return false }
        let followedByBlank = nextLine.map(PlainTextParser.isBlank) ?? true
        guard endsLikeSentence(text) else { return true }
        return words <= (followedByBlank ? sentenceLikeHeadlineWordsBeforeBlank : sentenceLikeHeadlineWords)
    }

    /// A one-to-three word line with no closing punctuation that sits directly on the body, or stands
    /// in capitals: "Tehran", "WASHINGTON", "Analysis".
    public static func isDateline(_ line: Substring, nextLine: Substring?) -> Bool {
        let text = line.trimmingSpaces()
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
        let key = headline.lowercased().filter { $0.isLetter || $0.isNumber }
        guard !key.isEmpty else { return paragraphs }
        var result = paragraphs[...]
        var checked = 0
        while let first = result.first, checked < 2, isEcho(first, of: key) {
            result.removeFirst()
            checked += 1
        }
        return Array(result)
    }

    /// Whether the letters and digits of `paragraph`, lower-cased, are `key` once or more.
    private static func isEcho(_ paragraph: String, of key: String) -> Bool {
        // ASCII, byte by byte, stopping at the first letter that differs: this runs on every article's
        // lede, and lower-casing and filtering it whole as Characters cost more than parsing the rest.
        // (For ASCII text, letters and numbers are exactly A–Z, a–z and 0–9.)
        if paragraph.utf8.allSatisfy({ $0 < 0x80 }), key.utf8.allSatisfy({ $0 < 0x80 }) {
            let key = Array(key.utf8)
            var matched = 0
            for var byte in paragraph.utf8 {
                if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) else { continue }
                guard byte == key[matched % key.count] else { return false }
                matched += 1
            }
            return matched > 0 && matched % key.count == 0
        }
        let text = paragraph.lowercased().filter { $0.isLetter || $0.isNumber }
        let repeats = text.count / key.count
        return repeats >= 1 && text.count % key.count == 0 && text == String(repeating: key, count: repeats)
    }

    static func endsLikeSentence(_ text: String) -> Bool {
        var trimmed = Substring(text)
        while let last = trimmed.last, "\"'”’)]»".contains(last) { trimmed = trimmed.dropLast() }
        guard let last = trimmed.last else { return false }
        return last == "." || last == "!" || last == "?" || last == "…"
    }
}
