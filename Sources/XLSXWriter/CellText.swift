/// Text as a cell can hold it: valid XML 1.0 characters, at most Excel's 32,767 characters.
///
/// Every string cell goes through ``append(_:to:)``, from ``Worksheet/write(string:row:column:format:)``
/// and from ``CellBatch``, so no text of an export can make a sheet unreadable:
/// - the C0 controls but tab, newline and carriage return, and the noncharacters U+FFFE and
///   U+FFFF, are not characters of XML 1.0: written, they make openpyxl refuse the workbook and
///   LibreOffice drop the rest of the sheet; they are left out;
/// - text longer than a cell holds (32,767 UTF-16 code units, which libxlsxwriter refuses to
///   write) is cut and ends in ``truncationMark``, so the reader sees it was cut.
///
/// The input is valid UTF-8 (a `String`'s bytes, or bytes the caller validated), so surrogates
/// cannot occur.
///
/// ```swift
/// var out: [UInt8] = []
/// let cut = bytes.withUnsafeBufferPointer { CellText.append($0, to: &out) }
/// ```
public enum CellText {
  /// Excel's limit on the characters of a cell, in UTF-16 code units.
  public static let maxLength = 32_767

  /// What ends a text that was cut to fit a cell.
  public static let truncationMark = " …[cut to fit a cell]"

  /// Appends the cell-safe form of `bytes` to `out`.
  ///
  /// - Returns: true when the text was cut to ``maxLength``.
  @discardableResult
  public static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> Bool {
    if isPlain(bytes) {
      out.append(contentsOf: bytes)
      return false
    }
    let keep = maxLength - truncationMark.utf16.count
    var units = 0
    var cut: Int?  // where the text is cut if it turns out longer than a cell
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      // This character's UTF-8 length, and its UTF-16 units.
      let width = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
      let end = min(i + width, n)
      defer { i = end }
      if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { continue }
      if end - i == 3, b == 0xEF, bytes[i + 1] == 0xBF, bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF { continue }
      units += width == 4 ? 2 : 1
      if units > keep && cut == nil { cut = out.count }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
    }
    guard units > maxLength, let cut else { return false }
    out.removeSubrange(cut...)
    out.append(contentsOf: truncationMark.utf8)
    return true
  }

  /// True when `bytes` need no change: most text is short and has no control byte and no 0xEF
  /// (the lead byte of U+FFFE and U+FFFF), which one scan tells.
  @inline(__always)
  static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count <= maxLength && !bytes.contains(where: { $0 < 0x20 || $0 == 0xEF })
  }

  /// The cell-safe form of `s`; `s` itself when it needs no change.
  public static func clean(_ s: String) -> String {
    var s = s
    return s.withUTF8 { buf in
      if isPlain(buf) { return nil }
      var out: [UInt8] = []
      out.reserveCapacity(min(buf.count, maxLength * 4))
      append(buf, to: &out)
      return String(decoding: out, as: UTF8.self)
    } ?? s
  }
}
