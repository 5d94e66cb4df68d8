import Foundation
import Testing
@testable import Core
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small, fixed digest: two stories, a hostile headline, quotes, figures that disagree, a failure.
enum DigestFixture {
    static let day = DayKey(year: 2026, month: 11, day: 22)
    static let noon = Date(timeIntervalSince1970: 1_795_348_800) // 2026-11-22T12:00:00Z

    static var digest: Digest {
        let quake = DigestStory(
            id: 7, headline: "Quake of magnitude 6.1 strikes off the coast", firstSeen: noon.addingTimeInterval(-86_400 * 2),
            isContinuing: true,
            summary: ["A magnitude 6.1 earthquake struck off the coast on Sunday.", "Rescue teams reached the town by nightfall."],
            articles: [
                DigestArticle(id: 11, title: "Quake strikes off the coast", source: "Wire", origin: "wire/quake.txt",
                              url: "https://example.org/quake", ingestedAt: noon, copies: 1),
                DigestArticle(id: 12, title: "Rescuers reach quake town", source: "Daily", origin: "daily/quake.html",
                              url: "javascript:alert(1)", ingestedAt: noon.addingTimeInterval(600), copies: 0),
            ],
            sourceCount: 2,
            quotes: [DigestQuote(speaker: "Ana Lima", text: "We felt the whole building move for a long time", source: "Wire", article: 11)],
            figures: [DigestFigure(text: "at least 12 people", value: 12, what: "people killed", attribution: "the civil defence", source: "Wire", article: 11)],
            disagreements: [DigestDisagreement(what: "people killed", reports: [
                DigestFigure(text: "at least 12 people", value: 12, what: "people killed", attribution: "the civil defence", source: "Wire", article: 11),
                DigestFigure(text: "20 people", value: 20, what: "people killed", attribution: "hospital officials", source: "Daily", article: 12),
            ])],
            entities: [DigestEntity(name: "Ana Lima", type: .person, articles: 1), DigestEntity(name: "Chile", type: .place, articles: 2)])
        let hostile = DigestStory(
            id: 9, headline: "<script>alert(1)</script> & \"friends\"", firstSeen: noon, isContinuing: false,
            summary: ["Text with <b>markup</b> & an [injected](javascript:x) link."],
            articles: [DigestArticle(id: 13, title: "<script>alert(1)</script>", source: nil, origin: "x<y>.txt", url: nil,
                                     ingestedAt: noon, copies: 0)],
            sourceCount: 1)
        return Digest(day: day, timeZone: "UTC", generatedAt: noon.addingTimeInterval(3600), articleCount: 4, duplicateCount: 1,
                      sourceCount: 3, stories: [quake, hostile],
                      moreStories: [DigestStory(id: 21, headline: "Council <b>approves</b> budget", firstSeen: noon, isContinuing: false,
                                                summary: [], articles: [DigestArticle(id: 31, title: "Budget approved", source: "Local",
                                                                                      origin: "local/budget.txt", url: nil, ingestedAt: noon, copies: 0)],
                                                sourceCount: 1)],
                      failures: [FailedFile(origin: "broken.json", reason: "not JSON: unexpected end", at: noon, path: nil)])
    }
}

