import ArgumentParser
import Core
import Foundation

/// `--config FILE` and one flag per configuration key, each overriding the file.
///
/// Values are taken as text and checked by `NewsdConfig.load`, so a bad value gets the same message
/// (naming the key and what it expects) whether it came from the file or the command line.
struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("TOML configuration file (every key documented in config/newsd.toml).", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("inbox"), help: help("inbox", "dir")) var inbox: String?
    @Option(name: .customLong("data-dir"), help: help("data_dir", "dir")) var dataDir: String?
    @Option(name: .customLong("digest-time"), help: help("digest_time", "HH:MM")) var digestTime: String?
    @Option(name: .customLong("timezone"), help: help("timezone", "zone")) var timezone: String?
    @Option(name: .customLong("settle-seconds"), help: help("settle_seconds", "seconds")) var settleSeconds: String?
    @Option(name: .customLong("rescan-seconds"), help: help("rescan_seconds", "seconds")) var rescanSeconds: String?
    @Option(name: .customLong("watch-mode"), help: help("watch_mode", "inotify|poll")) var watchMode: String?
    @Option(name: .customLong("poll-seconds"), help: help("poll_seconds", "seconds")) var pollSeconds: String?
    @Option(name: .customLong("max-file-bytes"), help: help("max_file_bytes", "bytes")) var maxFileBytes: String?
    @Option(name: .customLong("digest-catch-up-days"), help: help("digest_catch_up_days", "days")) var digestCatchUpDays: String?
    @Option(name: .customLong("workers"), help: help("workers", "n")) var workers: String?
    @Option(name: .customLong("log-level"), help: help("log_level", "level")) var logLevel: String?
    @Option(name: .customLong("story-threshold"), help: help("story_threshold", "0-1")) var storyThreshold: String?
    @Option(name: .customLong("story-window-articles"), help: help("story_window_articles", "n")) var storyWindowArticles: String?
    @Option(name: .customLong("story-window-days"), help: help("story_window_days", "days")) var storyWindowDays: String?
    @Option(name: .customLong("story-split-ratio"), help: help("story_split_ratio", "0-1")) var storySplitRatio: String?
    @Option(name: .customLong("near-duplicate-similarity"), help: help("near_duplicate_similarity", "0-1")) var nearDuplicateSimilarity: String?

    /// The flags given, as `(key, value)` pairs.
    var overrides: [(key: String, value: String)] {
        let all: [(String, String?)] = [
            ("inbox", inbox), ("data_dir", dataDir), ("digest_time", digestTime), ("timezone", timezone),
            ("settle_seconds", settleSeconds), ("rescan_seconds", rescanSeconds), ("watch_mode", watchMode),
            ("poll_seconds", pollSeconds), ("max_file_bytes", maxFileBytes), ("digest_catch_up_days", digestCatchUpDays),
            ("workers", workers), ("log_level", logLevel), ("story_threshold", storyThreshold),
            ("story_window_articles", storyWindowArticles), ("story_window_days", storyWindowDays),
            ("story_split_ratio", storySplitRatio), ("near_duplicate_similarity", nearDuplicateSimilarity),
        ]
        return all.compactMap { key, value in value.map { (key, $0) } }
    }

    func load() throws -> NewsdConfig {
        try NewsdConfig.load(file: configFile, overrides: overrides)
    }
}

/// The help line of a key, from the one list of keys in Core.
private func help(_ key: String, _ valueName: String) -> ArgumentHelp {
    ArgumentHelp(ConfigKey.named(key)?.summary ?? "", valueName: valueName)
}

/// Where the database is: `--db FILE`, else `DATA/newsd.sqlite` of `--data-dir` or the config file.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Database file (default: DATA/newsd.sqlite).", valueName: "file"))
    var db: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Data folder whose newsd.sqlite to use.", valueName: "dir"))
    var dataDir: String?

    @Option(name: .customLong("config"), help: ArgumentHelp("TOML configuration file giving data_dir.", valueName: "file"))
    var configFile: String?

    func databasePath() throws -> String {
        if let db { return db }
        return try config().layout.database
    }

    /// The configuration (for its time zone, say), with --data-dir applied.
    func config() throws -> NewsdConfig {
        try NewsdConfig.load(file: configFile, overrides: dataDir.map { [("data_dir", $0)] } ?? [])
    }

    /// Opens the store, refusing to create a new, empty database where one was expected.
    func openExisting() throws -> NewsStore {
        let path = try databasePath()
        guard FileReader.status(path) != nil else { throw CommandError("no database at \(path) (give --db FILE or --data-dir DIR)") }
        return try NewsStore(path: path)
    }
}

/// A one-line error for the user; ArgumentParser prints it after "Error:" and exits 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Where the digests of a store are: `digests/` beside `--db FILE`, else `DATA/digests/`.
func digestsFolder(db: String?, config: NewsdConfig) -> String {
    db.map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("digests") }
        ?? config.layout.digests
}
