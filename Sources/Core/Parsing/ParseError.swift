/// Why a file could not become an article. The description is the one line written beside the file
/// in `failed/NAME.error`, so it says what is wrong in words a person understands.
public enum ParseError: Error, Equatable, CustomStringConvertible {
    case empty
    case binary
    case tooLarge(bytes: Int, limit: Int)
    case noText
    case unsupported(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .empty:
            return "the file is empty"
        case .binary:
            return "the file is binary data, not text (it contains NUL or control bytes)"
        case .tooLarge(let bytes, let limit):
            return "the file is \(bytes) bytes, over the \(limit)-byte limit (max_file_bytes); it was not read"
        case .noText:
            return "the file holds no article text"
        case .unsupported(let what):
            return "unsupported format: \(what)"
        case .malformed(let why):
            return why
        }
    }
}
