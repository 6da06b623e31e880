public import TieoutCore

/// A running-balance column checked against the amounts: each row's balance must be the one
/// before it plus the row's amount (oldest first) or the one after it plus its amount (newest
/// first, as most bank exports list). A break means a row is missing, doubled or misread.
///
/// ```swift
/// var balances = RunningBalance(file: "bank.csv", column: 6, name: "Balance", digits: 2)
/// balances.append(line: 2, date: day, amount: 1000, balance: 51000)
/// let warning = balances.firstBreak()
/// ```
public struct RunningBalance: Sendable {
  struct Row: Sendable {
    let line: Int
    let date: Day
    let amount: Int64
    let balance: Int64
  }

  let file: String
  /// The balance column's 1-based number and name, for the message.
  let column: Int
  let name: String
  /// The currency's decimal digits, for the amounts in the message.
  let digits: Int
  private var rows: [Row] = []

  public init(file: String, column: Int, name: String, digits: Int) {
    self.file = file
    self.column = column
    self.name = name
    self.digits = digits
  }

  /// Adds a row that has a balance, in file order.
  public mutating func append(line: Int, date: Day, amount: Int64, balance: Int64) {
    rows.append(Row(line: line, date: date, amount: amount, balance: balance))
  }

  /// The rows of `order` whose balance does not follow from their neighbour's, each with that
  /// neighbour, in the direction and sign convention with the fewest.
  ///
  /// Pair k joins rows k-1 and k. Oldest first: b[k] = b[k-1] + s·a[k]. Newest first:
  /// b[k-1] = b[k] + s·a[k-1], with s = 1 or -1. Amounts and balances are at most 15 digits, so
  /// the sums cannot overflow.
  private func breaks(in order: [Row]) -> (breaks: [(row: Row, before: Row)], sign: Int64) {
    var best: (breaks: [(row: Row, before: Row)], sign: Int64)?
    for (oldestFirst, sign) in [(true, Int64(1)), (false, 1), (true, -1), (false, -1)] {
      var found: [(row: Row, before: Row)] = []
      for k in 1..<order.count {
        let (row, before) = oldestFirst ? (order[k], order[k - 1]) : (order[k - 1], order[k])
        if before.balance + sign * row.amount != row.balance { found.append((row, before)) }
        if let b = best, found.count >= b.breaks.count { break }
      }
      if found.count < (best?.breaks.count ?? Int.max) { best = (found, sign) }
    }
    return best ?? ([], 1)
  }

  /// A warning at the first row whose balance does not follow; nil when every row follows
  /// (or there are fewer than two).
  ///
  /// Rows are taken in file order and, when that breaks, in date order either way (rows of a
  /// day kept in file order): some exports list days newest first but a day's rows oldest
  /// first. Of these orders, and of the two sign conventions (a card statement's balance grows
  /// with charges, which tieout reads as negative), the one with fewest breaks is reported.
  public func firstBreak() -> Diagnostic? {
    guard rows.count >= 2 else { return nil }
    var best = breaks(in: rows)
    if !best.breaks.isEmpty {
      let byDate = rows.indices.sorted { (rows[$0].date, $0) < (rows[$1].date, $1) }.map { rows[$0] }
      let byDateNewestFirst = rows.indices.sorted { (rows[$1].date, $0) < (rows[$0].date, $1) }.map { rows[$0] }
      for order in [byDate, byDateNewestFirst] {
        let b = breaks(in: order)
        if b.breaks.count < best.breaks.count { best = b }
      }
    }
    guard let (row, before) = best.breaks.first else { return nil }
    let sign = best.sign
    func money(_ v: Int64) -> String { Money.groupedString(v, digits: digits) }
    let expected = before.balance + sign * row.amount
    let message =
      "the running balance breaks here: \(name) is \(money(row.balance)), but line \(before.line)'s \(money(before.balance)) \(sign == 1 ? "plus" : "minus") this row's \(money(row.amount)) is \(money(expected))"
    let breaks = best.breaks
    let more = breaks.count > 1 ? "; \(breaks.count - 1) more break\(breaks.count == 2 ? "" : "s") after it" : ""
    return Diagnostic(
      .balanceBreak, .warning, at: SourceLocation(file: file, line: row.line, column: column), message + more,
      hint: "a row is missing, doubled or misread near here: compare the export with the bank's statement")
  }
}
