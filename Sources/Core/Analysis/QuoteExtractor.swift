import Foundation

/// Finds direct quotes and who said them.
///
/// - **Spans**: text between curly (“…”) or straight ("…") quotation marks. A quote left open at a
///   paragraph's end continues when the next paragraph opens with a quotation mark, as news style does
///   for long quotes. Fewer than four words is a scare quote ("a “defeat” for Israel"), not speech.
/// - **Speaker**, nearest evidence first: after the quote ("…,” Khamenei said / he said / said Mr. Smith
///   / according to X / stated a department spokesperson), then before it in the same sentence
///   (Khamenei said: “…” / X told reporters, “…”), then the person the paragraph is about.
///   A pronoun or a bare title ("the spokesman") stands for the last person named before it.
/// - **Split quotes**: “…,” he said, “…” is one quote.
/// - **Direct or partial**: a quote is direct speech when it stands as a sentence of its own (it opens a
///   paragraph or a sentence, or follows a colon or a comma), or follows a verb of saying and is a whole
///   sentence ("said “the defeat … is a fact.”"). Words quoted inside a sentence the writer goes on with
///   ("called it “a big, big problem”", "is “exemplary”") are partial quotes: the speaker's words, but
///   not speech a reader can take whole. ``extract(_:mentions:)`` gives the direct quotes;
///   ``extractAll(_:mentions:)`` gives the partial ones too.
enum QuoteExtractor {
    static let minimumWords = 4

    struct Span {
        var open: Int      // byte index of the opening mark
        var close: Int     // byte index of the closing mark (or the paragraph end)
        var contentStart: Int
        var contentEnd: Int
        var closeWidth: Int
    }

    /// Direct quotes only.
    static func extract(_ text: TokenizedText, mentions: [EntityMention]) -> [Quote] {
        extractAll(text, mentions: mentions).direct
    }

    static func extractAll(_ text: TokenizedText, mentions: [EntityMention]) -> (direct: [Quote], partial: [Quote]) {
        let spans = self.spans(in: text.bytes).filter { span in
            let words = wordCount(text, span)
            return words >= minimumWords || (words >= 1 && isReportedShortQuote(text, span))
        }
        guard !spans.isEmpty else { return ([], []) }
        var quotes: [(span: Span, text: String, speaker: String?, direct: Bool)] = []
        for span in spans {
            let content = collapseSpaces(String(decoding: text.bytes[span.contentStart..<span.contentEnd], as: UTF8.self))
            let speaker = speakerAfter(text, span, mentions) ?? speakerBefore(text, span, mentions)
            // “…,” he said, “…”: the second part continues the first.
            // Across a sentence end ("…,” he said. Reyes added: “…”) only when no one else is named as speaker.
            if let last = quotes.last, continues(text, from: last.span, to: span),
               !sentenceEndBetween(text, last.span.close + last.span.closeWidth, span.open) || speaker == nil || speaker == last.speaker {
                // Where the attribution took a sentence of its own, the speaker's sentence ended at the comma.
                if sentenceEndBetween(text, last.span.close + last.span.closeWidth, span.open), quotes[quotes.count - 1].text.hasSuffix(","),
                   content.first?.isUppercase == true {
                    quotes[quotes.count - 1].text.removeLast()
                    quotes[quotes.count - 1].text += "."
                }
                quotes[quotes.count - 1].text += " " + content
                quotes[quotes.count - 1].span.close = span.close
                quotes[quotes.count - 1].span.closeWidth = span.closeWidth
                if quotes[quotes.count - 1].speaker == nil { quotes[quotes.count - 1].speaker = speaker }
                continue
            }
            quotes.append((span, content, speaker, isDirect(text, span)))
        }
        var direct: [Quote] = []
        var partial: [Quote] = []
        for quote in quotes {
            let words = quote.text.trimming { (scalar: Unicode.Scalar) -> Bool in scalar == " " || scalar == "," }
            let found = Quote(speaker: quote.speaker ?? speakerFromContext(text, quote.span, mentions), text: String(words))
            if quote.direct { direct.append(found) } else { partial.append(found) }
        }
        return (direct, partial)
    }

