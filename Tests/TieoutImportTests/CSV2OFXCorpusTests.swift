import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

/// Real bank and processor exports (csv2ofx corpus) read through bundled templates: every row
/// becomes an entry, and where csv2ofx converted the file to OFX, tieout's total agrees with it.
@Suite struct CSV2OFXCorpusTests {
  static let dir = TestPaths.corpora + "/csv2ofx"

  /// File → (template, rows, converted OFX to compare with).
  static let cases: [(String, String, Int, String?)] = [
    ("amazon.csv", "amazon-orders", 3, nil),
    ("capitalone.csv", "card-capitalone", 2, nil),
    ("creditunion.csv", "bank-credit-union", 8, nil),
    ("gls.csv", "bank-gls-de", 1, "gls.ofx"),
    ("ingesp.csv", "bank-ing-es", 10, "ingesp.ofx"),
    ("mint.csv", "bank-mint", 4, nil),
    ("mint_extra.csv", "bank-mint", 4, nil),
    ("mint_headerless.csv", "bank-mint-headerless", 4, nil),
    ("n26-fr.csv", "bank-n26", 2, "n26.ofx"),
    ("outbank.csv", "bank-outbank", 4, "outbank.ofx"),
    ("payoneer.csv", "bank-payoneer", 2, "payoneer.ofx"),
    ("pcmastercard.csv", "card-pc-mastercard", 2, nil),
    ("schwab-checking.csv", "bank-schwab-checking", 4, "schwab-checking.ofx"),
    ("schwab-checking-baltest-case1.csv", "bank-schwab-checking", 4, "schwab-checking-baltest-case1.ofx"),
    ("schwab-checking-baltest-case7.csv", "bank-schwab-checking", 2, "schwab-checking-baltest-case7.ofx"),
    ("stripe-all.csv", "stripe-payments", 5, nil),
    ("stripe-default.csv", "stripe-payments", 5, nil),
    ("ubs-ch-fr_trimmed.csv", "bank-ubs-ch", 3, nil),
    ("xero.csv", "xero-journal-report", 13, nil),
  ]

  @Test(arguments: cases.map { $0.0 })
  func importsWithItsTemplate(file: String) throws {
    let (_, name, rows, converted) = try #require(Self.cases.first { $0.0 == file })
    let template = try TemplateLoader.load(path: TestPaths.templates + "/\(name).yaml")
    let r = try Importer(template: template, source: "s").importFile(path: Self.dir + "/test/" + file, displayName: file)
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
    // Repeated headers, and Amazon's pending and cancelled orders, are listed as ignored.
    #expect(r.rejected.allSatisfy { $0.disposition == .ignored })
    #expect(r.store.count == rows)
    if let converted {
      let ofx = try OFX.read(path: Self.dir + "/converted/" + converted, displayName: converted)
      let theirs = ofx.statements.flatMap(\.lines).map(\.amount).sorted()
      let mine = r.entries.map(\.amount.minorUnits).sorted()
      #expect(mine == theirs, "\(file): tieout \(mine), csv2ofx \(theirs)")
    }
  }

  @Test func windows1252IsDetected() throws {
    let template = try TemplateLoader.load(path: TestPaths.templates + "/bank-gls-de.yaml")
    let r = try Importer(template: template, source: "s").importFile(path: Self.dir + "/test/gls.csv", displayName: "gls.csv")
    let e = try #require(r.entries.first)
    #expect(e.amount.minorUnits == -9876)
    #expect(e.date.description == "2017-10-10")
    #expect(e.counterparty == "Drillisch Online AG")
  }
}
