/// A story's sum packed for many dot products with other sums: its terms and weights side by side in
/// two arrays, and a 4,096-bit signature of which terms it holds.
///
/// The merge step of story grouping compares each story with a hundred or so others, one dot product
/// of two ``TermSums`` each. Walking a sum's open-addressing table visits two to three slots per term
/// (the empty ones and those of terms that left), each behind a branch that cannot be predicted, and
/// four of five terms it looks up in the other sum are not there. Packed once per merge round, a sum is
/// walked term by term, and the signature answers "not there" for most of the absent terms from 512
/// bytes that stay in the cache, so the other table is probed only for terms it may hold.
///
/// ``dot(_:_:)`` gives exactly what walking the smaller table and looking each of its terms up in the
/// other gives: the same side, in the same order, leaving out only terms whose product would be zero.
struct PackedTermSums: Sendable {
    /// The table, for probing.
    let sums: TermSums
    /// The terms with a non-zero weight, in the table's slot order, and their weights.
    let terms: [UInt64]
    let weights: [Float]
    /// A bit per 4,096th of the term hashes, set when one of the sum's terms falls there.
    let signature: [UInt64]

    /// Terms with a non-zero weight.
    let count: Int

    static let signatureWords = 64

    /// - Parameter walked: Whether the sum is ever the one with fewer terms in a product, the one
    ///   walked: only then are its terms and weights copied out (the largest stories' sums are only ever
    ///   looked up in; copied, they were about 5 MB more at the peak of a 100,000-file ingest).
    init(_ sums: TermSums, walked: Bool = true) {
        self.sums = sums
        count = sums.count
        var terms: [UInt64] = []
        var weights: [Float] = []
        if walked {
            terms.reserveCapacity(sums.count)
            weights.reserveCapacity(sums.count)
        }
        var signature = [UInt64](repeating: 0, count: Self.signatureWords)
        sums.forEachEntry { term, weight in
            if walked {
                terms.append(term)
                weights.append(weight)
            }
            let (word, bit) = Self.signaturePosition(term)
            signature[word] |= 1 << bit
        }
        self.terms = terms
        self.weights = weights
        self.signature = signature
    }

    /// Where `term` falls in the signature: the top twelve bits of a multiply by an odd constant (the
    /// table's slot comes from bits 32 and up of the same product, so the two are independent for any
    /// table under a million slots).
    @inline(__always)
    static func signaturePosition(_ term: UInt64) -> (word: Int, bit: UInt64) {
        let mixed = term &* 0x9E37_79B9_7F4A_7C15
        return (Int(truncatingIfNeeded: mixed >> 58), (mixed >> 52) & 63)
    }

    /// The dot product of two sums, walking the one with fewer terms.
    static func dot(_ a: PackedTermSums, _ b: PackedTermSums) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var total: Float = 0
        large.signature.withUnsafeBufferPointer { signature in
            guard small.terms.count == small.count else {
                // Packed without its terms: walked through its table instead, in the same order.
                small.sums.forEachEntry { term, weight in
                    let (word, bit) = signaturePosition(term)
                    if signature[word] & (1 << bit) != 0 { total += weight * large.sums[term] }
                }
                return
            }
            small.terms.withUnsafeBufferPointer { terms in
                small.weights.withUnsafeBufferPointer { weights in
                    for index in terms.indices {
                        let term = terms[index]
                        let (word, bit) = signaturePosition(term)
                        guard signature[word] & (1 << bit) != 0 else { continue }
                        total += weights[index] * large.sums[term]
                    }
                }
            }
        }
        return Double(total)
    }
}
