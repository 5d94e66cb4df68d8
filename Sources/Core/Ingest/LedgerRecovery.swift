/// What to do, at start-up, with a ledger row a crash left unfinished. Pure: the caller says which
/// paths exist, so every crash point is tested without crashing anything.
public enum LedgerRecovery {
    public enum Action: Equatable {
        /// Claimed and moved to the work folder, nothing stored: run it through the pipeline again.
        case reprocess(path: String)
        /// Claimed but never moved out of the inbox: forget the claim; the next scan takes the file.
        case release
        /// Recorded but not moved yet: finish the move.
        case move(from: String, to: String)
        /// Recorded and already moved: only the final mark is missing.
        case markDone
        /// The file is nowhere to be found.
        case vanished(reason: String)
    }

    public static func action(for row: FileRecord, exists status: (String) -> FileStatus?) -> Action {
        // The file is where the claim put it, or (claim rename not done, or a work-in-place file) still
        // where it was dropped, recognised by its inode.
        let inWorkFolder = row.workPath.flatMap { status($0) != nil ? $0 : nil }
        let inInbox = row.inboxPath.flatMap { path in status(path).flatMap { $0.inode == row.inode ? path : nil } }
        switch row.state {
        case .claimed:
            if let path = inWorkFolder { return .reprocess(path: path) }
            if inInbox != nil { return .release }
            return .vanished(reason: "the file disappeared while newsd held it")
        case .processed:
            guard let destination = row.finalPath else { return .markDone }
            if let source = inWorkFolder ?? inInbox { return .move(from: source, to: destination) }
            if status(destination) != nil { return .markDone }
            return .vanished(reason: "the file disappeared after it was recorded")
        case .done:
            return .markDone
        }
    }
}