@Suite("Digest renderings")
struct DigestRenderingTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").path

    /// Compares with the golden file; `NEWSD_UPDATE_GOLDEN=1 swift test` rewrites it after a deliberate change.
    private func expectGolden(_ text: String, _ name: String) throws {
        let path = Self.golden + "/" + name
        if ProcessInfo.processInfo.environment["NEWSD_UPDATE_GOLDEN"] != nil {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file")
    }

    @Test func markdownMatchesGolden() throws {
        try expectGolden(MarkdownDigestRenderer().render(DigestFixture.digest), "digest.md")
    }

    @Test func htmlMatchesGolden() throws {
        try expectGolden(HTMLDigestRenderer().render(DigestFixture.digest), "digest.html")
    }

    @Test func jsonMatchesGoldenAndReadsBack() throws {
        let bytes = try JSONDigestRenderer().render(DigestFixture.digest)
        try expectGolden(String(decoding: bytes, as: UTF8.self), "digest.json")
        #expect(try JSONDigestRenderer.decode(bytes) == DigestFixture.digest)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["date"] as? String == "2026-11-22")
        let story = try #require((object["stories"] as? [[String: Any]])?.first)
        for key in ["id", "headline", "summary", "articles", "quotes", "figures", "entities"] { #expect(story[key] != nil, "\(key)") }
        #expect(story["summary"] as? String == "A magnitude 6.1 earthquake struck off the coast on Sunday. Rescue teams reached the town by nightfall.")
        let article = try #require((story["articles"] as? [[String: Any]])?.first)
        for key in ["id", "origin", "title", "source", "url"] { #expect(article[key] != nil, "\(key)") }
    }

    @Test func atomMatchesGolden() throws {
        try expectGolden(AtomFeedRenderer(folder: "/var/lib/newsd/digests").render([DigestFixture.digest]), "feed.xml")
    }

    @Test func htmlEscapesEverythingFromArticles() {
        let html = HTMLDigestRenderer().render(DigestFixture.digest)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"))
        #expect(html.contains("Text with &lt;b&gt;markup&lt;/b&gt;"))
        #expect(!html.contains("href=\"javascript"))                // only http(s) URLs become links
        #expect(html.contains("<a href=\"https://example.org/quake\" rel=\"noopener noreferrer\">"))
        #expect(html.contains("<code>x&lt;y&gt;.txt</code>"))
        #expect(!html.contains("http-equiv=\"refresh\""))
        #expect(!html.contains("<img") && !html.contains("<link") && !html.contains("src="))
    }

    @Test func contentSecurityPolicyAllowsOnlyTheOwnStylesheet() throws {
        let html = HTMLDigestRenderer().render(DigestFixture.digest)
        let start = try #require(html.range(of: "<style>"))
        let end = try #require(html.range(of: "</style>"))
        let css = String(html[start.upperBound..<end.lowerBound])
        let hash = Data(SHA256.digest(Array(css.utf8))).base64EncodedString()
        #expect(html.contains("content=\"default-src 'none'; style-src 'sha256-\(hash)';"))
        #expect(html.components(separatedBy: "<style>").count == 2)    // one stylesheet, the hashed one
    }

    @Test func markdownDoesNotTurnArticleTextIntoMarkup() {
        let markdown = MarkdownDigestRenderer().render(DigestFixture.digest)
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(markdown.contains("\\[injected\\](javascript:x)"))
        #expect(!markdown.contains("<javascript"))
        #expect(markdown.contains("<https://example.org/quake>"))
    }

    @Test func atomFeedIsWellFormedWithTheRequiredElements() throws {
        let days = (0..<35).map { offset -> Digest in
            var digest = DigestFixture.digest
            digest.day = DigestFixture.day.adding(days: -offset)
            digest.generatedAt = DigestFixture.noon.addingTimeInterval(Double(-offset) * 86_400)
            return digest
        }
        let feed = AtomFeedRenderer(folder: "/d").render(days.shuffled())
        let elements = try XMLElementCounter.count(feed)
        #expect(elements["feed"] == 1)
        #expect(elements["entry"] == AtomFeedRenderer.entries)
        #expect(elements["id"] == AtomFeedRenderer.entries + 1)
        #expect(elements["updated"] == AtomFeedRenderer.entries + 1)
        #expect(elements["content"] == AtomFeedRenderer.entries)
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"2026-11-22.html\"/>"))
        #expect(!feed.contains("href=\"2026-10-18.html\""))           // the 35th day is past the last 30
        #expect(feed.contains("&lt;script&gt;") && !feed.contains("<script"))
    }
}

/// Counts element names with Foundation's XML parser: it fails on anything not well-formed.
final class XMLElementCounter: NSObject, XMLParserDelegate {
    private var counts: [String: Int] = [:]

    static func count(_ xml: String) throws -> [String: Int] {
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = XMLElementCounter()
        parser.delegate = counter
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
        return counter.counts
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
    }
}

