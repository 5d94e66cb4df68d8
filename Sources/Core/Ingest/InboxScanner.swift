import Foundation

/// Lists what is in the inbox: every entry below it that newsd may take, and the folders to watch.
///
/// Walks with an explicit stack (a deep tree cannot overflow anything), never follows symbolic links,
/// and skips ignored names (dotfiles, partial downloads) and everything below them, including newsd's
/// own work folder.
public enum InboxScanner {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var status: FileStatus
    }

    public struct Listing: Sendable {
        /// Files and other non-folder entries (links, pipes) that are candidates.
        public var entries: [Entry] = []
        /// The root and every folder below it that is not ignored.
        public var folders: [String] = []
        /// Names skipped because they are not valid UTF-8, which newsd cannot name in its ledger.
        public var unreadableNames: [String] = []
    }

    public static func scan(_ root: String) -> Listing {
        var listing = Listing()
        var stack = [root]
        while let folder = stack.popLast() {
            guard let dir = opendir(folder) else { continue }
            listing.folders.append(folder)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String? in
                    let bytes = raw.prefix(while: { $0 != 0 })
                    return String(validating: bytes, as: UTF8.self)
                }
                guard let name else {
                    listing.unreadableNames.append(folder)
                    continue
                }
                if name == "." || name == ".." || InboxNames.isIgnored(name) { continue }
                let path = folder + "/" + name
                guard let status = FileReader.status(path) else { continue }
                if status.kind == .directory {
                    stack.append(path)
                } else {
                    listing.entries.append(Entry(path: path, status: status))
                }
            }
            closedir(dir)
        }
        return listing
    }

    /// The path of `path` relative to `root` (`root/reuters/x.txt` → `reuters/x.txt`).
    public static func relativePath(_ path: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : (path as NSString).lastPathComponent
    }
}
