import Foundation
import Core
import Logging

/// Writes log lines to stderr the way journald wants them.
///
/// Under systemd (or any non-terminal stderr) each line starts with its syslog priority, `<6>` for
/// info, which journald strips and keeps as the entry's level; no timestamp is added, since journald
/// adds its own. On a terminal, lines carry a short time and the level in words instead.
/// Line breaks inside a message (a file name can hold one) are escaped so one event stays one line.
struct JournalLogHandler: LogHandler {
    enum Style: Sendable { case journal, terminal }

    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    let style: Style

    init(level: Logger.Level, style: Style = JournalLogHandler.defaultStyle) {
        logLevel = level
        self.style = style
    }

    /// Journal style when systemd set `JOURNAL_STREAM` or stderr is not a terminal.
    static var defaultStyle: Style {
        ProcessInfo.processInfo.environment["JOURNAL_STREAM"] != nil || isatty(STDERR_FILENO) == 0 ? .journal : .terminal
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line: String
        switch style {
        case .journal:
            line = "<\(Self.priority(event.level))>"
        case .terminal:
            let now = Date()
            let seconds = Int(now.timeIntervalSince1970)
            var time = time_t(seconds)
            var parts = tm()
            localtime_r(&time, &parts)
            line = String(format: "%02d:%02d:%02d %@ ", Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
                          event.level.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))
        }
        line += Self.oneLine(event.message.description)
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.oneLine(value.description))"
        }
        line += "\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(STDERR_FILENO, base + offset, raw.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            offset += n
        }
    }

    /// syslog priorities: 7 debug, 6 info, 5 notice, 4 warning, 3 error, 2 critical.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    static func oneLine(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension Logger.Level {
    init(_ level: Core.LogLevel) {
        self = Logger.Level(rawValue: level.rawValue) ?? .info
    }
}
