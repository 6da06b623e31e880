/// A stable radix sort of items by 64-bit keys.
///
/// Why not `sort`: the matcher orders whole sources by (currency, amount, date) — a million
/// rows and more — several times a run, and a comparison sort grows as n log n; this takes a
/// few passes over the keys, skipping the digits all keys share (docs/PERFORMANCE.md).
enum RadixSort {
  /// Rows per range of the first pass: a range of up to this many rows, with its keys, sits in
  /// a 32 MB L3 cache while it is sorted, where a side of a million rows does not.
  static let rowsPerRange = 1 << 17

  /// Sorts `items` by `keys` (one per item, each below 2^`bits`); equal keys keep their order.
  ///
  /// Inputs larger than `rowsPerRange` are first moved into ranges of their top digits (most
  /// significant digit first), in one streaming pass; each range is then sorted by its
  /// remaining digits, least significant first, and its items gathered in order while the
  /// range is still in cache. Tests pass a small `rowsPerRange` to make many ranges.
  static func sort<T: BitwiseCopyable>(_ items: inout [T], keys: [UInt64], bits: Int, rowsPerRange: Int = rowsPerRange) {
    precondition(keys.count == items.count)
    let plan = Plan(keys: keys, bits: bits, rowsPerRange: rowsPerRange)
    guard items.count > 1 else { return }
    guard plan.top > 0 else {
      items = plan.sortRanges(items, keys)
      return
    }
    let (ranged, rangeKeys) = items.withUnsafeBufferPointer { src in plan.intoRanges { src[$0] } }
    // The input is not needed any more: freed before the output is made.
    items = []
    items = plan.sortRanges(ranged, rangeKeys)
  }

  /// Whether `sort` first moves `count` items into ranges.
  static func movesIntoRanges(_ count: Int, rowsPerRange: Int = rowsPerRange) -> Bool { count > rowsPerRange }

