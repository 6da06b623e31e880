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
      // The same, with each item made as it is moved.
      let made = RadixSort.sorted(count: n, keys: keys, bits: bits, rowsPerRange: rowsPerRange) { $0 }
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

  /// Exceptions are listed by kind in the order the kinds are declared; `ordinal`, which the
  /// listing sorts on, must follow it.
  @Test func exceptionKindsOrderAsDeclared() {
    #expect(ExceptionKind.allCases.map(\.ordinal) == Array(ExceptionKind.allCases.indices))
  }

  /// Amounts and dates packed into one key, or compared when they cannot be (amounts spanning
  /// more than 64 bits): both orders are currency, amount, date, then canonical order. Rows
  /// sorted in one piece, and moved into ranges first (made as they are moved).
  @Test(arguments: [(Int64(90_000), 1 << 17), (Int64(90_000), 100), (Int64.max / 2, 1 << 17), (Int64.max / 2, 100)])
  func sortedByAmountMatchesComparing(spread: Int64, rowsPerRange: Int) {
    var rng = SplitMix64(seed: 11)
    var rows: [Entry] = []
    for i in 0..<3000 {
      let amount = Int64(bitPattern: rng.next()) % spread
      let day = Day(daysSinceEpoch: 20_000 + Int32(rng.next() % 40))
      rows.append(
        Entry(
          source: i % 3 == 0 ? "gl" : "bank", location: SourceLocation(file: "x.csv", line: i + 2), date: day,
          amount: Money(minorUnits: amount, currency: i % 7 == 0 ? .eur : .usd), reference: "", counterparty: "",
          description: ""))
    }
    var store = EntryStore()
    for r in rows { store.append(r) }
    let engine = Engine(store: store, sources: bankGL, settings: MatchSettings())
    let canonical = engine.rowsBySource.flatMap { $0 }
    let sorted = engine.sortedByAmount(canonical, rowsPerRange: rowsPerRange)
    let compared = canonical.enumerated().map { k, r in
      Engine.Sorted(
        currency: engine.currency(r), date: engine.date(r), amount: engine.amount(r), row: r,
        index: Int32(k), ref: engine.refKey(r))
    }.sorted()
    #expect(sorted.count == compared.count)
    let differs = sorted.indices.first { k in
      (sorted[k].row, sorted[k].index, sorted[k].ref, sorted[k].amount) != (compared[k].row, compared[k].index, compared[k].ref, compared[k].amount)
    }
    #expect(differs == nil)
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
        let equal = x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in Engine.normalizedEqual(x, y) } }
        let (tx, ty) = (x.withUnsafeBufferPointer { Engine.Keyed.Text($0) }, y.withUnsafeBufferPointer { Engine.Keyed.Text($0) })
        if tx.isKept && ty.isKept { #expect((tx == ty) == equal, "\(a) / \(b)") }
        // Longer than 15 once normalized, or not ASCII: left to the texts.
        if a == "abcdefghijklmnop" || a.contains("Ü") || a.contains("ç") { #expect(!tx.isKept, "\(a)") }
        if a == "abcdefghijklmno" || a == "INV-01042" { #expect(tx.isKept, "\(a)") }
      }
    }
  }
}
