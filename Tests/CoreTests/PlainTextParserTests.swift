import Testing
@testable import Core

@Suite("Headline rules and plain-text parsing")
struct PlainTextParserTests {
    @Test func headlineThenBlankLine() throws {
        let article = try PlainTextParser.parse("Ad sales boost Time Warner profit\n\nQuarterly profits rose 76%.\n\nMore text.", markdown: false)
        #expect(article.title == "Ad sales boost Time Warner profit")
        #expect(article.body == "Quarterly profits rose 76%.\n\nMore text.")
    }

    @Test func firstLineThatIsAlreadyTheStory() throws {
        let text = """
            Iran’s Supreme Leader Ayatollah Ali Khamenei said Sunday Israel has suffered a “defeat” in its war against Iran-backed Palestinian militant group Hamas, and that it was “a fact”.
            Israel has been pounding the Hamas-ruled Gaza Strip since October 7.
            """
        let article = try PlainTextParser.parse(text, markdown: false)
        // The first sentence serves, cut at its last clause boundary and without the closing period.
        #expect(article.title == "Iran’s Supreme Leader Ayatollah Ali Khamenei said Sunday Israel has suffered a “defeat” in its war against Iran-backed Palestinian militant group Hamas")
        #expect(article.body.hasPrefix("Iran’s Supreme Leader Ayatollah Ali Khamenei said Sunday"))
        #expect(article.body.contains("\n\nIsrael has been pounding"))
    }

    @Test func datelineLineIsNotTheHeadline() throws {
        let article = try PlainTextParser.parse("Tehran\nIranian Supreme Leader Ayatollah Ali Khamenei issued a televised message Wednesday, commending the Palestinian people on what he described as their victory.\n\nMore.", markdown: false)
        #expect(article.dateline == "Tehran")
        #expect(article.title == "Iranian Supreme Leader Ayatollah Ali Khamenei issued a televised message Wednesday")
    }

    @Test func headlineEchoIsDropped() throws {
        let text = "Gaza Victory Heralds Greater Triumphs\n\nGaza Victory Heralds Greater Triumphs Gaza Victory Heralds Greater Triumphs\n\nLeader says."
        let article = try PlainTextParser.parse(text, markdown: false)
        #expect(article.title == "Gaza Victory Heralds Greater Triumphs")
        #expect(article.body == "Leader says.")
    }

    /// An echo is the headline's letters and digits, case and punctuation aside, once or more, and
    /// nothing else; accented headlines are compared the same way.
    @Test func headlineEchoesAreWholeRepeatsOnly() {
        let headline = "Storm hits coast, 3 dead"
        #expect(HeadlineRules.droppingHeadlineEchoes(["STORM HITS COAST — 3 dead!", "Body."], headline: headline) == ["Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["storm hits coast 3 dead storm hits coast 3 dead", "Body."], headline: headline) == ["Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coast, 3 dead, and more", "Body."], headline: headline)
                    == ["Storm hits coast, 3 dead, and more", "Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coast 3 dea", "Body."], headline: headline) == ["Storm hits coast 3 dea", "Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits côast, 3 dead", "Body."], headline: headline) == ["Storm hits côast, 3 dead", "Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["Élan vital à Paris", "Body."], headline: "élan vital — À PARIS") == ["Body."])
        #expect(HeadlineRules.droppingHeadlineEchoes(["...", "Body."], headline: headline) == ["...", "Body."])
    }

    @Test func markdownHeadingAndInlineMarkup() throws {
        let text = "# Rates **rise** again\n\nThe [central bank](https://example.com) raised rates by *0.25* points.\n\n![chart](c.png)\n\n## Why\n\nInflation."
        let article = try PlainTextParser.parse(text, markdown: true)
        #expect(article.title == "Rates rise again")
        #expect(article.body == "The central bank raised rates by 0.25 points.\n\nWhy\n\nInflation.")
    }

    @Test func frontMatterGivesMetadata() throws {
        let text = """
            ---
            title: "Storm hits coast"
            source: Coastal Times
            url: https://example.com/storm
            date: 2024-11-26T10:15:00+01:00
            author: A. Writer
            ---
            The storm arrived at dawn.
            """
        let article = try PlainTextParser.parse(text, markdown: false)
        #expect(article.title == "Storm hits coast")
        #expect(article.source == "Coastal Times")
        #expect(article.url == "https://example.com/storm")
        #expect(article.author == "A. Writer")
        #expect(article.published.map(ISO8601.string) == "2024-11-26T09:15:00Z")
        #expect(article.body == "The storm arrived at dawn.")
    }

    @Test func setextHeading() throws {
        let article = try PlainTextParser.parse("Storm hits coast\n================\nThe storm arrived.", markdown: true)
        #expect(article.title == "Storm hits coast")
        #expect(article.body == "The storm arrived.")
    }

    @Test func hardWrappedParagraphsAreJoined() throws {
        let text = "Title here\n\nThis paragraph was wrapped at a fixed\nwidth by an e-mail client and continues\nhere.\n\nSecond paragraph."
        let article = try PlainTextParser.parse(text, markdown: false)
        #expect(article.body == "This paragraph was wrapped at a fixed width by an e-mail client and continues here.\n\nSecond paragraph.")
    }

    @Test func singleLineFile() throws {
        let article = try PlainTextParser.parse("Only a headline here", markdown: false)
        #expect(article.title == "Only a headline here")
        #expect(article.body == "Only a headline here")
    }

    @Test func headlineRuleBoundaries() {
        #expect(HeadlineRules.isHeadline("Short headline", nextLine: "Body starts here."))
        #expect(HeadlineRules.isHeadline("A headline that ends with a period.", nextLine: ""))
        #expect(!HeadlineRules.isHeadline(Substring(String(repeating: "word ", count: 45)), nextLine: ""))
        #expect(HeadlineRules.isDateline("WASHINGTON", nextLine: ""))
        #expect(!HeadlineRules.isDateline("Markets rally strongly today", nextLine: "Body"))
        #expect(HeadlineRules.headline(fromSentence: "Prices rose.") == "Prices rose")
    }

    @Test func parserRejectsWhatIsNotText() {
        let parser = ArticleParser()
        #expect(throws: ParseError.binary) { try parser.parse([0, 1, 2, 3, 0xFF], fileName: "x.txt") }
        #expect(throws: ParseError.empty) { try parser.parse([], fileName: "x.txt") }
    }
}
