import Foundation
import GRDB

/// A row of the ledger: one file newsd took, and how far its handling got.
public struct FileRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "file"

    /// Where the handling of a file stands. Each step is committed before the file is touched.
    public enum State: String, Codable, Sendable {
        /// Taken from the inbox and moved to the work folder; nothing stored yet.
        case claimed
        /// Its articles (or its failure) are committed; the file still has to move to `finalPath`.
        case processed
        /// Nothing left to do.
        case done
    }

    public enum Outcome: String, Codable, Sendable {
        case stored, duplicate, failed
    }

    public var id: Int64?
    public var origin: String
    public var size: Int64
    public var mtime: Double
    public var inode: Int64
    public var sha256: String?
    public var state: State
    public var outcome: Outcome?
    public var error: String?
    public var inboxPath: String?
    public var workPath: String?
    public var finalPath: String?
    public var claimedAt: Date
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, origin, size, mtime, inode, sha256, state, outcome, error
        case inboxPath = "inbox_path", workPath = "work_path", finalPath = "final_path"
        case claimedAt = "claimed_at", finishedAt = "finished_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
