import Foundation
import Testing
@testable import Core

@Suite("Retrying quarantined files")
struct QuarantineRetryTests {
    @Test func filesGoBackWhereTheyWereDroppedAndLoseTheirReason() throws {
        let folder = TemporaryFolder()
        let failed = folder.path + "/failed", inbox = folder.path + "/inbox"
        try FileManager.default.createDirectory(atPath: failed + "/reuters", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try "x".write(toFile: failed + "/reuters/a.txt", atomically: true, encoding: .utf8)
        try "binary\n".write(toFile: failed + "/reuters/a.txt.error", atomically: true, encoding: .utf8)
        try "y".write(toFile: failed + "/b.json", atomically: true, encoding: .utf8)
        try "z".write(toFile: inbox + "/b.json", atomically: true, encoding: .utf8)   // a new b.json already waits

        #expect(QuarantineRetry.list(failed: failed) == ["b.json", "reuters/a.txt"])
        let moved = try QuarantineRetry.retry(["reuters/a.txt", "b.json"], failed: failed, inbox: inbox)
        #expect(moved.map(\.destination) == [inbox + "/reuters/a.txt", inbox + "/b-2.json"])
        #expect(try String(contentsOfFile: inbox + "/reuters/a.txt", encoding: .utf8) == "x")
        #expect(try String(contentsOfFile: inbox + "/b.json", encoding: .utf8) == "z")     // never overwritten
        #expect(QuarantineRetry.list(failed: failed).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: failed + "/reuters/a.txt.error"))
    }

    @Test func namesOutsideFailedAreRefused() throws {
        let folder = TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/failed", withIntermediateDirectories: true)
        try "secret".write(toFile: folder.path + "/outside.txt", atomically: true, encoding: .utf8)
        #expect(throws: RetryError.self) {
            try QuarantineRetry.retry(["../outside.txt"], failed: folder.path + "/failed", inbox: folder.path + "/inbox")
        }
        #expect(FileManager.default.fileExists(atPath: folder.path + "/outside.txt"))
    }
}
