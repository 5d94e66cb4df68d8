import Foundation
import Testing
@testable import Core

@Suite("HTML pages")
struct HTMLExtractionTests {
    private func parse(_ html: String, name: String = "page.html") throws -> ParsedArticle {
        let articles = try ArticleParser().parse(Array(html.utf8), fileName: name)
        return try #require(articles.first)
    }

    static let newsPage = """
        <!doctype html><html lang="en-GB"><head><meta charset="utf-8">
        <title>Storm hits the coast | The Coastal Times</title>
        <meta property="og:site_name" content="The Coastal Times">
        <meta property="og:title" content="Storm hits the coast">
        <meta name="author" content="By Jane Doe">
        <meta property="article:published_time" content="2024-11-26T10:15:00+01:00">
        <link rel="canonical" href="https://example.com/storm">
        <script>var tracking = "<p>not text</p>";</script><style>p { color: red }</style>
        </head><body>
        <header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
        <main><article>
          <h1>Storm hits the coast</h1>
          <div class="byline">By Jane Doe, 26 November 2024</div>
          <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
          <p>A powerful storm struck the northern coast on Tuesday, flooding streets, cutting power to thousands of homes and forcing the evacuation of two villages.</p>
          <figure><img src="a.jpg"><figcaption>Waves over the harbour wall. Photo: Agency</figcaption></figure>
          <p>Emergency services said about 1,200 people had spent the night in shelters, and that the worst of the weather would pass by Wednesday afternoon.</p>
          <div class="ad-slot">Advertisement</div>
          <p>"We have not seen water this high in thirty years," said the mayor, who asked residents to stay away from the seafront until the wind drops.</p>
          <aside class="related"><h3>Related</h3><ul><li><a href="/1">Earlier storm cost millions</a></li><li><a href="/2">How to prepare for floods</a></li></ul></aside>
        </article></main>
        <section id="comments"><p>Great reporting, thanks! This comment is long enough to look like a paragraph of real text.</p></section>
        <footer class="site-footer"><p>© 2024 The Coastal Times. All rights reserved.</p></footer>
        </body></html>
        """

    @Test func bodyWithoutFurniture() throws {
        let article = try parse(Self.newsPage)
        let paragraphs = article.body.components(separatedBy: "\n\n")
        #expect(paragraphs.count == 3)
        #expect(paragraphs.first?.hasPrefix("A powerful storm struck") == true)
        #expect(paragraphs.last?.hasPrefix("\"We have not seen water") == true)
        for furniture in ["Home", "Share on Facebook", "Advertisement", "Related", "Great reporting", "All rights reserved",
                          "Waves over the harbour", "not text", "color: red"] {
            #expect(!article.body.contains(furniture), "body keeps \(furniture)")
        }
    }

    @Test func metadata() throws {
        let article = try parse(Self.newsPage)
        #expect(article.title == "Storm hits the coast")
        #expect(article.source == "The Coastal Times")
        #expect(article.author == "Jane Doe")
        #expect(article.published.map(ISO8601.string) == "2024-11-26T09:15:00Z")
        #expect(article.url == "https://example.com/storm")
        #expect(article.language == "en-GB")
    }

    @Test func titleFromDocumentTitleWithoutSiteSuffix() throws {
        let html = "<html><head><title>Markets rally on rate hopes - Daily Ledger</title></head><body><div class='content'><p>"
            + String(repeating: "Stocks climbed across Asia and Europe as investors bet on lower rates. ", count: 4) + "</p></div></body></html>"
        #expect(try parse(html).title == "Markets rally on rate hopes")
    }

    @Test func jsonLDFirst() throws {
        let body = (1...6).map { "Paragraph \($0) of the structured body, which the publisher wrote for search engines, says more than the page shows." }
        let html = """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Page"},
             {"@type":"NewsArticle","headline":"Council approves budget","datePublished":"2024-03-05T08:00:00Z",
              "author":[{"@type":"Person","name":"Sam Lee"}],"publisher":{"@type":"Organization","name":"City Post"},
              "articleBody":"\(body.joined(separator: "\\n"))"}]}
            </script></head><body><div class="teaser"><p>Only a teaser of the story is in the markup, nothing more than a line or two.</p></div></body></html>
            """
        let article = try parse(html)
        #expect(article.title == "Council approves budget")
        #expect(article.author == "Sam Lee")
        #expect(article.source == "City Post")
        #expect(article.published.map(ISO8601.string) == "2024-03-05T08:00:00Z")
        #expect(article.body.components(separatedBy: "\n\n").count == 6)
    }

    @Test func bodyNamedByThePageWins() throws {
        let html = """
            <html><body><div class="sidebar"><p>\(String(repeating: "Sidebar text about other things entirely, long enough. ", count: 5))</p></div>
            <div itemprop="articleBody"><p>\(String(repeating: "The real story is here, in the element the page names as its body. ", count: 6))</p></div></body></html>
            """
        let article = try parse(html)
        #expect(article.body.hasPrefix("The real story is here"))
        #expect(!article.body.contains("Sidebar"))
    }

