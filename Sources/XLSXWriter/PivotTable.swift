public import Foundation
import ZIPFoundation

/// A native PivotTable over a range of one worksheet, shown on another: one field down the
/// rows, one across the columns, the sum of a third in the cells. libxlsxwriter writes no pivot
/// tables, so this adds the parts to the package it has written (`add(to:modified:)`): the
/// pivot cache (its definition, and its records when `records` is given) and the table's
/// definition, with `refreshOnLoad`, so Excel rebuilds it from the source range when the file
/// opens and LibreOffice imports it as a DataPilot.
public struct PivotTable: Sendable {
  /// A column of the source range, as the pivot cache describes it.
  public struct Field: Sendable {
    public enum Values: Sendable {
      /// Text, with the distinct values listed (the row and column fields).
      case items([String])
      /// Text not listed.
      case text
      /// Numbers between `min` and `max` (`integer`: whole numbers only).
      case numbers(min: Double, max: Double, integer: Bool)
    }
    public let name: String
    public let values: Values
    public init(_ name: String, _ values: Values) {
      self.name = name
      self.values = values
    }
  }

  /// One value of a cache record, in field order.
  public enum Value: Sendable {
    /// The index of the value in its field's `items`.
    case item(Int)
    case text(String)
    case number(Double)
  }

  /// The table's name, unique in the workbook.
  public var name: String
  /// The sheet holding the source range, and the range (with its header row): "A1:J120".
  public var sourceSheet: String
  public var sourceRange: String
  /// The sheet the table is shown on, and where its cells lie there: "A3:F12".
  public var sheet: String
  public var location: String
  public var fields: [Field]
  /// The cache's records, one per source row; nil: none stored, the cache is built from the
  /// range when the file opens.
  public var records: [[Value]]?
  /// The fields down the rows and across the columns (each with `items`), and the field summed.
  public var rowField: Int
  public var columnField: Int
  public var dataField: Int
  public var dataCaption: String

  public init(
    name: String, sourceSheet: String, sourceRange: String, sheet: String, location: String, fields: [Field],
    records: [[Value]]?, rowField: Int, columnField: Int, dataField: Int, dataCaption: String
  ) {
    self.name = name
    self.sourceSheet = sourceSheet
    self.sourceRange = sourceRange
    self.sheet = sheet
    self.location = location
    self.fields = fields
    self.records = records
    self.rowField = rowField
    self.columnField = columnField
    self.dataField = dataField
    self.dataCaption = dataCaption
  }

  public struct Malformed: Error, CustomStringConvertible {
    public let description: String
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

