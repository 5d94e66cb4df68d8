import Foundation

/// The wording every digest rendering shares: dates, counts, plurals.
public enum DigestText {
    public static func plural(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// "Sunday 22 November 2026".
    public static func longDate(_ day: DayKey) -> String {
        let utc = TimeZone(identifier: "UTC") ?? .current
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = utc
        formatter.dateFormat = "EEEE d MMMM yyyy"
        return formatter.string(from: day.interval(in: utc).start)
    }

    /// "2026-11-22 07:00".
    public static func time(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? .current
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// "5 articles from 4 sources in 3 stories · 1 duplicate · 1 file could not be read".
    public static func countsLine(_ digest: Digest) -> String {
        var parts = ["\(plural(digest.articleCount, "article")) from \(plural(digest.sourceCount, "source")) in \(plural(digest.stories.count + digest.moreStories.count, "story", "stories"))"]
        if digest.duplicateCount > 0 { parts.append(plural(digest.duplicateCount, "duplicate")) }
        if !digest.failures.isEmpty {
            parts.append("\(plural(digest.failures.count, "file")) could not be read")
        }
        return parts.joined(separator: " · ")
    }

    /// "2 sources · 3 articles", and "continuing since …" for a story that began before.
    static func storyFacts(_ story: DigestStory, zone: String) -> String {
        var facts = [plural(story.sourceCount, "source"), plural(story.articles.count, "article")]
        if story.isContinuing {
            facts.append("continuing since \(DayKey(containing: story.firstSeen, in: TimeZone(identifier: zone) ?? .current))")
        }
        return facts.joined(separator: " · ")
    }

    /// Only http(s) links are shown as links; anything else (javascript:, file:) stays out.
    static func isWebLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        return !url.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
    }

    /// Text safe inside a Markdown code span: backticks and line breaks replaced.
    static func codeSpan(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " ")
    }
}
