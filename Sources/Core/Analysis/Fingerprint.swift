import CMinHash

/// What recognises a copy: a hash of the normalised body (the same words in the same order, whatever
/// the spacing, case or punctuation) and a MinHash signature of its 5-word shingles, whose agreement
/// estimates the shingle Jaccard similarity of two bodies (a re-send, an updated version, a syndicated
/// copy with different boilerplate).
public struct Fingerprint: Sendable, Equatable {
    public static let permutations = 64
    public static let shingleWords = 5

    /// Hash of the body's words, lower-cased, joined by single spaces; 0 for an empty body.
    public var bodyHash: Int64
    /// `permutations` minimum hashes; empty when the body has fewer words than a shingle.
    public var minHash: [UInt32]

    public init(bodyHash: Int64, minHash: [UInt32]) {
        self.bodyHash = bodyHash
        self.minHash = minHash
    }

    /// The 64 hash functions are multiply-shift hashes `(a·x + b) >> 32` over the shingle's 64-bit
    /// hash, a universal family: one multiply each, where a full mixer per function made fingerprints
    /// three times as slow. Fixed, so signatures are comparable across processes and runs.
    static let multipliers: [UInt64] = (0..<UInt64(permutations)).map { TermHash.splitMix($0 &* 0x9E37_79B9_7F4A_7C15 &+ 12_345) | 1 }
    static let increments: [UInt64] = (0..<UInt64(permutations)).map { TermHash.splitMix($0 &+ 0xD1B5_4A32_D192_ED03) }

    public static func of(_ body: TokenizedText) -> Fingerprint {
        var wordHashes: [UInt64] = []
        wordHashes.reserveCapacity(body.tokens.count)
        var whole = TermHash.offset
        body.bytes.withUnsafeBufferPointer { bytes in
            for token in body.tokens {
                var h = TermHash.offset
                for i in token.start..<token.end {
                    var byte = bytes[i]
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    h = TermHash.mix(h, byte)
                    whole = TermHash.mix(whole, byte)
                }
                whole = TermHash.mix(whole, 0x20)
                wordHashes.append(h)
            }
        }
        let bodyHash = wordHashes.isEmpty ? 0 : Int64(bitPattern: whole)
        guard wordHashes.count >= shingleWords else { return Fingerprint(bodyHash: bodyHash, minHash: []) }
        var shingles = [UInt64](repeating: 0, count: wordHashes.count - shingleWords + 1)
        for start in shingles.indices {
            var shingle: UInt64 = 0
            for k in 0..<shingleWords { shingle = TermHash.splitMix(shingle ^ wordHashes[start + k]) }
            shingles[start] = shingle
        }
        return Fingerprint(bodyHash: bodyHash, minHash: minimums(of: shingles))
    }

    /// Whether ``minimums(of:vector:)`` can take all 64 hash functions eight at a time (AVX-512), checked
    /// once.
    public static let vectorAvailable = newsd_minhash_vector_available() == 1

    /// The least value of each hash function over the shingles.
    /// - Parameter vector: Use AVX-512 where the CPU has it; tests set it to false to check the two ways
    ///   against each other.
    static func minimums(of shingles: [UInt64], vector: Bool = vectorAvailable) -> [UInt32] {
        var minimums = [UInt32](repeating: .max, count: permutations)
        shingles.withUnsafeBufferPointer { shingles in
            if vector && vectorAvailable {
                multipliers.withUnsafeBufferPointer { a in
                    increments.withUnsafeBufferPointer { b in
                        minimums.withUnsafeMutableBufferPointer { m in
                            guard let a = a.baseAddress, let b = b.baseAddress, let m = m.baseAddress else { return }
                            newsd_minhash_vector_minimums(shingles.baseAddress, shingles.count, a, b, m)
                        }
                    }
                }
                return
            }
            // One hash function at a time over all the shingles: the running minimums stay in registers,
            // where a pass per shingle loaded and stored all 64 minimums each time. Four of them, over every
            // fourth shingle, combined at the end: with one, each step waited for the comparison before it
            // (a chain as long as the body), and the multiplies, which do not depend on each other, idled.
            for p in 0..<permutations {
                minimums[p] = minimum(of: shingles, multiplier: multipliers[p], increment: increments[p])
            }
        }
        return minimums
    }

    /// The least `(a·x + b) >> 32` over the shingles.
    @inline(__always)
    static func minimum(of shingles: UnsafeBufferPointer<UInt64>, multiplier a: UInt64, increment b: UInt64) -> UInt32 {
        func hash(_ shingle: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: (a &* shingle &+ b) >> 32) }
        var m0 = UInt32.max, m1 = UInt32.max, m2 = UInt32.max, m3 = UInt32.max
        var i = 0
        while i + 4 <= shingles.count {
            m0 = min(m0, hash(shingles[i]))
            m1 = min(m1, hash(shingles[i + 1]))
            m2 = min(m2, hash(shingles[i + 2]))
            m3 = min(m3, hash(shingles[i + 3]))
            i += 4
        }
        while i < shingles.count {
            m0 = min(m0, hash(shingles[i]))
            i += 1
        }
        return min(min(m0, m1), min(m2, m3))
    }

    /// The share of agreeing minimums: an estimate of the two bodies' shingle Jaccard similarity.
    public func similarity(to other: Fingerprint) -> Double {
        guard minHash.count == other.minHash.count, !minHash.isEmpty else { return 0 }
        var same = 0
        for i in 0..<minHash.count where minHash[i] == other.minHash[i] { same += 1 }
        return Double(same) / Double(minHash.count)
    }
}
