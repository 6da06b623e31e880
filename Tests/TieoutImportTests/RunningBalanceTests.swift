import Testing
import TieoutCore
import TieoutImport

/// A running-balance column is checked against the amounts, in whichever order and sign
/// convention the export uses; the first break is reported at its row.
@Suite struct RunningBalanceTests {
  /// `rows`: (day of October, amount, balance), in file order.
  func firstBreak(_ rows: [(Int, Int64, Int64)]) -> String? {
    var store = EntryStore()
    let origin = store.addOrigin(.init(source: "bank", file: "b.csv", currency: .usd))
    var b = RunningBalance(file: "b.csv", column: 6, name: "Balance", digits: 2)
    for (k, r) in rows.enumerated() {
      store.append(
        origin: origin, line: k + 2, date: Day(year: 2026, month: 10, day: r.0)!, amount: r.1, reference: "", counterparty: "",
        description: "", account: "")
      b.append(row: k, amount: r.1, balance: r.2)
    }
    return b.firstBreak(in: store).map { "\($0.location!) \($0.message)" }
  }

  @Test func balancesThatFollowPass() {
    #expect(firstBreak([(1, 100, 1100), (2, -50, 1050), (3, 25, 1075)]) == nil)  // oldest first
    #expect(firstBreak([(3, 25, 1075), (2, -50, 1050), (1, 100, 1100)]) == nil)  // newest first
    #expect(firstBreak([(1, -100, 1100), (2, -50, 1150)]) == nil)  // a card: charges raise the balance
    // Days newest first, a day's rows oldest first.
    #expect(firstBreak([(17, 20, 878), (17, -103, 858), (9, -75, 961), (4, -57, 1036)]) == nil)
    #expect(firstBreak([(1, 5, 5)]) == nil)
  }

  @Test func aMissingRowIsFoundAtItsPlace() {
    #expect(
      firstBreak([(1, 100, 1100), (2, -50, 1050), (4, 25, 1025), (5, 10, 1035)])
        == "b.csv:4:6 the running balance breaks here: Balance is 10.25, but line 3's 10.50 plus this row's 0.25 is 10.75")
    #expect(
      firstBreak([(5, 10, 1035), (4, 25, 1025), (2, -50, 1050), (1, 100, 1100)])
        == "b.csv:3:6 the running balance breaks here: Balance is 10.25, but line 4's 10.50 plus this row's 0.25 is 10.75")
  }

  @Test func everyBreakIsCounted() {
    let message = firstBreak([(1, 1, 1), (2, 1, 5), (3, 1, 9), (4, 1, 13)])
    #expect(message?.hasSuffix("; 2 more breaks after it") == true, "\(message ?? "nil")")
  }
}
