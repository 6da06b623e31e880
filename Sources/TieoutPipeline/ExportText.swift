import Foundation
import TieoutCore

/// How the month generators write values into their exports: US dates, plain and grouped
/// amounts, and CSV fields quoted where they need it.
enum ExportText {
  /// 10/07/2026.
  static func mdy(_ d: Day) -> String {
    let (y, m, dd) = d.components
    return (m < 10 ? "0" : "") + String(m) + "/" + (dd < 10 ? "0" : "") + String(dd) + "/" + String(y)
  }

  /// 1234.50 (cents), −12.00.
  static func plain(_ minor: Int64) -> String { Money.decimalString(minor, digits: 2) }

  /// 1,234.50.
  static func grouped(_ minor: Int64) -> String { Money.groupedString(minor, digits: 2) }

  /// A CSV field, quoted when it holds a comma, a quote or a line break.
  static func csv(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
