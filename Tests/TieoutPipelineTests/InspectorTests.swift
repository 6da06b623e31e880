import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutPipeline
import TieoutTestSupport

@Suite struct InspectorTests {
  let inspector = Inspector(catalog: catalog)

  @Test(arguments: [
    ("csv2ofx/test/schwab-checking.csv", "bank-schwab-checking"), ("csv2ofx/test/gls.csv", "bank-gls-de"),
    ("csv2ofx/test/payoneer.csv", "bank-payoneer"), ("csv2ofx/test/ubs-ch-fr_trimmed.csv", "bank-ubs-ch"),
    ("csv2ofx/test/capitalone.csv", "card-capitalone"), ("csv2ofx/test/xero.csv", "xero-journal-report"),
  ])
  func picksTheTemplateByHeader(path: String, template: String) throws {
    guard case .templates(let fits) = try inspector.recognise(path: TestPaths.corpora + "/" + path, displayName: path) else {
      Issue.record("\(path) was not matched to a template")
      return
    }
    #expect(fits.first?.name == template)
  }

  @Test(arguments: [
    ("mt940-rs/mt940/full/jejik/ing.sta", InputFormat.mt940), ("camt/camt054.v2.xml", .camt),
    ("bai2-moov/sample1.txt", .bai2), ("ofxparse/checking.ofx", .ofx), ("x12-badx12/X221-era-sample.edi", .x12835),
  ])
  func recognisesBankFilesByContent(path: String, format: InputFormat) throws {
    guard case .format(let f) = try inspector.recognise(path: TestPaths.corpora + "/" + path, displayName: path) else {
      Issue.record("\(path) was not recognised")
      return
    }
    #expect(f == format)
  }

  @Test func anUnknownLayoutGetsAStartingTemplate() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("odd.csv", "Posted On,Payee Name,Money Out,Money In,Memo Text\n2026-10-01,Acme,12.00,,Paper\n")
    let out = try runProcess(TestPaths.tieoutBinary, ["inspect", path], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 2)
    #expect(out.stdout.contains("odd.csv: no template fits its header"))
    #expect(out.stdout.contains("  date: Posted On"))
    #expect(out.stdout.contains("  amount:") || out.stdout.contains("  inflow:"))
  }

  @Test func runPicksATemplateAndSaysWhich() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.copyItem(atPath: TestPaths.corpora + "/csv2ofx/test/schwab-checking.csv", toPath: dir.file("bank.csv"))
    _ = try dir.write("gl.csv", "Date,Journal,Account,Account Name,Reference,Memo,Debit,Credit\n2022-08-16,J1,1010,Cash,,Mobile deposit,20.00,\n")
    _ = try dir.write(
      "tieout.yaml",
      "company: T\nperiod: 2022-08\nsources:\n  - { name: bank, kind: bank, files: [bank.csv] }\n  - { name: gl, kind: ledger, template: gl-journal-lines, files: [gl.csv] }\n")
    let out = try runProcess(TestPaths.tieoutBinary, ["run", dir.path, "--out", dir.file("r.xlsx")], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stderr.contains("note: bank: picked template bank-schwab-checking by the header of bank.csv"))
    #expect(out.stdout.contains("matched     1 groups"))
  }
}
