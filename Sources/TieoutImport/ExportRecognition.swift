import Foundation
public import TieoutCore
import TieoutIO

/// Recognises an export: a bank-file format by its content, or, among templates, the one whose
/// columns its header has; and, for a file that cannot be an export, what it is instead.
public enum ExportRecognition {
  /// What a file was recognised as.
  public enum Recognition: Sendable {
    case format(InputFormat)
    /// Templates whose every column the header has, most specific (most columns) first.
    case templates([Template])
    /// No template fits; the closest ones with the columns they miss.
    case none(closest: [(template: Template, missing: [String])], header: [String])
  }

  /// Recognises the file at `path` among `templates`.
  public static func recognise(path: String, displayName: String, templates: [Template]) -> Recognition {
    if let f = Self.sniffFormat(path: path) { return .format(f) }
    var fits: [Template] = []
    var near: [(Template, [String])] = []
    var firstHeader: [String] = []
    for t in templates where t.headerRow > 0 {  // a header-less layout cannot be told by its header
      guard let header = Self.header(path: path, displayName: displayName, template: t) else { continue }
      if firstHeader.isEmpty && t.delimiter == UInt8(ascii: ",") { firstHeader = header }
      let missing = t.requiredColumns.filter { !Self.has(header, $0) }
      if missing.isEmpty { fits.append(t) } else if missing.count < t.requiredColumns.count { near.append((t, missing)) }
    }
    if !fits.isEmpty {
      return .templates(fits.sorted { ($0.requiredColumns.count, $1.name) > ($1.requiredColumns.count, $0.name) })
    }
    near.sort { ($0.1.count, $0.0.name) < ($1.1.count, $1.0.name) }
    return .none(closest: Array(near.prefix(3)), header: firstHeader)
  }

  /// What the file at `path` is when it cannot be an export tieout reads: missing, a folder,
  /// empty, an Excel workbook, a PDF, or binary. nil for a text file (or one that is UTF-16 text).
  public static func notAnExport(path: String) -> String? {
    var st = stat()
    guard stat(path, &st) == 0 else { return "no such file" }
    if st.st_mode & S_IFMT == S_IFDIR { return "a folder, not a file: name one export in it (tieout init FOLDER looks at them all)" }
    guard st.st_mode & S_IFMT == S_IFREG else { return "not a regular file (a pipe or a device)" }
    return contentProblem(path: path)
  }

  /// What a regular file's content shows it is when it cannot be an export tieout reads: empty,
  /// an Excel workbook, a PDF, or binary. nil for text, and for a file it cannot open (the
  /// reader then says why).
  public static func contentProblem(path: String) -> String? {
    guard let f = try? RegularFile.open(path: path, displayName: path) else { return nil }
    defer { fclose(f) }
    var head = [UInt8](repeating: 0, count: 4096)
    let n = fread(&head, 1, head.count, f)
    guard n > 0 else { return "empty (0 bytes): export it again" }
    let bytes = head[0..<n]
    if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      let lower = path.lowercased()
      if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") || String(decoding: bytes, as: UTF8.self).contains("xl/") {
        return "an Excel workbook: export it as CSV (File ▸ Save As ▸ CSV UTF-8) and name the CSV"
      }
      return "a zip archive: unzip it and name the export inside"
    }
    if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      return "an Excel 97–2003 workbook: export it as CSV (File ▸ Save As ▸ CSV UTF-8) and name the CSV"
    }
    if bytes.starts(with: Array("%PDF".utf8)) {
      return "a PDF: tieout reads exports, not printed statements; ask the bank for CSV, OFX, MT940, camt.053 or BAI2"
    }
    // UTF-16 text without a byte-order mark has its zero bytes at every other position (the
    // high bytes of Latin text); other text has none.
    let even = stride(from: 0, to: n, by: 2).count { head[$0] == 0 }
    let odd = stride(from: 1, to: n, by: 2).count { head[$0] == 0 }
    let utf16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
      || (n >= 4 && (min(even, odd) == 0 && max(even, odd) * 3 >= n / 2))
    let controls = bytes.count { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20 && $0 != 0x1A) }
    if !utf16 && (bytes.contains(0) || controls * 20 > n) {
      return "binary, not a text export"
    }
    return nil
  }

  /// The delimiter the first non-blank line of a text file uses most: `,` `;` tab or `|`.
  public static func sniffDelimiter(path: String) -> UInt8? {
    guard let f = try? RegularFile.open(path: path, displayName: path) else { return nil }
    defer { fclose(f) }
    var head = [UInt8](repeating: 0, count: 4096)
    let n = fread(&head, 1, head.count, f)
    let line = head[0..<n].split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }).first { !$0.isEmpty } ?? []
    let counts = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")].map { d in (d, line.count { $0 == d }) }
    guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
    return best.0
  }

  /// Templates of `templates` that would fit the file's header if they split it by the
  /// delimiter the file uses (`sniffDelimiter`) rather than their own.
  public static func fitsButForDelimiter(path: String, templates: [Template]) -> [Template] {
    guard let seen = Self.sniffDelimiter(path: path) else { return [] }
    let header = Self.firstRecord(path: path, delimiter: seen)
    return templates.filter { t in
      t.headerRow == 1 && t.delimiter != seen && t.requiredColumns.allSatisfy { Self.has(header, $0) }
    }
  }

  /// The first non-blank record of the file split by `delimiter`, its fields trimmed.
  public static func firstRecord(path: String, delimiter: UInt8) -> [String] {
    guard let reader = try? CSVReader(path: path, displayName: path, delimiter: delimiter) else { return [] }
    while let r = try? reader.next() {
      if !r.isBlank { return r.fields.map { $0.trimmingCharacters(in: .whitespaces) } }
    }
    return []
  }

  /// A delimiter as a person names it.
  public static func name(ofDelimiter d: UInt8) -> String {
    switch d {
    case 0x09: "tabs"
    case UInt8(ascii: ","): "commas"
    case UInt8(ascii: ";"): "semicolons"
    case UInt8(ascii: "|"): "bars (|)"
    default: "\"\(Character(UnicodeScalar(d)))\""
    }
  }

  /// The format the file's content shows, if any (``InputFormat/recognise(head:)``).
  public static func sniffFormat(path: String) -> InputFormat? {
    guard let f = try? RegularFile.open(path: path, displayName: path) else { return nil }
    defer { fclose(f) }
    var bytes = [UInt8](repeating: 0, count: 4096)
    let n = fread(&bytes, 1, bytes.count, f)
    return InputFormat.recognise(head: String(decoding: bytes[0..<n], as: UTF8.self))
  }

  /// The file's header as `template` would read it, or nil when it cannot be read so.
  static func header(path: String, displayName: String, template t: Template) -> [String]? {
    guard let reader = try? CSVReader(path: path, displayName: displayName, delimiter: t.delimiter, encoding: t.encoding)
    else { return nil }
    var seen = 0
    while let r = try? reader.next() {
      if r.isBlank { continue }
      if t.headerRow == 0 { return r.fields.indices.map { "#\($0 + 1)" } }
      seen += 1
      if seen == t.headerRow { return r.fields.map { $0.trimmingCharacters(in: .whitespaces) } }
      if seen > t.headerRow { break }
    }
    return nil
  }

  static func has(_ header: [String], _ column: String) -> Bool { Template.columnIndex(column, in: header) != nil }
}
