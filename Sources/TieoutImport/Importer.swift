import Foundation
public import TieoutCore

/// The outcome of importing one file: entries, rejected rows and the diagnostics behind them.
public struct ImportResult: Sendable {
  /// The source name from tieout.yaml.
  public let source: String
  /// The file as the user named it.
  public let file: String
  /// The rows that became entries, in line order.
  public var store: EntryStore
  public var rejected: [RejectedRow]
  public var diagnostics: [Diagnostic]
  /// The file's own control checks that failed (a statement that does not balance, a trailer
  /// total that does not tie): problems of the file as a whole, not of one row.
  public var checks: [Diagnostic] = []
  /// For an 835 file: its claims, counted.
  public var claims: ClaimStats? = nil
  /// Data rows read after the header (entries + rejected rows); blank lines are not counted.
  public var rowsRead: Int
  public var bytesRead: Int

  /// The entries as values; convenient for small files and tests.
  public var entries: [Entry] { (0..<store.count).map { store[$0] } }
}

/// Reads a CSV export through a ``Template`` into ``Entry`` values.
///
/// A bad cell does not stop the import: the row is listed as rejected with a diagnostic naming
/// `file:line:column`, the column and the text. Only a missing file, a missing header or column,
/// or more than `maxErrors` bad rows stop it.
///
/// ```swift
/// let result = try Importer(template: t, source: "bank").importFile(path: "/data/bank.csv", displayName: "bank.csv")
/// ```
public struct Importer: Sendable {
  public let template: Template
  public let source: String
  /// Bad rows tolerated before the import stops.
  public let maxErrors: Int
  /// Whether plain rows take ``FastPath``; tests turn it off to check both paths agree.
  var usesFastPath = true

  public init(template: Template, source: String, maxErrors: Int = 100) {
    self.template = template
    self.source = source
    self.maxErrors = maxErrors
  }

  /// Column indexes resolved from the header row.
  struct Layout {
    var date: Int
    var dateFormat: DateFormat = .iso
    var signed: Int?
    var inflow: Int?
    var outflow: Int?
    var reference: Int?
    var counterparty: Int?
    var description: Int?
    var account: Int?
    /// Optional date columns the header has, by kind.
    var extraDates: [(kind: RowDates.Kind, column: Int)] = []
    var mark: Int?
    var group: Int?
    /// The running-balance column, when the template names one and the header has it.
    var balance: Int?
    var ignore: [(Int, Template.IgnoreRule)]
    /// The header's number of fields: a data row with another number is rejected, since its
    /// values would be read from the wrong columns.
    var fields = 0
  }

