import Core
import Dispatch
import Foundation
import Synchronization

/// The daemon's heartbeat to systemd: a `STATUS=` line every few seconds, and `WATCHDOG=1` only when
/// the work loop proves it is alive.
///
/// The ping is not sent from the timer itself, which would keep firing while the work loop hangs: the
/// timer asks the processor to run the ping on its own queue between batches. If a batch never ends,
/// no ping goes out and systemd restarts the service after `WatchdogSec=`.
final class Pulse: Sendable {
    private let notifier: SystemdNotifier
    private let processor: InboxProcessor
    private let watcher: InboxWatcher
    private let scheduler: DigestScheduler
    private let queue = DispatchQueue(label: "newsd.pulse")
    private let timer: QueueConfined<(any DispatchSourceTimer)?>
    /// Set while a ping waits on the work queue, so a hung loop does not collect a pile of them.
    private let pingPending = Mutex(false)

    init(notifier: SystemdNotifier, processor: InboxProcessor, watcher: InboxWatcher, scheduler: DigestScheduler) {
        self.notifier = notifier
        self.processor = processor
        self.watcher = watcher
        self.scheduler = scheduler
        timer = QueueConfined(nil, queue: queue)
    }

    func start() {
        guard notifier.isActive else { return }
        let interval = min(notifier.watchdogInterval ?? 10, 10)
        queue.sync {
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(250))
            source.setEventHandler { [weak self] in self?.beat() }
            timer.withValue { $0 = source }
            source.resume()
        }
    }

    func stop() {
        queue.sync {
            timer.withValue { $0?.cancel(); $0 = nil }
        }
    }

    private func beat() {
        let stats = processor.stats
        let settling = watcher.settlingCount
        var status = "\(stats.stored) stored, \(stats.duplicates) duplicates, \(stats.failed) failed since start"
        status += "; \(stats.queued + settling) waiting"
        // What `systemctl status` shows while the watchdog pings have stopped: the loop is not idle
        // but stuck on a batch (most often waiting for another process's write lock).
        if let batch = stats.batchInHand, case let held = Date().timeIntervalSince(batch.since), held >= 1 {
            status += "; a batch of \(batch.files) \(batch.files == 1 ? "file" : "files") in hand for \(Int(held)) s"
        }
        if let next = scheduler.nextRun { status += "; next digest \(ISO8601.string(next))" }
        notifier.notify("STATUS=\(status)")
        guard notifier.watchdogInterval != nil else { return }
        let alreadyWaiting = pingPending.withLock { pending -> Bool in
            defer { pending = true }
            return pending
        }
        guard !alreadyWaiting else { return }
        processor.whenIdle { [weak self] in
            guard let self else { return }
            self.pingPending.withLock { $0 = false }
            self.notifier.notify("WATCHDOG=1")
        }
    }
}
