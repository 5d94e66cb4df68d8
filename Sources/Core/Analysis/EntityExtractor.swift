/// A name found in a text: where it is (token indices), how it is written, what it names.
struct EntityMention: Equatable {
    var start: Int
    var end: Int
    var surface: String
    var kind: Entity.Kind
    /// The fullest form the text uses for the same entity ("Ali Khamenei" for "Khamenei").
    var canonical: String
    /// Introduced by a title ("Mr", "President", "Ayatollah"): certainly a person.
    var titled: Bool
    /// The title words before it, lower case ("supreme leader ayatollah").
    var title: String
}

extension Array where Element == EntityMention {
    /// `first(where:)` that tests each mention where it lies, lent to `matches` rather than copied.
    /// Iterating, or `firstIndex(where:)`, copies every element it passes (four strings retained and
    /// released per mention); quote and figure attribution search the mentions this way several times
    /// per quote, and those copies were 1 % of a batch's instructions.
    func firstInPlace(where matches: (borrowing EntityMention) -> Bool) -> EntityMention? {
        withUnsafeBufferPointer { mentions in
            for index in mentions.indices where matches(mentions[index]) { return mentions[index] }
            return nil
        }
    }

    /// `last(where:)`, testing each mention in place (see ``firstInPlace(where:)``).
    func lastInPlace(where matches: (borrowing EntityMention) -> Bool) -> EntityMention? {
        withUnsafeBufferPointer { mentions in
            for index in mentions.indices.reversed() where matches(mentions[index]) { return mentions[index] }
            return nil
        }
    }
}

/// Finds the people, organisations and places a text names, without a model.
///
/// 1. **Chunks**: runs of capitalised words, with initials ("P. Simmons"), hyphens and apostrophes
///    inside words ("al-Aqsa", "O'Brien") and lower-case particles between capitals ("Bank of England",
///    "Osama bin Laden"). A sentence's first word is dropped when it is a common word (it is only
///    capitalised because it starts the sentence). Headline-style lines in capitals only yield names the
///    body confirms, or places. Titles are taken off the front ("Supreme Leader Ayatollah Ali Khamenei"
///    is "Ali Khamenei", a person) and possessives off the end.
/// 2. **Types**, from the strongest evidence: a title makes a person; a place gazetteer (iso-codes
///    countries and regions, major cities) makes a place; an organisation word at the end or start
///    ("… Ministry", "… Guard Corps", "Bank of …") or an acronym makes an organisation; a lone word that
///    is the surname of a person named earlier is that person; two or three plain capitalised words are
///    a person's name.
/// 3. **Aliases**: a surname, or a first name, after the full name points to it ("Khamenei" → "Ali
///    Khamenei"), and so does a shorter form of an organisation's name.
///
/// Nationalities ("Iranian"), months and weekdays, competitions and holidays ("World Cup", "Labor Day")
/// are not entities.
enum EntityExtractor {
    static func extract(title: TokenizedText, body: TokenizedText) -> [Entity] {
        entities(from: mentions(in: body))
    }

    /// One entity per distinct written form, in order of first mention, each with its canonical name.
    static func entities(from mentions: [EntityMention]) -> [Entity] {
        // Each name's place in `entities`, by its lower-cased surface: in a WordMap when the surface is
        // ASCII (nearly always), as a `Dictionary` of entities hashed every surface with SipHash twice
        // and copied the entity in and out. A WordMap finds words by their bytes, and only for ASCII are
        // equal bytes the same as equal strings: a name written once with a composed "é" and once with a
        // decomposed one is one name, as a `Dictionary` of strings has it.
        var entities: [Entity] = []
        var byASCIIName = WordMap<Int>(capacity: mentions.count)
        var byName: [String: Int] = [:]
        // By index, field by field: binding each mention copied it (see ``resolveAliases(_:)``).
        for index in mentions.indices {
            let key = mentions[index].surface.lowercased()
            let ascii = withUTF8Bytes(of: key) { bytes in !bytes.contains { $0 >= 0x80 } }
            if let known = ascii ? byASCIIName[key] : byName[key] {
                entities[known].mentions += 1
            } else {
                if ascii { byASCIIName.insert(key, value: entities.count) } else { byName[key] = entities.count }
                let surface = mentions[index].surface
                let canonical = mentions[index].canonical
                entities.append(Entity(name: surface, kind: mentions[index].kind,
                                       canonical: canonical == surface ? nil : canonical, mentions: 1))
            }
        }
        return entities
    }

