import Foundation
import Testing
@testable import Core

@Suite("Digest schedule")
struct DigestScheduleTests {
    let berlin: TimeZone

    init() throws {
        berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
    }

    private func date(_ text: String) throws -> Date {
        try #require(DateParser.parse(text))
    }

    @Test func nextRunIsTheNextLocalTime() throws {
        let schedule = DigestSchedule(time: ClockTime(hour: 7, minute: 0), zone: berlin)
        // 2026-06-10 05:00 UTC is 07:00 in Berlin (summer time, UTC+2): the run is "now", so the next is tomorrow.
        #expect(schedule.nextRun(after: try date("2026-06-10T04:59:00Z")) == (try date("2026-06-10T05:00:00Z")))
        #expect(schedule.nextRun(after: try date("2026-06-10T05:00:00Z")) == (try date("2026-06-11T05:00:00Z")))
    }

    @Test func staysAtLocalTimeAcrossTheAutumnChange() throws {
        // Clocks go back on 2026-10-25: 07:00 is 05:00 UTC the day before, 06:00 UTC that day.
        let schedule = DigestSchedule(time: ClockTime(hour: 7, minute: 0), zone: berlin)
        let before = schedule.nextRun(after: try date("2026-10-24T04:00:00Z"))
        let after = schedule.nextRun(after: before)
        #expect(before == (try date("2026-10-24T05:00:00Z")))
        #expect(after == (try date("2026-10-25T06:00:00Z")))
        #expect(after.timeIntervalSince(before) == 25 * 3600)
    }

    @Test func springForwardGapRunsAtThreeOClock() throws {
        // On 2026-03-29 Berlin skips 02:00–03:00: a 02:30 digest runs at 03:00 local (01:00 UTC).
        let schedule = DigestSchedule(time: ClockTime(hour: 2, minute: 30), zone: berlin)
        #expect(schedule.nextRun(after: try date("2026-03-28T23:00:00Z")) == (try date("2026-03-29T01:00:00Z")))
        // And the day after it is 02:30 again (00:30 UTC in summer time).
        #expect(schedule.nextRun(after: try date("2026-03-29T01:00:00Z")) == (try date("2026-03-30T00:30:00Z")))
    }

    @Test func daysAreLocalAndSpringDayIs23Hours() throws {
        let day = DayKey(year: 2026, month: 3, day: 29)
        let (start, end) = day.interval(in: berlin)
        #expect(end.timeIntervalSince(start) == 23 * 3600)
        #expect(DayKey(containing: try date("2026-03-28T23:30:00Z"), in: berlin) == day)
        #expect(DayKey(parsing: "2026-02-30") == nil)
        #expect(DayKey(parsing: "2026-11-22")?.adding(days: 10).description == "2026-12-02")
    }

    @Test func catchUpAfterDowntime() throws {
        let schedule = DigestSchedule(time: ClockTime(hour: 7, minute: 0), zone: berlin)
        let now = try date("2026-06-12T08:00:00Z")   // 10:00 in Berlin on the 12th
        let first = DayKey(year: 2026, month: 6, day: 1)
        // Last written the 9th: the 10th and 11th are due; the 12th is not over.
        #expect(schedule.dueDays(now: now, lastWritten: DayKey(year: 2026, month: 6, day: 9), firstDay: first, limit: 7)
            .map(\.description) == ["2026-06-10", "2026-06-11"])
        // Before 07:00 the 11th is not due yet.
        #expect(schedule.dueDays(now: try date("2026-06-12T04:00:00Z"), lastWritten: DayKey(year: 2026, month: 6, day: 9),
                                 firstDay: first, limit: 7).map(\.description) == ["2026-06-10"])
        // Nothing before the first article, and no more than the limit, newest kept.
        #expect(schedule.dueDays(now: now, lastWritten: nil, firstDay: first, limit: 3).map(\.description)
            == ["2026-06-09", "2026-06-10", "2026-06-11"])
        #expect(schedule.dueDays(now: now, lastWritten: nil, firstDay: nil, limit: 3).isEmpty)
        #expect(schedule.dueDays(now: now, lastWritten: DayKey(year: 2026, month: 6, day: 11), firstDay: first, limit: 3).isEmpty)
    }
}
