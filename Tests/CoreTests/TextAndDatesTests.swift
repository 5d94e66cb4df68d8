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

    /// Collapsing white space against its definition, over random texts long enough for the eight-byte
    /// blocks: runs of ASCII, control bytes, DEL, letters of two to four bytes and every space it knows,
    /// at every offset from a block's edge.
    @Test func collapsesSpacesAsDefined() {
        let spaces: Set<Unicode.Scalar> = Set([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
            .compactMap(Unicode.Scalar.init) + (0x2000...0x200A).compactMap(Unicode.Scalar.init))
        func reference(_ text: String) -> String {
            var words: [String] = []
            var word = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                if spaces.contains(scalar) {
                    if !word.isEmpty { words.append(String(word)); word = String.UnicodeScalarView() }
                } else {
                    word.append(scalar)
                }
            }
            if !word.isEmpty { words.append(String(word)) }
            return words.joined(separator: " ")
        }
        let pieces = ["a", "word", "Gaza,", "x", "\u{7F}", "\u{01}", "é", "中", "😀", "\u{2030}", "\u{2000}", "\u{200B}",
                      " ", "  ", "\t", "\n", "\u{A0}", "\u{85}", "\u{2009}", "\u{202F}", "\u{3000}", "\u{2029}", "abcdefghijklmnopq"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined()
            #expect(collapseSpaces(text) == reference(text), "\(text.debugDescription)")
        }
        #expect(collapseSpaces("  The central bank raised its rate  by a quarter point \n") == "The central bank raised its rate by a quarter point")
    }

    /// The eight-byte test of plain text against a byte loop: printable ASCII, and single spaces with
    /// printable bytes on both sides, the last byte's neighbour unknown.
    @Test func plainTextPrefixCountsWhatALoopCounts() {
        let pool: [UInt8] = [0x20, 0x20, 0x21, 0x61, 0x7A, 0x7F, 0x80, 0xC3, 0x09, 0x0A, 0x00, 0x1F]
        var generator = SystemRandomNumberGenerator()
        func printable(_ byte: UInt8) -> Bool { byte >= 0x21 && byte < 0x80 }
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in pool.randomElement(using: &generator) ?? 0x61 }
            var expected = 0
            while expected < 8 {
                let byte = bytes[expected]
                if printable(byte) || (byte == 0x20 && expected > 0 && expected < 7 && printable(bytes[expected + 1])) {
                    expected += 1
                } else {
                    break
                }
            }
            let run = bytes.withUnsafeBufferPointer { buffer in buffer.baseAddress.map(ByteScan.plainTextPrefix) }
            #expect(run == expected, "\(bytes)")
        }
    }

    /// The eight-byte searches against byte loops, from every start, with the sought bytes at every
    /// offset from a block's edge, and none at all.
    @Test func firstOfFindsWhatALoopFinds() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 33, 100] {
            for _ in 0..<20 {
                // Mostly letters; now and then one of the sought bytes (of either search).
                let bytes = (0..<length).map { _ in
                    UInt8.random(in: 0...30, using: &generator) == 0
                        ? [0x0A, 0x2E, 0x21, 0x3F, 0xE2, 0x22, 0x27, 0x80, 0xC3, 0xFF].randomElement(using: &generator) ?? 0x2E
                        : UInt8.random(in: 0x61...0x7A, using: &generator)
                }
                for start in 0...length {
                    let expected = bytes[start...].firstIndex { [0x0A, 0x2E, 0x21, 0x3F, 0xE2].contains($0) } ?? length
                    let found = bytes.withUnsafeBufferPointer { ByteScan.firstOf(0x0A, 0x2E, 0x21, 0x3F, 0xE2, in: $0, from: start) }
                    #expect(found == expected, "\(bytes) from \(start)")
                    let expectedQuoteByte = bytes[start...].firstIndex { $0 >= 0x80 || [0x22, 0x27, 0x0A].contains($0) } ?? length
                    let foundQuoteByte = bytes.withUnsafeBufferPointer { ByteScan.firstNonASCII(orOneOf: 0x22, 0x27, 0x0A, in: $0, from: start) }
                    #expect(foundQuoteByte == expectedQuoteByte, "\(bytes) from \(start)")
                }
            }
        }
    }

    @Test func linesKeepEmptyOnes() {
        #expect("a\n\nb\n".lines() == ["a", "", "b", ""])
        #expect("".lines() == [""])
        #expect("é\n😀".lines() == ["é", "😀"])
        #expect("xx\nab\ncd\nyy".dropFirst(3).dropLast(3).lines() == ["ab", "cd"])
    }
}
