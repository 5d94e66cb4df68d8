import CLibStemmer

/// The Snowball English (Porter2) stemmer: "elections", "elected", "election" → "elect".
///
/// A libstemmer instance is not thread-safe, so each analysis creates its own; creating one is a
/// small allocation. Not `Sendable` for the same reason.
public final class Stemmer {
    private let stemmer: OpaquePointer?
    private var cache: [String: String] = [:]

    public init() {
        stemmer = sb_stemmer_new("english", "UTF_8")
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
    }

    /// The stem of a lower-case word. Words are cached: a text repeats its vocabulary.
    public func stem(_ word: String) -> String {
        if let cached = cache[word] { return cached }
        guard let stemmer else { return word }
        var bytes = Array(word.utf8)
        let result: String = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                  let stemmed = sb_stemmer_stem(stemmer, base, Int32(buffer.count)) else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: stemmed, count: length), as: UTF8.self)
        }
        cache[word] = result
        return result
    }
}
