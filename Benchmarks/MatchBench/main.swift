// The matcher on N bank × N GL rows, 1:1, a 5-day window, as `make bench` runs it:
//   tieout-bench [N ...]      (default 10000 100000 1000000)
//   tieout-bench --amounts-per-row 2 [N ...]
//   tieout-bench --rounds 8 [N ...]
//   tieout-bench --dense [N]  (default 8000: months built to be hard, `denseMonth`)
// Amounts come from a fixed range of 2M values, as a business's amounts do whatever its volume:
// 10× the rows hold more rows of equal amount, so more candidates per row. With
// `--amounts-per-row K` the range is K × N instead, so every size has the same share of
// coinciding amounts: a diagnostic, telling the matcher's own growth from the workload's.
// Rows are made in memory (no CSV), so the figure is the matcher's alone. About 2% of the lines
// have no partner and 1% differ in amount, so the exception passes run too.
//
// How a size is timed: this VM's timings swing by ±30% and more for seconds at a time (other
// tenants' use of memory and cache), so a size timed in one block of five runs took whatever
// spell that block fell in, and the ratio of two sizes read anywhere from 7× to 15× (ten runs
// of the old best-of-five, one afternoon). Here the sizes take turns: each round times every
// size, for at least `slice` seconds (at least one run), and a size's figure is its least time
// over all rounds. Every size then meets the same spells, and the least is the repeatable one.
import Foundation
import TieoutCore
import TieoutIO
import TieoutMatch

func month(_ n: Int, amounts: UInt64) -> EntryStore {
  var rng = SplitMix64(seed: 42)
  var store = EntryStore()
  store.reserveCapacity(rows: 2 * n)
  let bank = store.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
  let gl = store.addOrigin(.init(source: "gl", file: "gl.csv", currency: .usd))
  let start = Day(year: 2026, month: 10, day: 1)!
  var glRows: [(Day, Int64, String)] = []
  glRows.reserveCapacity(n)
  for i in 0..<n {
    let amount = Int64(rng.next() % amounts) - Int64(amounts * 3 / 10)
    let day = start.adding(days: Int(rng.next() % 31))
    let ref = i % 3 == 0 ? String(10_000 + i) : ""
    store.append(origin: bank, line: i + 2, date: day, amount: amount, reference: ref, counterparty: "", description: "LINE \(i)", account: "")
    let r = rng.next() % 100
    if r < 2 { continue }  // missing in GL
    let glAmount = r < 3 ? amount + 900 : amount
    glRows.append((day.adding(days: -Int(rng.next() % 4)), glAmount, ref))
  }
  while glRows.count < n { glRows.append((start.adding(days: Int(rng.next() % 31)), Int64(rng.next() % 500_000), "")) }
  for (k, row) in glRows.enumerated() {
    store.append(origin: gl, line: k + 2, date: row.0, amount: row.1, reference: row.2, counterparty: "", description: "JE \(k)", account: "")
  }
  return store
}

var arguments = Array(CommandLine.arguments.dropFirst())
/// The value of option `name`, removed from the arguments.
@MainActor func option(_ name: String) -> String? {
  guard let k = arguments.firstIndex(of: name), k + 1 < arguments.count else { return nil }
  defer { arguments.removeSubrange(k...(k + 1)) }
  return arguments[k + 1]
}
Allocator.keepFreedMemory()  // as `tieout run` does
let sources = [MatchSource(name: "bank", kind: .bank), MatchSource(name: "gl", kind: .ledger)]

/// A month built to be hard: `n` bank and `n` GL lines of one amount over 28 days, so that every
/// line is a candidate for every other in its 3-day window (about n/4 each), each with its own
/// reference, which its memo names, or all with one reference.
func denseMonth(_ n: Int, oneReference: Bool) -> EntryStore {
  var rng = SplitMix64(seed: 9)
  var store = EntryStore()
  let start = Day(year: 2026, month: 10, day: 1)!
  for (source, step, memo) in [("bank", 1, "DEPOSIT ACME HOLDINGS"), ("gl", 7, "Acme Holdings deposit")] {
    let origin = store.addOrigin(.init(source: source, file: source + ".csv", currency: .usd))
    for k in 0..<n {
      let ref = oneReference ? "X" : "R\(rng.next() % 100_000)"
      store.append(
        origin: origin, line: k + 2, date: start.adding(days: k * step % 28), amount: 5_500, reference: ref,
        counterparty: "", description: "\(memo) \(ref)", account: "")
    }
  }
  return store
}

