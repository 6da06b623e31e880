import Foundation
import Synchronization
import Testing
@testable import TieoutWorkbook

/// The two-thread loop the detail sheets are written with.
@Suite struct PipelinedTests {
  struct Stop: Error {}

  /// An item that counts how many of its kind are alive.
  final class Token: Sendable {
    static let alive = Atomic<Int>(0)
    let k: Int
    init(_ k: Int) {
      self.k = k
      Token.alive.add(1, ordering: .sequentiallyConsistent)
    }
    deinit { Token.alive.subtract(1, ordering: .sequentiallyConsistent) }
  }

  @Test func everyItemArrivesInOrderAndOnlyAFewAreHeld() throws {
    var taken: [Int] = []
    var mostAlive = 0
    try pipelined(depth: 3) { (yield: (Token) -> Bool) in
      for k in 0..<10_000 {
        guard yield(Token(k)) else { return }
      }
    } consume: { take in
      while let t = take() {
        taken.append(t.k)
        mostAlive = max(mostAlive, Token.alive.load(ordering: .sequentiallyConsistent))
      }
    }
    #expect(taken == Array(0..<10_000))
    // Queued (3), the one in hand, the one being made: memory stays flat however long the
    // sheet (a queue that kept taken items held every batch of a 1M-row sheet).
    #expect(mostAlive <= 5)
    #expect(Token.alive.load(ordering: .sequentiallyConsistent) == 0)
  }

  /// A failed write (a full disk) ends the loop: the error reaches the caller, the producer
  /// stops instead of building the rest of the sheet, and nothing hangs.
  @Test func aFailingConsumerStopsTheProducer() {
    let produced = Atomic<Int>(0)
    #expect(throws: Stop.self) {
      try pipelined(depth: 2) { (yield: (Int) -> Bool) in
        for k in 0..<1_000_000 {
          produced.add(1, ordering: .sequentiallyConsistent)
          guard yield(k) else { return }
        }
      } consume: { take in
        while let k = take() { if k == 10 { throw Stop() } }
      }
    }
    #expect(produced.load(ordering: .sequentiallyConsistent) < 100)
  }

  @Test func nothingToProduce() throws {
    var count = 0
    try pipelined(depth: 3) { (_: (Int) -> Bool) in } consume: { take in
      while take() != nil { count += 1 }
    }
    #expect(count == 0)
  }
}
