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

    /// The `count` entries that sorting by weight, heaviest first, and keeping the first `count` would
    /// keep (of equal weights, the earlier entry first, as a stable sort leaves them), in their own
    /// order. A selection instead of the sort: an article's vector keeps its 160 heaviest of a few
    /// hundred terms, and sorting them all, then again by term, was a percent of an ingest's CPU.
    static func heaviestInOrder(_ count: Int, of entries: [(term: UInt64, weight: Float)]) -> [(term: UInt64, weight: Float)] {
        guard entries.count > count else { return entries }
        guard count > 0 else { return [] }
        // Quickselect over positions in the order "heavier, or as heavy and earlier": a strict total
        // order, so the `count`-th position is one entry and the kept ones are it and those before it.
        func before(_ a: Int, _ b: Int) -> Bool {
            entries[a].weight > entries[b].weight || (entries[a].weight == entries[b].weight && a < b)
        }
        var order = Array(entries.indices)
        let k = count - 1
        var low = 0, high = order.count - 1
        while low < high {
            // Median of three as the pivot, moved to the end (Lomuto's partition).
            let mid = low + (high - low) / 2
            if before(order[mid], order[low]) { order.swapAt(mid, low) }
            if before(order[high], order[low]) { order.swapAt(high, low) }
            if before(order[mid], order[high]) { order.swapAt(mid, high) }
            let pivot = order[high]
            var store = low
            for i in low..<high where before(order[i], pivot) {
                order.swapAt(i, store)
                store += 1
            }
            order.swapAt(store, high)
            if store == k { break }
            if k < store { high = store - 1 } else { low = store + 1 }
        }
        let cut = order[k]
        var kept: [(term: UInt64, weight: Float)] = []
        kept.reserveCapacity(count)
        for index in entries.indices where index == cut || before(index, cut) { kept.append(entries[index]) }
        return kept
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
