import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

@Suite struct TemplateTests {
  @Test func everyBundledTemplateLoads() throws {
    let all = try TemplateLoader.loadAll(directory: TestPaths.templates)
    #expect(Set(all.map(\.name)).isSuperset(of: ["bank-generic", "bank-running-balance", "gl-journal-lines", "billing-receipts", "billing-invoices"]))
    for t in all { #expect(t.kind != nil, "template \(t.name) should say what kind of source it reads") }
  }

  @Test func amountMustBeNamed() {
    #expect {
      _ = try TemplateLoader.parse(yaml: "columns:\n  date: Date\n", name: "x", origin: "x.yaml")
    } throws: { ($0 as? TieoutError)?.description.contains("either `amount`") == true }
  }

  @Test func badYAMLIsLocated() {
    #expect {
      _ = try TemplateLoader.parse(yaml: "columns:\n  date: [Date\n", name: "x", origin: "x.yaml")
    } throws: { ($0 as? TieoutError)?.diagnostic.location?.line ?? 0 >= 2 }
  }

  @Test func unknownNegativeStyleIsNamed() {
    #expect {
      _ = try TemplateLoader.parse(yaml: "columns: {date: D, amount: A}\namounts: {negatives: [brackets]}\n", name: "x", origin: "x.yaml")
    } throws: { ($0 as? TieoutError)?.description.contains("brackets") == true }
  }
}

@Suite struct ImporterTests {
  static let template = Template(
    name: "test", date: "Date", amount: .signed("Amount"), reference: "Ref", description: "Memo",
    dateFormat: DateFormat("MM/dd/yyyy")!, ignore: [.init(column: "Memo", test: .startsWith("Total"))], origin: "t.yaml")

  @Test func badCellsAreRejectedWithTheirLocationAndTheRunGoesOn() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write(
      "bank.csv",
      "Date,Amount,Ref,Memo\n10/01/2026,12.50,A1,ok\n10/02/2026,\"12,5O\",A2,bad amount\n13/45/2026,1.00,A3,bad date\n\n10/04/2026,-3.00,A4,\"two\nlines\"\n,99.50,,Total for October\n")
    let r = try Importer(template: Self.template, source: "bank").importFile(path: path, displayName: "bank.csv")
    #expect(r.entries.map(\.amount.minorUnits) == [1250, -300])
    #expect(r.entries.map(\.location.line) == [2, 6])
    #expect(r.rowsRead == 5)
    let messages = r.diagnostics.map(\.description)
    #expect(messages == [
      "bank.csv:3:2: error: cannot read \"12,5O\" as an amount in column \"Amount\": it is not a number\nhint: a letter where a digit belongs? (O for 0, l for 1)",
      "bank.csv:4:1: error: cannot read \"13/45/2026\" as a date in column \"Date\" (expected MM/dd/yyyy)\nhint: set dates.format in t.yaml",
    ])
    #expect(r.rejected.map(\.disposition) == [.error, .error, .ignored])
    #expect(r.rejected.last?.location.line == 8)
  }

  @Test func debitAndCreditColumns() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let t = Template(name: "gl", date: "Date", amount: .split(inflow: "Debit", outflow: "Credit"))
    let path = try dir.write("gl.csv", "Date,Debit,Credit\n2026-10-01,\"1,000.00\",\n2026-10-02,,250.10\n2026-10-03,,\n")
    let r = try Importer(template: t, source: "gl").importFile(path: path, displayName: "gl.csv")
    #expect(r.entries.map(\.amount.minorUnits) == [100_000, -25_010])
    #expect(r.diagnostics.first?.description.hasPrefix("gl.csv:4:2: error: both \"Debit\" and \"Credit\" are empty") == true)
  }

  @Test func missingColumnStopsWithTheHeaderLocation() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("x.csv", "When,Amount\n2026-10-01,1\n")
    #expect {
      _ = try Importer(template: Self.template, source: "x").importFile(path: path, displayName: "x.csv")
    } throws: { error in
      let e = error as? TieoutError
      return e?.diagnostic.code == .missingColumn && e?.description.hasPrefix("x.csv:1: error: the header has no column \"Date\"") == true
    }
  }

  @Test func tooManyBadRowsStops() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var text = "Date,Amount,Ref,Memo\n"
    for _ in 0..<5 { text += "10/01/2026,x,,\n" }
    let path = try dir.write("x.csv", text)
    #expect {
      _ = try Importer(template: Self.template, source: "x", maxErrors: 3).importFile(path: path, displayName: "x.csv")
    } throws: { ($0 as? TieoutError)?.diagnostic.code == .tooManyErrors }
  }

  @Test func headerAfterTitleRows() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var t = Self.template
    t.headerRow = 3
    let path = try dir.write("r.csv", "Acme Corp\nGeneral Ledger,October 2026\nDate,Amount,Ref,Memo\n10/01/2026,(5.00),R,m\n")
    let r = try Importer(template: t, source: "r").importFile(path: path, displayName: "r.csv")
    #expect(r.entries.first?.amount.minorUnits == -500)
    #expect(r.entries.first?.location.line == 4)
  }
}
