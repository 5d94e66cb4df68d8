import ArgumentParser
import Core
import Foundation

struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Write the digest of one day into DATA/digests/ now.",
        discussion: "The day is counted in the configured time zone. The files are written atomically; their paths are printed."
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: ArgumentHelp("Database file (default: DATA/newsd.sqlite); the digests go beside it.", valueName: "file"))
    var db: String?

    @Option(help: ArgumentHelp("The day: YYYY-MM-DD, today or yesterday.", valueName: "day"))
    var date: String = "today"

    @Flag(help: "Also print the Markdown digest.")
    var print: Bool = false

    func run() throws {
        let config = try options.load()
        let zone = config.timeZone
        let day = try DayArgument.parse(date, zone: zone)
        let databasePath = db ?? config.layout.database
        guard FileReader.status(databasePath) != nil else { throw CommandError("no database at \(databasePath)") }
        let store = try NewsStore(path: databasePath)
        defer { store.close() }
        let writer = DigestWriter(store: store, schedule: DigestSchedule(config), folder: digestsFolder(db: db, config: config))
        let paths = try writer.write(day)
        for path in paths { Swift.print(path) }
        if print, let markdown = paths.first(where: { $0.hasSuffix(".md") }) {
            Swift.print(try String(contentsOfFile: markdown, encoding: .utf8), terminator: "")
        }
    }
}
