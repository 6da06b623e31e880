import PropertyBased
import Testing
import TieoutCore
import TieoutMatch

/// Properties of the matcher over random three-way months: few distinct amounts and dates, so
/// many candidates compete; deposit slips and payouts; duplicates and reversals.
@Suite struct MatcherPropertyTests {
  /// A month made from `seed`: bank, GL and billing rows.
  static func month(_ seed: Int) -> [Entry] {
    var rng = TestRNG(seed: UInt64(seed))
    func pick(_ n: UInt64) -> Int { Int(rng.next() % n) }
    var rows: [Entry] = []
    var lines: [String: Int] = [:]
    func add(_ source: String, _ d: Int, _ amount: Int64, ref: String = "") {
      lines[source, default: 1] += 1
      rows.append(e(source, lines[source]!, day(min(31, max(1, d))), amount, ref: ref))
    }
    for i in 0..<(20 + pick(40)) {
      let d = 1 + pick(28)
      let amount = Int64(1 + pick(5)) * 1_000 * (pick(3) == 0 ? -1 : 1)
      let ref = pick(3) == 0 ? "R\(pick(6))" : ""
      switch pick(10) {
      case 0:  // a deposit slip of two or three receipts
        let parts = (0..<(2 + pick(2))).map { _ in Int64(1 + pick(4)) * 500 }
        let total = parts.reduce(0, +)
        add("bank", d, total)
        add("gl", d - pick(2), total)
        for p in parts { add("receipts", d - pick(3), p) }
      case 1:  // a row on one side only
        add(pick(2) == 0 ? "bank" : "gl", d, amount, ref: ref)
      case 2:  // a reversal pair in the GL
        add("gl", d, amount, ref: "REV\(i)")
        add("gl", d, -amount, ref: "REV\(i)")
      default:
        add("bank", d, amount, ref: ref)
        add("gl", d - pick(4), amount + (pick(15) == 0 ? 100 : 0), ref: ref)
        if amount > 0 && pick(2) == 0 { add("receipts", d - pick(2), amount) }
      }
    }
    return rows
  }

  static let sources = [
    MatchSource(name: "bank", kind: .bank), MatchSource(name: "gl", kind: .ledger),
    MatchSource(name: "receipts", kind: .receipts),
  ]

  @Test func shufflingTheInputNeverChangesTheResult() async {
    await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...1_000_000)) { seed, order in
      let rows = Self.month(seed)
      var rng = TestRNG(seed: UInt64(order))
      let settings = MatchSettings(windowDays: 3, periodEnd: Day(iso: "2026-10-31"))
      let a = outcome(Matcher(settings: settings).match(rows, sources: Self.sources))
      let b = outcome(Matcher(settings: settings).match(rows.shuffled(using: &rng), sources: Self.sources))
      #expect(a == b, "month \(seed), order \(order)")
    }
  }

  @Test func everyRowEndsInExactlyOnePlaceAndTheTotalsTie() async {
    await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000)) { seed in
      let rows = Self.month(seed)
      let (store, r) = Matcher(settings: .init(periodEnd: Day(iso: "2026-10-31"))).match(rows, sources: Self.sources)
      let placed = r.groups.flatMap { r.members(of: $0) } + r.exceptions.flatMap(\.members) + r.unpaired
      #expect(placed.count == rows.count && Set(placed).count == rows.count, "month \(seed)")
      func total(_ s: String) -> Int64 { rows.filter { $0.source == s }.reduce(0) { $0 + $1.amount.minorUnits } }
      func grouped(_ s: String) -> Int64 {
        r.groups.flatMap { r.members(of: $0) }.filter { store.originOf(Int($0)).source == s }.reduce(0) { $0 + store.amount(Int($1)) }
      }
      let exceptions = r.exceptions.reduce(0) { $0 + $1.difference }
      #expect(exceptions + grouped("bank") - grouped("gl") == total("bank") - total("gl"), "month \(seed)")
    }
  }

  /// A 1:1 rule on equal amounts pairs each amount's rows on their own; that must give exactly
  /// the links, scores and exceptions of pairing the whole rule at once, which is what a
  /// tolerance does (`within 0.00` finds the same candidates). Few amounts and many rows per
  /// day, so rows compete and the augmenting paths run.
  @Test func pairingAmountByAmountEqualsPairingTheWholeRule() async {
    await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...4)) { seed, window in
      Self.expectAmountByAmountIsTheWholeRule(Self.month(seed), window: window, "month \(seed), window \(window)")
    }
  }

  /// So with hundreds of rows of an amount, where a row takes its candidates nearest first
  /// instead of reading its whole window (`MatchState.nearestFirst`), and references that repeat,
  /// at times so often that a row has more rows with its reference in its window than it keeps
  /// candidates.
  @Test func pairingDenseAmountsEqualsPairingTheWholeRule() async {
    await propertyCheck(count: 16, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...4)) { seed, window in
      var rng = TestRNG(seed: UInt64(seed))
      func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
      // A third of the rows with one of eight references, or three quarters with one or two.
      let (mostRows, pool) = [(false, 8), (true, 1), (true, 2)][seed % 3]
      var rows: [Entry] = []
      for source in ["bank", "gl"] {
        for line in 2..<(2 + 100 + pick(300)) {
          let withReference = mostRows ? pick(4) != 0 : pick(3) == 0
          let ref = withReference ? "R\(pick(pool))" : ""
          rows.append(e(source, line, "2026-10-" + String(10 + pick(12)), [4_900, 4_900, 12_000][pick(3)], ref: ref))
        }
      }
      Self.expectAmountByAmountIsTheWholeRule(rows, window: window, "month \(seed), window \(window)")
    }
  }

  /// Expects the same links (rows, score, reasons), groups, exceptions and nearest candidates
  /// from a 1:1 rule on equal amounts as from one `within 0.00`, by reference `any` and `in-memo`.
  static func expectAmountByAmountIsTheWholeRule(_ rows: [Entry], window: Int, _ what: String) {
    func run(_ amount: MatchRule.AmountTest, reference: MatchRule.ReferenceTest) -> [String] {
      let rule = MatchRule(
        name: "1:1", left: .kind(.bank), right: .kind(.ledger), amount: amount, windowDays: window, reference: reference)
      let settings = MatchSettings(windowDays: window, rules: [rule], periodEnd: Day(iso: "2026-10-31"))
      let m = Matcher(settings: settings).match(rows, sources: Self.sources)
      func name(_ i: Int32) -> String { "\(m.store.originOf(Int(i)).source):\(m.store.line(Int(i)))" }
      let links = m.result.links.map { l in
        m.result.linkRows[Int(l.start)..<Int(l.start + l.leftCount + l.rightCount)].map(name).joined(separator: "+")
          + " score \(l.score) reasons \(l.reasons.rawValue)"
      }
      return links + outcome(m) + m.result.exceptions.map { x in x.candidates.map { name($0.row) }.joined(separator: ",") }
    }
    for reference in [MatchRule.ReferenceTest.any, .inMemo] {
      let byAmount = run(.equal, reference: reference), whole = run(.within(0), reference: reference)
      let first = zip(byAmount, whole).first { $0 != $1 }.map { "\($0) against \($1)" }
      #expect(byAmount.count == whole.count && first == nil, "\(what), \(reference): \(first ?? "")")
      #expect(!byAmount.isEmpty)
    }
  }
}
