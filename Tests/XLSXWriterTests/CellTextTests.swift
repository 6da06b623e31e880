import Foundation
import Testing
import TieoutTestSupport
import XLSXWriter

/// Every string cell is valid XML 1.0 and fits a cell, whatever code points an export holds:
/// each class of code point is written, by both the sheet and the batch paths, and the workbook
/// is read back by openpyxl, which refuses a package with one invalid character.
/// Text of the code points `values` (Swift literals cannot hold noncharacters).
func scalars(_ values: UInt32...) -> String {
  var s = String.UnicodeScalarView()
  for v in values { if let u = Unicode.Scalar(v) { s.append(u) } }
  return String(s)
}

@Suite struct CellTextTests {
  /// One text per class of code point, with what a cell must hold of it.
  static let classes: [(name: String, text: String, kept: String)] = [
    ("ASCII", "plain ASCII", "plain ASCII"),
    ("tab, newline, carriage return", "a\tb\nc\rd", "a\tb\nc\rd"),
    ("NUL and C0 controls", "a\u{0}b\u{1}c\u{8}d\u{B}e\u{C}f\u{1F}g", "abcdefg"),
    ("DEL and C1 controls", "a\u{7F}b\u{80}c\u{85}d\u{9F}e", "a\u{7F}b\u{80}c\u{85}d\u{9F}e"),
    ("Latin-1 and other BMP letters", "Müller Ærø ığ ẞ Ω 中文", "Müller Ærø ığ ẞ Ω 中文"),
    ("the last BMP characters before the surrogates", "\u{D7FF}", "\u{D7FF}"),
    ("private use", "\u{E000}\u{F8FF}", "\u{E000}\u{F8FF}"),
    ("noncharacters U+FDD0–U+FDEF", "a" + scalars(0xFDD0) + "b" + scalars(0xFDEF), "a" + scalars(0xFDD0) + "b" + scalars(0xFDEF)),
    ("BOM inside text", "a\u{FEFF}b", "a\u{FEFF}b"),
    ("U+FFFD replacement character", "a\u{FFFD}b", "a\u{FFFD}b"),
    ("U+FFFE and U+FFFF", "bad" + scalars(0xFFFE) + "char" + scalars(0xFFFF) + " end", "badchar end"),
    ("astral: emoji and CJK extension B", "😀 𠀀 \u{10FFFD}", "😀 𠀀 \u{10FFFD}"),
    ("combining marks", "e\u{301}\u{302}", "e\u{301}\u{302}"),
  ]

  @Test func eachClassIsKeptOrDroppedAsXMLRequires() {
    for c in Self.classes { #expect(CellText.clean(c.text) == c.kept, "\(c.name)") }
  }

  @Test func textLongerThanACellIsCutWithAMark() {
    let long = String(repeating: "x", count: 40_000)
    let cut = CellText.clean(long)
    #expect(cut.utf16.count == CellText.maxLength)
    #expect(cut.hasSuffix(CellText.truncationMark))
    // Astral characters are two UTF-16 units each: the cut counts units, as Excel does.
    let emoji = CellText.clean(String(repeating: "😀", count: 20_000))
    #expect(emoji.utf16.count <= CellText.maxLength && emoji.hasSuffix(CellText.truncationMark))
    // Exactly a cell's worth is kept whole; characters dropped do not count.
    let full = String(repeating: "y", count: CellText.maxLength)
    #expect(CellText.clean(full) == full)
    #expect(CellText.clean(full + "\u{1}" + scalars(0xFFFE)) == full)
  }

  @Test func aWorkbookOfEveryClassReadsBack() throws {
    try #require(WorkbookReader.available || !TestPaths.isCI, "openpyxl is missing")
    guard WorkbookReader.available else { return }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("classes.xlsx")
    // Not streaming: the batch writes column B after the sheet wrote column A of the same rows.
    var book = try Workbook(path: path, options: .init(constantMemory: false))
    try book.addWorksheet("Classes") { sheet in
      var batch = CellBatch()
      for (k, c) in Self.classes.enumerated() {
        try sheet.write(string: c.text, row: k, column: 0)
        batch.string(c.text, row: k, column: 1)
      }
      let row = Self.classes.count
      try sheet.write(string: String(repeating: "z", count: 33_000), row: row, column: 0)
      batch.string(String(repeating: "z", count: 33_000), row: row, column: 1)
      try sheet.write(batch)
    }
    try book.close()
    let sheets = try #require(try WorkbookReader.read(path)["sheets"] as? [String: Any])
    let rows = try #require((sheets["Classes"] as? [String: Any])?["rows"] as? [[Any]])
    for (k, c) in Self.classes.enumerated() {
      for column in 0..<2 {
        // A carriage return is stored as the OOXML escape _x000D_, which openpyxl leaves as it is.
        let got = (rows[k][column] as? String)?.replacingOccurrences(of: "_x000D_", with: "\r")
        #expect(got == c.kept, "\(c.name), column \(column)")
      }
    }
    for column in 0..<2 { #expect((rows[Self.classes.count][column] as? String)?.hasSuffix(CellText.truncationMark) == true) }
  }
}
