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
