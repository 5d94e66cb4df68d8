import Core
import Foundation

// InstructionCount CORPUS DATABASE [WORKERS]
//
// `newsd ingest`'s pipeline (BatchIngester: parse, analyse, group, store with FTS) over a corpus into a
// fresh database, without the command-line layer: valgrind cannot run the `newsd` binary (its async
// entry point), and this is what scripts/bench-instructions counts. NEWSD_WINDOW sets the grouping
// window, so a small corpus reaches the full-window regime that a large store runs in.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: InstructionCount CORPUS DATABASE [WORKERS]\n".utf8))
    exit(2)
}
var grouping = ArticleGrouper.Settings()
if let window = ProcessInfo.processInfo.environment["NEWSD_WINDOW"].flatMap({ Int($0) }) {
    grouping.stories.windowArticles = window
}
do {
    let store = try NewsStore(path: arguments[2])
    let workers = arguments.count > 3 ? Int(arguments[3]) ?? 1 : 1
    let ingester = BatchIngester(store: store, grouping: grouping, maxFileBytes: 50_000_000, workers: workers)
    let report = try ingester.ingest(try BatchIngester.collect([arguments[1]]))
    store.close()
    print("\(report.stored) stored, \(report.duplicates) duplicates, \(report.failed) failed")
} catch {
    FileHandle.standardError.write(Data("InstructionCount: \(error)\n".utf8))
    exit(1)
}
