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
    #expect(r.sources.map(\.rows) == [320, 324, 169, 226])
    #expect(r.match.groups.count == 318)
    let x = r.match.exceptions
    #expect(x.map { "\($0.kind.rawValue) \($0.members.map { r.store.location($0).description }.joined(separator: "+")) \($0.difference)" } == [
      "missing-in-gl bank.csv:2 -3500",
      "missing-in-bank gl-cash.csv:216 -49734",
      "missing-in-bank gl-cash.csv:322 287515",
      "missing-in-bank gl-cash.csv:323 64250",
      "missing-in-bank gl-cash.csv:324 -418760",
      "amount-mismatch bank.csv:65+gl-cash.csv:252 900",
    ])
    #expect(x.last?.explanation(r.store, windowDays: 3).contains("transposed") == true)
    // The duplicate posting: two GL lines carry RCT-50001; one matched, one is the exception.
    #expect(r.store.reference(x[1].members[0]) == "RCT-50001")
    // The totals footer of the GL export is listed as ignored, not lost.
    #expect(r.rejected.map(\.location.description) == ["gl-cash.csv:325"])
    #expect(r.rejected.first?.disposition == .ignored)
    // Unreconciled = bank total - GL total.
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
    #expect(sources.map { $0["name"] as? String } == ["bank", "gl", "receipts", "invoices"])
    let files = try #require(sources[0]["files"] as? [[String: Any]])
    #expect(files[0]["path"] as? String == "bank.csv")
    #expect((files[0]["sha256"] as? String)?.count == 64)
    #expect(files[0]["rows"] as? Int == 320)
    #expect(sources[0]["total"] as? String == "4095.22")
    let groups = try #require(obj["groups"] as? [[String: Any]])
    #expect(groups.count == 318)
    let member = try #require((groups[0]["members"] as? [[String: Any]])?.first)
    #expect(Set(member.keys).isSuperset(of: ["source", "file", "line", "date", "amount"]))
    #expect(member["amount"] is String)
    let exceptions = try #require(obj["exceptions"] as? [[String: Any]])
    #expect(exceptions.map { $0["kind"] as? String }.contains("amount-mismatch"))
    let rejected = try #require(obj["rejected"] as? [[String: Any]])
    #expect(rejected.first?["file"] as? String == "gl-cash.csv")
    #expect(rejected.first?["line"] as? Int == 325)
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