  /// Imports `path`; locations and messages use `displayName`.
  ///
  /// - Throws: ``TieoutError`` when the file cannot be read, has no header, lacks a column the
  ///   template names, or has more than ``maxErrors`` bad rows.
  public func importFile(path: String, displayName: String) throws(TieoutError) -> ImportResult {
    let reader = try CSVReader(path: path, displayName: displayName, delimiter: template.delimiter, encoding: template.encoding)
    var result = ImportResult(
      source: source, file: displayName, store: EntryStore(), rejected: [], diagnostics: [], rowsRead: 0, bytesRead: 0)
    let origin = result.store.addOrigin(.init(source: source, file: displayName, currency: template.amountFormat.currency))
    // Reserve once from the file's size (a row takes at least 16 bytes of CSV, and its kept text
    // is shorter than the row), so the columns never grow by copying: growing a 1M-row month's
    // columns by doubling cost ~90 MB of peak memory (make bench). Unwritten reserve is never resident.
    var info = stat()
    if stat(path, &info) == 0, info.st_size > 0 {
      result.store.reserveCapacity(rows: Int(info.st_size) / 16)
      result.store.reserveText(origin: origin, bytes: Int(info.st_size))
    }

    // Find the header: the template's header_row-th non-blank record. With header_row 0 the
    // file has none: columns are named by position, "#1", "#2", …, and the first row is data.
    var header: CSVRecord?
    var pending: CSVRecord?
    var seen = 0
    while let r = try reader.next() {
      if r.isBlank { continue }
      if template.headerRow == 0 {
        header = CSVRecord(line: r.line, fields: r.fields.indices.map { "#\($0 + 1)" })
        pending = r
        break
      }
      seen += 1
      if seen == template.headerRow { header = r; break }
    }
    guard let header else {
      throw TieoutError(
        .noHeader, at: SourceLocation(file: displayName, line: 1),
        "no header row found (the template \(template.name) expects it on row \(template.headerRow))",
        hint: "is this the right file for template \(template.name)?")
    }
    var layout = try resolve(header: header, file: displayName)
    var errors = 0
    // Records read ahead (the first data row of a header-less file, the sample for `auto` dates).
    var queue: [CSVRecord] = pending.map { [$0] } ?? []
    if layout.dateFormat.isAuto {
      while queue.count < Importer.dateSample, let r = try reader.next() { queue.append(r) }
      layout.dateFormat = try detectDateFormat(queue.filter { !$0.isBlank }, layout: layout, header: header, file: displayName)
    }

    var balances = layout.balance.map {
      RunningBalance(file: displayName, column: $0 + 1, name: template.balance ?? "", digits: template.amountFormat.currency.minorDigits)
    }
    if info.st_size > 0 { balances?.reserveCapacity(Int(info.st_size) / 16) }
    var group = ""  // the account heading the rows are under, in reports grouped by account
    var groupBytes: [UInt8] = []

    /// A record the fast path did not take: a blank line, an ignored row, a row with a problem
    /// or one that needs the general parsers (a symbol, parentheses, text to decode).
    func process(_ record: CSVRecord) throws(TieoutError) {
      if record.isBlank { return }
      result.rowsRead += 1
      let loc = SourceLocation(file: displayName, line: record.line)
      var rowText: String { Importer.rowText(record.fields, delimiter: template.delimiter) }  // only for rejected rows
      if let rule = layout.ignore.first(where: { i, rule in rule.matches(field(record, i)) }) {
        // A report's account heading ("Checking") starts a group; its "Total for …" row ends it.
        if let g = layout.group {
          let text = field(record, g).trimmingCharacters(in: " \t")
          let dated = layout.dateFormat.parse(field(record, layout.date)) != nil  // a balance row, not a heading
          if text.lowercased().hasPrefix("total") { group = "" } else if !text.isEmpty && !dated { group = text }
          groupBytes = Array(group.utf8)
        }
        result.rejected.append(
          RejectedRow(
            source: source, location: loc, disposition: .ignored,
            reason: "ignored by template \(template.name): \(rule.1)", text: rowText))
        return
      }
      do {
        let row = try readRow(record, layout: layout, file: displayName)
        warnOfLongText(row, layout: layout, at: loc, into: &result.checks)
        let balance = layout.balance.flatMap { try? template.amountFormat.parse(field(record, $0).trimmingCharacters(in: " \t")) }
        result.store.append(
          origin: origin, line: record.line, date: row.date, amount: row.amount, reference: row.reference,
          counterparty: row.counterparty, description: row.description, account: layout.group == nil ? row.account : group,
          extraDates: row.extraDates)
        if let balance { balances?.append(row: result.store.count - 1, amount: row.amount, balance: balance) }
      } catch let d {
        errors += 1
        result.diagnostics.append(d)
        result.rejected.append(
          RejectedRow(
            source: source, location: d.location ?? loc, disposition: .error, reason: d.message, text: rowText))
        if errors > maxErrors {
          throw TieoutError(
            .tooManyErrors, at: loc,
            "more than \(maxErrors) rows of \(displayName) could not be read; stopping. The first: \(result.diagnostics[0])",
            hint: "check that template \(template.name) fits this file, or raise max_errors in tieout.yaml")
        }
      }
    }

    for record in queue { try process(record) }
    enum Outcome { case blank, appended, other(CSVRecord) }
    let fast = usesFastPath ? FastPath(layout: layout, template: template) : nil
    while let outcome = try reader.nextFields({ raw -> Outcome in
      if raw.isBlankASCII { return .blank }
      if let fast, fast.append(raw, reader: reader, group: groupBytes, origin: origin, to: &result.store, balances: &balances) {
        return .appended
      }
      return .other(CSVRecord(line: raw.line, fields: (0..<raw.count).map { reader.decode(raw[$0]) }))
    }) {
      switch outcome {
      case .blank: continue
      case .appended: result.rowsRead += 1
      case .other(let record): try process(record)
      }
    }
    result.bytesRead = reader.bytesRead
    result.checks += reader.warnings
    if let b = balances?.firstBreak(in: result.store) { result.checks.append(b) }
    return result
  }

