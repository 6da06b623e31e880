import PropertyBased
import Testing
import TieoutCore
import TieoutMatch

/// A 1:1 rule pairs as many rows as its window and tolerance allow: after the greedy pass
/// (nearest first) and short paths, rows left out are paired along chains of moves of any
/// length, over every pair the rule allows rather than each row's best 16.
@Suite struct LongerChainsTests {
  /// Ten card receipts of one amount a day, each deposited 0–3 days later, bank and GL on the
  /// deposit day: every receipt has its deposit within the window. Each receipt's 16 nearest
  /// deposits overlap with the next day's, and the greedy pass and 3-deep paths left 13 apart.
  @Test func sameAmountReceiptsDepositedDaysLaterAllPair() {
    var rng = TestRNG(seed: 5)
    var rows: [Entry] = []
    for k in 0..<260 {
      let paid = 1 + k / 10, deposited = paid + [0, 1, 1, 2, 3][Int(rng.next() % 5)]
      rows.append(e("receipts", k + 2, day(paid), 10_000, memo: "Card \(k)"))
      rows.append(e("bank", k + 2, day(deposited), 10_000, memo: "Deposit \(k)"))
      rows.append(e("gl", k + 2, day(deposited), 10_000, memo: "Deposit \(k)"))
    }
    let m = Matcher(settings: MatchSettings(windowDays: 3)).match(rows, sources: threeWay)
    #expect(m.result.exceptions.isEmpty, "\(Dictionary(grouping: m.result.exceptions, by: \.kind.rawValue).mapValues(\.count))")
    #expect(m.result.groups.count == 260 && m.result.groups.allSatisfy { m.result.members(of: $0).count == 3 })
    #expect(m.result.notes.isEmpty)
    // Without the chains, the same month leaves receipts apart: the test can fail.
    let greedy = Matcher(settings: MatchSettings(windowDays: 3, chainBudget: 0)).match(rows, sources: threeWay)
    #expect(greedy.result.exceptions.contains { $0.kind == .missingInBank })
  }

  /// Forty bank and forty GL lines of one amount a day, in different orders in their files,
  /// window 0: every bank line's 16 best candidates were the day's first 16 GL lines in file
  /// order, and the greedy pass paired 16 a day.
  @Test func manyLinesOfOneAmountADayAllPair() {
    var rows: [Entry] = []
    for k in 0..<400 {
      rows.append(e("bank", k + 2, day(1 + k % 10), 4_900, memo: "ACH \(k)"))
      rows.append(e("gl", k + 2, day(1 + (k * 7) % 10), 4_900, memo: "Subscription \(k)"))
    }
    let m = Matcher(settings: MatchSettings(windowDays: 0)).match(rows, sources: bankGL)
    #expect(m.result.exceptions.isEmpty && m.result.groups.count == 400)
    #expect(m.result.links.allSatisfy { $0.score == 90 }, "same day: the best score")
  }

