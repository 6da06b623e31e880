import Foundation
public import TieoutCore

/// A month as a B2B company's exports show it, with the truth of which lines belong together:
/// for measuring how well tieout matches months it was not written for (`make accuracy`).
///
/// The bank statement (bundled `bank-generic`) carries what banks put in their text: ACH
/// addenda naming the customer and the invoice, wire references, cheque numbers, deposit slip
/// numbers, processor payout ids. The GL is a QuickBooks Online General Ledger report
/// (`quickbooks-online-general-ledger`): deposits with the customer's name and, mostly, the
/// invoice in the memo; cheques by number; processor payouts booked gross with their fee on a
/// line of its own. Billing exports (`billing-receipts`, `billing-invoices`) list every payment
/// and invoice. Amounts come from a short price list, so at volume many lines share an amount
/// and a day. The patterns, at about these shares of bank lines:
///
/// - ACH receipts (40 %), posted the day of the payment or the next business day;
/// - wires in (8 %), a twentieth of them short by the bank's 15.00 fee;
/// - cheque deposit slips (8 %): below 5,000 bank lines, each holds every cheque received
///   since the last slip (one to three days); above, many slips a day of 10–40 cheques, nine
///   in ten with the slip number as the cheques' reference in billing;
/// - card processor payouts (8 %), each of 5–30 payments of the five business days before,
///   net of 2.9 % + 0.30 a payment, booked gross plus fee;
/// - cheques written (14 %), clearing 2–40 days later (those that have not cleared by the
///   month's end are outstanding);
/// - ACH debits to vendors and payroll (20 %);
/// - planted discrepancies: bank service charges, returned ACH items, cheques booked with two
///   digits transposed, deposits posted twice in the GL, a deposit in transit at month end.
///
/// `truth.json` lists, by `file:line`, the bank and GL lines of each pair, the billing receipts
/// behind each deposit, and each planted discrepancy with the exception kind it must become.
public struct RealisticMonth: Sendable {
  public var bankLines: Int
  public var seed: UInt64
  public var year: Int
  public var month: Int
  public var company: String

  public init(bankLines: Int, seed: UInt64 = 2026, year: Int = 2026, month: Int = 10, company: String = "Northwind Analytics") {
    self.bankLines = bankLines
    self.seed = seed
    self.year = year
    self.month = month
    self.company = company
  }

  /// What was written.
  public struct Written: Sendable {
    public let bankRows: Int
    public let ledgerRows: Int
    public let receiptRows: Int
    public let invoiceRows: Int
    public let pairs: Int
    public let planted: Int
  }

  /// A line of an export before it is written: its date, and the file line it will take.
  struct Line {
    let date: Day
    let fields: [String]
    /// Where the truth refers to it, filled in once lines are sorted by date.
    var id: Int
  }

  /// The lines of one export, numbered as they are added and placed in date order when written.
  struct Export {
    var lines: [Line] = []
    /// Adds a line; returns its id.
    mutating func add(_ date: Day, _ fields: [String]) -> Int {
      lines.append(Line(date: date, fields: fields, id: lines.count))
      return lines.count - 1
    }
  }

