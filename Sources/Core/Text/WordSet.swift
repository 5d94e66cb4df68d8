/// A set of words for the analysers' hot lookups ("is this a stopword, a title, a place?").
///
/// Swift's `Set<String>` hashes with seeded SipHash, and walking a string's bytes through `Hasher` was a
/// fifth of the time spent analysing an article: every token is looked up in several vocabularies. This
/// set hashes a word's UTF-8 bytes eight at a time with a SplitMix64 finaliser (``WordHash``) and
/// probes an open-addressing table; a word's stored hash is compared before the word itself.
///
/// Words compare as `String` does (so "é" composed and decomposed are the same word, as in `Set`); the
/// hash is over the bytes, so two spellings of one word with different bytes may both be found only by
/// the spelling stored. Every vocabulary here is folded to one spelling before lookup.
public struct WordSet: Sendable, Sequence, ExpressibleByArrayLiteral, Equatable {
    /// Index into `words` + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var hashes: [UInt64]
    private var words: [String]

    public init() {
        slots = Array(repeating: 0, count: 8)
        hashes = []
        words = []
    }

    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.init()
        for word in words { insert(word) }
    }

    public init(arrayLiteral words: String...) {
        self.init(words)
    }

    public var count: Int { words.count }
    public var isEmpty: Bool { words.isEmpty }

    public func contains(_ word: String) -> Bool {
        find(word, hash: WordHash.of(word)).found
    }

    /// Adds `word`; whether it was new.
    @discardableResult
    public mutating func insert(_ word: String) -> Bool {
        let hash = WordHash.of(word)
        let (found, slot) = find(word, hash: hash)
        if found { return false }
        words.append(word)
        hashes.append(hash)
        slots[slot] = Int32(words.count)
        if words.count * 2 > slots.count { grow() }
        return true
    }

    public mutating func formUnion<S: Sequence>(_ other: S) where S.Element == String {
        for word in other { insert(word) }
    }

    public func union<S: Sequence>(_ other: S) -> WordSet where S.Element == String {
        var result = self
        result.formUnion(other)
        return result
    }

    public func makeIterator() -> IndexingIterator<[String]> {
        words.makeIterator()
    }

    public static func == (a: WordSet, b: WordSet) -> Bool {
        a.count == b.count && a.words.allSatisfy(b.contains)
    }

    /// Whether `word` is present, and the slot that holds it or where it would go.
    private func find(_ word: String, hash: UInt64) -> (found: Bool, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return (false, slot) }
            if hashes[entry - 1] == hash, words[entry - 1] == word { return (true, slot) }
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

/// A fast 64-bit hash of a string's UTF-8 bytes, eight at a time, for ``WordSet``.
///
/// Seeded once per process, like Swift's own hashing: an article's words go into a ``WordSet``, and
/// with a fixed hash a file could be written whose words all probe the same slots. Nothing depends on
/// the values (a set iterates in insertion order), so results do not change between runs.
public enum WordHash {
    private static let seed = UInt64.random(in: .min ... .max)

    public static func of(_ word: String) -> UInt64 {
        var word = word
        return word.withUTF8 { of(bytes: $0) }
    }

    public static func of(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = seed ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return TermHash.splitMix(hash) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = TermHash.splitMix(hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        return TermHash.splitMix(hash ^ tail)
    }
}
