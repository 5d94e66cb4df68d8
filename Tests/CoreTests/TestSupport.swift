import Foundation
import GRDB
@testable import Core

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryFolder: Sendable {
    let path: String

    init(_ label: String = "newsd-test") {
        path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ text: String, to name: String) throws {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A connection of its own that holds a read snapshot of the database at `path` (everything committed so
/// far, through `table`) until `rollback()` is called on it: what another process reading the store
/// does to its checkpoints.
func heldSnapshot(of path: String, reading table: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.allowsUnsafeTransactions = true                    // the snapshot outlives one access
    let reader = try DatabaseQueue(path: path, configuration: configuration)
    try reader.inDatabase { db in
        try db.beginTransaction(.deferred)
        _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
    }
    return reader
}

/// A file as the workers hand it to the writer: `text` parsed and analysed, as if dropped as `origin`.
func incomingFile(_ origin: String, _ text: String, claim: Int64? = nil) -> IncomingFile {
    let bytes = Array(text.utf8)
    return IncomingFile(claimID: claim, origin: origin, size: Int64(bytes.count), mtime: 1, inode: 1,
                        sha256: SHA256.hex(bytes), content: ArticlePipeline().content(of: bytes, origin: origin))
}
