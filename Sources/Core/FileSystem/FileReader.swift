import Foundation

/// What kind of thing a directory entry is, as `lstat` sees it (links are not followed).
public enum FileKind: Sendable, Equatable, CustomStringConvertible {
    case regular, directory, symlink, fifo, socket, device

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symlink
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .device
        }
    }

    public var description: String {
        switch self {
        case .regular: return "a regular file"
        case .directory: return "a folder"
        case .symlink: return "a symbolic link (newsd does not follow links)"
        case .fifo: return "a named pipe (FIFO), which could block a reader forever"
        case .socket: return "a socket"
        case .device: return "a device file"
        }
    }
}

/// Size, time and identity of a file, from `lstat` or `fstat`.
public struct FileStatus: Sendable, Equatable {
    public var kind: FileKind
    public var size: Int64
    /// Modification time, seconds since 1970 with nanoseconds.
    public var mtime: Double
    public var inode: Int64
    public var device: UInt64

    public init(kind: FileKind, size: Int64, mtime: Double, inode: Int64, device: UInt64) {
        self.kind = kind
        self.size = size
        self.mtime = mtime
        self.inode = inode
        self.device = device
    }

    init(_ st: stat) {
        kind = FileKind(mode: st.st_mode)
        size = Int64(st.st_size)
        mtime = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
        inode = Int64(bitPattern: UInt64(st.st_ino))
        device = UInt64(st.st_dev)
    }

    /// Whether size and mtime match: the test for "the writer has not touched it since".
    public func isUnchanged(from other: FileStatus) -> Bool {
        size == other.size && mtime == other.mtime && inode == other.inode
    }
}

/// Why a file could not be read.
public enum FileReadError: Error, Equatable, CustomStringConvertible {
    case vanished
    case notRegular(FileKind)
    case permissionDenied
    case tooLarge(size: Int64, limit: Int)
    case changedWhileReading
    case io(String)

    public var description: String {
        switch self {
        case .vanished: return "the file disappeared before it could be read"
        case .notRegular(let kind): return "not a regular file: \(kind)"
        case .permissionDenied: return "permission denied"
        case .tooLarge(let size, let limit): return ParseError.tooLarge(bytes: Int(size), limit: limit).description
        case .changedWhileReading: return "the file changed while it was being read"
        case .io(let message): return "read error: \(message)"
        }
    }

    /// Whether trying again later can help (the file stays where it is meanwhile).
    public var isTransient: Bool {
        switch self {
        case .permissionDenied, .changedWhileReading, .io: return true
        case .vanished, .notRegular, .tooLarge: return false
        }
    }

    init(errno code: Int32) {
        switch code {
        case ENOENT, ENOTDIR: self = .vanished
        case EACCES, EPERM: self = .permissionDenied
        case ELOOP: self = .notRegular(.symlink)
        default: self = .io(String(cString: strerror(code)))
        }
    }
}

/// An open regular file: the descriptor and what `fstat` said when it was opened.
///
/// newsd opens before it claims: the descriptor keeps reading the same file after the claim renames it,
/// and opening is where a symlink, a FIFO or a permission problem shows, before anything is moved.
public struct OpenedFile: Sendable {
    public let descriptor: Int32
    public let status: FileStatus

    /// Reads the whole file, refusing more than `maxBytes`, and checks it did not change meanwhile.
    public func readAll(maxBytes: Int) throws(FileReadError) -> [UInt8] {
        guard status.size <= Int64(maxBytes) else { throw .tooLarge(size: status.size, limit: maxBytes) }
        var bytes = [UInt8](repeating: 0, count: Int(status.size) + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= maxBytes else { throw .tooLarge(size: Int64(count), limit: maxBytes) }
                bytes.append(contentsOf: repeatElement(0, count: min(max(bytes.count, 4096), maxBytes + 1 - bytes.count)))
            }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return pread(descriptor, base + count, buffer.count - count, off_t(count))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadError(errno: errno)
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxBytes else { throw .tooLarge(size: Int64(count), limit: maxBytes) }
        bytes.removeSubrange(count...)
        var after = stat()
        guard fstat(descriptor, &after) == 0 else { throw FileReadError(errno: errno) }
        guard FileStatus(after).isUnchanged(from: status), Int64(count) == status.size else { throw .changedWhileReading }
        return bytes
    }

    public func close() {
        _ = Glibc.close(descriptor)
    }

    /// Asks the kernel to start reading the whole file into the page cache now, without waiting for
    /// it (``FileReader/prefetch(_:)``). Whether the kernel took the advice.
    @discardableResult
    public func prefetch() -> Bool {
        posix_fadvise(descriptor, 0, 0, POSIX_FADV_WILLNEED) == 0
    }
}

/// Opens and inspects files without following links or blocking on pipes.
public enum FileReader {
    /// `lstat` of `path`; nil when nothing is there.
    public static func status(_ path: String) -> FileStatus? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    /// How newsd opens a file to read: `O_NOFOLLOW` refuses a symlink and `O_NONBLOCK` keeps a FIFO
    /// swapped in at the last moment from blocking the open.
    private static let readingFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY

    /// Opens a regular file for reading (``readingFlags``); `fstat` then refuses anything not regular.
    public static func open(_ path: String) throws(FileReadError) -> OpenedFile {
        let fd = Glibc.open(path, readingFlags)
        guard fd >= 0 else { throw FileReadError(errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let error = FileReadError(errno: errno)
            _ = Glibc.close(fd)
            throw error
        }
        let status = FileStatus(st)
        guard status.kind == .regular else {
            _ = Glibc.close(fd)
            throw .notRegular(status.kind)
        }
        return OpenedFile(descriptor: fd, status: status)
    }

    /// Asks the kernel to start reading the file at `path` into the page cache, and returns at once.
    ///
    /// A file that is not cached (written days ago, or evicted since) costs its reader a disk read it
    /// waits for, one file at a time on each parsing thread; advised a chunk ahead, the reads are in
    /// flight together while the chunk before is parsed. Advice only: a file that cannot be opened is
    /// left for its reader to report. Opened as ``open(_:)`` opens, so a link or a pipe is not followed
    /// or waited on. Whether the kernel took the advice.
    @discardableResult
    public static func prefetch(_ path: String) -> Bool {
        let fd = Glibc.open(path, readingFlags)
        guard fd >= 0 else { return false }
        defer { _ = Glibc.close(fd) }
        return posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED) == 0
    }

    /// Reads a whole regular file: open, read, close.
    public static func read(_ path: String, maxBytes: Int) throws(FileReadError) -> (bytes: [UInt8], status: FileStatus) {
        let file = try open(path)
        defer { file.close() }
        return (try file.readAll(maxBytes: maxBytes), file.status)
    }
}
