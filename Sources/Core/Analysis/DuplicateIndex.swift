/// Finds the article a new one copies: the same normalised body (exact), or a MinHash signature that
/// agrees with one already seen on at least `nearThreshold` of its values (near: a re-send, an updated
/// version, a syndicated copy with another headline).
///
/// Candidates come from locality-sensitive hashing: the 64 minimums are cut into 16 bands of 4, and two
/// articles that share any band are compared in full. A pair at Jaccard 0.9 shares a band with
/// probability 1 − (1 − 0.9⁴)¹⁶ ≈ 1, so nothing is missed, and the cost per article does not grow with
/// the store: it is the size of the 16 buckets it falls in. The index keeps the most recent
/// `capacity` articles; exact copies of older ones are still found by the store's body-hash index.
///
/// Not `Sendable`: the serial writer stage owns it.
public final class DuplicateIndex {
    public enum Match: Equatable {
        case exact(Int64)
        case near(Int64, similarity: Double)

        public var original: Int64 {
            switch self {
            case .exact(let id), .near(let id, _): return id
            }
        }
    }

    static let bands = 16
    static let rows = 4

    public let nearThreshold: Double
    public let capacity: Int
    private var byBody: [Int64: Int64] = [:]
    /// Band key → the articles in that bucket. A TermMap: the keys are well-mixed hashes, and
    /// `Dictionary` ran SipHash and a modify coroutine for each of an article's 16 keys, three times
    /// over (added, renamed once stored, removed when it leaves the window).
    private var buckets = TermMap<DuplicateBucket>(empty: .one(0))
    private var signatures: [Int64: Fingerprint] = [:]
    private var order = ArrivalOrder()
    // This batch's provisional entries, so renaming and discarding them costs the size of the batch,
    // not of the index.
    private var provisionalIDs: [Int64] = []
    private var provisionalBodies: [Int64] = []

    public init(nearThreshold: Double, capacity: Int) {
        self.nearThreshold = nearThreshold
        self.capacity = max(1, capacity)
    }

    public var count: Int { signatures.count }

    /// The earliest article this one copies, if any.
    public func match(_ fingerprint: Fingerprint) -> Match? {
        if fingerprint.bodyHash != 0, let original = byBody[fingerprint.bodyHash] { return .exact(original) }
        guard !fingerprint.minHash.isEmpty else { return nil }
        var best: (id: Int64, similarity: Double)?
        var checked: Set<Int64> = []
        for key in bandKeys(fingerprint) {
            buckets[key]?.forEach { candidate in
                guard checked.insert(candidate).inserted, let other = signatures[candidate] else { return }
                let similarity = fingerprint.similarity(to: other)
                guard similarity >= nearThreshold else { return }
                // The earliest qualifying article is the original.
                if let current = best, !ProvisionalID.isOlder(candidate, than: current.id) { return }
                best = (candidate, similarity)
            }
        }
        return best.map { .near($0.id, similarity: $0.similarity) }
    }

    /// Remembers an article (only originals need remembering: a copy's copy matches its original).
    public func add(_ id: Int64, _ fingerprint: Fingerprint) {
        if fingerprint.bodyHash != 0, byBody[fingerprint.bodyHash] == nil {
            byBody[fingerprint.bodyHash] = id
            if id < 0 { provisionalBodies.append(fingerprint.bodyHash) }
        }
        guard !fingerprint.minHash.isEmpty, signatures[id] == nil else { return }
        signatures[id] = fingerprint
        Self.file(id, under: bandKeys(fingerprint), in: &buckets)
        if id < 0 { provisionalIDs.append(id) }
        order.append(id)
        while signatures.count > capacity { evictOldest() }
    }

    /// Adds `id` to the bucket of each band key. Static, with the buckets inout: a loop over the keys
    /// that reached the index's stored property for each key had every access checked for exclusivity
    /// at run time (a class's properties are).
    private static func file(_ id: Int64, under keys: [UInt64], in buckets: inout TermMap<DuplicateBucket>) {
        for key in keys {
            if !buckets.modify(key, { $0.append(id) }) { buckets.set(key, .one(id)) }
        }
    }

    /// Gives provisional (batch-local, negative) ids their stored ids.
    public func rename(_ ids: [Int64: Int64]) {
        guard !ids.isEmpty else { return }
        for old in provisionalIDs {
            guard let new = ids[old], let fingerprint = signatures.removeValue(forKey: old) else { continue }
            signatures[new] = fingerprint
            for key in bandKeys(fingerprint) { buckets.modify(key) { $0.rename(old, to: new) } }
        }
        for hash in provisionalBodies {
            if let old = byBody[hash], let new = ids[old] { byBody[hash] = new }
        }
        order.rename(ids)
    }

    /// Forgets provisional entries (their batch was not stored, or they were not stored as originals).
    public func discardProvisional() {
        for id in provisionalIDs { remove(id) }
        for hash in provisionalBodies where (byBody[hash] ?? 0) < 0 { byBody[hash] = nil }
        order.endBatch()
        provisionalIDs.removeAll(keepingCapacity: true)
        provisionalBodies.removeAll(keepingCapacity: true)
    }

    private func evictOldest() {
        if let id = order.popOldest(where: { signatures[$0] != nil }) { remove(id) }
    }

    private func remove(_ id: Int64) {
        guard let fingerprint = signatures.removeValue(forKey: id) else { return }
        for key in bandKeys(fingerprint) {
            guard let bucket = buckets[key] else { continue }
            if let kept = bucket.removing(id) { buckets.set(key, kept) } else { buckets.remove(key) }
        }
        if byBody[fingerprint.bodyHash] == id { byBody[fingerprint.bodyHash] = nil }
    }

    private func bandKeys(_ fingerprint: Fingerprint) -> [UInt64] {
        (0..<Self.bands).map { band in
            var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<Self.rows { h = TermHash.splitMix(h ^ UInt64(fingerprint.minHash[band * Self.rows + row])) }
            return h
        }
    }
}
