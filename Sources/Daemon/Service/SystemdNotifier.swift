import Foundation

/// Talks to systemd's notify socket without libsystemd: one datagram per message.
///
/// `$NOTIFY_SOCKET` names an `AF_UNIX` datagram socket; a name starting with `@` is in the abstract
/// namespace (the `@` becomes a NUL byte, and no trailing NUL counts in the address length). Outside
/// systemd the variable is unset and every call does nothing.
struct SystemdNotifier: Sendable {
    let socketPath: String?
    /// Half of `WatchdogSec=`, when systemd asked this process for watchdog pings.
    let watchdogInterval: Double?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        if forUs, let usec = environment["WATCHDOG_USEC"].flatMap(Double.init), usec > 0 {
            watchdogInterval = usec / 2_000_000
        } else {
            watchdogInterval = nil
        }
    }

    var isActive: Bool { socketPath != nil }

    /// Sends `message` ("READY=1", "STATUS=…", "WATCHDOG=1", "STOPPING=1", or several joined by `\n`).
    @discardableResult
    func notify(_ message: String) -> Bool {
        guard let socketPath else { return false }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
        }
        // sun_path follows the 2-byte family field; an abstract name has no trailing NUL in the length.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                // Never wait for the manager: with its queue full (a burst of STATUS= lines, a manager that
                // reads slowly) a blocking send would stall the work loop. A dropped STATUS= is harmless;
                // the next one says the same, and systemd sees the exit without STOPPING=1.
                bytes.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), sockaddrPointer, length)
                }
            }
        }
        return sent == bytes.count
    }
}
