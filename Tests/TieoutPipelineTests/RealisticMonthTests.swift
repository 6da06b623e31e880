import Foundation
import Testing
import TieoutCore
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// A realistic month's truth.json: which lines belong together, and the planted discrepancies.
struct Truth: Decodable {
  struct Pair: Decodable { let bank: [String], gl: [String] }
  struct Deposit: Decodable { let bank: String, receipts: [String] }
  struct Planted: Decodable { let kind: String, rows: [String] }
  let pairs: [Pair], deposits: [Deposit], planted: [Planted]
}

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

  /// With no rules written, a small realistic month reconciles as its truth says: every bank–GL
  /// pair found and none made wrong, every deposit with exactly its receipts, every planted
  /// discrepancy reported as its kind (`make accuracy` measures the large months).
  @Test func theDefaultRulesReconcileASmallMonthAsItsTruthSays() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month")
    _ = try RealisticMonth(bankLines: 600, seed: 11).write(to: month)
    let outcome = try await Pipeline.run(
      RunOptions(configPath: month + "/tieout.yaml", catalog: TemplateCatalog(directories: [TestPaths.templates])))
    let r = outcome.reconciliation
    func name(_ i: Int32) -> String { r.store.location(Int(i)).description }
    var groupOf: [String: Int] = [:]
    for (k, g) in r.match.groups.enumerated() { for m in r.match.members(of: g) { groupOf[name(m)] = k } }
    let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: URL(fileURLWithPath: month + "/truth.json")))
    let missed = truth.pairs.filter { p in
      let groups = Set((p.bank + p.gl).map { groupOf[$0] })
      return groups.count != 1 || groups.first == nil
    }
    #expect(missed.isEmpty, "\(missed.prefix(3))")
    // No bank line grouped with a GL line it does not pair with.
    var truePartners: [String: Set<String>] = [:]
    for p in truth.pairs { for b in p.bank { truePartners[b, default: []].formUnion(p.gl) } }
    for g in r.match.groups {
      let rows = r.match.members(of: g).map(name)
      for b in rows where b.hasPrefix("bank.csv:") {
        for x in rows where x.hasPrefix("gl.csv:") { #expect(truePartners[b]?.contains(x) == true, "\(b) with \(x)") }
      }
    }
    for d in truth.deposits {
      let rows = groupOf[d.bank].map { k in Set(r.match.members(of: r.match.groups[k]).map(name).filter { $0.hasPrefix("billing-receipts.csv:") }) }
      #expect(rows == Set(d.receipts), "\(d.bank)")
    }
    var exceptionOf: [String: [(kind: String, related: String?)]] = [:]
    for x in r.match.exceptions {
      for m in x.members { exceptionOf[name(m), default: []].append((x.kind.rawValue, x.related.map { name($0.row) })) }
    }
    for p in truth.planted {
      let found = exceptionOf[p.rows[0]]?.contains { $0.kind == p.kind && (p.kind != "returned-item" || $0.related == p.rows.last) } ?? false
      #expect(found, "\(p.kind) \(p.rows)")
    }
  }
}
