import Foundation

/// A calendar day in a given zone, `YYYY-MM-DD`: the unit of the archive folders and of the digests.
public struct DayKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `zone`.
    public init(containing date: Date, in zone: TimeZone) {
        let parts = DayKey.calendar(zone).dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var components = DateComponents(year: year, month: month, day: day)
        components.timeZone = TimeZone(identifier: "UTC")
        guard let date = DayKey.calendar(TimeZone(identifier: "UTC") ?? .current).date(from: components),
              DayKey(containing: date, in: TimeZone(identifier: "UTC") ?? .current) == DayKey(year: year, month: month, day: day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// `YYYY/MM/DD`, the archive's folder for this day.
    public var archiveFolder: String { String(format: "%04d/%02d/%02d", year, month, day) }

    /// Local midnight at the start of this day, and of the next: the day is `[start, end)`.
    /// On a day with a daylight-saving change the interval is 23 or 25 hours long.
    public func interval(in zone: TimeZone) -> (start: Date, end: Date) {
        let calendar = DayKey.calendar(zone)
        let start = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        let end = calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400)
        return (start, end)
    }

    /// The day `days` after this one (negative for before).
    public func adding(days: Int) -> DayKey {
        let utc = TimeZone(identifier: "UTC") ?? .current
        let start = interval(in: utc).start
        let moved = DayKey.calendar(utc).date(byAdding: .day, value: days, to: start) ?? start
        return DayKey(containing: moved, in: utc)
    }

    public static func < (a: DayKey, b: DayKey) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
