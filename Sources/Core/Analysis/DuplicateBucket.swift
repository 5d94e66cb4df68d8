/// The articles whose MinHash band hashes to one key in ``DuplicateIndex``.
///
/// Nearly every bucket holds one article: two articles share a band only when they are copies or near
/// copies. An array per bucket was sixteen allocations for every article indexed, and sixteen more to
/// rename it once stored; one id is kept inline, and an array is made only for a second.
enum DuplicateBucket {
    case one(Int64)
    case many([Int64])

    /// Calls `body` with each id, oldest first, without making an array for one.
    func forEach(_ body: (Int64) -> Void) {
        switch self {
        case .one(let id): body(id)
        case .many(let ids): for id in ids { body(id) }
        }
    }

    mutating func append(_ id: Int64) {
        switch self {
        case .one(let first):
            self = .many([first, id])
        case .many(var ids):
            // Hand the array over before appending, so that it is not copied (the enum held a reference).
            self = .one(0)
            ids.append(id)
            self = .many(ids)
        }
    }

    mutating func rename(_ old: Int64, to new: Int64) {
        switch self {
        case .one(let id):
            if id == old { self = .one(new) }
        case .many(var ids):
            self = .one(0)
            for index in ids.indices where ids[index] == old { ids[index] = new }
            self = .many(ids)
        }
    }

    /// Without `id`; nil when nothing is left.
    func removing(_ id: Int64) -> DuplicateBucket? {
        switch self {
        case .one(let only):
            return only == id ? nil : self
        case .many(let ids):
            let kept = ids.filter { $0 != id }
            switch kept.count {
            case 0: return nil
            case 1: return .one(kept[0])
            default: return .many(kept)
            }
        }
    }
}
