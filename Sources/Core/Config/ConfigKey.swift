import Foundation

/// One configuration key: its TOML name, its flag, what it means, and how a value is read and written.
///
/// A value arrives either typed from TOML or as the text of a flag; ``read`` turns both into the
/// config's own type and rejects what is out of range with a message that names the key and value.
public struct ConfigKey: Sendable {
    /// The key as written in TOML, e.g. `settle_seconds`.
    public let name: String
    /// One line for `--help`, `check-config` and the documented default file.
    public let summary: String
    /// Whether a relative value is a path, resolved against the config file's folder or the working directory.
    public let isPath: Bool
    let read: @Sendable (inout NewsdConfig, ConfigValue) throws(ConfigError) -> Void
    let write: @Sendable (NewsdConfig) -> String

    /// The command-line flag that sets this key: underscores become dashes.
    public var flag: String { "--" + name.replacingOccurrences(of: "_", with: "-") }

    /// The current value as a TOML literal.
    public func tomlLiteral(in config: NewsdConfig) -> String { write(config) }
}

/// A value for a key, before it is checked.
public enum ConfigValue: Sendable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case number(Double)
    case boolean(Bool)

    public var description: String {
        switch self {
        case .text(let s): return "\"\(s)\""
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .boolean(let b): return String(b)
        }
    }
}

extension ConfigKey {
    /// Every key newsd knows, in the order `check-config` prints them.
    public static let all: [ConfigKey] = [
        path("inbox", "Folder that article files are dropped into (created if missing).", \.inbox),
        path("data_dir", "Folder for the database, archive/, failed/ and digests/ (created if missing).", \.dataDir),
        ConfigKey(
            name: "digest_time", summary: "Local time (HH:MM) at which the daily digest of the previous day is written.",
            isPath: false,
            read: { config, value throws(ConfigError) in
                guard case .text(let text) = value, let time = ClockTime(parsing: text) else {
                    throw .invalidValue(key: "digest_time", value: value.description, expected: "a time of day as \"HH:MM\", e.g. \"07:00\"")
                }
                config.digestTime = time
            },
            write: { "\"\($0.digestTime)\"" }
        ),
        ConfigKey(
            name: "timezone", summary: "IANA time zone of digest_time and of the digest's days; \"\" means the system's zone.",
            isPath: false,
            read: { config, value throws(ConfigError) in
                guard case .text(let text) = value, text.isEmpty || TimeZone(identifier: text) != nil else {
                    throw .invalidValue(key: "timezone", value: value.description, expected: "an IANA zone such as \"Europe/Berlin\", or \"\" for the system's")
                }
                config.timezone = text
            },
            write: { "\"\($0.timezone)\"" }
        ),
        seconds("settle_seconds", "A file written in place is taken once its size and mtime were stable this long.", \.settleSeconds, minimum: 0),
        seconds("rescan_seconds", "Interval of the full inbox rescan that catches missed events.", \.rescanSeconds, minimum: 1),
        ConfigKey(
            name: "watch_mode", summary: "\"inotify\" (events plus rescans) or \"poll\" (scans only, for network file systems).",
            isPath: false,
            read: { config, value throws(ConfigError) in
                guard case .text(let text) = value, let mode = NewsdConfig.WatchMode(rawValue: text) else {
                    throw .invalidValue(key: "watch_mode", value: value.description, expected: "\"inotify\" or \"poll\"")
                }
                config.watchMode = mode
            },
            write: { "\"\($0.watchMode.rawValue)\"" }
        ),
        seconds("poll_seconds", "Interval of the inbox scan in poll mode.", \.pollSeconds, minimum: 0.1),
        count("max_file_bytes", "Files larger than this go to failed/ unread.", \.maxFileBytes, minimum: 1),
        count("digest_catch_up_days", "At most this many missed daily digests are written at start-up.", \.digestCatchUpDays, minimum: 0),
        count("workers", "Threads that parse and analyse files in parallel; 0 means one per core.", \.workers, minimum: 0),
        ConfigKey(
            name: "log_level", summary: "trace, debug, info, notice, warning, error or critical.",
            isPath: false,
            read: { config, value throws(ConfigError) in
                guard case .text(let text) = value, let level = LogLevel(rawValue: text) else {
                    throw .invalidValue(key: "log_level", value: value.description,
                                        expected: LogLevel.allCases.map(\.rawValue).joined(separator: ", "))
                }
                config.logLevel = level
            },
            write: { "\"\($0.logLevel.rawValue)\"" }
        ),
        fraction("story_threshold", "Average-link cosine at which an article joins a story (tuned on ECB+; lower groups more).", \.storyThreshold),
        count("story_window_articles", "Recent articles held in memory for story grouping; older stories take no new articles.", \.storyWindowArticles, minimum: 100),
        seconds("story_window_days", "Days a story stays open to new articles after its last one.", \.storyWindowDays, minimum: 0.1),
        fraction("story_split_ratio", "A story splits when its halves are less alike than this share of how alike each half is.", \.storySplitRatio),
        fraction("near_duplicate_similarity", "Shingle similarity (0–1) at which an article is a near copy of an earlier one.", \.nearDuplicateSimilarity),
    ]

