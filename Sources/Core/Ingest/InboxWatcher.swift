import Dispatch
import Foundation
import Logging
import Synchronization

/// Watches the inbox and hands over each file once it is ready to be taken.
///
/// Three sources of truth, because each alone misses something:
/// - inotify events (a Dispatch read source on the descriptor; Linux has no vnode source), for speed;
/// - a full rescan every `rescanSeconds`, for events lost to a queue overflow or a folder the kernel
///   would not let us watch;
/// - in `poll` mode, scans only, for network file systems that deliver no events.
///
/// Readiness follows ``SettleTracker``. All state lives behind one lock and every handler runs on the
/// watcher's serial queue, so events, timers and `stop()` never race.
public final class InboxWatcher: Sendable {
    public struct Settings: Sendable {
        public var inbox: String
        public var mode: NewsdConfig.WatchMode
        public var settleSeconds: Double
        public var rescanSeconds: Double
        public var pollSeconds: Double

        public init(inbox: String, mode: NewsdConfig.WatchMode, settleSeconds: Double, rescanSeconds: Double, pollSeconds: Double) {
            self.inbox = inbox
            self.mode = mode
            self.settleSeconds = settleSeconds
            self.rescanSeconds = rescanSeconds
            self.pollSeconds = pollSeconds
        }

        public init(_ config: NewsdConfig) {
            self.init(inbox: config.inbox, mode: config.watchMode, settleSeconds: config.settleSeconds,
                      rescanSeconds: config.rescanSeconds, pollSeconds: config.pollSeconds)
        }
    }

    private struct State {
        var tracker: SettleTracker
        var inotify: Inotify?
        /// Watch descriptor → absolute folder path.
        var folders: [Int32: String] = [:]
        var watchedPaths: Set<String> = []
        var rootWatched = false
        var stopped = false
        var warnedUnwatchable: Set<String> = []
        var warnedInboxMissing = false
    }

    private let settings: Settings
    private let logger: Logger
    private let queue = DispatchQueue(label: "newsd.inbox-watcher")
    private let state: Mutex<State>
    /// The read source, the rescan timer and the settle timer: touched only on `queue`.
    private let sources: QueueConfined<Sources>
    private let deliver: @Sendable ([String]) -> Void

    /// - Parameter deliver: Called on the watcher's queue with paths that are ready, in arrival order.
    ///   It may see a path again (a rescan before the file was taken); the receiver dedupes.
    public init(settings: Settings, logger: Logger, deliver: @escaping @Sendable ([String]) -> Void) {
        self.settings = settings
        self.logger = logger
        self.deliver = deliver
        state = Mutex(State(tracker: SettleTracker(settleSeconds: settings.settleSeconds)))
        sources = QueueConfined(Sources(), queue: queue)
    }

    private struct Sources {
        var all: [any DispatchSourceProtocol] = []
        var settle: (any DispatchSourceTimer)?
    }

    /// Files the watcher knows of but has not handed over yet (writes still settling).
    public var settlingCount: Int { state.withLock { $0.tracker.pendingCount } }

    /// Whether `folder` has an inotify watch (tests wait for a new folder's watch before renaming into it).
    func isWatching(_ folder: String) -> Bool { state.withLock { $0.watchedPaths.contains(folder) } }

    /// Sets up inotify, scans the inbox once (synchronously, so a caller can report readiness after the
    /// start-up scan) and starts the timers.
    public func start() throws(InboxError) {
        try ensureInbox()
        var startError: InboxError?
        queue.sync {
            if settings.mode == .inotify {
                do throws(InboxError) {
                    let inotify = try Inotify()
                    let source = DispatchSource.makeReadSource(fileDescriptor: inotify.descriptor, queue: queue)
                    source.setEventHandler { [weak self] in self?.handleEvents() }
                    source.setCancelHandler { inotify.close() }
                    state.withLock { $0.inotify = inotify }
                    sources.withValue { $0.all.append(source) }
                    source.resume()
                } catch {
                    startError = error
                    return
                }
            }
            // One settle timer for the life of the watcher, re-armed for the next deadline as files arrive.
            let settle = DispatchSource.makeTimerSource(queue: queue)
            settle.setEventHandler { [weak self] in self?.flushReady() }
            settle.schedule(deadline: .distantFuture)
            sources.withValue { $0.settle = settle; $0.all.append(settle) }
            settle.resume()
            rescan()
            let interval = settings.mode == .poll ? settings.pollSeconds : settings.rescanSeconds
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
            timer.setEventHandler { [weak self] in self?.rescan() }
            sources.withValue { $0.all.append(timer) }
            timer.resume()
        }
        if let startError { throw startError }
    }

    /// Stops watching; no delivery happens after this returns.
    public func stop() {
        queue.sync {
            state.withLock { $0.stopped = true }
            sources.withValue { sources in
                sources.all.forEach { $0.cancel() }
                sources.all = []
                sources.settle = nil
            }
        }
    }

    /// Scans now, outside the schedule (after `newsd retry` moved files back, for instance).
    public func rescanSoon() {
        queue.async { [weak self] in self?.rescan() }
    }

    // MARK: - On the watcher's queue

