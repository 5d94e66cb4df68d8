/// Ids of articles and stories the grouper decided on before the store gave them rows.
///
/// Within a batch the grouper numbers what is new -1, -2, … in arrival order; the store's ids are
/// positive and grow with age. So every stored id is older than every provisional one.
enum ProvisionalID {
    /// Whether `a` came before `b`: stored ids by value, then provisional ones (-1 before -2).
    static func isOlder(_ a: Int64, than b: Int64) -> Bool {
        if (a > 0) != (b > 0) { return a > 0 }
        return a > 0 ? a < b : a > b
    }
}