  /// Excel's limit on the characters of a cell, in UTF-16 code units: longer text is cut in the
  /// workbook (and kept whole in the JSON).
  static let cellLimit = 32_767

  /// Adds a warning for each text field of `row` longer than a workbook cell holds.
  func warnOfLongText(_ row: Row, layout: Layout, at loc: SourceLocation, into checks: inout [Diagnostic]) {
    let fields: [(Int?, String?, String)] = [
      (layout.reference, template.reference, row.reference), (layout.counterparty, template.counterparty, row.counterparty),
      (layout.description, template.description, row.description), (layout.account, template.account, row.account),
    ]
    for case (let column?, let name?, let text) in fields where text.utf16.count > Self.cellLimit {
      checks.append(
        Diagnostic(
          .longText, .warning, at: loc.with(column: column + 1),
          "column \"\(name)\" holds \(text.utf16.count) characters, more than a workbook cell's \(Self.cellLimit); the workbook shows it cut, with a mark, and the JSON keeps it whole"))
    }
  }

  /// The fields joined back into one CSV line, quoted where needed, for the Rejected sheet.
  static func rowText(_ fields: [String], delimiter: UInt8) -> String {
    let d = Character(UnicodeScalar(delimiter))
    return fields.map { f in
      f.contains(where: { $0 == d || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
    }.joined(separator: String(d))
  }

  private func field(_ r: CSVRecord, _ i: Int) -> String { i < r.fields.count ? r.fields[i] : "" }

  func resolve(header: CSVRecord, file: String) throws(TieoutError) -> Layout {
    let names = header.fields.map { $0.trimmingCharacters(in: " \t") }
    func index(_ column: String?) throws(TieoutError) -> Int? {
      guard let column else { return nil }
      if let i = Template.columnIndex(column, in: names) { return i }
      throw TieoutError(
        .missingColumn, at: SourceLocation(file: file, line: header.line),
        "the header has no column \"\(column)\", which template \(template.name) needs; it has: \(names.map { "\"\($0)\"" }.joined(separator: ", "))",
        hint: "pick the template that fits this export (tieout inspect FILE), or " + (template.isBundled
          ? "copy template \(template.name) into your month folder's templates/ (tieout templates \(template.name)) and edit the copy"
          : "edit \(template.origin.isEmpty ? template.name : template.origin)"))
    }
    var layout = Layout(date: try index(template.date) ?? 0, dateFormat: template.dateFormat, ignore: [])
    layout.fields = names.count
    switch template.amount {
    case .signed(let c): layout.signed = try index(c)
    case .split(let i, let o):
      layout.inflow = try index(i)
      layout.outflow = try index(o)
    }
    layout.reference = try index(template.reference)
    layout.counterparty = try index(template.counterparty)
    layout.description = try index(template.description)
    layout.account = try index(template.account)
    // Optional columns: read when the header has them (an invoices export without service dates
    // still fits the template).
    layout.extraDates = RowDates.Kind.allCases.compactMap { k in
      template.extraDateColumns[k].flatMap { Template.columnIndex($0, in: names) }.map { (k, $0) }
    }
    if let mark = template.mark { layout.mark = try index(mark.column) }
    layout.group = try index(template.group)
    layout.balance = template.balance.flatMap { Template.columnIndex($0, in: names) }
    for rule in template.ignore {
      if let i = try index(rule.column) { layout.ignore.append((i, rule)) }
    }
    return layout
  }

  /// Rows read ahead to decide an `auto` date column.
  static let dateSample = 2000

