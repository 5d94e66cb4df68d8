import Foundation

/// Why a file could not be written.
public struct WriteError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a file so that readers see the old version or the new one, never half of one.
///
/// The bytes go to a hidden temporary file in the same folder (so the watcher and `ls` ignore it),
/// are synced to disk, then renamed over the destination; the folder is synced so the rename itself
/// survives a power cut.
public enum AtomicWriter {
    public static func write(_ bytes: [UInt8], to path: String, temporary: String? = nil, mode: mode_t = 0o640) throws(WriteError) {
        let temporary = temporary ?? temporaryPath(for: path)
        try stage(bytes, at: temporary, for: path, mode: mode)
        try commit(temporary, to: path)
        syncFolder((path as NSString).deletingLastPathComponent)
    }

    /// Writes several files that belong together (one digest's renderings): every one is written and
    /// synced under a temporary name first, and only when all are complete are they renamed into place.
    /// If any cannot be written, none is replaced and no temporary file is left behind.
    public static func writeTogether(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o640) throws(WriteError) {
        var staged: [(temporary: String, path: String)] = []
        do throws(WriteError) {
            for file in files {
                let temporary = temporaryPath(for: file.path)
                try stage(file.bytes, at: temporary, for: file.path, mode: mode)
                staged.append((temporary, file.path))
            }
        } catch {
            for file in staged { unlink(file.temporary) }
            throw error
        }
        for (index, file) in staged.enumerated() {
            do throws(WriteError) {
                try commit(file.temporary, to: file.path)
            } catch {
                for rest in staged[(index + 1)...] { unlink(rest.temporary) }
                throw error
            }
        }
        for folder in Set(files.map { ($0.path as NSString).deletingLastPathComponent }) { syncFolder(folder) }
    }

    /// A hidden name beside `path`, unique to this process.
    static func temporaryPath(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        return folder + "/." + String(name.prefix(200)) + ".tmp-\(getpid())"
    }

    /// Writes and syncs `bytes` to `temporary`; removes it on failure.
    private static func stage(_ bytes: [UInt8], at temporary: String, for path: String, mode: mode_t) throws(WriteError) {
        func fail(_ code: Int32) -> WriteError { WriteError(path: path, reason: String(cString: strerror(code))) }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw fail(errno) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw fail(code)
            }
            written += n
        }
        // The umask may have narrowed the mode; the caller's mode is what was asked for.
        fchmod(fd, mode)
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            unlink(temporary)
            throw fail(code)
        }
        close(fd)
    }

    private static func commit(_ temporary: String, to path: String) throws(WriteError) {
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteError(path: path, reason: String(cString: strerror(code)))
        }
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o640) throws(WriteError) {
        try write(Array(text.utf8), to: path, mode: mode)
    }

    /// fsync on a folder makes a rename or a new entry in it durable.
    public static func syncFolder(_ folder: String) {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
