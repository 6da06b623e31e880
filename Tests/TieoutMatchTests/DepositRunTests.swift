import Testing
import TieoutCore
import TieoutMatch

/// A slip of many cheques, more than a bounded subset search picks out: every cheque received
/// over a few days, deposited at once.
@Suite struct DepositRunTests {
  let settings = MatchSettings(periodEnd: Day(iso: "2026-10-31"))

  @Test func aSlipOfEveryChequeOfThreeDays() throws {
    // Twelve cheques of 12, 13 and 14 October on the slip of the 14th.
    let cheques: [(day: Int, minor: Int64)] = [
      (12, 821_235), (12, 125_000), (12, 640_000), (12, 1_644_265), (13, 125_000), (13, 75_000),
      (13, 690_534), (13, 75_000), (14, 99_900), (14, 18_000), (14, 1_505_846), (14, 450_000),
    ]
    let total = cheques.reduce(Int64(0)) { $0 + $1.minor }
    var rows = [
      e("bank", 2, day(14), total, ref: "7001", memo: "BRANCH DEPOSIT SLIP 7001"),
      e("gl", 2, day(14), total, memo: "Deposit slip 7001"),
      // An ACH receipt of the 13th has its own bank line: it is not on the slip.
      e("bank", 3, day(13), 1_852_375, memo: "ORIG CO NAME:SUMMIT OUTFITTER IND ID:INV-100110"),
      e("gl", 3, day(13), 1_852_375, memo: "ACH receipt INV-100110"),
      e("receipts", 2, day(13), 1_852_375, ref: "PMT-500110", memo: "INV-100110"),
    ]
    for (k, c) in cheques.enumerated() {
      rows.append(e("receipts", 3 + k, day(c.day), c.minor, ref: "PMT-5000\(22 + k)", memo: "INV-1000\(22 + k)"))
    }
    let m = Matcher(settings: settings).match(rows, sources: threeWay)
    let slip = try #require(m.result.groups.first { g in m.result.members(of: g).contains { m.store.line(Int($0)) == 2 && m.store.originOf(Int($0)).source == "bank" } })
    #expect(m.result.members(of: slip).count == 14)
    #expect(m.result.ruleName(of: slip) == "bank-gl-1:1 + deposit-slip")
    #expect(m.result.explanation(of: slip, m.store).contains("12 rows of receipts add up to \(Money.decimalString(total, digits: 2)); equal to bank"))
    #expect(m.result.exceptions.isEmpty)
  }

  @Test func noRunWhenTheDaysDoNotAddUp() {
    // Cheques of one day that are not all on the slip, and more than a search picks from.
    var rows = [
      e("bank", 2, day(14), 999_999, ref: "7001", memo: "BRANCH DEPOSIT SLIP 7001"),
      e("gl", 2, day(14), 999_999, memo: "Deposit slip 7001"),
    ]
    for k in 0..<8 { rows.append(e("receipts", 2 + k, day(14), 100_000 + Int64(k))) }
    let m = Matcher(settings: settings).match(rows, sources: threeWay)
    #expect(m.result.exceptions.contains { $0.kind == .missingInBilling })
  }
}