    static func mentions(in text: TokenizedText) -> [EntityMention] {
        let tokens = text.tokens
        guard !tokens.isEmpty else { return [] }
        let lowerWords = lowercaseVocabulary(text)
        let capitalised = capitalisedVocabulary(text)
        let headline = headlineSentences(text)
        var found: [EntityMention] = []
        // The chunk's parts, reused from chunk to chunk: an array per chunk was 100,000 allocations in a
        // BBC batch, nearly all for a chunk of one part.
        var parts: [(Int, Int)] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.kind == .word, token.capitalized || token.allCaps, !headline.contains(token.sentence) else {
                i += 1
                continue
            }
            var end = i
            while end + 1 < tokens.count, !endsWithPossessive(text, end) {
                let next = tokens[end + 1]
                guard next.sentence == token.sentence || isInitial(text, end) else { break }
                if next.afterBreak && !isInitial(text, end) && !isAbbreviatedTitle(text, end) { break }
                if next.kind == .word, next.capitalized || next.allCaps {
                    end += 1
                    continue
                }
                if next.kind == .word, end + 2 < tokens.count, particles.contains(text.lowercased(next)),
                   !tokens[end + 2].afterBreak, tokens[end + 2].kind == .word, tokens[end + 2].capitalized,
                   !linkingParticles.contains(text.lowercased(next)) || namesAnInstitution(text, from: i, to: end) {
                    end += 2
                    continue
                }
                break
            }
            parts.removeAll(keepingCapacity: true)
            splitAtTitles(text, from: i, to: end, into: &parts)
            for (first, last) in parts {
                if let mention = mention(text, from: first, to: last, lowerWords: lowerWords, capitalised: capitalised) { found.append(mention) }
            }
            i = end + 1
        }
        found += headlineMentions(text, sentences: headline, known: found)
        found.sort { $0.start < $1.start }
        return resolveAliases(found)
    }

    // MARK: One chunk

    private static func mention(_ text: TokenizedText, from first: Int, to last: Int, lowerWords: WordSet,
                                capitalised: WordSet) -> EntityMention? {
        var start = first
        let tokens = text.tokens
        // The first word of a sentence is capitalised anyway: keep it only if it is not a common word.
        let opensSentence = tokens[start].sentenceStart || opensQuotation(text, start)
        if opensSentence {
            let word = text.word(tokens[start])
            let common = Stopwords.contains(word) || lowerWords.contains(word) || sentenceOpeners.contains(word)
                || (Gazetteer.isDemonym(word) && last == start)
            if common && !NameTitles.contains(word) { start += 1 }
        }
        // Adjectives before the name: "Iranian", "Sunday", "Iran-backed", "Hamas-ruled".
        while start < last {
            let word = text.word(tokens[start])
            // A nationality goes only before a title ("Iranian Supreme Leader"); "Islamic Jihad" keeps it.
            let demonymBeforeTitle = Gazetteer.isDemonym(word) && NameTitles.contains(text.word(tokens[start + 1]))
            guard demonymBeforeTitle || weekdays.contains(word) || months.contains(word) || isAdjectivalCompound(text, start) else { break }
            start += 1
        }
        if start == last, isAdjectivalCompound(text, start) { return nil }
        // Titles before the name, unless they are part of an organisation's name ("State Department").
        var titleWords: [String] = []
        let endsAsOrganisation = Gazetteer.organisationWords.contains(text.word(tokens[last]))
        while start <= last, !endsAsOrganisation, NameTitles.contains(text.word(tokens[start])) {
            // "Mr. King", "Dr. Major": after an honorific the last word is a surname, whatever else it can mean.
            if start == last, let previous = titleWords.last, NameTitles.isHonorific(previous) { break }
            titleWords.append(text.term(tokens[start]))
            start += 1
        }
        while start <= last, particles.contains(text.lowercased(tokens[start])) { start += 1 }
        guard start <= last else { return nil }
        var end = last
        while end > start, particles.contains(text.lowercased(tokens[end])) { end -= 1 }
        let words = (start...end).map { text.word(tokens[$0]) }
        if let final = words.last, Gazetteer.isDemonym(final), words.count <= 2 { return nil }
        if namesAnEvent(words) { return nil }
        if words.count == 1 {
            let word = words[0]
            if months.contains(word) || weekdays.contains(word) || Stopwords.contains(word) || word.text.count < 2 { return nil }
            if Gazetteer.isDemonym(word) || languages.contains(word) || contractions.contains(word) { return nil }
            if tokens[start].allCaps && word.text.count > 6 && !Gazetteer.isPlace(word) && titleWords.isEmpty { return nil }
            // A lone capitalised word at a sentence start needs other evidence of being a name.
            if opensSentence, start == first, titleWords.isEmpty, !Gazetteer.isPlace(word), !tokens[start].allCaps,
               !capitalised.contains(word),
               !(end + 1 < tokens.count && speechVerbs.contains(text.lowercased(tokens[end + 1]))) {
                return nil
            }
        }
        if words.allSatisfy({ months.contains($0) || weekdays.contains($0) }) { return nil }
        let surface = surfaceText(text, start, end)
        guard hasLetter(surface) else { return nil }
        // "Grand Slam", "Former Yankee": a word that only qualifies a title says nothing of a person by itself.
        let titled = titleWords.contains { !roleOnlyTitles.contains($0) }
        let kind = classify(text, start: start, end: end, words: words, surface: surface, titled: titled)
        return EntityMention(start: start, end: end, surface: surface, kind: kind, canonical: surface,
                             titled: titled,
                             title: titleWords.joined(separator: " "))
    }

    /// Whether a name holds a letter: at once when it has an ASCII one, as nearly every name does;
    /// `Character.isLetter` for the rest.
    private static func hasLetter(_ surface: String) -> Bool {
        surface.utf8.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } || surface.contains(where: \.isLetter)
    }

    /// The chunk as written, a possessive taken off the end.
    private static func surfaceText(_ text: TokenizedText, _ start: Int, _ end: Int) -> String {
        let lower = text.tokens[start].start
        let upper = text.tokens[end].end
        // Without a possessive ending (’, ’s, 's, '), read in place: this runs for every name chunk.
        return text.bytes.withUnsafeBufferPointer { bytes in
            /// Whether the chunk is longer than `suffix` and ends with it.
            /// (`upper` is a constant here: a local function that captured a variable kept it in a box
            /// whose every use was checked for exclusive access at run time.)
            func endsWith(_ suffix: StaticString) -> Bool {
                let count = suffix.utf8CodeUnitCount
                guard upper - lower > count else { return false }
                for offset in 0..<count where bytes[upper - count + offset] != suffix.utf8Start[offset] { return false }
                return true
            }
            let possessive = endsWith("\u{2019}") ? 3 : endsWith("\u{2019}s") ? 4 : endsWith("'s") ? 2 : endsWith("'") ? 1 : 0
            return collapseSpaces(bytes: UnsafeBufferPointer(rebasing: bytes[lower..<upper - possessive]))
        }
    }

    private static func classify(_ text: TokenizedText, start: Int, end: Int, words: [HashedWord], surface: String, titled: Bool) -> Entity.Kind {
        let tokens = text.tokens
        let last = words[words.count - 1]
        let first = words[0]
        let isOrganisation = Gazetteer.organisationWords.contains(last)
            || (words.count >= 2 && Gazetteer.organisationOpeners.contains(first))
            || (words.count >= 3 && words.contains { $0.text == "of" } && Gazetteer.organisationOpeners.contains(first))
        if Gazetteer.isPlace(surface) {
            // A place playing a match is its team: "Leicestershire 22 points", "Somerset v Essex", "beat Boston".
            return !Gazetteer.isCountry(surface) && isTeam(text, start: start, end: end) ? .organization : .place
        }
        if isOrganisation { return .organization }
        // "Philadelphia Eagles", "Norwich City" are not people: a place and a word is a club, a firm, a paper.
        // "Sichuan Province", "Leicester Square", "Luton Airport" stay places: the word names a kind of
        // place. Not "City", "Town" or "County", which end clubs' names ("Manchester City", "Ross County").
        if words.count == 2, Gazetteer.isPlace(first), !Gazetteer.isPlace(surface), !titled,
           !placeWords.contains(last) || clubPlaceWords.contains(last) {
            return .organization
        }
        if titled { return .person }
        // "Grace Road", "Tunbridge Wells", "Changi Prison": a word that names a kind of place ends it.
        if words.count >= 2, placeWords.contains(last) { return .place }
        if words.count == 1 {
            let token = tokens[start]
            if token.allCaps && words[0].text.count <= 6 { return .organization }
            // "… Simmons said", "said Simmons": the subject of a verb of saying is a person.
            // Not "reported": news organisations report ("Reuters reported").
            if end + 1 < tokens.count, speechVerbs.contains(text.lowercased(tokens[end + 1])),
               !["reported", "reports"].contains(text.lowercased(tokens[end + 1])) { return .person }
            // "in Bistrita", "at Headingley": a preposition of place before an unknown name.
            if afterPlacePreposition(text, start) { return .place }
            return .organization
        }
        if words.count <= 3, afterPlacePreposition(text, start) { return .place }
        // "Julie A. Diaz Martinez", "Lawrence B. Cummings": an initial inside a name is a person's.
        if words.count >= 3, ((start + 1)..<end).contains(where: { isInitial(text, $0) }),
           words.allSatisfy({ !Gazetteer.organisationWords.contains($0) }) { return .person }
        if words.count <= 3, words.allSatisfy({ !Gazetteer.organisationWords.contains($0) }) {
            if words.contains(where: { Gazetteer.isPlace($0) && words.count == 2 && $0 == last }) { return .place }
            return .person
        }
        return .organization
    }

    /// "World Cup", "Hong Kong Open", "Atlanta Games", "Labor Day": an event is neither who nor where, and
    /// two plain capitalised words would otherwise make it a person. By the word that ends it; "Day"
    /// only after a holiday's first word, since it is a surname too ("Doris Day").
    static func namesAnEvent(_ words: [HashedWord]) -> Bool {
        guard let last = words.last else { return false }
        // Alone, "Cup" or "Open" is the short form of one ("the Open"), and "Olympics" one in full.
        if eventWords.contains(last) { return true }
        guard words.count >= 2, last.text == "day" else { return false }          // terms are lower case
        return holidays.contains(words[words.count - 2])
    }

    /// Last words of a competition's or a festival's name.
    static let eventWords: WordSet = [
        "cup", "open", "championship", "championships", "games", "olympics", "paralympics", "series", "tour",
        "masters", "trophy", "prix", "marathon", "classic", "festival",
    ]
    /// Words before "Day" in a holiday's name.
    static let holidays: WordSet = [
        "labor", "labour", "independence", "christmas", "memorial", "boxing", "election", "remembrance",
        "victory", "thanksgiving", "armistice", "anzac", "bastille", "valentine's", "mother's", "father's",
        "year's", "d", "veterans", "columbus", "may",
    ]

    /// Nouns that end a place's name ("Park", "Wells", "Bridge" are left out: they are surnames too).
    static let placeWords: WordSet = [
        "city", "road", "street", "avenue", "square", "prison", "falls", "river", "lake",
        "mountains", "mountain", "island", "islands", "bay", "valley", "county", "province", "airport", "stadium",
        "harbour", "harbor", "port", "beach", "hills", "heights", "strait", "sea", "ocean", "gulf", "peninsula", "desert",
        "district", "region", "village", "town", "camp", "base", "palace", "motel", "hotel", "arena", "ground",
    ]

    /// "I've", "We'll": capitalised wherever "I" is, and mostly at a quotation's start.
    static let contractions: WordSet = [
        "i've", "i'd", "i'll", "we've", "we'd", "we'll", "you've", "you'd", "you'll", "they've", "they'd",
        "they'll", "he'd", "he'll", "she'd", "she'll", "it'll", "that'll", "there'll", "who've", "let's",
    ]

    /// Place words that also end a club's name after its town.
    static let clubPlaceWords: WordSet = ["city", "town", "county"]

    static let placePrepositions: WordSet = ["in", "near", "outside", "across", "around", "into", "at"]
    /// Words that join two sides of a match.
    static let fixtureWords: WordSet = ["v", "vs"]
    static let resultVerbs: WordSet = ["beat", "beats", "drew", "draw", "lost", "edged", "routed", "defeated"]

    /// "in", "near", "outside", "across", "around", "into", "at" just before the name.
    private static func afterPlacePreposition(_ text: TokenizedText, _ start: Int) -> Bool {
        guard start > 0, text.tokens[start - 1].sentence == text.tokens[start].sentence else { return false }
        return placePrepositions.contains(text.lowercased(text.tokens[start - 1]))
    }

    /// A score or a fixture next to the name: a small whole number after it ("Somerset 4", "Boston 3-1"),
    /// "v"/"vs" on either side, a result verb after it ("Leeds beat …"), or "beat"/"against" after a score
    /// before it ("3-1 against Boston").
    private static func isTeam(_ text: TokenizedText, start: Int, end: Int) -> Bool {
        let tokens = text.tokens
        if end + 1 < tokens.count, tokens[end + 1].sentence == tokens[end].sentence {
            let next = tokens[end + 1]
            let word = text.lowercased(next)
            if fixtureWords.contains(word) || resultVerbs.contains(word) { return true }
            // "22 points", "4 (Smith 3)": not a year, a date or an amount.
            if next.kind == .number, !text.text(next).contains(where: { $0 == "." || $0 == "," }),
               let value = Int(text.text(next).split(separator: "-").first ?? ""), value < 1000 {
                return true
            }
        }
        guard start > 0, tokens[start - 1].sentence == tokens[start].sentence else { return false }
        let previous = text.lowercased(tokens[start - 1])
        if fixtureWords.contains(previous) { return true }
        return ["beat", "beats", "against"].contains(previous) && start > 1 && tokens[start - 2].kind == .number
    }

    // MARK: Headlines in capitals

    /// Sentences mostly in capitals ("CRICKET - LEICESTERSHIRE TAKE OVER"): every word looks like a name.
    private static func headlineSentences(_ text: TokenizedText) -> Set<Int> {
        // Counted by sentence index in arrays: a dictionary here hashed every word of every article.
        let sentences = max(text.sentences.count, (text.tokens.last?.sentence ?? -1) + 1)
        var capitals = [Int](repeating: 0, count: sentences)
        var words = [Int](repeating: 0, count: sentences)
        for token in text.tokens where token.kind == .word {
            words[token.sentence] += 1
            if token.allCaps || (token.end - token.start == 1 && token.capitalized) { capitals[token.sentence] += 1 }
        }
        return Set((0..<sentences).filter { words[$0] >= 1 && Double(capitals[$0]) >= Double(words[$0]) * 0.6 })
    }

    /// In capital-letter sentences, only names the body confirms, or places the gazetteer knows.
    private static func headlineMentions(_ text: TokenizedText, sentences: Set<Int>, known: [EntityMention]) -> [EntityMention] {
        guard !sentences.isEmpty else { return [] }
        var knownNames: [String: EntityMention] = [:]
        for mention in known { knownNames[Gazetteer.fold(mention.surface)] = mention }
        var found: [EntityMention] = []
        let tokens = text.tokens
        var i = 0
        while i < tokens.count {
            guard sentences.contains(tokens[i].sentence), tokens[i].kind == .word, tokens[i].capitalized else {
                i += 1
                continue
            }
            // The longest run starting here that is a known name or a place.
            var matched = false
            var end = min(tokens.count - 1, i + 4)
            while end >= i {
                if tokens[end].sentence == tokens[i].sentence, (i + 1...max(i + 1, end)).allSatisfy({ $0 > end || !tokens[$0].afterBreak }) {
                    let surface = surfaceText(text, i, end)
                    let folded = Gazetteer.fold(surface)
                    if let known = knownNames[folded] {
                        found.append(EntityMention(start: i, end: end, surface: known.surface, kind: known.kind,
                                                   canonical: known.canonical, titled: known.titled, title: known.title))
                        matched = true
                    } else if Gazetteer.isPlace(folded) {
                        found.append(EntityMention(start: i, end: end, surface: titleCased(surface), kind: .place,
                                                   canonical: titleCased(surface), titled: false, title: ""))
                        matched = true
                    }
                    if matched { break }
                }
                end -= 1
            }
            i = matched ? end + 1 : i + 1
        }
        return found
    }

    private static func titleCased(_ text: String) -> String {
        text.split(separator: " ").map { word in
            word.count <= 3 && word == word.uppercased() && word.count > 1 && !Gazetteer.isPlace(String(word))
                ? String(word) : word.prefix(1).uppercased() + word.dropFirst().lowercased()
        }.joined(separator: " ")
    }

    // MARK: Aliases

    /// Points short forms at the full name they stand for, and gives them its type.
    private static func resolveAliases(_ mentions: [EntityMention]) -> [EntityMention] {
        var resolved = mentions
        // WordMaps, not Dictionaries: every mention is looked up, and SipHash over each was most of this.
        var people = WordMap<(canonical: String, index: Int)>(capacity: mentions.count)
        // The kind of the latest longer name opening with a word: "Hamas" → "Hamas government".
        var longNameKinds = WordMap<Entity.Kind>(capacity: mentions.count)
        // Each surface folded once: the second pass below looks the one-word ones up again.
        // Both passes read the mentions by index, field by field: binding a whole mention, as `map` and
        // `enumerated()` do, copies it and retains its four strings.
        let foldedSurfaces = mentions.indices.map { Gazetteer.fold(mentions[$0].surface) }
        for index in resolved.indices {
            let folded = foldedSurfaces[index]
            guard !folded.isEmpty else { continue }
            let kind = resolved[index].kind
            if let (given, surname) = outerWords(folded) {
                if kind != .person { longNameKinds.set(given, kind) }
                if kind == .person {
                    people.set(surname, (resolved[index].surface, index))
                    people.insert(given, value: (resolved[index].surface, index))
                }
                continue
            }
            let word = folded
            if let person = people[word], kind != .place || resolved[index].titled {
                resolved[index].kind = .person
                resolved[index].canonical = person.canonical
                continue
            }
            // "Leicestershire" after "Leicestershire County Cricket Club"; "Hamas" inside "Hamas government".
            if let kind = longNameKinds[word] {
                resolved[index].kind = kind
            }
        }
        // A surname that comes before its full name (a headline, a lede) still points to it.
        for index in resolved.indices where !resolved[index].surface.utf8.contains(0x20) && resolved[index].canonical == resolved[index].surface {
            let word = foldedSurfaces[index]
            if let person = people[word], person.index > index, resolved[index].kind != .place {
                resolved[index].kind = .person
                resolved[index].canonical = person.canonical
            }
        }
        return resolved
    }

    /// The first and last words of a folded name of two words or more ("ali khamenei" → "ali",
    /// "khamenei"); nil for one word. Folded names have single spaces and none at either end, so the
    /// words are found on the bytes: splitting the `String` walked it by `Character`, and this runs for
    /// every mention.
    static func outerWords(_ folded: String) -> (first: String, last: String)? {
        let utf8 = folded.utf8
        guard let firstSpace = utf8.firstIndex(of: 0x20), let lastSpace = utf8.lastIndex(of: 0x20) else { return nil }
        return (String(Substring(utf8[..<firstSpace])), String(Substring(utf8[utf8.index(after: lastSpace)...])))
    }

    // MARK: Pieces

    /// Words the text also uses in lower case: capitalised at a sentence start, they are common words.
    /// Only sentence-initial words are ever looked up, so only they are collected.
    private static func lowercaseVocabulary(_ text: TokenizedText) -> WordSet {
        var openers = WordSet(capacity: text.sentences.count)
        // A 2,048-bit filter of the openers' hashes: most lower-case words match none and are not looked
        // up. (It was made of each term's length and first letter, read from the `String`: that reading
        // was most of this function's time, where the hash comes with the term.)
        var filter = [UInt64](repeating: 0, count: 32)
        for token in text.tokens where token.kind == .word && (token.sentenceStart || token.afterBreak && opensQuotation(text, token.index)) {
            let term = text.word(token)
            openers.insert(term)
            filter[Int(truncatingIfNeeded: term.hash >> 59)] |= 1 << ((term.hash >> 53) & 63)
        }
        var words: WordSet = []
        for token in text.tokens where token.kind == .word && !token.capitalized {
            let term = text.word(token)
            guard filter[Int(truncatingIfNeeded: term.hash >> 59)] & (1 << ((term.hash >> 53) & 63)) != 0 else { continue }
            if openers.contains(term) { words.insert(term) }
        }
        return words
    }

    /// "Iran’s Supreme Leader …": a possessive ends a name.
    private static func endsWithPossessive(_ text: TokenizedText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        let bytes = text.bytes[token.start..<token.end]
        return bytes.count > 2 && (bytes.suffix(2).elementsEqual([0x27, 0x73]) || bytes.suffix(4).elementsEqual([0xE2, 0x80, 0x99, 0x73]))
    }

    /// "Iran-backed", "Hamas-ruled", "Egyptian-brokered": a capitalised word joined to a lower-case one.
    private static func isAdjectivalCompound(_ text: TokenizedText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        let bytes = text.bytes[token.start..<token.end]
        guard let dash = bytes.lastIndex(of: 0x2D), dash + 1 < token.end else { return false }
        let next = text.bytes[dash + 1]
        return next >= 0x61 && next <= 0x7A
    }

    /// Words the text capitalises other than at a sentence start: names, whatever their position.
    private static func capitalisedVocabulary(_ text: TokenizedText) -> WordSet {
        var capitalised = 0
        for token in text.tokens where token.kind == .word && token.capitalized && !token.sentenceStart { capitalised += 1 }
        var words = WordSet(capacity: capitalised)
        for token in text.tokens where token.kind == .word && token.capitalized && !token.sentenceStart {
            if token.afterBreak, opensQuotation(text, token.index) { continue }
            words.insert(text.word(token))
        }
        return words
    }

    /// `wrote, “History books will say…`: the first word of a quotation is capitalised as a sentence's
    /// first word is. A quotation mark right before the word, with a space (or nothing) before the mark.
    static func opensQuotation(_ text: TokenizedText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        guard token.afterBreak, !token.sentenceStart else { return false }
        let bytes = text.bytes
        let mark: Int
        if token.start >= 3, bytes[token.start - 3] == 0xE2, bytes[token.start - 2] == 0x80,
           bytes[token.start - 1] == 0x9C || bytes[token.start - 1] == 0x98 {          // “ ‘
            mark = token.start - 3
        } else if token.start >= 1, bytes[token.start - 1] == 0x22 {                  // "
            mark = token.start - 1
        } else {
            return false
        }
        return mark == 0 || bytes[mark - 1] == 0x20 || bytes[mark - 1] == 0x0A
    }

    /// A chunk that holds a title in the middle is two names: "Islamic Revolution Ayatollah Ali
    /// Khamenei", "Parliament Speaker Mohammad Ghalibaf". The parts are appended to `parts` in order.
    private static func splitAtTitles(_ text: TokenizedText, from first: Int, to last: Int, into parts: inout [(Int, Int)]) {
        guard last > first + 1 else { return parts.append((first, last)) }
        var k = last - 1
        while k > first {
            let word = text.word(text.tokens[k])
            if NameTitles.contains(word), !roleOnlyTitles.contains(word), !NameTitles.contains(text.word(text.tokens[k + 1])) {
                // Back to the start of the run of titles ("Supreme Leader").
                var runStart = k
                while runStart > first, NameTitles.contains(text.word(text.tokens[runStart - 1])) { runStart -= 1 }
                if runStart > first, !Gazetteer.organisationWords.contains(text.word(text.tokens[last])) {
                    splitAtTitles(text, from: first, to: runStart - 1, into: &parts)
                    return parts.append((runStart, last))
                }
                return parts.append((first, last))
            }
            k -= 1
        }
        parts.append((first, last))
    }

    /// A single capital followed by a dot: an initial that the next name word continues.
    private static func isInitial(_ text: TokenizedText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        guard token.end - token.start == 1, token.capitalized, token.end < text.bytes.count else { return false }
        return text.bytes[token.end] == 0x2E
    }

    /// "Mr.", "Sen.", "Rep.", "Gen.": a title's abbreviation, whose dot does not end the name it opens.
    private static func isAbbreviatedTitle(_ text: TokenizedText, _ index: Int) -> Bool {
        let token = text.tokens[index]
        guard token.end + 1 < text.bytes.count, text.bytes[token.end] == 0x2E, text.bytes[token.end + 1] == 0x20 else { return false }
        return token.end - token.start <= 5 && NameTitles.contains(text.word(token))
    }

    /// "of", "for", "the" join only an institution's name ("Bank of England", "Leader of the Islamic
    /// Revolution"), never a person to their employer ("Kim Lee of Delta Research").
    static let linkingParticles: WordSet = ["of", "for", "the"]

    private static func namesAnInstitution(_ text: TokenizedText, from first: Int, to last: Int) -> Bool {
        (first...last).contains { index in
            let word = text.word(text.tokens[index])
            return Gazetteer.organisationOpeners.contains(word) || Gazetteer.organisationWords.contains(word) || NameTitles.contains(word)
        }
    }

    static let particles: WordSet = [
        "of", "the", "de", "da", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "bint",
        "ibn", "al", "el", "ben", "y", "und", "for",
    ]

    /// Titles that describe a role rather than introduce a name ("former", "state"): no proof of a person.
    static let roleOnlyTitles: WordSet = ["former", "late", "acting", "deputy", "senior", "junior", "state", "home", "first", "high", "grand", "crown", "his", "her"]

    static let speechVerbs: WordSet = [
        "said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "noted", "explained", "insisted",
        "charged", "urged", "stressed", "vowed", "emphasized", "emphasised", "promised", "pledged", "conceded",
        "predicted", "tweeted", "posted", "saying", "adding", "noting", "announced", "contended", "maintained",
        "argued", "warned", "wrote", "writes", "asked", "declared", "claimed", "continued", "replied",
        "recalled", "acknowledged", "admitted", "suggested", "remarked", "commented", "responded", "observed",
        "asks", "demanded", "demands", "reads", "sings", "sang", "shouted", "yelled", "answered", "countered",
        "quipped", "joked", "cautioned", "complained", "boasted", "mused", "wondered", "recounted", "concluded",
        "testified", "pleaded", "exclaimed", "reported", "reports", "notes", "explains", "argues", "warns", "insists",
        "asserted", "asserts", "asserting", "explaining", "arguing", "warning", "insisting", "declaring", "stressing",
        "replying", "responding",
    ]

    static let languages: WordSet = [
        "hebrew", "arabic", "farsi", "persian", "english", "french", "german", "spanish", "russian", "chinese",
        "mandarin", "cantonese", "urdu", "hindi", "turkish", "kurdish", "latin", "greek", "italian", "portuguese",
        "zionists", "islamists", "jihadists",
    ]

    static let months: WordSet = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    static let weekdays: WordSet = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu",
        "fri", "sat", "sun",
    ]

    /// Words that often open a sentence capitalised but are not names.
    static let sentenceOpeners: WordSet = [
        "however", "meanwhile", "but", "and", "yet", "still", "also", "although", "though", "while", "when",
        "after", "before", "since", "because", "despite", "during", "under", "according", "asked", "like",
        "unlike", "officials", "police", "analysts", "critics", "experts", "sources", "residents", "witnesses",
        "today", "yesterday", "tomorrow", "maybe", "perhaps", "additionally", "furthermore", "moreover", "instead", "earlier", "later",
        "now", "then", "here", "there", "more", "many", "some", "several", "few", "most", "both", "each", "every",
        "other", "another", "such", "no", "not", "only", "even", "in", "on", "at", "for", "from", "with", "by", "as",
        "if", "so", "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i",
        "his", "her", "their", "our", "my", "you", "your", "what", "who", "which", "where", "why", "how", "there",
        "last", "next", "first", "second", "third", "new", "one", "two", "three", "four", "five", "six", "seven",
        "eight", "nine", "ten", "several", "people", "nobody", "everyone", "someone", "anyone", "all", "any",
        "in conclusion", "following", "among", "amid", "without", "within", "through", "about", "around", "above",
    ]
}
