import Foundation
import TieoutCore
import TieoutReports
import XLSXWriter
import ZIPFoundation

/// A native PivotTable of the open items (customer × bucket, sum of the open balance), added to
/// the package after libxlsxwriter has written it — libxlsxwriter has no pivot tables. The sheet
/// "Aging Pivot" is written first with the table's cells as tieout computed them; this adds
/// the pivot cache (definition and records) and the table definition, with `refreshOnLoad`, so
/// Excel rebuilds it from Open Items when the file opens and LibreOffice imports it as a
/// DataPilot.
enum AgingPivot {
  static let sheetName = "Aging Pivot"
  /// The fields of Open Items, in column order (A–J), and which of them the pivot uses.
  static let fields = [
    "Customer", "Invoice", "File:line", "Invoice date", "Due date", "Amount", "Paid", "Open", "Days past due", "Bucket",
  ]
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

  /// `s` as XML attribute text: the text its cell holds (``CellText``), escaped, so the pivot
  /// cache names what the sheet shows.
  static func xml(_ s: String) -> String {
    var out = ""
    for ch in CellText.clean(s).unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }

  /// Adds the pivot parts to the package at `path`. `scale` turns minor units into the cells' numbers.
  static func addParts(to path: String, _ aging: AgingReport, store: EntryStore, scale: Double, withRecords: Bool, modified: Date) throws {
    let (customers, buckets) = axes(aging)
    let customerIndex = Dictionary(uniqueKeysWithValues: customers.enumerated().map { ($1, $0) })
    let bucketIndex = Dictionary(uniqueKeysWithValues: buckets.enumerated().map { ($1, $0) })
    let n = aging.items.count
    func num(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v) }
    let amounts = aging.items.map { [Double($0.amount) / scale, Double($0.paid) / scale, Double($0.open) / scale] }
    func range(_ k: Int) -> (Double, Double) {
      let vs = amounts.map { $0[k] }
      return (vs.min() ?? 0, vs.max() ?? 0)
    }
    func numericField(_ name: String, _ lo: Double, _ hi: Double, integer: Bool) -> String {
      "<cacheField name=\"\(xml(name))\" numFmtId=\"0\"><sharedItems containsSemiMixedTypes=\"0\" containsString=\"0\" containsNumber=\"1\"\(integer ? " containsInteger=\"1\"" : "") minValue=\"\(num(lo))\" maxValue=\"\(num(hi))\"/></cacheField>"
    }
    let serials = aging.items.flatMap { [Double($0.invoiceDate.excelSerial), Double($0.dueDate.excelSerial)] }
    let days = aging.items.map { Double($0.daysPastDue) }
    var definition = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \(withRecords ? "r:id=\"rId1\" " : "saveData=\"0\" ")refreshOnLoad="1" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="\(withRecords ? n : 0)">\
      <cacheSource type="worksheet"><worksheetSource ref="A1:J\(n + 1)" sheet="\(xml(ReconciliationWorkbook.openItems))"/></cacheSource>\
      <cacheFields count="\(fields.count)">
      """
    definition += "<cacheField name=\"Customer\" numFmtId=\"0\"><sharedItems count=\"\(customers.count)\">"
      + customers.map { "<s v=\"\(xml($0))\"/>" }.joined() + "</sharedItems></cacheField>"
    definition += "<cacheField name=\"Invoice\" numFmtId=\"0\"><sharedItems/></cacheField>"
    definition += "<cacheField name=\"File:line\" numFmtId=\"0\"><sharedItems/></cacheField>"
    definition += numericField("Invoice date", serials.min() ?? 0, serials.max() ?? 0, integer: true)
    definition += numericField("Due date", serials.min() ?? 0, serials.max() ?? 0, integer: true)
    for (k, name) in ["Amount", "Paid", "Open"].enumerated() {
      let (lo, hi) = range(k)
      definition += numericField(name, lo, hi, integer: false)
    }
    definition += numericField("Days past due", days.min() ?? 0, days.max() ?? 0, integer: true)
    definition += "<cacheField name=\"Bucket\" numFmtId=\"0\"><sharedItems count=\"\(buckets.count)\">"
      + buckets.map { "<s v=\"\(xml(aging.labels[$0]))\"/>" }.joined() + "</sharedItems></cacheField>"
    definition += "</cacheFields></pivotCacheDefinition>"

    var records = ""
    if withRecords {
      records = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" count="\(n)">
        """
      for (k, it) in aging.items.enumerated() {
        records += "<r><x v=\"\(customerIndex[it.customer] ?? 0)\"/><s v=\"\(xml(it.invoice))\"/>"
        records += "<s v=\"\(xml(store.location(Int(it.row)).description))\"/>"
        records += "<n v=\"\(it.invoiceDate.excelSerial)\"/><n v=\"\(it.dueDate.excelSerial)\"/>"
        records += amounts[k].map { "<n v=\"\(num($0))\"/>" }.joined()
        records += "<n v=\"\(it.daysPastDue)\"/><x v=\"\(bucketIndex[it.bucket] ?? 0)\"/></r>"
      }
      records += "</pivotCacheRecords>"
    }

    let lastColumn = ReconciliationWorkbook.col(buckets.count + 1), lastRow = 5 + customers.count
    var table = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="AgingPivot" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" useAutoFormatting="1" itemPrintTitles="1" indent="0" outline="1" outlineData="1" rowHeaderCaption="Customer" colHeaderCaption="Bucket">\
      <location ref="A3:\(lastColumn)\(lastRow)" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>\
      <pivotFields count="\(fields.count)">
      """
    for f in 0..<fields.count {
      switch f {
      case customerField:
        table += "<pivotField axis=\"axisRow\" showAll=\"0\"><items count=\"\(customers.count + 1)\">"
          + customers.indices.map { "<item x=\"\($0)\"/>" }.joined() + "<item t=\"default\"/></items></pivotField>"
      case bucketField:
        table += "<pivotField axis=\"axisCol\" showAll=\"0\"><items count=\"\(buckets.count + 1)\">"
          + buckets.indices.map { "<item x=\"\($0)\"/>" }.joined() + "<item t=\"default\"/></items></pivotField>"
      case openField: table += "<pivotField dataField=\"1\" showAll=\"0\"/>"
      default: table += "<pivotField showAll=\"0\"/>"
      }
    }
    table += "</pivotFields><rowFields count=\"1\"><field x=\"\(customerField)\"/></rowFields>"
    table += "<rowItems count=\"\(customers.count + 1)\">" + customers.indices.map { $0 == 0 ? "<i><x/></i>" : "<i><x v=\"\($0)\"/></i>" }.joined()
      + "<i t=\"grand\"><x/></i></rowItems>"
    table += "<colFields count=\"1\"><field x=\"\(bucketField)\"/></colFields>"
    table += "<colItems count=\"\(buckets.count + 1)\">" + buckets.indices.map { $0 == 0 ? "<i><x/></i>" : "<i><x v=\"\($0)\"/></i>" }.joined()
      + "<i t=\"grand\"><x/></i></colItems>"
    table += "<dataFields count=\"1\"><dataField name=\"Sum of Open\" fld=\"\(openField)\" baseField=\"0\" baseItem=\"0\"/></dataFields>"
    table += "<pivotTableStyleInfo name=\"PivotStyleLight16\" showRowHeaders=\"1\" showColHeaders=\"1\" showRowStripes=\"0\" showColStripes=\"0\" showLastColumn=\"1\"/>"
    table += "</pivotTableDefinition>"

    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    // The parts to write: new ones, and libxlsxwriter's that gain a reference to the pivot.
    // Those are dropped from the package in one pass, then all are appended.
    var parts: [(name: String, text: String)] = []
    func put(_ name: String, _ text: String) { parts.append((name, text)) }
    let reader = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    func read(_ name: String) throws -> String? {
      guard let entry = reader[name] else { return nil }
      var data = Data()
      _ = try reader.extract(entry, skipCRC32: true) { data.append($0) }
      return String(decoding: data, as: UTF8.self)
    }
    // The pivot sheet's part, by its name in workbook.xml and the workbook's relationships.
    guard var workbook = try read("xl/workbook.xml"), var workbookRels = try read("xl/_rels/workbook.xml.rels"),
      var types = try read("[Content_Types].xml")
    else { throw XLSXError.nullObject }
    let sheetTag = "<sheet name=\"\(xml(sheetName))\""
    guard let tag = workbook.range(of: sheetTag), let idStart = workbook[tag.upperBound...].range(of: "r:id=\""),
      let idEnd = workbook[idStart.upperBound...].firstIndex(of: "\"")
    else { throw XLSXError.nullObject }
    let sheetID = String(workbook[idStart.upperBound..<idEnd])
    guard let relTag = workbookRels.range(of: "Id=\"\(sheetID)\""),
      let targetStart = workbookRels[relTag.upperBound...].range(of: "Target=\""),
      let targetEnd = workbookRels[targetStart.upperBound...].firstIndex(of: "\"")
    else { throw XLSXError.nullObject }
    let sheetFile = String(workbookRels[targetStart.upperBound..<targetEnd])  // worksheets/sheet3.xml
    let sheetBase = (sheetFile as NSString).lastPathComponent

    put("xl/pivotCache/pivotCacheDefinition1.xml", definition)
    if withRecords {
      put("xl/pivotCache/pivotCacheRecords1.xml", records)
      put(
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/pivotCacheRecords\" Target=\"pivotCacheRecords1.xml\"/></Relationships>")
    }
    put("xl/pivotTables/pivotTable1.xml", table)
    put(
      "xl/pivotTables/_rels/pivotTable1.xml.rels",
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/pivotCacheDefinition\" Target=\"../pivotCache/pivotCacheDefinition1.xml\"/></Relationships>")
    let sheetRelsName = "xl/worksheets/_rels/\(sheetBase).rels"
    let pivotRel = "<Relationship Id=\"rIdPivot1\" Type=\"\(rel)/pivotTable\" Target=\"../pivotTables/pivotTable1.xml\"/>"
    if var sheetRels = try read(sheetRelsName), let end = sheetRels.range(of: "</Relationships>") {
      sheetRels.insert(contentsOf: pivotRel, at: end.lowerBound)
      put(sheetRelsName, sheetRels)
    } else {
      put(
        sheetRelsName,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(pivotRel)</Relationships>")
    }
    guard let wbEnd = workbook.range(of: "</workbook>"), let relsEnd = workbookRels.range(of: "</Relationships>"),
      let typesEnd = types.range(of: "</Types>")
    else { throw XLSXError.nullObject }
    workbook.insert(contentsOf: "<pivotCaches><pivotCache cacheId=\"1\" r:id=\"rIdPivotCache1\"/></pivotCaches>", at: wbEnd.lowerBound)
    workbookRels.insert(
      contentsOf: "<Relationship Id=\"rIdPivotCache1\" Type=\"\(rel)/pivotCacheDefinition\" Target=\"pivotCache/pivotCacheDefinition1.xml\"/>",
      at: relsEnd.lowerBound)
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types.insert(
      contentsOf: "<Override PartName=\"/xl/pivotTables/pivotTable1.xml\" ContentType=\"\(ct).pivotTable+xml\"/>"
        + "<Override PartName=\"/xl/pivotCache/pivotCacheDefinition1.xml\" ContentType=\"\(ct).pivotCacheDefinition+xml\"/>"
        + (withRecords ? "<Override PartName=\"/xl/pivotCache/pivotCacheRecords1.xml\" ContentType=\"\(ct).pivotCacheRecords+xml\"/>" : ""),
      at: typesEnd.lowerBound)
    put("xl/workbook.xml", workbook)
    put("xl/_rels/workbook.xml.rels", workbookRels)
    put("[Content_Types].xml", types)

    try PackageRewrite.remove(Set(parts.map(\.name).filter { reader[$0] != nil }), from: path)
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
    for (name, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified, compressionMethod: .deflate
      ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
    }
  }
}
