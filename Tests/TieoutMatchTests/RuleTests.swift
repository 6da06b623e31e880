import Testing
import TieoutCore
import TieoutMatch

/// A row of a named source: `e("bank", 2, "2026-10-05", 12_500, ref: "1042", memo: "…")`.
func e(_ source: String, _ line: Int, _ date: String, _ minor: Int64, ref: String = "", memo: String = "", party: String = "") -> Entry {
  Entry(
    source: source, location: SourceLocation(file: source + ".csv", line: line),
    date: Day(iso: date) ?? Day(daysSinceEpoch: 0), amount: Money(minorUnits: minor, currency: .usd), reference: ref,
    counterparty: party, description: memo)
}

/// Day `d` of October 2026, as a date column: `day(5)` is "2026-10-05".
func day(_ d: Int) -> String { "2026-10-" + (d < 10 ? "0" : "") + String(d) }

let bankGL = [MatchSource(name: "bank", kind: .bank), MatchSource(name: "gl", kind: .ledger)]
let threeWay = bankGL + [MatchSource(name: "receipts", kind: .receipts)]
/// Billing and bank only: no GL in the month.
let billingBank = [MatchSource(name: "bank", kind: .bank), MatchSource(name: "receipts", kind: .receipts)]

/// Groups as their rows ("bank:2+gl:3"), exceptions as kind and rows.
func outcome(_ m: (store: EntryStore, result: MatchResult)) -> [String] {
  func name(_ i: Int32) -> String { "\(m.store.originOf(Int(i)).source):\(m.store.line(Int(i)))" }
  return m.result.groups.map { "\(m.result.members(of: $0).map(name).joined(separator: "+")) \($0.status.name)" }
    + m.result.exceptions.map { "\($0.kind.rawValue) " + $0.members.map(name).joined(separator: "+") }
}

@Suite struct RuleTests {
  @Test func batchDepositOfThreeChecks() {
    let rows = [
      e("bank", 2, "2026-10-12", 519_825, memo: "DEPOSIT SLIP 0042"),
      e("gl", 2, "2026-10-12", 519_825, memo: "Deposit slip 0042"),
      e("receipts", 2, "2026-10-12", 182_550), e("receipts", 3, "2026-10-11", 96_000), e("receipts", 4, "2026-10-10", 241_275),
      e("receipts", 5, "2026-10-11", 50_000),  // another customer's payment, not on the slip
    ]
    let m = Matcher(settings: .init(periodEnd: Day(iso: "2026-10-31"))).match(rows, sources: threeWay)
    #expect(outcome(m) == ["bank:2+gl:2+receipts:2+receipts:3+receipts:4 confirmed", "missing-in-bank receipts:5"])
    #expect(m.result.ruleName(of: m.result.groups[0]) == "bank-gl-1:1 + deposit-slip")
    #expect(m.result.explanation(of: m.result.groups[0], m.store).contains("3 rows of receipts add up to 5198.25; equal to bank"))
  }

  @Test func processorPayoutByIdIsNetOfItsFee() {
    let rows = [
      e("bank", 2, "2026-10-16", 380_016, memo: "STRIPE TRANSFER po_1Q9NWMS"),
      e("receipts", 2, "2026-10-16", 125_000, ref: "po_1Q9NWMS"), e("receipts", 3, "2026-10-15", 48_990, ref: "po_1Q9NWMS"),
      e("receipts", 4, "2026-10-14", 210_000, ref: "po_1Q9NWMS"), e("receipts", 5, "2026-10-16", 7_500, ref: "po_1Q9NWMS"),
    ]
    let m = Matcher().match(rows, sources: billingBank)
    #expect(outcome(m) == ["bank:2+receipts:2+receipts:3+receipts:4+receipts:5 confirmed"])
    let g = m.result.groups[0]
    #expect(m.result.reconcilingAmount(of: g) == 11_474)  // the fee: a reconciling item, not an exception
    #expect(m.result.explanation(of: g, m.store).contains("net of a fee of 114.74 (2.93%)"))
  }

