/// A story's summed term weights: term hash → weight, in an open-addressing table.
///
/// Story grouping's inner loop is "dot this article's vector with that story's sum": a few hundred
/// lookups per candidate story. `Dictionary<UInt64, Float>` hashes every key with SipHash; the keys here
/// are already well-mixed 64-bit hashes (``TermHash``), so a multiply-shift to a slot and a linear probe
/// do the same job several times faster. Removed terms keep their slot with weight 0 (a tombstone, read
/// as absent) until the table is rebuilt on growth.
struct TermSums: Sendable {
    /// One slot of the table. Key, weight and the taken flag side by side: a lookup touches one cache
    /// line, where three parallel arrays touched three (the dot products of story grouping are lookups
    /// into sums far larger than the caches).
    private struct Slot {
        var key: UInt64 = 0
        var weight: Float = 0
        var used = false
    }

    private var slots: [Slot]
    /// Slots taken, tombstones included.
    private var occupied = 0
    /// Terms with a non-zero weight.
    private(set) var count = 0
    /// For a signed sum (a story's): a bit per 4,096th of the term hashes, set when a term that falls
    /// there takes a slot (see ``PackedTermSums/signaturePosition(_:)``); cleared only when the table is
    /// rebuilt, so a bit may outlive its term but a term never lacks its bit. Empty when unsigned.
    private var signature: [UInt64]

    /// - Parameter signed: Keep a signature, so that ``dot(_:)`` looks up only the terms the sum may
    ///   hold. Worth its upkeep for a story's sum, which is dotted with hundreds of articles' vectors.
    /// - Parameter expected: How many terms it will likely hold: the table starts that large, instead of
    ///   doubling its way there from sixteen slots (an article's few hundred terms were rehashed five
    ///   times).
    init(signed: Bool = false, expected: Int = 0) {
        slots = expected > 0 ? [Slot](repeating: Slot(), count: max(16, (expected * 4 / 3 + 1).nextPowerOfTwo)) : []
        signature = signed ? [UInt64](repeating: 0, count: PackedTermSums.signatureWords) : []
    }

    /// The weight of `term`, 0 when absent.
    subscript(term: UInt64) -> Float {
        slots.withUnsafeBufferPointer { Self.weight(of: term, in: $0) }
    }

    private static func weight(of term: UInt64, in slots: UnsafeBufferPointer<Slot>) -> Float {
        guard !slots.isEmpty else { return 0 }
        let mask = slots.count - 1
        var slot = TermHash.slot(term, mask: mask)
        while slots[slot].used {
            if slots[slot].key == term { return slots[slot].weight }
            slot = (slot + 1) & mask
        }
        return 0
    }

    /// Adds `weight` to `term`'s sum; a sum that falls to (nearly) zero reads as absent.
    mutating func add(_ term: UInt64, _ weight: Float) {
        if (occupied + 1) * 4 > slots.count * 3 { grow() }
        let mask = slots.count - 1
        var slot = TermHash.slot(term, mask: mask)
        while slots[slot].used {
            if slots[slot].key == term {
                let was = slots[slot].weight
                var now = was + weight
                if abs(now) < 1e-5 { now = 0 }
                slots[slot].weight = now
                if was == 0 && now != 0 { count += 1 } else if was != 0 && now == 0 { count -= 1 }
                return
            }
            slot = (slot + 1) & mask
        }
        guard abs(weight) >= 1e-5 else { return }
        slots[slot] = Slot(key: term, weight: weight, used: true)
        occupied += 1
        count += 1
        if !signature.isEmpty {
            let (word, bit) = PackedTermSums.signaturePosition(term)
            signature[word] |= 1 << bit
        }
    }

    /// Whether the signature leaves open that the sum holds `term` (always, when unsigned).
    @inline(__always)
    private static func mayHold(_ term: UInt64, signature: UnsafeBufferPointer<UInt64>) -> Bool {
        guard !signature.isEmpty else { return true }
        let (word, bit) = PackedTermSums.signaturePosition(term)
        return signature[word] & (1 << bit) != 0
    }

    /// Calls `body` with every term that has a non-zero weight, in slot order.
    func forEachEntry(_ body: (UInt64, Float) -> Void) {
        for slot in slots where slot.used && slot.weight != 0 { body(slot.key, slot.weight) }
    }

    /// Every term with a non-zero weight.
    var entries: [(term: UInt64, weight: Float)] {
        var result: [(term: UInt64, weight: Float)] = []
        result.reserveCapacity(count)
        forEachEntry { result.append(($0, $1)) }
        return result
    }

    /// Every term with a non-zero weight, in term order: ``entries`` sorted by term.
    ///
    /// The terms are hashes, spread evenly over 64 bits, so each goes straight to a bucket by its top
    /// bits (about one term per bucket), the buckets laid out in order; an insertion sort then orders
    /// the few terms that share a bucket, moving each a place or two. Over the BBC set the comparison
    /// sort took 75 million instructions (35,000 an article, a percent of an ingest), this about 31.
    var entriesInTermOrder: [(term: UInt64, weight: Float)] {
        let total = count
        guard total > 1 else { return entries }
        // About as many buckets as terms: a power of two, 2 to 65,536.
        let bits = min(16, Int.bitWidth - total.leadingZeroBitCount)
        let shift = UInt64(64 - bits)
        var next = [Int](repeating: 0, count: (1 << bits) + 1)
        forEachEntry { term, _ in next[Int(term >> shift) + 1] += 1 }
        for bucket in 1..<next.count { next[bucket] += next[bucket - 1] }
        var ordered = [(term: UInt64, weight: Float)](unsafeUninitializedCapacity: total) { buffer, initialized in
            forEachEntry { term, weight in
                let bucket = Int(term >> shift)
                buffer.initializeElement(at: next[bucket], to: (term, weight))
                next[bucket] += 1
            }
            initialized = total
        }
        ordered.withUnsafeMutableBufferPointer { ordered in
            for i in 1..<ordered.count {
                let moving = ordered[i]
                var j = i
                while j > 0 && ordered[j - 1].term > moving.term {
                    ordered[j] = ordered[j - 1]
                    j -= 1
                }
                ordered[j] = moving
            }
        }
        return ordered
    }

    /// The dot product with a vector's entries, in their order. A signed sum skips the terms its
    /// signature rules out: their products are zero, so the total is the same, but in a story's sum
    /// most of an article's terms are absent, and each lookup is a cache miss in a table the size of the
    /// story's vocabulary.
    func dot(_ entries: [(term: UInt64, weight: Float)]) -> Float {
        var total: Float = 0
        slots.withUnsafeBufferPointer { probed in
            signature.withUnsafeBufferPointer { signature in
                for entry in entries where Self.mayHold(entry.term, signature: signature) {
                    total += entry.weight * Self.weight(of: entry.term, in: probed)
                }
            }
        }
        return total
    }

    /// Doubles the table (or rebuilds it at the same size when tombstones fill it), dropping tombstones.
    private mutating func grow() {
        let live = entries
        let capacity = max(16, (live.count * 2 + 1).nextPowerOfTwo)
        slots = [Slot](repeating: Slot(), count: capacity)
        occupied = 0
        count = 0
        if !signature.isEmpty {
            for word in signature.indices { signature[word] = 0 }
        }
        for entry in live { add(entry.term, entry.weight) }
    }
}

private extension Int {
    /// The smallest power of two at least this large.
    var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
