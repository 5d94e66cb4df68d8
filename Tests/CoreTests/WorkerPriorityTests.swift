import Foundation
import Synchronization
import Testing
@testable import Core

/// `newsd ingest` runs its parsing threads below its writer (``WorkerPriority``).
@Suite("Worker priority")
struct WorkerPriorityTests {
    @Test func targetsAreBelowTheCallersPriorityAndWithinRange() {
        #expect(WorkerPriority.unchanged.target(from: 0) == nil)
        #expect(WorkerPriority.lowered(by: 0).target(from: 0) == nil)
        #expect(WorkerPriority.lowered(by: 10).target(from: 0) == 10)
        #expect(WorkerPriority.lowered(by: 10).target(from: 5) == 15)
        #expect(WorkerPriority.lowered(by: 10).target(from: 15) == 19)
        #expect(WorkerPriority.lowered(by: 10).target(from: -5) == 5)
    }

    /// The nice values a fresh thread reads: before, after lowering itself, after asking for less.
    private static func niceValues(on body: @escaping @Sendable (Int32) -> Void) -> [Int32] {
        let seen = Mutex<[Int32]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let before = WorkerPriority.currentNice()
            body(before)
            seen.withLock { $0 = [before, WorkerPriority.currentNice()] }
            done.signal()
        }
        thread.start()
        done.wait()
        return seen.withLock { $0 }
    }

    /// The nice value is the thread's own on Linux: the thread that lowers itself is lowered, the one
    /// that started it is not, and asking for a higher priority afterwards changes nothing.
    @Test(.enabled(if: WorkerPriority.currentNice() <= 16, "this test runs at nice 17 or more: nothing to lower"))
    func aThreadLowersItsOwnPriorityAndNoOther() {
        let callers = WorkerPriority.currentNice()
        let lowered = Self.niceValues { before in WorkerPriority.apply(before + 2) }
        #expect(lowered.count == 2)
        #expect(lowered.last == (lowered.first ?? 0) + 2)
        #expect(WorkerPriority.currentNice() == callers)

        let kept = Self.niceValues { before in
            WorkerPriority.apply(before + 2)
            WorkerPriority.apply(before + 1)
        }
        #expect(kept.last == (kept.first ?? 0) + 2)
    }

    /// Priority changes when a thread parses, never what it parses to: the same files make the same rows.
    /// (Lowered by one level only: the pool threads that parse here keep it for the rest of the tests.)
    @Test func loweredWorkersStoreWhatTheOthersStore() throws {
        let folder = TemporaryFolder()
        var texts: [String] = []
        for n in 0..<40 {
            // Pairs of reports of one event, and every fifth file a copy of the one before.
            let event = n / 2
            let place = event % 3 == 0 ? "harbour" : "bridge"
            texts.append(n % 5 == 4 ? texts[n - 1]
                : "Storm closes \(place) in town \(event)\n\nA storm closed the \(place) of town \(event) on Monday, "
                + "officials said; \(event + 3) roads were flooded and \(n % 2 == 0 ? "ferries" : "trains") stopped.\n")
            try folder.write(texts[n], to: String(format: "in/%02d.txt", n))
        }
        var exports: [[String]] = []
        for priority in [WorkerPriority.unchanged, .lowered(by: 1)] {
            let store = try NewsStore(path: folder.path + "/\(exports.count).sqlite")
            let report = try BatchIngester(store: store, maxFileBytes: 1 << 20, workers: 2, chunkSize: 8, workerPriority: priority)
                .ingest(try BatchIngester.collect([folder.path + "/in"]))
            #expect(report.failed == 0 && report.stored + report.duplicates == 40)
            exports.append(try store.exportPage(after: 0, limit: 100).map { row in
                "\(row.id) \(row.origin) \(row.story) \(row.duplicateOf.map(String.init) ?? "-") \(row.title)"
            })
            store.close()
        }
        #expect(exports[0].count == 40)
        #expect(exports[0].filter { !$0.contains(" - ") }.count == 8)  // the copies
        #expect(Set(exports[0].map { $0.split(separator: " ")[2] }).count < 20)  // grouped into stories
        #expect(exports[0] == exports[1])
    }
}
