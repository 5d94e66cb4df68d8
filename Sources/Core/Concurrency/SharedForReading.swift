/// A value that is not `Sendable`, handed to other threads to read.
///
/// `@unchecked Sendable` is safe only while nobody writes to the value. Whoever makes one keeps that
/// promise: it shares the value with threads it waits for (`parallelMap`), and changes nothing until they
/// are done. Reading a class's stored dictionaries and arrays from several threads at once is safe in
/// Swift; only a write alongside them is not.
struct SharedForReading<Value>: @unchecked Sendable {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }
}
