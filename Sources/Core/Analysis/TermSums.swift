/// A story's summed term weights: term hash → weight, in an open-addressing table.
///
/// Story grouping's inner loop is "dot this article's vector with that story's sum": a few hundred
/// lookups per candidate story. `Dictionary<UInt64, Float>` hashes every key with SipHash; the keys here
/// are already well-mixed 64-bit hashes (``TermHash``), so a multiply-shift to a slot and a linear probe
/// do the same job several times faster. Removed terms keep their slot with weight 0 (a tombstone, read
/// as absent) until the table is rebuilt on growth.
struct TermSums: Sendable {
    private var keys: [UInt64]
    private var weights: [Float]
    private var used: [Bool]
    /// Slots taken, tombstones included.
    private var occupied = 0
    /// Terms with a non-zero weight.
    private(set) var count = 0

    init() {
        keys = []
        weights = []
        used = []
    }

    /// The weight of `term`, 0 when absent.
    subscript(term: UInt64) -> Float {
        guard !keys.isEmpty else { return 0 }
        let mask = keys.count - 1
        var slot = Self.slot(term, mask)
        while used[slot] {
            if keys[slot] == term { return weights[slot] }
            slot = (slot + 1) & mask
        }
        return 0
    }

    /// Adds `weight` to `term`'s sum; a sum that falls to (nearly) zero reads as absent.
    mutating func add(_ term: UInt64, _ weight: Float) {
        if (occupied + 1) * 4 > keys.count * 3 { grow() }
        let mask = keys.count - 1
        var slot = Self.slot(term, mask)
        while used[slot] {
            if keys[slot] == term {
                let was = weights[slot]
                var now = was + weight
                if abs(now) < 1e-5 { now = 0 }
                weights[slot] = now
                if was == 0 && now != 0 { count += 1 } else if was != 0 && now == 0 { count -= 1 }
                return
            }
            slot = (slot + 1) & mask
        }
        guard abs(weight) >= 1e-5 else { return }
        used[slot] = true
        keys[slot] = term
        weights[slot] = weight
        occupied += 1
        count += 1
    }

    /// Every term with a non-zero weight.
    var entries: [(term: UInt64, weight: Float)] {
        var result: [(term: UInt64, weight: Float)] = []
        result.reserveCapacity(count)
        for slot in keys.indices where used[slot] && weights[slot] != 0 { result.append((keys[slot], weights[slot])) }
        return result
    }

    /// The dot product of two sums, walking the smaller.
    static func dot(_ a: TermSums, _ b: TermSums) -> Double {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        var total: Float = 0
        for slot in small.keys.indices where small.used[slot] && small.weights[slot] != 0 {
            total += small.weights[slot] * large[small.keys[slot]]
        }
        return Double(total)
    }

    private static func slot(_ term: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (term &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Doubles the table (or rebuilds it at the same size when tombstones fill it), dropping tombstones.
    private mutating func grow() {
        let live = entries
        let capacity = max(16, (live.count * 2 + 1).nextPowerOfTwo)
        keys = [UInt64](repeating: 0, count: capacity)
        weights = [Float](repeating: 0, count: capacity)
        used = [Bool](repeating: false, count: capacity)
        occupied = 0
        count = 0
        for entry in live { add(entry.term, entry.weight) }
    }
}

private extension Int {
    /// The smallest power of two at least this large.
    var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