@Suite("Digest content")
struct DigestContentTests {
    private func story(_ id: Int64, sources: Int, articles: Int, continuing: Bool = false, at time: Date = DigestFixture.noon) -> DigestStory {
        DigestStory(id: id, headline: "s\(id)", firstSeen: time, isContinuing: continuing, summary: [],
                    articles: (0..<articles).map { i in
                        DigestArticle(id: id * 100 + Int64(i), title: "t", source: "src\(i % sources)", origin: "o", url: nil,
                                      ingestedAt: time, copies: 0)
                    },
                    sourceCount: sources)
    }

    @Test func rankingPutsCoverageFirstThenNewness() {
        let (start, end) = DigestFixture.day.interval(in: TimeZone(identifier: "UTC") ?? .current)
        let ranked = DigestRanking.rank([
            story(1, sources: 1, articles: 4),                   // one outlet's updates
            story(2, sources: 3, articles: 3),                   // three outlets
            story(3, sources: 2, articles: 2, continuing: true),
            story(4, sources: 2, articles: 2),                   // the same coverage, new today
            story(5, sources: 1, articles: 1),
            story(6, sources: 1, articles: 1, at: DigestFixture.noon.addingTimeInterval(3 * 3600)), // later in the day
        ], dayStart: start, dayEnd: end)
        #expect(ranked.map(\.id) == [2, 4, 3, 1, 6, 5])
    }

    @Test func summaryNeverRepeatsASentenceTwoSourcesShare() {
        let shared = "The central bank raised its main interest rate by half a point to 4.5% on Thursday, its third rise this year."
        let documents = [
            StorySummarizer.Document(title: "Central bank raises rates again", body: shared + " Markets had expected a smaller rise. Shares in banks fell by 2% after the announcement was made in the capital."),
            StorySummarizer.Document(title: "Rates up by half a point", body: shared.replacingOccurrences(of: "on Thursday", with: "on Thursday morning") + " The governor said inflation was still far too high for comfort. Mortgage lenders are expected to pass on the rise within days."),
        ]
        let summary = StorySummarizer.summarize(documents, budget: .sentences(3))
        #expect(summary.count == 3)
        #expect(summary.filter { $0.text.contains("raised its main interest rate") }.count == 1)
        // Reading order: by article, then by position in it.
        #expect(summary.map { [$0.document, $0.position] } == summary.map { [$0.document, $0.position] }.sorted { $0.lexicographicallyPrecedes($1) })
    }

    @Test func summaryKeepsToTheWordBudget() {
        let body = (1...12).map { "Sentence number \($0) says something different about the flood in the valley town today." }.joined(separator: " ")
        let summary = StorySummarizer.summarize([StorySummarizer.Document(title: "Flood in the valley", body: body)], budget: .words(40))
        let words = summary.reduce(0) { $0 + $1.text.split(separator: " ").count }
        #expect(!summary.isEmpty && words <= 40, "\(words) words")
        #expect(StorySummarizer.summarize([], budget: .words(40)).isEmpty)
    }

    @Test func keyQuotesPreferNamedSpeakersAndDropRepeatsAndScareQuotes() {
        let quotes = [
            DigestQuote(speaker: nil, text: "We will rebuild every house that was lost in the fire", source: "A", article: 1),
            DigestQuote(speaker: "Maria Costa", text: "terrorists", source: "A", article: 1),
            DigestQuote(speaker: "Maria Costa", text: "We will rebuild every house that was lost in the fire, every one", source: "B", article: 2),
            DigestQuote(speaker: "Maria Costa", text: "The fire service did everything it could that night", source: "B", article: 2),
            DigestQuote(speaker: "John Reed", text: "Nobody told us the road out of the valley was closed", source: "C", article: 3),
        ]
        let chosen = KeyQuotes.select(quotes, limit: 3)
        #expect(chosen.map(\.speaker) == ["Maria Costa", "John Reed", "Maria Costa"])
        #expect(!chosen.contains { $0.text == "terrorists" })
        #expect(chosen.filter { $0.text.contains("rebuild every house") }.count == 1)
    }

