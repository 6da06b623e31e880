import Foundation
import Testing
import TieoutTestSupport
import XLSXWriter

/// A batch is how the large detail sheets are written; it must write exactly what the
/// single-cell writes do, byte for byte.
@Suite struct CellBatchTests {
  /// Texts with the cases the single-cell writes handle: empty, control characters XML cannot
  /// hold, a formula-looking text, multi-byte UTF-8.
  static let texts = ["plain", "", "tab\tand\u{1}bell\u{7}", "=SUM(A1)", "Zürich — 東京", "\u{2}", "line\nbreak"]

  @Test func batchWritesWhatSingleCellsWrite() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    func write(_ path: String, batched: Bool) throws {
      var book = try Workbook(path: path, options: .init(constantMemory: true))
      let money = try book.format(CellStyle(numberFormat: "#,##0.00"))
      try book.addWorksheet("S") { sheet in
        var batch = CellBatch()
        for (r, t) in Self.texts.enumerated() {
          if batched {
            batch.string(t, row: r, column: 0)
            batch.string(t, row: r, column: 1, format: money)
            t.utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBufferPointer { batch.string(utf8: $0, row: r, column: 2) }
            batch.number(Double(r) * 1.25 - 3, row: r, column: 3, format: money)
            batch.formula("=D\(r + 1)*2", cached: (Double(r) * 1.25 - 3) * 2, row: r, column: 4, format: money)
            batch.string("G", r - 3, row: r, column: 5)
          } else {
            try sheet.write(string: t, row: r, column: 0)
            try sheet.write(string: t, row: r, column: 1, format: money)
            try sheet.write(string: t, row: r, column: 2)
            try sheet.write(number: Double(r) * 1.25 - 3, row: r, column: 3, format: money)
            try sheet.write(formula: "=D\(r + 1)*2", cached: (Double(r) * 1.25 - 3) * 2, row: r, column: 4, format: money)
            try sheet.write(string: "G\(r - 3)", row: r, column: 5)
          }
        }
        if batched { try sheet.write(batch) }
      }
      try book.close()
    }
    let single = dir.file("single.xlsx"), batched = dir.file("batched.xlsx")
    try write(single, batched: false)
    try write(batched, batched: true)
    let a = try part(single, "xl/worksheets/sheet1.xml"), b = try part(batched, "xl/worksheets/sheet1.xml")
    #expect(a == b)
    #expect(b.contains("tab\tandbell"))
    #expect(b.contains("<v>-3</v>") || b.contains("<v>-3.0</v>") || b.contains(">-3<"))
  }

  /// Bytes that are not UTF-8 (a damaged field) are repaired, not written as they are: an
  /// invalid byte would make the whole sheet unreadable.
  @Test func invalidUTF8IsRepaired() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("bad.xlsx")
    var book = try Workbook(path: path, options: .init(constantMemory: true))
    try book.addWorksheet("S") { sheet in
      var batch = CellBatch()
      [UInt8(ascii: "A"), 0xE9, UInt8(ascii: "B")].withUnsafeBufferPointer { batch.string(utf8: $0, row: 0, column: 0) }
      try sheet.write(batch)
    }
    try book.close()
    let xml = try part(path, "xl/worksheets/sheet1.xml")
    #expect(xml.contains("A\u{FFFD}B"))
  }
}
