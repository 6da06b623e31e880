import Testing
import TieoutCore
import TieoutMatch

/// A bank debit sending back an earlier deposit is a returned item, linked to that deposit.
@Suite struct ReturnedItemTests {
  let settings = MatchSettings(periodEnd: Day(iso: "2026-10-31"))

  @Test func aReturnedACHNamesTheDepositItSendsBack() throws {
    let rows = [
      e("bank", 2, day(14), 1_852_375, memo: "ORIG CO NAME:SUMMIT OUTFITTER IND ID:INV-100110"),
      e("gl", 2, day(14), 1_852_375, memo: "ACH receipt INV-100110"),
      e("bank", 3, day(16), -1_852_375, memo: "RETURNED ITEM SUMMIT OUTFITTERS GROUP NSF"),
      // A debit of the same amount that names no return stays missing in the GL.
      e("bank", 4, day(20), -1_852_375, memo: "ACH DEBIT VENDOR"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:2 confirmed", "missing-in-gl bank:4", "returned-item bank:3"])
    let x = try #require(m.result.exceptions.first { $0.kind == .returnedItem })
    #expect(x.related?.row == 0 && x.related?.group == 1)
    #expect(x.difference == -1_852_375)
    #expect(
      m.result.explanation(of: x, m.store, windowDays: 3)
        == "-18523.75 on 2026-10-16 (RETURNED ITEM SUMMIT OUTFITTERS GROUP NSF) sends back a deposit of 18523.75 on 2026-10-14 (bank.csv:2, matched in G1): book the return and collect the payment again")
  }

  @Test func aReturnWithNoDepositBeforeItIsMissingInTheGL() {
    let rows = [
      e("bank", 2, day(16), -50_000, memo: "RETURNED ITEM HARBOR LABS"),
      e("bank", 3, day(20), 50_000, memo: "DEPOSIT"),  // after the return: not the one it sends back
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(m.result.exceptions.first { $0.members.contains(0) }?.kind == .missingInLedger)
  }

  @Test func chequesAndReturnsClearAloneNeverInABatch() {
    // Four cheques not yet cleared happen to add up to a returned deposit: a search by amount
    // alone would call them one batch.
    let rows = [
      e("bank", 2, day(15), 450_000, memo: "ORIG CO NAME:OAKMONT BAKERY LT IND ID:INV-100400"),
      e("gl", 2, day(15), 450_000, memo: "ACH receipt INV-100400", party: "Oakmont Bakery Ltd"),
      e("bank", 3, day(19), -450_000, memo: "RETURNED ITEM OAKMONT BAKERY LTD NSF"),
      e("gl", 3, day(19), -41_769, ref: "20179", memo: "Check 20179 ADP"),
      e("gl", 4, day(20), -24_671, ref: "20238", memo: "Check 20238 Uline"),
      e("gl", 5, day(20), -285_121, ref: "20377", memo: "Check 20377 WEX"),
      e("gl", 6, day(20), -98_439, ref: "20400", memo: "Check 20400 Blue Cross"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(
      outcome(m) == [
        "bank:2+gl:2 confirmed", "outstanding-check gl:3", "outstanding-check gl:4", "outstanding-check gl:5",
        "outstanding-check gl:6", "returned-item bank:3",
      ])
  }

  @Test func twoCustomersPaymentsOfOneAmountAndDayAreNotDuplicates() {
    // Both "Customer payment", 499.00, on the last day: two deposits in transit.
    let rows = [
      e("gl", 2, day(31), 49_900, memo: "Customer payment", party: "Westbrook Dental Inc"),
      e("gl", 3, day(31), 49_900, memo: "Customer payment", party: "Vantage Bakery LLC"),
      e("gl", 4, day(31), 49_900, memo: "Customer payment", party: "Vantage Bakery LLC"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    let kinds = outcome(m)
    #expect(kinds.filter { $0.hasPrefix("duplicate") } == ["duplicate gl:4"])
    #expect(kinds.contains { $0.hasPrefix("deposit-in-transit") && $0.contains("gl:2") })
    #expect(kinds.contains { $0.hasPrefix("deposit-in-transit") && $0.contains("gl:3") })
  }
}
