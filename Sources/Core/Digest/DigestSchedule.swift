import Foundation

/// When digests are due: every day at `time` in `zone`, the digest of the previous (complete) day.
///
/// Pure arithmetic on the calendar, so daylight-saving changes are tested without waiting for one:
/// the next run is found with `Calendar.nextDate(…, matchingPolicy: .nextTime)`, never by adding
/// 86,400 seconds, so a 07:00 digest stays at 07:00 local time across a change, and a 02:30 digest on
/// the night the clocks skip 02:00–03:00 runs at 03:00.
public struct DigestSchedule: Sendable {
    public let time: ClockTime
    public let zone: TimeZone

    public init(time: ClockTime, zone: TimeZone) {
        self.time = time
        self.zone = zone
    }

    public init(_ config: NewsdConfig) {
        self.init(time: config.digestTime, zone: config.timeZone)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// The first run strictly after `date`.
    public func nextRun(after date: Date) -> Date {
        let matching = DateComponents(hour: time.hour, minute: time.minute, second: 0)
        return calendar.nextDate(after: date, matching: matching, matchingPolicy: .nextTime)
            ?? date.addingTimeInterval(86_400)
    }

    /// The run that writes the digest of `day`: the first run once `day` is over.
    public func runTime(for day: DayKey) -> Date {
        let end = day.interval(in: zone).end
        return nextRun(after: end.addingTimeInterval(-0.001))
    }

    /// The days whose digests are due by `now` and not written yet, oldest first: those after
    /// `lastWritten`, not before `firstDay` (nothing to report before the first article), and at most
    /// the `limit` most recent of them.
    public func dueDays(now: Date, lastWritten: DayKey?, firstDay: DayKey?, limit: Int) -> [DayKey] {
        guard limit > 0, let firstDay else { return [] }
        var latest = DayKey(containing: now, in: zone).adding(days: -1)
        if runTime(for: latest) > now { latest = latest.adding(days: -1) }
        var lower = firstDay
        if let lastWritten, lastWritten.adding(days: 1) > lower { lower = lastWritten.adding(days: 1) }
        guard lower <= latest else { return [] }
        var days: [DayKey] = []
        var day = latest
        while day >= lower, days.count < limit {
            days.append(day)
            day = day.adding(days: -1)
        }
        return days.reversed()
    }
}
