import Dispatch
import Foundation
import Logging
import Synchronization

/// Writes the daily digest at its time: a one-shot wall-clock timer, re-armed after each firing.
///
/// A wall-clock deadline (not a monotonic one) follows the system clock through suspend, NTP steps and
/// daylight-saving changes; recomputing the next run from the calendar after each firing keeps the
/// local time fixed. Missed runs are written at `start()`.
public final class DigestScheduler: Sendable {
    private let writer: DigestWriter
    private let schedule: DigestSchedule
    private let catchUpLimit: Int
    private let logger: Logger
    private let queue = DispatchQueue(label: "newsd.digest")
    private let timer: QueueConfined<(any DispatchSourceTimer)?>
    private let next = Mutex<Date?>(nil)

    public init(writer: DigestWriter, schedule: DigestSchedule, catchUpLimit: Int, logger: Logger) {
        self.writer = writer
        self.schedule = schedule
        self.catchUpLimit = catchUpLimit
        self.logger = logger
        timer = QueueConfined(nil, queue: queue)
    }

    /// When the next digest will be written.
    public var nextRun: Date? { next.withLock { $0 } }

    /// Writes missed digests, then arms the timer; the digests that went out of date are written again
    /// after it returns, on the digest queue (there may be many after a migration, and the service
    /// starts its watchdog pings when this returns).
    public func start() {
        queue.sync {
            writer.writeDue(catchUpLimit: catchUpLimit, logger: logger)
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.setEventHandler { [weak self] in self?.fire() }
            timer.withValue { $0 = source }
            arm(source)
            source.resume()
        }
        rewriteStale()
    }

    public func stop() {
        queue.sync {
            timer.withValue { $0?.cancel(); $0 = nil }
        }
    }

    /// Writes the digests that went out of date again (``DigestWriter/rewriteStale(now:logger:)``), on
    /// the digest queue: the daemon calls this when its catch-up of older findings is done. Nothing
    /// happens unless the timer is armed: ``start()`` looks itself, and after ``stop()`` the store may
    /// be closed.
    public func rewriteStale() {
        queue.async { [self] in
            guard timer.withValue({ $0 != nil }) else { return }
            writer.rewriteStale(logger: logger)
        }
    }

    private func fire() {
        writer.writeDue(catchUpLimit: catchUpLimit, logger: logger)
        writer.rewriteStale(logger: logger)
        if let source = timer.withValue({ $0 }) { arm(source) }
    }

    private func arm(_ source: any DispatchSourceTimer) {
        let date = schedule.nextRun(after: Date())
        next.withLock { $0 = date }
        let seconds = date.timeIntervalSince1970
        let whole = seconds.rounded(.down)
        let deadline = DispatchWallTime(timespec: timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9)))
        source.schedule(wallDeadline: deadline, leeway: .seconds(1))
        logger.debug("next digest at \(date)")
    }
}
