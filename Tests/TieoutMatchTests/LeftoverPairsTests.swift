import PropertyBased
import Testing
import TieoutCore
import TieoutMatch

/// The passes that pair leftover lines (amount mismatches, dates outside the window, reversals)
/// must take exactly the pairs that listing every pair and taking them in order would take, and
/// must not take time in the product of a group's sides.
@Suite struct LeftoverPairsTests {
  /// A month of bank and GL lines of few amounts, days over three months (some lines far
  /// outside the window), few references and memos, both signs: many lines compete.
  static func month(_ seed: Int, lines: Int) -> [Entry] {
    var rng = TestRNG(seed: UInt64(seed))
    func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    let start = Day(iso: "2026-09-01")!
    var rows: [Entry] = []
    for source in ["bank", "gl"] {
      for line in 2..<(2 + pick(lines) + 1) {
        let amount = Int64([4_900, 4_950, 5_000, 12_000, 12_025][pick(5)]) * (pick(3) == 0 ? -1 : 1)
        let day = start.adding(days: pick(3) == 0 ? pick(91) : 30 + pick(31))
        rows.append(
          Entry(
            source: source, location: SourceLocation(file: source + ".csv", line: line), date: day,
            amount: Money(minorUnits: amount, currency: .usd), reference: ["", "", "R1", "R2", "ACH"][pick(5)],
            counterparty: "", description: ["DEPOSIT", "RETURN", "WIRE"][pick(3)]))
      }
    }
    return rows
  }

  /// What the three passes take from the lines no group holds, by listing every pair and taking
  /// each in its order when both lines are free: "kind first+second", first in file order for a
  /// reversal, the bank line for the others.
  static func expected(_ rows: [Entry], leftover: Set<String>, window: Int) -> Set<String> {
    func name(_ x: Entry) -> String { "\(x.source):\(x.location.line)" }
    func key(_ x: Entry) -> (Int, Int) { (x.source == "bank" ? 0 : 1, x.location.line) }
    func days(_ a: Entry, _ b: Entry) -> Int { abs(Int(b.date.daysSinceEpoch) - Int(a.date.daysSinceEpoch)) }
    let lines = rows.filter { leftover.contains(name($0)) }
    let bank = lines.filter { $0.source == "bank" }, gl = lines.filter { $0.source == "gl" }
    var used = Set<String>()
    var taken = Set<String>()
    // Each pair in the order of its keys, taken when both lines are free; named as given.
    func take(_ kind: String, _ pairs: [(Entry, Entry, keys: [Int])]) {
      for (a, b, _) in pairs.sorted(by: { $0.keys.lexicographicallyPrecedes($1.keys) }) where !used.contains(name(a)) && !used.contains(name(b)) {
        used.formUnion([name(a), name(b)])
        taken.insert("\(kind) \(name(a))+\(name(b))")
      }
    }
    func amountOf(_ x: Entry) -> Int64 { x.amount.minorUnits }
    // Amount mismatch: one reference, one sign, different amounts, inside the window.
    take(
      "amount-mismatch",
      bank.flatMap { b in
        gl.filter { g in
          !b.reference.isEmpty && b.reference == g.reference && (amountOf(b) < 0) == (amountOf(g) < 0) && amountOf(b) != amountOf(g)
            && days(b, g) <= window
        }.map { g in (b, g, keys: [Int((amountOf(b) - amountOf(g)).magnitude), days(b, g), key(b).1, key(g).1]) }
      })
    // Date outside the window: one amount, up to 62 days apart; the same reference first.
    take(
      "date-outside-window",
      bank.flatMap { b in
        gl.filter { g in amountOf(b) == amountOf(g) && days(b, g) > window && days(b, g) <= 62 }.map { g in
          (b, g, keys: [!b.reference.isEmpty && b.reference == g.reference ? 0 : 1, days(b, g), key(b).1, key(g).1])
        }
      })
    // Reversals: +x and −x in one source, the same text (the reference, else the memo); by days
    // apart, the + line, the − line, each pair named in file order.
    func text(_ x: Entry) -> String { x.reference.isEmpty ? "memo " + x.description : "ref " + x.reference }
    take(
      "reversal",
      lines.filter { amountOf($0) > 0 }.flatMap { a in
        lines.filter { b in b.source == a.source && amountOf(b) == -amountOf(a) && days(a, b) <= window && text(a) == text(b) }.map { b in
          let (x, y) = key(a) < key(b) ? (a, b) : (b, a)
          return (x, y, keys: [days(a, b), key(a).1, key(b).1])
        }
      })
    return taken
  }

