import Foundation
import Testing

/// Finds and runs the `newsd` binary that `swift test` built beside the test bundle.
enum Newsd {
    /// `.build/<triple>/debug/newsd`: the test bundle lives in the same folder.
    static let path: String = {
        let candidates: [String?] = [
            ProcessInfo.processInfo.environment["NEWSD_BINARY"],
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("newsd").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("newsd").path,
            repositoryRoot + "/.build/debug/newsd",
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "newsd-not-built"
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let folder = TemporaryFolder("newsd-run")
        let process = try start(arguments, in: directory, environment: environment,
                                stdout: folder.path + "/out", stderr: folder.path + "/err")
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: folder.path + "/out", encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: folder.path + "/err", encoding: .utf8)) ?? "")
    }

    /// Starts a command with its output going to files (pipes could fill and block a long-running daemon).
    static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
                      stdout: String, stderr: String) throws -> Process {
        _ = FileManager.default.createFile(atPath: stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NOTIFY_SOCKET")
        env.removeValue(forKey: "WATCHDOG_USEC")
        env["TZ"] = env["TZ"] ?? "UTC"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        try process.run()
        return process
    }

    /// Every stored article, from `newsd export`.
    static func export(_ storeArguments: [String]) throws -> [[String: Any]] {
        let result = try run(["export"] + storeArguments)
        guard result.status == 0 else { throw TestFailure("export failed: \(result.stderr)") }
        return try result.stdout.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestFailure("export line is not an object: \(line)")
            }
            return object
        }
    }

    /// Each stored article's entities, quotes and figures, from `newsd export`, as JSON with sorted keys
    /// (a dictionary's description has no fixed order).
    static func findings(_ storeArguments: [String]) throws -> [[String]] {
        try export(storeArguments).map { article in
            try ["entities", "quotes", "figures"].map { column in
                String(decoding: try JSONSerialization.data(withJSONObject: article[column] ?? NSNull(),
                                                            options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 100 ms until it holds or `seconds` pass.
func waitUntil(_ seconds: Double, _ what: String, _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    if try condition() { return }
    throw TestFailure("timed out after \(seconds) s waiting for \(what)")
}

/// Waits for a process to exit, up to `seconds`; false if it is still running.
func waitForExit(_ process: Process, seconds: Double) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    return !process.isRunning
}

/// A fresh temporary folder, removed when the value goes away.
final class TemporaryFolder: Sendable {
    let path: String

    init(_ label: String = "newsd-e2e") {
        path = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The seed articles: from `../shared/corpus/seeds` when it is there, else the copies in Fixtures.
func seedArticles() throws -> [(name: String, bytes: Data)] {
    let shared = repositoryRoot + "/../shared/corpus/seeds"
    let folder: String
    if FileManager.default.fileExists(atPath: shared) {
        folder = shared
    } else {
        folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("seeds").path
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
    return try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) }
}
