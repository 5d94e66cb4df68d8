import Foundation
import GRDB

/// A file newsd could not read, and why.
public struct FailedFile: Sendable, Equatable, Codable {
    public var origin: String
    public var reason: String
    public var at: Date
    /// Where the file was put aside (`failed/...`); nil when `newsd ingest` left it in place.
    public var path: String?

    public init(origin: String, reason: String, at: Date, path: String?) {
        self.origin = origin
        self.reason = reason
        self.at = at
        self.path = path
    }

    enum CodingKeys: String, CodingKey { case origin, reason, at, path }

    static let columns = "origin, error, COALESCE(finished_at, claimed_at) AS at, final_path"

    init(_ row: Row) {
        origin = row["origin"]
        reason = row["error"] ?? ""
        at = row["at"]
        path = row["final_path"]
    }
}
