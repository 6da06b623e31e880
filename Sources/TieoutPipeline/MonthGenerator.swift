import Foundation
public import TieoutCore

/// Writes a synthetic but realistic month-end folder: bank, GL cash, billing receipts and
/// invoices exports in the bundled layouts, a `tieout.yaml`, and known discrepancies.
///
/// The same `rows` and `seed` always give the same files, so the bundled example and the
/// benchmarks are reproducible. Planted discrepancies (the outcome a run must show):
/// - an unbooked bank service fee (missing in GL);
/// - two checks written at month end that have not cleared (missing in bank);
/// - a deposit recorded on the last day that the bank credits next month (missing in bank);
/// - a check booked in the GL with two digits transposed (amount mismatch);
/// - a customer deposit posted twice in the GL (one matches, the copy is missing in bank).
///
/// ```swift
/// let month = try MonthGenerator(bankRows: 320, seed: 7).write(to: "examples/month-end")
/// ```
public struct MonthGenerator: Sendable {
  public var bankRows: Int
  public var seed: UInt64
  public var year: Int
  public var month: Int
  public var company: String

  public init(bankRows: Int, seed: UInt64 = 2026, year: Int = 2026, month: Int = 10, company: String = "Northwind Medical Supply") {
    self.bankRows = bankRows
    self.seed = seed
    self.year = year
    self.month = month
    self.company = company
  }

  /// A discrepancy the generator put in on purpose.
  public struct Planted: Hashable, Sendable {
    /// The exception kind a run must report (`missing-in-gl`, …).
    public let kind: String
    public let what: String
    public let amount: Int64
  }

  /// What was written.
  public struct Written: Sendable {
    public let bankRows: Int
    public let ledgerRows: Int
    public let receiptRows: Int
    public let invoiceRows: Int
    public let planted: [Planted]
  }

  struct Txn {
    enum Kind { case deposit, check, ach, fee }
    let kind: Kind
    let bankDate: Day?
    let glDate: Day?
    let amount: Int64
    let reference: String
    let party: String
    let memo: String
    var glAmount: Int64
    var glCopies: Int
    /// The billing receipts behind a deposit: one, several on one deposit slip, or a card
    /// processor's payments paid out net of its fee.
    var receipts: [Receipt] = []
    /// The bank's text for the line, when not the kind's usual one.
    var bankMemo: String? = nil
  }

  struct Receipt {
    let number: String
    let reference: String
    let amount: Int64
    let method: String?
    /// The invoice's amount when the receipt pays only part of it.
    var invoiceAmount: Int64? = nil
  }

  static let customers = [
    "Aldgate Family Practice", "Bayview Orthopedics", "Cedar Ridge Dental", "Dunmore Pediatrics",
    "Elm Street Clinic", "Fairhaven Urgent Care", "Granite State Cardiology", "Harbor Physical Therapy",
    "Ironwood Dermatology", "Juniper Women's Health", "Kestrel Eye Center", "Lakeside Family Medicine",
    "Maple Grove Surgery Center", "Northgate ENT", "Oakmont Podiatry", "Pinecrest Oncology",
    "Quarry Hill Chiropractic", "Riverside Imaging", "Summit Sports Medicine", "Tidewater Nephrology",
    "Union Square Allergy", "Valley View Hospice", "Westfield Behavioral Health", "Yarrow Veterinary",
    "Zephyr Home Health",
  ]
  static let vendors = [
    "Medline Industries", "Cardinal Health", "Henry Schein", "Owens & Minor", "McKesson Medical",
    "Stericycle", "Cintas", "Granite Telecom", "Eversource Energy", "Harbor Freight Logistics",
    "Staples Business", "Iron Mountain", "Patterson Dental Supply", "Uline", "Grainger",
  ]
  static let achPayees = [
    ("ADP PAYROLL", "Payroll"), ("ADP TAX", "Payroll taxes"), ("PARKSIDE REALTY LLC", "Rent"),
    ("BCBS MA", "Health insurance premium"), ("AMEX EPAYMENT", "Card payment"),
  ]