    @Test func breakSeparatedTextAndInlineSpacing() throws {
        let html = """
            <html><body><div class="post-body">First line of the post, long enough to be read as a paragraph of text.<br>
            <div class="separator"><a href="i.jpg"><img src="i.jpg"></a></div><br>
            Second line: prices <a href="/x">rose</a> <b>sharply</b> in <i>March</i>, the office said on Friday.<br></div></body></html>
            """
        let article = try parse(html)
        #expect(article.body == "First line of the post, long enough to be read as a paragraph of text.\n\nSecond line: prices rose sharply in March, the office said on Friday.")
    }

    @Test func hiddenElementsAreNotText() throws {
        let html = """
            <html><body><article><p>\(String(repeating: "Visible paragraph text for the reader, a sentence long. ", count: 3))</p>
            <p style="display: none">Hidden text</p><div hidden>Also hidden</div><span aria-hidden="true">Icon label</span></article></body></html>
            """
        let article = try parse(html)
        #expect(!article.body.contains("Hidden text") && !article.body.contains("Also hidden") && !article.body.contains("Icon label"))
    }

    @Test func windows1252PageAndMislabelledUTF8() throws {
        var bytes = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><article><p>".utf8)
        bytes += [0x93] + Array("Caf".utf8) + [0xE9, 0x94] + Array(" opened on the corner, serving coffee to the whole street from seven o'clock.".utf8)
        bytes += Array("</p></article></body></html>".utf8)
        let legacy = try #require(try ArticleParser().parse(bytes, fileName: "p.html").first)
        #expect(legacy.body.hasPrefix("“Café” opened"))

        let mislabelled = "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Zoë’s café in Zürich opened on Monday, serving coffee to the whole street.</p></article></body></html>"
        #expect(try parse(mislabelled).body.hasPrefix("Zoë’s café in Zürich"))
    }

    @Test func deepNestingIsReadWithABoundedTree() throws {
        let sentence = "Deep inside the nesting there is one sentence of text, which is still read."
        let html = "<html><body>" + String(repeating: "<div>", count: 200_000) + "<p>\(sentence)</p>" + String(repeating: "</div>", count: 200_000) + "</body></html>"
        let tree = PageTreeBuilder.build(utf8: Array(html.utf8))
        #expect(tree.nodes.count < PageTreeBuilder.maximumDepth + 10)
        #expect(try parse(html).body == sentence)
    }

    @Test func pageWithoutTextFails() {
        #expect(throws: ParseError.malformed("the page holds no article text")) {
            try ArticleParser().parse(Array("<html><body><nav><a href='/'>Home</a></nav></body></html>".utf8), fileName: "x.html")
        }
    }

    @Test func prefilterKeepsJSONLDAndCutsScripts() {
        let html = "<p>a</p><SCRIPT type='text/javascript'>if (a < b) { x = '</div>'; }</script><!-- note --><style>p{}</style>"
            + "<script type=\"application/ld+json\">{\"a\":1}</script><svg><text>svg</text></svg><p>b</p><script>never closed"
        let stripped = String(decoding: HTMLPrefilter.strip(Array(html.utf8)), as: UTF8.self)
        #expect(stripped == "<p>a</p><script type=\"application/ld+json\">{\"a\":1}</script><p>b</p>")
    }
}

/// The extraction benchmark pages in ../shared, scored the way the ScrapingHub benchmark scores them.
@Suite("Extraction benchmark pages")
struct ExtractionBenchmarkTests {
    static let folder = repositoryRoot + "/../shared/eval/extraction"
    static let present = FileManager.default.fileExists(atPath: folder + "/ground-truth.json")

    @Test(.enabled(if: present, "../shared/eval/extraction is not here; the HTML fixtures above still run"))
    func shingleF1IsAtLeast096() throws {
        let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.folder + "/ground-truth.json"))) as? [String: [String: Any]]
        let pages = try #require(truth)
        var precision = 0.0, recall = 0.0
        for (id, page) in pages {
            let bytes = try FileReader.read(Self.folder + "/html/\(id).html", maxBytes: 1 << 26).bytes
            let predicted = (try? ArticleParser().parse(bytes, fileName: "\(id).html").first?.body) ?? ""
            let (p, r) = Self.score(truth: page["articleBody"] as? String ?? "", predicted: predicted)
            precision += p
            recall += r
        }
        precision /= Double(pages.count)
        recall /= Double(pages.count)
        let f1 = 2 * precision * recall / (precision + recall)
        #expect(f1 >= 0.96, "F1 \(f1)")
    }

    /// Precision and recall over 4-token shingles of `\w+` tokens, as score_extraction.py computes them.
    static func score(truth: String, predicted: String) -> (Double, Double) {
        func shingles(_ text: String) -> [[String]: Int] {
            let tokens = text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map(String.init)
            guard tokens.count >= 4 else { return tokens.isEmpty ? [:] : [tokens: 1] }
            var counts: [[String]: Int] = [:]
            for i in 0...(tokens.count - 4) { counts[Array(tokens[i..<(i + 4)]), default: 0] += 1 }
            return counts
        }
        let t = shingles(truth), p = shingles(predicted)
        if t.isEmpty && p.isEmpty { return (1, 1) }
        if p.isEmpty { return (1, 0) }
        if t.isEmpty { return (0, 1) }
        let both = t.reduce(0) { $0 + min($1.value, p[$1.key] ?? 0) }
        return (Double(both) / Double(p.values.reduce(0, +)), Double(both) / Double(t.values.reduce(0, +)))
    }
}
