import Foundation
import Testing
@testable import Core

/// Every feed in ../shared/corpus/feeds against what the rss-parser library found in it.
@Suite("Feeds against the rss-parser oracle")
struct FeedOracleTests {
    static let folder = repositoryRoot + "/../shared/corpus/feeds"
    static let present = FileManager.default.fileExists(atPath: folder + "/rss-parser-input")

    static var wellFormed: [String] {
        guard present, let names = try? FileManager.default.contentsOfDirectory(atPath: folder + "/rss-parser-expected") else { return [] }
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test(.enabled(if: present, "../shared/corpus/feeds is not here; the fixtures in FeedParserTests still run"),
          arguments: wellFormed)
    func sameItemsTitlesAndLinks(name: String) throws {
        let inputs = try FileManager.default.contentsOfDirectory(atPath: Self.folder + "/rss-parser-input")
        let input = try #require(inputs.first { ($0 as NSString).deletingPathExtension == name })
        let bytes = try FileReader.read(Self.folder + "/rss-parser-input/" + input, maxBytes: 1 << 26).bytes
        let feed = try FeedParser.parse(bytes)

        var raw = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/rss-parser-expected/\(name).json"))
        if String(data: raw, encoding: .utf8) == nil, let latin1 = String(data: raw, encoding: .isoLatin1) {
            raw = Data(latin1.utf8)   // one of the oracle files is itself Latin-1
        }
        let json = try JSONSerialization.jsonObject(with: raw) as? [String: Any]
        let expected = try #require((json?["feed"] as? [String: Any])?["items"] as? [[String: Any]])

        #expect(feed.items.count == expected.count, "\(name): \(feed.items.count) items, rss-parser found \(expected.count)")
        for (ours, theirs) in zip(feed.items, expected) {
            // rss-parser keeps markup and entities in titles ("&#x0024;4300 … ft<sup>2</sup>"); newsd reads
            // them as text, so the oracle's title is read the same way before comparing.
            let title = FeedParser.htmlToText(theirs["title"] as? String ?? "")
            #expect(Self.same(ours.title ?? "", title), "\(name): title \(ours.title ?? "nil") vs \(title)")
            if let link = (theirs["link"] as? String).map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }), !link.isEmpty {
                // rss-parser leaves relative links as written; newsd makes them absolute.
                #expect(ours.link == link || (ours.link?.hasSuffix(link) ?? false), "\(name): link \(ours.link ?? "nil") vs \(link)")
            }
        }
    }

    /// Equal, where the oracle's U+FFFD (a byte it could not decode) stands for the one character
    /// newsd decoded there.
    static func same(_ ours: String, _ oracle: String) -> Bool {
        let a = Array(collapseSpaces(ours)), b = Array(collapseSpaces(oracle))
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { $0 == $1 || $1 == "\u{FFFD}" }
    }
}
