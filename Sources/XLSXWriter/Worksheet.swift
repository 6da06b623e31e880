internal import CXLSXWriter

/// A worksheet of an open ``Workbook``, lent to a closure by ``Workbook/addWorksheet(_:_:)``.
///
/// Rows and columns are 0-based, as in libxlsxwriter. Text is always written as a string cell:
/// a description such as `=SUM(A1)` stays text and is never evaluated. Formulas are written only
/// through ``write(formula:cached:row:column:format:)``.
public struct Worksheet {
  nonisolated(unsafe) let pointer: UnsafeMutablePointer<lxw_worksheet>
  /// The workbook the sheet belongs to: charts are created by the workbook.
  nonisolated(unsafe) let book: UnsafeMutablePointer<lxw_workbook>
  /// The workbook's counts and cell log.
  let instruments: Instruments

  /// Excel's last row index (1,048,576 rows).
  public static let maxRow = 1_048_575

  /// Writes a text cell. Empty text writes nothing unless a format is given.
  ///
  /// The text is written as ``CellText`` makes it: without the characters XML 1.0 cannot hold,
  /// and cut to Excel's 32,767 characters with a mark.
  public func write(string raw: String, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    let string = CellText.clean(raw)
    let p = pointer
    if string.isEmpty {
      guard let format else { return }
      try check { worksheet_write_blank(p, lxw_row_t(row), lxw_col_t(column), format.pointer) }
      instruments.stats.blanks += 1
      instruments.log?.blank(row, column, UnsafeMutableRawPointer(format.pointer))
      return
    }
    try checkText { worksheet_write_string(p, lxw_row_t(row), lxw_col_t(column), string, format?.pointer) }
    instruments.stats.strings += 1
    instruments.stats.stringBytes += string.utf8.count
    instruments.log?.string(string.utf8, row, column, format.map { UnsafeMutableRawPointer($0.pointer) })
  }

  /// Writes a number cell.
  public func write(number: Double, row: Int, column: Int, format: Format? = nil) throws(XLSXError) {
    let p = pointer
    try check { worksheet_write_number(p, lxw_row_t(row), lxw_col_t(column), number, format?.pointer) }
    instruments.stats.numbers += 1
    instruments.log?.number(number, row, column, format.map { UnsafeMutableRawPointer($0.pointer) })
  }

  /// Writes a formula with the value tieout computed as its cached result, so the cell shows the
  /// right number before any recalculation.
  public func write(
    formula: String, cached: Double, row: Int, column: Int, format: Format? = nil
  ) throws(XLSXError) {
    let p = pointer
    try check {
      worksheet_write_formula_num(p, lxw_row_t(row), lxw_col_t(column), formula, format?.pointer, cached)
    }
    instruments.stats.formulas += 1
    instruments.log?.formula(formula.utf8, cached: cached, row, column, format.map { UnsafeMutableRawPointer($0.pointer) })
  }

  /// Sets the width (in characters) and default format of columns `first...last`.
  public func setColumns(_ first: Int, _ last: Int, width: Double, format: Format? = nil) throws(XLSXError) {
    let p = pointer
    try check { worksheet_set_column(p, lxw_col_t(first), lxw_col_t(last), width, format?.pointer) }
  }

  /// Freezes the rows above `row` and the columns left of `column`.
  public func freezePanes(row: Int, column: Int) {
    worksheet_freeze_panes(pointer, lxw_row_t(row), lxw_col_t(column))
  }

  /// Adds an autofilter over the given range.
  public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws(XLSXError) {
    let p = pointer
    try check {
      worksheet_autofilter(p, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn))
    }
  }

  /// Formats the cells of a range where `formula` is true, Excel's "use a formula to determine
  /// which cells to format". The formula is written for the range's top-left cell, with `$` on
  /// what must not move: `=$F2>0` highlights each row whose column F is positive.
  public func conditionalFormat(
    formula: String, firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, format: Format
  ) throws(XLSXError) {
    let p = pointer
    var text = Array(formula.utf8CString)
    var cf = lxw_conditional_format()
    cf.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
    cf.format = format.pointer
    try text.withUnsafeMutableBufferPointer { (buf) throws(XLSXError) in
      cf.value_string = buf.baseAddress
      try check {
        worksheet_conditional_format_range(
          p, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), &cf)
      }
    }
  }

  /// Makes this the sheet shown when the workbook opens.
  public func activate() { worksheet_activate(pointer) }

  /// Sets the colour of the sheet's tab (0xRRGGBB).
  public func setTabColor(_ color: UInt32) { worksheet_set_tab_color(pointer, color) }

  /// Limits printing to a range.
  public func setPrintArea(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws(XLSXError) {
    let p = pointer
    try check {
      worksheet_print_area(p, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn))
    }
  }

  /// Landscape, fit to one page wide, with a header and footer (Excel's `&` codes).
  public func setPrintLayout(landscape: Bool, fitToWidth: Bool, header: String?, footer: String?) throws(XLSXError) {
    let p = pointer
    if landscape { worksheet_set_landscape(p) }
    if fitToWidth { worksheet_fit_to_pages(p, 1, 0) }
    if let header { try check { worksheet_set_header(p, header) } }
    if let footer { try check { worksheet_set_footer(p, footer) } }
  }
}
