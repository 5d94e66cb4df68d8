import ArgumentParser
import Core
import Foundation

struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List a day's stories in digest order.",
        discussion: "One line per story: its rank, id (for `newsd show`), sources, articles and headline. The day is counted in the configured time zone."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The day: YYYY-MM-DD, today or yesterday.", valueName: "day"))
    var date: String = "today"

    func run() throws {
        let config = try store.config()
        let day = try DayArgument.parse(date, zone: config.timeZone)
        let newsStore = try store.openExisting()
        defer { newsStore.close() }
        let digest = try DigestBuilder(store: newsStore, zone: config.timeZone).build(day)
        guard !digest.stories.isEmpty || !digest.moreStories.isEmpty else {
            print("no stories on \(day)")
            return
        }
        print(Terminal.dim("\(day): " + DigestText.countsLine(digest)))
        let idWidth = max(5, (digest.stories + digest.moreStories).map { String($0.id).count }.max() ?? 0)
        print(Terminal.dim(Self.pad("#", 3) + "  " + Self.pad("story", idWidth) + "  src  art  headline"))
        for (rank, story) in (digest.stories + digest.moreStories).enumerated() {
            var line = Self.pad(String(rank + 1), 3) + "  " + Self.pad(String(story.id), idWidth) + "  "
            line += Self.pad(String(story.sourceCount), 3) + "  " + Self.pad(String(story.articles.count), 3) + "  "
            line += Terminal.bold(Terminal.printable(story.headline))
            if story.isContinuing { line += Terminal.yellow("  (continuing)") }
            print(line)
        }
    }

    /// Right-aligned in `width` columns.
    static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
