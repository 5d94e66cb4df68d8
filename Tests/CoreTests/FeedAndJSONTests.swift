import Foundation
import Testing
@testable import Core

@Suite("Feeds")
struct FeedParserTests {
    private func articles(_ text: String, name: String = "feed.xml") throws -> [ParsedArticle] {
        try ArticleParser().parse(Array(text.utf8), fileName: name)
    }

    @Test func rss2WithEncodedContentRelativeLinksAndZones() throws {
        let feed = """

            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
            <channel><title>Wire &amp; Co</title><link>https://wire.example/news/</link><language>en</language>
              <item><title>First &lt;b&gt;story&lt;/b&gt;</title><atom:link href="https://wire.example/self" rel="self"/>
                <link>/news/1</link><guid isPermaLink="false">id-1</guid><pubDate>Tue, 26 Nov 2024 10:15:00 +0100</pubDate>
                <dc:creator>Jane Doe</dc:creator><description>Short summary.</description>
                <content:encoded><![CDATA[<p>The full first paragraph.</p><p>The second paragraph.</p><p>Continue reading...</p>]]></content:encoded></item>
              <item><title>Second story</title><guid>https://wire.example/news/2</guid><description>&lt;p&gt;Escaped &lt;i&gt;HTML&lt;/i&gt; body.&lt;/p&gt;</description></item>
            </channel></rss>
            """
        let items = try articles(feed)
        #expect(items.count == 2)
        #expect(items[0].title == "First story")
        #expect(items[0].url == "https://wire.example/news/1")
        #expect(items[0].guid == "id-1")
        #expect(items[0].published.map(ISO8601.string) == "2024-11-26T09:15:00Z")
        #expect(items[0].author == "Jane Doe")
        #expect(items[0].source == "Wire & Co")
        #expect(items[0].body == "The full first paragraph.\n\nThe second paragraph.")
        #expect(items[0].item == 0 && items[1].item == 1)
        #expect(items[1].url == "https://wire.example/news/2")
        #expect(items[1].body == "Escaped HTML body.")
    }