    /// Whether a quote is speech standing on its own (see the type's notes), from the bytes around it.
    static func isDirect(_ text: TokenizedText, _ span: Span) -> Bool {
        let bytes = text.bytes
        // A title in Title Case ("The Steve Harvey Morning Show," "A Change Is Gonna Come") names a work.
        if isTitle(text, span) { return false }
        // The writer's sentence goes on after the closing mark ("“… jail time” for criminal behaviour, she
        // said"): the quote is part of it.
        if continuesAfterClose(text, span) { return false }
        // "said that “…”", "because, “…”": a clause of the writer's, with quoted words in it.
        let before = tokens(text, from: max(0, span.open - 40), to: span.open)
        if let last = before.last, ["that", "because", "as", "if", "whether"].contains(text.lowercased(text.tokens[last])),
           text.tokens[last].end + 4 >= span.open {
            return false
        }
        let startsLowercase = span.contentStart < bytes.count && bytes[span.contentStart] >= 0x61 && bytes[span.contentStart] <= 0x7A
        var i = span.open - 1
        while i >= 0, bytes[i] == 0x20 || bytes[i] == 0x09 { i -= 1 }
        // A paragraph's (or the text's) first words, or after a colon, a comma or a sentence's end.
        guard i >= 0, bytes[i] != 0x0A else { return true }
        // ":" "," "." "?" "!" and the dashes and brackets that open a line of speech.
        // A lower-case start after a comma is the rest of the writer's sentence ("officers who, ''in fits and
        // starts, are…''"), not speech opening.
        if bytes[i] == 0x2C { return !startsLowercase }
        if [0x3A, 0x2E, 0x3F, 0x21, 0x28].contains(bytes[i]) { return true }
        if i >= 2, bytes[i - 2] == 0xE2, bytes[i - 1] == 0x80, [0x94, 0x93, 0x95].contains(bytes[i]) { return true }
        let closesSentence = lastContentByte(text, span).map { [0x2E, 0x3F, 0x21, 0x2C].contains($0) } ?? false
        let capitalised = span.contentStart < bytes.count && bytes[span.contentStart] >= 0x41 && bytes[span.contentStart] <= 0x5A
        // A whole sentence of speech run into the line before it (a name, a caption): “I’m so ashamed….”
        if capitalised && closesSentence && wordCount(text, span) >= minimumWords { return true }
        // After a verb of saying: direct when the quote is a whole sentence ("said “the defeat … is a fact.”").
        // "said “the …”" right after the verb, "told reporters “the …”", or any "verb X “The …”" with a
        // capital. A lower-case quote after a name ("says Kaine “has a passion …”") is the writer's sentence.
        let addressed = before.last.map { listeners.contains(text.lowercased(text.tokens[$0])) } ?? false
        let verbs = capitalised || addressed ? before.suffix(2) : before.suffix(1)
        guard verbs.contains(where: { EntityExtractor.speechVerbs.contains(text.lowercased(text.tokens[$0])) }) else {
            return false
        }
        return closesSentence || capitalised
    }

    // MARK: Spans

    static func spans(in bytes: [UInt8]) -> [Span] {
        var spans: [Span] = []
        var i = 0
        let n = bytes.count
        var openAt: Int?
        var openWidth = 0
        var openCurly = false
        while i < n {
            // Most bytes are plain ASCII that neither quotes nor ends a paragraph: past them eight at a time.
            i = bytes.withUnsafeBufferPointer { ByteScan.firstNonASCII(orOneOf: 0x22, 0x27, 0x0A, in: $0, from: i) }
            guard i < n else { break }
            let byte = bytes[i]
            let curlyOpen = byte == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x9C
            let curlyClose = byte == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x9D
            // A straight double quote, or two apostrophes standing for one (''…'', as some archives write).
            let straightWidth = byte == 0x22 ? 1 : (byte == 0x27 && i + 1 < n && bytes[i + 1] == 0x27 ? 2 : 0)
            let straight = straightWidth > 0
            let paragraphEnd = byte == 0x0A && i + 1 < n && bytes[i + 1] == 0x0A
            if paragraphEnd, let start = openAt {
                // Open at a paragraph's end: continued if the next paragraph opens a quote, else it ends here.
                var next = i
                while next < n, bytes[next] == 0x0A || bytes[next] == 0x20 { next += 1 }
                let nextWidth = next >= n ? 0 : bytes[next] == 0x22 ? 1
                    : bytes[next] == 0x27 && next + 1 < n && bytes[next + 1] == 0x27 ? 2
                    : bytes[next] == 0xE2 && next + 2 < n && bytes[next + 1] == 0x80 && bytes[next + 2] == 0x9C ? 3 : 0
                let nextOpens = nextWidth > 0
                spans.append(Span(open: start, close: i, contentStart: start + openWidth, contentEnd: i, closeWidth: 0))
                if nextOpens {
                    openAt = next
                    openWidth = nextWidth
                    openCurly = nextWidth == 3
                    i = next + openWidth
                    continue
                }
                openAt = nil
                i += 2
                continue
            }
            if curlyOpen {
                openAt = i
                openWidth = 3
                openCurly = true
                i += 3
                continue
            }
            if curlyClose, let start = openAt {
                spans.append(Span(open: start, close: i, contentStart: start + openWidth, contentEnd: i, closeWidth: 3))
                openAt = nil
                i += 3
                continue
            }
            if straight {
                let before = i > 0 ? bytes[i - 1] : 0x20
                let after = i + straightWidth < n ? bytes[i + straightWidth] : 0x20
                let opens = openAt == nil && (before == 0x20 || before == 0x0A || before == 0x28 || before == 0x2D || i == 0) && after != 0x20
                if opens {
                    openAt = i
                    openWidth = straightWidth
                    openCurly = false
                } else if let start = openAt, !openCurly, openWidth == straightWidth {
                    spans.append(Span(open: start, close: i, contentStart: start + openWidth, contentEnd: i, closeWidth: straightWidth))
                    openAt = nil
                } else if openAt == nil, straightWidth == 1 {
                    openAt = i
                    openWidth = 1
                    openCurly = false
                }
                i += straightWidth
                continue
            }
            i += byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        }
        if let start = openAt, n - start > openWidth {
            spans.append(Span(open: start, close: n, contentStart: start + openWidth, contentEnd: n, closeWidth: 0))
        }
        return spans
    }

