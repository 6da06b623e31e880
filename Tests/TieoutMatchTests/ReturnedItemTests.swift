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
}
