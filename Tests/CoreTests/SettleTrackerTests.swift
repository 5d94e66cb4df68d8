import Testing
@testable import Core

@Suite("Settle rules")
struct SettleTrackerTests {
    private func status(size: Int64, mtime: Double) -> FileStatus {
        FileStatus(kind: .regular, size: size, mtime: mtime, inode: 7, device: 1)
    }

    @Test func renamedFilesAreReadyAtOnce() {
        var tracker = SettleTracker(settleSeconds: 3)
        tracker.renamedIn("/in/a.txt")
        #expect(tracker.takeReady(now: 0, lstat: { _ in nil }) == ["/in/a.txt"])
        #expect(tracker.takeReady(now: 0, lstat: { _ in nil }).isEmpty)
    }

    @Test func writtenFilesWaitUntilStable() {
        var tracker = SettleTracker(settleSeconds: 3)
        var current = status(size: 10, mtime: 100)
        tracker.written("/in/a.txt", status: current, now: 100)
        #expect(tracker.takeReady(now: 102, lstat: { _ in current }).isEmpty)
        #expect(tracker.nextDeadline == 103)
        // The writer appends 1.5 s after the first close: the quiet period starts again.
        current = status(size: 20, mtime: 101.5)
        tracker.written("/in/a.txt", status: current, now: 101.5)
        #expect(tracker.takeReady(now: 103.5, lstat: { _ in current }).isEmpty)
        #expect(tracker.takeReady(now: 104.5, lstat: { _ in current }) == ["/in/a.txt"])
    }

    @Test func aChangeSeenOnlyByStatRestartsTheWait() {
        var tracker = SettleTracker(settleSeconds: 3)
        tracker.written("/in/a.txt", status: status(size: 10, mtime: 100), now: 100)
        let grown = status(size: 99, mtime: 102)
        #expect(tracker.takeReady(now: 103, lstat: { _ in grown }).isEmpty)
        #expect(tracker.takeReady(now: 106, lstat: { _ in grown }) == ["/in/a.txt"])
    }

    @Test func scannedOldFilesAreReadyAndNewOnesWait() {
        var tracker = SettleTracker(settleSeconds: 3)
        tracker.scanned("/in/old.txt", status: status(size: 5, mtime: 10), now: 100)
        tracker.scanned("/in/new.txt", status: status(size: 5, mtime: 99.5), now: 100)
        #expect(tracker.takeReady(now: 100, lstat: { _ in nil }) == ["/in/old.txt"])
        #expect(tracker.pendingCount == 1)
    }

    @Test func vanishedFilesAreDropped() {
        var tracker = SettleTracker(settleSeconds: 1)
        tracker.written("/in/gone.txt", status: status(size: 1, mtime: 1), now: 1)
        #expect(tracker.takeReady(now: 5, lstat: { _ in nil }).isEmpty)
        #expect(tracker.pendingCount == 0)
    }
}