  /// Writes the folder's files. Existing files of the same names are replaced.
  public func write(to directory: String) throws(TieoutError) -> Written {
    var rng = SplitMix64(seed: seed)
    guard let first = Day(year: year, month: month, day: 1) else {
      throw TieoutError(.badConfig, at: nil, "no such month \(year)-\(month)")
    }
    let period = Period(monthOf: first)
    let lastDay = period.end.components.day
    func day(_ d: Int) -> Day { first.adding(days: d - 1) }

    var txns: [Txn] = []
    let regular = max(bankRows - 2, 1)
    var checkNo = 10_400, receiptNo = 50_000, achNo = 7_000
    for _ in 0..<regular {
      let r = rng.next(below: 100)
      let bankDay = 4 + Int(rng.next(below: UInt64(lastDay - 4)))
      if r < 55 {
        receiptNo += 1
        let amount = Int64(15_000 + rng.next(below: 950_000))
        let lag = Int(rng.next(below: 3))
        let cust = Self.customers[Int(rng.next(below: UInt64(Self.customers.count)))]
        txns.append(
          Txn(kind: .deposit, bankDate: day(bankDay), glDate: day(bankDay - lag), amount: amount,
              reference: "RCT-\(receiptNo)", party: cust, memo: "Customer payment \(cust)",
              glAmount: amount, glCopies: 1,
              receipts: [Receipt(number: "RCT-\(receiptNo)", reference: "RCT-\(receiptNo)", amount: amount, method: nil)]))
      } else if r < 80 {
        checkNo += 1
        let amount = -Int64(8_000 + rng.next(below: 600_000))
        let lag = 1 + Int(rng.next(below: 3))
        let vendor = Self.vendors[Int(rng.next(below: UInt64(Self.vendors.count)))]
        txns.append(
          Txn(kind: .check, bankDate: day(bankDay), glDate: day(bankDay - lag), amount: amount,
              reference: String(checkNo), party: vendor, memo: "Check \(checkNo) \(vendor)",
              glAmount: amount, glCopies: 1))
      } else {
        achNo += 1
        let (payee, what) = Self.achPayees[Int(rng.next(below: UInt64(Self.achPayees.count)))]
        let amount = -Int64(50_000 + rng.next(below: 1_500_000))
        txns.append(
          Txn(kind: .ach, bankDate: day(bankDay), glDate: day(bankDay - Int(rng.next(below: 2))), amount: amount,
              reference: "ACH-\(achNo)", party: payee, memo: what,
              glAmount: amount, glCopies: 1))
      }
    }
    var planted: [Planted] = []
    // The duplicate posting: the first deposit is posted twice in the GL.
    if let i = txns.firstIndex(where: { $0.kind == .deposit }) {
      txns[i].glCopies = 2
      planted.append(Planted(kind: "missing-in-bank", what: "customer deposit \(txns[i].reference) posted twice in the GL", amount: txns[i].amount))
    }
    // An unbooked bank fee.
    txns.append(
      Txn(kind: .fee, bankDate: day(lastDay), glDate: nil, amount: -3_500, reference: "", party: "",
          memo: "MONTHLY SERVICE FEE", glAmount: 0, glCopies: 0))
    planted.append(Planted(kind: "missing-in-gl", what: "bank service fee not booked in the GL", amount: -3_500))
    // A transposed check amount: bank 1,234.00, GL 1,243.00.
    checkNo += 1
    txns.append(
      Txn(kind: .check, bankDate: day(lastDay - 6), glDate: day(lastDay - 8), amount: -123_400,
          reference: String(checkNo), party: "Henry Schein", memo: "Check \(checkNo) Henry Schein",
          glAmount: -124_300, glCopies: 1))
    planted.append(Planted(kind: "amount-mismatch", what: "check \(checkNo) booked as 1,243.00, cleared as 1,234.00", amount: 900))
    // Two outstanding checks.
    for (offset, amount) in [(1, Int64(-287_515)), (0, Int64(-64_250))] {
      checkNo += 1
      let vendor = offset == 1 ? "Medline Industries" : "Stericycle"
      txns.append(
        Txn(kind: .check, bankDate: nil, glDate: day(lastDay - offset), amount: amount,
            reference: String(checkNo), party: vendor, memo: "Check \(checkNo) \(vendor)",
            glAmount: amount, glCopies: 1))
      planted.append(Planted(kind: "missing-in-bank", what: "check \(checkNo) to \(vendor) outstanding at month end", amount: amount))
    }
    // A deposit in transit.
    receiptNo += 1
    txns.append(
      Txn(kind: .deposit, bankDate: nil, glDate: day(lastDay), amount: 418_760, reference: "RCT-\(receiptNo)",
          party: "Bayview Orthopedics", memo: "Customer payment Bayview Orthopedics",
          glAmount: 418_760, glCopies: 1,
          receipts: [Receipt(number: "RCT-\(receiptNo)", reference: "RCT-\(receiptNo)", amount: 418_760, method: "ACH")]))
    planted.append(Planted(kind: "deposit-in-transit", what: "deposit RCT-\(receiptNo) in transit on the last day", amount: 418_760))
    // Three checks on one deposit slip: one bank line and one GL line, three receipts.
    let slip = [Int64(182_550), 96_000, 241_275].map { amount -> Receipt in
      receiptNo += 1
      return Receipt(number: "RCT-\(receiptNo)", reference: "RCT-\(receiptNo)", amount: amount, method: "Check")
    }
    let slipTotal = slip.reduce(0) { $0 + $1.amount }
    txns.append(
      Txn(kind: .deposit, bankDate: day(12), glDate: day(12), amount: slipTotal, reference: "SLIP-0042",
          party: "Deposit slip 0042", memo: "Deposit slip 0042, 3 checks", glAmount: slipTotal, glCopies: 1,
          receipts: slip, bankMemo: "DEPOSIT SLIP 0042"))
    planted.append(Planted(kind: "batch", what: "three checks on deposit slip 0042", amount: slipTotal))
    // A card processor's payout: four card payments, paid out net of a 2.9% + 0.30 fee each.
    var gross: Int64 = 0, fees: Int64 = 0
    var charges: [Receipt] = []
    for amount in [Int64(125_000), 48_990, 210_000, 7_500] {
      receiptNo += 1
      // The billing system records the processor's payout id on each card receipt.
      charges.append(Receipt(number: "RCT-\(receiptNo)", reference: "po_1Q9NWMS", amount: amount, method: "Card"))
      gross += amount
      fees += (amount * 29 + 500) / 1_000 + 30
    }
    txns.append(
      Txn(kind: .deposit, bankDate: day(16), glDate: day(16), amount: gross - fees, reference: "po_1Q9NWMS",
          party: "Stripe", memo: "Stripe payout po_1Q9NWMS (net of fees)", glAmount: gross - fees, glCopies: 1,
          receipts: charges, bankMemo: "STRIPE TRANSFER po_1Q9NWMS"))
    planted.append(Planted(kind: "payout", what: "card payout net of \(Money.decimalString(fees, digits: 2)) in fees", amount: gross - fees))
    // A partial payment: 1,500.00 of a 4,000.00 invoice.
    receiptNo += 1
    txns.append(
      Txn(kind: .deposit, bankDate: day(20), glDate: day(19), amount: 150_000, reference: "RCT-\(receiptNo)",
          party: "Northgate ENT", memo: "Customer payment Northgate ENT (partial)", glAmount: 150_000, glCopies: 1,
          receipts: [Receipt(number: "RCT-\(receiptNo)", reference: "RCT-\(receiptNo)", amount: 150_000, method: "ACH", invoiceAmount: 400_000)]))
    planted.append(Planted(kind: "partial", what: "1,500.00 paid on a 4,000.00 invoice", amount: 150_000))
    // A GL entry posted in error and reversed the same day.
    txns.append(
      Txn(kind: .ach, bankDate: nil, glDate: day(9), amount: 0, reference: "JE-ERR-17", party: "",
          memo: "Accrual posted to cash in error", glAmount: 260_000, glCopies: 1))
    txns.append(
      Txn(kind: .ach, bankDate: nil, glDate: day(9), amount: 0, reference: "JE-ERR-17", party: "",
          memo: "Reversal of accrual posted to cash in error", glAmount: -260_000, glCopies: 1))
    planted.append(Planted(kind: "reversal", what: "an accrual posted to cash and reversed", amount: 0))
    // A refund check booked 9 days after it cleared: outside the 3-day window.
    checkNo += 1
    txns.append(
      Txn(kind: .check, bankDate: day(6), glDate: day(15), amount: -58_840, reference: String(checkNo),
          party: "Owens & Minor", memo: "Check \(checkNo) Owens & Minor", glAmount: -58_840, glCopies: 1))
    planted.append(Planted(kind: "date-outside-window", what: "check \(checkNo) booked 9 days after it cleared", amount: -58_840))

    let fm = FileManager.default
    do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
      throw TieoutError(.cannotWrite, at: .wholeFile(directory), "cannot create \(directory)")
    }