  static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v) }

  private func items(_ field: Int) -> [String] {
    if case .items(let list) = fields[field].values { return list }
    return []
  }

  /// The pivot cache's definition part.
  var cacheDefinition: String {
    let withRecords = records != nil
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \(withRecords ? "r:id=\"rId1\" " : "saveData=\"0\" ")refreshOnLoad="1" createdVersion="6" refreshedVersion="6" minRefreshableVersion="3" recordCount="\(records?.count ?? 0)">\
      <cacheSource type="worksheet"><worksheetSource ref="\(sourceRange)" sheet="\(Self.xml(sourceSheet))"/></cacheSource>\
      <cacheFields count="\(fields.count)">
      """
    for f in fields {
      switch f.values {
      case .items(let list):
        out += "<cacheField name=\"\(Self.xml(f.name))\" numFmtId=\"0\"><sharedItems count=\"\(list.count)\">"
          + list.map { "<s v=\"\(Self.xml($0))\"/>" }.joined() + "</sharedItems></cacheField>"
      case .text:
        out += "<cacheField name=\"\(Self.xml(f.name))\" numFmtId=\"0\"><sharedItems/></cacheField>"
      case .numbers(let lo, let hi, let integer):
        out += "<cacheField name=\"\(Self.xml(f.name))\" numFmtId=\"0\"><sharedItems containsSemiMixedTypes=\"0\" containsString=\"0\" containsNumber=\"1\""
          + (integer ? " containsInteger=\"1\"" : "") + " minValue=\"\(Self.number(lo))\" maxValue=\"\(Self.number(hi))\"/></cacheField>"
      }
    }
    return out + "</cacheFields></pivotCacheDefinition>"
  }

  /// The pivot cache's records part, when records are stored.
  var cacheRecords: String? {
    guard let records else { return nil }
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" count="\(records.count)">
      """
    for record in records {
      out += "<r>"
      for v in record {
        switch v {
        case .item(let k): out += "<x v=\"\(k)\"/>"
        case .text(let s): out += "<s v=\"\(Self.xml(s))\"/>"
        case .number(let n): out += "<n v=\"\(Self.number(n))\"/>"
        }
      }
      out += "</r>"
    }
    return out + "</pivotCacheRecords>"
  }

  /// The table's definition part.
  var tableDefinition: String {
    let rows = items(rowField), columns = items(columnField)
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" name="\(Self.xml(name))" cacheId="1" applyNumberFormats="0" applyBorderFormats="0" applyFontFormats="0" applyPatternFormats="0" applyAlignmentFormats="0" applyWidthHeightFormats="1" dataCaption="Values" updatedVersion="6" minRefreshableVersion="3" createdVersion="6" useAutoFormatting="1" itemPrintTitles="1" indent="0" outline="1" outlineData="1" rowHeaderCaption="\(Self.xml(fields[rowField].name))" colHeaderCaption="\(Self.xml(fields[columnField].name))">\
      <location ref="\(location)" firstHeaderRow="1" firstDataRow="2" firstDataCol="1"/>\
      <pivotFields count="\(fields.count)">
      """
    for f in fields.indices {
      switch f {
      case rowField:
        out += "<pivotField axis=\"axisRow\" showAll=\"0\"><items count=\"\(rows.count + 1)\">"
          + rows.indices.map { "<item x=\"\($0)\"/>" }.joined() + "<item t=\"default\"/></items></pivotField>"
      case columnField:
        out += "<pivotField axis=\"axisCol\" showAll=\"0\"><items count=\"\(columns.count + 1)\">"
          + columns.indices.map { "<item x=\"\($0)\"/>" }.joined() + "<item t=\"default\"/></items></pivotField>"
      case dataField: out += "<pivotField dataField=\"1\" showAll=\"0\"/>"
      default: out += "<pivotField showAll=\"0\"/>"
      }
    }
    out += "</pivotFields><rowFields count=\"1\"><field x=\"\(rowField)\"/></rowFields>"
    out += "<rowItems count=\"\(rows.count + 1)\">" + rows.indices.map { $0 == 0 ? "<i><x/></i>" : "<i><x v=\"\($0)\"/></i>" }.joined()
      + "<i t=\"grand\"><x/></i></rowItems>"
    out += "<colFields count=\"1\"><field x=\"\(columnField)\"/></colFields>"
    out += "<colItems count=\"\(columns.count + 1)\">" + columns.indices.map { $0 == 0 ? "<i><x/></i>" : "<i><x v=\"\($0)\"/></i>" }.joined()
      + "<i t=\"grand\"><x/></i></colItems>"
    out += "<dataFields count=\"1\"><dataField name=\"\(Self.xml(dataCaption))\" fld=\"\(dataField)\" baseField=\"0\" baseItem=\"0\"/></dataFields>"
    out += "<pivotTableStyleInfo name=\"PivotStyleLight16\" showRowHeaders=\"1\" showColHeaders=\"1\" showRowStripes=\"0\" showColStripes=\"0\" showLastColumn=\"1\"/>"
    return out + "</pivotTableDefinition>"
  }

  /// Adds the table to the package at `path`, which libxlsxwriter wrote with `sheet` in it: the
  /// new parts, and the workbook, its relationships, the sheet's relationships and the content
  /// types, each gaining a reference to them. The parts that change are dropped from the package
  /// in one pass (`PackageRewrite`), then all are appended.
  public func add(to path: String, modified: Date) throws {
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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
    else { throw Malformed(description: "\(path) has no workbook, relationships or content types") }
    guard let tag = workbook.range(of: "<sheet name=\"\(Self.xml(sheet))\""), let idStart = workbook[tag.upperBound...].range(of: "r:id=\""),
      let idEnd = workbook[idStart.upperBound...].firstIndex(of: "\"")
    else { throw Malformed(description: "\(path) has no sheet \"\(sheet)\"") }
    let sheetID = String(workbook[idStart.upperBound..<idEnd])
    guard let relTag = workbookRels.range(of: "Id=\"\(sheetID)\""),
      let targetStart = workbookRels[relTag.upperBound...].range(of: "Target=\""),
      let targetEnd = workbookRels[targetStart.upperBound...].firstIndex(of: "\"")
    else { throw Malformed(description: "\(path): sheet \"\(sheet)\" has no part") }
    let sheetFile = String(workbookRels[targetStart.upperBound..<targetEnd])
    let sheetBase = (sheetFile as NSString).lastPathComponent

    put("xl/pivotCache/pivotCacheDefinition1.xml", cacheDefinition)
    if let records = cacheRecords {
      put("xl/pivotCache/pivotCacheRecords1.xml", records)
      put(
        "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/pivotCacheRecords\" Target=\"pivotCacheRecords1.xml\"/></Relationships>")
    }
    put("xl/pivotTables/pivotTable1.xml", tableDefinition)
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
    else { throw Malformed(description: "\(path): the workbook's parts are cut short") }
    workbook.insert(contentsOf: "<pivotCaches><pivotCache cacheId=\"1\" r:id=\"rIdPivotCache1\"/></pivotCaches>", at: wbEnd.lowerBound)
    workbookRels.insert(
      contentsOf: "<Relationship Id=\"rIdPivotCache1\" Type=\"\(rel)/pivotCacheDefinition\" Target=\"pivotCache/pivotCacheDefinition1.xml\"/>",
      at: relsEnd.lowerBound)
    let ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types.insert(
      contentsOf: "<Override PartName=\"/xl/pivotTables/pivotTable1.xml\" ContentType=\"\(ct).pivotTable+xml\"/>"
        + "<Override PartName=\"/xl/pivotCache/pivotCacheDefinition1.xml\" ContentType=\"\(ct).pivotCacheDefinition+xml\"/>"
        + (records != nil ? "<Override PartName=\"/xl/pivotCache/pivotCacheRecords1.xml\" ContentType=\"\(ct).pivotCacheRecords+xml\"/>" : ""),
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
