import Foundation
import GRDB
import Testing

/// The command-line contract that tests and ../shared/eval/evaluate.py rely on.
@Suite("Command line", .serialized)
struct CommandLineTests {
    @Test func ingestExportAndIngestAgain() throws {
        let folder = TemporaryFolder()
        let inbox = folder.path + "/articles"
        try FileManager.default.createDirectory(atPath: inbox + "/wire", withIntermediateDirectories: true)
        for seed in try seedArticles() {
            try seed.bytes.write(to: URL(fileURLWithPath: inbox + "/" + seed.name))
        }
        try Data([0x00, 0xFF, 0x13, 0x37]).write(to: URL(fileURLWithPath: inbox + "/wire/garbage.txt"))
        try "hidden".write(toFile: inbox + "/.hidden", atomically: false, encoding: .utf8)
        let db = folder.path + "/eval.sqlite"

        let first = try Newsd.run(["ingest", "--db", db, inbox])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "5 stored, 0 duplicates, 1 failed\n")
        #expect(first.stderr.contains("wire/garbage.txt: the file is binary data"))

        let again = try Newsd.run(["ingest", "--db", db, inbox])
        #expect(again.stdout.hasPrefix("0 stored, 0 duplicates, 1 failed, 5 already ingested"))

        let articles = try Newsd.export(["--db", db])
        #expect(articles.count == 5)
        #expect(Set(articles.compactMap { $0["origin"] as? String }) == Set(try seedArticles().map(\.name)))
        #expect(articles.allSatisfy { ($0["story"] as? Int) != nil })
        #expect(Set(articles.compactMap { $0["id"] as? Int }).count == 5)
        let khamenei = articles.first { ($0["origin"] as? String)?.hasPrefix("004") == true }
        #expect((khamenei?["text"] as? String)?.contains("the defeat of the Zionist regime (Israel) in Gaza is a fact") == true)
    }

    @Test func searchFindsAndRanks() throws {
        let folder = TemporaryFolder()
        let db = folder.path + "/s.sqlite"
        try Newsd.run(["ingest", "--db", db, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"])
        let hit = try Newsd.run(["search", "--db", db, "Velayati"])
        #expect(hit.status == 0)
        #expect(hit.stdout.contains("Gaza Victory Heralds Greater Triumphs"))
        #expect(hit.stdout.contains("[Velayati]"))
        let odd = try Newsd.run(["search", "--db", db, "\"unbalanced (AND"])
        #expect(odd.status == 1)
        #expect(odd.stdout.contains("no articles match"))
    }

    @Test func statusAndCheckConfig() throws {
        let folder = TemporaryFolder()
        let data = folder.path + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try Newsd.run(["ingest", "--data-dir", data, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"])
        let status = try Newsd.run(["status", "--data-dir", data, "--inbox", folder.path + "/inbox"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("articles   5"))
        #expect(status.stdout.contains("next at"))

        let good = try Newsd.run(["check-config", "--settle-seconds", "1.5", "--timezone", "Europe/Paris"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("settle_seconds = 1.5"))
        #expect(good.stdout.contains("timezone = \"Europe/Paris\""))
        #expect(good.stderr.contains("configuration OK"))

        let bad = try Newsd.run(["check-config", "--digest-time", "7pm"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("digest_time"))
        #expect(bad.stderr.contains("7pm"))
        #expect(bad.stderr.split(separator: "\n").count <= 2)

        try "settle_secs = 3\n".write(toFile: folder.path + "/typo.toml", atomically: true, encoding: .utf8)
        let typo = try Newsd.run(["check-config", "--config", folder.path + "/typo.toml"])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("unknown key settle_secs (did you mean settle_seconds?)"))
    }

    @Test func everyConfigKeyHasAFlag() throws {
        let help = try Newsd.run(["run", "--help"])
        #expect(help.status == 0)
        let toml = try String(contentsOfFile: repositoryRoot + "/config/newsd.toml", encoding: .utf8)
        let keys = toml.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains(" = ") }
            .map { String($0.split(separator: " ")[0]) }
        #expect(keys.count >= 12)
        for key in keys {
            #expect(help.stdout.contains("--" + key.replacingOccurrences(of: "_", with: "-")), "run --help lacks a flag for \(key)")
        }
    }

    /// After an upgrade of the analysers: `status` counts the articles an older newsd analysed, and
    /// `reanalyze` finds their entities, quotes and figures again, as an ingest by this one would.
    @Test func reanalyzeBringsOlderFindingsUpToDate() throws {
        let folder = TemporaryFolder()
        let data = folder.path + "/data"
        let inbox = ["--inbox", folder.path + "/inbox"]
        #expect(try Newsd.run(["ingest", "--data-dir", data, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"]).status == 0)
        let findings = { () throws -> [[String]] in try Newsd.findings(["--data-dir", data]) }
        let fresh = try findings()
        #expect(fresh.count == 5)
        #expect(try !Newsd.run(["status", "--data-dir", data] + inbox).stdout.contains("analysis"))

        // What an older newsd left: no quotes or figures, and no version.
        let queue = try DatabaseQueue(path: data + "/newsd.sqlite")
        try queue.write { db in try db.execute(sql: "UPDATE article SET quotes = NULL, figures = NULL, analyzer = NULL") }
        try queue.close()
        let stale = try Newsd.run(["status", "--data-dir", data] + inbox)
        #expect(stale.stdout.contains("analysis   5 articles analysed by an older newsd"), "\(stale.stdout)")
        // A digest written meanwhile shows no quotes.
        let digest = try Newsd.run(["digest", "--data-dir", data])
        #expect(digest.status == 0, "\(digest.stderr)")
        let markdown = try #require(digest.stdout.split(separator: "\n").first { $0.hasSuffix(".md") }).description
        #expect(try !String(contentsOfFile: markdown, encoding: .utf8).contains("> “"))

        let withFindings = fresh.filter { $0[1] != "[]" || $0[2] != "[]" }.count   // export shows none as []
        let run = try Newsd.run(["reanalyze", "--data-dir", data])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "5 articles analysed again, \(withFindings) with new findings, 0 copies updated")
        // The digest is written again, now with the quotes.
        #expect(lines.count == 2 && lines[1].hasPrefix("wrote the digest of ") && lines[1].contains(markdown), "\(run.stdout)")
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("> “"))
        #expect(try findings() == fresh)
        #expect(try !Newsd.run(["status", "--data-dir", data] + inbox).stdout.contains("analysis"))
        #expect(try Newsd.run(["reanalyze", "--data-dir", data]).stdout == "0 articles analysed again, 0 with new findings, 0 copies updated\n")
    }

    @Test func everyCommandHasHelpAndErrorsAreOneLine() throws {
        for command in ["run", "ingest", "export", "digest", "search", "status", "check-config", "reanalyze"] {
            let help = try Newsd.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE"), "\(command) --help")
        }
        let missing = try Newsd.run(["ingest", "--db", "/tmp/never-\(UUID().uuidString).sqlite", "/no/such/folder"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/no/such/folder"))
        let noDatabase = try Newsd.run(["export", "--db", "/tmp/never-\(UUID().uuidString).sqlite"])
        #expect(noDatabase.status != 0)
        #expect(noDatabase.stderr.contains("no database"))
    }
}

@Suite("Formats through the command line", .serialized)
struct FormatCommandLineTests {
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Harbour Gazette</title><link>https://harbour.example/</link>
        <item><title>Ferry returns</title><link>/ferry</link><description>The ferry service resumed on Monday after repairs.</description></item>
        <item><title>Market day</title><link>/market</link><description>Stalls filled the square for the autumn market.</description></item>
        </channel></rss>
        """

    @Test func feedItemsShareTheOriginAndCarryAnIndex() throws {
        let folder = TemporaryFolder()
        let inbox = folder.path + "/in"
        try FileManager.default.createDirectory(atPath: inbox + "/wire", withIntermediateDirectories: true)
        try Self.feed.write(toFile: inbox + "/gazette.rss", atomically: true, encoding: .utf8)
        try "<html><head><title>Bridge opens - Town News</title></head><body><article><p>The new bridge opened to traffic on Saturday after two years of work, the council said.</p></article></body></html>"
            .write(toFile: inbox + "/bridge.html", atomically: true, encoding: .utf8)
        try "{\"title\":\"Line one\",\"text\":\"First record.\"}\n{\"title\":\"Line two\",\"text\":\"Second record.\"}\n"
            .write(toFile: inbox + "/wire/dump.jsonl", atomically: true, encoding: .utf8)
        try "{\"title\": \"broken".write(toFile: inbox + "/broken.json", atomically: true, encoding: .utf8)
        let db = folder.path + "/f.sqlite"
        let result = try Newsd.run(["ingest", "--db", db, inbox])
        #expect(result.stdout == "3 stored, 0 duplicates, 1 failed\n", "\(result.stderr)")
        #expect(result.stderr.contains("broken.json: not valid JSON"))

        let articles = try Newsd.export(["--db", db])
        #expect(articles.count == 5)
        let feedItems = articles.filter { $0["origin"] as? String == "gazette.rss" }
        #expect(feedItems.compactMap { $0["item"] as? Int } == [0, 1])
        #expect(feedItems.allSatisfy { $0["source"] as? String == "Harbour Gazette" })
        #expect(feedItems.compactMap { $0["url"] as? String } == ["https://harbour.example/ferry", "https://harbour.example/market"])
        let page = try #require(articles.first { $0["origin"] as? String == "bridge.html" })
        #expect(page["title"] as? String == "Bridge opens")
        #expect(page["item"] is NSNull)
        let lines = articles.filter { $0["origin"] as? String == "wire/dump.jsonl" }
        #expect(lines.compactMap { $0["source"] as? String } == ["wire", "wire"])
    }

    @Test func extractPrintsMetadataAndBody() throws {
        let folder = TemporaryFolder()
        try Self.feed.write(toFile: folder.path + "/g.rss", atomically: true, encoding: .utf8)
        let full = try Newsd.run(["extract", folder.path + "/g.rss"])
        #expect(full.status == 0)
        #expect(full.stdout.contains("Ferry returns\n============="))
        #expect(full.stdout.contains("source: Harbour Gazette"))
        #expect(full.stdout.contains("url: https://harbour.example/ferry"))
        let body = try Newsd.run(["extract", "--body", folder.path + "/g.rss"])
        #expect(body.stdout == "The ferry service resumed on Monday after repairs.\n\nStalls filled the square for the autumn market.\n")
        let bad = try Newsd.run(["extract", folder.path + "/missing.html"])
        #expect(bad.status != 0)
    }
}
