#if canImport(Glibc)
import Glibc
#endif

/// How the threads that parse a batch stand against the one that writes it.
///
/// In `newsd ingest` the writer is the stage everything waits for (grouping in arrival order, then
/// SQLite), and it is one of three busy threads on two cores: at equal priority the scheduler shared
/// the cores evenly, and the writer lost time to parsing that was chunks ahead of it anyway. Parsing
/// threads ten nice levels down take what the writer leaves: the same CPU time, the same rows, and
/// the writer a core whenever it has work (20,000 synthetic files, six runs of each binary in turn:
/// wall median 7.05 → 6.17 s; the BBC set, twelve: 0.84 → 0.79 s).
///
/// Other programs at the default priority come before those threads too, which suits a batch job.
/// Lowering is for good (on Linux an unprivileged thread cannot raise its priority again), so it is
/// for threads that parse for the rest of the process, `newsd ingest`'s, and not for the daemon's,
/// whose pool runs its other work too and which is not short of CPU at the rates it is built for.
public enum WorkerPriority: Sendable, Equatable {
    /// The threads keep the priority they have.
    case unchanged
    /// The threads that parse run `steps` nice levels below the thread that made the batch (19 at most).
    case lowered(by: Int32)

    /// The nice value a parsing thread is given, when the calling thread's is `current`; nil for none.
    func target(from current: Int32) -> Int32? {
        guard case .lowered(let steps) = self, steps > 0 else { return nil }
        return min(19, current + steps)
    }

    /// The calling thread's nice value (0 when it cannot be read).
    ///
    /// On Linux the nice value belongs to a thread, not to the process, and `who` 0 names the calling
    /// thread (setpriority(2), "Bugs"): one thread changes its own and no other's.
    static func currentNice() -> Int32 {
        #if canImport(Glibc)
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : 0
        #else
        return 0
        #endif
    }

    /// Gives the calling thread the nice value `target`, if it is lower (a higher priority) now. Best
    /// effort: a thread that cannot be lowered parses at the priority it has.
    static func apply(_ target: Int32) {
        #if canImport(Glibc)
        guard currentNice() < target else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, target)
        #endif
    }
}
