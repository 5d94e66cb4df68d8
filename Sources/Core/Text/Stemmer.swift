import CLibStemmer
import Synchronization

/// The Snowball English (Porter2) stemmer: "elections", "elected", "election" → "elect".
///
/// A libstemmer instance is not thread-safe, so each analysis creates its own; creating one is a
/// small allocation. Not `Sendable` for the same reason.
///
/// What it has stemmed outlives it: a finished stemmer hands its word cache to the next one created,
/// so after the first few articles nearly every word is a dictionary hit instead of a Snowball run
/// (a fresh cache per article made story terms half as fast again).
public final class Stemmer {
    /// Caches of finished stemmers, one per analysis that ran at the same time (so, per worker).
    private static let spareCaches = Mutex<[Caches]>([])
    /// A cache that grew past this many words is dropped rather than kept forever.
    static let maxCachedWords = 200_000

    private struct Caches {
        var stems = WordMap<String>()
        var keys = WordMap<(flag: Bool, key: UInt64)>()
    }

    private let stemmer: OpaquePointer?
    private var caches: Caches

    public init() {
        stemmer = sb_stemmer_new("english", "UTF_8")
        caches = Self.spareCaches.withLock { $0.popLast() } ?? Caches()
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
        let caches = caches
        if caches.stems.count <= Self.maxCachedWords, caches.keys.count <= Self.maxCachedWords {
            Self.spareCaches.withLock { $0.append(caches) }
        }
    }

    /// A flag and a number made from a word by `derive` (story grouping's: whether it is a stopword, and
    /// the term hash of its stem), cached beside the stems: a word seen before costs one lookup instead
    /// of a stopword lookup, a stem lookup and a hash. The cache is shared by every caller and outlives
    /// the stemmer, so there is one derivation per process: `derive` must depend on the word alone and be
    /// the same at every call (story terms are the only caller). The word comes hashed (a token's term,
    /// ``TokenizedText/word(_:)``).
    public func key(_ word: HashedWord, derive: (String) -> (flag: Bool, key: UInt64)) -> (flag: Bool, key: UInt64) {
        if let cached = caches.keys[word] { return cached }
        let made = derive(word.text)
        caches.keys.insert(word, value: made)
        return made
    }

    /// The stem of a lower-case word. Words are cached: a text repeats its vocabulary.
    public func stem(_ word: String) -> String {
        if let cached = caches.stems[word] { return cached }
        guard let stemmer else { return word }
        var bytes = Array(word.utf8)
        let result: String = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  let stemmed = sb_stemmer_stem(stemmer, base, Int32(buffer.count)) else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
        }
        caches.stems.insert(word, value: result)
        return result
    }
}
