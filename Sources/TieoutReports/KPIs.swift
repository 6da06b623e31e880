public import TieoutCore
import TieoutMatch

/// One tile of the dashboard: a value, or the inputs the month lacks to compute it.
public struct KPI: Sendable {
  public enum Unit: Sendable { case days, percent, money, count }
  public let name: String
  /// Minor units for money, a fraction for percent, days or a count otherwise; nil when missing.
  public let value: Double?
  public let unit: Unit
  /// One line: what it means.
  public let definition: String
  /// How it is computed, with this month's inputs.
  public let formula: String
  /// What the month lacks to compute it, named rather than guessed.
  public let missing: String?
}

extension Reconciliation {
  /// The month's key figures, in the order of the dashboard. The money figures read the rows
  /// of the reporting currency (the first source's) only, and say which rows they leave out.
  public var kpis: [KPI] {
    let aging = self.aging
    let days = period.start.days(to: period.end) + 1
    func total(_ kind: SourceKind) -> Int64 {
      var sum: Int64 = 0
      for i in 0..<store.count where self.kind(ofRow: i) == kind && period.contains(store.date(i)) && isInReportCurrency(i) {
        sum += store.amount(i)
      }
      return sum
    }
    let digits = currency.minorDigits
    func money(_ m: Int64) -> String { Money.groupedString(m, digits: digits) }
    let hasInvoices = sources.contains { $0.kind == .invoices }
    let hasReceipts = sources.contains { $0.kind == .receipts }
    let billed = total(.invoices), collected = total(.receipts)
    var ar: Int64 = 0, current: Int64 = 0
    for it in aging.items where isInReportCurrency(Int(it.row)) {
      ar += it.open
      if it.bucket == 0 { current += it.open }
    }
    // What the money figures leave out, said in their formulas.
    let others = rowsInOtherCurrencies
    let leftOut =
      others.isEmpty
      ? "" : "; \(currency.code) rows only, leaving out " + others.map { "\($0.rows) \($0.code) row\($0.rows == 1 ? "" : "s")" }.joined(separator: " and ")
    var out: [KPI] = []

    let noBilling = hasInvoices ? (billed > 0 ? nil : "invoices issued in the period") : "an invoices export"
    let dso = noBilling == nil ? Double(ar) / Double(billed) * Double(days) : nil
    out.append(
      KPI(
        name: "DSO (days sales outstanding)", value: dso, unit: .days,
        definition: "How many days of billing are still unpaid.",
        formula: "open AR ÷ billed in the period × days = \(money(ar)) ÷ \(money(billed)) × \(days)" + leftOut, missing: noBilling))
    let bpdso = noBilling == nil ? Double(current) / Double(billed) * Double(days) : nil
    out.append(
      KPI(
        name: "Average days delinquent", value: dso.flatMap { d in bpdso.map { d - $0 } }, unit: .days,
        definition: "How many of those days are past due: DSO less the best possible DSO.",
        formula: "DSO − current AR ÷ billed × days (current AR \(money(current)))" + leftOut, missing: noBilling))
    // Without write-offs in the exports, opening AR + billed = collected + closing AR: the
    // collectible amount is what was collected plus what is still open.
    let collectible = collected + ar
    out.append(
      KPI(
        name: "Collection %", value: hasReceipts && hasInvoices && collectible > 0 ? Double(collected) / Double(collectible) : nil,
        unit: .percent,
        definition: "Share of what customers owed in the period that they paid.",
        formula: "collected ÷ (collected + open AR) = \(money(collected)) ÷ \(money(collectible))" + leftOut,
        missing: hasReceipts ? (hasInvoices ? nil : "an invoices export") : "a receipts export"))
    let pastDue = ar - current
    out.append(
      KPI(
        name: "Collection Effectiveness Index",
        value: hasReceipts && hasInvoices && collected + pastDue > 0 ? Double(collected) / Double(collected + pastDue) : nil,
        unit: .percent,
        definition: "Share of what could be collected (all but invoices not yet due) that was collected.",
        formula: "(opening AR + billed − closing AR) ÷ (opening AR + billed − closing current AR) = collected ÷ (collected + past-due AR) = \(money(collected)) ÷ \(money(collected + pastDue)); opening AR taken as closing AR + collected − billed (no write-offs in the exports)" + leftOut,
        missing: hasReceipts ? (hasInvoices ? nil : "an invoices export") : "a receipts export"))
    // Auto-match: the bank, GL and billing receipts rows that a rule (not a person) placed in a group.
    func isCash(_ i: Int) -> Bool { [SourceKind.bank, .ledger, .receipts].contains(self.kind(ofRow: i)) }
    var cashRows = 0, autoRows = 0
    for i in 0..<store.count where isCash(i) { cashRows += 1 }
    for g in match.groups where g.status != .manual {
      for r in match.members(of: g) where isCash(Int(r)) { autoRows += 1 }
    }
    out.append(
      KPI(
        name: "Auto-match rate", value: cashRows > 0 ? Double(autoRows) / Double(cashRows) : nil, unit: .percent,
        definition: "Bank, GL and receipt rows the rules matched without a person.",
        formula: "rows in rule-made groups ÷ rows = \(autoRows) ÷ \(cashRows)", missing: cashRows > 0 ? nil : "bank or GL rows"))
    let unreconciled = match.exceptions.reduce(Int64(0)) { sum, x in
      guard let first = x.members.first, isInReportCurrency(Int(first)) else { return sum }
      return sum + x.difference
    }
    out.append(
      KPI(
        name: "Unreconciled amount", value: Double(unreconciled), unit: .money,
        definition: "Bank total less GL total not explained by a group: the exceptions' sum.",
        formula: "Σ exception differences (bank − GL)" + leftOut, missing: nil))
    out.append(
      KPI(
        name: "Exceptions to review", value: Double(match.exceptions.count), unit: .count,
        definition: exceptionsByKind.filter { $0.count > 0 }.map { $0.kind.counted($0.count) }.joined(separator: ", "),
        formula: "count of exceptions, by kind on the Summary sheet", missing: nil))
    let c = claims
    out.append(
      KPI(
        name: "Denial rate", value: c.flatMap { $0.claims > 0 ? Double($0.denied) / Double($0.claims) : nil }, unit: .percent,
        definition: "Claims denied ÷ claims adjudicated, from the 835 remittances.",
        formula: c.map { "denied (CLP02 = 4, or nothing paid) ÷ claims = \($0.denied) ÷ \($0.claims)" } ?? "denied claims ÷ claims in the 835 remittances",
        missing: c == nil ? "835 remittances (a source with format: x12-835)" : (c!.claims == 0 ? "claims in the 835 remittances" : nil)))
    out.append(
      KPI(
        name: "First-pass claim rate", value: c.flatMap { $0.claims > 0 ? Double($0.paidFirstPass) / Double($0.claims) : nil },
        unit: .percent, definition: "Claims paid when first adjudicated.",
        formula: c.map { "processed (CLP02 1–3) with a payment ÷ claims = \($0.paidFirstPass) ÷ \($0.claims)" } ?? "claims paid on first adjudication ÷ claims",
        missing: c == nil ? "835 remittances (a source with format: x12-835)" : (c!.claims == 0 ? "claims in the 835 remittances" : nil)))
    // Invoice cycle time: invoices issued in the period whose export gives the service date.
    var cycleDays = 0, cycled = 0
    for i in 0..<store.count where kind(ofRow: i) == .invoices && period.contains(store.date(i)) {
      guard let service = store.date(.service, i) else { continue }
      cycleDays += service.days(to: store.date(i))
      cycled += 1
    }
    out.append(
      KPI(
        name: "Invoice cycle time", value: cycled > 0 ? Double(cycleDays) / Double(cycled) : nil, unit: .days,
        definition: "Days from service or order to invoice, on average.",
        formula: cycled > 0 ? "Σ (invoice date − service date) ÷ invoices = \(cycleDays) ÷ \(cycled)" : "average of invoice date − service date",
        missing: cycled > 0 ? nil : "service or order dates in the invoices export (columns.service_date)"))
    // Disputes: resolved within 10 business days, of those resolved or past their 10-day mark.
    let hasDisputes = sources.contains { $0.kind == .disputes }
    var decided = 0, within = 0
    for i in 0..<store.count where kind(ofRow: i) == .disputes && store.date(i) <= asOf {
      let opened = store.date(i)
      if let resolved = store.date(.resolved, i), resolved <= asOf {
        decided += 1
        if settings.calendar.businessDays(from: opened, to: resolved) <= 10 { within += 1 }
      } else if settings.calendar.businessDays(from: opened, to: asOf) > 10 {
        decided += 1  // still open past its deadline
      }
    }
    out.append(
      KPI(
        name: "Disputes resolved in 10 business days", value: decided > 0 ? Double(within) / Double(decided) : nil,
        unit: .percent, definition: "Share of disputes closed within 10 business days of being opened.",
        formula: decided > 0
          ? "resolved ≤ 10 business days ÷ disputes resolved or open past 10 business days = \(within) ÷ \(decided)"
          : "disputes resolved ≤ 10 business days ÷ disputes due",
        missing: !hasDisputes
          ? "a disputes export (a source of kind disputes)" : (decided > 0 ? nil : "disputes resolved or past their 10 business days")))
    return out
  }

  /// Bank and GL movement per day of the period: money in, money out, bank net and GL net.
  public var dailyCash: [(day: Day, bankIn: Int64, bankOut: Int64, bankNet: Int64, ledgerNet: Int64)] {
    let count = period.start.days(to: period.end) + 1
    var rows = (0..<count).map { (day: period.start.adding(days: $0), bankIn: Int64(0), bankOut: Int64(0), bankNet: Int64(0), ledgerNet: Int64(0)) }
    for i in 0..<store.count {
      let d = period.start.days(to: store.date(i))
      guard d >= 0, d < count else { continue }
      let a = store.amount(i)
      switch kind(ofRow: i) {
      case .bank:
        if a >= 0 { rows[d].bankIn += a } else { rows[d].bankOut += a }
        rows[d].bankNet += a
      case .ledger: rows[d].ledgerNet += a
      default: break
      }
    }
    return rows
  }
}
