import Foundation
import Testing
import TieoutTestSupport
import XLSXWriter

/// The XML of one part of an .xlsx package.
func part(_ xlsx: String, _ name: String) throws -> String {
  try runProcess("/usr/bin/unzip", ["-p", xlsx, name]).stdout
}

@Suite struct WorkbookTests {
  /// libxlsxwriter 1.1.4 prints numbers with the thread's LC_NUMERIC; under de_DE 1.01 would be
  /// written "1,01". The wrapper must write "1.01" whatever the caller's locale.
  @Test(.enabled(if: newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", nil) != nil || TestPaths.isCI, "needs the de_DE.UTF-8 locale"))
  func numbersDoNotFollowTheLocale() throws {
    let de = try #require(newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", nil), "install the de_DE.UTF-8 locale")
    defer { freelocale(de) }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("de.xlsx")
    let previous = uselocale(de)
    defer { uselocale(previous) }
    // The locale is really in effect on this thread: C's printf writes a decimal comma.
    var buf = [CChar](repeating: 0, count: 32)
    _ = withVaList([1.01]) { vsnprintf(&buf, 32, "%.16g", $0) }
    #expect(String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) == "1,01")

    for streaming in [true, false] {
      var book = try Workbook(path: path, options: .init(constantMemory: streaming))
      try book.addWorksheet("S") { sheet in
        try sheet.write(number: 1.01, row: 0, column: 0)
        try sheet.write(number: -1234567.89, row: 1, column: 0)
        try sheet.write(formula: "=A1*2", cached: 2.02, row: 2, column: 0)
        // A batch switches to the C locale once for all its cells.
        var batch = CellBatch()
        batch.number(3.03, row: 3, column: 0)
        batch.formula("=A1*4", cached: 4.04, row: 4, column: 0)
        try sheet.write(batch)
      }
      try book.close()
      let xml = try part(path, "xl/worksheets/sheet1.xml")
      #expect(xml.contains("<v>1.01</v>"), "streaming \(streaming)")
      #expect(xml.contains("<v>-1234567.89</v>"))
      #expect(xml.contains("<v>2.02</v>"))
      #expect(xml.contains("<v>3.03</v>") && xml.contains("<v>4.04</v>"))
      #expect(!xml.contains("1,01"))
    }
  }

  @Test func textThatLooksLikeAFormulaStaysText() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("t.xlsx")
    var book = try Workbook(path: path, options: .init(constantMemory: true))
    try book.addWorksheet("S") { sheet in
      try sheet.write(string: "=SUM(A1)", row: 0, column: 0)
      try sheet.write(string: "+1-2", row: 1, column: 0)
    }
    try book.close()
    let xml = try part(path, "xl/worksheets/sheet1.xml")
    #expect(!xml.contains("<f>"))
    #expect(xml.contains("=SUM(A1)"))
  }

  @Test func aDroppedWorkbookWritesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("never.xlsx")
    do {
      var book = try Workbook(path: path)
      try book.addWorksheet("S") { sheet in try sheet.write(string: "x", row: 0, column: 0) }
      _ = book
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func invalidSheetNamesAreErrors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var book = try Workbook(path: dir.file("n.xlsx"))
    #expect(throws: XLSXError.sheetNameCharacter) { try book.addWorksheet("a/b") { _ in } }
    #expect(throws: XLSXError.sheetNameTooLong) { try book.addWorksheet(String(repeating: "x", count: 40)) { _ in } }
    try book.addWorksheet("ok") { _ in }
    #expect(throws: XLSXError.sheetNameUsed) { try book.addWorksheet("ok") { _ in } }
  }
}

@Suite struct ControlCharacterTests {
  /// A NUL or other control character from an export must not make the workbook unreadable.
  @Test func controlCharactersAreDropped() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("c.xlsx")
    var book = try Workbook(path: path, options: .init(constantMemory: true))
    try book.addWorksheet("S") { sheet in
      try sheet.write(string: "ACME\u{0}\u{1} LTD\tpaid\r\nok", row: 0, column: 0)
    }
    try book.close()
    let xml = try part(path, "xl/worksheets/sheet1.xml")
    #expect(xml.contains("ACME LTD\tpaid\r\nok") || xml.contains("ACME LTD"))
    #expect(!xml.contains("\u{0}"))
    if WorkbookReader.available {
      let back = try WorkbookReader.read(path)
      let rows = ((back["sheets"] as? [String: Any])?["S"] as? [String: Any])?["rows"] as? [[Any]]
      #expect((rows?.first?.first as? String)?.hasPrefix("ACME LTD") == true)
    }
  }
}
