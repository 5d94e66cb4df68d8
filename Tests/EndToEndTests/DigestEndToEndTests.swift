import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The seeds' digest through the real binary: what a user sees first.
@Suite("Digest end to end", .serialized)
struct DigestEndToEndTests {
    @Test func seedsDigestInEveryRendering() throws {
        let folder = TemporaryFolder()
        let inbox = folder.path + "/in"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        for seed in try seedArticles() { try seed.bytes.write(to: URL(fileURLWithPath: inbox + "/" + seed.name)) }
        try "<script>alert(1)</script>\n\nA headline that must stay text. It has two sentences in it.\n"
            .write(toFile: inbox + "/hostile.txt", atomically: true, encoding: .utf8)
        let db = folder.path + "/data/newsd.sqlite"
        try FileManager.default.createDirectory(atPath: folder.path + "/data", withIntermediateDirectories: true)
        #expect(try Newsd.run(["ingest", "--db", db, inbox]).status == 0)
        let digest = try Newsd.run(["digest", "--db", db])
        #expect(digest.status == 0, "\(digest.stderr)")
        let paths = digest.stdout.split(separator: "\n").map(String.init)
        #expect(paths.map { ($0 as NSString).pathExtension }.sorted() == ["html", "json", "md", "xml"])

        // JSON: the 003/004 story lists both sources, Khamenei's quote with him as speaker, the figures with who reports them.
        let json = try #require(paths.first { $0.hasSuffix(".json") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let stories = try #require(object["stories"] as? [[String: Any]])
        let speech = try #require(stories.first { story in
            let origins = (story["articles"] as? [[String: Any]] ?? []).compactMap { $0["origin"] as? String }
            return origins.contains { $0.hasPrefix("003") }
        })
        let origins = (speech["articles"] as? [[String: Any]] ?? []).compactMap { $0["origin"] as? String }.map { String($0.prefix(3)) }
        #expect(origins.sorted() == ["003", "004"])
        let quotes = speech["quotes"] as? [[String: Any]] ?? []
        #expect(quotes.contains { ($0["speaker"] as? String) == "Ali Khamenei"
            && (($0["text"] as? String)?.contains("the defeat of the Zionist regime (Israel) in Gaza is a fact") ?? false) })
        let figures = speech["figures"] as? [[String: Any]] ?? []
        #expect(figures.contains { ($0["value"] as? Double) == 1200 && ($0["attribution"] as? String) == "Israeli officials" })
        #expect(figures.contains { ($0["value"] as? Double) == 12300 && ($0["attribution"] as? String)?.lowercased() == "the hamas government" })
        #expect(!(speech["summary"] as? String ?? "").isEmpty)

        // HTML: the hostile title is text.
        let html = try String(contentsOfFile: try #require(paths.first { $0.hasSuffix(".html") }), encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script"))

        // Atom: well-formed, one entry for the day, linking its page.
        let feed = try String(contentsOfFile: try #require(paths.first { $0.hasSuffix("feed.xml") }), encoding: .utf8)
        let day = ((json as NSString).lastPathComponent as NSString).deletingPathExtension
        #expect(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"\(day).html\"/>"))
        #expect(feed.components(separatedBy: "<entry>").count == 2)
        #expect(XMLParser(data: Data(feed.utf8)).parse())

        // The terminal views agree with the digest.
        let list = try Newsd.run(["stories", "--db", db])
        #expect(list.status == 0 && list.stdout.contains("<script>alert(1)</script>"))
        let show = try Newsd.run(["show", "--db", db, String(speech["id"] as? Int ?? 0)])
        #expect(show.status == 0 && show.stdout.contains("Ali Khamenei") && show.stdout.contains("Israeli officials"), "\(show.stderr)")
        #expect(try Newsd.run(["show", "--db", db, "999999"]).status != 0)
    }

    @Test func summarizeKeepsItsBudgets() throws {
        let folder = TemporaryFolder()
        var files: [String] = []
        for seed in try seedArticles() where seed.name.hasPrefix("003") || seed.name.hasPrefix("004") {
            files.append(folder.path + "/" + seed.name)
            try seed.bytes.write(to: URL(fileURLWithPath: files[files.count - 1]))
        }
        let two = try Newsd.run(["summarize", "--sentences", "2"] + files)
        #expect(two.status == 0 && two.stdout.split(separator: "\n").count == 2, "\(two.stdout)")
        let words = try Newsd.run(["summarize", "--words", "60"] + files)
        #expect(words.status == 0 && words.stdout.split(whereSeparator: \.isWhitespace).count <= 60)
        #expect(try Newsd.run(["summarize", "--words", "5", "--sentences", "1"] + files).status != 0)
    }
}
