/// Why a configuration could not be used. Every case names the key or file at fault, so the one-line
/// message a user sees tells them what to change.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case syntax(path: String, line: Int, column: Int, message: String)
    case unknownKey(key: String, path: String)
    case invalidValue(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read config file \(path): \(reason)"
        case .syntax(let path, let line, let column, let message):
            return "\(path):\(line):\(column): \(message)"
        case .unknownKey(let key, let path):
            let hint = ConfigKey.all.map(\.name).min { editDistance($0, key) < editDistance($1, key) }
            let suggestion = hint.map { editDistance($0, key) <= 3 ? " (did you mean \($0)?)" : "" } ?? ""
            return "\(path): unknown key \(key)\(suggestion)"
        case .invalidValue(let key, let value, let expected):
            return "invalid \(key) = \(value): expected \(expected)"
        }
    }
}

/// Levenshtein distance, for "did you mean" hints on misspelt keys.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8), b = Array(b.utf8)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
