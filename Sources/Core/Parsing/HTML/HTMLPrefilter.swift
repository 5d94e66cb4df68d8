import Glibc

/// Cuts what can never be article text out of a page before it is parsed: scripts (JSON-LD kept),
/// styles, inline SVG, `<noscript>` and comments. They are about 60% of a modern news page's bytes, so
/// the parser and everything after it do well under half the work.
///
/// A `<script>` ends at the first `</script`, as in a browser; an element that is never closed runs
/// to the end of the page, as it would there too.
enum HTMLPrefilter {
    static func strip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var copied = 0
            var position = 0
            while position < count {
                guard let found = memchr(base + position, 0x3C, count - position) else { break }
                let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                position = lt + 1
                var end: Int?
                if matches(buffer, at: lt + 1, commentOpen) {
                    end = find(buffer, commentClose, from: lt + 4).map { $0 + 3 } ?? count
                } else if let (element, afterName) = rawElement(buffer, at: lt + 1) {
                    let tagEnd = openTagEnd(buffer, from: afterName)
                    if element == "script", isJSONLD(buffer, from: afterName, to: tagEnd) { continue }
                    end = find(buffer, Array(("</" + element).utf8), from: tagEnd, caseInsensitive: true)
                        .map { close in (memchr(base + close, 0x3E, count - close).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 }) ?? count }
                        ?? count
                }
                guard let end else { continue }
                out.append(contentsOf: buffer[copied..<lt])
                copied = end
                position = end
            }
            out.append(contentsOf: buffer[copied..<count])
        }
        return out
    }

    private static let rawElements: [(name: String, bytes: [UInt8])] =
        ["script", "style", "svg", "noscript", "template"].map { ($0, Array($0.utf8)) }

    /// The raw-text element whose name starts at `index` (after `<`), and the index after the name.
    private static func rawElement(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (String, Int)? {
        guard index < buffer.count else { return nil }
        let first = buffer[index] | 0x20
        guard first == 0x73 || first == 0x6E || first == 0x74 else { return nil }   // s, n, t
        for (element, bytes) in rawElements where matches(buffer, at: index, bytes, caseInsensitive: true) {
            let after = index + bytes.count
            guard after < buffer.count else { return nil }
            let next = buffer[after]
            if next == 0x3E || next == 0x20 || next == 0x2F || next == 0x09 || next == 0x0A || next == 0x0D {
                return (element, after)
            }
        }
        return nil
    }

    /// The index after the `>` that closes an opening tag, skipping quoted attribute values.
    private static func openTagEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var quote: UInt8 = 0
        var i = start
        while i < buffer.count {
            let byte = buffer[i]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x3E {
                return i + 1
            }
            i += 1
        }
        return buffer.count
    }

    private static let jsonLD = Array("ld+json".utf8)

    /// Whether the opening tag between `start` and `end` says `type="application/ld+json"`.
    private static func isJSONLD(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard end - start >= jsonLD.count else { return false }
        for index in start...(end - jsonLD.count) where matches(buffer, at: index, jsonLD, caseInsensitive: true) {
            return true
        }
        return false
    }

    private static func matches(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, _ bytes: [UInt8], caseInsensitive: Bool = false) -> Bool {
        guard index + bytes.count <= buffer.count else { return false }
        var i = index
        for expected in bytes {
            guard i < buffer.count else { return false }
            var byte = buffer[i]
            if caseInsensitive, byte >= 0x41, byte <= 0x5A { byte += 0x20 }
            guard byte == expected else { return false }
            i += 1
        }
        return true
    }

    private static let commentOpen = Array("!--".utf8)
    private static let commentClose = Array("-->".utf8)

    private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard let base = buffer.baseAddress, let first = needle.first, start < buffer.count else { return nil }
        var position = start
        while position < buffer.count {
            guard let found = memchr(base + position, Int32(first), buffer.count - position) else { return nil }
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if matches(buffer, at: index, needle, caseInsensitive: caseInsensitive) { return index }
            position = index + 1
        }
        return nil
    }
}
