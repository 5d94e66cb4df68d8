/// Words that stand before a name to say what a person is: honorifics ("Mr", "Dr", "Ayatollah") and
/// roles ("Supreme Leader", "Foreign Minister", "Gen."). They are not part of the name, and a run of
/// them alone ("the Prime Minister") names no one in particular.
public enum NameTitles {
    public static func contains(_ lowercased: String) -> Bool {
        words.contains(lowercased.hasSuffix(".") ? String(lowercased.dropLast()) : lowercased)
    }

    public static func contains(_ lowercased: HashedWord) -> Bool {
        lowercased.text.utf8.last == 0x2E ? contains(lowercased.text) : words.contains(lowercased)
    }

    /// How many of a name's lower-cased words are titles in front of it: 3 in "supreme leader ayatollah
    /// ali khamenei", whose name is "ali khamenei"; all of them when only titles are there.
    public static func leadingTitles(in words: [HashedWord]) -> Int {
        words.firstIndex { !contains($0) } ?? words.count
    }

    /// Forms of address that stand only before a surname ("Mr. King" is Larry King, not a king).
    public static func isHonorific(_ lowercased: String) -> Bool {
        honorifics.contains(lowercased.hasSuffix(".") ? String(lowercased.dropLast()) : lowercased)
    }

    static let honorifics: WordSet = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof"]

    static let words: WordSet = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
        "father", "sister", "brother", "rabbi", "imam", "ayatollah", "sheikh", "sheik", "mullah", "pope", "cardinal",
        "bishop", "archbishop", "king", "queen", "prince", "princess", "emir", "sultan", "crown", "his", "her",
        "majesty", "highness", "excellency", "president", "vice", "prime", "minister", "secretary", "chancellor",
        "premier", "governor", "gov", "mayor", "senator", "sen", "representative", "rep", "congressman",
        "congresswoman", "speaker", "ambassador", "envoy", "commissioner", "judge", "justice", "chief", "chairman",
        "chairwoman", "chair", "director", "general", "gen", "lt", "lieutenant", "colonel", "col", "major", "maj",
        "captain", "capt", "sergeant", "sgt", "admiral", "adm", "commander", "cmdr", "brigadier", "marshal",
        "corporal", "private", "officer", "inspector", "detective", "supt", "superintendent", "constable", "coach",
        "manager", "ceo", "chief-executive", "founder", "deputy", "acting", "former", "late", "supreme", "leader",
        "foreign", "defence", "defense", "interior", "finance", "health", "home", "spokesman", "spokeswoman",
        "spokesperson", "attorney", "solicitor", "mp", "mep", "senior", "junior", "first", "grand", "high",
        "president-elect", "prime-minister", "chancellor-elect", "seyyed", "sayyid", "hojatoleslam",
    ]
}
