import Dispatch

/// Where the time of one batch of the daemon went, from taking its files to their rows committed.
///
/// A batch slower than ``InboxProcessor/Settings/slowBatchSeconds`` is logged with it, so that a stall
/// can be told apart after the fact: the claim waits for the store's write lock (held by another
/// process's batch, or by a save of the document frequencies), parsing by the file, the writer's queue
/// by a refinement or earlier batches, and the record by grouping and the commit's disk writes.
struct BatchTimings: Sendable, CustomStringConvertible {
    var files: Int
    /// Opening the files, the claim transaction and the moves into the work folder, in milliseconds.
    var claim: Double
    /// Reading, hashing, parsing and analysing, on all workers.
    var parse: Double
    /// Waiting for the writer queue: earlier batches, a refinement.
    var queued: Double
    /// Grouping and the transaction that records the batch.
    var record: Double

    var total: Double { claim + parse + queued + record }

    var description: String {
        let parts = [("claim", claim), ("parse", parse), ("waiting for the writer", queued), ("record", record)]
            .map { "\($0.0) \(Int($0.1.rounded()))" }
        return "\(files) file\(files == 1 ? "" : "s") in \(Int(total.rounded())) ms (\(parts.joined(separator: ", ")) ms)"
    }

    /// Milliseconds from `start` to `end`.
    static func milliseconds(from start: DispatchTime, to end: DispatchTime) -> Double {
        Double(end.uptimeNanoseconds &- start.uptimeNanoseconds) / 1e6
    }
}
