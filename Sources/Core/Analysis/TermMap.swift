/// A dictionary keyed by term hashes (``TermHash``): open addressing with linear probing, one array of
/// slots.
///
/// Story grouping looks up a document frequency and a background specificity for every term of every
/// vector it makes, a few hundred per article and again at each refinement. `Dictionary<UInt64, _>`
/// runs SipHash over each key and keeps keys and values apart; the keys here are well-mixed hashes
/// already, so a multiply-shift picks the slot, and key and value share a cache line.
///
/// Removal shifts the rest of the key's probe run back instead of leaving a tombstone, so a table whose
/// keys come and go (the copy index's band buckets) does not fill up with them.
struct TermMap<Value> {
    fileprivate struct Slot {
        var key: UInt64
        var value: Value
        var used: Bool
    }

    private var slots: [Slot] = []
    private let empty: Value
    /// Terms held.
    private(set) var count = 0

    /// - Parameter empty: What a free slot holds (never read as a value).
    init(empty: Value, capacity: Int = 0) {
        self.empty = empty
        if capacity > 0 { rebuild(Self.tableSize(for: capacity)) }
    }

    /// The value of `term`, nil when absent.
    subscript(term: UInt64) -> Value? {
        slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            var slot = TermHash.slot(term, mask: mask)
            while slots[slot].used {
                if slots[slot].key == term { return slots[slot].value }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Runs `body` on `term`'s value, adding the term with `initial` first when it is absent.
    mutating func update(_ term: UInt64, initial: Value, _ body: (inout Value) -> Void) {
        if (count + 1) * 4 > slots.count * 3 { rebuild(max(16, slots.count * 2)) }
        let mask = slots.count - 1
        var slot = TermHash.slot(term, mask: mask)
        while slots[slot].used {
            if slots[slot].key == term {
                body(&slots[slot].value)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(key: term, value: initial, used: true)
        count += 1
        body(&slots[slot].value)
    }

    /// Sets `term`'s value.
    mutating func set(_ term: UInt64, _ value: Value) {
        update(term, initial: value) { $0 = value }
    }

    /// Runs `body` on `term`'s value in place; false, and nothing run, when the term is absent.
    @discardableResult
    mutating func modify(_ term: UInt64, _ body: (inout Value) -> Void) -> Bool {
        guard let slot = slot(of: term) else { return false }
        body(&slots[slot].value)
        return true
    }

    /// Removes `term` and its value, if present.
    ///
    /// Linear probing finds a key by walking from its home slot to the first free one, so a freed slot
    /// must not cut a later key off from its home: each later key of the run moves back into the hole
    /// unless its home lies after the hole (cyclically, up to the key's own slot), where it already is
    /// reachable.
    mutating func remove(_ term: UInt64) {
        guard var hole = slot(of: term) else { return }
        let mask = slots.count - 1
        var next = (hole + 1) & mask
        while slots[next].used {
            let home = TermHash.slot(slots[next].key, mask: mask)
            let reachable = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next)
            if !reachable {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = Slot(key: 0, value: empty, used: false)
        count -= 1
    }

    /// The slot that holds `term`, nil when absent.
    private func slot(of term: UInt64) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            var slot = TermHash.slot(term, mask: mask)
            while slots[slot].used {
                if slots[slot].key == term { return slot }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// Every term and its value, in slot order.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for slot in slots where slot.used { body(slot.key, slot.value) }
    }

    /// Runs `body` on every value in place.
    mutating func updateAll(_ body: (inout Value) -> Void) {
        for index in slots.indices where slots[index].used { body(&slots[index].value) }
    }

    /// The smallest power-of-two table that holds `count` terms under three-quarters full.
    private static func tableSize(for count: Int) -> Int {
        var size = 16
        while count * 4 > size * 3 { size *= 2 }
        return size
    }

    private mutating func rebuild(_ size: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(key: 0, value: empty, used: false), count: size)
        let mask = size - 1
        for entry in old where entry.used {
            var slot = TermHash.slot(entry.key, mask: mask)
            while slots[slot].used { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}

extension TermMap: Sendable where Value: Sendable {}
extension TermMap.Slot: Sendable where Value: Sendable {}
