/// Decides which encoding to read HTML and XML bytes in.
///
/// Byte-order marks first. Then, for HTML, bytes that are valid UTF-8 are UTF-8 whatever the page
/// declares: a page that says `iso-8859-1` yet holds valid multi-byte UTF-8 was re-encoded somewhere
/// along the way, and valid multi-byte sequences almost never occur by chance in legacy text. Otherwise
/// the declared charset (`<meta charset>`, `http-equiv`, the XML declaration), and Windows-1252 when
/// nothing is declared. The Latin-1 labels are read as Windows-1252, as browsers do.
enum CharsetSniffer {
    static func htmlEncoding(_ bytes: [UInt8]) -> String {
        if let bom = byteOrderMark(bytes) { return bom }
        if String(validating: bytes, as: UTF8.self) != nil { return "UTF-8" }
        if let declared = metaCharset(bytes) { return normalise(declared) }
        return "windows-1252"
    }

    /// The encoding to read a feed in, or nil to let the XML declaration decide.
    static func xmlEncoding(_ bytes: [UInt8]) -> String? {
        if let bom = byteOrderMark(bytes) { return bom }
        let declared = xmlDeclaredEncoding(bytes).map(normalise)
        if declared == nil || declared == "UTF-8" {
            // Undeclared means UTF-8; if the bytes are not, the producer meant its platform's charset.
            return String(validating: bytes, as: UTF8.self) != nil ? "UTF-8" : "windows-1252"
        }
        return declared
    }

    static func byteOrderMark(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        if bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
        if bytes.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
        return nil
    }

    static func normalise(_ label: String) -> String {
        switch label.lowercased() {
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252":
            return "windows-1252"
        case "utf8", "utf-8": return "UTF-8"
        default: return label
        }
    }

    /// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">` in the
    /// first 4 KB.
    static func metaCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let value = head[range.upperBound...].drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
        let label = value.prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        return label.isEmpty ? nil : String(label)
    }

    /// `encoding="x"` of an `<?xml …?>` declaration at the start.
    static func xmlDeclaredEncoding(_ bytes: [UInt8]) -> String? {
        var head = Substring(String(decoding: bytes.prefix(512), as: UTF8.self))
        head = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        guard head.hasPrefix("<?xml"), let end = head.range(of: "?>") else { return nil }
        let declaration = head[..<end.lowerBound]
        guard let range = declaration.range(of: "encoding") else { return nil }
        let value = declaration[range.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" })
        let label = value.prefix(while: { $0 != "\"" && $0 != "'" && $0 != " " })
        return label.isEmpty ? nil : String(label)
    }
}
