import Foundation
import Testing
@testable import Core

/// The fuzzers' seed corpus and every input that once broke a parser: each must end in articles or a
/// one-line ParseError, never a crash.
@Suite("Fuzz corpus and regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz").path

    static func inputs() -> [String] {
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.filter { !$0.hasSuffix(".md") && !$0.hasSuffix(".swift") && FileReader.status(root + "/" + $0)?.kind == .regular }.sorted()
    }

    @Test func everyInputParsesOrFailsWithAReason() throws {
        let inputs = Self.inputs()
        #expect(inputs.count >= 8, "the seed corpus is missing: \(inputs)")
        for input in inputs {
            let bytes = try FileReader.read(Self.root + "/" + input, maxBytes: 16 * 1024 * 1024).bytes
            // As the daemon would see it, and under every extension, since sniffing and extension disagree.
            for name in [(input as NSString).lastPathComponent, "x.txt", "x.html", "x.xml", "x.json", "x.jsonl", "x.md"] {
                do {
                    let articles = try ArticleParser().parse(bytes, fileName: name)
                    #expect(!articles.isEmpty, "\(input) as \(name): no articles and no error")
                } catch {
                    #expect(!error.description.isEmpty && !error.description.contains("\n"), "\(input) as \(name)")
                }
            }
        }
    }
}
