import Dispatch

/// A value that only one serial queue ever touches.
///
/// Dispatch sources and timers are not `Sendable`, yet a Dispatch-based service must keep them in
/// objects that are. This box holds such a value and checks, on every access, that the caller is on the
/// owning queue (`dispatchPrecondition`), so the confinement the compiler cannot see is enforced at run
/// time instead.
///
/// `@unchecked Sendable` is safe here because the only way to reach `value` is `withValue`, which traps
/// unless it runs on `queue`, a serial queue: no two threads can ever touch `value` at once.
public final class QueueConfined<Value>: @unchecked Sendable {
    private let queue: DispatchQueue
    private var value: Value

    public init(_ value: Value, queue: DispatchQueue) {
        self.value = value
        self.queue = queue
    }

    public func withValue<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        dispatchPrecondition(condition: .onQueue(queue))
        return try body(&value)
    }
}