  /// Picks the one date layout that reads every sampled value of the date column.
  ///
  /// - Throws: ``TieoutError`` at the header when no layout reads them all, or when two
  ///   layouts read them all but to different days (day/month order is ambiguous).
  func detectDateFormat(_ sample: [CSVRecord], layout: Layout, header: CSVRecord, file: String) throws(TieoutError) -> DateFormat {
    let values = sample.map { field($0, layout.date).trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
    let at = SourceLocation(file: file, line: header.line, column: layout.date + 1)
    guard !values.isEmpty else { return .iso }
    let fitting = DateFormat.candidates.filter { f in values.allSatisfy { f.parse($0) != nil } }
    guard let first = fitting.first else {
      throw TieoutError(
        .badDate, at: at, "cannot tell the date layout of column \"\(template.date)\" from values such as \"\(values[0])\"",
        hint: "set dates.format in \(templateFile)")
    }
    for other in fitting.dropFirst() where values.contains(where: { first.parse($0) != other.parse($0) }) {
      let example = values.first { first.parse($0) != other.parse($0) } ?? values[0]
      throw TieoutError(
        .badDate, at: at,
        "the dates of column \"\(template.date)\" fit both \(first.pattern) and \(other.pattern) (\"\(example)\" is \(first.parse(example)?.description ?? "?") or \(other.parse(example)?.description ?? "?"))",
        hint: "say which in \(templateFile): dates: { format: \(first.pattern) } or { format: \(other.pattern) }")
    }
    return first
  }

  /// The import's hot path: appends a row straight from the reader's bytes when it is a plain
  /// transaction — no ignore rule matches, the date and amounts take the parsers' byte paths,
  /// and the text needs no decoding. Any other row is left to ``readRow(_:layout:file:)``, which
  /// reads it (and, when it is bad, explains). Building no `String` per field took the import
  /// of a 1M-row bank export (74 MB) from 1.14 s to 0.24 s, 310 MB/s on one core (make bench).
  final class FastPath {
    // The layout's fields, copied flat rather than kept as a `Layout`: reading them through a
    // stored `Layout` (arrays and a `DateFormat` inside) cost retains per row — the 74 MB bank
    // export took 0.31–0.37 s instead of 0.23–0.25 s (perf stat -r 5, tieout inspect).
    let date: Int
    let dateFormat: DateFormat
    let signed: Int?
    let inflow: Int
    let outflow: Int
    let amount: AmountFormat.BytePlan
    let mark: Int?
    let debit: [[UInt8]]
    let credit: [[UInt8]]
    let invert: Bool
    let reference: Int?
    let counterparty: Int?
    let description: Int?
    let account: Int?
    let extraDates: [(kind: RowDates.Kind, column: Int)]
    let grouped: Bool
    let ignore: [(Int, Template.IgnoreRule)]

    let fields: Int
    let balance: Int?

    /// nil when the amount format cannot be read as bytes (a non-ASCII separator).
    init?(layout: Layout, template: Template) {
      guard let plan = template.amountFormat.bytePlan else { return nil }
      fields = layout.fields
      balance = layout.balance
      date = layout.date
      dateFormat = layout.dateFormat
      signed = layout.signed
      inflow = layout.inflow ?? 0
      outflow = layout.outflow ?? 0
      amount = plan
      mark = template.mark == nil ? nil : layout.mark
      debit = template.mark?.debit.map { Array($0.utf8) } ?? []
      credit = template.mark?.credit.map { Array($0.utf8) } ?? []
      invert = template.invertSign
      reference = layout.reference
      counterparty = layout.counterparty
      description = layout.description
      account = layout.account
      extraDates = layout.extraDates
      grouped = layout.group != nil
      ignore = layout.ignore
    }

    /// Appends the row and returns true, or returns false having appended nothing.
    func append(
      _ r: borrowing RawRecord, reader: CSVReader, group: [UInt8], origin: Int, to store: inout EntryStore,
      balances: inout RunningBalance?
    ) -> Bool {
      guard r.count == fields else { return false }
      // A balance the byte parser cannot read leaves the row to the general path.
      var balanceValue: Int64?
      if let balance {
        let b = r.trimmed(balance)
        if !b.isEmpty {
          guard let v = amount.parse(b) else { return false }
          balanceValue = v
        }
      }
      for (i, rule) in ignore {
        guard let matched = rule.matches(bytes: r[i]), !matched else { return false }
      }
      guard let day = dateFormat.parse(bytes: r.trimmed(date)) else { return false }
      var minor: Int64
      if let signed {
        guard let v = amount.parse(r.trimmed(signed)) else { return false }
        minor = v
      } else {
        let a = r.trimmed(inflow), b = r.trimmed(outflow)
        if a.isEmpty && b.isEmpty { return false }
        let inflow = a.isEmpty ? 0 : amount.parse(a)
        let outflow = b.isEmpty ? 0 : amount.parse(b)
        guard let inflow, let outflow else { return false }
        let (diff, overflow) = inflow.subtractingReportingOverflow(outflow)
        if overflow { return false }
        minor = diff
      }
      if let mark {
        let text = r.trimmed(mark)
        if debit.contains(where: { ASCIICase.equal(text, $0) == true }) {
          minor = -minor.magnitudeSigned
        } else if credit.contains(where: { ASCIICase.equal(text, $0) == true }) {
          minor = minor.magnitudeSigned
        } else {
          return false
        }
      }
      if invert { minor = -minor }
      var more = RowDates()
      for (kind, column) in extraDates {
        let b = r.trimmed(column)
        if b.isEmpty { continue }
        guard let d = dateFormat.parse(bytes: b) else { return false }
        more[kind] = d
      }
      let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
      let reference = self.reference.map { r.trimmed($0) } ?? none
      let counterparty = self.counterparty.map { r.trimmed($0) } ?? none
      let description = self.description.map { r.trimmed($0) } ?? none
      let account = self.account.map { r.trimmed($0) } ?? none
      // Text longer than a cell takes the general path, which warns of it.
      guard reader.isVerbatim(reference), reader.isVerbatim(counterparty), reader.isVerbatim(description),
        reader.isVerbatim(account), description.count <= Importer.cellLimit, reference.count <= Importer.cellLimit,
        counterparty.count <= Importer.cellLimit, account.count <= Importer.cellLimit
      else { return false }
      if grouped {
        group.withUnsafeBufferPointer { g in
          store.append(
            origin: origin, line: r.line, date: day, amount: minor, reference: reference, counterparty: counterparty,
            description: description, account: g, extraDates: more)
        }
      } else {
        store.append(
          origin: origin, line: r.line, date: day, amount: minor, reference: reference, counterparty: counterparty,
          description: description, account: account, extraDates: more)
      }
      if let balanceValue { balances?.append(row: store.count - 1, amount: minor, balance: balanceValue) }
      return true
    }
  }

  /// One row's normalized values.
  struct Row {
    var date: Day
    var amount: Int64
    var reference: String
    var counterparty: String
    var description: String
    var account: String
    var extraDates: RowDates
  }

  func readRow(_ r: CSVRecord, layout: Layout, file: String) throws(Diagnostic) -> Row {
    let loc = SourceLocation(file: file, line: r.line)
    func cell(_ i: Int) -> String { field(r, i).trimmingCharacters(in: " \t") }
    try checkFieldCount(r, layout: layout, at: loc)

    let dateText = cell(layout.date)
    guard let day = layout.dateFormat.parse(dateText) else {
      let what = dateText.isEmpty ? "the date is empty" : "cannot read \"\(dateText)\" as a date"
      throw Diagnostic(
        .badDate, at: loc.with(column: layout.date + 1),
        "\(what) in column \"\(template.date)\" (expected \(layout.dateFormat.pattern))",
        hint: dateText.isEmpty ? nil : "set dates.format in \(templateFile)")
    }

    func amount(_ i: Int, _ column: String) throws(Diagnostic) -> Int64 {
      let text = cell(i)
      do {
        return try template.amountFormat.parse(text)
      } catch {
        throw Diagnostic(
          .badAmount, at: loc.with(column: i + 1),
          "cannot read \"\(text)\" as an amount in column \"\(column)\": \(error)",
          hint: amountHint(text))
      }
    }

    var minor: Int64
    switch template.amount {
    case .signed(let c):
      minor = try amount(layout.signed ?? 0, c)
    case .split(let inCol, let outCol):
      let i = layout.inflow ?? 0, o = layout.outflow ?? 0
      if cell(i).isEmpty && cell(o).isEmpty {
        throw Diagnostic(
          .missingField, at: loc.with(column: i + 1),
          "both \"\(inCol)\" and \"\(outCol)\" are empty; the row has no amount")
      }
      let inflow = cell(i).isEmpty ? 0 : try amount(i, inCol)
      let outflow = cell(o).isEmpty ? 0 : try amount(o, outCol)
      let (diff, overflow) = inflow.subtractingReportingOverflow(outflow)
      if overflow { throw Diagnostic(.badAmount, at: loc.with(column: i + 1), "the amount is too large") }
      minor = diff
    }
    if let mark = template.mark, let i = layout.mark {
      let text = cell(i)
      if mark.debit.contains(where: { $0.caseInsensitiveEquals(text) }) {
        minor = -minor.magnitudeSigned
      } else if mark.credit.contains(where: { $0.caseInsensitiveEquals(text) }) {
        minor = minor.magnitudeSigned
      } else {
        throw Diagnostic(
          .badAmount, at: loc.with(column: i + 1),
          "cannot tell debit from credit: \"\(text)\" in column \"\(mark.column)\" is neither \(mark.debit.joined(separator: "/")) nor \(mark.credit.joined(separator: "/"))",
          hint: "add it to amounts.mark in \(templateFile)")
      }
    }
    if template.invertSign { minor = -minor }
    // Optional date columns: empty is none, unreadable is an error.
    var extraDates = RowDates()
    for (kind, d) in layout.extraDates where !cell(d).isEmpty {
      guard let day = layout.dateFormat.parse(cell(d)) else {
        throw Diagnostic(
          .badDate, at: loc.with(column: d + 1),
          "cannot read \"\(cell(d))\" as a date in column \"\(template.extraDateColumns[kind] ?? "")\" (expected \(layout.dateFormat.pattern))",
          hint: "set dates.format in \(templateFile)")
      }
      extraDates[kind] = day
    }
    return Row(
      date: day, amount: minor,
      reference: layout.reference.map(cell) ?? "",
      counterparty: layout.counterparty.map(cell) ?? "",
      description: layout.description.map(cell) ?? "",
      account: layout.account.map(cell) ?? "", extraDates: extraDates)
  }

  /// Throws when the row has more fields than the header (beyond empty ones at its end) or
  /// fewer: its values would be read from the wrong columns.
  func checkFieldCount(_ r: CSVRecord, layout: Layout, at loc: SourceLocation) throws(Diagnostic) {
    let n = r.fields.count, expected = layout.fields
    guard n != expected else { return }
    let delimiter = template.delimiter == 0x09 ? "tab" : "\"\(Character(UnicodeScalar(template.delimiter)))\""
    if n > expected {
      if r.fields[expected...].allSatisfy({ $0.trimmingCharacters(in: " \t").isEmpty }) { return }
      // A number with a thousands separator equal to the delimiter, left unquoted: "-11,718.32".
      let split = (0..<(n - 1)).first { k in
        let a = r.fields[k].trimmingCharacters(in: " \t"), b = r.fields[k + 1].trimmingCharacters(in: " \t")
        return !a.isEmpty && a.allSatisfy { $0.isNumber || $0 == "-" || $0 == "(" || $0 == "$" }
          && b.count >= 3 && b.prefix(3).allSatisfy(\.isNumber) && (b.count == 3 || !b.dropFirst(3).first!.isNumber)
      }
      throw Diagnostic(
        .fieldCount, at: loc.with(column: expected + 1),
        "the row has \(n) fields where the header has \(expected); its values would be read from the wrong columns",
        hint: split.map { k in
          "\"\(r.fields[k]),\(r.fields[k + 1])\" looks like one amount split by its thousands separator: the export must quote fields that hold the delimiter"
        } ?? "a field holding the delimiter (\(delimiter)) must be quoted")
    }
    throw Diagnostic(
      .fieldCount, at: loc.with(column: n + 1),
      "the row has \(n) field\(n == 1 ? "" : "s") where the header has \(expected); its values would be read from the wrong columns",
      hint: "is the row cut short, or a line break inside an unquoted field?")
  }

  /// Where a hint tells the user to change the template: the file itself when it is theirs, a
  /// copy in the month folder when it ships with tieout.
  private var templateFile: String {
    if template.isBundled {
      return "a copy of template \(template.name) (copy it into your month folder's templates/ with tieout templates \(template.name), and edit the copy)"
    }
    return template.origin.isEmpty ? "template \(template.name)" : template.origin
  }

  private func amountHint(_ text: String) -> String? {
    let where_ = templateFile
    let f = template.amountFormat
    if text.contains(where: { $0.isLetter }) && !text.uppercased().hasSuffix("CR") && !text.uppercased().hasSuffix("DR") {
      return "a letter where a digit belongs? (O for 0, l for 1)"
    }
    let numeric = text.allSatisfy { $0.isNumber || $0 == "," || $0 == "." || $0 == "-" }
    if numeric, f.decimal == ".", text.contains(","), !text.contains("."),
      let last = text.split(separator: ",").last, last.count <= 2
    {
      return "this looks like a decimal comma: set amounts.decimal: \",\" and amounts.thousands: \".\" in \(where_)"
    }
    return nil
  }
}

extension Int64 {
  /// The absolute value as an `Int64` (clamped at `Int64.max`).
  var magnitudeSigned: Int64 { self == .min ? .max : Swift.abs(self) }
}