  /// The items `make(key, i, value(i))` for the keys in ascending order (equal keys in their
  /// order), keys each below 2^`bits`: what `sort` gives for items made from a key, a position
  /// and one 32-bit value each. Only the key and that value are moved into ranges, 16 bytes a
  /// row, and each item is made once, in order, from its sorted key and its value: moving whole
  /// rows into ranges and gathering them back at random costs a pass more over memory.
  ///
  /// `equal(start, i, k)` is called for each item `k` whose key equals the one before it in the
  /// output, `start` being the output position where that run of equal keys begins and `i` the
  /// run's first item: read from the range's sorted keys while they are in cache.
  static func sorted<T: BitwiseCopyable>(
    keys: [UInt64], bits: Int, rowsPerRange: Int = rowsPerRange, value: (Int) -> UInt32, make: (UInt64, Int, UInt32) -> T,
    equal: ((Int, Int, Int) -> Void)? = nil
  ) -> [T] {
    let plan = Plan(keys: keys, bits: bits, rowsPerRange: rowsPerRange)
    let n = keys.count
    // Each key's position and value, moved with the keys into their ranges.
    @inline(__always) func tag(_ i: Int) -> UInt64 { UInt64(UInt32(i)) << 32 | UInt64(value(i)) }
    let (tags, rangeKeys) = plan.top > 0 ? plan.intoRanges(tag) : ((0..<n).map(tag), keys)
    let scratch = RangeScratch(largest: plan.largest, bits: plan.rest)
    return [T](unsafeUninitializedCapacity: n) { out, count in
      rangeKeys.withUnsafeBufferPointer { rk in
        tags.withUnsafeBufferPointer { tags in
          for b in 0..<1 << plan.top {
            let s = plan.starts[b], m = plan.starts[b + 1] - s
            guard m > 0 else { continue }
            let (sortedKeys, order) = scratch.sorted(UnsafeBufferPointer(rebasing: rk[s..<s + m]))
            // Read in order first, so that the reads at random below find the range in cache.
            scratch.warm(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: tags[s..<s + m])))
            for j in 0..<m {
              let tag = tags[s + Int(order[j])]
              (out.baseAddress! + s + j).initialize(to: make(sortedKeys[j], Int(tag >> 32), UInt32(truncatingIfNeeded: tag)))
            }
            // Equal keys have equal top digits: a run never crosses ranges.
            if let equal {
              var start = 0
              for j in 1..<m {
                if sortedKeys[j] != sortedKeys[j - 1] {
                  start = j
                } else {
                  equal(s + start, Int(tags[s + Int(order[start])] >> 32), Int(tags[s + Int(order[j])] >> 32))
                }
              }
            }
          }
        }
      }
      count = n
    }
  }

  /// How `keys` are sorted: the top digits the items are moved into ranges by, and the ranges.
  private struct Plan {
    let keys: [UInt64]
    let n: Int
    /// Bits of the top digit (0: one range, nothing moved) and of the rest.
    let top: Int, rest: Int
    /// Where each range starts, and after the last, `n`.
    let starts: [Int]
    let largest: Int

    init(keys: [UInt64], bits: Int, rowsPerRange: Int) {
      n = keys.count
      precondition((0...64).contains(bits))
      assert(bits == 64 || keys.allSatisfy { $0 >> UInt64(bits) == 0 }, "a key has more than \(bits) bits")
      self.keys = keys
      var top = 0
      while top < min(bits, 8) && n >> top > rowsPerRange { top += 1 }
      let rest = bits - top
      var starts = [Int](repeating: 0, count: (1 << top) + 1)
      var largest = n
      if top == 0 {
        starts[1] = n
      } else {
        starts.withUnsafeMutableBufferPointer { starts in
          for k in keys { starts[Int(k >> UInt64(rest)) + 1] += 1 }
          largest = 0
          for b in 0..<1 << top {
            largest = max(largest, starts[b + 1])
            starts[b + 1] += starts[b]
          }
        }
      }
      (self.top, self.rest, self.starts, self.largest) = (top, rest, starts, largest)
    }

    /// Items and keys moved into their ranges, in input order within each; `item(i)` is the
    /// item of key `i`.
    func intoRanges<T: BitwiseCopyable>(_ item: (Int) -> T) -> ([T], [UInt64]) {
      var at = Array(starts.dropLast())
      var movedKeys = [UInt64](repeating: 0, count: n)
      let ranged = [T](unsafeUninitializedCapacity: n) { out, count in
        keys.withUnsafeBufferPointer { k in
          movedKeys.withUnsafeMutableBufferPointer { mk in
            at.withUnsafeMutableBufferPointer { at in
              for i in 0..<n {
                let key = k[i]
                let b = Int(key >> UInt64(rest))
                let to = at[b]
                at[b] = to + 1
                (out.baseAddress! + to).initialize(to: item(i))
                mk[to] = key
              }
            }
          }
        }
        count = n
      }
      return (ranged, movedKeys)
    }

    /// Each range of `ranged` sorted by the rest of its keys, `rangeKeys`.
    func sortRanges<T: BitwiseCopyable>(_ ranged: [T], _ rangeKeys: [UInt64]) -> [T] {
      let scratch = RangeScratch(largest: largest, bits: rest)
      return [T](unsafeUninitializedCapacity: n) { out, count in
        ranged.withUnsafeBufferPointer { ranged in
          rangeKeys.withUnsafeBufferPointer { rk in
            for b in 0..<1 << top {
              let s = starts[b], m = starts[b + 1] - s
              guard m > 0 else { continue }
              let order = scratch.order(UnsafeBufferPointer(rebasing: rk[s..<s + m]))
              // Read in order first, so that the gather below finds the range in cache. Items
              // not moved into ranges were just made.
              if top > 0 { scratch.warm(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: ranged[s..<s + m]))) }
              for j in 0..<m { (out.baseAddress! + s + j).initialize(to: ranged[s + Int(order[j])]) }
            }
          }
        }
        count = n
      }
    }
  }

  /// The positions `0..<count` in ascending order of their keys, compared as tuples: `keys[0]`
  /// first, each list holding one key per position; positions of equal tuples keep their order.
  /// One stable sort per list, the last list first, each on the bits its keys differ in: for
  /// the lists of exceptions and their pairs, which a comparison sort would compare as tuples
  /// at every step.
  static func order(_ count: Int, by keys: [[UInt64]]) -> [Int32] {
    var order = Array(0..<Int32(count))
    for list in keys.reversed() {
      precondition(list.count == count)
      guard let lo = list.min(), let hi = list.max(), lo != hi else { continue }
      let ranked = order.map { list[Int($0)] &- lo }
      sort(&order, keys: ranked, bits: UInt64.bitWidth - (hi &- lo).leadingZeroBitCount)
    }
    return order
  }

  /// A key that orders as `x` does among signed values.
  @inline(__always) static func key(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) ^ (1 << 63) }
  @inline(__always) static func key(_ x: Int32) -> UInt64 { key(Int64(x)) }
  @inline(__always) static func key(_ x: Bool) -> UInt64 { x ? 1 : 0 }

  /// Buffers for sorting one range of `sort(_:keys:bits:)` by its keys' low `bits` bits.
  private final class RangeScratch {
    let passes: Int, digitBits: Int
    let keys: UnsafeMutableBufferPointer<UInt64>, otherKeys: UnsafeMutableBufferPointer<UInt64>
    let positions: UnsafeMutableBufferPointer<UInt32>, otherPositions: UnsafeMutableBufferPointer<UInt32>
    let counts: UnsafeMutableBufferPointer<Int>

    init(largest: Int, bits: Int) {
      // Digits of up to 12 bits: a million rows' ranges have about 23 bits left, two passes
      // instead of three of 8 bits.
      passes = (bits + 11) / 12
      digitBits = passes == 0 ? 0 : (bits + passes - 1) / passes
      keys = .allocate(capacity: largest)
      otherKeys = .allocate(capacity: largest)
      positions = .allocate(capacity: largest)
      otherPositions = .allocate(capacity: largest)
      counts = .allocate(capacity: max(1, passes << digitBits))
    }

    deinit {
      for b in [keys, otherKeys] { b.deallocate() }
      for b in [positions, otherPositions] { b.deallocate() }
      counts.deallocate()
    }

    /// What `warm` read, kept so that its reads are not optimized away.
    private(set) var warmth: UInt8 = 0
    /// Reads a byte of every cache line of `bytes`, in order.
    func warm(_ bytes: UnsafeRawBufferPointer) {
      var x: UInt8 = 0
      var k = 0
      while k < bytes.count {
        x ^= bytes[k]
        k += 64
      }
      warmth ^= x
    }

    /// The positions of `range`'s keys in ascending order; equal keys keep their order. Valid
    /// until the next call.
    func order(_ range: UnsafeBufferPointer<UInt64>) -> UnsafeBufferPointer<UInt32> { sorted(range).order }

    /// `range`'s keys in ascending order, and their positions in `range`; equal keys keep their
    /// order. Valid until the next call.
    func sorted(_ range: UnsafeBufferPointer<UInt64>) -> (keys: UnsafeBufferPointer<UInt64>, order: UnsafeBufferPointer<UInt32>) {
      let m = range.count
      var (src, dst, srcPos, dstPos) = (keys, otherKeys, positions, otherPositions)
      for j in 0..<m {
        src[j] = range[j]
        srcPos[j] = UInt32(j)
      }
      func done() -> (UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<UInt32>) {
        (UnsafeBufferPointer(rebasing: src[0..<m]), UnsafeBufferPointer(rebasing: srcPos[0..<m]))
      }
      if passes == 0 { return done() }
      // A few keys: insertion sort, cheaper than counting digits.
      if m <= 32 {
        for j in 1..<m {
          let (key, pos) = (src[j], srcPos[j])
          var i = j
          while i > 0 && src[i - 1] > key {
            src[i] = src[i - 1]
            srcPos[i] = srcPos[i - 1]
            i -= 1
          }
          src[i] = key
          srcPos[i] = pos
        }
        return done()
      }
      let buckets = 1 << digitBits, mask = UInt64(buckets - 1)
      let c = counts
      for x in 0..<passes * buckets { c[x] = 0 }
      for j in 0..<m {
        let key = src[j]
        for p in 0..<passes { c[p * buckets + Int((key >> UInt64(p * digitBits)) & mask)] += 1 }
      }
      for p in 0..<passes {
        let base = p * buckets, shift = UInt64(p * digitBits)
        // A digit every key of the range shares moves nothing.
        if c[base + Int((src[0] >> shift) & mask)] == m { continue }
        var sum = 0
        for d in base..<base + buckets {
          let x = c[d]
          c[d] = sum
          sum += x
        }
        for j in 0..<m {
          let key = src[j]
          let d = base + Int((key >> shift) & mask)
          let to = c[d]
          c[d] = to + 1
          dst[to] = key
          dstPos[to] = srcPos[j]
        }
        swap(&src, &dst)
        swap(&srcPos, &dstPos)
      }
      return done()
    }
  }
}
