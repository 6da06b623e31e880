import TieoutCore

/// A row of the side being searched, sorted by currency, amount, date and canonical order.
///
/// 32 bytes: in a large month every pass over the list streams it from memory. The lists are
/// made from rows in canonical order, so within one list `index` orders rows as their
/// canonical keys do; across the lists of whole sources, (source, `index`) does.
struct SortedRow: Comparable {
  let currency: Int32
  let date: Int32
  let amount: Int64
  let row: Int32
  /// The row's position in the list that was sorted, which was in canonical order.
  let index: Int32
  /// The row's reference key: the 1:1 search reads it for every candidate, and from here it
  /// comes with the row instead of from a random place in a row-sized array.
  let ref: UInt32
  static func < (a: SortedRow, b: SortedRow) -> Bool {
    (a.currency, a.amount, a.date, a.index) < (b.currency, b.amount, b.date, b.index)
  }
}

extension SortedRow {
  /// First index in `a` whose (currency, amount, date) is not below the given one.
  static func lowerBound(_ a: [SortedRow], _ lo: Int, _ hi: Int, _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var lo = lo, hi = hi
    while lo < hi {
      let mid = (lo + hi) / 2
      if (a[mid].currency, a[mid].amount, a[mid].date) < (c, x, d) { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// `lowerBound` for an answer expected near `lo`: steps of 1, 2, 4… from `lo`, then a binary
  /// search in the last step. Touches a few neighbouring rows instead of the whole list's middles.
  static func lowerBound(near lo: Int, _ a: [SortedRow], _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var lo = lo, hi = lo, step = 1
    while hi < a.count, (a[hi].currency, a[hi].amount, a[hi].date) < (c, x, d) {
      lo = hi + 1
      hi = lo + step
      step *= 2
    }
    return lowerBound(a, lo, min(hi, a.count), c, x, d)
  }

  /// Rows `lowerBound(walkingFrom:)` steps over one by one before it gallops.
  static let walk = 64

  /// `lowerBound(near:)` for a search that moves through a list larger than the cache a few
  /// rows at a time (`Nearest.candidates`): up to `walk` rows one by one, which the processor
  /// streams in, then galloping, whose every step waits for its row.
  static func lowerBound(walkingFrom lo: Int, _ a: [SortedRow], _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var at = lo
    while at < min(a.count, lo + walk) {
      if (a[at].currency, a[at].amount, a[at].date) >= (c, x, d) { return at }
      at += 1
    }
    return lowerBound(near: at, a, c, x, d)
  }
}

/// The lists of whole sources sorted by amount, kept once a pass sorted one: the exceptions' nearest
/// candidates search them again at the end, and the duplicates pass finds twins in their runs.
struct SortedSides {
  /// Whole sources sorted by amount (`sortedByAmount(rowsBySource[s])`), by source index.
  var bySource: [Int: [SortedRow]] = [:]
  /// For each list in `bySource`, the rows that share their currency, amount and date with
  /// another row of the list, each with the position its run of such rows starts at: where the
  /// duplicates pass looks for a row's twin.
  var runs: [Int: [Int32: Int32]] = [:]
}

/// (currency, amount, date) packed into one 64-bit key, each as an offset from its smallest
/// value; nil when the three spans need more than 64 bits.
struct Packing {
  let lo: (c: Int32, a: Int64, d: Int32)
  let aShift: UInt64, cShift: UInt64
  let bits: Int

  init?(_ lo: (c: Int32, a: Int64, d: Int32), _ hi: (c: Int32, a: Int64, d: Int32)) {
    func bits(_ span: UInt64) -> Int { 64 - span.leadingZeroBitCount }
    let cBits = bits(UInt64(Int64(hi.c) - Int64(lo.c))), dBits = bits(UInt64(Int64(hi.d) - Int64(lo.d)))
    let aSpan = hi.a.subtractingReportingOverflow(lo.a)
    let aBits = bits(UInt64(aSpan.partialValue))
    guard !aSpan.overflow, cBits + aBits + dBits <= 64 else { return nil }
    self.lo = lo
    (aShift, cShift, self.bits) = (UInt64(dBits), UInt64(dBits + aBits), cBits + aBits + dBits)
  }

  @inline(__always) func key(_ c: Int32, _ a: Int64, _ d: Int32) -> UInt64 {
    UInt64(Int64(c) - Int64(lo.c)) << cShift | UInt64(a - lo.a) << aShift | UInt64(Int64(d) - Int64(lo.d))
  }

  /// The currency, amount and date `key` was packed from.
  @inline(__always) func values(_ key: UInt64) -> (Int32, Int64, Int32) {
    // Shifts of 64 bits give 0, so a field of no bits is its smallest value.
    let d = key & ~(~0 << aShift), a = (key >> aShift) & ~(~0 << (cShift - aShift))
    return (Int32(Int64(key >> cShift) + Int64(lo.c)), Int64(bitPattern: a) &+ lo.a, Int32(Int64(d) + Int64(lo.d)))
  }
}

extension MatchState {
  /// `rows`, which are in canonical order, sorted by currency, amount, date and canonical order.
  ///
  /// (currency, amount, date) is packed into one 64-bit key, offsets from the smallest value,
  /// and radix-sorted by ranges that fit the cache (`RadixSort.sort`); the sort is stable, so
  /// canonical order breaks ties. Ranges too wide to pack (amounts spanning more than ~2^40
  /// with many currencies) fall back to comparing.
  func sortedByAmount(_ rows: [Int32], rowsPerRange: Int = RadixSort.rowsPerRange) -> [SortedRow] {
    var runs: [Int32: Int32]?
    return sortedByAmount(rows, rowsPerRange: rowsPerRange, runs: &runs)
  }

  /// `sortedByAmount(rows)`; when `runs` is not nil, also the rows that share their currency,
  /// amount and date with another (`SortedSides.runs`). Above 128k rows the sort notes them
  /// from its sorted keys, while they are in cache, so the duplicates pass need not read the
  /// whole list again.
  func sortedByAmount(_ rows: [Int32], rowsPerRange: Int = RadixSort.rowsPerRange, runs: inout [Int32: Int32]?) -> [SortedRow] {
    assert(RowIndex.isSorted(rows, by: { key($0) < key($1) }), "rows must come in canonical order")
    guard let r0 = rows.first else {
      if runs != nil { runs = [:] }
      return []
    }
    // The runs of `list`, found by reading it once.
    func runsRead(_ list: [SortedRow]) -> [Int32: Int32] {
      var found: [Int32: Int32] = [:]
      var start = 0
      for j in list.indices.dropFirst() {
        let (x, y) = (list[j], list[start])
        guard (x.currency, x.amount, x.date) == (y.currency, y.amount, y.date) else {
          start = j
          continue
        }
        if j == start + 1 { found[y.row] = Int32(start) }
        found[x.row] = Int32(start)
      }
      return found
    }
    @inline(__always) func made(_ k: Int) -> SortedRow {
      let r = rows[k]
      return SortedRow(currency: currency(r), date: date(r), amount: amount(r), row: r, index: Int32(k), ref: refKey(r))
    }
    var lo = (c: currency(r0), a: amount(r0), d: date(r0)), hi = lo
    @inline(__always) func widen(_ c: Int32, _ a: Int64, _ d: Int32) {
      lo = (min(lo.c, c), min(lo.a, a), min(lo.d, d))
      hi = (max(hi.c, c), max(hi.a, a), max(hi.d, d))
    }
    guard RadixSort.movesIntoRanges(rows.count, rowsPerRange: rowsPerRange) else {
      // The rows and their bounds in one pass, then the keys from the rows made: for a side
      // that fits the cache, faster than making the rows from their sorted keys as below.
      var list = [SortedRow](unsafeUninitializedCapacity: rows.count) { out, count in
        for k in rows.indices {
          let x = made(k)
          widen(x.currency, x.amount, x.date)
          (out.baseAddress! + k).initialize(to: x)
        }
        count = rows.count
      }
      if let packing = Packing(lo, hi) {
        RadixSort.sort(&list, keys: list.map { packing.key($0.currency, $0.amount, $0.date) }, bits: packing.bits, rowsPerRange: rowsPerRange)
      } else {
        list.sort()
      }
      if runs != nil { runs = runsRead(list) }
      return list
    }
    // Larger sides are moved into ranges: the bounds and the keys are read from the store, and
    // each row is made from its sorted key, once and in order (`RadixSort.sorted`).
    for r in rows { widen(currency(r), amount(r), date(r)) }
    guard let packing = Packing(lo, hi) else {
      let list = rows.indices.map(made).sorted()
      if runs != nil { runs = runsRead(list) }
      return list
    }
    let keys = rows.map { r in packing.key(currency(r), amount(r), date(r)) }
    // Rows of a whole source read in one piece are consecutive in the store: then a row is its
    // position's offset from the first, not a read at random in `rows`. (In a store in canonical
    // order, `rows` ascend, so spanning as many rows as they are means consecutive.)
    let first = rows[0], consecutive = inCanonicalOrder && Int(rows[rows.count - 1] - first) == rows.count - 1
    @inline(__always) func row(_ k: Int) -> Int32 { consecutive ? first + Int32(k) : rows[k] }
    // Runs of equal keys, as the sort finds them: (start, first row, row).
    var equal: [(Int32, Int32, Int32)] = []
    let list = RadixSort.sorted(
      keys: keys, bits: packing.bits, rowsPerRange: rowsPerRange, value: { refKey(rows[$0]) },
      make: { key, k, ref in
        let (c, a, d) = packing.values(key)
        return SortedRow(currency: c, date: d, amount: a, row: row(k), index: Int32(k), ref: ref)
      },
      equal: runs == nil ? nil : { start, i, k in equal.append((Int32(start), row(i), row(k))) })
    if runs != nil {
      var found: [Int32: Int32] = [:]
      found.reserveCapacity(2 * equal.count)
      for (start, a, b) in equal {
        found[a] = start
        found[b] = start
      }
      runs = found
    }
    return list
  }

  /// The rows of `indexes`' sources not linked with `other`, sorted by amount; a whole source's
  /// list is kept in `sortedSources`. `eligible` is those rows when the caller has them.
  mutating func sortedSide(_ indexes: [Int], notLinkedWith other: UInt32, eligible: [Int32]? = nil) -> [SortedRow] {
    let rows = eligible ?? eligibleRows(indexes, notLinkedWith: other)
    guard indexes.count == 1, rows.count == rowsBySource[indexes[0]].count else { return sortedByAmount(rows) }
    if let kept = sortedSides.bySource[indexes[0]] { return kept }
    var runs: [Int32: Int32]? = [:]
    let list = sortedByAmount(rows, runs: &runs)
    sortedSides.bySource[indexes[0]] = list
    sortedSides.runs[indexes[0]] = runs
    return list
  }

}
