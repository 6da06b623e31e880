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
    #expect(r.store.location(Int(g.bank)).description == "statement.sta:5")
    #expect(r.store[Int(g.bank)].description == "Payment invoice INV-1042 Bayview Orthopedics")
    #expect(r.match.exceptions.map(\.kind) == [.missingInLedger, .missingInBank])
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
    let out = try runProcess(TestPaths.tieoutBinary, ["run", dir.path, "--out", dir.file("r.xlsx")], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0)
    #expect(out.stderr.contains("statement.sta:10:6: error: statement 42/1 of account NL91ABNA0417164300 does not balance: opening 1000.00 + 2 lines 174.50 = 1174.50, but the closing balance is 1175.50 EUR"), "\(out.stderr)")
  }
}
