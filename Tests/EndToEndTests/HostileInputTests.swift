import Foundation
import Testing

/// Broken and hostile input dropped into a running daemon: each file ends stored, skipped with a log
/// line, or quarantined with a reason; the daemon stays up, reads nothing outside the inbox and keeps
/// its memory bounded.
@Suite("Hostile input end to end", .serialized)
struct HostileInputTests {
    typealias Daemon = DaemonTests.Daemon

    private func write(_ bytes: [UInt8], _ path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes beside the inbox and renames in, as a careful writer does.
    private func drop(_ bytes: [UInt8], as name: String, into daemon: Daemon) throws {
        let staging = daemon.folder.path + "/staging-" + UUID().uuidString
        try write(bytes, staging)
        guard rename(staging, daemon.inbox + "/" + name) == 0 else { throw TestFailure("rename \(name): \(errno)") }
    }

    private func text(_ headline: String, _ body: String) -> [UInt8] { Array("\(headline)\n\n\(body)\n".utf8) }

    /// Peak resident memory of a process, from /proc.
    private func peakMemoryMiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return nil }
        return kib / 1024
    }

    @Test func everyHostileFileEndsStoredSkippedOrQuarantined() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        try daemon.start(["--settle-seconds", "0.3", "--rescan-seconds", "2"])
        let body = "The council met on Tuesday to discuss the harbour plan. It approved the budget after a long debate."
        var stored: [String] = []        // origins that must end up in the store
        var quarantined: [String] = []   // names that must end up in failed/ with a reason

        try drop([], as: "empty.txt", into: daemon)
        quarantined.append("empty.txt")
        var random = [UInt8](repeating: 0, count: 65_536)
        for i in random.indices { random[i] = UInt8.random(in: 0...255) }
        try drop(random, as: "random.bin", into: daemon)
        quarantined.append("random.bin")
        try drop([UInt8](repeating: 0x61, count: 50 * 1024 * 1024), as: "fifty-megabytes.txt", into: daemon)
        quarantined.append("fifty-megabytes.txt")

        // Invalid UTF-8 and mixed encodings: read, with what cannot be decoded replaced.
        try drop(Array("Invalid bytes \u{00E9}\n\nCaf".utf8) + [0xE9, 0xFF, 0xFE] + Array(" and more text about the harbour plan today.\n".utf8),
                 as: "invalid-utf8.txt", into: daemon)
        try drop(Array("Mixed encodings report\n\nThe mayor said caf\u{00E9} owners".utf8) + [0x20, 0x63, 0x61, 0x66, 0xE9] + Array(" agreed with the plan.\n".utf8),
                 as: "mixed-encodings.txt", into: daemon)
        stored += ["invalid-utf8.txt", "mixed-encodings.txt"]

        // Names a careless tool makes.
        for name in ["with spaces.txt", "line\nbreak.txt", "a..b..c.txt", String(repeating: "\u{00E9}", count: 125) + ".txt"] {
            try drop(text("A headline for \(name.count) characters", body), as: name, into: daemon)
            stored.append(name)
        }

        // A link to a file outside the inbox, and a FIFO: never read or followed; put aside as they are.
        #expect(symlink("/etc/passwd", daemon.inbox + "/passwd.txt") == 0)
        #expect(mkfifo(daemon.inbox + "/pipe.txt", 0o644) == 0)
        quarantined += ["passwd.txt", "pipe.txt"]

        // A folder dropped whole: its files are taken.
        let folder = daemon.folder.path + "/outlet"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try write(text("Folder article one", body), folder + "/one.txt")
        try write(text("Folder article two", body + " A second paragraph follows."), folder + "/two.txt")
        #expect(rename(folder, daemon.inbox + "/outlet") == 0)
        stored += ["outlet/one.txt", "outlet/two.txt"]

        // Parsers' worst cases.
        try drop(Array(("<html><body>" + String(repeating: "<div>", count: 200_000) + "deep text").utf8), as: "deep.html", into: daemon)
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
            <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
            <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
            <rss version="2.0"><channel><title>Laughs</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
            """
        try drop(Array(laughs.utf8), as: "laughs.xml", into: daemon)
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>XXE</title><item><title>Entity test</title>
            <description>Before &secret; after. The harbour plan was approved by the council.</description></item></channel></rss>
            """
        try drop(Array(xxe.utf8), as: "xxe.xml", into: daemon)
        let truncated = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Cut</title>
            <item><title>Complete item</title><description>\(body)</description></item>
            <item><title>Cut off
            """
        try drop(Array(truncated.utf8), as: "truncated.xml", into: daemon)
        stored.append("truncated.xml")
        try drop(Array("{\"title\": \"Broken\", \"body\": \"no end".utf8), as: "broken.json", into: daemon)
        quarantined.append("broken.json")

        // A file deleted right after it arrived: whatever happens, nothing crashes.
        try drop(text("Here and gone", body), as: "gone.txt", into: daemon)
        unlink(daemon.inbox + "/gone.txt")

        // 10,000 files at once.
        let burst = daemon.folder.path + "/burst"
        try FileManager.default.createDirectory(atPath: burst, withIntermediateDirectories: true)
        for i in 0..<10_000 {
            try write(text("Burst article \(i) about item \(i * 7919 % 10_007)", "Number \(i) reports \(i * 31) things in town \(i % 97)."),
                      burst + "/b\(i).txt")
        }
        for i in 0..<10_000 { rename(burst + "/b\(i).txt", daemon.inbox + "/b\(i).txt") }

        // Everything settles: the inbox keeps only its work folder and the emptied outlet folder, and
        // the work folder is empty too. (A claimed file waits there until its rows are committed: with
        // only the inbox drained, the last batch could still be recording, and 201 of the burst were
        // missing from one run's export.)
        try await waitUntil(300, "the inbox to drain") {
            let left = (try? FileManager.default.contentsOfDirectory(atPath: daemon.inbox)) ?? []
            return Set(left).isSubset(of: [".newsd-work", "outlet"])
                && ((try? FileManager.default.contentsOfDirectory(atPath: daemon.inbox + "/outlet")) ?? []).isEmpty
                && ((try? FileManager.default.contentsOfDirectory(atPath: daemon.inbox + "/.newsd-work")) ?? []).isEmpty
        }
        let process = try #require(daemon.process)
        #expect(process.isRunning, "the daemon died; log:\n\(daemon.log.suffix(2000))")
        let peak = peakMemoryMiB(process.processIdentifier)
        #expect((peak ?? 0) < 600, "peak memory \(peak ?? -1) MiB")

        let articles = try daemon.articles()
        let origins = Set(articles.compactMap { $0["origin"] as? String })
        for origin in stored { #expect(origins.contains(origin), "\(origin) was not stored") }
        #expect(origins.filter { $0.hasPrefix("b") && $0.hasSuffix(".txt") && !$0.contains("/") }.count == 10_000)
        for name in quarantined {
            let reason = try? String(contentsOfFile: daemon.data + "/failed/" + name + ".error", encoding: .utf8)
            #expect(reason?.isEmpty == false, "\(name) has no reason in failed/")
        }
        // Nothing from outside the inbox got in, and no entity was expanded.
        let everything = articles.map { "\($0["title"] ?? "") \($0["text"] ?? "")" }.joined(separator: "\n")
        #expect(!everything.contains("root:"))
        #expect(!everything.contains("lollollollol"))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: daemon.data + "/failed/passwd.txt")
        #expect(link == "/etc/passwd")                                   // the link was moved, not its target
        #expect(daemon.log.contains("failed passwd.txt") && daemon.log.contains("failed pipe.txt"))

        // After the burst the daemon refines up to half its story window (5,000 articles) before it
        // exits: under a second in a release build, 7 to 9 s in the debug build tests run here, and CI
        // once took longer than 10 s. 30 s is what the shipped unit allows (TimeoutStopSec).
        #expect(try await daemon.stop(within: 30) == 0)
    }

    @Test func inboxDeletedAndRecreatedIsWatchedAgain() async throws {
        let daemon = try Daemon(folder: TemporaryFolder())
        try daemon.start(["--settle-seconds", "0.3", "--rescan-seconds", "1"])
        try drop(text("Before the inbox went", "The first file arrived while the inbox was there."), as: "before.txt", into: daemon)
        try await waitUntil(20, "before.txt") { try daemon.articles().count == 1 }
        try FileManager.default.removeItem(atPath: daemon.inbox)
        try await waitUntil(20, "the missing inbox to be noticed") { daemon.log.contains("is missing") }
        try FileManager.default.createDirectory(atPath: daemon.inbox, withIntermediateDirectories: true)
        try drop(text("After the inbox came back", "The second file arrived in the new inbox."), as: "after.txt", into: daemon)
        try await waitUntil(20, "after.txt") { try daemon.articles().contains { $0["origin"] as? String == "after.txt" } }
        #expect(daemon.log.contains("is back"))
        #expect(try await daemon.stop() == 0)
    }
}
