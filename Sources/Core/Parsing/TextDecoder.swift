import Foundation

/// Turns a file's bytes into text, choosing the encoding the way a careful reader would.
///
/// Order: a byte-order mark decides (UTF-8, UTF-16 LE/BE); then valid UTF-8; then Windows-1252, the
/// encoding most "Latin-1" news files really use (curly quotes at 0x91–0x94); then ISO-8859-1, which
/// accepts any byte. Binary data is refused rather than decoded into garbage: a NUL byte outside UTF-16,
/// or more than 2% C0 control characters, marks a file as not text.
public enum TextDecoder {
    /// The decoded text with line endings normalised to `\n`, and the encoding that was used.
    public struct Decoded: Sendable, Equatable {
        public var text: String
        public var encoding: String
    }

    public static func decode(_ bytes: [UInt8], declared: String? = nil) throws(ParseError) -> Decoded {
        guard !bytes.isEmpty else { throw .empty }
        let decoded: Decoded
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            decoded = Decoded(text: String(decoding: bytes.dropFirst(3), as: UTF8.self), encoding: "utf-8")
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            let text = String(data: Data(bytes.dropFirst(2)), encoding: littleEndian ? .utf16LittleEndian : .utf16BigEndian)
            guard let text else { throw .malformed("the file starts with a UTF-16 byte-order mark but is not valid UTF-16") }
            decoded = Decoded(text: text, encoding: littleEndian ? "utf-16le" : "utf-16be")
        } else {
            guard !bytes.contains(0) else { throw .binary }
            if let text = String(validating: bytes, as: UTF8.self) {
                decoded = Decoded(text: text, encoding: "utf-8")
            } else if let legacy = decodeLegacy(bytes, declared: declared) {
                decoded = legacy
            } else {
                decoded = Decoded(text: String(decoding: bytes, as: UTF8.self), encoding: "utf-8 (repaired)")
            }
        }
        let text = normaliseLineEndings(decoded.text)
        guard !looksBinary(text) else { throw .binary }
        guard text.contains(where: { !$0.isWhitespace }) else { throw .empty }
        return Decoded(text: text, encoding: decoded.encoding)
    }

    /// Decodes bytes that are not UTF-8: the declared charset if Foundation knows it, else cp1252, else Latin-1.
    static func decodeLegacy(_ bytes: [UInt8], declared: String?) -> Decoded? {
        let data = Data(bytes)
        if let declared, let encoding = encoding(named: declared), let text = String(data: data, encoding: encoding) {
            return Decoded(text: text, encoding: declared.lowercased())
        }
        if let text = String(data: data, encoding: .windowsCP1252) {
            return Decoded(text: text, encoding: "windows-1252")
        }
        if let text = String(data: data, encoding: .isoLatin1) {
            return Decoded(text: text, encoding: "iso-8859-1")
        }
        return nil
    }

    /// Foundation's encoding for a charset label as found in XML declarations and `<meta charset>`.
    public static func encoding(named label: String) -> String.Encoding? {
        switch label.lowercased().trimmingSpaces() {
        case "utf-8", "utf8": return .utf8
        case "windows-1252", "cp1252", "x-cp1252": return .windowsCP1252
        // WHATWG maps the Latin-1 labels to windows-1252, a superset that browsers use for them.
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii": return .windowsCP1252
        case "iso-8859-2", "iso8859-2", "latin2": return .isoLatin2
        case "windows-1250", "cp1250": return .windowsCP1250
        case "windows-1251", "cp1251": return .windowsCP1251
        case "windows-1253", "cp1253": return .windowsCP1253
        case "windows-1254", "cp1254": return .windowsCP1254
        case "utf-16", "utf16": return .utf16
        case "utf-16le": return .utf16LittleEndian
        case "utf-16be": return .utf16BigEndian
        case "shift_jis", "sjis": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        case "macintosh", "mac": return .macOSRoman
        default: return nil
        }
    }

    static func normaliseLineEndings(_ text: String) -> String {
        // On the string's storage, eight bytes at a time, not through its UTF-8 view's iterator.
        let hasReturn = withUTF8Bytes(of: text) { bytes in
            ByteScan.firstOf(13, 13, 13, 13, 13, in: bytes, from: 0) < bytes.count
        }
        guard hasReturn else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// More than 2% C0 control characters (other than tab, newline, form feed) is not text.
    static func looksBinary(_ text: String) -> Bool {
        func isControl(_ byte: UInt8) -> Bool { byte < 0x20 && byte != 9 && byte != 10 && byte != 12 && byte != 13 }
        let total = text.utf8.count
        // From one byte below 0x20 to the next, eight bytes at a time: text has few, its line breaks.
        let controls = withUTF8Bytes(of: text) { bytes in
            var controls = 0
            var next = ByteScan.firstControl(in: bytes, from: 0)
            while next < bytes.count {
                if isControl(bytes[next]) { controls += 1 }
                next = ByteScan.firstControl(in: bytes, from: next + 1)
            }
            return controls
        }
        return total > 0 && controls * 50 > total
    }
}
