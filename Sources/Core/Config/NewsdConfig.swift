import Foundation

/// Everything a newsd process can be told, with its defaults.
///
/// Values come from three layers, later ones winning: the defaults written here, a TOML file
/// (`--config FILE`), then command-line flags. Every key has exactly one flag, derived from its name
/// (`settle_seconds` ↔ `--settle-seconds`); ``ConfigKey/all`` is the single list of keys that the
/// TOML reader, the flags, `newsd check-config` and `config/newsd.toml` are all checked against.
public struct NewsdConfig: Sendable, Equatable {
    /// How the inbox is watched.
    public enum WatchMode: String, Sendable, CaseIterable {
        /// inotify events, plus a periodic rescan as a safety net.
        case inotify
        /// A scan every `poll_seconds`, for network file systems that deliver no inotify events.
        case poll
    }

    /// The folder users drop article files into.
    public var inbox: String = "./inbox"
    /// The folder that holds the database, the archive, failed files and the digests.
    public var dataDir: String = "./newsd-data"
    /// Local time of day at which the daily digest is written.
    public var digestTime: ClockTime = ClockTime(hour: 7, minute: 0)
    /// IANA time zone of `digestTime` and of the digest's days; empty means the system's zone.
    public var timezone: String = ""
    /// How long a file written in place must keep its size and mtime before it is taken.
    public var settleSeconds: Double = 3
    /// Interval of the full rescan that catches events inotify missed.
    public var rescanSeconds: Double = 60
    public var watchMode: WatchMode = .inotify
    /// Interval of the scan in `poll` mode.
    public var pollSeconds: Double = 2
    /// Files larger than this are moved to `failed/` without being read.
    public var maxFileBytes: Int = 10 * 1024 * 1024
    /// How many missed daily digests are written at start-up after downtime.
    public var digestCatchUpDays: Int = 7
    /// Threads that parse and analyse files in parallel, and that story refinement spreads its
    /// comparisons over; 0 means one per core.
    public var workers: Int = 0
    public var logLevel: LogLevel = .info
    /// Average-link cosine at which an article joins a story (see StoryClusterer).
    public var storyThreshold = 0.095
    /// Recent articles kept in memory for grouping; older stories are closed.
    public var storyWindowArticles = 10_000
    /// A story that gained nothing for this long takes no new articles.
    public var storyWindowDays = 7.0
    /// A story splits in two when its halves' cross similarity is below this share of their cohesion.
    public var storySplitRatio = 0.4
    /// Estimated shingle Jaccard similarity at which an article is a near copy of an earlier one.
    public var nearDuplicateSimilarity = 0.9

    public init() {}

    /// The grouping settings these keys describe.
    public var grouping: ArticleGrouper.Settings {
        var settings = ArticleGrouper.Settings()
        settings.stories.threshold = storyThreshold
        settings.stories.windowArticles = storyWindowArticles
        settings.stories.windowDays = storyWindowDays
        settings.stories.splitRatio = storySplitRatio
        settings.nearDuplicate = nearDuplicateSimilarity
        settings.stories.refinementThreads = effectiveWorkers
        return settings
    }

    /// The zone the digest's days and times are computed in.
    public var timeZone: TimeZone {
        timezone.isEmpty ? TimeZone.current : (TimeZone(identifier: timezone) ?? TimeZone.current)
    }

    /// Worker threads to use, resolving 0 to the number of active cores.
    public var effectiveWorkers: Int {
        workers > 0 ? workers : max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The files and folders below the data directory.
    public var layout: DataLayout { DataLayout(dataDir: dataDir) }
}

/// Log verbosity, named as in swift-log.
public enum LogLevel: String, Sendable, CaseIterable {
    case trace, debug, info, notice, warning, error, critical
}

/// A time of day, `HH:MM` in 24-hour form.
public struct ClockTime: Sendable, Equatable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses `7:00`, `07:00` or `07:00:00`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute),
              parts[1].count == 2
        else { return nil }
        if parts.count == 3 {
            guard let second = Int(parts[2]), second == 0 else { return nil }
        }
        self.init(hour: hour, minute: minute)
    }

    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}

/// Where things live below the data directory.
public struct DataLayout: Sendable, Equatable {
    public let dataDir: String

    public init(dataDir: String) {
        self.dataDir = dataDir
    }

    public var database: String { dataDir + "/newsd.sqlite" }
    public var archive: String { dataDir + "/archive" }
    public var failed: String { dataDir + "/failed" }
    public var digests: String { dataDir + "/digests" }
}