  @Test func aPayoutFoundByAmountAloneIsOnlySuggested() {
    // No payout id anywhere: the amount search finds the payments, net of a fee, and suggests.
    let rows = [
      e("bank", 2, "2026-10-16", 380_016, memo: "STRIPE TRANSFER"),
      e("receipts", 2, "2026-10-16", 125_000), e("receipts", 3, "2026-10-15", 48_990),
      e("receipts", 4, "2026-10-14", 210_000), e("receipts", 5, "2026-10-16", 7_500),
    ]
    let m = Matcher().match(rows, sources: billingBank)
    #expect(m.result.groups.count == 1)
    #expect(m.result.groups[0].status == .suggested)
    #expect(m.result.ruleName(of: m.result.groups[0]) == "payout-net-of-fees")
  }

  @Test func severalCombinationsThatFitAreFlagged() {
    // 300 = 100 + 200 = 50 + 250: either could be the slip.
    let rows = [
      e("bank", 2, "2026-10-05", 30_000),
      e("receipts", 2, "2026-10-05", 10_000), e("receipts", 3, "2026-10-05", 20_000),
      e("receipts", 4, "2026-10-05", 5_000), e("receipts", 5, "2026-10-05", 25_000),
    ]
    let m = Matcher().match(rows, sources: billingBank)
    #expect(m.result.groups.count == 1)
    #expect(m.result.groups[0].status == .suggested)
    #expect(m.result.explanation(of: m.result.groups[0], m.store).contains("another combination fits as well"))
  }

  @Test func theSubsetSearchGivesUpWithinItsBudget() {
    // Even amounts can never add up to an odd deposit, but only trying tells: the search stops
    // at its budget and says so.
    var rows = [e("bank", 2, "2026-10-05", 50_001)]
    for k in 0..<40 { rows.append(e("receipts", k + 2, "2026-10-05", Int64(10_000 + 2 * k * k))) }
    let slip = MatchRule(name: "deposit-slip", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne)
    let settings = MatchSettings(windowDays: 3, rules: [slip], nodeBudget: 500)
    let m = Matcher(settings: settings).match(rows, sources: billingBank)
    #expect(m.result.groups.isEmpty)
    #expect(m.result.notes.contains { $0.contains("gave up on 1 row after 500 tries") })
  }

