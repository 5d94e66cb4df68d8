import Foundation
import Testing
@testable import Core

@Suite("Sentences")
struct SentenceSplitterTests {
    @Test(arguments: [
        ("He met Gen. Smith in Washington. They talked.", ["He met Gen. Smith in Washington.", "They talked."]),
        ("The U.S. State Department criticised it. Iran replied.", ["The U.S. State Department criticised it.", "Iran replied."]),
        ("Sanctions by the U.S. The move was expected.", ["Sanctions by the U.S.", "The move was expected."]),
        ("Growth was 3.5% in Jan. 2024, up from 2.1%. Good.", ["Growth was 3.5% in Jan. 2024, up from 2.1%.", "Good."]),
        ("George W. Bush spoke at 5 p.m. on Friday. He left.", ["George W. Bush spoke at 5 p.m. on Friday.", "He left."]),
        ("\"Is it over?\" she asked. \"Yes.\" He nodded.", ["\"Is it over?\" she asked.", "\"Yes.\"", "He nodded."]),
        ("Some governments… have not. But this is not acceptable.", ["Some governments… have not.", "But this is not acceptable."]),
        ("He said “the defeat is a fact.” Then he left.", ["He said “the defeat is a fact.”", "Then he left."]),
        ("It ended.The next began.", ["It ended.", "The next began."]),
        ("See example.com/Page.Html for more. Done.", ["See example.com/Page.Html for more.", "Done."]),
        ("A headline without a period\nThe body starts here.", ["A headline without a period", "The body starts here."]),
        ("(This was expected.) Markets rose.", ["(This was expected.)", "Markets rose."]),
        ("Sen. Elizabeth Warren and Rep. Jim Jordan spoke. Both left.", ["Sen. Elizabeth Warren and Rep. Jim Jordan spoke.", "Both left."]),
        ("Ayatollah Ali Khamenei met Dr. Alan Grey and Mr. Smith Jr. on Monday. They spoke.",
         ["Ayatollah Ali Khamenei met Dr. Alan Grey and Mr. Smith Jr. on Monday.", "They spoke."]),
        ("J. R. R. Tolkien wrote it. It sold.", ["J. R. R. Tolkien wrote it.", "It sold."]),
        ("The vote is at 10:30 a.m. Tuesday, when 52.4 percent must agree. Few expect it.",
         ["The vote is at 10:30 a.m. Tuesday, when 52.4 percent must agree.", "Few expect it."]),
        ("The plan has three parts:\n1. Cut taxes.\n2. Build roads.\n- Hire teachers", ["The plan has three parts:", "1. Cut taxes.", "2. Build roads.", "- Hire teachers"]),
        ("“Why now?” asked the minister. Nobody answered.", ["“Why now?” asked the minister.", "Nobody answered."]),
        ("He left (for good). She stayed [as planned].", ["He left (for good).", "She stayed [as planned]."]),
        ("Officials from the U.N. Security Council met. They agreed.", ["Officials from the U.N. Security Council met.", "They agreed."]),
    ])
    func hardCases(text: String, expected: [String]) {
        #expect(SentenceSplitter.split(text).map(String.init) == expected)
    }
}

@Suite("Dates")
struct DateParserTests {
    @Test(arguments: [
        ("2024-11-26", "2024-11-26T00:00:00Z"),
        ("2024-11-26T10:15:30Z", "2024-11-26T10:15:30Z"),
        ("2024-11-26T10:15:30.250+01:00", "2024-11-26T09:15:30Z"),
        ("2024-11-26 10:15", "2024-11-26T10:15:00Z"),
        ("Tue, 26 Nov 2024 10:15:00 +0100", "2024-11-26T09:15:00Z"),
        ("Tue, 26 Nov 2024 10:15:00 GMT", "2024-11-26T10:15:00Z"),
        ("26 Nov 24 10:15 EST", "2024-11-26T15:15:00Z"),
        ("November 26, 2024", "2024-11-26T00:00:00Z"),
        ("26 November 2024", "2024-11-26T00:00:00Z"),
    ])
    func parses(text: String, iso: String) {
        #expect(DateParser.parse(text).map(ISO8601.string) == iso)
    }

    @Test func refuses() {
        for text in ["", "yesterday", "2024-13-01", "32 Nov 2024", "Tue, 26 Nov 2024 25:00:00 GMT"] {
            #expect(DateParser.parse(text) == nil, "\(text)")
        }
    }
}

@Suite("Markdown digest")
struct MarkdownDigestRendererTests {
    @Test func escapesArticleTextAndListsEverything() {
        let day = DayKey(year: 2026, month: 11, day: 22)
        let article = DigestArticle(id: 1, title: "<script>alert(1)</script> [click](javascript:x)", source: "Wire *News*",
                                    origin: "in`box/a.txt", url: "javascript:alert(1)", ingestedAt: Date(), copies: 1)
        let digest = Digest(day: day, timeZone: "UTC", generatedAt: Date(), articleCount: 2, duplicateCount: 1, sourceCount: 1,
                            stories: [DigestStory(id: 1, headline: "# Not a heading", firstSeen: Date(), isContinuing: false,
                                                  summary: ["First <b>sentence</b>."], articles: [article], sourceCount: 1)],
                            failures: [FailedFile(origin: "x.bin", reason: "binary", at: Date(), path: nil)])
        let markdown = MarkdownDigestRenderer().render(digest)
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\> \\[click\\](javascript:x)"))
        #expect(markdown.contains("## 1. \\# Not a heading"))
        #expect(!markdown.contains("<javascript"))               // only http(s) links become links
        #expect(markdown.contains("**Wire \\*News\\***"))
        #expect(markdown.contains("`in'box/a.txt`"))
        #expect(markdown.contains("also received 1 copy"))
        #expect(markdown.contains("## Could not be read"))
        #expect(markdown.contains("2 articles from 1 source in 1 story · 1 duplicate · 1 file could not be read"))
    }
}

@Suite("Trimming and lines")
struct TrimmingTests {
    @Test func trimsWhatFoundationTrims() {
        let samples = ["  a b  ", "\t\u{00A0}Gaza\u{2009}", "\u{3000}", "", "x", " \n line \n ", "\u{2028}é\u{85}", "a\u{0301} "]
        for sample in samples {
            #expect(sample.trimmingSpaces() == sample.trimmingCharacters(in: .whitespaces), "\(sample.debugDescription)")
            #expect(sample.trimmingWhitespace() == sample.trimmingCharacters(in: .whitespacesAndNewlines), "\(sample.debugDescription)")
        }
    }

    @Test func linesKeepEmptyOnes() {
        #expect("a\n\nb\n".lines() == ["a", "", "b", ""])
        #expect("".lines() == [""])
        #expect("é\n😀".lines() == ["é", "😀"])
        #expect("xx\nab\ncd\nyy".dropFirst(3).dropLast(3).lines() == ["ab", "cd"])
    }
}
