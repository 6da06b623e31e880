internal import CXLSXWriter

/// Cells of consecutive rows, built apart from the sheet they go to and written by
/// ``Worksheet/write(_:)`` in one call.
///
/// A batch can be filled on another thread while the sheet writes the previous one: that is how
/// tieout writes its large detail sheets (the Swift side of a row, reading the store and
/// building its texts, then runs beside libxlsxwriter's side instead of before it). Text is
/// kept as NUL-terminated UTF-8 in one buffer, so writing a cell passes a pointer and makes no
/// `String`. The rules are those of the single-cell writes: empty text writes nothing unless a
/// format is given, and the control characters XML 1.0 forbids are dropped.
public struct CellBatch: Sendable {
  enum Kind: UInt8, Sendable { case string, blank, number, formula }

  struct Cell: Sendable {
    let row: UInt32
    let column: UInt16
    let kind: Kind
    let format: Format?
    /// The number, or the formula's cached result.
    let number: Double
    /// Where the text (string or formula) starts in `text`.
    let text: Int
  }

  var cells: [Cell] = []
  var text: [UInt8] = []
  /// UTF-8 bytes of the string cells, for ``CellStats``.
  var stringBytes = 0

  public init() {}

  public var isEmpty: Bool { cells.isEmpty }
  public var count: Int { cells.count }

  /// Empties the batch, keeping its memory for the next rows.
  public mutating func removeAll() {
    cells.removeAll(keepingCapacity: true)
    text.removeAll(keepingCapacity: true)
    stringBytes = 0
  }

  /// A text cell.
  public mutating func string(_ s: String, row: Int, column: Int, format: Format? = nil) {
    var s = s
    s.withUTF8 { addText($0, row: row, column: column, format: format) }  // a String is valid UTF-8
  }

  /// A text cell from UTF-8 bytes (a field of the store, read in place). Bytes that are not
  /// valid UTF-8 are replaced as `String(decoding:as:)` would.
  public mutating func string(utf8 bytes: UnsafeBufferPointer<UInt8>, row: Int, column: Int, format: Format? = nil) {
    if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
      string(String(decoding: bytes, as: UTF8.self), row: row, column: column, format: format)
    } else {
      addText(bytes, row: row, column: column, format: format)
    }
  }

  /// Valid UTF-8 as a text cell, as ``CellText`` makes it; nothing (or a blank cell with
  /// `format`) when no text is left.
  private mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>, row: Int, column: Int, format: Format?) {
    let start = text.count
    CellText.append(bytes, to: &text)
    guard text.count > start else {
      if let format { cells.append(Cell(row: UInt32(row), column: UInt16(column), kind: .blank, format: format, number: 0, text: 0)) }
      return
    }
    stringBytes += text.count - start
    text.append(0)
    cells.append(Cell(row: UInt32(row), column: UInt16(column), kind: .string, format: format, number: 0, text: start))
  }

  /// A text cell of `prefix` followed by `number` in decimal ("G", 12 → "G12"; "bank.csv:", 7).
  public mutating func string(_ prefix: String, _ number: Int, row: Int, column: Int, format: Format? = nil) {
    let start = text.count
    var prefix = prefix
    prefix.withUTF8 { _ = CellText.append($0, to: &text) }
    if number < 0 { text.append(UInt8(ascii: "-")) }
    let digitsStart = text.count
    var n = number.magnitude
    repeat {
      text.append(UInt8(ascii: "0") + UInt8(n % 10))
      n /= 10
    } while n > 0
    text[digitsStart...].reverse()
    stringBytes += text.count - start
    text.append(0)
    cells.append(Cell(row: UInt32(row), column: UInt16(column), kind: .string, format: format, number: 0, text: start))
  }

  /// A number cell.
  public mutating func number(_ x: Double, row: Int, column: Int, format: Format? = nil) {
    cells.append(Cell(row: UInt32(row), column: UInt16(column), kind: .number, format: format, number: x, text: 0))
  }

  /// A formula with the value tieout computed as its cached result.
  public mutating func formula(_ f: String, cached: Double, row: Int, column: Int, format: Format? = nil) {
    let start = text.count
    text += f.utf8
    text.append(0)
    cells.append(Cell(row: UInt32(row), column: UInt16(column), kind: .formula, format: format, number: cached, text: start))
  }
}

extension Worksheet {
  /// Writes every cell of `batch`, in order; the number formatting runs under the C locale
  /// once for the whole batch rather than once per cell.
  public func write(_ batch: CellBatch) throws(XLSXError) {
    let p = pointer
    var strings = 0, numbers = 0, formulas = 0, blanks = 0
    let result: lxw_error = withCLocale {
      batch.text.withUnsafeBufferPointer { buf in
        let base = UnsafeRawPointer(buf.baseAddress)?.assumingMemoryBound(to: CChar.self)
        for c in batch.cells {
          let (row, col, format) = (lxw_row_t(c.row), lxw_col_t(c.column), c.format?.pointer)
          let error: lxw_error
          switch c.kind {
          case .string:
            error = worksheet_write_string(p, row, col, base! + c.text, format)
            strings += 1
          case .blank:
            error = worksheet_write_blank(p, row, col, format)
            blanks += 1
          case .number:
            error = worksheet_write_number(p, row, col, c.number, format)
            numbers += 1
          case .formula:
            error = worksheet_write_formula_num(p, row, col, base! + c.text, format, c.number)
            formulas += 1
          }
          if error != LXW_NO_ERROR { return error }
        }
        return LXW_NO_ERROR
      }
    }
    if let log = instruments.log { batch.log(to: log) }
    instruments.stats.strings += strings
    instruments.stats.stringBytes += batch.stringBytes
    instruments.stats.numbers += numbers
    instruments.stats.formulas += formulas
    instruments.stats.blanks += blanks
    if result != LXW_NO_ERROR { throw XLSXError(result) }
  }
}

extension CellBatch {
  /// The batch's cells, for `make bench`'s replay (``CellLog``).
  func log(to log: CellLog) {
    for c in cells {
      let (row, column, format) = (Int(c.row), Int(c.column), c.format.map { UnsafeMutableRawPointer($0.pointer) })
      func textAt(_ start: Int) -> ArraySlice<UInt8> { text[start..<text[start...].firstIndex(of: 0)!] }
      switch c.kind {
      case .string: log.string(textAt(c.text), row, column, format)
      case .blank: log.blank(row, column, format)
      case .number: log.number(c.number, row, column, format)
      case .formula: log.formula(textAt(c.text), cached: c.number, row, column, format)
      }
    }
  }
}
