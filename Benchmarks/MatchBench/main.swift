// The matcher on N bank × N GL rows, 1:1, a 5-day window, as `make bench` runs it:
//   tieout-bench [N ...]      (default 10000 100000 1000000)
//   tieout-bench --amounts-per-row 2 [N ...]
// Amounts come from a fixed range of 2M values, as a business's amounts do whatever its volume:
// 10× the rows hold more rows of equal amount, so more candidates per row. With
// `--amounts-per-row K` the range is K × N instead, so every size has the same share of
// coinciding amounts: a diagnostic, telling the matcher's own growth from the workload's.
// Rows are made in memory (no CSV), so the figure is the matcher's alone, the best of five
// runs. About 2% of the lines have no partner and 1% differ in amount, so the exception passes
// run too.
import Foundation
import TieoutCore
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
var amountsPerRow: UInt64?
if let k = arguments.firstIndex(of: "--amounts-per-row"), k + 1 < arguments.count {
  amountsPerRow = UInt64(arguments[k + 1])
  arguments.removeSubrange(k...(k + 1))
}
let sizes = arguments.compactMap { Int($0) }
Allocator.keepFreedMemory()  // as `tieout run` does
let rule = MatchRule(name: "bank-gl-1:1", left: .kind(.bank), right: .kind(.ledger), windowDays: 5)
let sources = [MatchSource(name: "bank", kind: .bank), MatchSource(name: "gl", kind: .ledger)]
print("rows per side   match s     rows/s (both sides)   groups   exceptions")
var previous: (Int, Double)?
for n in sizes.isEmpty ? [10_000, 100_000, 1_000_000] : sizes {
  let store = month(n, amounts: amountsPerRow.map { $0 * UInt64(n) } ?? 2_000_000)
  // Best of five: this VM's timings vary ±30% from run to run (other tenants' use of memory
  // and cache), and the best is the repeatable one.
  var seconds = Double.infinity
  var result: MatchResult?
  for _ in 0..<5 {
    // The previous run's result is freed before the clock starts: freeing it (a million groups,
    // 56,565 exceptions with their lists at 1M) is not matching, and `tieout run` never does.
    result = nil
    let started = Date()
    result = Matcher(settings: MatchSettings(windowDays: 5, rules: [rule])).match(store, sources: sources)
    seconds = min(seconds, Date().timeIntervalSince(started))
  }
  guard let result else { continue }
  var line = "\(n)".padding(toLength: 16, withPad: " ", startingAt: 0)
  // Five decimals: at 10k rows a side the match takes under 2 ms.
  line += String(format: "%9.5f   %12.0f          %8d   %8d", seconds, Double(2 * n) / seconds, result.groups.count, result.exceptions.count)
  if let (pn, ps) = previous { line += String(format: "   (%.1f× the time for %.0f× the rows)", seconds / ps, Double(n) / Double(pn)) }
  print(line)
  previous = (n, seconds)
}
