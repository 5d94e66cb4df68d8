import Foundation

/// Output helpers for the commands: stderr lines, colour only on a terminal, buffered stdout.
enum Terminal {
    static let isInteractive = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    static func error(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return write(STDERR_FILENO, base, raw.count)
        }
    }

    static func bold(_ text: String) -> String { style(text, "1") }
    static func dim(_ text: String) -> String { style(text, "2") }
    static func green(_ text: String) -> String { style(text, "32") }
    static func red(_ text: String) -> String { style(text, "31") }
    static func yellow(_ text: String) -> String { style(text, "33") }

    private static func style(_ text: String, _ code: String) -> String {
        isInteractive ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Control characters from article text would reach the terminal as escape sequences: show them inert.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
        }))
    }
}

/// Buffers stdout writes into large chunks: `export` prints many thousands of lines.
struct FileHandleOutput {
    private var buffer = Data()

    mutating func write(_ data: Data) {
        buffer.append(data)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
