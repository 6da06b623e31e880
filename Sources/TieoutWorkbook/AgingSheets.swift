import Foundation
import TieoutCore
import TieoutReports
import XLSXWriter

/// The Aging sheet (customers × buckets, live SUMIFS over Open Items with tieout's values as
/// their cached results) and the Open Items sheet it sums.
extension ReconciliationWorkbook {
  static let openItems = "Open Items"
  /// Open Items columns the Aging formulas read: customer (A), open balance (H), bucket (J).
  static let customerColumn = "A", openColumn = "H", bucketColumn = "J"
  /// The Aging sheet's layout (0-based rows), which the dashboard's charts read: the header
  /// (bucket names from column B), one row per customer, then the totals row.
  static let agingHeaderRow = 3
  static func agingTotalRow(_ aging: AgingReport) -> Int { agingHeaderRow + 1 + aging.customers.count }

  /// The letter of column `c` (0-based), for the few columns these sheets use (A–Z).
  static func col(_ c: Int) -> String { String(UnicodeScalar(UInt8(65 + c))) }

  func writeOpenItems(_ book: inout Workbook, _ s: Styles, _ aging: AgingReport) throws {
    let cols: [(String, Double)] = [
      ("Customer", 28), ("Invoice", 14), ("File:line", 24), ("Invoice date", 12), ("Due date", 12), ("Amount", 15),
      ("Paid", 15), ("Open", 15), ("Days past due", 10), ("Bucket", 10),
    ]
    let r = reconciliation
    try table(&book, Self.openItems, s, cols, rows: aging.items) { cells, row, it in
      cells.string(it.customer, row: row, column: 0)
      cells.string(it.invoice, row: row, column: 1)
      cells.string(r.store.location(Int(it.row)).description, row: row, column: 2)
      cells.number(Double(it.invoiceDate.excelSerial), row: row, column: 3, format: s.date)
      cells.number(Double(it.dueDate.excelSerial), row: row, column: 4, format: s.date)
      cells.number(s.amount(it.amount), row: row, column: 5, format: s.money)
      cells.number(s.amount(it.paid), row: row, column: 6, format: s.money)
      let excel = row + 1
      cells.formula("=F\(excel)-G\(excel)", cached: s.amount(it.open), row: row, column: 7, format: s.money)
      cells.number(Double(it.daysPastDue), row: row, column: 8, format: s.integer)
      cells.string(aging.labels[it.bucket], row: row, column: 9)
    }
  }

  /// `SUMIFS` of the open balance over every part of the Open Items sheet, for a customer
  /// (a cell reference, or a literal when the name would read as a pattern) and a bucket cell.
  func sumifs(_ aging: AgingReport, customer: String, customerCell: String, bucketCell: String) -> String {
    let parts = max(1, (aging.items.count + rowsPerSheet - 1) / rowsPerSheet)
    // SUMIFS reads * ? ~ as wildcards and a leading < > = as a comparison: such names are
    // given as an exact, escaped criterion instead of the cell.
    let plain = !customer.contains(where: { "*?~".contains($0) }) && !(customer.first.map { "<>=".contains($0) } ?? false)
    let criterion: String
    if plain {
      criterion = customerCell
    } else {
      let escaped = customer.replacingOccurrences(of: "~", with: "~~").replacingOccurrences(of: "*", with: "~*")
        .replacingOccurrences(of: "?", with: "~?").replacingOccurrences(of: "\"", with: "\"\"")
      criterion = "\"=\(escaped)\""
    }
    return (1...parts).map { part in
      let name = part == 1 ? Self.openItems : "\(Self.openItems) (\(part))"
      let last = part == parts ? max(2, aging.items.count - (parts - 1) * rowsPerSheet + 1) : rowsPerSheet + 1
      func range(_ c: String) -> String { "'\(name)'!$\(c)$2:$\(c)$\(last)" }
      return "SUMIFS(\(range(Self.openColumn)),\(range(Self.customerColumn)),\(criterion),\(range(Self.bucketColumn)),\(bucketCell))"
    }.joined(separator: "+")
  }

  func writeAging(_ book: inout Workbook, _ s: Styles, _ aging: AgingReport) throws {
    try book.addWorksheet("Aging") { sheet in
      let labels = aging.labels
      let n = labels.count
      try sheet.write(string: "Accounts receivable aging", row: 0, column: 0, format: s.title)
      try sheet.write(
        string: "Open invoices as of \(aging.asOf), by days past due (the export's due date, else invoice date + \(aging.settings.termsDays) days); "
          + "from the Open Items sheet. Highlighted: a balance in the \(labels[n - 1]) bucket"
          + (aging.settings.limit.map { " or above \(Money.decimalString($0, digits: reconciliation.currency.minorDigits))" } ?? "") + "."
          + (pivotFits(aging) ? "" : " No PivotTable: Open Items continues on a second sheet and a PivotTable reads one."),
        row: 1, column: 0)
      let header = Self.agingHeaderRow
      try headerRow(&sheet, s, row: header, [("Customer", 32)] + labels.map { ($0, 14) } + [("Total", 15), ("% of total", 11)])
      sheet.freezePanes(row: header + 1, column: 1)
      let first = header + 1
      let totalRow = Self.agingTotalRow(aging)
      let total = aging.total
      let col = Self.col
      for (k, c) in aging.customers.enumerated() {
        let row = first + k, excel = row + 1
        try sheet.write(string: c.name, row: row, column: 0)
        for b in 0..<n {
          let f = "=" + sumifs(aging, customer: c.name, customerCell: "$A\(excel)", bucketCell: "\(col(b + 1))$\(header + 1)")
          try sheet.write(formula: f, cached: s.amount(c.buckets[b]), row: row, column: b + 1, format: s.money)
        }
        try sheet.write(formula: "=SUM(B\(excel):\(col(n))\(excel))", cached: s.amount(c.total), row: row, column: n + 1, format: s.money)
        let share = total == 0 ? 0 : Double(c.total) / Double(total)
        try sheet.write(
          formula: "=IF($\(col(n + 1))$\(totalRow + 1)=0,0,\(col(n + 1))\(excel)/$\(col(n + 1))$\(totalRow + 1))", cached: share,
          row: row, column: n + 2, format: s.percent)
      }
      try sheet.write(string: "Total", row: totalRow, column: 0, format: s.bold)
      let totals = aging.bucketTotals
      for b in 0...n {
        let value = b < n ? totals[b] : total
        let f = aging.customers.isEmpty ? "=0" : "=SUM(\(col(b + 1))\(first + 1):\(col(b + 1))\(totalRow))"
        try sheet.write(formula: f, cached: s.amount(value), row: totalRow, column: b + 1, format: s.moneyBold)
      }
      try sheet.write(formula: "=IF(\(col(n + 1))\(totalRow + 1)=0,0,1)", cached: total == 0 ? 0 : 1, row: totalRow, column: n + 2, format: s.percent)
      // Delinquent customers: a balance in the last bucket, or over the limit.
      if !aging.customers.isEmpty {
        var test = "$\(col(n))\(first + 1)>0"
        if let limit = aging.settings.limit { test = "OR(\(test),$\(col(n + 1))\(first + 1)>\(s.amount(limit)))" }
        try sheet.conditionalFormat(
          formula: "=" + test, firstRow: first, firstColumn: 0, lastRow: totalRow - 1, lastColumn: n + 2, format: s.delinquent)
      }
      try sheet.setPrintLayout(
        landscape: true, fitToWidth: true, header: pageHeader("Aging as of \(aging.asOf)"),
        footer: pageFooter)
    }
  }
}
