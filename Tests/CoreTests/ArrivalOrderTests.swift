import Testing
@testable import Core

@Suite("Arrival order")
struct ArrivalOrderTests {
    @Test func popsOldestFirstSkippingRemovedIDs() {
        var order = ArrivalOrder()
        for id: Int64 in [1, 2, 3, 4] { order.append(id) }
        let present: Set<Int64> = [1, 3, 4]
        #expect(order.popOldest { present.contains($0) } == 1)
        #expect(order.popOldest { present.contains($0) } == 3)
        #expect(order.popOldest { present.contains($0) } == 4)
        #expect(order.popOldest { present.contains($0) } == nil)
    }

    @Test func renamesTheBatchAndDropsWhatStaysProvisional() {
        var order = ArrivalOrder()
        order.append(7)
        for id: Int64 in [-1, -2, -3] { order.append(id) }
        order.rename([-1: 8, -3: 9])
        order.endBatch()
        var popped: [Int64] = []
        while let id = order.popOldest(where: { _ in true }) { popped.append(id) }
        #expect(popped == [7, 8, 9])
    }

    @Test func compactionKeepsOrderAndTheBatch() {
        var order = ArrivalOrder()
        for id in 1...10_000 as ClosedRange<Int64> { order.append(id) }
        for _ in 0..<6_000 { _ = order.popOldest { _ in true } }
        order.append(-1)
        order.rename([-1: 10_001])
        order.endBatch()
        var rest: [Int64] = []
        while let id = order.popOldest(where: { _ in true }) { rest.append(id) }
        #expect(rest == Array(6_001...10_001))
    }
}
