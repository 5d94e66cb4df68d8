import Foundation

/// One record read from an inotify descriptor.
public struct InotifyEvent: Sendable, Equatable {
    public var watch: Int32
    public var mask: UInt32
    public var cookie: UInt32
    /// The entry's name inside the watched folder; empty for events about the folder itself.
    public var name: String

    public func has(_ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }

    /// Decodes the records in a buffer filled by `read(2)` on an inotify descriptor: each is a 16-byte
    /// header (`wd`, `mask`, `cookie`, `len`) followed by `len` bytes of NUL-padded name.
    public static func decode(_ buffer: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        let header = 16
        while offset + header <= buffer.count {
            let wd = buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = buffer.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = buffer.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(buffer.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            guard offset + header + length <= buffer.count else { break }
            let nameBytes = UnsafeRawBufferPointer(rebasing: buffer[(offset + header)..<(offset + header + length)])
            let end = nameBytes.firstIndex(of: 0) ?? nameBytes.count
            let name = String(decoding: nameBytes[..<end], as: UTF8.self)
            events.append(InotifyEvent(watch: wd, mask: mask, cookie: cookie, name: name))
            offset += header + length
        }
        return events
    }
}

/// An inotify descriptor: non-blocking, closed on exec.
struct Inotify: Sendable {
    let descriptor: Int32

    /// The events newsd watches each inbox folder for.
    static let folderMask = UInt32(bitPattern: IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF
        | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK)

    init() throws(InboxError) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw .inotify(String(cString: strerror(errno))) }
        descriptor = fd
    }

    /// Adds (or updates) a watch on a folder; the watch descriptor, or the errno message.
    func addWatch(_ path: String) -> Result<Int32, InboxError> {
        let wd = inotify_add_watch(descriptor, path, Self.folderMask)
        if wd >= 0 { return .success(wd) }
        let code = errno
        if code == ENOSPC {
            return .failure(.inotify("the inotify watch limit is reached (fs.inotify.max_user_watches); rescans still find files"))
        }
        return .failure(.inotify("cannot watch \(path): \(String(cString: strerror(code)))"))
    }

    /// Reads every pending event.
    func readEvents() -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            buffer.withUnsafeBytes { events += InotifyEvent.decode(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        return events
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}

/// Why the inbox cannot be watched or used.
public enum InboxError: Error, CustomStringConvertible, Equatable {
    case inotify(String)
    case inboxUnusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .inotify(let message): return "inotify: \(message)"
        case .inboxUnusable(let path, let reason): return "inbox \(path) cannot be used: \(reason)"
        }
    }
}
