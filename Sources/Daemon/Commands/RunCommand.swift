import ArgumentParser
import Core
import Logging
import ServiceLifecycle

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Watch the inbox, store what arrives, write the daily digest; until SIGTERM or SIGINT.",
        discussion: """
            With no arguments it uses ./inbox and ./newsd-data and creates them. Under systemd (Type=notify) it \
            reports readiness, status and watchdog pings on $NOTIFY_SOCKET, and logs with syslog priorities.
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        let level = Logger.Level(config.logLevel)
        LoggingSystem.bootstrap { _ in JournalLogHandler(level: level) }
        let logger = Logger(label: "newsd")
        let service = NewsdService(config: config, logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "newsd.lifecycle", factory: { _ in JournalLogHandler(level: .warning) })
        ))
        try await group.run()
    }
}
