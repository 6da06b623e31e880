import Testing
import TieoutCore
@testable import TieoutMatch

/// The radix sort the matcher orders whole sources with must give exactly what comparing gives:
/// ties are broken on it, so a difference would change which rows pair.
@Suite struct SortTests {
  /// In one range, and in many (a small `rowsPerRange`), including ranges left empty and keys
  /// every item shares.
  @Test func radixSortIsTheStableComparisonOrder() {
    var rng = SplitMix64(seed: 7)
    let cases: [(n: Int, bits: Int, rowsPerRange: Int)] = [
      (0, 1, 64), (1, 1, 64), (2, 1, 64), (1000, 3, 64), (1000, 0, 64), (5000, 20, 64), (5000, 20, 1 << 17), (5000, 64, 64),
      (5000, 64, 1 << 17), (20_000, 26, 300), (3000, 40, 5),
    ]
    for (n, bits, rowsPerRange) in cases {
      let keys = (0..<n).map { _ in bits == 64 ? rng.next() : rng.next() & ((1 << UInt64(bits)) - 1) }
      let expected = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
      var items = Array(keys.indices)
      RadixSort.sort(&items, keys: keys, bits: bits, rowsPerRange: rowsPerRange)
      #expect(items.count == n)
      #expect(items.indices.first { items[$0] != expected[$0] } == nil, "n \(n), bits \(bits), rows per range \(rowsPerRange): first difference")
      // The same, each item made from its sorted key, its position and the value moved with it.
      let made = RadixSort.sorted(keys: keys, bits: bits, rowsPerRange: rowsPerRange, value: { UInt32($0 * 7 + 1) }) { key, i, value in
        #expect(key == keys[i] && value == UInt32(i * 7 + 1))
        return i
      }
      #expect(made == expected, "made: n \(n), bits \(bits), rows per range \(rowsPerRange)")
    }
  }

  /// Ordering by several keys is the stable comparison of their tuples, whatever the keys'
  /// spreads: signed values, keys all equal, keys using all 64 bits.
  @Test func orderByKeysIsTheStableTupleOrder() {
    var rng = SplitMix64(seed: 5)
    for n in [0, 1, 2, 50, 3000, 200_000] {
      let small = (0..<n).map { _ in Int64(rng.next() % 7) - 3 }
      let wide = (0..<n).map { _ in Int64(bitPattern: rng.next()) }
      let same = [UInt64](repeating: 42, count: n)
      let flags = (0..<n).map { _ in rng.next() % 2 == 0 }
      let order = RadixSort.order(
        n, by: [small.map { RadixSort.key($0) }, same, flags.map { RadixSort.key($0) }, wide.map { RadixSort.key($0) }])
      let expected = (0..<n).sorted { a, b in
        (small[a], flags[a] ? 1 : 0, wide[a], a) < (small[b], flags[b] ? 1 : 0, wide[b], b)
      }
      #expect(order.map(Int.init) == expected, "n \(n)")
    }
    // Ties keep their order.
    #expect(RadixSort.order(4, by: [[1, 0, 1, 0]]) == [1, 3, 0, 2])
  }

  /// The 1:1 rule sorts each amount's candidate pairs by `rank`; it must order them as
  /// `precedes` does: stronger reference, nearer date, later rather than earlier, file order.
  @Test func pairRankOrdersAsPrecedence() {
    var rng = SplitMix64(seed: 3)
    for n in [2, 3, 5, 16, 17, 200] {
      let pairs = (0..<n).map { _ in
        MatchState.Pair(
          left: 0, right: 0, leftAt: 0, rightAt: 0, amountDiff: 0, leftIndex: Int32(rng.next() % 4),
          rightIndex: Int32(rng.next() % 4), days: Int32(rng.next() % 11) - 5, strength: Int8(rng.next() % 4), reasons: [])
      }
      var sorted = pairs
      MatchState.sortByPrecedence(&sorted, from: 0)
      let expected = pairs.sorted { $0.precedes($1) }
      func fields(_ p: MatchState.Pair) -> [Int] { [Int(p.strength), Int(p.days), Int(p.leftIndex), Int(p.rightIndex)] }
      #expect(sorted.map(fields) == expected.map(fields), "\(n) pairs")
      #expect(zip(sorted, expected).allSatisfy { !$0.precedes($1) && !$1.precedes($0) }, "\(n) pairs")
    }
  }

  /// Exceptions are listed by kind in the order the kinds are declared; `ordinal`, which the
  /// listing sorts on, must follow it.
  @Test func exceptionKindsOrderAsDeclared() {
    #expect(ExceptionKind.allCases.map(\.ordinal) == Array(ExceptionKind.allCases.indices))
  }

