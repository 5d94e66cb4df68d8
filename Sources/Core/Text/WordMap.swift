/// A dictionary keyed by words, for the analysers' hot lookups: ``WordHash`` (a seeded hash over the
/// UTF-8 bytes, eight at a time) and open addressing with linear probing, instead of `Dictionary`'s
/// SipHash over every byte. A word's stored hash is compared before the word itself.
///
/// Keys compare as `String` does, but are found by their bytes: two spellings of one word with
/// different bytes (composed and decomposed "é") are two keys. Every caller folds words to one spelling.
/// Keys iterate in insertion order, so nothing depends on the hash seed.
public struct WordMap<Value> {
    /// Index into `keys` + 1 per slot; 0 is empty.
    private var slots: [Int32] = Array(repeating: 0, count: 8)
    private var hashes: [UInt64] = []
    public private(set) var keys: [String] = []
    private var values: [Value] = []

    public init() {}

    /// An empty map with room for `capacity` words before it grows: an analyser's map made per article
    /// for its names started at eight slots and doubled its way up, reallocating its arrays each time.
    public init(capacity: Int) {
        var size = 8
        while size < capacity * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        hashes.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(word: String) -> Value? {
        value(word, hash: WordHash.of(word))
    }

    /// The value for a word whose hash is made already (a token's term, ``TokenizedText/word(_:)``).
    public subscript(word: HashedWord) -> Value? {
        value(word.text, hash: word.hash)
    }

    private func value(_ word: String, hash: UInt64) -> Value? {
        let (found, slot) = find(word, hash: hash)
        return found ? values[Int(slots[slot]) - 1] : nil
    }

    /// Adds `word` with `value` unless it is there already (then its value stays); whether it was new.
    /// There is no removal: no caller needs it, and open addressing without it needs no tombstones.
    @discardableResult
    public mutating func insert(_ word: String, value: Value) -> Bool {
        insert(word, hash: WordHash.of(word), value: value)
    }

    /// Adds `word` with `value` unless it is there already; whether it was new.
    @discardableResult
    public mutating func insert(_ word: HashedWord, value: Value) -> Bool {
        insert(word.text, hash: word.hash, value: value)
    }

    /// Sets `word`'s value, adding the word when it is absent.
    public mutating func set(_ word: String, _ value: Value) {
        let hash = WordHash.of(word)
        let (found, slot) = find(word, hash: hash)
        if found {
            values[Int(slots[slot]) - 1] = value
        } else {
            add(word, hash: hash, value: value, at: slot)
        }
    }

    private mutating func insert(_ word: String, hash: UInt64, value: Value) -> Bool {
        let (found, slot) = find(word, hash: hash)
        if found { return false }
        add(word, hash: hash, value: value, at: slot)
        return true
    }

    /// Adds a word that ``find(_:hash:)`` did not find, in the empty slot it returned.
    private mutating func add(_ word: String, hash: UInt64, value: Value, at slot: Int) {
        keys.append(word)
        values.append(value)
        hashes.append(hash)
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
    }

    /// Whether `word` is present, and the slot that holds it or where it would go.
    private func find(_ word: String, hash: UInt64) -> (found: Bool, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return (false, slot) }
            if hashes[entry - 1] == hash, keys[entry - 1] == word { return (true, slot) }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for (index, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(index + 1)
        }
        slots = bigger
    }
}

extension WordMap: Sendable where Value: Sendable {}