// `--dense [N]`: the 1:1 text tests on a month of N lines a side with their own references, and
// a month of 5N a side of one reference; each rule the least of three runs.
if let k = arguments.firstIndex(of: "--dense") {
  arguments.remove(at: k)
  let n = arguments.compactMap { Int($0) }.first ?? 8_000
  let own = denseMonth(n, oneReference: false)
  func rule(_ reference: MatchRule.ReferenceTest = .any, _ counterparty: MatchRule.CounterpartyTest = .any) -> MatchRule {
    MatchRule(name: "r", left: .kind(.bank), right: .kind(.ledger), reference: reference, counterparty: counterparty)
  }
  let cases: [(String, EntryStore, MatchRule)] = [
    ("reference similar", own, rule(.similar)), ("reference in-memo", own, rule(.inMemo)),
    ("counterparty similar", own, rule(.any, .similar)),
    ("one reference, \(5 * n) a side", denseMonth(5 * n, oneReference: true), rule()),
  ]
  print("\(n) bank and \(n) GL lines of one amount, 1:1, 3-day window   match s   groups")
  for (what, store, rule) in cases {
    var best = Double.infinity
    var groups = 0
    for _ in 0..<3 {
      let started = Date()
      let result = Matcher(settings: MatchSettings(windowDays: 3, rules: [rule])).match(store, sources: sources)
      best = min(best, Date().timeIntervalSince(started))
      groups = result.groups.count
    }
    print(what.padding(toLength: 64, withPad: " ", startingAt: 0) + String(format: "%7.3f   %6d", best, groups))
  }
  exit(0)
}
let amountsPerRow = option("--amounts-per-row").flatMap { UInt64($0) }
let rounds = max(1, option("--rounds").flatMap { Int($0) } ?? 6)
/// Seconds each size is timed for in a round (at least one run).
let slice = 0.3
let sizes = arguments.compactMap { Int($0) }.isEmpty ? [10_000, 100_000, 1_000_000] : arguments.compactMap { Int($0) }
let rule = MatchRule(name: "bank-gl-1:1", left: .kind(.bank), right: .kind(.ledger), windowDays: 5)
let months = sizes.map { n in month(n, amounts: amountsPerRow.map { $0 * UInt64(n) } ?? 2_000_000) }
var best = [Double](repeating: .infinity, count: sizes.count)
var runs = [Int](repeating: 0, count: sizes.count)
var outcome = [(groups: Int, exceptions: Int)](repeating: (0, 0), count: sizes.count)
for _ in 0..<rounds {
  for (k, store) in months.enumerated() {
    let began = Date()
    repeat {
      let started = Date()
      let result = Matcher(settings: MatchSettings(windowDays: 5, rules: [rule])).match(store, sources: sources)
      best[k] = min(best[k], Date().timeIntervalSince(started))
      runs[k] += 1
      outcome[k] = (result.groups.count, result.exceptions.count)
      // The result is freed here, off the clock: freeing it (a million groups, 56,565
      // exceptions with their lists at 1M) is not matching, and `tieout run` never does.
    } while Date().timeIntervalSince(began) < slice
  }
}
print("rows per side   match s     rows/s (both sides)   groups   exceptions   (least of N runs, in \(rounds) rounds)")
for (k, n) in sizes.enumerated() {
  var line = "\(n)".padding(toLength: 16, withPad: " ", startingAt: 0)
  // Five decimals: at 10k rows a side the match takes under 2 ms.
  line += String(format: "%9.5f   %12.0f          %8d   %8d   (%d runs)", best[k], Double(2 * n) / best[k], outcome[k].groups, outcome[k].exceptions, runs[k])
  if k > 0 {
    line += String(format: "   %.1f× the time for %.0f× the rows", best[k] / best[k - 1], Double(n) / Double(sizes[k - 1]))
  }
  print(line)
}
