import Testing
import TieoutCore
import TieoutMatch

// Imported without @testable: a pass written outside the module sees only the public API.

/// A kind of rule the matcher does not have: all of a day's bank lines with all of that day's
/// GL lines, when the day's totals agree (a bank that posts a day's card takings as the GL's
/// several lines, or the other way round).
struct DailyTotalsPass: RulePass {
  let name = "daily-totals"
  func takes(_ rule: MatchRule) -> Bool { false }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    let store = state.entries
    func byDay(_ rows: [Int32]) -> [Int32: [Int32]] {
      Dictionary(grouping: rows) { store.date(Int($0)).daysSinceEpoch }
    }
    let left = byDay(state.candidates(rule.left, notLinkedWith: rule.right))
    let right = byDay(state.candidates(rule.right, notLinkedWith: rule.left))
    for day in left.keys.sorted() {
      guard let l = left[day], let r = right[day] else { continue }
      let total = { (rows: [Int32]) in rows.reduce(Int64(0)) { $0 + store.amount(Int($1)) } }
      guard total(l) == total(r), !l.contains(where: { a in r.contains { state.forbids(a, $0) } }) else { continue }
      state.link(rule: number, left: l, right: r, reasons: .byGroupKey, score: 90)
    }
    state.note("rule \(rule.name): daily totals compared")
  }
}

@Suite struct RulePassTests {
  /// A new kind of rule is one type registered with the matcher: no edit of the engine. Its
  /// links become groups, and the rows it leaves become exceptions as any rule's do.
  @Test func aPassRegisteredFromOutsideTheModuleLinksRows() {
    let bank = [entry("bank", 2, "2026-10-05", 30_000), entry("bank", 3, "2026-10-06", 5_000), entry("bank", 4, "2026-10-09", 7_000)]
    let gl = [
      entry("gl", 2, "2026-10-05", 10_000), entry("gl", 3, "2026-10-05", 20_000), entry("gl", 4, "2026-10-06", 4_000),
      entry("gl", 5, "2026-10-09", 7_000),
    ]
    let rules = [
      MatchRule(name: "bank-gl-1:1", left: .kind(.bank), right: .kind(.ledger)),
      MatchRule(name: "day-totals", left: .kind(.bank), right: .kind(.ledger), cardinality: .manyToMany, pass: "daily-totals"),
    ]
    let matcher = Matcher(settings: MatchSettings(rules: rules), passes: RulePasses.builtIn + [DailyTotalsPass()])
    let m = matcher.match(bank: bank, ledger: gl)
    #expect(shape(m) == ["G1 bank:2+gl:2+gl:3", "G2 bank:4+gl:5", "E1 missing-in-gl bank:3 5000", "E2 missing-in-bank gl:4 -4000"], "\(shape(m))")
    let daily = m.result.groups.first { m.result.ruleName(of: $0) == "day-totals" }
    #expect(daily.map { m.result.members(of: $0).count } == 3)
    #expect(m.result.notes.contains("rule day-totals: daily totals compared"))
    // Without the pass, the rule names a pass that is not there: it is skipped and the user told.
    let without = Matcher(settings: MatchSettings(rules: rules)).match(bank: bank, ledger: gl)
    #expect(without.result.notes.contains { $0.contains("day-totals") && $0.contains("no pass is named \"daily-totals\"") })
    #expect(without.result.groups.count == 1)
  }

  /// Each built-in kind takes the rules of its shape, so the default rules run as before.
  @Test func eachBuiltInPassTakesItsRules() {
    func pass(_ rule: MatchRule) -> String? {
      RulePasses.builtIn.first { $0.takes(rule) }?.name
    }
    let kinds = Dictionary(uniqueKeysWithValues: MatchRule.defaults(windowDays: 3).map { ($0.name, pass($0)) })
    #expect(kinds["bank-gl-1:1"] == "one-to-one")
    #expect(kinds["receipt-to-deposit"] == "one-to-one")
    #expect(kinds["gl-batch-to-bank"] == "subset-search")
    #expect(kinds["deposit-slip"] == "subset-search")
    #expect(kinds["payout-net-of-fees"] == "subset-search")
    #expect(kinds["payout-by-id"] == "group-key")
    #expect(kinds["receipt-to-invoice"] == "keyed-to-reference")
    #expect(pass(MatchRule(name: "nm", left: .kind(.bank), right: .kind(.ledger), cardinality: .manyToMany, groupBy: .reference)) == "many-to-many")
    // Every built-in name is distinct, so `pass:` names one.
    #expect(Set(RulePasses.builtIn.map(\.name)).count == RulePasses.builtIn.count)
  }

