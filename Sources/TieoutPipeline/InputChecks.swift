import TieoutCore
import TieoutReports
import TieoutImport

/// Checks of a month's imported files as a whole, made before matching.
extension Pipeline {
  /// A warning when a file holds no rows, or none dated in the period: a wrong export or a
  /// wrong period, which would otherwise show only as empty sheets and KPIs of "—".
  static func datesOutsidePeriod(_ r: ImportResult, period: Period) -> Diagnostic? {
    let at = SourceLocation.wholeFile(r.file)
    guard r.store.count > 0 else {
      guard r.rejected.isEmpty else { return nil }  // its rows are listed as rejected or ignored
      return Diagnostic(.noRows, .warning, at: at, "\(r.file) holds no rows; source \(r.source) is empty this month")
    }
    var first = r.store.date(0), last = first
    for i in 0..<r.store.count {
      let d = r.store.date(i)
      if period.contains(d) { return nil }
      first = min(first, d)
      last = max(last, d)
    }
    return Diagnostic(
      .noRows, .warning, at: at,
      "none of the \(r.store.count) rows of \(r.file) is dated in the period \(period.start) to \(period.end): its dates run from \(first) to \(last)",
      hint: "is this the right month's export, or the right period in tieout.yaml?")
  }

  /// Checks that the magnitudes of every imported amount add up to at most
  /// ``Money/largestMonthTotal``, so that no total, difference or subtotal of the run can
  /// overflow.
  ///
  /// - Throws: ``TieoutError`` `bad-amount` at the row where the sum passes the limit.
  static func checkMonthTotal(_ results: [ImportResult]) throws(TieoutError) {
    // Unsigned: one magnitude is at most 2^63 and the sum before it at most 2^61.
    var sum: UInt64 = 0
    for r in results {
      for i in 0..<r.store.count {
        sum += r.store.amount(i).magnitude
        guard sum <= UInt64(Money.largestMonthTotal) else {
          throw TieoutError(
            .badAmount, at: r.store.location(i),
            "the month's amounts add up past what tieout can total (\(Money.groupedString(Money.largestMonthTotal, digits: 2)) for a currency of cents); this row passes it",
            hint: "an amount this large is almost always a misread column: check the template's amount column and decimal separator")
        }
      }
    }
  }

  /// A warning when the month's sources are in more than one currency: the rows show each in
  /// its own and the KPIs read the reporting currency's rows only, but the Summary's totals and
  /// unreconciled amount add amounts across them.
  static func severalCurrencies(_ summaries: [SourceSummary]) -> Diagnostic? {
    let codes = Set(summaries.filter { $0.entries > 0 }.map(\.currency.code))
    guard codes.count > 1, let report = summaries.first?.currency.code else { return nil }
    let others = summaries.filter { $0.entries > 0 && $0.currency.code != report }
    return Diagnostic(
      .severalCurrencies, .warning, at: nil,
      "the month holds amounts in \(codes.sorted().joined(separator: " and ")): \(others.map { "\($0.name) is in \($0.currency.code)" }.joined(separator: ", ")); each row shows its own currency and the KPIs count \(report) rows only, but the Summary's totals and unreconciled amount add them as \(report)",
      hint: "reconcile each currency's accounts in a month folder of their own")
  }
}