  /// A rule's searches stop after a count of work, not of seconds: the same month matches the
  /// same, and stops at the same row, however busy the machine.
  @Test func theRuleStopsSearchingAfterItsWorkBudget() {
    // Five odd deposits no even receipts can make: each search reads its pool of rows and tries
    // its 500 subsets, so two searches spend the 1,000 steps.
    var rows: [Entry] = []
    for k in 0..<5 { rows.append(e("bank", k + 2, "2026-10-05", 50_001 + 2 * Int64(k))) }
    for k in 0..<40 { rows.append(e("receipts", k + 2, "2026-10-05", Int64(10_000 + 2 * k * k))) }
    let slip = MatchRule(name: "deposit-slip", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne)
    var outcomes: Set<[String]> = []
    for _ in 0..<3 {
      let settings = MatchSettings(windowDays: 3, rules: [slip], nodeBudget: 500, searchWorkBudget: 1_000)
      let m = Matcher(settings: settings).match(rows, sources: billingBank)
      outcomes.insert(m.result.notes)
    }
    #expect(outcomes == [[
      "rule deposit-slip: the search for combinations gave up on 2 rows after 500 tries each",
      "rule deposit-slip: stopped after 1000 steps of search (rows read and combinations tried); 3 rows were not searched",
    ]])
  }

  @Test func oneBankLineForSeveralGLLines() {
    // The GL books two card settlements the bank paid as one.
    let rows = [
      e("bank", 2, "2026-10-07", -150_000), e("gl", 2, "2026-10-06", -100_000), e("gl", 3, "2026-10-07", -50_000),
    ]
    let m = Matcher().match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:2+gl:3 confirmed"])
    #expect(m.result.ruleName(of: m.result.groups[0]) == "gl-batch-to-bank")
  }

  @Test func manyToManyByBatchId() {
    let rule = MatchRule(name: "batch", left: .kind(.bank), right: .kind(.ledger), cardinality: .manyToMany, groupBy: .reference)
    let rows = [
      e("bank", 2, "2026-10-07", 100, ref: "B7"), e("bank", 3, "2026-10-07", 200, ref: "B7"),
      e("gl", 2, "2026-10-07", 150, ref: "b-7"), e("gl", 3, "2026-10-08", 150, ref: "B7"),
    ]
    let m = Matcher(settings: .init(rules: [rule])).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+bank:3+gl:2+gl:3 confirmed"])
  }

  @Test func toleranceAndBusinessDays() {
    // Friday 2026-10-02 in the GL, Tuesday 2026-10-06 at the bank: 4 calendar days, 2 business days.
    let rows = [e("bank", 2, "2026-10-06", 10_020), e("gl", 2, "2026-10-02", 10_000)]
    let calendar = MatchRule(name: "cal", left: .kind(.bank), right: .kind(.ledger), amount: .within(50), windowDays: 2)
    let business = MatchRule(
      name: "biz", left: .kind(.bank), right: .kind(.ledger), amount: .within(50), windowDays: 2, businessDays: true)
    #expect(Matcher(settings: .init(rules: [calendar])).match(rows, sources: bankGL).result.groups.isEmpty)
    let m = Matcher(settings: .init(rules: [business])).match(rows, sources: bankGL)
    #expect(m.result.groups.count == 1)
    #expect(m.result.reconcilingAmount(of: m.result.groups[0]) == 20)
    #expect(m.result.explanation(of: m.result.groups[0], m.store).contains("within tolerance (difference 0.20)"))
    let pct = MatchRule(name: "pct", left: .kind(.bank), right: .kind(.ledger), amount: .withinBasisPoints(10), windowDays: 5)
    #expect(Matcher(settings: .init(rules: [pct])).match(rows, sources: bankGL).result.groups.isEmpty)  // 0.2% > 0.1%
  }

  @Test func referenceInMemoAndCounterpartySimilar() {
    let inMemo = MatchRule(name: "memo", left: .kind(.bank), right: .kind(.ledger), reference: .inMemo)
    let rows = [
      e("bank", 2, "2026-10-05", 5_000, ref: "INV-1042"), e("gl", 2, "2026-10-05", 5_000, memo: "Payment for INV-1041"),
      e("gl", 3, "2026-10-06", 5_000, memo: "Payment for inv 1042, Bayview"),
    ]
    let m = Matcher(settings: .init(rules: [inMemo])).match(rows, sources: bankGL)
    #expect(outcome(m).first == "bank:2+gl:3 confirmed")
    #expect(m.result.explanation(of: m.result.groups[0], m.store).contains("INV-1042 found in gl memo"))
    let party = MatchRule(name: "party", left: .kind(.bank), right: .kind(.ledger), counterparty: .similar)
    let rows2 = [
      e("bank", 2, "2026-10-05", 5_000, party: "ACME CORP"), e("gl", 2, "2026-10-05", 5_000, party: "Globex"),
      e("gl", 3, "2026-10-05", 5_000, party: "Acme Corporation"),
    ]
    #expect(outcome(Matcher(settings: .init(rules: [party])).match(rows2, sources: bankGL)).first == "bank:2+gl:3 confirmed")
  }

  @Test func manualDecisionsComeFirst() {
    let rows = [
      e("bank", 2, "2026-10-01", 7_700), e("gl", 2, "2026-10-20", 7_700),  // too far apart for any rule
      e("bank", 3, "2026-10-05", 5_000), e("gl", 3, "2026-10-05", 5_000),  // would match, but must not
    ]
    let at = SourceLocation(file: "decisions.yaml", line: 2)
    let decisions = [
      MatchDecision(
        action: .force, rows: [.init(file: "bank.csv", line: 2), .init(file: "gl.csv", line: 2)], by: "Dana",
        reason: "wire booked late", location: at),
      MatchDecision(
        action: .forbid, rows: [.init(file: "bank.csv", line: 3), .init(file: "gl.csv", line: 3)], by: "Dana",
        reason: "different customers", location: at),
    ]
    let m = Matcher().match(rows, sources: bankGL, decisions: decisions)
    #expect(outcome(m) == ["bank:2+gl:2 manual", "missing-in-gl bank:3", "missing-in-bank gl:3"])
    #expect(m.result.explanation(of: m.result.groups[0], m.store) == "manual: forced by Dana — wire booked late (decisions.yaml:2)")
    let bad = MatchDecision(action: .force, rows: [.init(file: "bank.csv", line: 99), .init(file: "gl.csv", line: 2)], by: "x", reason: "y", location: at)
    #expect(Matcher().match(rows, sources: bankGL, decisions: [bad]).result.notes.first?.contains("bank.csv:99, which is not an imported row") == true)
  }
}

