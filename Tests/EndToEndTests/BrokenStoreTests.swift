import Foundation
import Testing

/// A database newsd cannot read is refused with a one-line reason, and nothing the user gave it moves:
/// the inbox keeps its files for when the store is mended or replaced.
@Suite("Broken store end to end", .serialized)
struct BrokenStoreTests {
    /// Random bytes where the database should be, and a file with SQLite's header and garbage after it.
    private func corruptStores(in folder: TemporaryFolder) throws -> [String] {
        var noise = SystemRandomNumberGenerator()
        let random = Data((0..<20_000).map { _ in UInt8.random(in: 0...255, using: &noise) })
        let headed = Data("SQLite format 3\u{0}".utf8) + Data((0..<8_000).map { _ in UInt8.random(in: 0...255, using: &noise) })
        let paths = [folder.path + "/random.sqlite", folder.path + "/headed.sqlite"]
        try random.write(to: URL(fileURLWithPath: paths[0]))
        try headed.write(to: URL(fileURLWithPath: paths[1]))
        return paths
    }

    @Test func ingestRefusesACorruptDatabase() throws {
        let folder = TemporaryFolder()
        for db in try corruptStores(in: folder) {
            let before = try Data(contentsOf: URL(fileURLWithPath: db))
            let result = try Newsd.run(["ingest", "--db", db, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("cannot open database \(db)"), "\(result.stderr)")
            #expect(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
            // newsd does not "repair" what it cannot read: the bytes stay for the user to recover.
            #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        }
    }

    @Test func daemonRefusesACorruptDatabaseAndLeavesTheInbox() async throws {
        let folder = TemporaryFolder()
        let data = folder.path + "/data"
        let inbox = folder.path + "/inbox"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let stores = try corruptStores(in: folder)
        try FileManager.default.moveItem(atPath: stores[0], toPath: data + "/newsd.sqlite")
        let seeds = try seedArticles()
        for seed in seeds { try seed.bytes.write(to: URL(fileURLWithPath: inbox + "/" + seed.name)) }

        let process = try Newsd.start(["run", "--data-dir", data, "--inbox", inbox],
                                      stdout: folder.path + "/out", stderr: folder.path + "/err")
        let exited = try await waitForExit(process, seconds: 20)
        #expect(exited, "newsd run kept going on a corrupt database")
        if !exited { process.terminate() }
        #expect(process.terminationStatus != 0)
        let stderr = (try? String(contentsOfFile: folder.path + "/err", encoding: .utf8)) ?? ""
        #expect(stderr.contains("cannot open database"), "\(stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: inbox).sorted()
        #expect(left == seeds.map(\.name).sorted())
        let archived = (try? FileManager.default.contentsOfDirectory(atPath: data + "/archive")) ?? []
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: data + "/failed")) ?? []
        #expect(archived.isEmpty && failed.isEmpty)
    }
}

/// A file newsd may not read stays in the inbox and is tried again, less and less often, while the rest
/// go on; once the user fixes its permissions it is stored like any other. As root every file is
/// readable, so there the daemon runs as `nobody` (with `setpriv`).
@Suite("Unreadable file end to end", .serialized)
struct UnreadableFileTests {
    @Test(.enabled(if: canRunAsNobody, "needs /usr/bin/setpriv to drop root's right to read every file"))
    func unreadableFileWaitsInTheInboxUntilItCanBeRead() async throws {
        let folder = TemporaryFolder()
        let (data, inbox) = try makeDataAndInbox(in: folder.path)
        let seeds = try seedArticles()
        let locked = try #require(seeds.first)
        for seed in seeds { try seed.bytes.write(to: URL(fileURLWithPath: inbox + "/" + seed.name)) }
        let lockedPath = inbox + "/" + locked.name
        #expect(chmod(lockedPath, 0) == 0)

        // As root, nobody owns the folders (so it can move files and write the store) but not the locked file.
        let readable = seeds.dropFirst().map { inbox + "/" + $0.name }
        let (process, log) = try startDaemonAsNobody(in: folder.path, data: data, inbox: inbox,
                                                     owned: [folder.path, data, inbox] + readable)
        defer { if process.isRunning { process.terminate() } }

        let db = data + "/newsd.sqlite"
        try await waitUntil(30, "the readable files to be stored") {
            (try? Newsd.export(["--db", db]).count) == seeds.count - 1
        }
        try await waitUntil(10, "the warning about the unreadable file") {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cannot read \(locked.name): permission denied")
        }
        #expect(FileManager.default.fileExists(atPath: lockedPath), "the unreadable file left the inbox")
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: data + "/failed")) ?? []
        #expect(failed.isEmpty)

        // The user fixes it: the next try (5 s after the first) stores it.
        #expect(chmod(lockedPath, 0o644) == 0)
        try await waitUntil(30, "the fixed file to be stored") {
            (try? Newsd.export(["--db", db]).count) == seeds.count
        }
        #expect(!FileManager.default.fileExists(atPath: lockedPath))
        process.terminate()
        #expect(try await waitForExit(process, seconds: 10))
    }
}

