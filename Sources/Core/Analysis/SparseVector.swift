/// A TF-IDF vector: (term, weight) pairs sorted by term, unit length.
///
/// Sorted so that the dot product of two vectors is one merge pass, with no hashing.
public struct SparseVector: Sendable {
    public private(set) var entries: [(term: UInt64, weight: Float)]

    /// - Parameter entries: pairs in any order, each term once.
    public init(entries: [(term: UInt64, weight: Float)]) {
        self.entries = entries.sorted { $0.term < $1.term }
    }

    /// Dot product with an accumulated (unnormalised) sum.
    @inline(__always)
    func dot(_ sum: [UInt64: Float]) -> Double {
        var total: Float = 0
        for entry in entries { total += entry.weight * (sum[entry.term] ?? 0) }
        return Double(total)
    }

    /// Dot product with a story's sum (see ``TermSums``).
    @inline(__always)
    func dot(_ sum: TermSums) -> Double {
        Double(sum.dot(entries))
    }

    func dot(_ other: SparseVector) -> Double {
        var total: Float = 0
        var i = 0, j = 0
        let a = entries, b = other.entries
        while i < a.count, j < b.count {
            if a[i].term == b[j].term {
                total += a[i].weight * b[j].weight
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(total)
    }

    /// The `count` heaviest terms.
    func top(_ count: Int) -> [UInt64] {
        Self.heaviest(count, of: entries)
    }

    /// The terms of the `count` heaviest entries, heaviest first, equal weights by term: what sorting the
    /// entries by term and then, stably, by weight would give. A story's sum holds thousands of terms, so
    /// the heaviest are kept as they come instead of sorting them all.
    static func heaviest(_ count: Int, of entries: [(term: UInt64, weight: Float)]) -> [UInt64] {
        func before(_ a: (term: UInt64, weight: Float), _ b: (term: UInt64, weight: Float)) -> Bool {
            a.weight > b.weight || (a.weight == b.weight && a.term < b.term)
        }
        if entries.count <= count * 4 { return entries.sorted(by: before).prefix(count).map(\.term) }
        var kept: [(term: UInt64, weight: Float)] = []
        kept.reserveCapacity(count + 1)
        for entry in entries {
            if kept.count == count, let lightest = kept.last, !before(entry, lightest) { continue }
            var slot = kept.count
            while slot > 0, before(entry, kept[slot - 1]) { slot -= 1 }
            kept.insert(entry, at: slot)
            if kept.count > count { kept.removeLast() }
        }
        return kept.map(\.term)
    }
}
