import Core
import Foundation

/// `--date` as the commands take it.
enum DayArgument {
    static func parse(_ text: String, zone: TimeZone) throws -> DayKey {
        let today = DayKey(containing: Date(), in: zone)
        switch text {
        case "today": return today
        case "yesterday": return today.adding(days: -1)
        default:
            guard let day = DayKey(parsing: text) else { throw CommandError("--date \(text): expected YYYY-MM-DD, today or yesterday") }
            return day
        }
    }
}
