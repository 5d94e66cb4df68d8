import Foundation

/// The opening of a wire report: "TEHRAN, Nov 26 (Reuters) -", "WASHINGTON (AP) —",
/// "Hong Kong (CNN Business)". The place is the dateline; the agency, when named, is the report's source.
struct Dateline: Equatable {
    var place: String
    var agency: String?

    /// `PLACE[, Month Day] (Agency)` followed by a dash or a capitalised word, or an all-capital
    /// `PLACE[, Month Day | , Region]` followed by a dash.
    private static let withAgency = try? NSRegularExpression(pattern:
        #"^((?:[A-Z][\p{L}.'’-]*)(?:\s+(?:[A-Z][\p{L}.'’-]*|de|al|el|la|of)){0,3})(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)?\s*\(([A-Z][\p{L}&.' -]{1,30})\)\s*(?:[-–—]+\s*|(?=[A-Z“"]))"#)
    private static let capitalsOnly = try? NSRegularExpression(pattern:
        #"^([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?|[A-Z][\p{L}.]+(?:\s+[A-Z][\p{L}.]+){0,2}))?\s*[-–—]+\s+"#)

    static func detect(in body: String) -> Dateline? {
        // What the patterns need before a regular expression is run (bridged to NSString, two per
        // article, they were 1.4 % of a batch's instructions): a capital A–Z first; for the capitals-only
        // form a second byte that can continue a word in capitals; for the agency's form a "(" in the
        // first 640 bytes, since all it matches before the "(" are single scalars of at most 4 bytes,
        // and the "(" must be within the head's 160 Characters.
        let utf8 = body.utf8
        guard let first = utf8.first, first >= 0x41, first <= 0x5A else { return nil }
        let second = utf8.dropFirst().first ?? 0
        let mayBeCapitals = (second >= 0x41 && second <= 0x5A) || second == 0x2E || second == 0x27 || second == 0x2D || second == 0xE2
        let mayHaveAgency = withUTF8Bytes(of: body) { bytes in
            let lead = UnsafeBufferPointer(rebasing: bytes.prefix(640))
            return ByteScan.firstOf(0x28, 0x28, 0x28, 0x28, 0x28, in: lead, from: 0) < lead.count
        }
        guard mayBeCapitals || mayHaveAgency else { return nil }
        let head = String(body.prefix(160))
        let range = NSRange(head.startIndex..., in: head)
        if mayHaveAgency, let match = withAgency?.firstMatch(in: head, range: range),
           let place = Range(match.range(at: 1), in: head), let agency = Range(match.range(at: 2), in: head) {
            return Dateline(place: String(head[place]), agency: collapseSpaces(head[agency]))
        }
        if mayBeCapitals, let match = capitalsOnly?.firstMatch(in: head, range: range), let place = Range(match.range(at: 1), in: head) {
            return Dateline(place: String(head[place]), agency: nil)
        }
        return nil
    }
}

/// A byline paragraph: "By Jane Doe", "By Jane Doe and John Roe, Reuters", "By JANE DOE | Staff writer".
enum Byline {
    static func author(in paragraph: String) -> String? {
        // Most paragraphs open with a visible ASCII letter other than "b": not a byline, and not worth
        // collapsing the whole paragraph to find out.
        if let head = paragraph.utf8.first, head > 0x20, head < 0x80, head != 0x42, head != 0x62 { return nil }
        let text = collapseSpaces(paragraph)
        guard text.count <= 100, text.lowercased().hasPrefix("by "), let first = text.dropFirst(3).first, first.isUppercase else { return nil }
        var name = String(text.dropFirst(3))
        for separator in [" | ", " - ", " — ", ", "] {
            if let cut = name.range(of: separator) { name = String(name[..<cut.lowerBound]) }
        }
        let words = name.split(separator: " ")
        guard (1...8).contains(words.count), !name.hasSuffix(".") || words.last?.count ?? 0 <= 3 else { return nil }
        return name
    }
}
