import Algorithms
import TieoutCore

/// Deposit slips of many cheques: a slip often holds every cheque received over one to three
/// days, more than a bounded subset search can pick out of a day's rows. Before that search,
/// an N:1 rule of equal sums tries the runs: every row of the many side not placed yet, dated
/// on consecutive days within the window up to the one side's row, whose sum is its amount
/// (or is, but for one of them).
extension MatchState {
  /// Most rows a run may hold: a slip of a few dozen cheques. A run of more is a day's
  /// business at volume, not a slip.
  static let runLimit = 60

  /// The run of `byDate` (many-side rows sorted by date, then canonical order; `dates` their
  /// dates) for row `t` of the one side: rows of its currency and sign not linked with
  /// `oneMask`, dated on consecutive days from at most the rule's window before `t` up to
  /// `t`'s date, adding up to `t`'s amount. The run ending nearest `t` first, then the shortest;
  /// when no run does, the first run that does without one of its rows (the first such in
  /// canonical order); nil when none does, or every run holds fewer than two rows or more than
  /// `runLimit`.
  func depositRun(for t: Int32, _ rule: MatchRule, _ byDate: [Int32], _ dates: [Int32], oneMask: UInt32) -> [Int32]? {
    let d = date(t), c = currency(t), target = amount(t)
    guard target != 0 else { return nil }
    let first = d - calendarWindow(rule)
    // Each day's rows that may take part, from `t`'s day back; reading stops at a day of more
    // than `runLimit` (no run reaches past it) or after `runScanned` rows read.
    var days: [(sum: Int64, rows: [Int32])] = []
    var scanned = 0
    var day = d
    reading: while day >= first {
      var today: (sum: Int64, rows: [Int32]) = (0, [])
      var k = dates.partitioningIndex { $0 >= day }
      while k < dates.count && dates[k] == day {
        let r = byDate[k]
        k += 1
        scanned += 1
        if scanned > MatchState.runScanned { break reading }
        guard currency(r) == c, (amount(r) > 0) == (target > 0), amount(r) != 0, linkSet.mask[Int(r)] & oneMask == 0,
          abs(self.days(d, date(r), business: rule.businessDays)) <= rule.windowDays, !isForbidden(r, t)
        else { continue }
        today.sum += amount(r)
        today.rows.append(r)
        if today.rows.count > MatchState.runLimit { break reading }
      }
      days.append(today)
      day -= 1
    }
    // Runs days[end...start] (days[0] is `t`'s day), nearest end first, then shortest; a run
    // but one row of it (a payment of those days that went elsewhere, such as a wire whose bank
    // line is short of it) after every whole run.
    var butOne: [Int32]?
    for end in days.indices {
      var sum: Int64 = 0, count = 0
      for start in end..<days.count {
        sum += days[start].sum
        count += days[start].rows.count
        if count > MatchState.runLimit { break }
        if count >= 2 && sum == target { return days[end...start].flatMap(\.rows).sorted { key($0) < key($1) } }
        if butOne == nil && count >= 3 && (sum > target) == (target > 0) && sum != target {
          let run = days[end...start].flatMap(\.rows).sorted { key($0) < key($1) }
          if let stray = run.firstIndex(where: { amount($0) == sum - target }) { butOne = run.enumerated().filter { $0.offset != stray }.map(\.element) }
        }
      }
    }
    return butOne
  }

  /// Most rows read for one row's runs: a month of thousands of rows a day has no runs.
  static let runScanned = 400
}
