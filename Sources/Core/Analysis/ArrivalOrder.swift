/// Ids in the order they arrived, for a window that forgets its oldest first.
///
/// Ids of the batch in hand are provisional (negative) until the store gives them their row ids;
/// the batch sits at the end, so renaming or dropping it costs the size of the batch, not the window.
/// The oldest are popped by moving a head index, and the array is compacted only when the head has
/// passed half of it, so both ends cost O(1) amortised.
struct ArrivalOrder {
    private var ids: [Int64] = []
    private var head = 0
    /// Where the batch's provisional ids start, once one has arrived.
    private var batchStart: Int?

    mutating func append(_ id: Int64) {
        if id < 0, batchStart == nil { batchStart = ids.count }
        ids.append(id)
    }

    /// Pops ids until one that `isPresent` accepts (ids removed some other way are skipped) and returns it.
    mutating func popOldest(where isPresent: (Int64) -> Bool) -> Int64? {
        defer { compactIfWorthIt() }
        while head < ids.count {
            let id = ids[head]
            head += 1
            if isPresent(id) { return id }
        }
        return nil
    }

    /// Gives the batch's provisional ids their stored ids.
    mutating func rename(_ renamed: [Int64: Int64]) {
        guard let start = batchStart, start < ids.count else { return }
        for i in start..<ids.count { ids[i] = renamed[ids[i]] ?? ids[i] }
    }

    /// Drops whatever is still provisional and closes the batch.
    mutating func endBatch() {
        if let start = batchStart, start < ids.count {
            ids.replaceSubrange(start..., with: ids[start...].filter { $0 >= 0 })
        }
        batchStart = nil
    }

    private mutating func compactIfWorthIt() {
        guard head > 4096, head * 2 > ids.count else { return }
        ids.removeFirst(head)
        if let start = batchStart { batchStart = max(0, start - head) }
        head = 0
    }
}