  /// A chain never moves a row off a partner whose reference it shares to a partner whose it
  /// does not: the bank line and GL line of reference R1 stay together, and the other two, six
  /// days apart, are a date outside the window rather than two pairs without evidence.
  @Test func chainsNeverTradeAReferenceMatch() {
    let rows = [
      e("bank", 2, day(5), 12_000, ref: "R1"), e("gl", 2, day(5), 12_000, ref: "R1"),
      e("bank", 3, day(2), 12_000), e("gl", 3, day(8), 12_000),
    ]
    let rule = MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), windowDays: 3)
    for budget in [nil, 0] {
      let m = Matcher(settings: MatchSettings(windowDays: 3, rules: [rule], chainBudget: budget)).match(rows, sources: bankGL)
      #expect(outcome(m) == ["bank:2+gl:2 confirmed", "date-outside-window bank:3+gl:3"], "chain budget \(String(describing: budget))")
    }
  }

  /// On months of few amounts and many rows a day, with no references (so that every pair is
  /// as good as another), the rule pairs as many rows as any pairing within the window can:
  /// the size of a maximum matching, found by plain augmenting paths over every allowed pair.
  /// So does a rule with an amount tolerance, whose partners are of several amounts.
  @Test func asManyPairsAsTheWindowAllows() async {
    await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...3)) { seed, window in
      var rng = TestRNG(seed: UInt64(seed))
      func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
      let amounts: [Int64] = [4_900, 4_900, 4_901, 4_903, 12_000, -4_900]
      var rows: [Entry] = []
      for source in ["bank", "gl"] {
        for line in 2..<(2 + 20 + pick(60)) { rows.append(e(source, line, day(1 + pick(12)), amounts[pick(amounts.count)])) }
      }
      for tolerance in [0, 2] {
        let rule = MatchRule(
          name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), amount: tolerance == 0 ? .equal : .within(Int64(tolerance)),
          windowDays: window)
        let m = Matcher(settings: MatchSettings(windowDays: window, rules: [rule])).match(rows, sources: bankGL)
        let most = Self.maximumMatching(rows, window: window, tolerance: Int64(tolerance))
        #expect(m.result.links.count == most, "month \(seed), window \(window), tolerance \(tolerance)")
        #expect(m.result.notes.isEmpty)
      }
    }
  }

  /// Shuffling the rows of a dense month, where the chains run, never changes the result.
  @Test func shufflingNeverChangesTheChains() async {
    await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...1_000_000)) { seed, order in
      var rng = TestRNG(seed: UInt64(seed))
      func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
      var rows: [Entry] = []
      for k in 0..<(40 + pick(200)) {
        let paid = 1 + pick(20), amount = Int64([10_000, 10_000, 10_050, 5_000][pick(4)])
        rows.append(e("receipts", k + 2, day(paid), amount, memo: "Card \(k)"))
        if pick(10) > 0 { rows.append(e("bank", k + 2, day(paid + pick(4)), amount, ref: pick(4) == 0 ? "R\(pick(5))" : "")) }
        if pick(10) > 0 { rows.append(e("gl", k + 2, day(paid + pick(5)), amount, ref: pick(4) == 0 ? "R\(pick(5))" : "")) }
      }
      let shuffled = { var shuffler = TestRNG(seed: UInt64(order)); return rows.shuffled(using: &shuffler) }()
      // The default rules, and a rule with a tolerance of 1.00 first.
      let tolerant = MatchRule(name: "near", left: .kind(.bank), right: .kind(.ledger), amount: .within(100), windowDays: 2)
      for rules in [nil, [tolerant] + MatchRule.defaults(windowDays: 3)] {
        let settings = MatchSettings(windowDays: 3, rules: rules, periodEnd: Day(iso: "2026-10-31"))
        let a = outcome(Matcher(settings: settings).match(rows, sources: threeWay))
        let b = outcome(Matcher(settings: settings).match(shuffled, sources: threeWay))
        #expect(a == b, "month \(seed), order \(order), \(rules == nil ? "default rules" : "tolerance first")")
      }
    }
  }

  /// A budget too small for the month stops the chains and says so in the notes; every row
  /// still ends in exactly one place.
  @Test func aSmallBudgetStopsAndSaysSo() {
    var rows: [Entry] = []
    for k in 0..<400 {
      rows.append(e("bank", k + 2, day(1 + k % 10), 4_900))
      rows.append(e("gl", k + 2, day(1 + (k * 7) % 10), 4_900))
    }
    let rule = MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), windowDays: 0)
    let m = Matcher(settings: MatchSettings(windowDays: 0, rules: [rule], chainBudget: 50)).match(rows, sources: bankGL)
    #expect(m.result.notes.contains { $0.hasPrefix("rule bank-gl: the search for longer chains of moves stopped after looking at 50 rows") })
    let placed = m.result.groups.flatMap { m.result.members(of: $0) } + m.result.exceptions.flatMap(\.members) + m.result.unpaired
    #expect(placed.count == rows.count && Set(placed).count == rows.count)
    #expect(m.result.groups.count < 400)
  }

  /// The size of a maximum matching of bank and GL rows of one sign at most `tolerance` minor
  /// units and `window` days apart (Kuhn's algorithm, over every pair).
  static func maximumMatching(_ rows: [Entry], window: Int, tolerance: Int64) -> Int {
    let bank = rows.filter { $0.source == "bank" }, gl = rows.filter { $0.source == "gl" }
    let edges = bank.map { b in
      gl.indices.filter {
        let (x, y) = (gl[$0].amount.minorUnits, b.amount.minorUnits)
        return (x < 0) == (y < 0) && abs(x - y) <= tolerance && abs(Int(gl[$0].date.daysSinceEpoch) - Int(b.date.daysSinceEpoch)) <= window
      }
    }
    var owner = [Int](repeating: -1, count: gl.count)
    func augment(_ b: Int, _ seen: inout [Bool]) -> Bool {
      for g in edges[b] where !seen[g] {
        seen[g] = true
        if owner[g] < 0 || augment(owner[g], &seen) {
          owner[g] = b
          return true
        }
      }
      return false
    }
    var size = 0
    for b in bank.indices {
      var seen = [Bool](repeating: false, count: gl.count)
      if augment(b, &seen) { size += 1 }
    }
    return size
  }
}
