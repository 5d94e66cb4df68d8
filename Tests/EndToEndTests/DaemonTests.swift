import Foundation
import Testing

/// `newsd run` as a user runs it: the real binary, a real inbox, inotify, SQLite, signals.
@Suite("Daemon end to end", .serialized)
struct DaemonTests {
    /// A running `newsd run` on a temporary inbox and data folder.
    final class Daemon {
        let folder: TemporaryFolder
        let inbox: String
        let data: String
        var process: Process?
        let notify: NotifySocket

        init(folder: TemporaryFolder) throws {
            self.folder = folder
            inbox = folder.path + "/inbox"
            data = folder.path + "/data"
            notify = try NotifySocket(in: folder.path)
        }

        var log: String { (try? String(contentsOfFile: folder.path + "/daemon.err", encoding: .utf8)) ?? "" }

        /// Starts the daemon and waits for READY=1 on the notify socket.
        func start(_ extra: [String] = [], environment: [String: String] = [:]) throws {
            process = try Newsd.start(
                ["run", "--inbox", inbox, "--data-dir", data, "--settle-seconds", "2", "--rescan-seconds", "30"] + extra,
                environment: environment.merging(["NOTIFY_SOCKET": notify.path]) { _, ours in ours },
                stdout: folder.path + "/daemon.out", stderr: folder.path + "/daemon.err")
            let messages = notify.receive(until: "READY=1", seconds: 20)
            guard messages.contains(where: { $0.contains("READY=1") }) else {
                throw TestFailure("no READY=1 within 20 s; log:\n\(log)")
            }
        }

        /// Sends `signal` and returns the exit status, failing if the daemon does not exit within `seconds`.
        func stop(_ signal: Int32 = SIGTERM, within seconds: Double = 10) async throws -> Int32 {
            guard let process else { throw TestFailure("not running") }
            kill(process.processIdentifier, signal)
            guard try await waitForExit(process, seconds: seconds) else {
                process.terminate()
                throw TestFailure("newsd did not exit within \(seconds) s of signal \(signal); log:\n\(log.suffix(3000))")
            }
            self.process = nil
            return process.terminationStatus
        }

        func articles() throws -> [[String: Any]] {
            try Newsd.export(["--data-dir", data])
        }

        deinit {
            if let process, process.isRunning { process.terminate(); process.waitUntilExit() }
        }
    }

    @Test func inboxToArchiveFailedAndDigest() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        try daemon.start()
        let seeds = try seedArticles()

        // Copies written in place, as `cp` does: taken after the settle time.
        for seed in seeds {
            try seed.bytes.write(to: URL(fileURLWithPath: daemon.inbox + "/" + seed.name))
        }
        try "draft, not finished".write(toFile: daemon.inbox + "/.draft.txt", atomically: false, encoding: .utf8)
        var noise = [UInt8](repeating: 0, count: 4096)
        for i in noise.indices { noise[i] = UInt8.random(in: 0...255) }
        try Data(noise).write(to: URL(fileURLWithPath: daemon.inbox + "/noise.bin"))
        try await waitUntil(20, "the seeds to be stored") { try daemon.articles().count == seeds.count }

        // A byte-identical re-drop, published by rename.
        let copy = try #require(seeds.first { $0.name.hasPrefix("003") })
        try copy.bytes.write(to: URL(fileURLWithPath: daemon.inbox + "/.copy.tmp"))
        #expect(rename(daemon.inbox + "/.copy.tmp", daemon.inbox + "/again-003.txt") == 0)

