/// Reads Debian's iso-codes JSON (`{"3166-2": [{"code": "AD-02", "name": "Canillo", …}, …]}`) in one
/// pass over the bytes.
///
/// Foundation's `JSONSerialization` took about 70 ms for the 500 kB subdivision list, at the first
/// article of every process (the gazetteer is built on first use, and the other workers wait for it).
/// This reader knows only that shape — one key holding an array of objects whose values are strings —
/// and returns nil for anything else (an escape sequence, a number, a nested value), so the caller can
/// fall back to the general parser.
enum ISOCodesReader {
    static func entries(_ bytes: [UInt8], key: String) -> [[String: String]]? {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        guard !bytes.contains(backslash) else { return nil }
        var entries: [[String: String]] = []
        var entry: [String: String] = [:]
        var pendingKey: String?
        var depth = 0
        var sawKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= 3 else { return nil }
                if depth == 3 { entry = [:] }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 3 {
                    guard pendingKey == nil else { return nil }
                    entries.append(entry)
                }
                depth -= 1
                guard depth >= 0 else { return nil }
            case quote:
                guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                let text = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = end
                switch depth {
                case 1:
                    // The one key of the document, which must be the one asked for.
                    guard !sawKey, text == key else { return nil }
                    sawKey = true
                case 3:
                    if let name = pendingKey {
                        entry[name] = text
                        pendingKey = nil
                    } else {
                        pendingKey = text
                    }
                default:
                    return nil
                }
            case UInt8(ascii: ":"), UInt8(ascii: ","),
                 UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                break
            default:
                // A number, true, false or null: not the shape this reader knows.
                return nil
            }
            index += 1
        }
        return depth == 0 && sawKey ? entries : nil
    }
}
