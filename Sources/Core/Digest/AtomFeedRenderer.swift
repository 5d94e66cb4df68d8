import Foundation

/// Renders the last digests as an Atom feed (RFC 4287), so any feed reader can subscribe to the daily
/// digest: one entry per day, its content the day's digest as HTML, its link the day's HTML page.
///
/// Links are relative (`2026-11-22.html`): a reader resolves them against wherever the feed is served
/// from, or the folder it is read in.
public struct AtomFeedRenderer: Sendable {
    /// How many days the feed holds.
    public static let entries = 30

    /// Identifies this feed among others: the digests folder it describes.
    let feedKey: String

    public init(folder: String) {
        feedKey = String(SHA256.hex(Array(folder.utf8)).prefix(16))
    }

    /// - Parameter digests: Any order; the newest ``entries`` are kept.
    public func render(_ digests: [Digest]) -> String {
        let newest = digests.sorted { $0.day > $1.day }.prefix(Self.entries)
        let updated = newest.map(\.generatedAt).max() ?? Date(timeIntervalSince1970: 0)
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>urn:newsd:\(feedKey):digests</id>
            <title>News digest</title>
            <subtitle>The day's stories, ranked, with their sources, quotes and figures</subtitle>
            <updated>\(ISO8601.string(updated))</updated>
            <author><name>newsd</name></author>
            <generator>newsd</generator>
            <link rel="self" href="feed.xml"/>

            """
        let html = HTMLDigestRenderer()
        for digest in newest {
            let day = digest.day.description
            let headlines = digest.stories.prefix(3).map(\.headline).joined(separator: " · ")
            out += """
                <entry>
                <id>urn:newsd:\(feedKey):digest:\(day)</id>
                <title>\(Self.escape("News digest — \(DigestText.longDate(digest.day))"))</title>
                <updated>\(ISO8601.string(digest.generatedAt))</updated>
                <link rel="alternate" type="text/html" href="\(day).html"/>
                <summary>\(Self.escape(DigestText.countsLine(digest) + (headlines.isEmpty ? "" : ": " + headlines)))</summary>
                <content type="html">\(Self.escape(html.fragment(digest)))</content>
                </entry>

                """
        }
        out += "</feed>\n"
        return out
    }

    /// XML text escaping; characters XML 1.0 forbids become U+FFFD.
    static func escape(_ text: String) -> String { MarkupEscaper.escape(text) }
}
