import ArgumentParser
import Core
import Foundation
import Synchronization

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store files and folders once, through the daemon's pipeline, without moving them.",
        discussion: """
            Folders are read recursively (hidden and partial files skipped); each file is recorded under its \
            path relative to the folder given, or its name. Running it again on the same files records nothing \
            twice, and a file with the bytes and extension of one stored before is hashed, not parsed again. \
            Prints "N stored, M duplicates, K failed"; exits 0 when every file was handled. Files are parsed on \
            all cores ten nice levels below the thread that stores them: the storing, which the rest waits for, \
            comes first, and other programs come before the parsing too.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Database file (default: DATA/newsd.sqlite).", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("Print the rate to stderr every N files (0: never).", valueName: "n"))
    var progress: Int = 0

    @Argument(help: ArgumentHelp("Files and folders to ingest.", valueName: "path"))
    var paths: [String]

    func run() throws {
        let config = try options.load()
        // The analyser's tables load while the store opens and the files are listed.
        DispatchQueue.global().async { ArticleAnalyzer.loadTables() }
        let store = try NewsStore(path: db ?? config.layout.database)
        defer { store.close() }
        let sources = try BatchIngester.collect(paths)
        let ingester = BatchIngester(store: store, grouping: config.grouping, maxFileBytes: config.maxFileBytes, workers: config.effectiveWorkers,
                                     workerPriority: .lowered(by: 10))
        let started = Date()
        let timing = Mutex((count: 0, at: started))
        let report = try ingester.ingest(sources, progressEvery: progress) { count in
            let now = Date()
            let (previousCount, previousAt) = timing.withLock { timing -> (Int, Date) in
                defer { timing = (count, now) }
                return (timing.count, timing.at)
            }
            let rate = Double(count - previousCount) / max(0.000_001, now.timeIntervalSince(previousAt))
            Terminal.error(String(format: "progress: %d files, %.1f s, %.0f files/s in the last %d", count,
                                  now.timeIntervalSince(started), rate, count - previousCount))
        }
        for failure in report.failures {
            Terminal.error("failed: \(failure.origin): \(failure.reason)")
        }
        var line = "\(report.stored) stored, \(report.duplicates) duplicates, \(report.failed) failed"
        if report.unchanged > 0 { line += ", \(report.unchanged) already ingested" }
        print(line)
    }
}