@Suite struct ExceptionKindTests {
  /// Counts in a sentence, as the dashboard's tile says them.
  @Test func kindsCountedInASentence() {
    #expect(ExceptionKind.outstandingCheck.counted(2) == "2 outstanding checks")
    #expect(ExceptionKind.amountMismatch.counted(1) == "1 amount mismatch" && ExceptionKind.amountMismatch.counted(3) == "3 amount mismatches")
    #expect(ExceptionKind.missingInLedger.counted(2) == "2 missing in GL")
    #expect(ExceptionKind.depositInTransit.counted(4) == "4 deposits in transit")
  }

  @Test func eachKindIsRecognised() {
    let rows = [
      e("bank", 2, "2026-10-31", -3_500, memo: "MONTHLY SERVICE FEE"),
      e("bank", 3, "2026-10-06", -58_840, ref: "10490", memo: "CHECK 10490"), e("gl", 2, "2026-10-15", -58_840, ref: "10490"),
      e("gl", 3, "2026-10-09", 260_000, ref: "JE-ERR-17"), e("gl", 4, "2026-10-09", -260_000, ref: "JE-ERR-17"),
      e("bank", 4, "2026-10-21", 49_734), e("gl", 5, "2026-10-21", 49_734, ref: "RCT-1"), e("gl", 6, "2026-10-21", 49_734, ref: "RCT-1"),
      e("gl", 7, "2026-10-30", -287_515, memo: "Check 10483 Medline"),
      e("gl", 8, "2026-10-31", 418_760, memo: "Customer payment"), e("receipts", 2, "2026-10-31", 418_760),
      e("bank", 5, "2026-10-12", 10_000), e("gl", 9, "2026-10-12", 10_000), // bank and GL agree, billing does not know it
      e("bank", 6, "2026-10-14", 77_000), e("receipts", 3, "2026-10-14", 77_000),  // billing and bank agree, GL does not
    ]
    let settings = MatchSettings(windowDays: 3, periodEnd: Day(iso: "2026-10-31"))
    let m = Matcher(settings: settings).match(rows, sources: threeWay)
    #expect(Set(m.result.exceptions.map(\.kind)) == [
      .fee, .dateOutsideWindow, .reversal, .duplicate, .outstandingCheck, .depositInTransit, .missingInBilling, .missingInLedger,
    ])
    #expect(outcome(m).contains("missing-in-gl bank:6+receipts:3"))
    #expect(outcome(m).contains("deposit-in-transit gl:8+receipts:2"))
    // Every difference is bank minus GL: they add up to the totals' difference.
    let bank = rows.filter { $0.source == "bank" }.reduce(0) { $0 + $1.amount.minorUnits }
    let gl = rows.filter { $0.source == "gl" }.reduce(0) { $0 + $1.amount.minorUnits }
    #expect(m.result.exceptions.reduce(0) { $0 + $1.difference } == bank - gl)
    // Every exception of one row names its nearest candidates.
    let dup = m.result.exceptions.first { $0.kind == .duplicate }!
    #expect(m.result.explanation(of: dup, m.store, windowDays: 3).hasPrefix("same amount, date and reference as gl.csv:5"))
  }

  /// Fees and checks are told by their words at the start of a word ("Coffee" is no fee), in any
  /// case, in the description or the other field searched (counterparty for fees, reference for
  /// checks), and in text that is not ASCII the way Unicode upper-cases it ("ı" is "I").
  @Test func feesAndChecksAreToldByTheirWords() {
    let rows = [
      e("bank", 2, "2026-10-03", -1_500, memo: "Wire fee"), e("bank", 3, "2026-10-04", -2_000, party: "Bank commission"),
      e("bank", 4, "2026-10-05", -2_500, memo: "Monthly service", party: "charge"),  // "SERVICE CHARGE" across the two
      e("bank", 5, "2026-10-06", -3_000, memo: "Komısyon commıssıon"), e("bank", 6, "2026-10-07", -3_500, memo: "Café fees"),
      e("bank", 7, "2026-10-08", -4_000, memo: "Coffee"), e("bank", 8, "2026-10-09", 4_500, memo: "Fee refund"),
      e("gl", 2, "2026-10-10", -5_000, memo: "Paid by cheque"), e("gl", 3, "2026-10-11", -5_500, ref: "chk-7"),
      e("gl", 4, "2026-10-12", -6_000, memo: "Payroll"), e("gl", 5, "2026-10-13", -6_500, memo: "Chèque CHECK"),
    ]
    let m = Matcher(settings: MatchSettings(windowDays: 3, periodEnd: Day(iso: "2026-10-31"))).match(rows, sources: bankGL)
    #expect(outcome(m) == [
      "missing-in-gl bank:7", "missing-in-gl bank:8", "missing-in-bank gl:4",
      "fee bank:2", "fee bank:3", "fee bank:4", "fee bank:5", "fee bank:6",
      "outstanding-check gl:2", "outstanding-check gl:3", "outstanding-check gl:5",
    ])
  }

  /// A row's twin is the first row before it in file order with the same date, amount and
  /// reference, whether a rule sorted its whole source (twins are looked up in that list) or
  /// not (every row of the source is screened): with the decision, a bank and a GL row are
  /// linked before any rule runs, so no rule sorts either source whole.
  @Test func duplicatesAreFoundWithOrWithoutTheSourceSortedWhole() {
    let rows = [
      e("bank", 2, "2026-10-21", 49_734), e("gl", 2, "2026-10-21", 49_734, ref: "RCT-1"),
      e("gl", 3, "2026-10-21", 49_734, ref: "RCT-1"), e("gl", 4, "2026-10-21", 49_734, ref: "RCT-1"),
      e("gl", 5, "2026-10-21", 49_734, ref: "RCT-2"),  // another reference: not a twin
      e("bank", 3, "2026-10-05", 12_000), e("gl", 6, "2026-10-05", 12_000),
    ]
    let forced = MatchDecision(
      action: .force, rows: [.init(file: "bank.csv", line: 3), .init(file: "gl.csv", line: 6)], by: "Dana", reason: "checked",
      location: SourceLocation(file: "decisions.yaml", line: 2))
    for decisions in [[], [forced]] {
      let m = Matcher().match(rows, sources: bankGL, decisions: decisions)
      let dups = m.result.exceptions.filter { $0.kind == .duplicate }
      #expect(dups.map { m.store.line(Int($0.members[0])) } == [3, 4], "decisions: \(decisions.count)")
      #expect(dups.allSatisfy { $0.related.map { m.store.line(Int($0.row)) } == 2 }, "decisions: \(decisions.count)")
      #expect(outcome(m).contains(decisions.isEmpty ? "bank:3+gl:6 confirmed" : "bank:3+gl:6 manual"))
    }
  }

  /// Many unmatched lines of one date and amount: each one's twin is still the first line before
  /// it with the same reference, or without one the same memo (case and punctuation aside), in
  /// both searches; and thousands of lines of different memos do not take quadratic time.
  @Test(arguments: [150, 6000]) func twinsInALargeGroupOfOneDateAndAmount(lines: Int) {
    let memos = ["Wire A", "WIRE-A", "wire b", "Wire C"], refs = ["", "", "R-1", "R-2", ""]
    var rows = [e("bank", 2, "2026-10-05", 12_000), e("gl", 2, "2026-10-05", 12_000)]
    for k in 0..<lines {
      let memo = lines > 1000 ? "Wire \(k)" : memos[k % memos.count]
      rows.append(e("gl", k + 3, "2026-10-21", 49_734, ref: refs[k % refs.count], memo: memo))
    }
    // The first line before each with the same text.
    func text(_ x: Entry) -> String {
      x.reference.isEmpty ? "memo " + String(x.description.uppercased().filter { $0.isLetter || $0.isNumber }) : "ref " + x.reference
    }
    var first: [String: Int] = [:]
    var expected: [Int: Int] = [:]
    for x in rows where x.source == "gl" && x.amount.minorUnits == 49_734 {
      if let f = first[text(x)] { expected[x.location.line] = f } else { first[text(x)] = x.location.line }
    }
    let forced = MatchDecision(
      action: .force, rows: [.init(file: "bank.csv", line: 2), .init(file: "gl.csv", line: 2)], by: "Dana", reason: "checked",
      location: SourceLocation(file: "decisions.yaml", line: 2))
    for decisions in [[], [forced]] {
      let m = Matcher().match(rows, sources: bankGL, decisions: decisions)
      var found: [Int: Int] = [:]
      for x in m.result.exceptions where x.kind == .duplicate {
        found[m.store.line(Int(x.members[0]))] = x.related.map { m.store.line(Int($0.row)) }
      }
      #expect(found == expected, "\(lines) lines, decisions: \(decisions.count)")
    }
  }
}

