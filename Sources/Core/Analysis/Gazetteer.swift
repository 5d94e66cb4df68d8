import Foundation

/// Names of places, and the words that mark organisations and nationalities, for typing entities.
///
/// Countries and their subdivisions come from the system's `iso-codes` data (Debian package
/// `iso-codes`: `/usr/share/iso-codes/json`), read once; regions, cities and demonyms that iso-codes does
/// not list are built in. Subdivision names that are ordinary English words ("Central", "Capital") are
/// left out: they would make places of common words. Names are matched folded: lower case, without
/// diacritics ("Tehrān" = "tehran").
enum Gazetteer {
    static let places: WordSet = {
        var names = WordSet(builtInPlaces.map(fold)).union(countries)
        if let subdivisions = load(isoFolder + "iso_3166-2.json", key: "3166-2") {
            let stemmer = Stemmer()
            for subdivision in subdivisions {
                guard let name = subdivision["name"] else { continue }
                var folded = fold(name)
                // "Guangdong Sheng", "Xinjiang Uygur Zizhiqu": China's names carry the kind of division,
                // which the news leaves out.
                if let suffix = [" sheng", " zizhiqu", " shi"].first(where: { folded.hasSuffix($0) && folded.count > $0.count + 2 }) {
                    names.insert(folded)
                    folded = String(folded.dropLast(suffix.count))
                }
                let words = folded.split(separator: " ")
                // A one-word name that news uses as an ordinary word is not taken for a place.
                if words.count == 1, isCommonWord(folded, stemmer: stemmer) { continue }
                names.insert(folded)
            }
        }
        return names
    }()

    private static let isoFolder = "/usr/share/iso-codes/json/"

    /// Country names alone (iso-codes 3166-1 and ``countryAliases``), also part of ``places``: a country
    /// playing a match is still named as a place ("Russia beat Romania 2-1"); a county or a city doing so
    /// is its club.
    static let countries: WordSet = {
        var names = WordSet(countryAliases.map(fold))
        if let countries = load(isoFolder + "iso_3166-1.json", key: "3166-1") {
            for country in countries {
                for field in ["name", "common_name", "official_name"] {
                    guard let name = country[field] else { continue }
                    names.insert(fold(name))
                    // "Iran, Islamic Republic of" is also "Iran"; "the State of Palestine" also "State of Palestine".
                    if let comma = name.firstIndex(of: ",") { names.insert(fold(String(name[..<comma]))) }
                    if name.hasPrefix("the ") { names.insert(fold(String(name.dropFirst(4)))) }
                }
            }
        }
        return names
    }()

    /// Names of countries that iso-codes does not give: initialisms as the tokenizer leaves them at a
    /// sentence end ("in the U.S." → "U.S"), the home nations, and short names.
    private static let countryAliases = [
        "U.S", "U.S.", "U.K", "U.K.", "US", "UK", "USA", "U.S.A", "UAE", "England", "Scotland", "Wales",
        "Northern Ireland", "Britain", "Great Britain", "Russia", "Czech Republic", "United States", "America",
        "Holland", "Moldova", "Bolivia", "Venezuela", "Tanzania", "Laos", "North Korea", "Brunei", "Macedonia",
        "Yugoslavia", "Bosnia", "Herzegovina", "Trinidad", "Tobago", "Antigua", "Barbuda",
    ]

    static func isCountry(_ name: String) -> Bool {
        countries.contains(fold(name))
    }

    static func isPlace(_ name: String) -> Bool {
        places.contains(fold(name))
    }

    static func isDemonym(_ word: String) -> Bool {
        demonyms.contains(fold(word))
    }

    /// A word the tokenizer has hashed: looked up as it is when it is folded already (every ASCII term
    /// is), folded first otherwise ("zürich").
    static func isPlace(_ word: HashedWord) -> Bool {
        word.isFolded ? places.contains(word) : isPlace(word.text)
    }

