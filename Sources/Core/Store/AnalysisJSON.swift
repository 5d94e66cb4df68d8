import Foundation

/// Analysis results are stored as JSON arrays in the article row: one read gives the digest everything
/// about an article, and the columns stay readable with any SQLite client.
///
/// Written by hand, not by `JSONEncoder`: every article is encoded once on the ingest path, where the
/// encoder's boxing was a seventh of the parallel stage, and hand-written keys come out in a fixed order.
/// Read back with `JSONDecoder` (the types' `Codable` conformances name the same keys).
enum AnalysisJSON {
    static func encode(_ entities: [Entity]) -> String? {
        array(entities) { json, entity in
            json.key("name", first: true); json.string(entity.name)
            json.key("type"); json.string(entity.kind.rawValue)
            json.key("canonical"); json.string(entity.canonical)
            json.key("mentions"); json.number(Double(entity.mentions))
        }
    }

    static func encode(_ quotes: [Quote]) -> String? {
        array(quotes) { json, quote in
            json.key("speaker", first: true); json.string(quote.speaker)
            json.key("text"); json.string(quote.text)
        }
    }

    static func encode(_ figures: [Figure]) -> String? {
        array(figures) { json, figure in
            json.key("text", first: true); json.string(figure.text)
            json.key("value"); json.number(figure.value)
            json.key("upper"); json.number(figure.upper)
            json.key("qualifier"); json.string(figure.qualifier)
            json.key("what"); json.string(figure.what)
            json.key("event"); json.string(figure.event)
            json.key("attribution"); json.string(figure.attribution)
        }
    }

    static func decode<T: Decodable>(_ text: String?, as type: T.Type) -> [T] {
        guard let text, let value = try? JSONDecoder().decode([T].self, from: Data(text.utf8)) else { return [] }
        return value
    }

    /// `[{…},{…}]`, or nil for an empty list (the column stays NULL).
    private static func array<T>(_ items: [T], _ object: (inout JSONBytes, T) -> Void) -> String? {
        guard !items.isEmpty else { return nil }
        var json = JSONBytes()
        json.bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { json.bytes.append(UInt8(ascii: ",")) }
            json.bytes.append(UInt8(ascii: "{"))
            object(&json, item)
            json.bytes.append(UInt8(ascii: "}"))
        }
        json.bytes.append(UInt8(ascii: "]"))
        return String(decoding: json.bytes, as: UTF8.self)
    }
}

/// The bytes of a JSON text being written: keys, strings (escaped as RFC 8259 requires), numbers.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func string(_ value: String?) {
        guard let value else {
            bytes.append(contentsOf: Array("null".utf8))
            return
        }
        bytes.append(UInt8(ascii: "\""))
        // Most strings (names, quotes, figures) need no escape: their bytes go in whole, from the
        // string's storage, not one by one through its UTF-8 view.
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        } ?? false
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whole numbers without a fraction ("2225"), others in Swift's shortest round-trip form ("5.6");
    /// JSON has no infinity or NaN, so those are written as null.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else {
            bytes.append(contentsOf: Array("null".utf8))
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            bytes.append(contentsOf: Array(String(Int64(value)).utf8))
        } else {
            bytes.append(contentsOf: Array(String(value).utf8))
        }
    }
}