    private func ensureInbox() throws(InboxError) {
        do {
            try FileManager.default.createDirectory(atPath: settings.inbox, withIntermediateDirectories: true)
        } catch {
            throw .inboxUnusable(path: settings.inbox, reason: describeFileError(error))
        }
        guard let status = FileReader.status(settings.inbox), status.kind == .directory else {
            throw .inboxUnusable(path: settings.inbox, reason: "not a folder")
        }
    }

    private func rescan() {
        guard !state.withLock({ $0.stopped }) else { return }
        let listing = InboxScanner.scan(settings.inbox)
        if listing.folders.isEmpty {
            let first = state.withLock { state -> Bool in
                defer { state.warnedInboxMissing = true; state.rootWatched = false }
                return !state.warnedInboxMissing
            }
            if first { logger.warning("inbox \(settings.inbox) is missing; newsd takes files again once it exists") }
            return
        }
        let returned = state.withLock { state -> Bool in
            defer { state.warnedInboxMissing = false }
            return state.warnedInboxMissing
        }
        if returned { logger.notice("inbox \(settings.inbox) is back") }
        for name in Set(listing.unreadableNames) {
            logger.warning("skipping a name in \(name) that is not valid UTF-8; rename it to have it read")
        }
        if settings.mode == .inotify {
            for folder in listing.folders { watch(folder) }
        }
        track(listing.entries, now: Date().timeIntervalSince1970)
        flushReady()
    }

    /// Entries found by a scan: regular files by the settle rule; links, pipes, sockets and devices,
    /// which are never opened, handed over at once to be put aside.
    private func track(_ entries: [InboxScanner.Entry], now: Double) {
        state.withLock { state in
            for entry in entries {
                if entry.status.kind == .regular {
                    state.tracker.scanned(entry.path, status: entry.status, now: now)
                } else {
                    state.tracker.renamedIn(entry.path)
                }
            }
        }
    }

    private func watch(_ folder: String) {
        let (inotify, known) = state.withLock { ($0.inotify, $0.watchedPaths.contains(folder)) }
        guard let inotify, !known else { return }
        switch inotify.addWatch(folder) {
        case .success(let wd):
            state.withLock { state in
                state.folders[wd] = folder
                state.watchedPaths.insert(folder)
                if folder == settings.inbox { state.rootWatched = true }
            }
        case .failure(let error):
            let first = state.withLock { $0.warnedUnwatchable.insert(folder).inserted }
            if first { logger.warning("\(error); relying on rescans for \(folder)") }
        }
    }

    private func handleEvents() {
        guard let inotify = state.withLock({ $0.stopped ? nil : $0.inotify }) else { return }
        let events = inotify.readEvents()
        var needsRescan = false
        var newFolders: [String] = []
        let now = Date().timeIntervalSince1970
        for event in events {
            if event.has(IN_Q_OVERFLOW) {
                logger.notice("inotify queue overflowed; rescanning the inbox")
                needsRescan = true
                continue
            }
            guard let folder = state.withLock({ $0.folders[event.watch] }) else { continue }
            if event.has(IN_IGNORED) || event.has(IN_DELETE_SELF) || event.has(IN_MOVE_SELF) {
                state.withLock { state in
                    state.folders[event.watch] = nil
                    state.watchedPaths.remove(folder)
                    if folder == settings.inbox { state.rootWatched = false }
                }
                if folder == settings.inbox { needsRescan = true }
                continue
            }
            guard !event.name.isEmpty, !InboxNames.isIgnored(event.name) else { continue }
            let path = folder + "/" + event.name
            if event.has(IN_ISDIR) {
                if event.has(IN_CREATE) || event.has(IN_MOVED_TO) { newFolders.append(path) }
                continue
            }
            state.withLock { state in
                if event.has(IN_MOVED_TO) {
                    state.tracker.renamedIn(path)
                } else if event.has(IN_CLOSE_WRITE) {
                    state.tracker.written(path, status: FileReader.status(path), now: now)
                } else if event.has(IN_CREATE) {
                    let status = FileReader.status(path)
                    if let status, status.kind != .regular {
                        state.tracker.renamedIn(path)
                    } else {
                        state.tracker.written(path, status: status, now: now)
                    }
                }
            }
        }
        for folder in newFolders {
            // Watch first, then scan: a file created between the two is caught by one or the other.
            let listing = InboxScanner.scan(folder)
            for sub in listing.folders { watch(sub) }
            track(listing.entries, now: now)
        }
        if needsRescan { rescan() } else { flushReady() }
    }

    /// Hands over what is ready and re-arms the settle timer for the next file still settling.
    private func flushReady() {
        let now = Date().timeIntervalSince1970
        let (ready, deadline) = state.withLock { state -> ([String], Double?) in
            guard !state.stopped else { return ([], nil) }
            let ready = state.tracker.takeReady(now: now, lstat: FileReader.status)
            return (ready, state.tracker.nextDeadline)
        }
        if !ready.isEmpty { deliver(ready) }
        if let deadline, let timer = sources.withValue({ $0.settle }) {
            timer.schedule(deadline: .now() + max(0.01, deadline - now) + 0.01, leeway: .milliseconds(20))
        }
    }
}