        // A slow writer, in place (not by rename): half the file, a pause of 1.5 s (under the 2 s settle
        // time), then the rest. Raw open/write, since Foundation's file writes publish by rename.
        // The writer runs on its own thread: the test pool may be busy with other suites' CPU-heavy
        // tests, and a late second half would be a different case (a file that did settle).
        let slowPath = daemon.inbox + "/slow.txt"
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            Thread.detachNewThread {
                do {
                    try Self.appendInPlace(slowPath, "Slow writer headline\n\nThe first half arrived.")
                    Thread.sleep(forTimeInterval: 1.5)
                    try Self.appendInPlace(slowPath, " The second half arrived later.")
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
        }

        try await waitUntil(20, "the copy and the slow file") { try daemon.articles().count == seeds.count + 2 }
        let articles = try daemon.articles()
        let byOrigin = Dictionary(articles.map { ($0["origin"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })

        let original = try #require(byOrigin[copy.name])
        let again = try #require(byOrigin["again-003.txt"])
        #expect(again["duplicate_of"] as? Int == original["id"] as? Int)
        #expect(original["duplicate_of"] is NSNull)
        #expect(again["text"] as? String == original["text"] as? String)

        let slow = try #require(byOrigin["slow.txt"])
        #expect(slow["text"] as? String == "The first half arrived. The second half arrived later.")
        #expect(slow["title"] as? String == "Slow writer headline")

        for key in ["id", "origin", "title", "text", "source", "url", "published", "ingested_at", "story", "duplicate_of"] {
            #expect(articles.allSatisfy { $0.keys.contains(key) }, "export lacks \(key)")
        }

        // Random bytes are put aside with a one-line reason; the dotfile is left alone.
        try await waitUntil(10, "noise.bin to be put aside") { FileManager.default.fileExists(atPath: daemon.data + "/failed/noise.bin.error") }
        let reason = try String(contentsOfFile: daemon.data + "/failed/noise.bin.error", encoding: .utf8)
        #expect(reason.contains("binary"))
        #expect(reason.filter { $0 == "\n" }.count == 1)
        #expect(FileManager.default.fileExists(atPath: daemon.data + "/failed/noise.bin"))
        #expect(FileManager.default.fileExists(atPath: daemon.inbox + "/.draft.txt"))

        // Everything else left the inbox for the archive.
        let remaining = try FileManager.default.contentsOfDirectory(atPath: daemon.inbox).filter { $0 != ".newsd-work" }
        #expect(remaining == [".draft.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: daemon.inbox + "/.newsd-work").isEmpty)
        let archived = try FileManager.default.subpathsOfDirectory(atPath: daemon.data + "/archive").filter { $0.hasSuffix(".txt") }
        #expect(archived.count == seeds.count + 2)

        // Logs carry syslog priorities for journald.
        #expect(daemon.log.contains("<6>stored slow.txt"))

        // SIGTERM: a clean exit, with STOPPING=1 on the way out.
        #expect(try await daemon.stop() == 0)
        #expect(daemon.notify.receive(until: "STOPPING=1", seconds: 2).contains { $0.contains("STOPPING=1") })

        // A file dropped while the daemon is down is taken at the next start.
        try "Dropped while stopped\n\nIt waited in the inbox.".write(toFile: daemon.inbox + "/late.txt", atomically: true, encoding: .utf8)
        try daemon.start()
        try await waitUntil(15, "late.txt") { try daemon.articles().contains { $0["origin"] as? String == "late.txt" } }
        #expect(try await daemon.stop(SIGINT) == 0)

        // The digest of today names every seed's headline.
        let digest = try Newsd.run(["digest", "--data-dir", daemon.data, "--date", "today"])
        #expect(digest.status == 0, "\(digest.stderr)")
        let path = try #require(digest.stdout.split(separator: "\n").map(String.init).first { $0.hasSuffix(".md") })
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        for seed in seeds {
            let title = try #require(byOrigin[seed.name]?["title"] as? String)
            #expect(markdown.contains(title), "the digest lacks \(title)")
        }
        #expect(markdown.contains("noise.bin"))
    }

    /// Opens (creating) `path`, appends `text`, closes: what a scanner or sync tool writing in place does.
    private static func appendInPlace(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw TestFailure("open \(path): \(errno)") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw TestFailure("short write") }
    }

    /// systemd restarts a service whose watchdog pings stop. newsd pings only from its work loop, so a
    /// loop stuck on the store (here: another process holding SQLite's write lock while a file arrives)
    /// stops the pings while the status lines go on, and they come back once the store lets go.
    @Test func watchdogPingsStopWhileTheStoreIsStuck() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        // WatchdogSec=2: a ping every second while all is well.
        try daemon.start(environment: ["WATCHDOG_USEC": "2000000"])
        let healthy = daemon.notify.receive(until: "WATCHDOG=1", seconds: 5)
        try #require(healthy.contains { $0.contains("WATCHDOG=1") }, "no watchdog ping from a healthy daemon: \(healthy)")

        // Another process takes the write lock and holds it until the test has watched its window (a
        // fixed 9 s from the lock could end inside the window when the daemon took the file late on a
        // loaded machine). The window ends about 5.5 s after the claim, well under the store's 10 s
        // busy timeout, which starts only when the daemon tries to claim the file.
        let release = daemon.folder.path + "/release"
        let lock = Process()
        lock.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        lock.arguments = ["python3", "-c", """
            import os, sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            c.execute("BEGIN EXCLUSIVE")
            open(sys.argv[2], "w").close()
            deadline = time.time() + 30
            while not os.path.exists(sys.argv[3]) and time.time() < deadline:
                time.sleep(0.05)
            c.execute("COMMIT")
            """, daemon.data + "/newsd.sqlite", daemon.folder.path + "/locked", release]
        try lock.run()
        defer { if lock.isRunning { lock.terminate() } }
        try await waitUntil(10, "the lock to be taken") { FileManager.default.fileExists(atPath: daemon.folder.path + "/locked") }
        try "Stuck headline\n\nArrives while the store is locked.".write(toFile: daemon.folder.path + "/stuck.tmp", atomically: false, encoding: .utf8)
        #expect(rename(daemon.folder.path + "/stuck.tmp", daemon.inbox + "/stuck.txt") == 0)
        // The status line says when the loop has held the file's batch for a second; timed from there,
        // not from the drop, as a loaded machine (CI runs many tests at once) may take the file late.
        let taking = daemon.notify.receive(until: "in hand", seconds: 8)
        try #require(taking.contains { $0.contains("a batch of 1 file in hand for") }, "no status line with the batch in hand: \(taking)")
        // A ping already past the work loop may still arrive; then none while the loop waits for the lock.
        _ = daemon.notify.receive(until: "never", seconds: 0.5)
        let stuck = daemon.notify.receive(until: "WATCHDOG=1", seconds: 3)
        #expect(!stuck.contains { $0.contains("WATCHDOG=1") }, "a watchdog ping while the work loop waited for the store")
        #expect(stuck.contains { $0.contains("STATUS=") }, "the status lines should go on: \(stuck)")
        #expect(lock.isRunning, "the lock was gone before the end of the window, so the window proved nothing")
        #expect(FileManager.default.createFile(atPath: release, contents: nil), "could not release the lock")

        // The lock goes; the file is stored and the pings come back.
        let recovered = daemon.notify.receive(until: "WATCHDOG=1", seconds: 10)
        #expect(recovered.contains { $0.contains("WATCHDOG=1") }, "no watchdog ping after the store let go: \(recovered)")
        try await waitUntil(15, "the file to be stored") { try daemon.articles().count == 1 }
        #expect(try await daemon.stop() == 0)
    }

