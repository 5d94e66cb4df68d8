import ArgumentParser
import Core
import Foundation

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store files and folders once, through the daemon's pipeline, without moving them.",
        discussion: """
            Folders are read recursively (hidden and partial files skipped); each file is recorded under its \
            path relative to the folder given, or its name. Running it again on the same files records nothing \
            twice. Prints "N stored, M duplicates, K failed"; exits 0 when every file was handled.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Database file (default: DATA/newsd.sqlite).", valueName: "file"))
    var db: String?

    @Argument(help: ArgumentHelp("Files and folders to ingest.", valueName: "path"))
    var paths: [String]

    func run() throws {
        let config = try options.load()
        let store = try NewsStore(path: db ?? config.layout.database)
        defer { store.close() }
        let sources = try BatchIngester.collect(paths)
        let ingester = BatchIngester(store: store, maxFileBytes: config.maxFileBytes, workers: config.effectiveWorkers)
        let report = try ingester.ingest(sources)
        for failure in report.failures {
            Terminal.error("failed: \(failure.origin): \(failure.reason)")
        }
        var line = "\(report.stored) stored, \(report.duplicates) duplicates, \(report.failed) failed"
        if report.unchanged > 0 { line += ", \(report.unchanged) already ingested" }
        print(line)
    }
}
