internal import CXLSXWriter

/// How a cell looks: number format, font, fill, alignment and border.
///
/// Describe a format as a value and let ``Workbook/format(_:)`` register it; equal styles give
/// the same registered format, so a caller need not cache them.
///
/// ```swift
/// let money = try workbook.format(CellStyle(numberFormat: "#,##0.00;[Red]-#,##0.00"))
/// ```
public struct CellStyle: Hashable, Sendable {
  public enum Alignment: Hashable, Sendable { case general, left, center, right }

  public var numberFormat: String?
  public var bold: Bool
  public var italic: Bool
  public var fontColor: UInt32?
  public var fontSize: Double?
  public var fill: UInt32?
  public var alignment: Alignment
  public var wrap: Bool
  public var bottomBorder: Bool
  public var topBorder: Bool

  public init(
    numberFormat: String? = nil, bold: Bool = false, italic: Bool = false,
    fontColor: UInt32? = nil, fontSize: Double? = nil, fill: UInt32? = nil,
    alignment: Alignment = .general, wrap: Bool = false, bottomBorder: Bool = false,
    topBorder: Bool = false
  ) {
    self.numberFormat = numberFormat
    self.bold = bold
    self.italic = italic
    self.fontColor = fontColor
    self.fontSize = fontSize
    self.fill = fill
    self.alignment = alignment
    self.wrap = wrap
    self.bottomBorder = bottomBorder
    self.topBorder = topBorder
  }
}

/// A format registered with one workbook. Valid only while that workbook is open.
public struct Format: Sendable {
  nonisolated(unsafe) let pointer: UnsafeMutablePointer<lxw_format>
}
