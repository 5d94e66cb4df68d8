import Core
import Dispatch
import Foundation
import Logging
import ServiceLifecycle

/// `newsd run`: wires the store, the inbox processor, the watcher and the digest scheduler together,
/// reports to systemd, and on SIGTERM stops taking files, finishes the batch in hand and closes.
struct NewsdService: Service {
    let config: NewsdConfig
    let logger: Logger

    /// "permission denied" for a Foundation file error that wraps a POSIX one; its description otherwise.
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))).lowercased() }
        }
        return error.localizedDescription
    }

    func run() async throws {
        let notifier = SystemdNotifier()
        let layout = config.layout
        for folder in [layout.dataDir, layout.archive, layout.failed, layout.digests] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o750])
            } catch {
                // Foundation's own text is a dump of NSError fields; the user needs the folder and why.
                throw CommandError("cannot create \(folder): \(Self.reason(error))")
            }
        }
        // The analyser's tables load while the store opens and earlier work is recovered.
        DispatchQueue.global().async { ArticleAnalyzer.loadTables() }
        let store = try NewsStore(path: layout.database)
        // The log is copied into the database file on a connection of its own, not inside whichever
        // claim or record commit takes it past its limit.
        let checkpointer = try LogCheckpointer(store: store, logger: logger)
        let processor = InboxProcessor(settings: InboxProcessor.Settings(config), store: store, grouping: config.grouping, logger: logger)
        processor.recover()
        let watcher = InboxWatcher(settings: InboxWatcher.Settings(config), logger: logger) { paths in
            processor.submit(paths)
        }
        try watcher.start()
        logger.info("watching \(config.inbox) (\(config.watchMode.rawValue)); data in \(config.dataDir)")
        let schedule = DigestSchedule(config)
        let scheduler = DigestScheduler(
            writer: DigestWriter(store: store, schedule: schedule, folder: layout.digests), schedule: schedule,
            catchUpLimit: config.digestCatchUpDays, logger: logger)
        // After an upgrade that improved the analysers, stored articles are analysed again while the
        // inbox is idle (the inbox's files go first); then the digests that showed older findings are
        // written again.
        processor.catchUpAnalysis { _ in scheduler.rewriteStale() }
        notifier.notify("READY=1\nSTATUS=watching \(config.inbox)")
        scheduler.start()

        let pulse = Pulse(notifier: notifier, processor: processor, watcher: watcher, scheduler: scheduler)
        pulse.start()

        try? await gracefulShutdown()

        logger.info("stopping: finishing the files in hand")
        notifier.notify("STOPPING=1\nSTATUS=stopping")
        pulse.stop()
        watcher.stop()
        scheduler.stop()
        processor.stop()
        checkpointer.stop()
        store.close()
        logger.info("stopped")
    }
}