@Suite struct DecisionTests {
  @Test func aForcedGroupIsNotSecondGuessed() {
    // A transfer from savings: bank and GL agree, billing never will. Forced, it is settled.
    let rows = [e("bank", 2, "2026-10-05", 500_000, memo: "TRANSFER FROM SAVINGS"), e("gl", 2, "2026-10-05", 500_000)]
    let sources = threeWay
    #expect(outcome(Matcher().match(rows, sources: sources)) == ["missing-in-billing bank:2+gl:2"])
    let d = MatchDecision(
      action: .force, rows: [.init(file: "bank.csv", line: 2), .init(file: "gl.csv", line: 2)], by: "Dana",
      reason: "internal transfer", location: .init(file: "decisions.yaml", line: 2))
    #expect(outcome(Matcher().match(rows, sources: sources, decisions: [d])) == ["bank:2+gl:2 manual"])
  }
}

@Suite struct PartialPaymentTests {
  @Test func paymentsOnAnInvoiceMayLeaveItOpen() {
    let sources = [MatchSource(name: "receipts", kind: .receipts), MatchSource(name: "invoices", kind: .invoices)]
    let rows = [
      e("receipts", 2, "2026-10-03", 150_000, memo: "INV-24177"), e("receipts", 3, "2026-10-20", 100_000, memo: "inv 24177"),
      e("receipts", 4, "2026-10-21", 50_000, memo: "INV-24180"),
      e("invoices", 2, "2026-08-30", 400_000, ref: "INV-24177"), e("invoices", 3, "2026-09-15", 50_000, ref: "INV-24180"),
      e("invoices", 4, "2026-09-20", 70_000, ref: "INV-24181"),  // nobody has paid it
    ]
    let m = Matcher().match(rows, sources: sources)
    #expect(outcome(m) == ["receipts:2+receipts:3+invoices:2 confirmed", "receipts:4+invoices:3 confirmed"])
    let g = m.result.groups[0]
    #expect(m.result.openBalance(of: g) == 150_000)
    #expect(m.result.reconcilingAmount(of: g) == 0)  // an open balance is not a reconciling item
    #expect(m.result.explanation(of: g, m.store) == "receipt-to-invoice: 2 rows of receipts name INV-24177; partial payment: 2500.00 of 4000.00, 1500.00 still open")
    #expect(m.result.explanation(of: m.result.groups[1], m.store) == "receipt-to-invoice: receipts.csv:4 names INV-24180; paid in full (500.00)")
    #expect(m.result.unpaired.map { m.store.line(Int($0)) } == [4])
  }
}