  /// A rule may name its pass outright; a named built-in pass runs it whatever its shape says.
  @Test func aRuleThatNamesABuiltInPassRunsIt() {
    let bank = [entry("bank", 2, "2026-10-05", 30_000)]
    let gl = [entry("gl", 2, "2026-10-05", 10_000), entry("gl", 3, "2026-10-06", 20_000)]
    let named = MatchRule(name: "slips", left: .kind(.ledger), right: .kind(.bank), cardinality: .manyToOne, pass: "subset-search")
    let m = Matcher(settings: MatchSettings(rules: [named])).match(bank: bank, ledger: gl)
    #expect(shape(m) == ["G1 bank:2+gl:2+gl:3"], "\(shape(m))")
  }
}

@Suite struct KeywordTests {
  /// Leftover bank charges and GL cheques are told by words in the settings, in the languages
  /// of the bundled templates' banks; a month's own list replaces the standard one.
  @Test func feesAndChequesAreToldByTheSettingsWords() {
    func kinds(_ settings: MatchSettings, bank: [(String, Int64)], gl: [(String, Int64)]) -> [String] {
      var n = 1
      func make(_ source: String, _ text: String, _ amount: Int64) -> Entry {
        n += 1
        return Entry(
          source: source, location: SourceLocation(file: source + ".csv", line: n), date: Day(iso: "2026-10-05")!,
          amount: Money(minorUnits: amount, currency: .eur), description: text)
      }
      let m = Matcher(settings: settings).match(
        bank: bank.map { make("bank", $0.0, $0.1) }, ledger: gl.map { make("gl", $0.0, $0.1) })
      return m.result.exceptions.map { "\($0.kind.rawValue) \(m.store.fields(Int($0.members[0])).description)" }
    }
    let bank = [("Gebühren Kontoführung", Int64(-1_250)), ("COMISIÓN MANTENIMIENTO", -900), ("Frais de tenue de compte", -300), ("Coffee Shop", -450)]
    let gl = [("Scheck 1042 Müller", Int64(-50_000)), ("Chèque 77 Dupont", -20_000), ("Lastschrift Miete", -90_000)]
    let standard = Set(kinds(MatchSettings(), bank: bank, gl: gl))
    #expect(standard.isSuperset(of: ["fee Gebühren Kontoführung", "fee COMISIÓN MANTENIMIENTO", "fee Frais de tenue de compte"]))
    #expect(standard.contains("missing-in-gl Coffee Shop"))
    #expect(standard.isSuperset(of: ["outstanding-check Scheck 1042 Müller", "outstanding-check Chèque 77 Dupont", "missing-in-bank Lastschrift Miete"]))
    // A month's own words replace the standard ones.
    var own = MatchSettings()
    own.keywords = Keywords(fee: ["Coffee"], cheque: ["Lastschrift"])
    let replaced = Set(kinds(own, bank: bank, gl: gl))
    #expect(replaced.contains("fee Coffee Shop"))
    #expect(replaced.contains("missing-in-gl Gebühren Kontoführung"))
    #expect(replaced.contains("outstanding-check Lastschrift Miete"))
    #expect(replaced.contains("missing-in-bank Scheck 1042 Müller"))
    // Three wire fees of one amount on one day are three fees, not a fee and two duplicates.
    let fees = kinds(MatchSettings(), bank: [("WIRE FEE", -1_500), ("WIRE FEE", -1_500), ("WIRE FEE", -1_500)], gl: [])
    #expect(fees == ["fee WIRE FEE", "fee WIRE FEE", "fee WIRE FEE"], "\(fees)")
  }
}