  static let prices: [Int64] = [49_900, 99_900, 125_000, 250_000, 75_000, 450_000, 1_995_000, 30_000, 18_000, 640_000]
  static let firstWords = [
    "Harbor", "Summit", "Cedar", "Granite", "Beacon", "Meridian", "Juniper", "Kestrel", "Lakeside", "Northgate", "Pioneer",
    "Quarry", "Redwood", "Silverline", "Tidewater", "Union", "Vantage", "Westbrook", "Alder", "Bluestone", "Copper", "Driftwood",
    "Evergreen", "Foxglove", "Goldfinch", "Highland", "Ironbridge", "Lantern", "Maple", "Oakmont",
  ]
  static let secondWords = [
    "Labs", "Logistics", "Dental", "Robotics", "Analytics", "Foods", "Builders", "Media", "Health", "Systems", "Partners",
    "Outfitters", "Pharmacy", "Studios", "Energy", "Freight", "Clinics", "Software", "Bakery", "Engineering",
  ]
  static let suffixes = ["Inc", "LLC", "Co", "Group", "Ltd", "Corp"]
  /// Vendors as the GL names them, and what they are paid for.
  static let vendors = [
    ("ADP", "PAYROLL"), ("Gusto", "PAYROLL"), ("Eversource", "UTILITY"), ("Comcast", "BUSINESS"), ("AWS", "CLOUD"),
    ("Uline", "SUPPLIES"), ("Staples", "SUPPLIES"), ("Blue Cross", "INSURANCE"), ("WEX", "FLEET"), ("Zoom", "SUBSCRIPTION"),
  ]
  static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
  ]

  public func write(to directory: String) throws(TieoutError) -> Written {
    var rng = SplitMix64(seed: seed ^ 0x5EA1_1571C)
    guard let first = Day(year: year, month: month, day: 1) else {
      throw TieoutError(.badConfig, at: nil, "no month \(year)-\(month)")
    }
    let last = first.adding(days: Day.daysInMonth(year: year, month: month) - 1)
    let businessDays = (0...first.days(to: last)).map { first.adding(days: $0) }.filter { $0.weekday < 5 }
    func pick<T>(_ list: [T]) -> T { list[Int(rng.next(below: UInt64(list.count)))] }
    func chance(_ percent: Double) -> Bool { Double(rng.next(below: 1_000_000)) < percent * 10_000 }
    func nextBusinessDay(_ d: Day, _ n: Int = 1) -> Day {
      var d = d, left = n
      while left > 0 {
        d = d.adding(days: 1)
        if d.weekday < 5 { left -= 1 }
      }
      return d
    }
    func digits(_ n: Int) -> String { String((0..<n).map { _ in Character(String(rng.next(below: 10))) }) }
    func amount() -> Int64 { chance(55) ? pick(Self.prices) : Int64(5_000 + rng.next(below: 2_000_000)) }

    let customerCount = max(24, min(bankLines / 8, Self.firstWords.count * Self.secondWords.count * Self.suffixes.count))
    var customers: [String] = []
    var seen = Set<String>()
    while customers.count < customerCount {
      let name = "\(pick(Self.firstWords)) \(pick(Self.secondWords)) \(pick(Self.suffixes))"
      if seen.insert(name).inserted || seen.count >= Self.firstWords.count * Self.secondWords.count * Self.suffixes.count {
        customers.append(name)
      }
    }

    var bank = Export(), gl = Export(), receipts = Export(), invoices = Export()
    // Truth, by line ids of each export: pairs of bank and GL lines, deposits with receipts,
    // planted discrepancies.
    var pairs: [(bank: [Int], gl: [Int])] = []
    var deposits: [(bank: Int, receipts: [Int])] = []
    var planted: [(kind: String, bank: [Int], gl: [Int])] = []
    var invoiceNo = 100_000, receiptNo = 500_000, slipNo = 7_000, chequeNo = 20_000, payoutNo = 10_000
    // Days whose cheques are on a slip already (small months), the last day's kept for the
    // deposit in transit.
    var slipped: Set<Day> = [last]

    /// An invoice and the receipt paying it in full; returns the receipt's line and the invoice number.
    func paid(_ customer: String, _ amt: Int64, on day: Day, method: String, reference: String? = nil) -> (Int, String) {
      invoiceNo += 1
      receiptNo += 1
      let inv = "INV-\(invoiceNo)"
      let issued = day.adding(days: -(5 + Int(rng.next(below: 55))))
      _ = invoices.add(
        issued,
        [inv, customer, ExportText.mdy(issued.adding(days: -Int(rng.next(below: 10)))), ExportText.mdy(issued),
          ExportText.mdy(issued.adding(days: 30)), ExportText.plain(amt), "0.00", "Paid"])
      let r = receipts.add(
        day, ["PMT-\(receiptNo)", ExportText.mdy(day), customer, inv, method, ExportText.plain(amt), reference ?? "PMT-\(receiptNo)"])
      return (r, inv)
    }
    func yymmdd(_ d: Day) -> String {
      let (y, m, dd) = d.components
      return String(format: "%02d%02d%02d", y % 100, m, dd)
    }

    var made = 0
    var achCredits: [(bank: Int, day: Day, amount: Int64, customer: String)] = []
    while made < bankLines {
      let day = pick(businessDays)
      let roll = rng.next(below: 1000)
      switch roll {
      case 0..<400:  // ACH receipt
        let customer = pick(customers), amt = amount()
        let posted = chance(70) ? day : nextBusinessDay(day)
        guard posted <= last else { continue }
        let (r, inv) = paid(customer, amt, on: day, method: "ACH")
        let name = String(customer.uppercased().prefix(16))
        let b = bank.add(posted, [posted.description, ExportText.plain(amt), "",
            "ORIG CO NAME:\(name) ORIG ID:\(digits(10)) DESC DATE:\(yymmdd(day)) CO ENTRY DESCR:PAYMENTS SEC:CCD TRACE#:\(digits(15)) EED:\(yymmdd(posted)) IND ID:\(inv) IND NAME:\(company.uppercased())"])
        let memo = chance(75) ? "ACH receipt \(inv)" : "Customer payment"
        let g = gl.add(day, [ExportText.mdy(day), "Payment", "", customer, memo, "Accounts Receivable (A/R)", ExportText.grouped(amt)])
        pairs.append(([b], [g]))
        deposits.append((b, [r]))
        achCredits.append((b, posted, amt, customer))
        if chance(0.4) {  // posted twice in the GL
          let copy = gl.add(day, [ExportText.mdy(day), "Payment", "", customer, memo, "Accounts Receivable (A/R)", ExportText.grouped(amt)])
          planted.append(("duplicate", [], [copy]))
        }
      case 400..<480:  // wire in
        let customer = pick(customers), amt = amount() * 4
        let (r, inv) = paid(customer, amt, on: day, method: "Wire")
        let short = chance(5)
        let b = bank.add(day, [day.description, ExportText.plain(short ? amt - 1_500 : amt), digits(12),
            "WIRE TRANSFER IN FED REF \(digits(8)) FROM \(customer.uppercased()) OBI \(inv)"])
        let g = gl.add(day, [ExportText.mdy(day), "Deposit", "", customer, "Wire \(inv)", "Accounts Receivable (A/R)", ExportText.grouped(amt)])
        if short {
          planted.append(("amount-mismatch", [b], [g]))
        } else {
          pairs.append(([b], [g]))
          deposits.append((b, [r]))
        }
      case 480..<560:  // cheque deposit slip
        // A small business takes every cheque received since its last slip to the bank; at
        // volume, branches and lockboxes deposit many slips a day, and billing records each
        // cheque's slip (its reference), but for a tenth of the slips.
        var received: [Day] = []
        var slipNumber: String? = nil
        if bankLines < 5_000 {
          let days = (0...2).map { day.adding(days: -$0) }.prefix { !slipped.contains($0) && $0 >= first }
          guard !days.isEmpty else { continue }
          slipped.formUnion(days)
          for d in days where d.weekday < 5 { received += Array(repeating: d, count: 1 + Int(rng.next(below: 5))) }
          guard received.count >= 2 else { continue }
        } else {
          received = (0..<(10 + Int(rng.next(below: 31)))).map { _ in day.adding(days: -Int(rng.next(below: 3))) }
          if chance(90) { slipNumber = "\(slipNo + 1)" }
        }
        slipNo += 1
        var rows: [Int] = []
        var total: Int64 = 0
        for on in received {
          let amt = amount()
          total += amt
          rows.append(paid(pick(customers), amt, on: on, method: "Check", reference: slipNumber).0)
        }
        let b = bank.add(day, [day.description, ExportText.plain(total), "\(slipNo)", "BRANCH DEPOSIT SLIP \(slipNo)"])
        let g = gl.add(day, [ExportText.mdy(day), "Deposit", "", "", "Deposit slip \(slipNo)", "Undeposited Funds", ExportText.grouped(total)])
        pairs.append(([b], [g]))
        deposits.append((b, rows))
      case 560..<640:  // card processor payout, booked gross plus fee
        payoutNo += 1
        let payout = "po_\(payoutNo)"
        var rows: [Int] = []
        var gross: Int64 = 0, fee: Int64 = 0
        for _ in 0..<(5 + Int(rng.next(below: 26))) {
          let charged = day.adding(days: -Int(1 + rng.next(below: 5)))
          let amt = chance(50) ? pick(Self.prices) / 10 : Int64(1_000 + rng.next(below: 60_000))
          gross += amt
          fee += (amt * 29 + 500) / 1_000 + 30
          rows.append(paid(pick(customers), amt, on: charged, method: "Card", reference: payout).0)
        }
        let b = bank.add(day, [day.description, ExportText.plain(gross - fee), "", "STRIPE TRANSFER ST-\(payout.uppercased())"])
        let g1 = gl.add(day, [ExportText.mdy(day), "Deposit", "", "Stripe", "Stripe payout \(payout)", "Undeposited Funds", ExportText.grouped(gross)])
        let g2 = gl.add(day, [ExportText.mdy(day), "Expense", "", "Stripe", "Stripe fees \(payout)", "Merchant Fees", "(\(ExportText.grouped(fee)))"])
        pairs.append(([b], [g1, g2]))
        deposits.append((b, rows))
      case 640..<780:  // cheque written
        chequeNo += 1
        let vendor = pick(Self.vendors).0, amt = Int64(10_000 + rng.next(below: 2_000_000))
        let cleared = day.adding(days: 2 + Int(rng.next(below: 39)))
        let transposed = chance(2) ? Self.transposed(amt) : nil
        let g = gl.add(
          day, [ExportText.mdy(day), "Check", "\(chequeNo)", vendor, "Check \(chequeNo) \(vendor)", "Accounts Payable (A/P)", "(\(ExportText.grouped(transposed ?? amt)))"])
        guard cleared <= last else {
          planted.append(("outstanding-check", [], [g]))
          continue
        }
        let b = bank.add(cleared, [cleared.description, ExportText.plain(-amt), "\(chequeNo)", "CHECK \(chequeNo)"])
        if transposed != nil { planted.append(("amount-mismatch", [b], [g])) } else { pairs.append(([b], [g])) }
      case 780..<980:  // ACH debit
        let (vendor, what) = pick(Self.vendors)
        let amt = what == "PAYROLL" ? Int64(1_500_000 + rng.next(below: 9_000_000)) : Int64(2_000 + rng.next(below: 400_000))
        let id = digits(9)
        let b = bank.add(day, [day.description, ExportText.plain(-amt), "", "ACH DEBIT \(vendor.uppercased()) \(what) \(id)"])
        let booked = chance(80) ? day : max(first, day.adding(days: -Int(rng.next(below: 3))))
        let g = gl.add(
          booked, [ExportText.mdy(booked), "Expense", "", vendor, "\(vendor) \(what.lowercased()) \(id)", "Operating Expenses", "(\(ExportText.grouped(amt)))"])
        pairs.append(([b], [g]))
      case 980..<988:  // a bank charge not yet booked
        let b = bank.add(day, [day.description, ExportText.plain(-Int64(pick([1_500, 2_500, 3_500]))), "", pick(["SERVICE CHARGE", "WIRE FEE", "ACCOUNT ANALYSIS FEE"])])
        planted.append(("fee", [b], []))
      case 988..<996:  // a returned ACH item
        guard let original = achCredits.last, original.day < last else { continue }
        achCredits.removeLast()  // a deposit comes back once
        let returned = nextBusinessDay(original.day, 1 + Int(rng.next(below: 3)))
        guard returned <= last else { continue }
        let b = bank.add(returned, [returned.description, ExportText.plain(-original.amount), "", "RETURNED ITEM \(original.customer.uppercased()) NSF"])
        planted.append(("returned-item", [b, original.bank], []))
      default:  // a deposit in transit: in the GL on the last day, at the bank next month
        let customer = pick(customers), amt = amount()
        let g = gl.add(last, [ExportText.mdy(last), "Deposit", "", customer, "Customer payment", "Accounts Receivable (A/R)", ExportText.grouped(amt)])
        _ = paid(customer, amt, on: last, method: "Check")
        planted.append(("deposit-in-transit", [], [g]))
      }
      made = bank.lines.count
    }

    // Open invoices: a fifth as many again as paid ones.
    for _ in 0..<(invoices.lines.count / 5) {
      invoiceNo += 1
      let issued = last.adding(days: -Int(rng.next(below: 120)))
      let amt = amount()
      _ = invoices.add(
        issued,
        [
          "INV-\(invoiceNo)", pick(customers), ExportText.mdy(issued), ExportText.mdy(issued), ExportText.mdy(issued.adding(days: 30)),
          ExportText.plain(amt), ExportText.plain(amt), "Open",
        ])
    }

    // Lines in date order (file order within a day); each id's file line.
    func placed(_ e: Export, firstLine: Int) -> (text: [String], lineOf: [Int]) {
      let order = e.lines.indices.sorted { (e.lines[$0].date, $0) < (e.lines[$1].date, $1) }
      var lineOf = [Int](repeating: 0, count: e.lines.count)
      var text: [String] = []
      for (k, i) in order.enumerated() {
        lineOf[e.lines[i].id] = firstLine + k
        text.append(e.lines[i].fields.map(ExportText.csv).joined(separator: ","))
      }
      return (text, lineOf)
    }
    let (bankText, bankLine) = placed(bank, firstLine: 2)
    // The QuickBooks report: three title rows, a blank row, the header, the account heading.
    let (glText, glLine) = placed(gl, firstLine: 7)
    let (receiptText, receiptLine) = placed(receipts, firstLine: 2)
    let (invoiceText, _) = placed(invoices, firstLine: 2)

    let monthName = Self.monthNames[month - 1]
    let files: [(String, String)] = [
      ("bank.csv", "Date,Amount,Reference,Description\n" + bankText.joined(separator: "\n") + "\n"),
      (
        "gl.csv",
        "\(company)\nGeneral Ledger\n\"\(monthName) 1-\(Day.daysInMonth(year: year, month: month)), \(year)\"\n\n"
          + ",Date,Transaction Type,Num,Name,Memo/Description,Split,Amount\nChecking,,,,,,,\n"
          + glText.map { "," + $0 }.joined(separator: "\n") + "\nTotal for Checking,,,,,,,\n"
      ),
      ("billing-receipts.csv", "Receipt,Payment Date,Customer,Invoice,Method,Amount,Reference\n" + receiptText.joined(separator: "\n") + "\n"),
      (
        "billing-invoices.csv",
        "Invoice,Customer,Service Date,Invoice Date,Due Date,Amount,Balance Due,Status\n" + invoiceText.joined(separator: "\n") + "\n"
      ),
      (
        "tieout.yaml",
        """
        company: \(company)
        period: \(String(format: "%04d-%02d", year, month))
        sources:
          - { name: bank, kind: bank, template: bank-generic, files: [bank.csv] }
          - { name: gl, kind: ledger, template: quickbooks-online-general-ledger, files: [gl.csv] }
          - { name: receipts, kind: receipts, template: billing-receipts, files: [billing-receipts.csv] }
          - { name: invoices, kind: invoices, template: billing-invoices, files: [billing-invoices.csv] }

        """
      ),
      (
        "truth.json",
        Self.truth(
          pairs: pairs.map { ($0.bank.map { "bank.csv:\(bankLine[$0])" }, $0.gl.map { "gl.csv:\(glLine[$0])" }) },
          deposits: deposits.map { ("bank.csv:\(bankLine[$0.bank])", $0.receipts.map { "billing-receipts.csv:\(receiptLine[$0])" }) },
          planted: planted.map { ($0.kind, $0.bank.map { "bank.csv:\(bankLine[$0])" } + $0.gl.map { "gl.csv:\(glLine[$0])" }) })
      ),
    ]
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw TieoutError(.cannotWrite, at: .wholeFile(directory), "cannot make the folder \(directory)")
    }
    for (name, text) in files {
      let path = directory + "/" + name
      guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
        throw TieoutError(.cannotWrite, at: .wholeFile(path), "cannot write \(path)")
      }
    }
    return Written(
      bankRows: bank.lines.count, ledgerRows: gl.lines.count, receiptRows: receipts.lines.count, invoiceRows: invoices.lines.count,
      pairs: pairs.count, planted: planted.count)
  }

  /// `amount` with two neighbouring digits swapped, when they differ.
  static func transposed(_ amount: Int64) -> Int64? {
    var d = Array(String(amount))
    guard d.count >= 3 else { return nil }
    for k in stride(from: d.count - 2, to: 0, by: -1) where d[k] != d[k - 1] {
      d.swapAt(k, k - 1)
      return Int64(String(d))
    }
    return nil
  }

  /// The truth as JSON: `pairs` (bank and GL lines), `deposits` (a bank line and its receipts),
  /// `planted` (an exception kind and its lines).
  static func truth(pairs: [([String], [String])], deposits: [(String, [String])], planted: [(String, [String])]) -> String {
    func list(_ xs: [String]) -> String { "[" + xs.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
    var out = "{\n\"pairs\": [\n"
    out += pairs.map { "{\"bank\":\(list($0.0)),\"gl\":\(list($0.1))}" }.joined(separator: ",\n")
    out += "\n],\n\"deposits\": [\n"
    out += deposits.map { "{\"bank\":\"\($0.0)\",\"receipts\":\(list($0.1))}" }.joined(separator: ",\n")
    out += "\n],\n\"planted\": [\n"
    out += planted.map { "{\"kind\":\"\($0.0)\",\"rows\":\(list($0.1))}" }.joined(separator: ",\n")
    return out + "\n]\n}\n"
  }
}
