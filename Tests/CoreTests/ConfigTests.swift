import Foundation
import Testing
@testable import Core

@Suite("Configuration")
struct ConfigTests {
    @Test func defaults() throws {
        let config = try NewsdConfig.load()
        #expect(config.inbox.hasSuffix("/inbox"))
        #expect(config.dataDir.hasSuffix("/newsd-data"))
        #expect(config.digestTime == ClockTime(hour: 7, minute: 0))
        #expect(config.settleSeconds == 3)
        #expect(config.rescanSeconds == 60)
        #expect(config.maxFileBytes == 10 * 1024 * 1024)
        #expect(config.watchMode == .inotify)
    }

    @Test func fileThenFlags() throws {
        let folder = TemporaryFolder()
        try folder.write("""
            inbox = "drop"
            data_dir = "/srv/newsd"
            settle_seconds = 5
            digest_time = 06:30:00
            timezone = "Europe/Berlin"
            """, to: "newsd.toml")
        let config = try NewsdConfig.load(file: folder.path + "/newsd.toml", overrides: [("settle_seconds", "1.5")])
        // A relative path is relative to the working directory, in the file as on the command line.
        #expect(config.inbox == URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/drop").standardizedFileURL.path)
        #expect(config.dataDir == "/srv/newsd")
        #expect(config.settleSeconds == 1.5)
        #expect(config.digestTime == ClockTime(hour: 6, minute: 30))
        #expect(config.timeZone.identifier == "Europe/Berlin")
    }

    @Test func workersAlsoBoundRefinementThreads() throws {
        let folder = TemporaryFolder()
        try folder.write("workers = 3\n", to: "newsd.toml")
        #expect(try NewsdConfig.load(file: folder.path + "/newsd.toml").grouping.stories.refinementThreads == 3)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(try NewsdConfig.load().grouping.stories.refinementThreads == max(1, cores))
    }

    @Test func errorsNameTheKeyAndValue() throws {
        let folder = TemporaryFolder()
        try folder.write("setle_seconds = 3\n", to: "typo.toml")
        #expect(throws: ConfigError.unknownKey(key: "setle_seconds", path: folder.path + "/typo.toml")) {
            try NewsdConfig.load(file: folder.path + "/typo.toml")
        }
        let typo = ConfigError.unknownKey(key: "setle_seconds", path: "x.toml").description
        #expect(typo.contains("did you mean settle_seconds?"))

        let badValues: [(String, String)] = [
            ("settle_seconds", "soon"), ("digest_time", "25:00"), ("timezone", "Mars/Olympus"),
            ("watch_mode", "fanotify"), ("max_file_bytes", "-1"), ("log_level", "loud"), ("rescan_seconds", "0"),
        ]
        for (key, value) in badValues {
            do {
                _ = try NewsdConfig.load(overrides: [(key, value)])
                Issue.record("\(key) = \(value) was accepted")
            } catch {
                #expect(error.description.contains(key), "\(error.description)")
                #expect(error.description.contains(value), "\(error.description)")
            }
        }
    }

    @Test func syntaxErrorsGiveTheLine() throws {
        let folder = TemporaryFolder()
        try folder.write("inbox = \"a\"\nsettle_seconds = = 3\n", to: "broken.toml")
        do {
            _ = try NewsdConfig.load(file: folder.path + "/broken.toml")
            Issue.record("a broken file was accepted")
        } catch {
            guard case .syntax(_, let line, _, _) = error else { Issue.record("\(error)"); return }
            #expect(line == 2)
        }
        #expect(throws: ConfigError.self) { try NewsdConfig.load(file: folder.path + "/missing.toml") }
    }

    @Test func renderedConfigReadsBackTheSame() throws {
        var config = try NewsdConfig.load(overrides: [("timezone", "America/New_York"), ("settle_seconds", "0.5")])
        config.inbox = "/tmp/in \"quoted\""
        let folder = TemporaryFolder()
        try folder.write(config.renderTOML(), to: "round.toml")
        #expect(try NewsdConfig.load(file: folder.path + "/round.toml") == config)
    }

    /// `config/newsd.toml` documents every key, each at its default.
    @Test func shippedConfigDocumentsEveryKeyAtItsDefault() throws {
        let path = repositoryRoot + "/config/newsd.toml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in ConfigKey.all {
            #expect(text.contains("\n\(key.name) = ") || text.hasPrefix("\(key.name) = "), "config/newsd.toml lacks \(key.name)")
        }
        #expect(try NewsdConfig.load(file: path) == NewsdConfig.load())
    }

    @Test func clockTimes() {
        #expect(ClockTime(parsing: "7:05") == ClockTime(hour: 7, minute: 5))
        #expect(ClockTime(parsing: "23:59:00") == ClockTime(hour: 23, minute: 59))
        #expect(ClockTime(parsing: "24:00") == nil)
        #expect(ClockTime(parsing: "7:5") == nil)
        #expect(ClockTime(parsing: "noon") == nil)
        #expect(ClockTime(hour: 7, minute: 0).description == "07:00")
    }
}
