import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

let catalog = TemplateCatalog(directories: [TestPaths.templates])

/// The bundled example: examples/month-end/README.md describes exactly this outcome.
@Suite struct ExampleMonthTests {
  static let config = TestPaths.examples + "/month-end/tieout.yaml"

  @Test func reconcilesToTheDocumentedOutcome() async throws {
    let outcome = try await Pipeline.run(RunOptions(configPath: Self.config, catalog: catalog))
    let r = outcome.reconciliation
    #expect(r.sources.map(\.rows) == [324, 330, 177, 237, 12])
    #expect(r.match.groups.count == 321)
    #expect(r.match.groups.allSatisfy { $0.status == .confirmed })
    let x = r.match.exceptions
    #expect(x.map { "\($0.kind.rawValue) \($0.members.map { r.store.location(Int($0)).description }.joined(separator: "+")) \($0.difference)" } == [
      "amount-mismatch bank.csv:65+gl-cash.csv:258 900",
      "date-outside-window bank.csv:289+gl-cash.csv:165 0",
      "duplicate gl-cash.csv:222 -49734",
      "reversal gl-cash.csv:94+gl-cash.csv:95 0",
      "fee bank.csv:2 -3500",
      "deposit-in-transit gl-cash.csv:330+billing-receipts.csv:170+billing-invoices.csv:170 -418760",
      "outstanding-check gl-cash.csv:328 287515",
      "outstanding-check gl-cash.csv:329 64250",
    ])
    #expect(r.match.explanation(of: x[0], r.store, windowDays: 3).contains("transposed"))
    // The duplicate posting: two GL lines carry RCT-50001; one matched, one is the exception.
    #expect(r.store.reference(Int(x[2].members[0])) == "RCT-50001")
    #expect(r.store.location(Int(x[2].related!.row)).description == "gl-cash.csv:221")
    // Three-way: a deposit slip of three checks, and a card payout net of its fee.
    func group(holding line: String) throws -> MatchGroup {
      try #require(r.match.groups.first { g in r.match.members(of: g).contains { r.store.location(Int($0)).description == line } })
    }
    let slip = try group(holding: "bank.csv:207")
    #expect(r.match.members(of: slip).count == 8)  // bank, GL, 3 receipts, the 3 invoices they pay
    #expect(r.match.ruleName(of: slip) == "bank-gl-1:1 + deposit-slip + receipt-to-invoice")
    let payout = try group(holding: "bank.csv:167")
    #expect(r.match.members(of: payout).count == 10)
    #expect(r.match.reconcilingAmount(of: payout) == 11_474)
    #expect(r.match.explanation(of: payout, r.store).contains("net of a fee of 114.74 (2.93%)"))
    // The partial payment is followed from billing to the bank and the books.
    let partial = try group(holding: "billing-receipts.csv:178")
    #expect(r.match.members(of: partial).map { r.store.originOf(Int($0)).source } == ["bank", "gl", "receipts", "invoices"])
    #expect(r.match.openBalance(of: partial) == 250_000)
    #expect(r.match.explanation(of: partial, r.store).contains("partial payment: 1500.00 of 4000.00, 2500.00 still open"))
    // Open invoices (no receipt names them) are listed, not matched.
    #expect(r.match.unpaired.count == 60 + 12)  // and the 12 disputes, listed
    // The totals footer of the GL export is listed as ignored, not lost.
    #expect(r.rejected.map(\.location.description) == ["gl-cash.csv:331"])
    #expect(r.rejected.first?.disposition == .ignored)
    // Unreconciled = bank total - GL total (no group lets bank and GL differ here).
    #expect(r.groupedBankMinusLedger == 0)
    #expect(r.unreconciledAmount == r.sources[0].total - r.sources[1].total)
    #expect(Money.decimalString(r.unreconciledAmount, digits: 2) == "-1193.29")
  }

  @Test func jsonHasTheDocumentedShape() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let json = dir.file("r.json")
    _ = try await Pipeline.run(RunOptions(configPath: Self.config, jsonPath: json, catalog: catalog))
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
    let period = try #require(obj["period"] as? [String: String])
    #expect(period == ["start": "2026-10-01", "end": "2026-10-31"])
    let sources = try #require(obj["sources"] as? [[String: Any]])
    #expect(sources.map { $0["name"] as? String } == ["bank", "gl", "receipts", "invoices", "disputes"])
    let files = try #require(sources[0]["files"] as? [[String: Any]])
    #expect(files[0]["path"] as? String == "bank.csv")
    #expect((files[0]["sha256"] as? String)?.count == 64)
    #expect(files[0]["rows"] as? Int == 324)
    #expect(sources[0]["total"] as? String == "14005.23")
    let groups = try #require(obj["groups"] as? [[String: Any]])
    #expect(groups.count == 321)
    #expect(Set(groups[0].keys).isSuperset(of: ["id", "rule", "status", "score", "members", "reconciling", "explanation"]))
    let member = try #require((groups[0]["members"] as? [[String: Any]])?.first)
    #expect(Set(member.keys).isSuperset(of: ["source", "file", "line", "date", "amount"]))
    #expect(member["amount"] is String)
    let exceptions = try #require(obj["exceptions"] as? [[String: Any]])
    #expect(exceptions.map { $0["kind"] as? String }.contains("amount-mismatch"))
    #expect(exceptions.allSatisfy { $0["candidates"] is [[String: Any]] })
    #expect((obj["rules"] as? [String])?.count == 11)
    let kpis = try #require(obj["kpis"] as? [[String: Any]])
    #expect(kpis.first { $0["name"] as? String == "Unreconciled amount" }?["value"] as? String == "-1193.29")
    #expect(kpis.first { $0["name"] as? String == "Denial rate" }?["value"] is NSNull)
    // Service dates are up to 14 days before the invoice: the cycle time is a few days.
    let cycle = try #require(kpis.first { $0["name"] as? String == "Invoice cycle time" }?["value"] as? Double)
    #expect(cycle > 0 && cycle < 15)
    // 12 disputes: 8 resolved within 10 business days, 1 resolved late, 1 open past its deadline.
    #expect(kpis.first { $0["name"] as? String == "Disputes resolved in 10 business days" }?["value"] as? Double == 0.8)
    let aging = try #require(obj["aging"] as? [String: Any])
    #expect(aging["buckets"] as? [String] == ["Current", "1–30", "31–60", "61–90", "90+"])
    #expect(aging["total"] as? String == "385279.31")
    #expect((aging["customers"] as? [[String: Any]])?.first?["delinquent"] as? Bool == true)
    let rejected = try #require(obj["rejected"] as? [[String: Any]])
    #expect(rejected.first?["file"] as? String == "gl-cash.csv")
    #expect(rejected.first?["line"] as? Int == 331)
  }

  @Test func sameInputsGiveByteIdenticalWorkbooks() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for name in ["a.xlsx", "b.xlsx"] {
      _ = try await Pipeline.run(RunOptions(configPath: Self.config, workbookPath: dir.file(name), catalog: catalog))
    }
    let a = try Data(contentsOf: URL(fileURLWithPath: dir.file("a.xlsx")))
    let b = try Data(contentsOf: URL(fileURLWithPath: dir.file("b.xlsx")))
    #expect(a.count > 10_000)
    #expect(a == b)
  }
}
