/// Eight bytes at a time for the text scanners' common case, where byte-at-a-time loops spent several
/// comparisons on every byte of ordinary text before reaching one that matters.
///
/// SWAR ("SIMD within a register") on a `UInt64`: the bit tricks below flag, in bit 7 of each byte,
/// the bytes that match. The lowest flag is always exact (a borrow runs only upwards, from a byte that
/// matched), which is all these scans need: the first such byte. (Swift's `SIMD16<UInt8>` comparisons
/// were tried first: they compiled to a loop over the lanes through memory, slower than the bytes.)
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Bit 7 of each byte of `word` that is zero (lowest flag exact).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }

    /// Bit 7 of each byte of `word` that is less than `limit` (at most 128; lowest flag exact).
    @inline(__always)
    private static func bytesBelow(_ limit: UInt8, _ word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// The offset of the first byte at or after `start` that is one of `a`…`e`; `bytes.count` when there
    /// is none.
    static func firstOf(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8,
                        in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let (fa, fb, fc, fd, fe) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c), ones &* UInt64(d), ones &* UInt64(e))
        return first(in: bytes, from: start) { word in
            zeroBytes(word ^ fa) | zeroBytes(word ^ fb) | zeroBytes(word ^ fc) | zeroBytes(word ^ fd) | zeroBytes(word ^ fe)
        } matching: { byte in
            byte == a || byte == b || byte == c || byte == d || byte == e
        }
    }

    /// The offset of the first byte at or after `start` that is outside ASCII or one of `a`…`c`;
    /// `bytes.count` when there is none.
    static func firstNonASCII(orOneOf a: UInt8, _ b: UInt8, _ c: UInt8,
                              in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let (fa, fb, fc) = (ones &* UInt64(a), ones &* UInt64(b), ones &* UInt64(c))
        return first(in: bytes, from: start) { word in
            (word & highBits) | zeroBytes(word ^ fa) | zeroBytes(word ^ fb) | zeroBytes(word ^ fc)
        } matching: { byte in
            byte >= 0x80 || byte == a || byte == b || byte == c
        }
    }

    /// How many of the eight bytes at `start`, from the first, are printable ASCII (0x21–0x7F) or a
    /// single space between two of them: text between its line breaks and its runs of spaces, as
    /// ``collapseSpaces(bytes:)`` keeps it. A space first, or last of the eight, ends the run (what
    /// comes before or after it is not known here). `start + 8` must be in the buffer.
    @inline(__always)
    static func plainTextPrefix(_ start: UnsafePointer<UInt8>) -> Int {
        let word = UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
        // Each byte's flag exact, not only the lowest: a space is judged by the byte after it.
        // Bit 7 of (byte | 0x80) − 0x21 stays set when the low seven bits are 0x21 or more; no byte
        // borrows from the next, each being 0x80 or more before the subtraction.
        let printable = ((word | highBits) &- ones &* 0x21) & ~word & highBits
        let spaced = word ^ (ones &* 0x20)
        let spaces = ~(((spaced & ~highBits) &+ ~highBits) | spaced) & highBits
        var kept = printable | (spaces & (printable >> 8))
        kept &= ~(spaces & 0x80)
        let other = ~kept & highBits
        return other == 0 ? 8 : other.trailingZeroBitCount >> 3
    }

    /// The offset of the first byte at or after `start` below 0x20 (a control byte: a tab, a line break
    /// or worse); `bytes.count` when there is none.
    static func firstControl(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        first(in: bytes, from: start) { bytesBelow(0x20, $0) } matching: { $0 < 0x20 }
    }

    /// Whether every byte is ASCII (below 0x80).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        first(in: bytes, from: 0) { $0 & highBits } matching: { $0 >= 0x80 } == bytes.count
    }

    /// The scan the searches share: eight bytes at a time while eight are left, `flags` marking the
    /// sought bytes of each word (lowest flag exact), then the last few one by one with `matching`.
    @inline(__always)
    private static func first(in bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                              flags: (UInt64) -> UInt64, matching: (UInt8) -> Bool) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var i = start
        while i + 8 <= bytes.count {
            let found = flags(UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)))
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < bytes.count {
            if matching(bytes[i]) { return i }
            i += 1
        }
        return bytes.count
    }
}
