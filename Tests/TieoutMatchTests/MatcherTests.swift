import Testing
import TieoutCore
import TieoutMatch

func entry(_ source: String, _ line: Int, _ date: String, _ minor: Int64, ref: String = "") -> Entry {
  Entry(
    source: source, location: SourceLocation(file: source + ".csv", line: line),
    date: Day(iso: date) ?? Day(daysSinceEpoch: 0), amount: Money(minorUnits: minor, currency: .usd), reference: ref)
}

/// A stable summary of a result: groups as bank line → GL line, exceptions as kind and lines.
func shape(_ m: (store: EntryStore, result: MatchResult)) -> [String] {
  func name(_ i: Int) -> String { "\(m.store.originOf(i).source):\(m.store.line(i))" }
  return m.result.groups.map { "\($0.id) " + m.result.members(of: $0).map { name(Int($0)) }.joined(separator: "+") }
    + m.result.exceptions.map { "\($0.id) \($0.kind.rawValue) " + $0.members.map { name(Int($0)) }.joined(separator: "+") + " \($0.difference)" }
}

@Suite struct MatcherTests {
  @Test func pairsEqualAmountsWithinTheWindow() {
    let bank = [entry("bank", 2, "2026-10-05", 10_000), entry("bank", 3, "2026-10-20", -2_500)]
    let gl = [entry("gl", 2, "2026-10-03", 10_000), entry("gl", 3, "2026-10-10", -2_500)]
    let m = Matcher(settings: .init(windowDays: 3)).match(bank: bank, ledger: gl)
    // Equal amounts 10 days apart: the same line, dated outside the window.
    #expect(shape(m) == ["G1 bank:2+gl:2", "E1 date-outside-window bank:3+gl:3 0"])
    #expect(m.result.links[0].dayDifference == -2)
    #expect(m.result.explanation(of: m.result.groups[0], m.store) == "bank-gl-1:1: amount equal; gl date -2 days")
    #expect(m.result.explanation(of: m.result.exceptions[0], m.store, windowDays: 3) == "bank 2026-10-20 and gl 2026-10-10 are both -25.00 but 10 days apart, outside the 3-day window")
  }

  @Test func equalReferenceBreaksTies() {
    let bank = [entry("bank", 2, "2026-10-05", 5_000, ref: "1042")]
    let gl = [entry("gl", 2, "2026-10-05", 5_000, ref: "1041"), entry("gl", 3, "2026-10-07", 5_000, ref: "001042")]
    let m = Matcher().match(bank: bank, ledger: gl)
    #expect(shape(m).first == "G1 bank:2+gl:3")
    #expect(m.result.explanation(of: m.result.groups[0], m.store).contains("reference 1042 equal"))
  }

  @Test func nearerDateWinsWithoutReferences() {
    let bank = [entry("bank", 2, "2026-10-05", 5_000)]
    let gl = [entry("gl", 2, "2026-10-02", 5_000), entry("gl", 3, "2026-10-06", 5_000)]
    #expect(shape(Matcher().match(bank: bank, ledger: gl)).first == "G1 bank:2+gl:3")
  }

  @Test func amountMismatchAndTransposition() {
    let bank = [entry("bank", 9, "2026-10-25", -123_400, ref: "10482")]
    let gl = [entry("gl", 4, "2026-10-23", -124_300, ref: "10482")]
    let m = Matcher().match(bank: bank, ledger: gl)
    #expect(shape(m) == ["E1 amount-mismatch bank:9+gl:4 900"])
    #expect(m.result.explanation(of: m.result.exceptions[0], m.store, windowDays: 3).contains("transposed"))
  }

  @Test func sameReferenceOutsideTheWindowIsNotAMismatch() {
    let m = Matcher().match(bank: [entry("bank", 2, "2026-10-01", -100, ref: "7")], ledger: [entry("gl", 2, "2026-10-20", -90, ref: "7")])
    #expect(m.result.exceptions.map(\.kind) == [.missingInLedger, .missingInBank])
  }

  @Test func currenciesNeverMatchEachOther() {
    let eur = Entry(source: "gl", location: .init(file: "gl.csv", line: 2), date: Day(iso: "2026-10-01")!, amount: Money(minorUnits: 100, currency: .eur))
    let m = Matcher().match(bank: [entry("bank", 2, "2026-10-01", 100)], ledger: [eur])
    #expect(m.result.groups.isEmpty)
  }

  /// Shuffling the input never changes the result.
  @Test(arguments: 1...20)
  func resultDoesNotDependOnInputOrder(seed: UInt64) {
    var rng = TestRNG(seed: seed)
    var bank: [Entry] = [], gl: [Entry] = []
    for i in 0..<120 {
      // Few distinct amounts and dates, so many candidates compete.
      let amount = Int64(rng.next() % 6 + 1) * 1_000 * (i % 3 == 0 ? -1 : 1)
      let day = 1 + Int(rng.next() % 10)
      let date = "2026-10-" + (day < 10 ? "0" : "") + String(day)
      bank.append(entry("bank", i + 2, date, amount, ref: i % 4 == 0 ? "R\(i % 8)" : ""))
      let glDay = min(28, day + Int(rng.next() % 4))
      gl.append(entry("gl", i + 2, "2026-10-" + (glDay < 10 ? "0" : "") + String(glDay), amount + (i % 17 == 0 ? 5 : 0), ref: i % 4 == 0 ? "R\(i % 8)" : ""))
    }
    let expected = shape(Matcher().match(bank: bank, ledger: gl))
    let shuffled = shape(Matcher().match(bank: bank.shuffled(using: &rng), ledger: gl.shuffled(using: &rng)))
    #expect(shuffled == expected)
    // Nothing lost: every line is in exactly one place.
    let r = Matcher().match(bank: bank, ledger: gl).result
    let placed = r.groups.flatMap { r.members(of: $0) } + r.exceptions.flatMap(\.members)
    #expect(placed.count == 240)
    #expect(Set(placed).count == 240)
    let differences = r.exceptions.reduce(0) { $0 + $1.difference }
    let bankTotal = bank.reduce(0) { $0 + $1.amount.minorUnits }, glTotal = gl.reduce(0) { $0 + $1.amount.minorUnits }
    #expect(differences == bankTotal - glTotal)
  }
}

struct TestRNG: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
  mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }
}
