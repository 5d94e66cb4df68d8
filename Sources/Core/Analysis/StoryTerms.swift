/// The weighted terms an article is grouped into stories by: what tells one event from another.
///
/// - Stemmed content words ("elections" = "election"), stopwords left out.
/// - The lede weighs double: the title and the first 80 words say what happened; later paragraphs give
///   background, which often names the look-alike event (the earlier election, the other quake).
/// - Capitalised words weigh 1.5×, and each run of capitalised words is also a term of its own
///   ("tony thompson", "betty ford center"): names tell events apart where topic words cannot.
/// - Numbers weigh 3× and are kept whole ("5.6", "1,200", "2013"): magnitudes, tolls and years differ
///   between look-alike events.
/// - Possessives are dropped ("Iran’s" = "Iran") and titles are not names ("Supreme Leader Ali Khamenei"
///   is the name "ali khamenei"; "the Prime Minister" alone is no name at all).
///
/// Weights are raw counts; ``StoryClusterer`` turns them into TF-IDF with its document frequencies.
public struct StoryTerms: Sendable, Equatable {
    /// Term hash → weight, sorted by hash.
    public var terms: [(term: UInt64, weight: Float)]

    public static func == (a: StoryTerms, b: StoryTerms) -> Bool {
        a.terms.count == b.terms.count && zip(a.terms, b.terms).allSatisfy { $0.term == $1.term && $0.weight == $1.weight }
    }

    public init(terms: [(term: UInt64, weight: Float)]) {
        self.terms = terms
    }

    enum Kind: UInt8 { case stem = 0, name = 1, number = 2 }

    static let leadTokens = 80
    static let leadWeight: Float = 2
    static let titleWeight: Float = 2
    static let capitalWeight: Float = 1.5
    static let numberWeight: Float = 3
    static let nameWeight: Float = 1

    /// The terms of an article from its tokenised title and body.
    public static func extract(title: TokenizedText, body: TokenizedText, stemmer: Stemmer) -> StoryTerms {
        // Summed in a TermSums, not a Dictionary: the keys are hashes already, and SipHash on every word
        // of every article was a tenth of this function. Sized for a term per two words, about what
        // news text gives, up to a long article's vocabulary (a book-length file grows it as before,
        // rather than taking a table the size of its word count).
        var weights = TermSums(expected: min(4_096, (title.tokens.count + body.tokens.count) / 2))
        var labels: [UInt64: String]? = nil
        scan(body, lead: leadTokens, base: 1, stemmer: stemmer, into: &weights, labels: &labels)
        scan(title, lead: Int.max, base: titleWeight / leadWeight, stemmer: stemmer, into: &weights, labels: &labels)
        return StoryTerms(terms: weights.entriesInTermOrder)
    }

    /// The same terms with readable labels ("stem", "name: tony thompson", "#5.6"), for `newsd analyze`
    /// and for tuning.
    public static func labelled(title: TokenizedText, body: TokenizedText, stemmer: Stemmer) -> [UInt64: String] {
        var weights = TermSums()
        var labels: [UInt64: String]? = [:]
        scan(body, lead: leadTokens, base: 1, stemmer: stemmer, into: &weights, labels: &labels)
        scan(title, lead: Int.max, base: titleWeight / leadWeight, stemmer: stemmer, into: &weights, labels: &labels)
        return labels ?? [:]
    }

    /// Adds the name in `phrase` (its title dropped, and words that name no one) and empties it.
    ///
    /// A static function given everything inout, not a local one: a local function that captured
    /// `phrase` kept it in a box, and every use of the box was checked for exclusive access at run time,
    /// at every word.
    @inline(__always)
    private static func flushName(_ phrase: inout [HashedWord], weight phraseWeight: Float, into weights: inout TermSums,
                                  labels: inout [UInt64: String]?) {
        // Called at every word that is not part of a name, so the common case returns at once.
        guard !phrase.isEmpty else { return }
        defer { phrase.removeAll(keepingCapacity: true) }
        let first = NameTitles.leadingTitles(in: phrase)
        var hash = TermHash.start(kind: Kind.name.rawValue)
        var named = 0
        for index in first..<phrase.count where isNamePart(phrase[index]) {
            // The hash of the words joined by single spaces, as `TermHash.hash(_:kind:)` makes it.
            if named > 0 { hash = TermHash.mix(hash, 0x20) }
            hash = withUTF8Bytes(of: phrase[index].text) { bytes in bytes.reduce(hash, TermHash.mix) }
            named += 1
        }
        guard named > 0 else { return }
        weights.add(hash, nameWeight * phraseWeight)
        if labels != nil {
            labels?[hash] = "name: " + phrase[first...].filter(isNamePart).map(\.text).joined(separator: " ")
        }
    }

    /// Nationalities, weekdays and months are capitalised but name no one.
    private static func isNamePart(_ word: HashedWord) -> Bool {
        !Gazetteer.isDemonym(word) && !EntityExtractor.weekdays.contains(word) && !EntityExtractor.months.contains(word)
    }

    private static func scan(_ text: TokenizedText, lead: Int, base: Float, stemmer: Stemmer, into weights: inout TermSums,
                             labels: inout [UInt64: String]?) {
        // The capitalised words since the last word that is not one, as the tokenizer hashed them: the
        // lookups below reuse its hashes, and the name's term hash is made over the words' bytes where
        // they lie. (Joining them into a string first, and hashing each word again for every lookup, was
        // a third of this function.)
        var phrase: [HashedWord] = []
        var phraseWeight: Float = 0
        for (index, token) in text.tokens.enumerated() {
            let weight = base * (index < lead ? leadWeight : 1)
            if token.afterBreak || token.sentenceStart { flushName(&phrase, weight: phraseWeight, into: &weights, labels: &labels) }
            if token.kind == .number {
                flushName(&phrase, weight: phraseWeight, into: &weights, labels: &labels)
                if token.end - token.start > 1 {
                    let hash = TermHash.hash(text.text(token), kind: Kind.number.rawValue)
                    weights.add(hash, numberWeight * weight)
                    labels?[hash] = "#" + text.text(token)
                }
                continue
            }
            let word = text.word(token)
            let lower = word.text
            let (stop, stemHash) = stemmer.key(word) { word in
                (Stopwords.contains(word), TermHash.hash(stemmer.stem(word), kind: Kind.stem.rawValue))
            }
            if token.capitalized && !token.sentenceStart && !stop {
                phrase.append(word)
                phraseWeight = weight
            } else {
                flushName(&phrase, weight: phraseWeight, into: &weights, labels: &labels)
            }
            guard !stop, lower.utf8.count >= 2 else { continue }
            weights.add(stemHash, weight * (token.capitalized ? capitalWeight : 1))
            if labels != nil { labels?[stemHash] = stemmer.stem(lower) }
        }
        flushName(&phrase, weight: phraseWeight, into: &weights, labels: &labels)
    }
}
