import Foundation

/// Runs `produce` on a thread of its own while `consume` runs on the calling thread, taking
/// what `produce` yields at most `depth` items behind: two stages of a loop on two cores.
///
/// `produce` calls its argument with each item; that returns false once the consumer has ended,
/// and `produce` should then stop. `consume` calls its argument for the next item, nil after
/// the last. Returns after both sides have finished — `produce` never outlives the call, so it
/// may use what the caller lends it — and rethrows what `consume` threw. Neither closure may
/// touch what the other one uses.
func pipelined<T: Sendable>(
  depth: Int, produce: (_ yield: (T) -> Bool) -> Void, consume: (_ take: () -> T?) throws -> Void
) throws {
  let channel = Channel<T>(depth: depth)
  try withoutActuallyEscaping(produce) { produce in
    // The thread reaches `produce` through a box it empties before saying it has finished:
    // `withoutActuallyEscaping` checks that nothing holds the closure once it returns, and the
    // thread object may outlive the signal.
    let work = Handoff(produce)
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
      work.produce? { channel.put($0) }
      work.produce = nil
      channel.finish()
      finished.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    defer {
      channel.cancel()
      finished.wait()
    }
    try consume { channel.take() }
  }
}

/// The producer closure, handed to its thread; only that thread uses it.
private final class Handoff<T>: @unchecked Sendable {
  var produce: ((_ yield: (T) -> Bool) -> Void)?
  init(_ produce: @escaping (_ yield: (T) -> Bool) -> Void) { self.produce = produce }
}

/// A bounded queue between one producer thread and one consumer thread.
private final class Channel<T>: @unchecked Sendable {
  private let condition = NSCondition()
  private var items: [T] = []
  private var finished = false
  private var cancelled = false
  private let depth: Int

  init(depth: Int) { self.depth = max(1, depth) }

  /// Waits for room, then queues `item`; false when the consumer has ended.
  func put(_ item: T) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while items.count >= depth && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    items.append(item)
    condition.broadcast()
    return true
  }

  /// The next item, waiting for it; nil once the producer has finished and all are taken.
  func take() -> T? {
    condition.lock()
    defer { condition.unlock() }
    while items.isEmpty && !finished { condition.wait() }
    guard !items.isEmpty else { return nil }
    // At most `depth` items: removing the first moves two or three. (Keeping taken items until
    // the queue ran empty held a whole sheet's batches when the producer kept ahead.)
    let item = items.removeFirst()
    condition.broadcast()
    return item
  }

  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  func cancel() {
    condition.lock()
    cancelled = true
    items.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}
