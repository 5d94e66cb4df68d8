import Foundation
import Synchronization
import Testing
@testable import Core

@Suite("Parallel map")
struct ParallelMapTests {
    @Test(arguments: [(0, 2), (1, 2), (2, 2), (7, 3), (100, 1), (257, 2), (1000, 4)])
    func resultsComeInTheOrderOfTheElements(count: Int, threads: Int) {
        let numbers = Array(0..<count)
        #expect(numbers.parallelMap(threads: threads) { $0 * $0 + 1 } == numbers.map { $0 * $0 + 1 })
    }

    /// A thread held up by one element takes fewer of the rest: the others are taken by whichever
    /// thread is free, not dealt out in turn (which gave each of two threads exactly half).
    @Test func aSlowElementDoesNotHoldUpItsShareOfTheRest() {
        let ranOn = Mutex<[Int: UInt]>([:])
        let numbers = Array(0..<200)
        let doubled = numbers.parallelMap(threads: 2) { number in
            ranOn.withLock { $0[number] = UInt(pthread_self()) }
            if number == 0 { usleep(200_000) } else { usleep(200) }
            return number * 2
        }
        #expect(doubled == numbers.map { $0 * 2 })
        let threads = ranOn.withLock { $0 }
        #expect(threads.count == 200)
        guard let slow = threads[0], Set(threads.values).count > 1 else {
            // Both lanes ran on one thread, one after the other (a machine with no other thread free):
            // there was no second thread to take the rest.
            return
        }
        let takenBySlow = threads.values.filter { $0 == slow }.count
        #expect(takenBySlow < 100, "the thread held up by the first element took \(takenBySlow) of 200")
    }
}
