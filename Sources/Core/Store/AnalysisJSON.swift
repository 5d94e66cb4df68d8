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
        // About what an entity or a figure takes, so the buffer seldom grows more than once or twice.
        json.bytes.reserveCapacity(96 * items.count)
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
///
/// Bytes go in one at a time or from storage that exists already (a static string's, a string's): an
/// array literal or `Array(…utf8)` per key or number allocated an array each time, 370,000 of them in a
/// BBC batch.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func null() {
        ("null" as StaticString).withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func escape(_ letter: Unicode.Scalar) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: letter))
    }

    mutating func string(_ value: String?) {
        guard let value else {
            null()
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
            case UInt8(ascii: "\""): escape("\"")
            case UInt8(ascii: "\\"): escape("\\")
            case 0x0A: escape("n")
            case 0x0D: escape("r")
            case 0x09: escape("t")
            case ..<0x20:
                escape("u")
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0F))
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whole numbers without a fraction ("2225"), others in Swift's shortest round-trip form ("5.6");
    /// JSON has no infinity or NaN, so those are written as null.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else {
            null()
            return
        }
        if value == value.rounded(), abs(value) < 1e15 {
            integer(Int64(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// An integer's decimal digits, as `String(value)` writes them, without making the string.
    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt64 = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
            divisor /= 10
        }
    }

    private func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