    static func isDemonym(_ word: HashedWord) -> Bool {
        word.isFolded ? demonyms.contains(word) : isDemonym(word.text)
    }

    /// Lower case without diacritics, curly apostrophes straight, single spaces.
    static func fold(_ text: String) -> String {
        // Already lower-case ASCII with single inner spaces (every term the tokenizer makes): nothing to do.
        if HashedWord.isFolded(text) { return text }
        // ASCII (most names, and names with a curly apostrophe) is folded on bytes; Foundation's
        // diacritic folding only for the rest. Over the string's own storage: this runs for every name
        // in every article, and walking `String.UTF8View` by index cost more than the folding.
        let folded = withUTF8Bytes(of: text) { utf8 -> String? in
            // Written through a pointer into a scratch buffer: appending to an array checked its
            // uniqueness at every byte.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, utf8.count)) { bytes -> String? in
                var count = 0
                var space = false
                var index = 0
                while index < utf8.count {
                    var byte = utf8[index]
                    index += 1
                    if byte >= 0x80 {
                        // ’ (E2 80 99) is an apostrophe; a Latin letter with diacritics is its letter, a
                        // combining mark nothing (``LatinFolding``); anything else needs Unicode folding.
                        guard let (scalar, length) = Self.scalar(utf8, lead: byte, at: index) else { return nil }
                        index += length
                        if scalar == 0x2019 {
                            byte = 0x27
                        } else {
                            switch LatinFolding.fold(scalar) {
                            case .letter(let letter): byte = letter
                            case .nothing: continue
                            case nil: return nil
                            }
                        }
                    }
                    if byte == 0x20 || byte == 0x09 || byte == 0x0A {
                        space = count > 0
                        continue
                    }
                    if space {
                        bytes[count] = 0x20
                        count += 1
                    }
                    space = false
                    bytes[count] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                    count += 1
                }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<count]), as: UTF8.self)
            }
        }
        return folded ?? foldUnicode(text)
    }

    /// The code point of a two- or three-byte UTF-8 sequence whose lead byte was at `index - 1`, and
    /// how many bytes follow the lead; nil for anything else (the caller then folds with Foundation).
    private static func scalar(_ utf8: UnsafeBufferPointer<UInt8>, lead: UInt8, at index: Int) -> (UInt32, Int)? {
        func continuation(_ at: Int) -> UInt32? {
            at < utf8.count && utf8[at] & 0xC0 == 0x80 ? UInt32(utf8[at] & 0x3F) : nil
        }
        if lead & 0xE0 == 0xC0, let second = continuation(index) {
            return (UInt32(lead & 0x1F) << 6 | second, 1)
        }
        if lead & 0xF0 == 0xE0, let second = continuation(index), let third = continuation(index + 1) {
            return (UInt32(lead & 0x0F) << 12 | second << 6 | third, 2)
        }
        return nil
    }

    /// Foundation's folding, for what the byte loop in ``fold(_:)`` does not know; the reference the
    /// byte loop is tested against.
    static func foldUnicode(_ text: String) -> String {
        let plain = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return collapseSpaces(plain.replacingOccurrences(of: "’", with: "'")).lowercased()
    }

    /// A word news uses lower-case too ("central", "capital", "north").
    private static func isCommonWord(_ word: String, stemmer: Stemmer) -> Bool {
        if Stopwords.contains(word) { return true }
        let specificity = BackgroundFrequencies.specificity(of: TermHash.hash(stemmer.stem(word), kind: StoryTerms.Kind.stem.rawValue))
        return specificity < 0.55
    }

    private static func load(_ path: String, key: String) -> [[String: String]]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        if let entries = ISOCodesReader.entries(Array(data), key: key) { return entries }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = object[key] as? [[String: Any]] else { return nil }
        return list.map { entry in entry.compactMapValues { $0 as? String } }
    }

    /// Suffixes that make a name an organisation: "… Bank", "… Ministry", "… Inc", "… Guard Corps".
    static let organisationWords: WordSet = [
        "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "sa", "gmbh",
        "group", "holdings", "company", "companies", "bank", "fund", "party", "ministry", "department", "agency",
        "council", "committee", "commission", "association", "union", "university", "college", "school", "institute",
        "foundation", "corps", "army", "navy", "force", "forces", "guard", "guards", "police", "court", "parliament",
        "congress", "senate", "assembly", "government", "authority", "board", "office", "service", "services",
        "news", "times", "post", "journal", "press", "network", "airlines", "airways", "motors", "club", "fc",
        "united", "church", "federation", "league", "organisation", "organization", "brigade", "brigades", "front",
        "movement", "coalition", "alliance", "trust", "society", "centre", "center", "hospital", "reserve",
        "exchange", "tribunal", "cabinet", "administration", "bureau", "telegraph", "herald", "tribune", "gazette",
        "agency", "broadcasting", "television", "radio", "media", "newsroom", "newsdesk", "treasury", "studios", "records", "pictures", "systems",
        "technologies", "industries", "laboratories", "labs", "partners", "capital", "securities", "insurance",
        "energy", "oil", "petroleum", "railways", "council", "jihad", "hamas", "hezbollah", "taliban", "nations",
    ]

    /// Words that open an organisation's name: "Bank of England", "Ministry of Defence".
    static let organisationOpeners: WordSet = [
        "ministry", "department", "bank", "university", "council", "committee", "commission", "association",
        "institute", "league", "federation", "house", "court", "board", "office", "church", "order", "academy",
        "museum", "society", "college", "school", "party", "union", "army", "navy", "agency", "organization",
        "organisation", "federal", "national", "royal", "central", "european", "international", "united",
    ]

    private static let builtInPlaces = [
        // Regions and places iso-codes does not name as countries.
        "Gaza", "Gaza Strip", "Gaza City", "West Bank", "East Jerusalem", "Golan Heights", "Palestine", "Middle East",
        "Near East", "Far East", "Europe", "Asia", "Africa", "North America", "South America", "Latin America",
        "Central America", "Caribbean", "Scandinavia", "Balkans", "Caucasus", "Central Asia", "South Asia",
        "Southeast Asia", "East Asia", "Oceania", "Antarctica", "Arctic", "Sahara", "Sahel", "Persian Gulf", "Gulf",
        "Mediterranean", "Red Sea", "Black Sea", "Baltic", "Atlantic", "Pacific", "Indian Ocean", "Kurdistan",
        "Crimea", "Donbas", "Kashmir", "Tibet", "Xinjiang", "Chechnya", "Darfur", "Sinai", "Hong Kong", "Macau",
        "Taiwan", "Kosovo", "Scotland", "Wales", "England", "Northern Ireland", "Britain", "Great Britain", "UK",
        "U.K.", "US", "U.S.", "USA", "U.S.A.", "United States", "America", "Soviet Union", "USSR", "Yugoslavia",
        "Korea", "North Korea", "South Korea", "Congo", "Siberia", "Patagonia", "Amazon", "Himalayas", "Alps",
        "Silicon Valley", "Wall Street", "Downing Street", "Capitol Hill", "White House", "Kremlin", "Pentagon",
        "Ground Zero", "Midwest", "New England", "Bay Area", "Qeshm",
        // Short forms of countries iso-codes names formally.
        "Russia", "Syria", "Iran", "Vietnam", "Laos", "Bolivia", "Venezuela", "Tanzania", "Moldova", "Macedonia",
        "North Macedonia", "Czech Republic", "Czechia", "Ivory Coast", "Burma", "Holland", "Vatican", "Brunei",
        "Micronesia", "Palestinian territories", "Occupied Territories", "Kashmir", "Turkey", "Islamic Republic",
        // Capitals and cities the news names most.
        "Tehran", "Jerusalem", "Tel Aviv", "Beirut", "Damascus", "Baghdad", "Riyadh", "Jeddah", "Mecca", "Medina",
        "Doha", "Dubai", "Abu Dhabi", "Muscat", "Sanaa", "Aden", "Amman", "Cairo", "Alexandria", "Ankara",
        "Istanbul", "Kabul", "Kandahar", "Islamabad", "Karachi", "Lahore", "Delhi", "New Delhi", "Mumbai",
        "Bombay", "Kolkata", "Chennai", "Bangalore", "Dhaka", "Kathmandu", "Colombo", "Beijing", "Shanghai",
        "Guangzhou", "Shenzhen", "Wuhan", "Hong Kong", "Taipei", "Tokyo", "Osaka", "Kyoto", "Seoul", "Pyongyang",
        "Manila", "Jakarta", "Bangkok", "Hanoi", "Ho Chi Minh City", "Singapore", "Kuala Lumpur", "Sydney",
        "Melbourne", "Canberra", "Brisbane", "Perth", "Auckland", "Wellington", "Moscow", "St Petersburg",
        "Kyiv", "Kiev", "Kharkiv", "Odesa", "Odessa", "Minsk", "Warsaw", "Krakow", "Prague", "Vienna", "Budapest",
        "Bucharest", "Sofia", "Belgrade", "Zagreb", "Sarajevo", "Athens", "Rome", "Milan", "Naples", "Turin",
        "Venice", "Florence", "Madrid", "Barcelona", "Seville", "Valencia", "Lisbon", "Porto", "Paris", "Marseille",
        "Lyon", "Nice", "Brussels", "Antwerp", "Amsterdam", "Rotterdam", "The Hague", "Luxembourg", "Berlin",
        "Munich", "Hamburg", "Frankfurt", "Cologne", "Bonn", "Zurich", "Geneva", "Bern", "Basel", "Copenhagen",
        "Stockholm", "Oslo", "Helsinki", "Reykjavik", "Dublin", "Belfast", "London", "Manchester", "Liverpool",
        "Birmingham", "Leeds", "Glasgow", "Edinburgh", "Cardiff", "Bristol", "Oxford", "Cambridge", "Newcastle",
        "Sheffield", "Nottingham", "Leicester", "Southampton", "Brighton", "Washington", "New York", "New York City",
        "Los Angeles", "Chicago", "Houston", "Dallas", "Austin", "San Antonio", "Phoenix", "Philadelphia",
        "San Diego", "San Francisco", "San Jose", "Seattle", "Portland", "Denver", "Boston", "Miami", "Atlanta",
        "Detroit", "Minneapolis", "St. Louis", "Baltimore", "Pittsburgh", "Cleveland", "Cincinnati", "Las Vegas",
        "New Orleans", "Nashville", "Memphis", "Orlando", "Tampa", "Charlotte", "Raleigh", "Honolulu",
        "Anchorage", "Brooklyn", "Manhattan", "Queens", "Bronx", "Harlem", "Hollywood", "Toronto", "Montreal",
        "Vancouver", "Ottawa", "Calgary", "Mexico City", "Havana", "Caracas", "Bogota", "Lima", "Quito", "Santiago",
        "Buenos Aires", "Montevideo", "Sao Paulo", "Rio de Janeiro", "Brasilia", "Lagos", "Abuja", "Nairobi",
        "Mogadishu", "Addis Ababa", "Khartoum", "Tripoli", "Benghazi", "Tunis", "Algiers", "Rabat", "Casablanca",
        "Dakar", "Accra", "Kinshasa", "Luanda", "Johannesburg", "Cape Town", "Pretoria", "Durban", "Harare",
        "Kampala", "Kigali", "Juba", "Damascus", "Aleppo", "Homs", "Idlib", "Mosul", "Basra", "Kirkuk", "Erbil",
        "Fallujah", "Ramadi", "Tikrit", "Rafah", "Khan Younis", "Hebron", "Nablus", "Ramallah", "Jenin", "Haifa",
        "Ashkelon", "Sderot", "Eilat", "Tyre", "Sidon", "Isfahan", "Mashhad", "Tabriz", "Shiraz", "Qom",
        "Kandahar", "Herat", "Mazar-i-Sharif", "Peshawar", "Quetta", "Tashkent", "Almaty", "Astana", "Baku",
        "Tbilisi", "Yerevan", "Chisinau", "Vilnius", "Riga", "Tallinn",
        // US states as datelines abbreviate them ("Miami, Fla."); not those that are words too (Mass., Ill., Ark.).
        "Ala", "Ariz", "Calif", "Colo", "Conn", "Fla", "Kan", "Ky", "Md", "Mich", "Minn", "Mont", "Neb",
        "Nev", "Okla", "Tenn", "Tex", "Wis", "Wyo",
    ]

    /// Nationalities and other adjectives of place: "Iranian", "British". Not entities on their own.
    static let demonyms: WordSet = WordSet([
        "american", "british", "english", "scottish", "welsh", "irish", "french", "german", "italian", "spanish",
        "portuguese", "dutch", "belgian", "swiss", "austrian", "swedish", "norwegian", "danish", "finnish",
        "icelandic", "polish", "czech", "slovak", "hungarian", "romanian", "bulgarian", "greek", "turkish",
        "russian", "ukrainian", "belarusian", "serbian", "croatian", "bosnian", "albanian", "kosovar", "georgian",
        "armenian", "azerbaijani", "iranian", "iraqi", "syrian", "lebanese", "israeli", "palestinian", "jordanian",
        "egyptian", "saudi", "yemeni", "omani", "emirati", "qatari", "kuwaiti", "bahraini", "libyan", "tunisian",
        "algerian", "moroccan", "sudanese", "ethiopian", "eritrean", "somali", "kenyan", "ugandan", "nigerian",
        "ghanaian", "senegalese", "malian", "congolese", "angolan", "zimbabwean", "south african", "afghan",
        "pakistani", "indian", "bangladeshi", "sri lankan", "nepali", "nepalese", "chinese", "japanese", "korean",
        "north korean", "south korean", "taiwanese", "vietnamese", "thai", "filipino", "indonesian", "malaysian",
        "singaporean", "australian", "canadian", "mexican", "cuban", "venezuelan", "colombian", "peruvian",
        "brazilian", "argentine", "argentinian", "chilean", "european", "asian", "african", "arab", "persian",
        "kurdish", "kurd", "jewish", "muslim", "christian", "catholic", "protestant", "sunni", "shia", "shiite",
        "islamic", "zionist", "soviet", "western", "eastern", "northern", "southern", "latin", "hispanic",
        "democrat", "democratic", "republican", "conservative", "liberal", "labour", "west indian", "new zealander",
        "scandinavian", "baltic", "balkan", "caribbean", "gulf", "iranians", "israelis", "palestinians", "americans",
        "iraqis", "syrians", "afghans", "europeans", "africans", "arabs", "muslims", "christians", "jews",
        "moslem", "moslems", "yugoslav", "chechen", "chechens", "serb", "serbs", "croat", "croats",
        "hindu", "hindus", "sikh", "sikhs", "buddhist", "tamil", "basque", "catalan", "flemish", "slovenian",
        "slovene", "macedonian", "montenegrin", "lithuanian", "latvian", "estonian", "kazakh", "uzbek",
        "tajik", "turkmen", "kyrgyz", "mongolian", "tibetan", "uighur", "uyghur", "burmese", "cambodian", "laotian",
        "zambian", "tanzanian", "rwandan", "burundian", "liberian", "cameroonian", "ivorian", "mauritanian",
        "namibian", "mozambican", "malawian", "ecuadorian", "bolivian", "paraguayan", "uruguayan", "panamanian",
        "nicaraguan", "honduran", "salvadoran", "guatemalan", "haitian", "jamaican", "cypriot", "maltese",
    ])
}
