import ArgumentParser

/// The `newsd` command: the daemon and the tools around its store.
@main
struct Newsd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsd",
        abstract: "Turns a folder of incoming news articles into a searchable store and a daily digest.",
        discussion: """
            Start the daemon with `newsd run` (it watches ./inbox and keeps its data in ./newsd-data unless told \
            otherwise). Drop article files into the inbox: write them elsewhere or under a dot-name, then rename.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, IngestCommand.self, ExportCommand.self, ExtractCommand.self, SummarizeCommand.self, DigestCommand.self,
            StoriesCommand.self, ShowCommand.self, RetryCommand.self, AnalyzeCommand.self, ReanalyzeCommand.self,
            SearchCommand.self,
            StatusCommand.self, CheckConfigCommand.self,
        ]
    )
}
