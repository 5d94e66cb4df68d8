/// 64-bit FNV-1a: terms and shingles become integers, so indexes need no shared vocabulary and two
/// processes hash a term the same way. At 64 bits, collisions among a few million terms are negligible.
public enum TermHash {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    public static func hash(_ text: String, kind: UInt8 = 0) -> UInt64 {
        var h = start(kind: kind)
        for byte in text.utf8 { h = mix(h, byte) }
        return h
    }

    /// The hash of an empty text of this kind, to which ``mix(_:_:)`` adds a text's bytes one at a time
    /// (`hash(text, kind:)` is `start(kind:)` mixed with each byte of `text`).
    @inline(__always)
    static func start(kind: UInt8) -> UInt64 {
        mix(offset, kind)
    }

    @inline(__always)
    static func mix(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* prime
    }

    /// SplitMix64: a fast, well-mixing permutation of 64-bit values (for MinHash).
    @inline(__always)
    static func splitMix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first slot for `term` in an open-addressing table of `mask + 1` slots (a power of two): a
    /// multiply-shift, as the term hashes are well mixed already. Shared by ``TermSums`` and ``TermMap``.
    @inline(__always)
    static func slot(_ term: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (term &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