@Suite struct SeveralInvoicesTests {
  @Test func onePaymentCoversSeveralInvoices() {
    let sources = [MatchSource(name: "receipts", kind: .receipts), MatchSource(name: "invoices", kind: .invoices)]
    let rows = [
      e("receipts", 2, "2026-10-20", 350_00, memo: "INV-1042, INV-1043"),
      e("receipts", 3, "2026-10-21", 90_00, memo: "INV-2001 / INV-2002"),  // pays part of two
      e("invoices", 2, "2026-09-01", 100_00, ref: "INV-1042"), e("invoices", 3, "2026-09-05", 250_00, ref: "INV-1043"),
      e("invoices", 4, "2026-08-01", 60_00, ref: "INV-2001"), e("invoices", 5, "2026-09-01", 70_00, ref: "INV-2002"),
    ]
    let m = Matcher().match(rows, sources: sources)
    #expect(outcome(m) == ["receipts:2+invoices:2+invoices:3 confirmed", "receipts:3+invoices:4+invoices:5 confirmed"])
    #expect(m.result.explanation(of: m.result.groups[0], m.store) == "receipt-to-invoice: receipts.csv:2 names INV-1042, INV-1043; paid in full (350.00)")
    // Oldest first: INV-2001 is paid in full, INV-2002 gets the rest.
    let paid = m.result.paidOnInvoices(m.store)
    #expect(paid[4] == 60_00 && paid[5] == 30_00)
    #expect(m.result.explanation(of: m.result.groups[1], m.store).contains("partial payment: 90.00 of 130.00, 40.00 still open"))
  }

