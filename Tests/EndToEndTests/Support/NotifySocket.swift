import Foundation

/// A datagram socket standing in for systemd's notify socket: newsd sends READY=1, STATUS=…, STOPPING=1.
final class NotifySocket: @unchecked Sendable {
    // @unchecked: `descriptor` and `path` are immutable after init; `receive` is only called from the test's task.
    let path: String
    private let descriptor: Int32

    init(in folder: String) throws {
        path = folder + "/notify.sock"
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw TestFailure("bind \(path): \(errno)") }
    }

    deinit {
        close(descriptor)
    }

    /// Messages received within `seconds` until one contains `needle`; all messages seen so far.
    func receive(until needle: String, seconds: Double) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { continue }
            let message = String(decoding: buffer[..<n], as: UTF8.self)
            messages.append(message)
            if message.contains(needle) { break }
        }
        return messages
    }
}
