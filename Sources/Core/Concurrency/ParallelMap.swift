import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` on up to `threads` threads at once, results in the original order.
    ///
    /// Each thread takes every `threads`-th element, so no work queue is needed and a thread never waits
    /// for another; parsing files of similar size balances well this way.
    func parallelMap<T: Sendable>(threads: Int, _ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1, threads > 1 else { return map(transform) }
        let results = Mutex([T?](repeating: nil, count: count))
        let lanes = Swift.min(threads, count)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: count, by: lanes) {
                let value = transform(self[index])
                results.withLock { $0[index] = value }
            }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }
}
