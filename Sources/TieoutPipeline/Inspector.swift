import Foundation
public import TieoutCore
public import TieoutImport

/// Recognises an export: a bank-file format by its content, or the template whose columns its
/// header has. Used by `tieout inspect` and by `tieout run` when a source names no template.
public struct Inspector: Sendable {
  public let catalog: TemplateCatalog

  public init(catalog: TemplateCatalog) { self.catalog = catalog }

  /// What a file was recognised as.
  public enum Recognition: Sendable {
    case format(InputFormat)
    /// Templates whose every column the header has, most specific (most columns) first.
    case templates([Template])
    /// No template fits; the closest ones with the columns they miss.
    case none(closest: [(template: Template, missing: [String])], header: [String])
  }

  /// Recognises the file at `path`.
  public func recognise(path: String, displayName: String) throws(TieoutError) -> Recognition {
    if let f = Self.sniffFormat(path: path) { return .format(f) }
    var fits: [Template] = []
    var near: [(Template, [String])] = []
    var firstHeader: [String] = []
    for t in try catalog.all() where t.headerRow > 0 {  // a header-less layout cannot be told by its header
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

  /// The bank-file format the content shows, if any.
  public static func sniffFormat(path: String) -> InputFormat? {
    guard let f = try? RegularFile.open(path: path, displayName: path) else { return nil }
    defer { fclose(f) }
    var bytes = [UInt8](repeating: 0, count: 4096)
    let n = fread(&bytes, 1, bytes.count, f)
    let head = String(decoding: bytes[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let upper = head.uppercased()
    if upper.hasPrefix("ISA") && upper.contains("ST") && upper.contains("835") { return .x12835 }
    if upper.contains("OFXHEADER") || upper.contains("DATA:OFXSGML") || upper.hasPrefix("<OFX>") || upper.contains("<?OFX") {
      return .ofx
    }
    if head.hasPrefix("<?xml") || head.hasPrefix("<Document") { return head.contains("camt.05") || head.contains("BkToCstmr") ? .camt : nil }
    if head.hasPrefix("01,") && head.contains("/") { return .bai2 }
    if head.hasPrefix(":20:") || head.hasPrefix("{1:") || head.contains("\n:20:") || head.contains("\r\n:20:") {
      return head.contains(":60F:") || head.contains(":25:") ? .mt940 : nil
    }
    return nil
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
