import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `map` on up to `threads` threads at once, results in the original order.
    ///
    /// Each thread takes the next element not taken yet, so a thread that runs slower (sharing its core
    /// with a lowered parsing thread, or preempted) takes fewer, and none waits idle at the end while
    /// another still has a share to get through.
    func parallelMap<T: Sendable>(threads: Int, _ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1, threads > 1 else { return map(transform) }
        let results = Mutex([T?](repeating: nil, count: count))
        let next = Atomic(0)
        let lanes = Swift.min(threads, count)
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < count else { return }
                let value = transform(self[index])
                results.withLock { $0[index] = value }
            }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }
}
