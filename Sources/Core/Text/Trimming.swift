/// Trimming without Foundation.
///
/// `trimmingCharacters(in:)` bridges through `NSString` and re-decodes UTF-16 on Linux: it was 40 % of
/// plain-text parsing. These walk Unicode scalars from both ends and copy only what is kept.
extension StringProtocol where SubSequence == Substring {
    /// Without the spaces and tabs at either end (Foundation's `.whitespaces`: tab and the Unicode
    /// space separators: U+0020, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000).
    public func trimmingSpaces() -> String {
        String(trimming(where: Self.isSpace))
    }

    /// Without spaces, tabs and line breaks at either end (Foundation's `.whitespacesAndNewlines`).
    public func trimmingWhitespace() -> String {
        String(trimming { Self.isSpace($0) || Self.isLineBreak($0) })
    }

    /// Without the scalars `drop` accepts at either end.
    public func trimming(where drop: (Unicode.Scalar) -> Bool) -> Substring {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, drop(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard drop(scalars[before]) else { break }
            end = before
        }
        return self[start..<end]
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The lines between "\n" bytes, empty ones kept. Splitting by `Character` walks grapheme clusters
    /// and was a third of plain-text parsing; "\n" is one byte in UTF-8 and never inside another character.
    /// (Decoded text has its line endings normalised to "\n".)
    public func lines() -> [Substring] {
        // The breaks found on the text's own storage, then turned into indices: walking the UTF-8 view
        // index by index cost about twenty instructions a byte.
        let breaks: [Int]? = utf8.withContiguousStorageIfAvailable { bytes in
            var found: [Int] = []
            for offset in bytes.indices where bytes[offset] == 0x0A { found.append(offset) }
            return found
        }
        guard let breaks else { return linesByIndex() }
        var result: [Substring] = []
        result.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        var startOffset = 0
        for offset in breaks {
            let index = utf8.index(start, offsetBy: offset - startOffset)
            result.append(self[start..<index])
            start = utf8.index(after: index)
            startOffset = offset + 1
        }
        result.append(self[start..<utf8.endIndex])
        return result
    }

    private func linesByIndex() -> [Substring] {
        var result: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            if utf8[index] == 0x0A {
                result.append(self[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        result.append(self[start..<utf8.endIndex])
        return result
    }
}
