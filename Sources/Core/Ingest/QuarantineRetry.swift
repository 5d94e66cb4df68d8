import Foundation

/// `newsd retry`: files put aside in `failed/` go back to the inbox for another try (after a parser
/// fix, or once a file that was too large is allowed).
///
/// `failed/` mirrors the inbox (`failed/reuters/x.txt` came from `inbox/reuters/x.txt`), so a file
/// goes back to where it was dropped, keeping the subfolder that names its outlet. The move is a rename
/// into the inbox, which the daemon sees like any drop; the `.error` sidecar is removed after it.
public enum QuarantineRetry {
    public struct Moved: Sendable, Equatable {
        /// Relative to `failed/`.
        public var name: String
        public var destination: String
    }

    /// The quarantined files, relative to `failed/`, sorted, without their `.error` sidecars.
    public static func list(failed: String) -> [String] {
        InboxScanner.scan(failed).entries
            .map { InboxScanner.relativePath($0.path, root: failed) }
            .filter { !$0.hasSuffix(".error") }
            .sorted()
    }

    /// Moves the named files (relative to `failed/`) back into the inbox.
    ///
    /// - Throws: ``RetryError`` naming the first file that is not in `failed/` or cannot be moved; the
    ///   files before it have been moved.
    public static func retry(_ names: [String], failed: String, inbox: String) throws(RetryError) -> [Moved] {
        let known = Set(list(failed: failed))
        var moved: [Moved] = []
        for name in names {
            // A name is a path below failed/; nothing may climb out of it.
            guard known.contains(name), !name.split(separator: "/").contains("..") else {
                throw RetryError(reason: "\(name) is not in \(failed)")
            }
            let destination = FileMover.freeDestination(inbox + "/" + name)
            do {
                try FileMover.move(failed + "/" + name, to: destination)
            } catch {
                throw RetryError(reason: error.description)
            }
            unlink(failed + "/" + name + ".error")
            moved.append(Moved(name: name, destination: destination))
        }
        return moved
    }
}

public struct RetryError: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
