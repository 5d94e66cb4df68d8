import Foundation
import GRDB

/// What the daemon knows about a file when it claims it.
public struct FileClaim: Sendable {
    public var origin: String
    public var inboxPath: String
    public var workPath: String
    public var size: Int64
    public var mtime: Double
    public var inode: Int64

    public init(origin: String, inboxPath: String, workPath: String, size: Int64, mtime: Double, inode: Int64) {
        self.origin = origin
        self.inboxPath = inboxPath
        self.workPath = workPath
        self.size = size
        self.mtime = mtime
        self.inode = inode
    }
}

extension NewsStore {
    /// Commits a claim row for each file, before any file is moved, and returns their ids in order.
    ///
    /// - Parameter waitForDisk: Whether the commit waits for the log to reach the disk. The daemon's
    ///   does not: a crash of the process keeps the commit (it is in the kernel's hands), and the
    ///   sync before the batch's files are archived (``waitForDisk()``) takes it to the disk. Only a
    ///   power cut before that can lose a claim whose file already sits in the work folder, and the
    ///   file's work name says where it came from (``WorkName``), so recovery puts it back.
    public func claim(_ claims: [FileClaim], at now: Date = Date(), waitForDisk: Bool = true) throws(StoreError) -> [Int64] {
        let insert: @Sendable (Database) throws -> [Int64] = { db in
            try claims.map { claim in
                var row = FileRecord(id: nil, origin: claim.origin, size: claim.size, mtime: claim.mtime, inode: claim.inode,
                                     sha256: nil, state: .claimed, outcome: nil, error: nil, inboxPath: claim.inboxPath,
                                     workPath: claim.workPath, finalPath: nil, claimedAt: now, finishedAt: nil)
                try row.insert(db)
                guard let id = row.id else { throw StoreError.failed("ledger row has no id") }
                return id
            }
        }
        return waitForDisk ? try write(insert) : try writeWithoutWaitingForDisk(insert)
    }

    /// Whether any ledger row, finished or not, names `path` as its file's place in the work folder.
    public func hasLedgerRow(workPath path: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM file WHERE work_path = ?)", arguments: [path]) ?? false
        }
    }

    /// Records a file that failed before it could be claimed (a symlink, a FIFO, one too large to read).
    public func recordRejected(origin: String, reason: String, size: Int64, mtime: Double, inode: Int64,
                               inboxPath: String?, finalPath: String?, at now: Date = Date()) throws(StoreError) -> Int64 {
        try write { db in
            var row = FileRecord(id: nil, origin: origin, size: size, mtime: mtime, inode: inode, sha256: nil,
                                 state: finalPath == nil ? .done : .processed, outcome: .failed, error: reason,
                                 inboxPath: inboxPath, workPath: nil, finalPath: finalPath, claimedAt: now,
                                 finishedAt: finalPath == nil ? now : nil)
            try row.insert(db)
            guard let id = row.id else { throw StoreError.failed("ledger row has no id") }
            return id
        }
    }

    /// Marks files whose move is finished.
    ///
    /// - Parameter waitForDisk: Whether the commit waits for the log to reach the disk. The daemon's
    ///   mark after archiving a batch does not: if a power cut takes it, the ledger still says
    ///   "processed" with the file's final path, and the next start finds the file there and marks it
    ///   (``LedgerRecovery``). The only wait for the disk is the one before the files move.
    public func markDone(_ ids: [Int64], at now: Date = Date(), waitForDisk: Bool = true) throws(StoreError) {
        guard !ids.isEmpty else { return }
        let mark: @Sendable (Database) throws -> Void = { db in
            for id in ids {
                try db.execute(sql: "UPDATE file SET state = 'done', finished_at = ? WHERE id = ?", arguments: [now, id])
            }
        }
        if waitForDisk { try write(mark) } else { try writeWithoutWaitingForDisk(mark) }
    }

    /// Forgets claims whose files never left the inbox, so the next scan takes them afresh.
    public func releaseClaims(_ ids: [Int64]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            for id in ids {
                try db.execute(sql: "DELETE FROM file WHERE id = ? AND state = 'claimed'", arguments: [id])
            }
        }
    }

    /// Closes a row whose file disappeared before newsd could finish with it.
    public func markVanished(_ id: Int64, reason: String, at now: Date = Date()) throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                UPDATE file SET state = 'done', outcome = COALESCE(outcome, 'failed'), error = COALESCE(error, ?),
                       finished_at = ? WHERE id = ?
                """, arguments: [reason, now, id])
        }
    }

    /// Every row a crash may have interrupted, oldest first.
    public func unfinishedFiles() throws(StoreError) -> [FileRecord] {
        try read { db in
            try FileRecord.filter(sql: "state <> 'done'").order(sql: "id").fetchAll(db)
        }
    }
}
