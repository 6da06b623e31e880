public import TieoutCore

/// A running-balance column checked against the amounts: each row's balance must be the one
/// before it plus the row's amount (oldest first) or the one after it plus its amount (newest
/// first, as most bank exports list). A break means a row is missing, doubled or misread.
///
/// The file order is checked as rows arrive, in all four conventions at once (either
/// direction, either sign: a card statement's balance grows with charges, which tieout reads as
/// negative), so a file whose balances follow costs four comparisons a row and nothing more.
/// Only when every convention breaks are the rows also taken in date order (some exports list
/// days newest first but a day's rows oldest first), from the entry store and the balances kept
/// (12 bytes a row).
///
/// ```swift
/// var balances = RunningBalance(file: "bank.csv", column: 6, name: "Balance", digits: 2)
/// balances.append(row: 0, amount: 1000, balance: 51000)   // row: the entry's index in the store
/// let warning = balances.firstBreak(in: store)
/// ```
public struct RunningBalance: Sendable {
  let file: String
  /// The balance column's 1-based number and name, for the message.
  let column: Int
  let name: String
  /// The currency's decimal digits, for the amounts in the message.
  let digits: Int
  /// The store index of each row with a balance, and the balance.
  private var rows: [Int32] = []
  private var balances: [Int64] = []
  /// Per convention (oldest first +, newest first +, oldest first −, newest first −): breaks in
  /// file order so far, and the first (the row whose balance does not follow, its neighbour).
  /// Four counters rather than an array: they are counted once a row of the import.
  private var breaks0 = 0, breaks1 = 0, breaks2 = 0, breaks3 = 0
  private var first: [(row: Int, before: Int)?] = [nil, nil, nil, nil]
  private static let conventions: [(oldestFirst: Bool, sign: Int64)] = [(true, 1), (false, 1), (true, -1), (false, -1)]

  public init(file: String, column: Int, name: String, digits: Int) {
    self.file = file
    self.column = column
    self.name = name
    self.digits = digits
  }

  /// Makes room for `count` rows.
  public mutating func reserveCapacity(_ count: Int) {
    rows.reserveCapacity(count)
    balances.reserveCapacity(count)
  }

  /// Adds a row that has a balance, in file order: `row` is its index in the store, and
  /// `amount` its amount there.
  public mutating func append(row: Int, amount: Int64, balance: Int64) {
    if let before = balances.last {
      // Oldest first, this balance is the one before it ± this amount; newest first, the one
      // before it is this balance ± that row's amount (`previousAmount`). Amounts and balances
      // are at most 15 digits, so the difference cannot overflow. The four tests are written
      // out rather than looped over `conventions`: this runs once a row of the import.
      let step = balance - before
      let here = rows.count
      if step != amount { breaks0 += 1; if breaks0 == 1 { first[0] = (here, here - 1) } }
      if step != -previousAmount { breaks1 += 1; if breaks1 == 1 { first[1] = (here - 1, here) } }
      if step != -amount { breaks2 += 1; if breaks2 == 1 { first[2] = (here, here - 1) } }
      if step != previousAmount { breaks3 += 1; if breaks3 == 1 { first[3] = (here - 1, here) } }
    }
    previousAmount = amount
    rows.append(Int32(truncatingIfNeeded: row))
    balances.append(balance)
  }

  private var previousAmount: Int64 = 0

  /// A warning at the first row whose balance does not follow; nil when every row follows
  /// (or there are fewer than two).
  ///
  /// Of the file order and the date orders either way (a day's rows kept in file order), and of
  /// the four conventions, the one with fewest breaks is reported.
  ///
  /// - Parameter store: the store the rows were appended to, for their dates, amounts and lines.
  public func firstBreak(in store: EntryStore) -> Diagnostic? {
    let breaks = [breaks0, breaks1, breaks2, breaks3]
    guard rows.count >= 2, var best = Self.conventions.indices.min(by: { breaks[$0] < breaks[$1] }) else { return nil }
    guard breaks[best] > 0, var at = first[best] else { return nil }
    var count = breaks[best]
    // Every convention breaks in file order: try the date orders.
    let byDate = rows.indices.sorted { (store.date(Int(rows[$0])), $0) < (store.date(Int(rows[$1])), $1) }
    let byDateNewestFirst = rows.indices.sorted { (store.date(Int(rows[$1])), $0) < (store.date(Int(rows[$0])), $1) }
    for order in [byDate, byDateNewestFirst] {
      for k in Self.conventions.indices {
        let c = Self.conventions[k]
        var n = 0
        var firstHere: (row: Int, before: Int)?
        for j in 1..<order.count {
          let (row, before) = c.oldestFirst ? (order[j], order[j - 1]) : (order[j - 1], order[j])
          if balances[before] + c.sign * store.amount(Int(rows[row])) != balances[row] {
            n += 1
            if firstHere == nil { firstHere = (row, before) }
            if n >= count { break }
          }
        }
        if n < count, let f = firstHere {
          (best, count, at) = (k, n, f)
        } else if n == 0 {
          return nil
        }
      }
    }
    let sign = Self.conventions[best].sign
    func money(_ v: Int64) -> String { Money.groupedString(v, digits: digits) }
    let row = Int(rows[at.row]), before = Int(rows[at.before])
    let expected = balances[at.before] + sign * store.amount(row)
    let message =
      "the running balance breaks here: \(name) is \(money(balances[at.row])), but line \(store.line(before))'s \(money(balances[at.before])) \(sign == 1 ? "plus" : "minus") this row's \(money(store.amount(row))) is \(money(expected))"
    let more = count > 1 ? "; \(count - 1) more break\(count == 2 ? "" : "s") after it" : ""
    return Diagnostic(
      .balanceBreak, .warning, at: SourceLocation(file: file, line: store.line(row), column: column), message + more,
      hint: "a row is missing, doubled or misread near here: compare the export with the bank's statement")
  }
}