    /// A figure whose noun came before it is shown with the noun; one written with its noun, money and
    /// percentages are shown as written.
    @Test func figuresAreShownWithTheNounTheyCount() throws {
        let seeds = try seedTexts()
        let meeting = try #require(seeds.first { $0.name == "002" }).article
        let figures = ArticleAnalyzer.analyze(meeting).figures
        let toll = try #require(figures.first { $0.value == 2_140 })
        #expect(toll.text == "2,140")
        #expect(DigestFigure(toll, source: "Press TV", article: 1).text == "2,140 fatalities")
        #expect(DigestFigure(toll, source: "Press TV", article: 1).what == "fatalities killed")
        let children = try #require(figures.first { $0.value == 577 })
        #expect(DigestFigure(children, source: "Press TV", article: 1).text == children.text)
        let money = Figure(text: "$3.5bn", value: 3.5e9, qualifier: nil, what: "dollars", event: nil, attribution: nil)
        let share = Figure(text: "12%", value: 12, qualifier: nil, what: "percent", event: nil, attribution: nil)
        #expect(DigestFigure.shownText(money) == "$3.5bn" && DigestFigure.shownText(share) == "12%")
        let worded = Figure(text: "Almost 30,000 Palestinians", value: 30_000, qualifier: "almost", what: "palestinians", event: nil, attribution: nil)
        #expect(DigestFigure.shownText(worded) == "Almost 30,000 Palestinians")
        let carried = Figure(text: "1,100", value: 1_100, qualifier: nil, what: "people", event: "injured", attribution: nil)
        #expect(DigestFigure.shownText(carried) == "1,100 people")
        // "225 firm orders and options on 193 more": a modifier taken for the noun is not added.
        let modifier = Figure(text: "193", value: 193, qualifier: nil, what: "firm", event: nil, attribution: nil)
        #expect(DigestFigure.shownText(modifier) == "193")
    }

    /// One or two of something is listed only when something happened to them; money, shares and
    /// larger counts always.
    @Test func smallCountsAreListedOnlyWithAnEvent() {
        func figure(_ value: Double, _ what: String, _ event: String? = nil) -> Figure {
            Figure(text: "\(value)", value: value, qualifier: nil, what: what, event: event, attribution: "Brown")
        }
        #expect(!DigestFigure.isWorthListing(figure(2, "agendas")))
        #expect(!DigestFigure.isWorthListing(figure(1, "piece")))
        #expect(DigestFigure.isWorthListing(figure(2, "people", "killed")))
        #expect(DigestFigure.isWorthListing(figure(1.5, "percent")) && DigestFigure.isWorthListing(figure(2, "dollars")))
        #expect(DigestFigure.isWorthListing(figure(3, "agendas")))
    }

    @Test func storyEntitiesAreCountedPerArticleUnderTheirFullName() {
        let entities = StoryEntities.top([
            [Entity(name: "Ali Khamenei", kind: .person, mentions: 3), Entity(name: "Gaza", kind: .place)],
            [Entity(name: "Khamenei", kind: .person, canonical: "Ali Khamenei"), Entity(name: "Hamas", kind: .organization, mentions: 5)],
        ])
        #expect(entities.first == DigestEntity(name: "Ali Khamenei", type: .person, articles: 2))
        #expect(entities.map(\.name) == ["Ali Khamenei", "Hamas", "Gaza"])
    }
}

@Suite("Digest files")
struct DigestFileTests {
    @Test func renderingsAreWrittenTogetherOrNotAtAll() throws {
        let folder = TemporaryFolder()
        let first = folder.path + "/a.md"
        try "old".write(toFile: first, atomically: true, encoding: .utf8)
        // The second file cannot be written (its folder does not exist): the first must not change.
        #expect(throws: WriteError.self) {
            try AtomicWriter.writeTogether([(first, Array("new".utf8)), (folder.path + "/missing/b.html", Array("x".utf8))])
        }
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.md"])   // no temporary left

        try AtomicWriter.writeTogether([(first, Array("new".utf8)), (folder.path + "/b.html", Array("x".utf8))])
        #expect(try String(contentsOfFile: first, encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.md", "b.html"])
    }
}
