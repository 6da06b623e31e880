/// A stable least-significant-digit radix sort of 64-bit keys, returning the permutation.
///
/// Why not `sort`: the matcher orders whole sources by (currency, amount, date) — a million
/// rows and more — several times a run. Swift's comparison sort of those rows took 0.25–0.3 s
/// per million and grew as n log n; this one takes a few passes over the keys, skipping the
/// digits all keys share (`make bench`, 1M × 1M: see Engine.sortedByAmount).
enum RadixSort {
  static let digitBits = 11
  static let buckets = 1 << digitBits

  /// The indexes of `keys` in ascending key order; equal keys keep their order.
  static func order(_ keys: [UInt64]) -> [Int32] {
    let n = keys.count
    var order = (0..<Int32(n)).map { $0 }
    guard n > 1 else { return order }
    let passes = (64 + digitBits - 1) / digitBits
    // Every digit's histogram in one pass over the keys.
    var counts = [Int](repeating: 0, count: passes * buckets)
    for k in keys {
      for p in 0..<passes { counts[p * buckets + Int((k >> UInt64(p * digitBits)) & UInt64(buckets - 1))] += 1 }
    }
    var from = keys
    var to = [UInt64](repeating: 0, count: n)
    var orderTo = [Int32](repeating: 0, count: n)
    for p in 0..<passes {
      let base = p * buckets
      // A digit every key shares moves nothing.
      if counts[base..<base + buckets].contains(n) { continue }
      var sum = 0
      for b in 0..<buckets {
        let c = counts[base + b]
        counts[base + b] = sum
        sum += c
      }
      let shift = UInt64(p * digitBits)
      from.withUnsafeBufferPointer { src in
        to.withUnsafeMutableBufferPointer { dst in
          order.withUnsafeBufferPointer { osrc in
            orderTo.withUnsafeMutableBufferPointer { odst in
              counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<n {
                  let k = src[i]
                  let b = base + Int((k >> shift) & UInt64(buckets - 1))
                  let at = c[b]
                  c[b] = at + 1
                  dst[at] = k
                  odst[at] = osrc[i]
                }
              }
            }
          }
        }
      }
      swap(&from, &to)
      swap(&order, &orderTo)
    }
    return order
  }
}
