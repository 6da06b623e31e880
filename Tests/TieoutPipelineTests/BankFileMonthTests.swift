import Foundation
import Testing
import TieoutCore
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// A month whose bank side is an MT940 file rather than a CSV.
@Suite struct BankFileMonthTests {
  static let folder = TestPaths.fixtures + "/mt940-month"

  @Test func mt940BankMatchesTheGL() async throws {
    let outcome = try await Pipeline.run(RunOptions(configPath: Self.folder + "/tieout.yaml", catalog: catalog))
    let r = outcome.reconciliation
    #expect(r.sources[0].template == "mt940")
    #expect(r.sources[0].currency.code == "EUR")
    #expect(r.match.groups.count == 1)
    let g = try #require(r.match.groups.first)
    let bank = try #require(r.match.members(of: g).first)
    #expect(r.store.location(Int(bank)).description == "statement.sta:5")
    #expect(r.store[Int(bank)].description == "Payment invoice INV-1042 Bayview Orthopedics")
    // "Monthly fees" on the statement, not booked; the GL's check has not cleared.
    #expect(r.match.exceptions.map(\.kind) == [.fee, .outstandingCheck])
    #expect(outcome.diagnostics.isEmpty)
  }

  @Test func aStatementThatDoesNotBalanceIsReported() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for f in ["tieout.yaml", "gl.csv"] { try FileManager.default.copyItem(atPath: Self.folder + "/" + f, toPath: dir.file(f)) }
    try FileManager.default.createDirectory(atPath: dir.file("templates"), withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Self.folder + "/templates/gl-eur.yaml", toPath: dir.file("templates/gl-eur.yaml"))
    let sta = try String(contentsOfFile: Self.folder + "/statement.sta", encoding: .utf8)
    _ = try dir.write("statement.sta", sta.replacingOccurrences(of: "C261005EUR1174,50", with: "C261005EUR1175,50"))
    let out = try runProcess(
      TestPaths.tieoutBinary, ["run", dir.path, "--out", dir.file("r.xlsx"), "--json", dir.file("r.json")],
      environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0)
    // The failed check reaches the JSON (and the Summary sheet), not only the terminal.
    let json = try String(contentsOfFile: dir.file("r.json"), encoding: .utf8)
    #expect(json.contains("\"checks\":[{\"file\":\"statement.sta\",\"line\":10,\"column\":6,\"severity\":\"error\",\"message\":\"statement 42/1 of account NL91ABNA0417164300 does not balance"))
    #expect(out.stderr.contains("statement.sta:10:6: error: statement 42/1 of account NL91ABNA0417164300 does not balance: opening 1000.00 + 2 lines 174.50 = 1174.50, but the closing balance is 1175.50 EUR"), "\(out.stderr)")
  }
}

/// An 835 remittance file as a source: one entry per payment, keyed by its trace number.
@Suite struct RemittanceSourceTests {
  @Test func eachRemittanceIsOneReceipt() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let era = TestPaths.corpora + "/x12-badx12/X221-dollars-and-data-sent-together.edi"
    _ = try dir.write("bank.csv", "Date,Amount,Reference,Description\n2002-09-13,\"150,000.00\",12345,ACH DEPOSIT\n")
    _ = try dir.write(
      "tieout.yaml",
      """
      company: Clinic
      period: 2002-09
      sources:
        - { name: bank, kind: bank, template: bank-generic, files: [bank.csv] }
        - { name: era, kind: receipts, format: x12-835, files: ["\(era)"] }
      """)
    // The corpus file is named where it lies, outside the month folder.
    var options = RunOptions(configPath: dir.file("tieout.yaml"), catalog: catalog)
    options.inputsAnywhere = true
    let outcome = try await Pipeline.run(options)
    let r = outcome.reconciliation
    #expect(r.sources.map(\.entries) == [1, 1])
    // The remittance pairs with the bank deposit it paid (three-way: billing ↔ bank).
    let group = try #require(r.match.groups.first)
    #expect(r.match.groups.count == 1 && r.match.exceptions.isEmpty)
    #expect(r.match.ruleName(of: group) == "receipt-to-deposit")
    let era835 = r.store[Int(r.match.members(of: group).last!)]
    #expect(era835.amount.minorUnits == 15_000_000)
    #expect(era835.reference == "12345")
    #expect(era835.description == "ACH remittance: 2 claims")
    // The dashboard's claim KPIs come from the 835's claims.
    #expect(r.claims?.claims == 2)
    let denial = try #require(r.kpis.first { $0.name == "Denial rate" })
    #expect(denial.missing == nil && denial.value == Double(r.claims!.denied) / 2)
    #expect(outcome.diagnostics.isEmpty)
  }
}
