/// A set of words for the analysers' hot lookups ("is this a stopword, a title, a place?"): a
/// ``WordMap`` without values.
///
/// Swift's `Set<String>` hashes with SipHash over every byte, and walking words through `Hasher` was a
/// tenth of the time spent analysing an article: every token is looked up in several vocabularies.
public struct WordSet: Sendable, Sequence, ExpressibleByArrayLiteral, Equatable {
    private var map = WordMap<Bool>()

    public init() {}

    /// An empty set with room for `capacity` words before it grows (see ``WordMap/init(capacity:)``).
    public init(capacity: Int) {
        map = WordMap(capacity: capacity)
    }

    public init<S: Sequence>(_ words: S) where S.Element == String {
        for word in words { insert(word) }
    }

    public init(arrayLiteral words: String...) {
        self.init(words)
    }

    public var count: Int { map.count }
    public var isEmpty: Bool { map.isEmpty }

    public func contains(_ word: String) -> Bool {
        map[word] != nil
    }

    /// Whether `word` is present, with its hash already made.
    public func contains(_ word: HashedWord) -> Bool {
        map[word] != nil
    }

    /// Adds `word`; whether it was new.
    @discardableResult
    public mutating func insert(_ word: String) -> Bool {
        map.insert(word, value: true)
    }

    /// Adds `word`, its hash already made; whether it was new.
    @discardableResult
    public mutating func insert(_ word: HashedWord) -> Bool {
        map.insert(word, value: true)
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
        map.keys.makeIterator()
    }

    public static func == (a: WordSet, b: WordSet) -> Bool {
        a.count == b.count && a.map.keys.allSatisfy(b.contains)
    }
}

/// A word with its ``WordHash``, made once. A token's term is looked up in several vocabularies
/// (stopwords, titles, places, months…), and hashing it again for each was a tenth of entity extraction;
/// ``TokenizedText/word(_:)`` hands out every term hashed.
public struct HashedWord: Sendable, Equatable {
    public let text: String
    public let hash: UInt64
    /// Lower-case ASCII with single inner spaces and none at either end, so that folding (lower case,
    /// no accents, straight apostrophes, single spaces: `Gazetteer.fold`) would leave it as it is.
    /// Every ASCII term the tokenizer makes is.
    public let isFolded: Bool

    public init(_ text: String) {
        self.text = text
        hash = WordHash.of(text)
        isFolded = Self.isFolded(text)
    }

    /// - Parameters: `hash` is `WordHash.of(text)` and `isFolded` `HashedWord.isFolded(text)`, made by
    ///   the caller from the same bytes.
    init(text: String, hash: UInt64, isFolded: Bool) {
        self.text = text
        self.hash = hash
        self.isFolded = isFolded
    }

    public static func == (a: HashedWord, b: HashedWord) -> Bool {
        a.hash == b.hash && a.text == b.text
    }

    /// See ``isFolded``. Read over the string's own storage: walking `String.UTF8View` cost about twenty
    /// instructions a byte, and every name and place lookup asks.
    public static func isFolded(_ text: String) -> Bool {
        withUTF8Bytes(of: text, isFolded(bytes:))
    }

    static func isFolded(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0x20
        for byte in bytes {
            if byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) || byte == 0x09 || byte == 0x0A { return false }
            if byte == 0x20 && previous == 0x20 { return false }
            previous = byte
        }
        return previous != 0x20 || bytes.isEmpty
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
        withUTF8Bytes(of: word) { of(bytes: $0) }
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
        let tail = tail(of: bytes, from: offset)
        return TermHash.splitMix(hash ^ tail)
    }

    /// The last bytes from `offset` (fewer than eight), the first lowest, in one UInt64: four, two and
    /// one at a time rather than a loop per byte, as a word is mostly its tail and every token is hashed.
    @inline(__always)
    static func tail(of bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var offset = offset
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        var rest = bytes.count - offset
        if rest >= 4 {
            tail = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            offset += 4
            shift = 32
            rest -= 4
        }
        if rest >= 2 {
            tail |= UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) << shift
            offset += 2
            shift += 16
            rest -= 2
        }
        if rest == 1 { tail |= UInt64(bytes[offset]) << shift }
        return tail
    }
}

/// Runs `body` over a string's UTF-8 bytes where they lie. `String.withUTF8` needs a mutable copy, and
/// copying retained and released the string's storage at each of the millions of word lookups an ingest
/// makes. Native strings always have contiguous UTF-8; a bridged one is copied once.
func withUTF8Bytes<Result>(of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return copy.withUTF8(body)
}
