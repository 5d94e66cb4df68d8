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

    /// An ASCII headline's echo is checked on bytes until a byte outside ASCII: a difference before it
    /// is final, a match up to it is settled by Characters.
    @Test func headlineEchoesWithTextOutsideASCIIAfterTheStart() {
        let headline = "Storm hits coast, 3 dead"
        // Differs at "x", before the accent: not an echo, as Characters have it.
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coax é", "Body."], headline: headline) == ["Storm hits coax é", "Body."])
        // Matches up to the accented letter, which Characters count as a letter the key lacks.
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coast, 3 dead é", "Body."], headline: headline)
                    == ["Storm hits coast, 3 dead é", "Body."])
        // A combining accent on the last letter makes it another Character: not an echo.
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coast, 3 dead\u{301}", "Body."], headline: headline)
                    == ["Storm hits coast, 3 dead\u{301}", "Body."])
        // Punctuation outside ASCII between two repeats: an echo.
        #expect(HeadlineRules.droppingHeadlineEchoes(["Storm hits coast, 3 dead — storm hits coast, 3 dead", "Body."], headline: headline)
                    == ["Body."])
    }

    /// The byte counts that stand in for Characters and `split(separator: " ")` on ASCII lines.
    @Test func asciiShapeAgreesWithCharacters() {
        for text in ["Short headline", "  two  spaces  ", "tab\tinside word", "a\r\nb", "\r", "", " ", "one", "x y z w"] {
            let shape = HeadlineRules.asciiShape(text)
            #expect(shape?.characters == text.count, "\(text.debugDescription)")
            #expect(shape?.words == text.split(separator: " ").count, "\(text.debugDescription)")
        }
        #expect(HeadlineRules.asciiShape("Élan vital") == nil)
        #expect(HeadlineRules.asciiShape("a \u{301}b") == nil)
        // Counted by bytes, a dateline of four words is turned away as the split would; three are not.
        #expect(!HeadlineRules.isDateline("NEW YORK CITY HALL", nextLine: "Body"))
        #expect(HeadlineRules.isDateline("NEW YORK CITY", nextLine: "Body"))
        #expect(!HeadlineRules.isHeadline(Substring(String(repeating: "x", count: 201)), nextLine: ""))
        #expect(HeadlineRules.isHeadline(Substring(String(repeating: "x", count: 200)), nextLine: ""))
        #expect(HeadlineRules.isHeadline(Substring(String(repeating: "é", count: 200)), nextLine: ""))
        #expect(!HeadlineRules.isHeadline(Substring(String(repeating: "é", count: 201)), nextLine: ""))
        // The last byte stands for the last Character only where the two cannot differ.
        for (text, ends) in [("Done.", true), ("Done", false), ("Why?", true), ("Stop!", true), ("\"Done.\"", true),
                             ("(Done.)", true), ("Done.”", true), ("Done…", true), ("x\u{301}.", true), (".", true), ("", false),
                             ("Done.\r\n", false), ("Done\u{0600}.", false)] {
            #expect(HeadlineRules.endsLikeSentence(text[...]) == ends, "\(text.debugDescription)")
        }
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
