import Foundation
import Testing
import TieoutCore
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// The realistic month's truth is what `make accuracy` scores runs against: every line it names
/// must be a line tieout imports, where the truth says it is.
@Suite struct RealisticMonthTests {
  @Test func theTruthNamesImportedLinesOfTheirKinds() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month")
    let written = try RealisticMonth(bankLines: 400, seed: 3).write(to: month)
    #expect(written.bankRows == 400)
    let outcome = try await Pipeline.run(
      RunOptions(configPath: month + "/tieout.yaml", catalog: TemplateCatalog(directories: [TestPaths.templates])))
    let r = outcome.reconciliation
    // Nothing rejected but the QuickBooks report's headings and totals.
    #expect(r.rejectedErrors == 0, "\(r.rejected.prefix(3))")
    var imported: [String: (source: String, amount: Int64, text: String)] = [:]
    for i in 0..<r.store.count {
      let f = r.store.fields(i)
      imported[r.store.location(i).description] = (r.store.originOf(i).source, r.store.amount(i), f.reference + " " + f.description)
    }
    #expect(imported.count == written.bankRows + written.ledgerRows + written.receiptRows + written.invoiceRows)

    struct Truth: Decodable {
      struct Pair: Decodable { let bank: [String], gl: [String] }
      struct Deposit: Decodable { let bank: String, receipts: [String] }
      struct Planted: Decodable { let kind: String, rows: [String] }
      let pairs: [Pair], deposits: [Deposit], planted: [Planted]
    }
    let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: month + "/truth.json")))
    #expect(truth.pairs.count == written.pairs && truth.planted.count == written.planted)
    for p in truth.pairs {
      #expect(p.bank.allSatisfy { imported[$0]?.source == "bank" } && p.gl.allSatisfy { imported[$0]?.source == "gl" }, "\(p)")
      // A pair's lines add up: the bank line is the GL lines' sum (a payout's gross less its fee).
      let bank = p.bank.compactMap { imported[$0]?.amount }.reduce(0, +), gl = p.gl.compactMap { imported[$0]?.amount }.reduce(0, +)
      #expect(bank == gl, "\(p)")
    }
    for d in truth.deposits {
      #expect(imported[d.bank]?.source == "bank" && d.receipts.allSatisfy { imported[$0]?.source == "receipts" }, "\(d)")
    }
    let kinds = Set(truth.planted.map(\.kind))
    #expect(kinds.isSubset(of: ["duplicate", "amount-mismatch", "outstanding-check", "fee", "returned-item", "deposit-in-transit"]))
    for p in truth.planted { #expect(p.rows.allSatisfy { imported[$0] != nil }, "\(p)") }
    // The same seed writes the same month.
    let again = dir.file("again")
    _ = try RealisticMonth(bankLines: 400, seed: 3).write(to: again)
    for name in ["bank.csv", "gl.csv", "billing-receipts.csv", "billing-invoices.csv", "truth.json"] {
      #expect(FileManager.default.contentsEqual(atPath: month + "/" + name, andPath: again + "/" + name), "\(name)")
    }
  }
}