  /// A window in business days skips the calendar's holidays: a deposit booked the Wednesday
  /// before Thanksgiving and posted by the bank on the Friday after is one business day late.
  @Test func businessDaysSkipTheCalendarsHolidays() {
    let rows = [e("bank", 2, "2026-11-27", 48_000, ref: "7001"), e("gl", 2, "2026-11-25", 48_000, ref: "7001")]
    let rule = MatchRule(name: "next-day", left: .kind(.bank), right: .kind(.ledger), windowDays: 1, businessDays: true)
    let plain = Matcher(settings: .init(rules: [rule], periodEnd: Day(iso: "2026-11-30"))).match(rows, sources: bankGL)
    #expect(plain.result.groups.isEmpty)
    let fed = Matcher(settings: .init(rules: [rule], periodEnd: Day(iso: "2026-11-30"), calendar: .usFederal(years: 2026...2026)))
      .match(rows, sources: bankGL)
    #expect(outcome(fed) == ["bank:2+gl:2 confirmed"])
  }

  /// `within: 0.50` is half a unit of each row's currency: 500 fils for Bahraini dinars (3 digits),
  /// and nothing for yen (0 digits), not 50 of each currency's smallest unit.
  @Test func toleranceAppliesInEachRowsCurrency() {
    func rows(_ code: String, _ a: Int64, _ b: Int64) -> [Entry] {
      let c = Currency(code: code)
      func row(_ source: String, _ minor: Int64) -> Entry {
        Entry(
          source: source, location: SourceLocation(file: source + ".csv", line: 2), date: Day(iso: "2026-10-05")!,
          amount: Money(minorUnits: minor, currency: c), reference: "W-7")
      }
      return [row("bank", a), row("gl", b)]
    }
    let rule = MatchRule(name: "fx", left: .kind(.bank), right: .kind(.ledger), amount: .within(50, digits: 2), windowDays: 2)
    let m = Matcher(settings: .init(rules: [rule]))
    #expect(Currency(code: "BHD").minorDigits == 3 && Currency(code: "JPY").minorDigits == 0)
    #expect(m.match(rows("BHD", 100_000, 100_450), sources: bankGL).result.groups.count == 1)  // 0.450 dinars apart
    #expect(m.match(rows("BHD", 100_000, 100_600), sources: bankGL).result.groups.isEmpty)  // 0.600
    #expect(m.match(rows("JPY", 10_000, 10_001), sources: bankGL).result.groups.isEmpty)  // 1 yen: over 0.50
    #expect(m.match(rows("USD", 10_000, 10_050), sources: bankGL).result.groups.count == 1)
  }
}
