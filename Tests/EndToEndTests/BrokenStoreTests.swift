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
        let said = { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        // Root reads the store only once the daemon has opened it: a root `export` that came between
        // the file's creation and its switch to WAL would make the log files root's, and the daemon,
        // as nobody, could not write to them.
        do {
            try await waitUntil(30, "the daemon to start watching") { said().contains("watching ") }
            try await waitUntil(30, "the readable files to be stored") {
                (try? Newsd.export(["--db", db]).count) == seeds.count - 1
            }
        } catch {
            throw TestFailure("\(error); the daemon said: \(said())")
        }
        try await waitUntil(10, "the warning about the unreadable file") {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("cannot read \(locked.name): permission denied")
        }
        #expect(FileManager.default.fileExists(atPath: lockedPath), "the unreadable file left the inbox")
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: data + "/failed")) ?? []
        #expect(failed.isEmpty)

        // The user fixes it: the next try stores it. That is 5 s after the first, 10 after the second, and
        // so on: on a loaded machine the readable files can take long enough to be stored that the file
        // was tried several times already, so the wait is the daemon's last announced delay and then some.
        #expect(chmod(lockedPath, 0o644) == 0)
        let announced = said().components(separatedBy: "trying again in ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        try await waitUntil(Double(announced.last ?? 5) + 30, "the fixed file to be stored") {
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

/// A full disk stops newsd storing, not running: SQLite's "database or disk is full" keeps every file
/// where it is (in the inbox, or claimed in its work folder), nothing is moved to failed/, and once space
/// comes back each file is stored once. The inbox and the data folder share a 4 MB tmpfs, filled up
/// with ballast while articles arrive.
@Suite("Full disk end to end", .serialized)
struct FullDiskTests {
    @Test(.enabled(if: canMountTmpfs, "needs to mount a small tmpfs (as root) to fill a disk"))
    func fullDiskPausesStoringAndLosesNothing() async throws {
        let folder = TemporaryFolder()
        let disk = folder.path + "/disk"
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        try #require(runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk]) == 0)
        // Unmounted before the folder is removed (the folder is kept alive until then).
        defer { withExtendedLifetime(folder) { _ = runTool("/bin/umount", ["-l", disk]) } }
        let (data, inbox) = try makeDataAndInbox(in: disk)
        // The log stays off the full disk, so every line of it can be read.
        let log = folder.path + "/err"
        let process = try Newsd.start(["run", "--data-dir", data, "--inbox", inbox, "--settle-seconds", "0.5"],
                                      stdout: folder.path + "/out", stderr: log)
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        try await waitUntil(20, "the daemon to watch its inbox") { contents(log).contains("watching \(inbox)") }

        // Ballast leaves 600 KB; articles of 3.5 KB arrive by rename, one every 20 ms, until the store's
        // growth has filled the disk (or 200 have come).
        let free = try #require(try FileManager.default.attributesOfFileSystem(forPath: disk)[.systemFreeSize] as? Int)
        let ballast = disk + "/ballast"
        try #require(FileManager.default.createFile(atPath: ballast, contents: Data(count: max(0, free - 600_000))))
        var dropped: [String] = []
        func drop(_ n: Int) -> Bool {
            let name = "report-\(n).txt"
            let part = inbox + "/.\(name).part"
            guard FileManager.default.createFile(atPath: part, contents: Data(fullDiskArticle(n).utf8)) else {
                unlink(part)
                return false
            }
            #expect(rename(part, inbox + "/" + name) == 0)
            dropped.append(name)
            return true
        }
        for n in 1...200 {
            guard !contents(log).contains("disk is full"), drop(n) else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await waitUntil(30, "the daemon to report the full disk") { contents(log).contains("database or disk is full") }
        #expect(process.isRunning, "newsd stopped on a full disk:\n\(contents(log))")
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: data + "/failed")) ?? []
        #expect(failed.isEmpty, "files given up on while the disk was full: \(failed)")
        #expect(articleFiles(under: inbox) + articleFiles(under: data + "/archive") == dropped.count,
                "every dropped file is still in the inbox, claimed, or archived")

        // Space comes back: the next retry stores the rest, each once, and what arrives next too.
        try FileManager.default.removeItem(atPath: ballast)
        #expect(drop(1_000))
        try await waitUntil(90, "every dropped file to be stored") {
            (try? Newsd.export(["--data-dir", data]).count) == dropped.count
        }
        let origins = try Newsd.export(["--data-dir", data]).compactMap { $0["origin"] as? String }
        #expect(origins.sorted() == dropped.sorted())
        #expect(articleFiles(under: data + "/archive") == dropped.count)
        #expect(articleFiles(under: inbox) == 0)
        kill(process.processIdentifier, SIGTERM)
        #expect(try await waitForExit(process, seconds: 10))
        #expect(process.terminationStatus == 0)
        let status = try Newsd.run(["status", "--data-dir", data])
        #expect(status.stdout.contains("\(dropped.count) stored, 0 duplicates, 0 failed"), "\(status.stdout)\(status.stderr)")
    }
}

/// Whether this process may mount a tmpfs (root, with the capability to mount): tried once on a
/// throwaway folder.
private let canMountTmpfs: Bool = {
    guard geteuid() == 0 else { return false }
    let folder = TemporaryFolder("newsd-mount-probe")
    guard runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path]) == 0 else { return false }
    return runTool("/bin/umount", [folder.path]) == 0
}()

/// Runs a tool to completion, its output discarded; its exit status, or -1 when it could not start.
private func runTool(_ path: String, _ arguments: [String]) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return -1 }
    process.waitUntilExit()
    return process.terminationStatus
}

private func contents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}

/// Article files under `folder`, in any subfolder (claimed files wait in the inbox's work folder).
private func articleFiles(under folder: String) -> Int {
    let names = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
    return names.filter { path in
        let name = (path as NSString).lastPathComponent
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
        return !isFolder.boolValue && !name.hasSuffix(".part") && !name.hasSuffix(".reason")
    }.count
}

/// About 3 KB of text that no other article repeats, so each is stored as an article of its own.
private func fullDiskArticle(_ n: Int) -> String {
    let words = ["harbour", "council", "ferry", "budget", "storm", "museum", "railway", "school", "bridge", "market",
                 "festival", "hospital", "library", "airport", "stadium", "factory", "river", "garden", "tower", "canal"]
    var body: [String] = []
    for sentence in 0..<40 {
        let a = words[(n * 7 + sentence) % words.count], b = words[(n * 13 + sentence * 3) % words.count]
        body.append("Officials said the \(a) near the \(b) would reopen after \(n * 11 + sentence) days of work on item \(n)-\(sentence).")
    }
    return "Report \(n) on the \(words[n % words.count])\n\n" + body.joined(separator: " ")
}
