import Foundation
import Testing
import TieoutCore
@testable import TieoutImport
import TieoutTestSupport

/// The importer reads plain rows from the reader's bytes (`Importer.FastPath`) and every other
/// row through the general parsers. Both must give the same entries, rejected rows and
/// diagnostics, whatever mixture a file holds.
@Suite struct FastPathTests {
  func both(_ template: Template, _ path: String) throws -> (ImportResult, ImportResult) {
    var general = Importer(template: template, source: "s")
    general.usesFastPath = false
    let fast = try Importer(template: template, source: "s").importFile(path: path, displayName: "f.csv")
    let slow = try general.importFile(path: path, displayName: "f.csv")
    return (fast, slow)
  }

  func expectSame(_ template: Template, _ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let (fast, slow) = try both(template, path)
    #expect(fast.entries == slow.entries, "\(path)", sourceLocation: sourceLocation)
    #expect(fast.rejected == slow.rejected, "\(path)", sourceLocation: sourceLocation)
    #expect(fast.diagnostics == slow.diagnostics, "\(path)", sourceLocation: sourceLocation)
    #expect(fast.rowsRead == slow.rowsRead, "\(path)", sourceLocation: sourceLocation)
  }

  @Test func bundledExportFixtures() throws {
    let dir = TestPaths.fixtures + "/exports"
    for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".csv") {
      let name = String(file.dropLast(4))
      let t = try TemplateLoader.load(path: TestPaths.templates + "/\(name).yaml")
      try expectSame(t, dir + "/" + file)
    }
  }

  @Test func exampleMonth() throws {
    let dir = TestPaths.examples + "/month-end"
    for (file, template) in [
      ("bank.csv", "bank-running-balance"), ("gl-cash.csv", "gl-journal-lines"),
      ("billing-receipts.csv", "billing-receipts"), ("billing-invoices.csv", "billing-invoices"),
    ] {
      try expectSame(try TemplateLoader.load(path: TestPaths.templates + "/\(template).yaml"), dir + "/" + file)
    }
  }

  /// Rows of every sort, side by side: plain ones, ones that need the general parsers, bad ones.
  @Test func mixedRows() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var bytes = Array("Date,Amount,Mark,Ref,Memo\n".utf8)
    let rows = [
      "2026-10-01,12.50,CR,A1,plain",
      "2026-10-02,\"1,250.00\",dr,A2,quoted",
      "2026-10-03,  7.00 ,Cr,A3,  spaced  ",
      "2026-10-04,$8.00,CR,A4,symbol",
      "2026-10-05,(9.00),CR,A5,parentheses",
      "2026-10-06,10.00,CR,A6,Müller GmbH",
      "2026-10-07,11.00,CR,A7,\"say \"\"hi\"\"\"",
      "2026-10-08,12.00,XX,A8,bad mark",
      "2026-10-09,abc,CR,A9,bad amount",
      "2026-13-01,1.00,CR,A10,bad date",
      ",,,,",
      "2026-10-10,13.00,CR",
      "Total,99.00,CR,,",
      "2026-10-11,14.00,CR,A11,\"two\nlines\"",
      "2026-10-12,15.00,ＣＲ,A12,wide mark",
    ]
    for r in rows { bytes += Array(r.utf8) + [0x0A] }
    bytes += Array("2026-10-13,16.00,CR,A13,caf".utf8) + [0xE9, 0x0A]  // Windows-1252 é
    let path = dir.file("mixed.csv")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let t = Template(
      name: "mixed", date: "Date", amount: .signed("Amount"), reference: "Ref", description: "Memo",
      mark: .init(column: "Mark"), ignore: [.init(column: "Date", test: .startsWith("total"))])
    try expectSame(t, path)
    let (fast, _) = try both(t, path)
    #expect(fast.entries.map(\.description).contains("café"))
    #expect(fast.entries.map(\.description).contains("Müller GmbH"))
    #expect(fast.entries.count == 9)
    // Line 13 has 3 fields where the header has 5.
    #expect(fast.rejected.filter { $0.disposition == .error }.map(\.location.line) == [9, 10, 11, 13, 17])
    #expect(fast.rejected.filter { $0.disposition == .ignored }.map(\.location.line) == [14])
  }
}

@Suite struct OptionalDateColumnTests {
  @Test func dueAndServiceDatesAreReadWhenPresent() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let t = try TemplateLoader.load(path: TestPaths.templates + "/billing-invoices.yaml")
    let with = try dir.write(
      "with.csv",
      "Invoice,Customer,Service Date,Invoice Date,Due Date,Amount,Balance Due,Status\nINV-1,Acme,09/28/2026,10/01/2026,11/15/2026,100.00,100.00,Open\nINV-2,Acme,,10/02/2026,,50.00,50.00,Open\n")
    let r = try Importer(template: t, source: "inv").importFile(path: with, displayName: "with.csv")
    #expect(r.entries.map(\.extraDates.due) == [Day(iso: "2026-11-15"), nil])
    #expect(r.entries.map(\.extraDates.service) == [Day(iso: "2026-09-28"), nil])
    // An export without those columns still fits the template.
    let without = try dir.write(
      "without.csv", "Invoice,Customer,Invoice Date,Amount,Balance Due,Status\nINV-1,Acme,10/01/2026,100.00,100.00,Open\n")
    let w = try Importer(template: t, source: "inv").importFile(path: without, displayName: "without.csv")
    #expect(w.entries.count == 1 && w.entries[0].extraDates.due == nil)
    // An unreadable due date is a located error, not a guess.
    let bad = try dir.write(
      "bad.csv", "Invoice,Customer,Invoice Date,Due Date,Amount,Status\nINV-1,Acme,10/01/2026,soon,100.00,Open\n")
    let b = try Importer(template: t, source: "inv").importFile(path: bad, displayName: "bad.csv")
    #expect(b.diagnostics.first?.description.hasPrefix("bad.csv:2:4: error: cannot read \"soon\" as a date in column \"Due Date\"") == true)
  }
}