    /// A short quote is speech when a verb of saying comes before it in its sentence ("adding that … is
    /// "exemplary"") and it is not a scare quote after an article ("a “defeat” for Israel").
    private static func isReportedShortQuote(_ text: TokenizedText, _ span: Span) -> Bool {
        let before = tokens(text, from: max(0, span.open - 300), to: span.open)
        guard let last = before.last else { return false }
        // Only as the complement of "is"/"was": "… is "exemplary"", "… it was “a fact”".
        guard ["is", "was", "are", "were", "be", "been", "remains", "remained"].contains(text.lowercased(text.tokens[last])) else {
            return false
        }
        let sentence = text.tokens[last].sentence
        return before.contains { index in
            text.tokens[index].sentence == sentence && EntityExtractor.speechVerbs.contains(text.lowercased(text.tokens[index]))
        }
    }

    private static func wordCount(_ text: TokenizedText, _ span: Span) -> Int {
        tokens(text, from: span.contentStart, to: span.contentEnd).count
    }

    /// Token indices whose start lies in `[from, to)`.
    static func tokens(_ text: TokenizedText, from: Int, to: Int) -> Range<Int> {
        let first = lowerBound(text, from)
        let last = lowerBound(text, to)
        return first..<max(first, last)
    }

    private static func lowerBound(_ text: TokenizedText, _ offset: Int) -> Int {
        var low = 0, high = text.tokens.count
        while low < high {
            let mid = (low + high) / 2
            if text.tokens[mid].start < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Speakers

    static let pronouns: WordSet = ["he", "she", "they", "we", "i", "it"]
    static let conjunctions: WordSet = ["and", "but", "while", "because", "as", "or", "so", "which", "that", "who", "when", "if"]
    static let participles: WordSet = [
        "saying", "adding", "noting", "insisting", "arguing", "warning", "declaring", "stressing", "asserting",
        "explaining", "replying", "responding",
    ]
    /// Nouns that name someone who speaks: "a department spokesperson", "officials", "sources".
    static let speakerNouns: WordSet = [
        "nominee", "candidate", "host", "writer", "reporter", "columnist", "economist", "strategist", "pollster",
        "operative", "insider", "prosecutor", "member", "members", "voter", "voters", "group", "organization",
        "committee", "company", "firm", "agency", "network", "newspaper", "paper", "magazine", "website", "outlet",
        "poll", "team", "spokesmen", "surrogate", "surrogates", "donor", "donors", "activist", "activists",
        "official", "officials", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "analyst", "analysts",
        "statement", "ministry", "department", "police", "witness", "witnesses", "residents", "resident", "expert",
        "experts", "aide", "aides", "adviser", "advisers", "advisor", "lawyer", "lawyers", "campaign", "representative",
        "researcher", "researchers", "author", "authors", "report", "study", "observers", "critics", "supporters",
        // People by what they are to someone, and texts that speak: "a friend", "the announcer", "the ruling".
        "announcer", "narrator", "reader", "readers", "friend", "father", "mother", "son", "daughter", "wife",
        "husband", "parent", "parents", "neighbor", "neighbour", "businessman", "businesswoman", "man", "woman",
        "teacher", "student", "worker", "workers", "owner", "protesters", "demonstrators", "lawmaker", "lawmakers",
        "legislator", "doctor", "nurse", "soldier", "union", "court", "letter", "piece", "book", "ruling", "article",
        "ad", "memo", "email", "tweet", "editorial", "filing", "lawsuit", "complaint", "survey", "widow",
    ]
    /// Adverbs between a subject and its verb: "my father often said".
    static let adverbs: WordSet = ["often", "also", "later", "then", "once", "again", "simply", "just", "still", "quickly", "recently", "previously", "repeatedly", "frequently", "bluntly", "flatly", "quietly"]
    /// Who is spoken to between a verb and a quote: "told reporters “…”".
    static let listeners: WordSet = ["reporters", "journalists", "me", "us", "him", "her", "them", "lawmakers", "parliament"]
    static let prepositions: WordSet = ["of", "in", "at", "for", "from", "with", "on"]
    static let determiners: WordSet = ["a", "an", "the", "one", "another", "his", "her", "their", "its", "this", "that", "some"]

    /// "…,” Khamenei said / he said / said Mr. Smith / according to X / stated a department spokesperson.
    private static func speakerAfter(_ text: TokenizedText, _ span: Span, _ mentions: [EntityMention]) -> String? {
        let start = span.close + span.closeWidth
        guard span.closeWidth > 0, start < text.bytes.count else { return nil }
        // The attribution must follow at once: a comma or nothing between the quote and it, in its paragraph.
        let range = tokens(text, from: start, to: min(text.bytes.count, start + 220))
        guard let first = range.first, !crossesParagraph(text, start, text.tokens[first].start) else { return nil }
        let window = Array(range.prefix(14))
        guard !window.isEmpty else { return nil }
        // “…” ― Jacklyn Ashley: a dash and a name.
        if dashBetween(text, start, text.tokens[window[0]].start),
           let mention = mentions.firstInPlace(where: { $0.start == window[0] && $0.kind != .place }) {
            return mention.canonical
        }
        // “…,” Blige sings / “…,” Senate Majority Leader Mitch McConnell, R-Ky., said: a person named at once
        // after the quote, in a clause with a verb, is who spoke.
        // (A loop over the fields: this test, too large to inline as a closure, was handed a copy of
        // every mention.)
        let named = mentions.indices.first { index in
            let nameStart = mentions[index].start
            guard mentions[index].kind == .person, nameStart >= window[0], nameStart <= window[0] + 4 else { return false }
            return (window[0]..<nameStart).allSatisfy { NameTitles.contains(text.term(text.tokens[$0])) || text.tokens[$0].capitalized
                || determiners.contains(text.lowercased(text.tokens[$0])) }
        }
        if let named, !text.tokens[mentions[named].start].sentenceStart || commaBefore(text, span) {
            return mentions[named].canonical
        }
        if let subject = namedSubject(text, range.prefix(40), mentions) { return subject }
        for (offset, index) in window.enumerated() {
            let word = text.lowercased(text.tokens[index])
            if offset > 0, text.tokens[index].afterBreak && quoteOpensBetween(text, text.tokens[window[offset - 1]].end, text.tokens[index].start) { break }
            // An attribution follows the quote at once; "and …", "because …" start another clause.
            if conjunctions.contains(word) || offset > 7 { break }
            if offset > 0, text.tokens[index].sentenceStart { break }
            if word == "according", offset + 1 < window.count, text.lowercased(text.tokens[window[offset + 1]]) == "to" {
                return nounPhrase(text, after: offset + 2 < window.count ? window[offset + 2] : nil, mentions)
            }
            guard EntityExtractor.speechVerbs.contains(word) else { continue }
            // Subject before the verb ("Khamenei said"), or after it ("said Khamenei", "stated a spokesperson").
            if offset > 0, let subject = nounPhrase(text, endingAt: window[offset - 1], from: window[0], mentions) { return subject }
            if offset + 1 < window.count { return nounPhrase(text, after: window[offset + 1], mentions) }
            return nil
        }
        return nil
    }

    /// “…,” panel Chairman Rep. Jason Chaffetz (R-Utah) said / “…,” Leonard E. Burman, director of the Tax
    /// Policy Center, said / “…?” Vitter demanded: a name near the start of the clause after the quote, with
    /// only words that describe its bearer before it ("White House press secretary", "9/11 widow"), then the
    /// verb of saying — at once, or after a description set off by a comma or a bracket.
    private static func namedSubject(_ text: TokenizedText, _ window: Range<Int>, _ mentions: [EntityMention]) -> String? {
        guard let first = window.first,
              let mention = mentions.firstInPlace(where: { $0.kind != .place && $0.start >= first && $0.start <= first + 5 }),
              mention.end + 1 < window.upperBound else { return nil }
        let describes = (first..<mention.start).allSatisfy { index in
            // No new sentence, no verb of saying, no function word but a determiner.
            if index > first, text.tokens[index].sentenceStart { return false }
            let word = text.lowercased(text.tokens[index])
            return !EntityExtractor.speechVerbs.contains(word) && (!Stopwords.contains(word) || determiners.contains(word))
        }
        guard describes else { return nil }
        // A comma or a bracket after the name opens a description; otherwise the verb follows at once.
        let described = text.tokens[mention.end + 1].afterBreak
        for index in (mention.end + 1)..<window.upperBound {
            let token = text.tokens[index]
            if token.sentenceStart || crossesParagraph(text, text.tokens[index - 1].end, token.start)
                || quoteOpensBetween(text, text.tokens[index - 1].end, token.start) { return nil }
            let word = text.lowercased(token)
            if EntityExtractor.speechVerbs.contains(word) { return mention.canonical }
            if !described && !adverbs.contains(word) { return nil }
        }
        return nil
    }

    /// Khamenei said: “…” / X told reporters, “…” / X added: “…”.
    private static func speakerBefore(_ text: TokenizedText, _ span: Span, _ mentions: [EntityMention]) -> String? {
        let range = tokens(text, from: max(0, span.open - 400), to: span.open)
        guard let lastIndex = range.last else { return nil }
        let sentence = text.tokens[lastIndex].sentence
        let candidates = range.filter { text.tokens[$0].sentence == sentence || $0 >= lastIndex - 3 }
        // "The New York Times reports:" closing one paragraph introduces the quote that opens the next.
        guard !candidates.isEmpty,
              !crossesParagraph(text, text.tokens[lastIndex].end, span.open) || byteBefore(text, span, acrossLines: true) == 0x3A else { return nil }
        // “Trump boasted, “…””: a person, one word, then ":" or "," and the quote — whatever the verb, the
        // nearest evidence there is.
        if lastIndex >= 1, [0x3A, 0x2C].contains(byteBefore(text, span)),
           let mention = mentions.firstInPlace(where: { $0.kind != .place && $0.end == lastIndex - 1 && text.tokens[$0.start].sentence == sentence }) {
            return mention.canonical
        }
        // The verb of saying nearest before the quote in its sentence.
        for index in candidates.reversed() {
            let word = text.lowercased(text.tokens[index])
            if word == "to", index > 0, text.lowercased(text.tokens[index - 1]) == "according" {
                return nounPhrase(text, after: index + 1 < text.tokens.count ? index + 1 : nil, mentions)
            }
            guard EntityExtractor.speechVerbs.contains(word) else { continue }
            // "…, saying, “…”": the speaker is the sentence's subject, not the noun next to the verb.
            if participles.contains(word) {
                if let subject = mentions.firstInPlace(where: { $0.kind != .place && $0.start >= (candidates.first ?? 0) && $0.end < index }) {
                    return subject.canonical
                }
                if let first = candidates.first, let subject = nounPhrase(text, endingAt: first, from: first, mentions), first < index { return subject }
                continue
            }
            if let first = candidates.first, index > first, let subject = nounPhrase(text, endingAt: index - 1, from: first, mentions) {
                return subject
            }
            if index + 1 <= lastIndex { return nounPhrase(text, after: index + 1, mentions) }
        }
        return nil
    }

    /// Lower-case words follow the closing mark with no comma and no verb of saying near: the writer's
    /// sentence continues through the quote.
    private static func continuesAfterClose(_ text: TokenizedText, _ span: Span) -> Bool {
        var i = span.close + span.closeWidth
        guard span.closeWidth > 0 else { return false }
        while i < text.bytes.count, text.bytes[i] == 0x20 { i += 1 }
        guard i < text.bytes.count, text.bytes[i] >= 0x61, text.bytes[i] <= 0x7A else { return false }
        if let last = lastContentByte(text, span), [0x2C, 0x2E, 0x3F, 0x21].contains(last) { return false }
        let next = tokens(text, from: i, to: min(text.bytes.count, i + 60)).prefix(4)
        return !next.contains { EntityExtractor.speechVerbs.contains(text.lowercased(text.tokens[$0])) }
    }

    private static func sentenceEndBetween(_ text: TokenizedText, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return false }
        return text.bytes[from..<to].contains { $0 == 0x2E || $0 == 0x3F || $0 == 0x21 }
    }

    /// Two to ten words, most of them capitalised, and no sentence end inside: the name of a show, a
    /// book, a song, an event.
    private static func isTitle(_ text: TokenizedText, _ span: Span) -> Bool {
        // Counted, not filtered into arrays: this runs for every quote.
        var words = 0
        var capitals = 0
        for index in tokens(text, from: span.contentStart, to: span.contentEnd) where text.tokens[index].kind == .word {
            words += 1
            if text.tokens[index].capitalized { capitals += 1 }
        }
        guard (2...10).contains(words) else { return false }
        let inner = text.bytes[span.contentStart..<span.contentEnd]
        return capitals * 10 >= words * 7 && !inner.contains { $0 == 0x2E || $0 == 0x3F || $0 == 0x21 }
    }

    /// The byte before the opening mark, spaces skipped (and line breaks, `acrossLines`): a colon or a
    /// comma introduces speech, a colon closing the paragraph before too.
    private static func byteBefore(_ text: TokenizedText, _ span: Span, acrossLines: Bool = false) -> UInt8? {
        var i = span.open - 1
        while i >= 0, text.bytes[i] == 0x20 || (acrossLines && [0x0A, 0x0D, 0x09].contains(text.bytes[i])) { i -= 1 }
        return i >= 0 ? text.bytes[i] : nil
    }

    /// The quote ends with a comma (inside or just after the closing mark): an attribution follows.
    private static func commaBefore(_ text: TokenizedText, _ span: Span) -> Bool {
        let after = span.close + span.closeWidth
        return lastContentByte(text, span) == 0x2C || (after < text.bytes.count && text.bytes[after] == 0x2C)
    }

    /// The quote's last byte that is not a space, nil for an empty quote.
    private static func lastContentByte(_ text: TokenizedText, _ span: Span) -> UInt8? {
        var last = span.contentEnd - 1
        while last > span.contentStart, text.bytes[last] == 0x20 { last -= 1 }
        return last >= span.contentStart ? text.bytes[last] : nil
    }

    /// Only spaces and a dash (―, —, –, -) between two offsets.
    private static func dashBetween(_ text: TokenizedText, _ from: Int, _ to: Int) -> Bool {
        var sawDash = false
        var i = from
        while i < to {
            let byte = text.bytes[i]
            if byte == 0x20 || byte == 0x09 || (byte == 0xC2 && i + 1 < to && text.bytes[i + 1] == 0xA0) {
                i += byte == 0xC2 ? 2 : 1
            } else if byte == 0x2D {
                sawDash = true
                i += 1
            } else if byte == 0xE2, i + 2 < to, text.bytes[i + 1] == 0x80, [0x93, 0x94, 0x95].contains(text.bytes[i + 2]) {
                sawDash = true
                i += 3
            } else {
                return false
            }
        }
        return sawDash
    }

    /// No attribution next to it: the person the paragraph (or the one before) last named.
    private static func speakerFromContext(_ text: TokenizedText, _ span: Span, _ mentions: [EntityMention]) -> String? {
        let before = tokens(text, from: 0, to: span.open).upperBound
        let inside = tokens(text, from: span.contentStart, to: span.contentEnd)
        // A person named inside the quote's own paragraph before it, or else the last person before it.
        guard let last = mentions.lastInPlace(where: { $0.kind == .person && $0.end < before && !inside.contains($0.start) }) else {
            return nil
        }
        let distance = text.tokens[before > 0 ? before - 1 : 0].start - text.tokens[last.end].end
        return distance < 1500 ? last.canonical : nil
    }

    /// The noun phrase that ends at `end` (the subject before a verb): a name, a pronoun, or
    /// "a department spokesperson".
    private static func nounPhrase(_ text: TokenizedText, endingAt last: Int, from floor: Int, _ mentions: [EntityMention]) -> String? {
        // "my father often said": the adverb is not the subject.
        var end = last
        while end > floor, adverbs.contains(text.lowercased(text.tokens[end])) { end -= 1 }
        if let mention = mentions.firstInPlace(where: { $0.end == end && $0.kind != .place }) { return mention.canonical }
        let word = text.lowercased(text.tokens[end])
        if pronouns.contains(word) { return resolvePronoun(word, before: end, text, mentions) }
        // "a narrator in the Clinton ad asks", "the 34-year-old mother of three replied": the speaker is the
        // noun the prepositional phrase hangs on.
        if end > floor,
           let preposition = (max(floor + 1, end - 4)...end).last(where: { prepositions.contains(text.lowercased(text.tokens[$0])) }),
           !text.tokens[preposition].afterBreak, speakerNouns.contains(text.term(text.tokens[preposition - 1])) {
            end = preposition - 1
        }
        // "a department spokesperson", "the ministry", "officials": back to a determiner, at most four words.
        var start = end
        while start > floor, end - start < 4, !text.tokens[start].afterBreak, !determiners.contains(text.lowercased(text.tokens[start])) {
            start -= 1
        }
        let words = (start...end).map { text.text(text.tokens[$0]) }
        // "the Times wrote", "the Pentagon said": a determiner and a capitalised name is a body that speaks.
        if start < end, determiners.contains(text.lowercased(text.tokens[start])),
           ((start + 1)...end).allSatisfy({ text.tokens[$0].capitalized && !text.tokens[$0].sentenceStart }) {
            return words.joined(separator: " ")
        }
        guard words.count <= 5, speakerNouns.contains(text.term(text.tokens[end])) || NameTitles.contains(text.term(text.tokens[end])) else { return nil }
        let phrase = words.joined(separator: " ")
        return resolveTitle(phrase, before: start, text, mentions)
    }

    /// The noun phrase that starts at `start` (after "said", "according to").
    private static func nounPhrase(_ text: TokenizedText, after start: Int?, _ mentions: [EntityMention]) -> String? {
        guard let start, start < text.tokens.count else { return nil }
        if let mention = mentions.firstInPlace(where: { $0.start == start || ($0.start > start && $0.start <= start + 1 && EntityExtractor.particles.contains(text.lowercased(text.tokens[start]))) }) {
            return mention.canonical
        }
        // Titles first: "said Mr. Smith", "said analyst Kim Lee" are mentions after a title or role. A
        // role of several words may hold one neither list knows, as long as one word is a title: "said
        // chief executive Steven Theede" (taken for the title "chief" alone, the quote went to whoever
        // the article named most).
        if let mention = mentions.firstInPlace(where: { mention in
            guard mention.start > start, mention.start <= start + 3 else { return false }
            var titled = false, plain = false
            for index in start..<mention.start {
                let token = text.tokens[index]
                let word = text.term(token)
                if NameTitles.contains(word) || speakerNouns.contains(word) {
                    titled = true
                } else if token.kind == .word, !token.capitalized, !token.allCaps, !determiners.contains(word), !Stopwords.contains(word) {
                    plain = true
                } else if !(determiners.contains(word) || token.kind == .number) {
                    return false
                }
            }
            // A word neither list knows only beside a title, and all of it one run of words.
            return !plain || (titled && (start + 1...mention.start).allSatisfy { !text.tokens[$0].afterBreak })
        }) {
            return mention.canonical
        }
        let word = text.lowercased(text.tokens[start])
        if pronouns.contains(word) { return resolvePronoun(word, before: start, text, mentions) }
        var end = start
        while end + 1 < text.tokens.count, end - start < 4, !text.tokens[end + 1].afterBreak {
            let next = text.lowercased(text.tokens[end + 1])
            if Stopwords.contains(next) && !determiners.contains(next) { break }
            end += 1
        }
        // Only a phrase that names a speaker ("a department spokesperson", "officials").
        let words = (start...end).map { text.term(text.tokens[$0]) }
        guard let headIndex = words.lastIndex(where: { speakerNouns.contains($0) || NameTitles.contains($0) }) else { return nil }
        let phrase = (start...(start + headIndex)).map { text.text(text.tokens[$0]) }.joined(separator: " ")
        return resolveTitle(phrase, before: start, text, mentions)
    }

    /// "he" → the last person named before it.
    private static func resolvePronoun(_ pronoun: String, before index: Int, _ text: TokenizedText, _ mentions: [EntityMention]) -> String? {
        guard pronoun == "he" || pronoun == "she" || pronoun == "i" else { return pronoun }
        // The person a pronoun takes up is a subject, seldom the object of a preposition ("a switch from PSV
        // Eindhoven", "lost to Federer"): skip those unless no one else is named.
        let people = mentions.lazy.filter { $0.kind == .person && $0.end < index }
        let subject = people.last { mention in
            mention.start == 0 || !objectPrepositions.contains(text.lowercased(text.tokens[mention.start - 1]))
        }
        return (subject ?? people.last)?.canonical ?? pronoun
    }

    static let objectPrepositions: WordSet = ["from", "to", "against", "with", "of", "by", "for", "at", "on", "about", "over"]

    /// "the spokesman" → the last person introduced with that title, else the phrase as written.
    private static func resolveTitle(_ phrase: String, before index: Int, _ text: TokenizedText, _ mentions: [EntityMention]) -> String {
        let words = phrase.lowercased().split(separator: " ").map(String.init)
        guard let head = words.last, NameTitles.contains(head) else { return phrase }
        if let person = mentions.lastInPlace(where: { $0.kind == .person && $0.end < index && $0.title.contains(head) }) {
            return person.canonical
        }
        // "the Leader" with no one so titled: the person the article names most, if it names one at all;
        // of two named as often, the one named first. (Picked from the dictionary of counts, a tie went
        // to whichever the process's hash seed put first, so one article got two speakers from run to run.)
        let people = mentions.filter { $0.kind == .person && $0.end < index }
        var counts: [String: Int] = [:]
        for mention in people { counts[mention.canonical, default: 0] += 1 }
        var most: (person: String, count: Int)?
        for mention in people {
            let count = counts[mention.canonical] ?? 0
            if count > most?.count ?? 0 { most = (mention.canonical, count) }
        }
        if let most, most.count >= 2, !words.contains(where: { speakerNouns.contains($0) }) {
            return most.person
        }
        return phrase
    }

    // MARK: Pieces

    /// Two spans of one quote: only an attribution ("he said,") between them, in one paragraph.
    private static func continues(_ text: TokenizedText, from first: Span, to second: Span) -> Bool {
        guard first.closeWidth > 0, !crossesParagraph(text, first.close, second.open) else {
            // A quote continued into the next paragraph (no closing mark) is one quote.
            return first.closeWidth == 0 && second.open - first.close < 8
        }
        let between = tokens(text, from: first.close + first.closeWidth, to: second.open)
        guard let firstWord = between.first else { return false }
        let saying = { (index: Int) in EntityExtractor.speechVerbs.contains(text.lowercased(text.tokens[index])) }
        // “…,” he said, “…”: the first part ends with a comma, and only a short attribution follows.
        if commaBefore(text, first), between.count <= 6 { return between.contains(where: saying) }
        // “…,” said Kenneth Baer, a former official who runs a consultancy. “…” / “…?” Clinton said. “…”:
        // the attribution is a sentence of its own between two parts of one speech — news style for a long
        // quote. Only when the first part hands over to the attribution (a comma, "?" or "!"), the
        // attribution is one sentence, and nothing but it stands between the parts. Whether the second part
        // names someone else is checked by the caller.
        let handsOver = commaBefore(text, first) || lastContentByte(text, first).map { $0 == 0x3F || $0 == 0x21 } ?? false
        guard handsOver, between.count <= 40, !quoteOpensBetween(text, first.close + first.closeWidth, second.open) else { return false }
        let sentence = text.tokens[firstWord].sentence
        guard between.allSatisfy({ text.tokens[$0].sentence == sentence }) else { return false }
        // The second part resumes the speech: after a comma ("…, referring to the excuse, “you give …”") or as
        // speech that stands on its own — not words quoted in a clause ("who added that it was “a mess”").
        guard byteBefore(text, second) == 0x2C || isDirect(text, second) else { return false }
        return between.contains(where: saying)
    }

    private static func crossesParagraph(_ text: TokenizedText, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return false }
        var i = from
        while i + 1 < to {
            if text.bytes[i] == 0x0A { return true }
            i += 1
        }
        return false
    }

    private static func quoteOpensBetween(_ text: TokenizedText, _ from: Int, _ to: Int) -> Bool {
        guard from < to else { return false }
        for i in from..<to where text.bytes[i] == 0x22 || (text.bytes[i] == 0xE2 && i + 2 < text.bytes.count && text.bytes[i + 2] == 0x9C) {
            return true
        }
        return false
    }
}

