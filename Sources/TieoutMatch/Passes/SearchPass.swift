import Algorithms
import TieoutCore

/// N:1 (or 1:N) by amount: for each row of the one side, a bounded search among the many
/// side's rows nearest in date for the few whose sum fits its amount (a deposit slip, a payout
/// net of fees). The search's budget counts work, never time: a month matches the same on a
/// busy machine as on an idle one.
struct SubsetSearchPass: RulePass {
  let name = "subset-search"
  func takes(_ rule: MatchRule) -> Bool { rule.cardinality.hasManySide && rule.cardinality != .manyToMany && rule.groupBy == nil }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    let sides = state.manyAndOne(rule)
    state.searchSubsets(rule, number, many: sides.many, one: sides.one, manyIsLeft: sides.manyIsLeft)
  }
}

extension MatchState {
  /// Whether row `r` is a payment that clears on its own line, never in a batch: a cheque paid
  /// (it clears under its number), a bank fee or a returned item. A search by amount alone
  /// would otherwise add such leftovers up to another (three outstanding cheques to a returned
  /// deposit).
  func clearsAlone(_ r: Int32) -> Bool {
    guard amount(r) < 0 else { return false }
    switch kind(r) {
    case .ledger: return evidence?.namesCheque(r) ?? isCheck(r)
    case .bank: return (evidence?.namesCheque(r) ?? isCheck(r)) || isFee(r) || isReturn(r)
    default: return false
    }
  }

  /// Rows of the many side an N:1 search considers for one row, the nearest by date.
  static let searchWidth = 20

  /// Links each row of `one` with the rows of `many` nearest in date whose sum fits it.
  mutating func searchSubsets(_ rule: MatchRule, _ index: Int32, many: [Int], one: [Int], manyIsLeft: Bool) {
    let mm = maskOf(many), om = maskOf(one)
    // A bounded subset search per row of the one side, nearest dates first.
    struct Row {
      let date: Int32
      let currency: Int32
      let amount: Int64
      let key: UInt64
      let row: Int32
    }
    readEvidence()
    var manyRows = eligibleRows(many, notLinkedWith: om).filter { !clearsAlone($0) }.map {
      Row(date: date($0), currency: currency($0), amount: amount($0), key: key($0), row: $0)
    }
    manyRows.sort { ($0.date, $0.key) < ($1.date, $1.key) }
    func firstIndex(onOrAfter day: Int32) -> Int { manyRows.partitioningIndex { $0.date >= day } }
    let w = calendarWindow(rule)
    // The rule's work so far: rows read into pools and subsets tried. A budget of work, not of
    // time, so that the same month matches the same on a busy machine.
    var work = 0
    var gaveUp = 0, notSearched = 0
    // Rows of a sign the many side lacks cannot be reached: skip them without a search.
    let signs = (positive: manyRows.contains { $0.amount > 0 }, negative: manyRows.contains { $0.amount < 0 })
    let targets = eligibleRows(one, notLinkedWith: mm).filter { (amount($0) > 0 ? signs.positive : signs.negative) && !clearsAlone($0) }
    var pool: [(row: Int32, size: Int64, days: Int, key: UInt64)] = []
    // Runs of consecutive days (`depositRun`) for rules whose sums are equal, not short by a fee.
    let runs: (rows: [Int32], dates: [Int32])? =
      rule.feeBasisPoints == 0 && rule.amount == .equal ? (manyRows.map(\.row), manyRows.map(\.date)) : nil
    for (n, t) in targets.enumerated() {
      if work > settings.searchWorkBudget {
        notSearched = targets.count - n
        break
      }
      guard linkSet.mask[Int(t)] & mm == 0 else { continue }
      let ta = amount(t)
      guard ta != 0 else { continue }
      if let runs, let rows = depositRun(for: t, rule, runs.rows, runs.dates, oneMask: om) {
        work += rows.count
        linkBatch(rule: index, rows, with: t, manyIsLeft: manyIsLeft, reasons: [], score: batchScore(rows, t, keyed: false, ambiguous: false))
        continue
      }
      let range = sumRange(rule, ta, t)
      let d = date(t), c = currency(t)
      // Day by day outward from the row's date (0, −1, +1, −2, …), until the nearest
      // `searchWidth` rows that could take part are found: the cost does not grow with the
      // rows elsewhere in the month.
      pool.removeAll(keepingCapacity: true)
      var scanned = 0
      outward: for offset in 0...(2 * Int(w)) {
        let day = d + Int32(offset % 2 == 0 ? offset / 2 : -(offset + 1) / 2)
        var k = firstIndex(onOrAfter: day)
        var taken = 0
        while k < manyRows.count, manyRows[k].date == day {
          let m = manyRows[k]
          k += 1
          scanned += 1
          if scanned > MatchState.scanLimit { break outward }
          guard m.currency == c, (m.amount > 0) == (ta > 0), m.amount != 0, Int64(m.amount.magnitude) <= range.upperBound,
            linkSet.mask[Int(m.row)] & om == 0
          else { continue }
          let dd = days(d, m.date, business: rule.businessDays)
          guard abs(dd) <= rule.windowDays, !isForbidden(m.row, t) else { continue }
          pool.append((m.row, Int64(m.amount.magnitude), abs(dd), m.key))
          taken += 1
          // The day's later rows (in file order, the same days apart) cannot be among the
          // nearest `searchWidth` now: they are counted as scanned, not read, so the scan limit
          // falls where it would and a day of thousands of lines is not read for each row.
          if taken == MatchState.searchWidth {
            scanned += firstIndex(onOrAfter: day + 1) - k
            if scanned > MatchState.scanLimit { break outward }
            break
          }
        }
        if pool.count >= MatchState.searchWidth && offset % 2 == 0 { break }
      }
      work += scanned
      guard !pool.isEmpty else { continue }
      if pool.count > MatchState.searchWidth {
        pool.sort { ($0.days, $0.key) < ($1.days, $1.key) }
        pool.removeLast(pool.count - MatchState.searchWidth)
      }
      pool.sort { ($0.size, $1.key) > ($1.size, $0.key) }
      let sizes = pool.map(\.size)
      let search = SubsetSearch(sizes: sizes, range: range, maxItems: rule.maxItems, budget: settings.nodeBudget)
      let (solutions, exhausted, nodes) = search.run(limit: 2)
      work += nodes
      guard let first = solutions.first else {
        if exhausted { gaveUp += 1 }
        continue
      }
      let rows = first.map { pool[$0].row }.sorted { key($0) < key($1) }
      let ambiguous = solutions.count > 1
      var reasons: MatchLink.Reasons = []
      if ambiguous { reasons.insert(.ambiguous) }
      linkBatch(rule: index, rows, with: t, manyIsLeft: manyIsLeft, reasons: reasons, score: batchScore(rows, t, keyed: false, ambiguous: ambiguous))
    }
    if gaveUp > 0 {
      notes.append(
        "rule \(rule.name): the search for combinations gave up on \(gaveUp) row\(gaveUp == 1 ? "" : "s") after \(settings.nodeBudget) tries each")
    }
    if notSearched > 0 {
      notes.append(
        "rule \(rule.name): stopped after \(settings.searchWorkBudget) steps of search (rows read and combinations tried); \(notSearched) row\(notSearched == 1 ? " was" : "s were") not searched")
    }
  }
}

