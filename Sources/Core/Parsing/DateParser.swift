import Foundation

/// Reads the dates news files carry: ISO 8601 / RFC 3339 (JSON-LD, Atom, front matter), RFC 822 /
/// RFC 1123 (RSS `pubDate`, e-mail), and the plain forms people type ("2024-11-26", "26 November 2024",
/// "Nov 26, 2024"). A date without a zone is taken as UTC, which is how feeds that omit it mean it.
public enum DateParser {
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingWhitespace()
        guard text.count >= 4, text.count <= 64 else { return nil }
        if let date = iso8601(text) { return date }
        if let date = rfc822(text) { return date }
        return humanDate(text)
    }

    // MARK: ISO 8601

    /// `2024-11-26`, `2024-11-26T10:15`, `2024-11-26 10:15:30.123+01:00`, `20241126T101530Z`.
    static func iso8601(_ text: String) -> Date? {
        var scanner = ByteScanner(text)
        guard let year = scanner.digits(exactly: 4) else { return nil }
        let dashed = scanner.skip(0x2D)
        guard let month = scanner.digits(exactly: 2) else { return nil }
        if dashed { guard scanner.skip(0x2D) else { return nil } }
        guard let day = scanner.digits(exactly: 2) else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if scanner.skip(0x54) || scanner.skip(0x74) || scanner.skip(0x20) {
            guard let h = scanner.digits(exactly: 2) else { return nil }
            let colon = scanner.skip(0x3A)
            guard let m = scanner.digits(exactly: 2) else { return nil }
            hour = h; minute = m
            if colon ? scanner.skip(0x3A) : scanner.peekDigit {
                guard let s = scanner.digits(exactly: 2) else { return nil }
                second = s
            }
            if scanner.skip(0x2E) || scanner.skip(0x2C) {
                let start = scanner.position
                var value = 0.0, scale = 0.1
                while let d = scanner.digit() { value += Double(d) * scale; scale /= 10 }
                guard scanner.position > start else { return nil }
                fraction = value
            }
            scanner.skipSpaces()
            if scanner.skip(0x5A) || scanner.skip(0x7A) {
                offset = 0
            } else if let sign = scanner.sign() {
                guard let oh = scanner.digits(exactly: 2) else { return nil }
                _ = scanner.skip(0x3A)
                let om = scanner.digits(exactly: 2) ?? 0
                offset = sign * (oh * 3600 + om * 60)
            } else if scanner.matchWord("UTC") || scanner.matchWord("GMT") {
                offset = 0
            }
        }
        scanner.skipSpaces()
        guard scanner.atEnd else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
            .map { $0.addingTimeInterval(fraction) }
    }

    // MARK: RFC 822

    /// `Tue, 26 Nov 2024 10:15:00 +0100`, `26 Nov 2024 10:15 GMT`, `Tue, 26 Nov 24 10:15:00 EST`.
    static func rfc822(_ text: String) -> Date? {
        var words = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, weekday(first) { words.removeFirst() }
        guard words.count >= 3, let day = Int(words[0]), let month = monthNumber(words[1]), var year = Int(words[2]) else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        var hour = 0, minute = 0, second = 0, offset = 0
        if words.count >= 4 {
            let clock = words[3].split(separator: ":").map { Int($0) }
            guard clock.count >= 2, clock.count <= 3, let h = clock[0], let m = clock[1] else { return nil }
            hour = h; minute = m
            if clock.count == 3 { guard let s = clock[2] else { return nil }; second = s }
            if words.count >= 5 {
                guard let zone = zoneOffset(words[4]) else { return nil }
                offset = zone
            }
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: Plain forms

    /// `26 November 2024`, `November 26, 2024`, `Nov. 26 2024`: a date alone (times come in the forms above).
    static func humanDate(_ text: String) -> Date? {
        let words = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: ".", with: " ")
            .split(separator: " ").map(String.init).filter { !weekday($0) }
        guard words.count == 3 else { return nil }
        var day: Int?, month: Int?, year: Int?
        if let d = Int(words[0].trimmingCharacters(in: CharacterSet.letters)), let m = monthNumber(words[1]) {
            day = d; month = m; year = Int(words[2])
        } else if let m = monthNumber(words[0]), let d = Int(words[1].trimmingCharacters(in: CharacterSet.letters)) {
            day = d; month = m; year = Int(words[2])
        }
        guard let day, let month, let year, year > 1800 else { return nil }
        return makeDate(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, offset: 0)
    }

    // MARK: Pieces

    static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
              (0...60).contains(second), year >= 1000, year <= 9999 else { return nil }
        var components = DateComponents()
        components.year = year; components.month = month; components.day = day
        components.hour = hour; components.minute = minute; components.second = second
        components.timeZone = TimeZone(identifier: "UTC")
        guard let utc = utcCalendar.date(from: components) else { return nil }
        return utc.addingTimeInterval(TimeInterval(-offset))
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    static func monthNumber(_ word: String) -> Int? {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard w.count >= 3 else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let index = months.firstIndex(of: String(w.prefix(3))) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                    "november", "december"][index]
        return full.hasPrefix(w) || w == "sept" ? index + 1 : nil
    }

    static func weekday(_ word: String) -> Bool {
        let w = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,"))
        return ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "monday", "tuesday",
                "wednesday", "thursday", "friday", "saturday", "sunday"].contains(w)
    }

    /// `+0100`, `-05:00`, `GMT`, `UT`, `Z`, and the North American zone names RFC 822 defines.
    static func zoneOffset(_ word: String) -> Int? {
        if let first = word.first, first == "+" || first == "-" {
            let digits = word.dropFirst().filter(\.isNumber)
            guard digits.count == 4 || digits.count == 2, let value = Int(digits) else { return nil }
            let hours = digits.count == 4 ? value / 100 : value
            let minutes = digits.count == 4 ? value % 100 : 0
            return (first == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
        }
        let named = ["UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
                     "MDT": -6, "PST": -8, "PDT": -7, "BST": 1, "CET": 1, "CEST": 2, "IST": 5]
        if let hours = named[word.uppercased()] { return word.uppercased() == "IST" ? 19800 : hours * 3600 }
        return nil
    }
}

/// A cursor over ASCII bytes, for the fixed-width fields of ISO 8601.
struct ByteScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { position >= bytes.count }
    var peekDigit: Bool { !atEnd && bytes[position] >= 0x30 && bytes[position] <= 0x39 }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard !atEnd, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func skipSpaces() {
        while !atEnd, bytes[position] == 0x20 { position += 1 }
    }

    mutating func digit() -> Int? {
        guard peekDigit else { return nil }
        defer { position += 1 }
        return Int(bytes[position] - 0x30)
    }

    mutating func digits(exactly count: Int) -> Int? {
        let start = position
        var value = 0
        for _ in 0..<count {
            guard let d = digit() else { position = start; return nil }
            value = value * 10 + d
        }
        return value
    }

    mutating func sign() -> Int? {
        if skip(0x2B) { return 1 }
        if skip(0x2D) { return -1 }
        return nil
    }

    mutating func matchWord(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard position + w.count <= bytes.count, Array(bytes[position..<position + w.count]) == w else { return false }
        position += w.count
        return true
    }
}
