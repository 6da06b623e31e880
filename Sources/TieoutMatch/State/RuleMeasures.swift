import TieoutCore

/// How a rule measures the distance between rows: amounts within its tolerance, dates within
/// its window, and how far any pass searches for one row.
extension MatchState {
  /// Rows scanned at most for one row's candidates.
  static let scanLimit = 4096

  /// How far from `a` an amount may be under `rule`, in the minor units of row `r`'s currency.
  func tolerance(_ rule: MatchRule, _ a: Int64, _ r: Int32) -> Int64 {
    switch rule.amount {
    case .equal: 0
    case .within: rule.amount.minorUnits(digits: rowIndex.minorDigits(r))
    case .withinBasisPoints(let bp): Int64(clamping: (Int(a.magnitude) / 10_000) * bp + (Int(a.magnitude % 10_000) * bp) / 10_000)
    case .partial: 0
    }
  }

  /// The range the many side's sum may take for a one-side amount `t`: equal, within the
  /// amount tolerance, or short of the sum by up to the fee share.
  func sumRange(_ rule: MatchRule, _ t: Int64, _ r: Int32) -> ClosedRange<Int64> {
    let m = Int64(t.magnitude)
    let tol = tolerance(rule, t, r)
    var hi = m + tol
    if rule.feeBasisPoints > 0 {
      let kept = Int64(10_000 - min(rule.feeBasisPoints, 9_999))
      let (sum, overflow) = Money.share(m, times: 10_000, over: kept, roundingUp: false).addingReportingOverflow(tol)
      hi = overflow ? Int64.max : sum
    }
    return max(0, m - tol)...hi
  }

  /// Days from `from` to `to`, calendar or business days.
  func days(_ from: Int32, _ to: Int32, business: Bool) -> Int {
    business
      ? settings.calendar.businessDays(from: Day(daysSinceEpoch: from), to: Day(daysSinceEpoch: to)) : Int(to) - Int(from)
  }

  /// A calendar window wide enough to hold `rule`'s window (business days span weekends and
  /// holidays).
  func calendarWindow(_ rule: MatchRule) -> Int32 {
    guard rule.businessDays else { return Int32(min(rule.windowDays, 400)) }
    let span = rule.windowDays + 2 * (rule.windowDays / 5 + 1) + 2
    return Int32(min(span + 2 * settings.calendar.mostHolidays(within: 2 * span), 400))
  }
}
