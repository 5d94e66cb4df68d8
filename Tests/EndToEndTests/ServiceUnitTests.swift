import Foundation
import Testing

@Suite("systemd unit")
struct ServiceUnitTests {
    /// `systemd-analyze verify` exits 0 on unknown keys and bad values, printing only warnings, so any
    /// output at all is a failure. ExecStart must name a file that exists: the built binary stands in.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
                   "systemd-analyze is not installed"))
    func verifiesWithoutWarnings() throws {
        let folder = TemporaryFolder()
        let unit = try String(contentsOfFile: repositoryRoot + "/systemd/newsd.service", encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/newsd run"))
        try unit.replacingOccurrences(of: "/usr/local/bin/newsd", with: Newsd.path)
            .write(toFile: folder.path + "/newsd.service", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = ["verify", folder.path + "/newsd.service"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "systemd-analyze verify said:\n\(text)")
        for key in ["Type=notify", "WatchdogSec=", "Restart=on-failure", "ProtectSystem=strict", "NoNewPrivileges=yes",
                    "PrivateTmp=yes", "UMask=0027", "StateDirectory=newsd", "PrivateNetwork=yes", "RestrictAddressFamilies=AF_UNIX"] {
            #expect(unit.contains(key), "the unit lacks \(key)")
        }
    }
}
