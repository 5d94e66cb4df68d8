import Foundation
import Testing
@testable import Core

@Suite("Ledger crash recovery")
struct LedgerRecoveryTests {
    private func row(_ state: FileRecord.State, outcome: FileRecord.Outcome? = nil) -> FileRecord {
        FileRecord(id: 1, origin: "a.txt", size: 3, mtime: 1, inode: 42, sha256: nil, state: state, outcome: outcome,
                   error: nil, inboxPath: "/in/a.txt", workPath: "/in/.newsd-work/claim-1", finalPath: "/data/archive/a.txt",
                   claimedAt: Date(), finishedAt: nil)
    }

    private func present(_ paths: [String: Int64]) -> (String) -> FileStatus? {
        { path in paths[path].map { FileStatus(kind: .regular, size: 3, mtime: 1, inode: $0, device: 1) } }
    }

    @Test func crashAfterClaimRenameReprocesses() {
        #expect(LedgerRecovery.action(for: row(.claimed), exists: present(["/in/.newsd-work/claim-1": 42]))
            == .reprocess(path: "/in/.newsd-work/claim-1"))
    }

    @Test func crashBeforeClaimRenameReleases() {
        #expect(LedgerRecovery.action(for: row(.claimed), exists: present(["/in/a.txt": 42])) == .release)
        // A different file now sits at the dropped name: the claimed one is gone.
        #expect(LedgerRecovery.action(for: row(.claimed), exists: present(["/in/a.txt": 99]))
            == .vanished(reason: "the file disappeared while newsd held it"))
    }

    @Test func crashAfterCommitFinishesTheMove() {
        #expect(LedgerRecovery.action(for: row(.processed, outcome: .stored), exists: present(["/in/.newsd-work/claim-1": 42]))
            == .move(from: "/in/.newsd-work/claim-1", to: "/data/archive/a.txt"))
        #expect(LedgerRecovery.action(for: row(.processed, outcome: .stored), exists: present(["/data/archive/a.txt": 42]))
            == .markDone)
        #expect(LedgerRecovery.action(for: row(.processed, outcome: .stored), exists: present([:]))
            == .vanished(reason: "the file disappeared after it was recorded"))
    }
}
