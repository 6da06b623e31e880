import Testing
import TieoutCore
import TieoutMatch
import TieoutReports

@Suite struct AgingTests {
  func invoice(_ line: Int, _ date: String, _ minor: Int64, _ customer: String, due: String? = nil, ref: String) -> Entry {
    Entry(
      source: "invoices", location: .init(file: "inv.csv", line: line), date: Day(iso: date)!,
      amount: Money(minorUnits: minor, currency: .usd), reference: ref, counterparty: customer,
      extraDates: RowDates(due: due.flatMap { Day(iso: $0) }))
  }

  @Test func dueDatesFromTheExportWinOverTerms() {
    let rows = [
      invoice(2, "2026-09-01", 100_00, "Acme", due: "2026-11-15", ref: "INV-1"),  // net 75: not yet due
      invoice(3, "2026-09-01", 200_00, "Acme", ref: "INV-2"),  // terms 30: due 10-01, 30 days late
      invoice(4, "2026-06-01", 50_00, "Globex", ref: "INV-3"),  // due 07-01: 122 days late
      Entry(
        source: "receipts", location: .init(file: "rc.csv", line: 2), date: Day(iso: "2026-10-20")!,
        amount: Money(minorUnits: 20_00, currency: .usd), description: "INV-3"),
    ]
    let sources = [MatchSource(name: "receipts", kind: .receipts), MatchSource(name: "invoices", kind: .invoices)]
    let (store, match) = Matcher().match(rows, sources: sources)
    let aging = AgingReport(
      store: store, match: match, invoiceSources: ["invoices"], asOf: Day(iso: "2026-10-31")!, settings: AgingSettings())
    // By customer, then due date.
    #expect(aging.items.map(\.invoice) == ["INV-2", "INV-1", "INV-3"])
    #expect(aging.items.map(\.daysPastDue) == [30, -15, 122])
    #expect(aging.items.map { aging.labels[$0.bucket] } == ["1–30", "Current", "90+"])
    #expect(aging.items[2].open == 30_00)  // 50.00 less the 20.00 receipt that names it
    #expect(aging.customers.map(\.name) == ["Acme", "Globex"])
    #expect(aging.customers.map(\.total) == [300_00, 30_00])
    #expect(aging.isDelinquent(aging.customers[1]) && !aging.isDelinquent(aging.customers[0]))
  }
}