    // Bank: newest first, with a running balance, as banks export it.
    var bankLines = txns.enumerated().compactMap { i, t in t.bankDate.map { (i, $0, t) } }
    bankLines.sort { ($0.1, $0.0) < ($1.1, $1.0) }
    var balance: Int64 = 18_245_033
    var bankOut: [String] = []
    for (_, d, t) in bankLines {
      balance += t.amount
      let (details, type, desc, slip): (String, String, String, String)
      switch t.kind {
      case .deposit: (details, type, desc, slip) = ("DSLIP", "DEPOSIT", t.bankMemo ?? "REMOTE ONLINE DEPOSIT \(t.reference.dropFirst(4))", "")
      case .check: (details, type, desc, slip) = ("CHECK", "CHECK_PAID", "CHECK \(t.reference)", t.reference)
      case .ach: (details, type, desc, slip) = ("DEBIT", "ACH_DEBIT", "\(t.party) PPD ID: \(t.reference.dropFirst(4))", "")
      case .fee: (details, type, desc, slip) = ("DEBIT", "FEE_TRANSACTION", t.memo, "")
      }
      bankOut.append([details, ExportText.mdy(d), desc, ExportText.plain(t.amount), type, ExportText.plain(balance), slip].map(ExportText.csv).joined(separator: ","))
    }
    let bank = "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\n" + bankOut.reversed().joined(separator: "\n") + "\n"