/// Finds subsets of `sizes` (sorted largest first) whose sum lies in `range`, depth first,
/// trying at most `budget` subsets: it never runs away, whatever the input.
struct SubsetSearch {
  let sizes: [Int64]
  let range: ClosedRange<Int64>
  let maxItems: Int
  let budget: Int

  /// Up to `limit` solutions (indexes into `sizes`), whether the budget ran out first, and the
  /// subsets tried.
  func run(limit: Int) -> (solutions: [[Int]], exhausted: Bool, nodes: Int) {
    var suffix = [Int64](repeating: 0, count: sizes.count + 1)
    for i in stride(from: sizes.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + sizes[i] }
    var solutions: [[Int]] = []
    var chosen: [Int] = []
    var nodes = 0
    var exhausted = false
    func visit(_ from: Int, _ sum: Int64) {
      if solutions.count >= limit || exhausted { return }
      var i = from
      while i < sizes.count {
        nodes += 1
        if nodes > budget {
          exhausted = true
          return
        }
        let s = sum + sizes[i]
        if s + 0 > range.upperBound {
          i += 1
          continue
        }
        // Even taking everything left cannot reach the range: no later start can either.
        if sum + suffix[i] < range.lowerBound { return }
        chosen.append(i)
        if range.contains(s) {
          solutions.append(chosen)
          if solutions.count >= limit {
            chosen.removeLast()
            return
          }
        }
        if chosen.count < maxItems { visit(i + 1, s) }
        chosen.removeLast()
        if solutions.count >= limit || exhausted { return }
        i += 1
      }
    }
    visit(0, 0)
    return (solutions, exhausted, min(nodes, budget))
  }
}
