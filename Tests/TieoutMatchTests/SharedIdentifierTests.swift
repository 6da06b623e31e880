import Testing
import TieoutCore
import TieoutMatch

/// Strong keys outlive the date window: a cheque clears weeks after it is written, and the
/// number on both lines pairs them (the default rule `bank-gl-by-identifier`).
@Suite struct SharedIdentifierTests {
  let settings = MatchSettings(periodEnd: Day(iso: "2026-10-31"))

  @Test func aChequeClearingWeeksLaterPairsByItsNumber() throws {
    let rows = [
      e("bank", 2, "2026-10-28", -196_343, ref: "20001", memo: "CHECK 20001"),
      e("gl", 2, "2026-09-20", -196_343, ref: "20001", memo: "Check 20001 ADP"),
      // Another cheque of the same amount, never cleared: stays outstanding.
      e("gl", 3, "2026-10-27", -196_343, ref: "20417", memo: "Check 20417 ADP"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:2 confirmed", "outstanding-check gl:3"])
    let g = try #require(m.result.groups.first)
    #expect(m.result.ruleName(of: g) == "bank-gl-by-identifier")
    #expect(m.result.explanation(of: g, m.store) == "bank-gl-by-identifier: amount equal; bank 38 days after gl; reference 20001 equal")
  }

  @Test func anIdentifierInTheTextsCountsAsTheNumber() throws {
    // The bank line carries no reference column; its text names the cheque.
    let rows = [
      e("bank", 2, "2026-10-20", -50_000, memo: "CHECK PAID 0004711"),
      e("gl", 2, "2026-10-01", -50_000, memo: "Check 4711 Harbor Labs"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:2 confirmed"])
    let g = try #require(m.result.groups.first)
    #expect(m.result.explanation(of: g, m.store).contains("0004711 in both texts"))
  }

  @Test func aBankLineFarBeforeItsBookEntryIsStillAnException() {
    // The bank cannot clear a cheque before it is written: the books are misdated.
    let rows = [
      e("bank", 2, "2026-10-02", -58_840, ref: "10485", memo: "CHECK 10485"),
      e("gl", 2, "2026-10-15", -58_840, ref: "10485", memo: "Check 10485"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["date-outside-window bank:2+gl:2"])
  }

  @Test func noSharedNumberNoPairBeyondTheWindow() {
    // Equal amounts 30 days apart, different cheque numbers: not the same cheque.
    let rows = [
      e("bank", 2, "2026-10-30", -75_000, ref: "30112", memo: "CHECK 30112"),
      e("gl", 2, "2026-09-30", -75_000, ref: "30200", memo: "Check 30200"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(m.result.groups.isEmpty)
  }

  @Test func theNumberOnAnotherAmountIsNotPairedByIt() {
    let rows = [
      e("bank", 2, "2026-10-25", -75_000, ref: "30112", memo: "CHECK 30112"),
      e("gl", 2, "2026-10-05", -57_000, ref: "30112", memo: "Check 30112"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(m.result.groups.isEmpty)
  }

  @Test func aDecisionForbiddingThePairHolds() {
    let rows = [
      e("bank", 2, "2026-10-28", -196_343, ref: "20001", memo: "CHECK 20001"),
      e("gl", 2, "2026-09-20", -196_343, ref: "20001", memo: "Check 20001"),
    ]
    let forbid = [
      MatchDecision(
        action: .forbid, rows: [SourceLocation(file: "bank.csv", line: 2), SourceLocation(file: "gl.csv", line: 2)], by: "jm",
        reason: "two cheques",
        location: SourceLocation(file: "decisions.yaml", line: 2))
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL, decisions: forbid)
    #expect(m.result.groups.isEmpty)
  }

  @Test func aPayoutBookedGrossPlusFeeIsOneGroup() throws {
    // The bank receives the net; the books record the gross and the fee, both naming the payout.
    let rows = [
      e("bank", 2, day(12), 695_799, memo: "STRIPE TRANSFER ST-PO_10001"),
      e("gl", 2, day(12), 717_230, memo: "Stripe payout po_10001"),
      e("gl", 3, day(12), -21_431, memo: "Stripe fees po_10001"),
      // Another payout's fee, the same day: not this one's.
      e("gl", 4, day(12), -21_431, memo: "Stripe fees po_10002"),
      e("bank", 3, day(12), -21_431, memo: "STRIPE FEES ST-PO_10002"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:2+gl:3 confirmed", "bank:3+gl:4 confirmed"])
    let g = try #require(m.result.groups.first)
    #expect(m.result.ruleName(of: g) == "gl-by-identifier-to-bank")
    #expect(
      m.result.explanation(of: g, m.store)
        == "gl-by-identifier-to-bank: 2 rows of gl (7172.30, -214.31) add up to 6957.99; equal to bank; same date; 10001 in both texts")
  }

  @Test func rowsSharingAnIdentifierThatDoNotAddUpStayApart() {
    let rows = [
      e("bank", 2, day(12), 695_799, memo: "STRIPE TRANSFER ST-PO_10001"),
      e("gl", 2, day(12), 717_230, memo: "Stripe payout po_10001"),
      e("gl", 3, day(12), -20_000, memo: "Stripe fees po_10001"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(m.result.groups.isEmpty)
  }

  @Test func theNumberOnAnotherAmountIsAnAmountMismatch() throws {
    // Cheque 20013 cleared 14 days after it was written; the books transposed two digits.
    let rows = [
      e("bank", 2, "2026-10-16", -666_265, ref: "20013", memo: "CHECK 20013"),
      e("gl", 2, "2026-10-02", -666_625, ref: "20013", memo: "Check 20013 Uline"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["amount-mismatch bank:2+gl:2"])
    let x = try #require(m.result.exceptions.first)
    #expect(x.difference == 360)
    #expect(
      m.result.explanation(of: x, m.store, windowDays: 3)
        == "reference 20013 on both; bank -6662.65, gl -6666.25, difference 3.60; bank 14 days after gl; looks like two transposed digits")
  }

  @Test func aWireShortOfItsBookEntryIsOneException() throws {
    // The bank netted its 15.00 wire fee; both texts name the invoice.
    let rows = [
      e("bank", 2, day(23), 498_500, ref: "317178537594", memo: "WIRE TRANSFER IN FED REF 15066394 FROM BEACON ENGINEERING CO OBI INV-102469"),
      e("gl", 2, day(23), 500_000, memo: "Wire INV-102469", party: "Beacon Engineering Co"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: bankGL)
    #expect(outcome(m) == ["amount-mismatch bank:2+gl:2"])
    let x = try #require(m.result.exceptions.first)
    #expect(x.difference == -1_500)
    #expect(m.result.explanation(of: x, m.store, windowDays: 3).hasPrefix("INV-102469 in both texts; bank 4985.00, gl 5000.00, difference -15.00"))
  }

  @Test func aWireWhoseReceiptAgreesWithTheBankButNotTheBooks() throws {
    // Billing recorded the invoice's 5,000.00, the bank received 4,985.00 and the books 5,000.00:
    // the receipt goes with the bank line as a payment net of a fee, and the GL line is the
    // amount mismatch of that deposit, one exception holding all three.
    let rows = [
      e("bank", 2, day(23), 498_500, memo: "WIRE TRANSFER IN FROM BEACON ENGINEERING CO OBI INV-102469"),
      e("gl", 2, day(23), 500_000, memo: "Wire INV-102469"),
      e("receipts", 2, day(23), 500_000, ref: "PMT-502469", memo: "INV-102469"),
    ]
    let m = Matcher(settings: settings).match(rows, sources: threeWay)
    #expect(outcome(m) == ["amount-mismatch bank:2+gl:2+receipts:2"])
    #expect(m.result.exceptions.first?.difference == -1_500)
  }
}