    // GL cash account: journal lines in date order, Debit and Credit columns, a totals footer.
    var glLines: [(Day, Int, Txn)] = []
    for (i, t) in txns.enumerated() where t.glDate != nil {
      for _ in 0..<t.glCopies { glLines.append((t.glDate ?? first, i, t)) }
    }
    glLines.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    var gl = "Date,Journal,Account,Account Name,Reference,Memo,Debit,Credit\n"
    var debits: Int64 = 0, credits: Int64 = 0, journal = 3_000
    for (d, _, t) in glLines {
      journal += 1
      let debit = t.glAmount > 0 ? ExportText.grouped(t.glAmount) : ""
      let credit = t.glAmount < 0 ? ExportText.grouped(-t.glAmount) : ""
      if t.glAmount > 0 { debits += t.glAmount } else { credits -= t.glAmount }
      let memo = t.kind == .ach && t.memo == "Rent" ? "=Rent per lease, see J. Ortiz" : t.memo
      gl += [d.description, "JE-\(journal)", "1010", "Operating Cash", t.reference, memo, debit, credit].map(ExportText.csv).joined(separator: ",") + "\n"
    }
    gl += ["", "", "", "", "", "Total", ExportText.grouped(debits), ExportText.grouped(credits)].map(ExportText.csv).joined(separator: ",") + "\n"

