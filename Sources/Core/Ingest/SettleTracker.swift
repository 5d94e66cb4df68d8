/// Decides when a file in the inbox is finished being written.
///
/// A file renamed into the inbox is complete at once: renaming is how careful writers publish. A file
/// written in place (a copy, a scanner, a sync tool that closes and reopens) is taken only once its size
/// and mtime have not changed for `settleSeconds`. A file found by a scan whose mtime is already older
/// than that is ready at once; this is what makes files dropped while the daemon was down be taken at
/// start-up without waiting.
///
/// Pure state: the caller passes the clock and a way to `lstat`, so the rules are tested without sleeping.
public struct SettleTracker: Sendable {
    struct Watch: Sendable {
        var status: FileStatus?
        var since: Double
    }

    public let settleSeconds: Double
    private var watching: [String: Watch] = [:]
    private var ready: [String] = []
    private var readySet: Set<String> = []

    public init(settleSeconds: Double) {
        self.settleSeconds = settleSeconds
    }

    public var pendingCount: Int { watching.count + ready.count }

    /// A file arrived by rename: ready now.
    public mutating func renamedIn(_ path: String) {
        watching[path] = nil
        markReady(path)
    }

    /// A file was written (closed after writing) or created: restart its quiet period.
    public mutating func written(_ path: String, status: FileStatus?, now: Double) {
        guard !readySet.contains(path) else { return }
        watching[path] = Watch(status: status, since: now)
    }

    /// A scan found the file. Old enough already: ready; otherwise watch it like a write.
    public mutating func scanned(_ path: String, status: FileStatus, now: Double) {
        guard !readySet.contains(path) else { return }
        if let existing = watching[path], let previous = existing.status, previous.isUnchanged(from: status) { return }
        if now - status.mtime >= settleSeconds && watching[path] == nil {
            markReady(path)
        } else {
            watching[path] = Watch(status: status, since: now)
        }
    }

    /// Forgets a path (it was deleted or taken).
    public mutating func forget(_ path: String) {
        watching[path] = nil
    }

    /// The earliest time at which a watched file could become ready.
    public var nextDeadline: Double? {
        watching.values.map { $0.since + settleSeconds }.min()
    }

    /// Files that are ready now, each returned once. Watched files past their quiet period are checked
    /// again with `lstat`: changed ones start a new period, vanished ones are dropped.
    public mutating func takeReady(now: Double, lstat: (String) -> FileStatus?) -> [String] {
        for (path, watch) in watching where now - watch.since >= settleSeconds {
            guard let current = lstat(path) else {
                watching[path] = nil
                continue
            }
            if let previous = watch.status, previous.isUnchanged(from: current) {
                watching[path] = nil
                markReady(path)
            } else {
                watching[path] = Watch(status: current, since: now)
            }
        }
        let taken = ready
        ready.removeAll()
        readySet.removeAll()
        return taken
    }

    private mutating func markReady(_ path: String) {
        if readySet.insert(path).inserted { ready.append(path) }
    }
}
