import Foundation
import TieoutCore
import TieoutReports
import XLSXWriter

/// A native PivotTable of the open items (customer × bucket, sum of the open balance). The sheet
/// "Aging Pivot" is written first with the table's cells as tieout computed them; the table
/// (`XLSXWriter.PivotTable`) is added to the package once libxlsxwriter has written it, and
/// refreshes from Open Items when the file opens.
enum AgingPivot {
  static let sheetName = "Aging Pivot"
  /// Open Items' columns (A–J) the pivot uses: customers down, buckets across, the open balance summed.
  static let customerField = 0, openField = 7, bucketField = 9

  /// Customers (alphabetical, as the pivot lists them) and the buckets that have items.
  static func axes(_ aging: AgingReport) -> (customers: [String], buckets: [Int]) {
    (Array(Set(aging.items.map(\.customer))).sorted(), Array(Set(aging.items.map(\.bucket))).sorted())
  }

  /// Writes the pivot's cells as tieout computed them, the way Excel lays out a compact pivot.
  static func writeSheet(_ sheet: inout Worksheet, _ s: ReconciliationWorkbook.Styles, _ aging: AgingReport, withRecords: Bool) throws {
    let (customers, buckets) = axes(aging)
    try sheet.write(
      string: "PivotTable of Open Items: open balance by customer and bucket. It refreshes from Open Items when the file opens."
        + (withRecords ? "" : " (\(aging.items.count) open items: its cache is built when the file opens, not stored in it.)"),
      row: 0, column: 0)
    try sheet.setColumns(0, 0, width: 32)
    try sheet.setColumns(1, buckets.count + 1, width: 14)
    try sheet.write(string: "Sum of Open", row: 2, column: 0, format: s.bold)
    try sheet.write(string: "Bucket", row: 2, column: 1, format: s.bold)
    try sheet.write(string: "Customer", row: 3, column: 0, format: s.bold)
    for (k, b) in buckets.enumerated() { try sheet.write(string: aging.labels[b], row: 3, column: k + 1, format: s.bold) }
    try sheet.write(string: "Grand Total", row: 3, column: buckets.count + 1, format: s.bold)
    var sums: [String: [Int: Int64]] = [:]
    for it in aging.items { sums[it.customer, default: [:]][it.bucket, default: 0] += it.open }
    for (k, c) in customers.enumerated() {
      try sheet.write(string: c, row: 4 + k, column: 0)
      for (j, b) in buckets.enumerated() {
        if let v = sums[c]?[b] { try sheet.write(number: s.amount(v), row: 4 + k, column: j + 1, format: s.money) }
      }
      try sheet.write(number: s.amount(sums[c]?.values.reduce(0, +) ?? 0), row: 4 + k, column: buckets.count + 1, format: s.money)
    }
    let last = 4 + customers.count
    try sheet.write(string: "Grand Total", row: last, column: 0, format: s.bold)
    for (j, b) in buckets.enumerated() {
      try sheet.write(number: s.amount(aging.items.filter { $0.bucket == b }.reduce(0) { $0 + $1.open }), row: last, column: j + 1, format: s.moneyBold)
    }
    try sheet.write(number: s.amount(aging.items.reduce(0) { $0 + $1.open }), row: last, column: buckets.count + 1, format: s.moneyBold)
  }

  /// The PivotTable over Open Items, its cache holding every item when `withRecords`.
  /// `scale` turns minor units into the cells' numbers.
  static func table(_ aging: AgingReport, store: EntryStore, scale: Double, withRecords: Bool) -> PivotTable {
    let (customers, buckets) = axes(aging)
    let customerIndex = Dictionary(uniqueKeysWithValues: customers.enumerated().map { ($1, $0) })
    let bucketIndex = Dictionary(uniqueKeysWithValues: buckets.enumerated().map { ($1, $0) })
    let amounts = aging.items.map { [Double($0.amount) / scale, Double($0.paid) / scale, Double($0.open) / scale] }
    func range(_ values: [Double]) -> (Double, Double) { (values.min() ?? 0, values.max() ?? 0) }
    let serials = range(aging.items.flatMap { [Double($0.invoiceDate.excelSerial), Double($0.dueDate.excelSerial)] })
    let days = range(aging.items.map { Double($0.daysPastDue) })
    var fields: [PivotTable.Field] = [
      .init("Customer", .items(customers)), .init("Invoice", .text), .init("File:line", .text),
      .init("Invoice date", .numbers(min: serials.0, max: serials.1, integer: true)),
      .init("Due date", .numbers(min: serials.0, max: serials.1, integer: true)),
    ]
    for (k, name) in ["Amount", "Paid", "Open"].enumerated() {
      let (lo, hi) = range(amounts.map { $0[k] })
      fields.append(.init(name, .numbers(min: lo, max: hi, integer: false)))
    }
    fields.append(.init("Days past due", .numbers(min: days.0, max: days.1, integer: true)))
    fields.append(.init("Bucket", .items(buckets.map { aging.labels[$0] })))
    var records: [[PivotTable.Value]]?
    if withRecords {
      records = aging.items.enumerated().map { k, it in
        [
          .item(customerIndex[it.customer] ?? 0), .text(it.invoice), .text(store.location(Int(it.row)).description),
          .number(Double(it.invoiceDate.excelSerial)), .number(Double(it.dueDate.excelSerial)),
        ] + amounts[k].map { .number($0) } + [.number(Double(it.daysPastDue)), .item(bucketIndex[it.bucket] ?? 0)]
      }
    }
    let lastColumn = ReconciliationWorkbook.col(buckets.count + 1), lastRow = 5 + customers.count
    return PivotTable(
      name: "AgingPivot", sourceSheet: ReconciliationWorkbook.openItems, sourceRange: "A1:J\(aging.items.count + 1)",
      sheet: sheetName, location: "A3:\(lastColumn)\(lastRow)", fields: fields, records: records,
      rowField: customerField, columnField: bucketField, dataField: openField, dataCaption: "Sum of Open")
  }
}