    /// The key with this TOML name, if there is one.
    public static func named(_ name: String) -> ConfigKey? {
        all.first { $0.name == name }
    }

    private static func path(_ name: String, _ summary: String, _ field: WritableKeyPath<NewsdConfig, String> & Sendable) -> ConfigKey {
        ConfigKey(
            name: name, summary: summary, isPath: true,
            read: { config, value throws(ConfigError) in
                guard case .text(let text) = value, !text.isEmpty else {
                    throw .invalidValue(key: name, value: value.description, expected: "a folder path")
                }
                config[keyPath: field] = text
            },
            write: { tomlString($0[keyPath: field]) }
        )
    }

    private static func seconds(_ name: String, _ summary: String, _ field: WritableKeyPath<NewsdConfig, Double> & Sendable,
                                minimum: Double) -> ConfigKey {
        ConfigKey(
            name: name, summary: summary, isPath: false,
            read: { config, value throws(ConfigError) in
                let seconds: Double?
                switch value {
                case .integer(let i): seconds = Double(i)
                case .number(let d): seconds = d
                case .text(let t): seconds = Double(t)
                case .boolean: seconds = nil
                }
                guard let seconds, seconds.isFinite, seconds >= minimum else {
                    throw .invalidValue(key: name, value: value.description, expected: "a number of seconds ≥ \(formatNumber(minimum))")
                }
                config[keyPath: field] = seconds
            },
            write: { formatNumber($0[keyPath: field]) }
        )
    }

    private static func fraction(_ name: String, _ summary: String, _ field: WritableKeyPath<NewsdConfig, Double> & Sendable) -> ConfigKey {
        ConfigKey(
            name: name, summary: summary, isPath: false,
            read: { config, value throws(ConfigError) in
                let number: Double?
                switch value {
                case .integer(let i): number = Double(i)
                case .number(let d): number = d
                case .text(let t): number = Double(t)
                case .boolean: number = nil
                }
                guard let number, number > 0, number < 1 else {
                    throw .invalidValue(key: name, value: value.description, expected: "a number between 0 and 1")
                }
                config[keyPath: field] = number
            },
            write: { formatNumber($0[keyPath: field]) }
        )
    }

    private static func count(_ name: String, _ summary: String, _ field: WritableKeyPath<NewsdConfig, Int> & Sendable,
                              minimum: Int) -> ConfigKey {
        ConfigKey(
            name: name, summary: summary, isPath: false,
            read: { config, value throws(ConfigError) in
                let number: Int?
                switch value {
                case .integer(let i): number = i
                case .text(let t): number = Int(t.replacingOccurrences(of: "_", with: ""))
                case .number, .boolean: number = nil
                }
                guard let number, number >= minimum else {
                    throw .invalidValue(key: name, value: value.description, expected: "a whole number ≥ \(minimum)")
                }
                config[keyPath: field] = number
            },
            write: { String($0[keyPath: field]) }
        )
    }
}

/// Writes a number the way a person would: `3`, not `3.0`; `0.5` stays `0.5`.
func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}

/// A TOML basic string with the characters TOML requires escaped.
func tomlString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += String(format: "\\u%04X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