    @Test func pollModeAndDefaultFolders() async throws {
        let folder = TemporaryFolder()
        // No arguments but the mode: ./inbox and ./newsd-data are created in the working directory.
        let process = try Newsd.start(["run", "--watch-mode", "poll", "--poll-seconds", "0.3", "--settle-seconds", "0.5"],
                                      in: folder.path, stdout: folder.path + "/out", stderr: folder.path + "/err")
        try await waitUntil(20, "./inbox to be created") { FileManager.default.fileExists(atPath: folder.path + "/inbox") }
        try "Polled headline\n\nFound by a scan, not an event.".write(toFile: folder.path + "/inbox/polled.txt", atomically: true, encoding: .utf8)
        try await waitUntil(15, "the polled file to be stored") {
            try Newsd.export(["--data-dir", folder.path + "/newsd-data"]).count == 1
        }
        kill(process.processIdentifier, SIGTERM)
        #expect(try await waitForExit(process, seconds: 10))
        #expect(process.terminationStatus == 0)
    }

    /// Runs one SQL statement on the database at `path` from another process (Python's sqlite3), as a
    /// user's tool or an older newsd would have left it.
    private func execute(_ sql: String, in path: String) throws {
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", path, sql]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0)
    }

    /// After an upgrade of the analysers the daemon says at start-up how many stored articles an older
    /// newsd analysed, and finds their entities, quotes and figures again while its inbox is idle, as an
    /// ingest by this newsd would; on an up-to-date store it says nothing of it.
    @Test func olderFindingsAreFoundAgainWhileIdle() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        let db = daemon.data + "/newsd.sqlite"
        try FileManager.default.createDirectory(atPath: daemon.data, withIntermediateDirectories: true)
        #expect(try Newsd.run(["ingest", "--db", db, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"]).status == 0)
        let findings = { () throws -> [[String]] in try Newsd.findings(["--db", db]) }
        let fresh = try findings()
        #expect(fresh.count == 5)
        try daemon.start()
        #expect(try await daemon.stop() == 0)
        #expect(!daemon.log.contains("analysed by an older newsd"), "\(daemon.log)")

