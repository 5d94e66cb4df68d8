/// Analyses one article: pure, so files are analysed in parallel, and cheap to re-run on stored text.
public enum ArticleAnalyzer {
    /// The version of what ``analyze(_:)`` finds for a text: stored with each article's findings, so
    /// that `newsd reanalyze` can bring articles an older newsd analysed up to date.
    ///
    /// Raise it whenever a change to an extractor changes its output for some text (a rule for figures,
    /// a gazetteer update); leave it for changes that only make the same output faster. Articles stored
    /// before versions were recorded have none, and count as older than any.
    ///
    /// 1. The figures' rules of 2 December 2026 (units, compound nouns, attributions that name someone).
    /// 2. Competitions, holidays and more nationalities are not entities ("World Cup" was a person); a
    ///    town and a kind of place is a place ("Leicester Square"); more short forms of places; a
    ///    quotation's first word is read like a sentence's ("History books will say…"). A count above
    ///    one counts a plural ("four big state banks", not "four big"); attributions trimmed to the name
    ///    ("Yushchenko", not "Yushchenko had previously").
    public static let version = 2

    /// Everything: story terms, fingerprint, entities, quotes, figures.
    public static func analyze(_ article: ParsedArticle) -> ArticleAnalysis {
        let title = Tokenizer.tokenize(article.title)
        let body = Tokenizer.tokenize(article.body)
        let stemmer = Stemmer()
        var analysis = ArticleAnalysis(storyTerms: StoryTerms.extract(title: title, body: body, stemmer: stemmer),
                                       fingerprint: Fingerprint.of(body))
        let mentions = EntityExtractor.mentions(in: body)
        analysis.entities = EntityExtractor.entities(from: mentions)
        (analysis.quotes, analysis.partialQuotes) = QuoteExtractor.extractAll(body, mentions: mentions)
        analysis.figures = FigureExtractor.extract(body, mentions: mentions)
        return analysis
    }

    /// Builds the large tables analysis reads (places and countries from iso-codes, background word
    /// frequencies) now, instead of inside the first article's analysis.
    ///
    /// Built lazily, they cost the first article tens of milliseconds while every other worker waits
    /// on the same lazy initialiser; called on a spare thread while the store opens, that time overlaps
    /// work that has to happen anyway.
    public static func loadTables() {
        _ = BackgroundFrequencies.specificity
        _ = Gazetteer.places
    }

    /// Only what grouping needs (story terms and fingerprint), for rebuilding the window at start-up.
    /// Pure like ``analyze(_:)``, so stored articles are worked out on several threads.
    public static func groupingFeatures(title: String, body: String) -> (StoryTerms, Fingerprint) {
        let bodyTokens = Tokenizer.tokenize(body)
        return (StoryTerms.extract(title: Tokenizer.tokenize(title), body: bodyTokens, stemmer: Stemmer()), Fingerprint.of(bodyTokens))
    }
}
