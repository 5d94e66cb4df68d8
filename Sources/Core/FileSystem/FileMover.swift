import Foundation

/// Why a file could not be moved.
public struct MoveError: Error, CustomStringConvertible {
    public let from: String
    public let to: String
    public let reason: String

    public var description: String { "cannot move \(from) to \(to): \(reason)" }
}

/// Moves files into the archive and the failed folder, safely across file systems.
public enum FileMover {
    /// Longest file name Linux file systems accept, in bytes.
    static let nameMax = 255

    /// Moves `source` to `destination`, creating folders on the way. Within one file system this is a
    /// rename; across file systems (the data folder on another disk) a regular file is copied to a
    /// hidden temporary name, synced, renamed into place and only then removed from the source, and a
    /// symbolic link is re-created, so a crash at any point leaves the file in one place or both.
    public static func move(_ source: String, to destination: String) throws(MoveError) {
        let folder = (destination as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o750])
        } catch {
            throw MoveError(from: source, to: destination, reason: describeFileError(error))
        }
        if rename(source, destination) == 0 { return }
        let code = errno
        guard code == EXDEV else { throw MoveError(from: source, to: destination, reason: String(cString: strerror(code))) }
        try copyAcrossDevices(source, to: destination)
    }

    private static func copyAcrossDevices(_ source: String, to destination: String) throws(MoveError) {
        func fail(_ reason: String) -> MoveError { MoveError(from: source, to: destination, reason: reason) }
        guard let status = FileReader.status(source) else { throw fail("the file is gone") }
        if status.kind == .symlink {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(source, &buffer, buffer.count - 1)
            guard n >= 0 else { throw fail(String(cString: strerror(errno))) }
            let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard symlink(target, destination) == 0 else { throw fail(String(cString: strerror(errno))) }
            unlink(source)
            return
        }
        guard status.kind == .regular else { throw fail("\(status.kind) cannot be copied to another file system") }
        let (bytes, _): ([UInt8], FileStatus)
        do {
            (bytes, _) = try FileReader.read(source, maxBytes: Int.max / 2)
        } catch {
            throw fail(error.description)
        }
        let folder = (destination as NSString).deletingLastPathComponent
        let temporary = folder + "/.newsd-copy-\(getpid())-\(UInt64(Date().timeIntervalSince1970 * 1e6))"
        do {
            try AtomicWriter.write(bytes, to: destination, temporary: temporary, mode: 0o640)
        } catch {
            throw fail(error.description)
        }
        unlink(source)
    }

    /// `path` if nothing is there yet, else the first of `name-2.ext`, `name-3.ext`, … that is free and not
    /// in `reserved` (and, with `sidecarSuffix`, whose sidecar is free too). Names are shortened to leave
    /// room for the suffix and a `.error` sidecar.
    public static func freeDestination(_ path: String, reserved: Set<String> = [], sidecarSuffix: String? = nil) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = shortened((path as NSString).lastPathComponent, toBytes: nameMax - 12)
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
        var candidate = folder + "/" + name
        var n = 2
        func taken(_ candidate: String) -> Bool {
            if reserved.contains(candidate) || FileReader.status(candidate) != nil { return true }
            if let sidecarSuffix { return FileReader.status(candidate + sidecarSuffix) != nil }
            return false
        }
        while taken(candidate) {
            candidate = folder + "/" + stem + "-\(n)" + (ext.isEmpty ? "" : "." + ext)
            n += 1
        }
        return candidate
    }

    /// `name` cut to at most `limit` UTF-8 bytes at a character boundary, keeping a short extension.
    static func shortened(_ name: String, toBytes limit: Int) -> String {
        guard name.utf8.count > limit else { return name }
        let ext = (name as NSString).pathExtension
        let keepExt = !ext.isEmpty && ext.utf8.count <= 10
        let budget = limit - (keepExt ? ext.utf8.count + 1 : 0)
        var stem = ""
        for character in keepExt ? String(name.dropLast(ext.count + 1)) : name {
            if stem.utf8.count + String(character).utf8.count > budget { break }
            stem.append(character)
        }
        return keepExt ? stem + "." + ext : stem
    }

    /// Writes `failed/NAME.error`: the reason, on one line.
    public static func writeReason(_ reason: String, besides path: String) throws {
        let line = reason.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") + "\n"
        try AtomicWriter.write(Array(line.utf8), to: path + ".error", mode: 0o640)
    }
}