        // What an older newsd left for three of them: other findings, and no version.
        try execute("UPDATE article SET entities = NULL, quotes = NULL, figures = NULL, analyzer = NULL WHERE id <= 3", in: db)
        #expect(try findings() != fresh)
        // Today's digest, written from those findings: fewer quotes than the articles hold.
        let digest = try Newsd.run(["digest", "--db", db, "--timezone", "UTC"])
        #expect(digest.status == 0, "\(digest.stderr)")
        let markdown = try #require(digest.stdout.split(separator: "\n").first { $0.hasSuffix(".md") }).description
        let quotes = { () throws -> Int in try String(contentsOfFile: markdown, encoding: .utf8).components(separatedBy: "> “").count - 1 }
        let quotesBefore = try quotes()
        try daemon.start(["--timezone", "UTC"])
        try await waitUntil(10, "the start-up notice") { daemon.log.contains("3 stored articles were analysed by an older newsd") }
        try await waitUntil(20, "the catch-up") { daemon.log.contains("entities, quotes and figures of 3 articles are up to date") }
        #expect(try findings() == fresh)
        // Then the digest is written again with what the articles hold now.
        try await waitUntil(10, "the digest written again") { daemon.log.contains("again: its entities, quotes and figures were found again") }
        #expect(try quotes() > quotesBefore, "\((try? String(contentsOfFile: markdown, encoding: .utf8)) ?? "")")
        #expect(try await daemon.stop() == 0)
        #expect(try !Newsd.run(["status", "--db", db, "--inbox", daemon.inbox]).stdout.contains("analysis"))

        // Up to date, the next start says nothing of it.
        try daemon.start()
        #expect(try await daemon.stop() == 0)
        #expect(!daemon.log.contains("analysed by an older newsd"), "\(daemon.log)")
    }

    @Test func missedDigestsAreWrittenAtStart() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        // Articles from three days ago, as if the daemon had been down since.
        let db = daemon.data + "/newsd.sqlite"
        try FileManager.default.createDirectory(atPath: daemon.data, withIntermediateDirectories: true)
        let ingest = try Newsd.run(["ingest", "--db", db, repositoryRoot + "/Tests/EndToEndTests/Fixtures/seeds"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        try execute("UPDATE article SET ingested_at = datetime('now', '-3 days')", in: db)

        try daemon.start(["--timezone", "UTC", "--digest-time", "00:00"])
        try await waitUntil(10, "catch-up digests") {
            ((try? FileManager.default.contentsOfDirectory(atPath: daemon.data + "/digests")) ?? []).filter { $0.hasSuffix(".md") }.count >= 3
        }
        let written = try FileManager.default.contentsOfDirectory(atPath: daemon.data + "/digests").filter { $0.hasSuffix(".md") }.sorted()
        // Three days ago, two days ago, yesterday; today is not over.
        #expect(written.count == 3)
        let oldest = try String(contentsOfFile: daemon.data + "/digests/" + (written.first ?? ""), encoding: .utf8)
        #expect(oldest.contains("5 articles"))
        #expect(try await daemon.stop() == 0)
    }
}