  static func check(_ seed: Int, lines: Int, window: Int) {
    let rows = month(seed, lines: lines)
    let rule = MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), windowDays: window)
    let m = Matcher(settings: MatchSettings(windowDays: window, rules: [rule])).match(rows, sources: bankGL)
    func name(_ i: Int32) -> String { "\(m.store.originOf(Int(i)).source):\(m.store.line(Int(i)))" }
    let grouped = Set(m.result.groups.flatMap { m.result.members(of: $0).map(name) })
    let leftover = Set(rows.map { "\($0.source):\($0.location.line)" }).subtracting(grouped)
    let kinds: Set<ExceptionKind> = [.amountMismatch, .dateOutsideWindow, .reversal]
    let found = Set(m.result.exceptions.filter { kinds.contains($0.kind) }.map { "\($0.kind.rawValue) " + $0.members.map(name).joined(separator: "+") })
    let want = expected(rows, leftover: leftover, window: window)
    #expect(found == want, "month \(seed), window \(window): found but not expected \(found.subtracting(want).sorted()), expected but not found \(want.subtracting(found).sorted())")
  }

  @Test func leftoverPairsAreThoseOfTakingEveryPairInOrder() async {
    await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...5)) { seed, window in
      Self.check(seed, lines: 80, window: window)
    }
    // Larger months: more lines of each amount, reference and day.
    for seed in 1...3 { Self.check(seed, lines: 600, window: 3) }
  }

  /// A GL deposit at the period's end with no bank line takes, of the receipts of its amount
  /// within the window not yet taken, the first in file order; GL lines in file order.
  @Test func depositsInTransitTakeTheFirstReceiptInTheWindow() async {
    await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...5)) { seed, window in
      var rng = TestRNG(seed: UInt64(seed))
      func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
      let gl = (0..<(1 + pick(60))).map { k in e("gl", k + 2, "2026-10-\(20 + pick(12))", [4_900, 5_000, 12_000][pick(3)], memo: "Deposit \(k)") }
      let receipts = (0..<(1 + pick(60))).map { k in e("receipts", k + 2, "2026-10-\(15 + pick(17))", [4_900, 5_000, 12_000][pick(3)], memo: "R\(k)") }
      // In file order, each GL line in the window before the period's end takes the first free
      // receipt of its amount at most `window` days away.
      var taken = Set<Int>()
      var want = Set<String>()
      for g in gl where g.date.daysSinceEpoch > Day(iso: "2026-10-31")!.daysSinceEpoch - Int32(window) {
        guard let r = receipts.first(where: { r in
          !taken.contains(r.location.line) && r.amount == g.amount && abs(Int(r.date.daysSinceEpoch) - Int(g.date.daysSinceEpoch)) <= window
        }) else { continue }
        taken.insert(r.location.line)
        want.insert("deposit-in-transit gl:\(g.location.line)+receipts:\(r.location.line)")
      }
      let rules = [
        MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), windowDays: window),
        MatchRule(name: "receipt-to-deposit", left: .kind(.receipts), right: .kind(.bank), windowDays: window),
      ]
      let m = Matcher(settings: MatchSettings(windowDays: window, rules: rules, periodEnd: Day(iso: "2026-10-31"))).match(gl + receipts, sources: threeWay)
      let found = Set(outcome(m).filter { $0.hasPrefix("deposit-in-transit") && $0.contains("+") })
      #expect(found == want, "month \(seed), window \(window)")
    }
  }

  /// Thousands of leftover lines of one amount on both sides: each pass pairs them all, in
  /// time near the lines', not their pairs' (listing every pair, 2,000 a side took over a
  /// second, and 20,000 would have taken hours and gigabytes).
  @Test func thousandsOfLeftoverLinesOfOneAmount() {
    let n = 3000
    let rule = MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger), windowDays: 3)
    let matcher = Matcher(settings: MatchSettings(windowDays: 3, rules: [rule]))
    func kinds(_ rows: [Entry]) -> [String: Int] {
      Dictionary(grouping: matcher.match(rows, sources: bankGL).result.exceptions, by: \.kind.rawValue).mapValues(\.count)
    }
    // GL lines dated two weeks after the bank's.
    let far = (0..<n).flatMap { k in [e("bank", k + 2, day(1 + k % 10), 4_900), e("gl", k + 2, day(20 + k % 10), 4_900)] }
    #expect(kinds(far) == ["date-outside-window": n])
    // One reference on every line, a few amounts on each side.
    var refs: [Entry] = []
    for k in 0..<n {
      refs.append(e("bank", k + 2, day(1 + k % 28), 4_900 + Int64(k % 7) * 100, ref: "ACH"))
      refs.append(e("gl", k + 2, day(1 + k % 28), 4_950 + Int64(k % 5) * 100, ref: "ACH"))
    }
    #expect(kinds(refs)["amount-mismatch"] ?? 0 >= n - 10)
    // Deposits and their returns in the bank.
    var returns: [Entry] = []
    for k in 0..<n {
      returns.append(e("bank", 2 * k + 2, day(1 + k % 28), 4_900, memo: "ACH"))
      returns.append(e("bank", 2 * k + 3, day(1 + (k + 2) % 28), -4_900, memo: "ACH"))
    }
    #expect(kinds(returns)["reversal"] ?? 0 >= n - 4)
    // Receipts of invoices and GL lines at month end, no bank: deposits in transit.
    var transit: [Entry] = []
    for k in 0..<n {
      transit.append(e("gl", k + 2, day(29 + k % 3), 4_900, memo: "Deposit \(k)"))
      transit.append(e("receipts", k + 2, day(29 + (k + 1) % 3), 4_900, memo: "INV-\(k)"))
      transit.append(e("invoices", k + 2, "2026-09-02", 4_900, ref: "INV-\(k)"))
    }
    let billing = bankGL + [MatchSource(name: "receipts", kind: .receipts), MatchSource(name: "invoices", kind: .invoices)]
    let m = Matcher(settings: MatchSettings(windowDays: 3)).match(transit, sources: billing)
    #expect(m.result.exceptions.count == n, "\(Dictionary(grouping: m.result.exceptions, by: { "\($0.kind.rawValue) \($0.members.count)" }).mapValues(\.count)) groups \(m.result.groups.count)")
    #expect(m.result.exceptions.allSatisfy { $0.kind == .depositInTransit && $0.members.count == 3 })
  }
}