    // Billing: receipts, and invoices (each receipt pays one; some invoices are still open).
    var receipts = "Receipt,Payment Date,Customer,Invoice,Method,Amount,Reference\n"
    var invoices = "Invoice,Customer,Service Date,Invoice Date,Due Date,Amount,Balance Due,Status\n"
    // Service happens up to two weeks before the invoice (no random draw, so the rest of the
    // month stays as it was).
    func served(_ issued: Day, _ number: Int) -> String { ExportText.mdy(issued.adding(days: -(number % 15))) }
    var receiptRows = 0, invoiceRows = 0, invoiceNo = 24_000
    for t in txns {
      for (k, rc) in t.receipts.enumerated() {
        invoiceNo += 1
        // Receipts on a slip or in a payout are paid a day or two before the deposit.
        let paid = (t.glDate ?? first).adding(days: t.receipts.count > 1 ? -(k % 3) : 0)
        let issued = paid.adding(days: -(10 + Int(rng.next(below: 50))))
        let method = rc.method ?? (rng.next(below: 3) == 0 ? "Check" : "ACH")
        let customer = t.receipts.count > 1 ? Self.customers[(invoiceNo * 7) % Self.customers.count] : t.party
        receipts += [rc.number, ExportText.mdy(paid), customer, "INV-\(invoiceNo)", method, ExportText.plain(rc.amount), rc.reference].map(ExportText.csv).joined(separator: ",") + "\n"
        let billed = rc.invoiceAmount ?? rc.amount
        invoices += [
          "INV-\(invoiceNo)", customer, served(issued, invoiceNo), ExportText.mdy(issued), ExportText.mdy(issued.adding(days: 30)), ExportText.plain(billed),
          ExportText.plain(billed - rc.amount),
          billed == rc.amount ? "Paid" : "Partial",
        ].map(ExportText.csv).joined(separator: ",") + "\n"
        receiptRows += 1
        invoiceRows += 1
      }
    }
    for _ in 0..<(receiptRows / 3 + 1) {
      invoiceNo += 1
      let issued = first.adding(days: -Int(rng.next(below: 120)) + lastDay - 1)
      let amount = Int64(20_000 + rng.next(below: 1_200_000))
      let cust = Self.customers[Int(rng.next(below: UInt64(Self.customers.count)))]
      invoices += [
        "INV-\(invoiceNo)", cust, served(issued, invoiceNo), ExportText.mdy(issued), ExportText.mdy(issued.adding(days: 30)), ExportText.plain(amount), ExportText.plain(amount),
        "Open",
      ].map(ExportText.csv).joined(separator: ",") + "\n"
      invoiceRows += 1
    }

    // Disputes: a dozen over the month, each resolved after a few business days, two late,
    // two still open (no random draws, so the rest of the month stays as it was).
    var disputes = "Dispute,Customer,Opened,Resolved,Amount,Reason\n"
    let reasons = ["Pricing", "Duplicate charge", "Short shipment", "Damaged goods"]
    for k in 0..<12 {
      let opened = day(1 + k * 2)
      let businessDays = [2, 4, 6, 3, 12, 5, 8, 15, 1, 7, -1, -1][k]
      var resolved = opened
      var left = businessDays
      while left > 0 {
        resolved = resolved.adding(days: 1)
        if resolved.weekday < 5 { left -= 1 }
      }
      let closed = businessDays >= 0 && resolved <= day(lastDay) ? ExportText.mdy(resolved) : ""
      let customer = Self.customers[(k * 5) % Self.customers.count]
      disputes += ["DSP-\(700 + k)", customer, ExportText.mdy(opened), closed, ExportText.plain(Int64(5_000 + 1_250 * k)), reasons[k % reasons.count]]
        .map(ExportText.csv).joined(separator: ",") + "\n"
    }

    let yaml = """
      # tieout.yaml: what to reconcile. See README.md ("tieout.yaml") for every key.
      company: \(company)
      period: \(String(year))-\(month < 10 ? "0" : "")\(month)
      sources:
        - name: bank
          kind: bank
          template: bank-running-balance
          files: [bank.csv]
        - name: gl
          kind: ledger
          template: gl-journal-lines
          files: [gl-cash.csv]
        - name: receipts
          kind: receipts
          template: billing-receipts
          files: [billing-receipts.csv]
        - name: invoices
          kind: invoices
          template: billing-invoices
          files: [billing-invoices.csv]
        - name: disputes
          kind: disputes
          template: billing-disputes
          files: [billing-disputes.csv]
      match:
        window_days: 3
        holidays: [us-federal]          # business days skip the days US banks are closed
      aging:
        terms_days: 30
        buckets: [30, 60, 90]
        limit: 25000.00
      max_errors: 100

      """
    for (name, text) in [("bank.csv", bank), ("gl-cash.csv", gl), ("billing-receipts.csv", receipts), ("billing-invoices.csv", invoices), ("billing-disputes.csv", disputes), ("tieout.yaml", yaml)] {
      let path = directory + "/" + name
      guard fm.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw TieoutError(.cannotWrite, at: .wholeFile(path), "cannot write \(path)")
      }
    }
    return Written(bankRows: bankLines.count, ledgerRows: glLines.count, receiptRows: receiptRows, invoiceRows: invoiceRows, planted: planted)
  }
}