    @Test func atomWithXHTMLContentAndBase() throws {
        let feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
              <title type="html">Dev &lt;em&gt;Notes&lt;/em&gt;</title><link href="https://blog.example/"/>
              <entry><title>Release 2.0</title><link rel="alternate" href="posts/release-2"/><id>tag:blog.example,2024:2</id>
                <published>2024-05-01T12:00:00-04:00</published><updated>2024-05-02T00:00:00Z</updated><author><name>Ann</name></author>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>It is <b>out</b>.</p><p>Upgrade now.</p></div></content></entry>
            </feed>
            """
        let items = try articles(feed, name: "dev.atom")
        let item = try #require(items.first)
        #expect(item.source == "Dev Notes")
        #expect(item.url == "https://blog.example/posts/release-2")
        #expect(item.guid == "tag:blog.example,2024:2")
        #expect(item.published.map(ISO8601.string) == "2024-05-01T16:00:00Z")
        #expect(item.author == "Ann")
        #expect(item.body == "It is out.\n\nUpgrade now.")
    }

    @Test func rss1AndLatin1() throws {
        var bytes = Array("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel rdf:about="https://x.example/"><title>Not
            """.utf8) + [0xED] + Array("cias</title><link>https://x.example/</link></channel>".utf8)
        bytes += Array("<item rdf:about=\"https://x.example/1\"><title>Elei".utf8) + [0xE7, 0xE3] + Array("o</title><link>https://x.example/1</link><dc:date>2024-10-06</dc:date><description>Texto.</description></item></rdf:RDF>".utf8)
        let items = try ArticleParser().parse(bytes, fileName: "x.rdf")
        #expect(items.first?.title == "Eleição")
        #expect(items.first?.source == "Notícias")
        #expect(items.first?.published.map(ISO8601.string) == "2024-10-06T00:00:00Z")
    }

    @Test func truncatedFeedKeepsCompleteItems() throws {
        var feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut</title>"
        for i in 0..<3 { feed += "<item><title>Item \(i)</title><link>http://x/\(i)</link><description>Text \(i).</description></item>" }
        feed += "<item><title>Item 3</title><link>http://x/3</li"
        let items = try articles(feed, name: "cut.rss")
        #expect(items.map(\.title) == ["Item 0", "Item 1", "Item 2"])
        #expect(throws: ParseError.self) { try articles("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Cut</title><item><title>Only", name: "c.rss") }
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let folder = TemporaryFolder()
        let token = "SECRET-\(UUID().uuidString)"
        try folder.write(token, to: "secret.txt")
        let feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://\(folder.path)/secret.txt"><!ENTITY % remote SYSTEM "file://\(folder.path)/secret.txt"> %remote;]>
            <rss version="2.0"><channel><title>T</title><item><title>Leak &xxe;</title><description>Body &xxe; here.</description></item></channel></rss>
            """
        let items = try articles(feed, name: "xxe.rss")
        for item in items {
            #expect(!item.title.contains(token) && !item.body.contains(token))
        }
    }

    @Test func billionLaughsDoesNotExpand() throws {
        var doctype = "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
        var previous = "lol"
        for i in 1...9 {
            doctype += "<!ENTITY lol\(i) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
            previous = "lol\(i)"
        }
        doctype += "]>"
        let feed = "<?xml version=\"1.0\"?>" + doctype + "<rss version=\"2.0\"><channel><title>L</title><item><title>Boom &lol9;</title><description>x</description></item></channel></rss>"
        let start = Date()
        let result = try? articles(feed, name: "laughs.rss")
        #expect(Date().timeIntervalSince(start) < 2)
        #expect((result?.first?.title.count ?? 0) < 1000)
    }

    @Test func htmlPageNamedAsAFeedIsRefused() {
        #expect(throws: ParseError.self) {
            try articles("<head><title>Document Moved</title></head><body><h1>Object Moved</h1></body>", name: "x.rss")
        }
    }

    @Test func jsonFeed() throws {
        let feed = """
            {"version":"https://jsonfeed.org/version/1.1","title":"JSON News","home_page_url":"https://j.example/",
             "items":[{"id":"1","url":"/a","title":"A","content_html":"<p>Alpha body.</p>","date_published":"2024-01-02T03:04:05Z","authors":[{"name":"Al"}]},
                      {"id":"2","title":"B","content_text":"Beta body."}]}
            """
        let items = try articles(feed, name: "feed.json")
        #expect(items.map(\.title) == ["A", "B"])
        #expect(items[0].url == "https://j.example/a")
        #expect(items[0].body == "Alpha body.")
        #expect(items[0].author == "Al")
        #expect(items[1].body == "Beta body.")
        #expect(items.allSatisfy { $0.source == "JSON News" })
    }
}

@Suite("JSON articles")
struct JSONArticleTests {
    private func parse(_ text: String, name: String = "a.json") throws -> [ParsedArticle] {
        try ArticleParser().parse(Array(text.utf8), fileName: name)
    }

    @Test func objectWithCommonFieldNames() throws {
        let article = try #require(try parse("""
            {"headline":"Rates held","articleBody":"The bank held rates.\\nIt will meet again in March.","link":"https://b.example/r",
             "datePublished":1732612500,"source":{"name":"Bank Watch"},"authors":["A One","B Two"]}
            """).first)
        #expect(article.title == "Rates held")
        #expect(article.body == "The bank held rates.\n\nIt will meet again in March.")
        #expect(article.url == "https://b.example/r")
        #expect(article.source == "Bank Watch")
        #expect(article.author == "A One, B Two")
        #expect(article.published.map(ISO8601.string) == "2024-11-26T09:15:00Z")
    }

    @Test func arraysWrappersAndHTMLContent() throws {
        let array = try parse("[{\"title\":\"One\",\"text\":\"First.\"},{\"title\":\"Two\",\"content\":\"<p>Second <b>body</b>.</p>\"}]")
        #expect(array.map(\.title) == ["One", "Two"])
        #expect(array[1].body == "Second body.")
        #expect(array.map(\.item) == [0, 1])
        let wrapped = try parse("{\"status\":\"ok\",\"articles\":[{\"title\":\"W\",\"body\":\"Wrapped.\"}]}")
        #expect(wrapped.first?.title == "W")
    }

    @Test func jsonLines() throws {
        let lines = "{\"title\":\"L1\",\"text\":\"One.\"}\n\n{\"title\":\"L2\",\"text\":\"Two.\"}\n"
        #expect(try parse(lines, name: "dump.jsonl").map(\.title) == ["L1", "L2"])
        // Lines of objects are JSON Lines even when the file says .json.
        #expect(try parse(lines, name: "dump.json").count == 2)
        do {
            _ = try parse("{\"title\":\"L1\",\"text\":\"One.\"}\n{\"title\": broken\n", name: "bad.jsonl")
            Issue.record("a broken line was accepted")
        } catch {
            #expect(String(describing: error).contains("line 2"))
        }
    }

    @Test func unknownShapesFailWithTheReason() {
        do {
            _ = try parse("{\"foo\": 1, \"bar\": [1, 2]}")
            Issue.record("accepted")
        } catch {
            #expect(String(describing: error).contains("JSON"))
        }
        #expect(throws: ParseError.self) { try parse("{\"title\": \"x\", ") }
        #expect(throws: ParseError.self) { try parse("[{\"id\": 1, \"views\": 5}]") }
    }
}

@Suite("Datelines, bylines and sniffing")
struct DatelineTests {
    @Test(arguments: [
        ("TEHRAN, Nov 26 (Reuters) - Iran's leader said", "TEHRAN", "Reuters"),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "AP"),
        ("Hong Kong (CNN Business) A muddled view", "Hong Kong", "CNN Business"),
        ("GAZA CITY, Gaza Strip — Residents fled", "GAZA CITY", nil),
        // Read past the quick checks: letters outside ASCII before the "(", an apostrophe second.
        ("São Paulo (Reuters) - Brazil’s markets fell", "São Paulo", "Reuters"),
        ("O'HARE, Ill. — Flights resumed", "O'HARE", nil),
    ] as [(String, String, String?)])
    func datelines(body: String, place: String, agency: String?) {
        #expect(Dateline.detect(in: body) == Dateline(place: place, agency: agency))
    }

    @Test func notDatelines() {
        for body in ["President Trump (R) said on Monday", "The storm arrived at dawn.", "Apple Inc. shares rose",
                     "the WASHINGTON (AP) — lower case first", "“TEHRAN (Reuters) - a quote first", "",
                     "Paris is calm. " + String(repeating: "x", count: 700) + " (AFP) - far away"] {
            #expect(Dateline.detect(in: body) == nil, "\(body)")
        }
    }

    @Test func bylineBecomesTheAuthor() throws {
        let article = try PlainTextParser.parse("Iran hails truce\n\nBy Parisa Hafezi, Reuters\n\nTEHRAN, Nov 26 (Reuters) - The leader spoke.", markdown: false)
        #expect(article.author == "Parisa Hafezi")
        #expect(article.body == "TEHRAN, Nov 26 (Reuters) - The leader spoke.")
        let content = ArticlePipeline().content(of: Array("Iran hails truce\n\nTEHRAN, Nov 26 (Reuters) - The leader spoke.".utf8), origin: "x.txt")
        guard case .articles(let articles) = content else { Issue.record("\(content)"); return }
        #expect(articles.first?.parsed.source == "Reuters")
        #expect(articles.first?.parsed.dateline == "TEHRAN")
    }

    @Test func sniffingByContentOverExtension() {
        #expect(FormatSniffer.sniff(Array("<!doctype html><html>".utf8), fileName: "saved.txt") == .html)
        #expect(FormatSniffer.sniff(Array("\n<?xml version='1.0'?><rss>".utf8), fileName: "x") == .feed)
        #expect(FormatSniffer.sniff(Array("{\"title\":1}".utf8), fileName: "noext") == .json)
        #expect(FormatSniffer.sniff(Array("# Heading".utf8), fileName: "notes.md") == .markdown)
        #expect(FormatSniffer.sniff(Array("Headline\n\nBody".utf8), fileName: "a.txt") == .text)
        #expect(CharsetSniffer.xmlDeclaredEncoding(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>".utf8)) == "ISO-8859-1")
        #expect(CharsetSniffer.metaCharset(Array("<meta charset=\"Shift_JIS\">".utf8)) == "shift_jis")
    }
}
