public import TieoutCore
public import TieoutMatch

/// How open invoices are aged: days past due from the invoice date plus payment terms, in
/// buckets. tieout.yaml: `aging: { terms_days: 30, buckets: [30, 60, 90], limit: 10000.00 }`.
public struct AgingSettings: Hashable, Sendable {
  /// Days from the invoice date to its due date, for invoices whose export gives no due date.
  public var termsDays: Int
  /// Upper bounds, in days past due, of the buckets after "Current": [30, 60, 90] gives
  /// Current, 1–30, 31–60, 61–90, 90+.
  public var buckets: [Int]
  /// A customer owing more than this (minor units) is delinquent, as is one with a balance in
  /// the last bucket.
  public var limit: Int64?

  public init(termsDays: Int = 30, buckets: [Int] = [30, 60, 90], limit: Int64? = nil) {
    self.termsDays = termsDays
    self.buckets = buckets
    self.limit = limit
  }

  /// The buckets' names: "Current", "1–30", …, "90+".
  public var labels: [String] {
    var out = ["Current"]
    var low = 1
    for b in buckets {
      out.append("\(low)–\(b)")
      low = b + 1
    }
    out.append("\(buckets.last ?? 0)+")
    return out
  }

  /// The bucket of `days` past due.
  public func bucket(daysPastDue days: Int) -> Int {
    if days <= 0 { return 0 }
    for (k, b) in buckets.enumerated() where days <= b { return k + 1 }
    return buckets.count + 1
  }
}

/// An invoice with a balance still open at the as-of date.
public struct OpenItem: Hashable, Sendable {
  public let row: Int32
  public let customer: String
  public let invoice: String
  public let invoiceDate: Day
  public let dueDate: Day
  public let amount: Int64
  /// Receipts applied to it (by `receipt-to-invoice` or a rule like it).
  public let paid: Int64
  public var open: Int64 { amount - paid }
  public let daysPastDue: Int
  public let bucket: Int
}

/// Accounts receivable aging as of a day: open items, and balances by customer and bucket.
public struct AgingReport: Sendable {
  public let settings: AgingSettings
  public let asOf: Day
  /// Open items, by customer, then due date, then file order.
  public let items: [OpenItem]
  /// Customers by balance, largest first: balance per bucket and in all.
  public let customers: [(name: String, buckets: [Int64], total: Int64)]

  public var labels: [String] { settings.labels }

  /// The sum of each bucket over all customers.
  public var bucketTotals: [Int64] {
    (0..<labels.count).map { k in customers.reduce(Int64(0)) { $0 + $1.buckets[k] } }
  }

  public var total: Int64 { customers.reduce(0) { $0 + $1.total } }

  /// Whether the month has invoices to age (an invoices source with rows).
  public let hasInvoices: Bool

  /// Whether a customer is delinquent: a balance in the last bucket, or more than the limit.
  public func isDelinquent(_ c: (name: String, buckets: [Int64], total: Int64)) -> Bool {
    (c.buckets.last ?? 0) > 0 || (settings.limit.map { c.total > $0 } ?? false)
  }

  /// Ages the invoice rows of `store` (sources of kind invoices) as of `asOf`.
  public init(store: EntryStore, match: MatchResult, invoiceSources: Set<String>, asOf: Day, settings: AgingSettings) {
    self.settings = settings
    self.asOf = asOf
    let paid = match.paidOnInvoices(store)
    var items: [OpenItem] = []
    var any = false
    let wanted = store.origins.map { invoiceSources.contains($0.source) }
    for i in 0..<store.count where wanted[store.originIndex(i)] {
      any = true
      let r = Int32(i)
      let amount = store.amount(i)
      let p = paid[r] ?? 0
      guard amount - p != 0, store.date(i) <= asOf else { continue }
      let f = store.fields(i)
      // The export's due date when it has one, else the invoice date plus the terms.
      let due = store.date(.due, i) ?? store.date(i).adding(days: settings.termsDays)
      let days = due.days(to: asOf)
      items.append(
        OpenItem(
          row: r, customer: f.counterparty.isEmpty ? "(no customer)" : f.counterparty, invoice: f.reference,
          invoiceDate: store.date(i), dueDate: due, amount: amount, paid: p, daysPastDue: days,
          bucket: settings.bucket(daysPastDue: days)))
    }
    items.sort { ($0.customer, $0.dueDate, $0.row) < ($1.customer, $1.dueDate, $1.row) }
    self.items = items
    hasInvoices = any
    var byCustomer: [String: [Int64]] = [:]
    for it in items { byCustomer[it.customer, default: [Int64](repeating: 0, count: settings.labels.count)][it.bucket] += it.open }
    customers = byCustomer.map { (name: $0.key, buckets: $0.value, total: $0.value.reduce(0, +)) }
      .sorted { ($0.total, $1.name) > ($1.total, $0.name) }
  }
}