  /// Amounts and dates packed into one key, or compared when they cannot be (amounts spanning
  /// more than 64 bits): both orders are currency, amount, date, then canonical order. Rows
  /// sorted in one piece, and moved into ranges first (made from their sorted keys).
  @Test(arguments: [(Int64(90_000), 1 << 17), (Int64(90_000), 100), (Int64.max / 2, 1 << 17), (Int64.max / 2, 100)])
  func sortedByAmountMatchesComparing(spread: Int64, rowsPerRange: Int) {
    // A store in canonical order (bank, then GL; each source's euro rows in a.csv, read before
    // its dollar rows in b.csv), and one that is not (GL first, and the euro rows an origin of
    // their own inside x.csv, which canonical order puts before or after the others).
    for inOrder in [true, false] {
      var rng = SplitMix64(seed: 11)
      var store = EntryStore()
      for i in 0..<3000 {
        // Every tenth row of one of seven amounts: runs of rows of one amount and date.
        let amount = i % 10 == 0 ? Int64(i % 7) * 100 : Int64(bitPattern: rng.next()) % spread
        let day = Day(daysSinceEpoch: 20_000 + Int32(rng.next() % 40))
        let euro = inOrder ? i % 2000 < 150 : i % 7 == 0
        let source = (inOrder ? i < 2000 : i >= 1000) ? "bank" : "gl"
        store.append(
          Entry(
            source: source, location: SourceLocation(file: inOrder ? (euro ? "a.csv" : "b.csv") : "x.csv", line: i + 2),
            date: day, amount: Money(minorUnits: amount, currency: euro ? .eur : .usd),
            reference: i % 4 == 0 ? "INV-\(i % 50)" : "", counterparty: "", description: ""))
      }
      let engine = MatchState(store: store, sources: bankGL, settings: MatchSettings())
      #expect(engine.inCanonicalOrder == inOrder)
      // Each source's rows, all rows (bank first), and every other row of each source.
      let everyOther = engine.rowsBySource.map { rows in rows.indices.filter { $0 % 2 == 0 }.map { rows[$0] } }
      for canonical in engine.rowsBySource + [engine.rowsBySource.flatMap { $0 }] + everyOther {
        var runs: [Int32: Int32]? = [:]
        let sorted = engine.sortedByAmount(canonical, rowsPerRange: rowsPerRange, runs: &runs)
        let compared = canonical.enumerated().map { k, r in
          SortedRow(
            currency: engine.currency(r), date: engine.date(r), amount: engine.amount(r), row: r,
            index: Int32(k), ref: engine.refKey(r))
        }.sorted()
        #expect(sorted.count == compared.count)
        let differs = sorted.indices.first { k in
          let (a, b) = (sorted[k], compared[k])
          return (a.row, a.index, a.ref, a.amount, a.currency, a.date) != (b.row, b.index, b.ref, b.amount, b.currency, b.date)
        }
        #expect(differs == nil, "in order \(inOrder), \(canonical.count) rows: \(differs.map { (sorted[$0], compared[$0]) }.debugDescription)")
        // The runs: every row sharing currency, amount and date with another, with where its
        // run starts.
        var expected: [Int32: Int32] = [:]
        var start = 0
        while start < compared.count {
          let x = compared[start]
          let end = compared[start...].firstIndex { ($0.currency, $0.amount, $0.date) != (x.currency, x.amount, x.date) } ?? compared.count
          if end - start > 1 { for y in compared[start..<end] { expected[y.row] = Int32(start) } }
          start = end
        }
        #expect(!expected.isEmpty)
        #expect(runs == expected, "in order \(inOrder), \(canonical.count) rows: \(expected.count) rows in runs")
      }
    }
  }

  /// The join by reference compares the short keys it keeps instead of reading the texts again;
  /// kept or not, two keys agree exactly when their normalized texts do.
  @Test func keptKeysAgreeAsTheirTexts() {
    let texts = [
      "INV-1042", "inv 1042", "INV-01042", "INV-1043", "", "  ", "0042", "42", "A0042", "A42", "CHK 10483",
      "abcdefghijklmno", "ABCDEFGHIJKLMNO", "abcdefghijklmnop", "ABCDEFGHIJKLMNOP", "Zahlung Nr. 7", "zahlung nr 7",
      "Überweisung 7", "UBERWEISUNG 7", "çà 12", "INV-1042/1043", "INV10421043",
    ]
    for a in texts {
      for b in texts {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        let equal = x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in ReferenceText.equal(x, y) } }
        let (tx, ty) = (x.withUnsafeBufferPointer { MatchState.Keyed.Text($0) }, y.withUnsafeBufferPointer { MatchState.Keyed.Text($0) })
        if tx.isKept && ty.isKept { #expect((tx == ty) == equal, "\(a) / \(b)") }
        // Longer than 15 once normalized, or not ASCII: left to the texts.
        if a == "abcdefghijklmnop" || a.contains("Ü") || a.contains("ç") { #expect(!tx.isKept, "\(a)") }
        if a == "abcdefghijklmno" || a == "INV-01042" { #expect(tx.isKept, "\(a)") }
      }
    }
  }
}