/// A data folder newsd may not write to stops `newsd run` at start with one line naming the folder and
/// why, and the inbox keeps its files. As root every folder is writable, so there the daemon runs as
/// `nobody` (with `setpriv`).
@Suite("Read-only data folder end to end")
struct ReadOnlyDataFolderTests {
    @Test(.enabled(if: canRunAsNobody, "needs /usr/bin/setpriv to drop root's right to write every folder"))
    func daemonRefusesAFolderItCannotWriteAndMovesNothing() async throws {
        let folder = TemporaryFolder()
        let (data, inbox) = try makeDataAndInbox(in: folder.path)
        let file = inbox + "/storm.txt"
        try Data("Storm hits coast\n\nThe storm arrived at dawn, officials said.".utf8).write(to: URL(fileURLWithPath: file))
        #expect(chmod(data, 0o555) == 0)
        defer { _ = chmod(data, 0o755) }

        // As root, nobody may read and write the inbox but not the data folder.
        let (process, log) = try startDaemonAsNobody(in: folder.path, data: data, inbox: inbox, owned: [folder.path, inbox, file])
        defer { if process.isRunning { process.terminate() } }

        #expect(try await waitForExit(process, seconds: 10), "newsd run kept going without a data folder")
        #expect(process.terminationStatus != 0)
        let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(message.contains("cannot create \(data)/archive: permission denied"), "\(message)")
        #expect(!message.contains("NSCocoaErrorDomain"))
        #expect(FileManager.default.fileExists(atPath: file), "the inbox lost its file")
        #expect(!FileManager.default.fileExists(atPath: data + "/newsd.sqlite"))
    }
}

/// Whether a test can see permissions apply to the daemon: not root, or root able to become `nobody`.
private let canRunAsNobody = geteuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

/// `data` and `inbox` folders inside `folder`.
private func makeDataAndInbox(in folder: String) throws -> (data: String, inbox: String) {
    let (data, inbox) = (folder + "/data", folder + "/inbox")
    for path in [data, inbox] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    return (data, inbox)
}

/// Starts `newsd run` on `data` and `inbox`; when the tests run as root, as `nobody` (with `setpriv`),
/// after giving it `owned`, so that file permissions apply to it. Its standard error goes to the
/// returned log file.
private func startDaemonAsNobody(in folder: String, data: String, inbox: String,
                                 owned: [String]) throws -> (Process, log: String) {
    let process = Process()
    var arguments = ["run", "--data-dir", data, "--inbox", inbox, "--settle-seconds", "0.5"]
    if geteuid() == 0 {
        for path in owned { #expect(chown(path, 65_534, 65_534) == 0) }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Newsd.path] + arguments
    } else {
        process.executableURL = URL(fileURLWithPath: Newsd.path)
    }
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let log = folder + "/err"
    for path in [folder + "/out", log] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
    process.standardOutput = FileHandle(forWritingAtPath: folder + "/out")
    process.standardError = FileHandle(forWritingAtPath: log)
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "NOTIFY_SOCKET")
    environment.removeValue(forKey: "WATCHDOG_USEC")
    process.environment = environment
    try process.run()
    return (process, log)
}
