import Foundation
public import TieoutCore
public import TieoutIO
import TieoutMatch
public import TieoutReports
import XLSXWriter

/// Writes the reconciliation workbook: Summary, Matched, Exceptions, one sheet per source, Rejected.
///
/// This is the only place where ``Money`` becomes a `Double`, because Excel stores numbers as
/// IEEE doubles (exact to 15 significant digits, so to the cent for any amount under
/// 10 trillion). Text from an export is always written as a string cell. Detail sheets stream
/// (libxlsxwriter's constant-memory mode), so memory does not grow with the number of rows.
///
/// The file is written to a temporary name beside `path` and renamed into place, so a failed
/// run leaves no half-written workbook; the creation date is fixed to the as-of day, so the same
/// inputs give a byte-identical file.
///
/// ```swift
/// try ReconciliationWorkbook(reconciliation).write(to: "out/reconciliation.xlsx")
/// ```
public struct ReconciliationWorkbook {
  public let reconciliation: Reconciliation
  /// The tieout version recorded in the document's custom properties.
  public let version: String
  /// Data rows per detail sheet before it continues on "Name (2)": Excel's limit less the header.
  public let rowsPerSheet: Int

  /// Open items up to which the PivotTable's cache carries its records; above, it carries none
  /// and Excel builds them from Open Items when the file opens (the records would otherwise
  /// double a large workbook's size).
  public let pivotRecordsLimit: Int

  /// Excel's largest number of data rows under a header row.
  public static let excelRowLimit = 1_048_575
  public static let defaultPivotRecordsLimit = 50_000

  /// Whether the PivotTable can read Open Items: it reads one sheet, so not when Open Items
  /// continues on a second one (the Aging sheet then says there is none).
  func pivotFits(_ aging: AgingReport) -> Bool { aging.items.count <= rowsPerSheet }

  /// Counts the detail rows written, for `progress`.
  let tracker = ProgressTracker()

  /// Rows of the detail sheets: what `progress` counts.
  var detailRows: Int {
    let r = reconciliation
    let listed = Set(r.sources.map(\.name))
    let originListed = r.store.origins.map { listed.contains($0.source) }
    var sources = 0
    for i in 0..<r.store.count where originListed[r.store.originIndex(i)] { sources += 1 }
    return r.match.members.count + r.match.exceptions.reduce(0) { $0 + $1.members.count } + r.aging.items.count + sources
      + r.rejected.count
  }

  public init(
    _ reconciliation: Reconciliation, version: String = "0.1.0", rowsPerSheet: Int = excelRowLimit,
    pivotRecordsLimit: Int = defaultPivotRecordsLimit
  ) {
    self.reconciliation = reconciliation
    self.version = version
    self.rowsPerSheet = max(1, min(rowsPerSheet, Worksheet.maxRow))
    self.pivotRecordsLimit = pivotRecordsLimit
  }

  /// Called now and then while the workbook is written, with what is being done ("Matched:
  /// 42% of the rows", "compressing"); from the writing thread. nil: nothing reported.
  public var progress: (@Sendable (String) -> Void)?

  /// Writes the workbook atomically to `path`.
  ///
  /// - Throws: ``TieoutError`` when the file cannot be written; no file is left at `path`.
  public func write(to path: String) throws(TieoutError) {
    try write(staged: StagedFile(for: path)).commit()
  }

  /// Writes the workbook to `staged`'s temporary file, for the caller to commit.
  ///
  /// - Throws: ``TieoutError`` when the file cannot be written; the temporary file is removed.
  public func write(staged: StagedFile) throws(TieoutError) -> StagedFile {
    do {
      try writeUnchecked(to: staged.temporaryPath)
    } catch {
      staged.discard()
      throw TieoutError(.cannotWrite, at: .wholeFile(staged.path), "cannot write the workbook: \(error)")
    }
    return staged
  }

  private func writeUnchecked(to path: String) throws {
    let r = reconciliation
    var book = try Workbook(path: path, options: .init(constantMemory: true))
    let created = Int64(r.asOf.daysSinceEpoch) * 86_400
    try book.setProperties(
      .init(
        title: "Reconciliation \(r.company) \(r.period)", subject: "Month-end reconciliation",
        author: "tieout", company: r.company, comments: "Written by tieout \(version)", created: created))
    try book.setCustomProperty("tieout version", version)
    // What an auditor needs to tie the workbook to its inputs: each file's SHA-256, and a run id
    // derived from them (the same inputs give the same id, and the same workbook).
    var runID: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in (r.sources.flatMap { $0.files.map { "\($0.path)=\($0.sha256)\n" } }.joined() + version).utf8 {
      runID = (runID ^ UInt64(b)) &* 0x100_0000_01b3
    }
    try book.setCustomProperty("run id", String(runID, radix: 16))
    try book.setCustomProperty("period", "\(r.period.start) to \(r.period.end)")
    for src in r.sources {
      for f in src.files { try book.setCustomProperty("sha256 \(src.name) \(f.path)", f.sha256) }
    }
    let styles = try Styles(&book, currency: r.currency, origins: r.store.origins)
    tracker.start(report: progress, total: detailRows)

    let aging = r.aging
    try writeDashboard(&book, styles, aging)
    try book.addWorksheet("Summary") { sheet in try writeSummary(&sheet, styles) }
    if aging.hasInvoices { try writeAging(&book, styles, aging) }
    let pivot = !aging.items.isEmpty && pivotFits(aging)
    let withRecords = aging.items.count <= pivotRecordsLimit
    if pivot {
      try book.addWorksheet(AgingPivot.sheetName) { sheet in try AgingPivot.writeSheet(&sheet, styles, aging, withRecords: withRecords) }
    }
    try writeMatched(&book, styles)
    try writeExceptions(&book, styles)
    if aging.hasInvoices { try writeOpenItems(&book, styles, aging) }
    // Each row's status, by store index: a group number (> 0), an exception number (< 0), or 0.
    var status = [Int32](repeating: 0, count: r.store.count)
    for g in r.match.groups { for i in r.match.members(of: g) { status[Int(i)] = g.number } }
    for x in r.match.exceptions { for i in x.members { status[Int(i)] = -x.number } }
    let kinds = Dictionary(uniqueKeysWithValues: r.match.exceptions.map { ($0.number, $0.kind) })
    for (s, sheet) in zip(r.sources, Self.sheetNames(forSources: r.sources.map(\.name))) {
      try writeSource(&book, styles, sheet: sheet, rows: r.store.indices(ofSource: s.name), status: status, kinds: kinds)
    }
    try writeRejected(&book, styles)
    tracker.say("compressing the workbook")
    try book.close()
    if pivot {
      tracker.say("adding the PivotTable")
      try AgingPivot.table(aging, store: r.store, scale: styles.scale, withRecords: withRecords)
        .add(to: path, modified: Date(timeIntervalSince1970: TimeInterval(created)))
    }
  }

  /// The worksheet names for the sources, in order: "Source bank", with the characters Excel
  /// forbids in a sheet name replaced, cut so that a continuation sheet's " (12)" still fits
  /// Excel's 31 characters, and made unique (Excel compares names ignoring case) by a "~2",
  /// "~3"… when two names cut alike.
  public static func sheetNames(forSources names: [String]) -> [String] {
    let room = 31 - " (99)".count
    var taken = Set<String>()
    return names.map { name in
      let cleaned = String(CellText.clean(name).map { "[]:*?/\\'".contains($0) || $0.isNewline || $0 == "\t" ? "_" : $0 })
      var candidate = String(("Source " + cleaned).prefix(room))
      var k = 2
      while taken.contains(candidate.lowercased()) {
        let suffix = "~\(k)"
        candidate = String(("Source " + cleaned).prefix(room - suffix.count)) + suffix
        k += 1
      }
      taken.insert(candidate.lowercased())
      return candidate
    }
  }

  // MARK: - Styles

  struct Styles {
    let header: Format
    let title: Format
    let bold: Format
    let money: Format
    let moneyBold: Format
    let date: Format
    let integer: Format
    let text: Format
    let good: Format
    let bad: Format
    let percent: Format
    let decimal1: Format
    /// A KPI the month lacks the inputs for.
    let missing: Format
    /// Conditional highlight of a delinquent customer's row.
    let delinquent: Format
    let scale: Double
    /// The report currency's symbol as a number format writes it, for chart axes.
    let symbol: String
    /// Each store origin's currency: its scale and money format, by origin index. A row's
    /// amount is shown in its own currency (a JPY statement beside a USD ledger keeps its yen).
    let originMoney: [(scale: Double, format: Format)]
    /// The same by currency code, for the currencies of the month.
    let currencyMoney: [String: (scale: Double, format: Format)]

    /// The number format of an amount in `currency`: its symbol (or code) and decimals.
    static func moneyFormat(_ currency: Currency) -> (symbol: String, format: String) {
      let digits = currency.minorDigits
      let decimals = digits == 0 ? "" : "." + String(repeating: "0", count: digits)
      let symbol: String
      switch currency.code {
      case "USD": symbol = "\"$\""
      case "EUR": symbol = "\"€\""
      case "GBP": symbol = "\"£\""
      case "JPY": symbol = "\"¥\""
      default: symbol = "\"\(currency.code) \""
      }
      return (symbol, "\(symbol)#,##0\(decimals);[Red]-\(symbol)#,##0\(decimals)")
    }

    init(_ book: inout Workbook, currency: Currency, origins: [EntryStore.Origin]) throws {
      let (symbol, moneyFormat) = Self.moneyFormat(currency)
      self.symbol = symbol
      header = try book.format(CellStyle(bold: true, fontColor: 0xFFFFFF, fill: 0x1F4E78, wrap: true))
      title = try book.format(CellStyle(bold: true, fontSize: 16))
      bold = try book.format(CellStyle(bold: true))
      money = try book.format(CellStyle(numberFormat: moneyFormat))
      moneyBold = try book.format(CellStyle(numberFormat: moneyFormat, bold: true))
      date = try book.format(CellStyle(numberFormat: "yyyy-mm-dd", alignment: .left))
      integer = try book.format(CellStyle(numberFormat: "#,##0"))
      text = try book.format(CellStyle(numberFormat: "@"))
      good = try book.format(CellStyle(bold: true, fontColor: 0x006100, fill: 0xC6EFCE))
      bad = try book.format(CellStyle(bold: true, fontColor: 0x9C0006, fill: 0xFFC7CE))
      percent = try book.format(CellStyle(numberFormat: "0.0%"))
      decimal1 = try book.format(CellStyle(numberFormat: "0.0"))
      missing = try book.format(CellStyle(italic: true, fontColor: 0x9C0006))
      delinquent = try book.format(CellStyle(fontColor: 0x9C0006, fill: 0xFFC7CE))
      scale = Double(currency.scale)
      var byCode: [String: (scale: Double, format: Format)] = [:]
      for c in [currency] + origins.map(\.currency) where byCode[c.code] == nil {
        byCode[c.code] = (Double(c.scale), try book.format(CellStyle(numberFormat: Self.moneyFormat(c).format)))
      }
      currencyMoney = byCode
      let reportMoney = (scale: Double(currency.scale), format: money)
      originMoney = origins.map { byCode[$0.currency.code] ?? reportMoney }
    }

    /// An amount of `currency` as Excel's number, with its format.
    func money(_ minor: Int64, in currency: Currency) -> (value: Double, format: Format) {
      let m = currencyMoney[currency.code] ?? (scale, money)
      return (Double(minor) / m.scale, m.format)
    }

    /// `minor` in the report's currency, as Excel's number.
    func amount(_ minor: Int64) -> Double { Double(minor) / scale }
  }

  // MARK: - Sheets

  /// A printed page's header: the company on the left, `title` in the middle (Excel's `&` codes,
  /// with literal ampersands doubled).
  func pageHeader(_ title: String) -> String {
    "&L" + reconciliation.company.replacingOccurrences(of: "&", with: "&&") + "&C" + title.replacingOccurrences(of: "&", with: "&&")
  }

  /// A printed page's footer: who wrote it and the page number.
  var pageFooter: String { "&LWritten by tieout&RPage &P of &N" }

  func headerRow(_ sheet: inout Worksheet, _ s: Styles, row: Int, _ titles: [(String, Double)]) throws {
    for (c, (t, w)) in titles.enumerated() {
      try sheet.setColumns(c, c, width: w)
      try sheet.write(string: t, row: row, column: c, format: s.header)
    }
  }

  /// A detail table: a header row with widths, frozen and filtered, then one row per element of
  /// `rows`. Past ``rowsPerSheet`` rows it continues on "Name (2)", "Name (3)", … with the same
  /// header, so a month larger than Excel's 1,048,576 rows is still written whole.
  ///
  /// `write` fills a row's cells into a batch on a second thread while this one hands the
  /// previous batch to libxlsxwriter: building the rows (reading the store, making the texts)
  /// was a fifth of writing a 1M-row month's workbook, and now runs beside it (make bench).
  /// `write` must only read what it shares with the rest of the workbook.
  func table<S: Sequence>(
    _ book: inout Workbook, _ name: String, _ s: Styles, _ columns: [(String, Double)], rows: S,
    _ write: (inout CellBatch, Int, S.Element) -> Void
  ) throws {
    let perSheet = rowsPerSheet
    try pipelined(depth: 3) { (yield: (TablePart) -> Bool) in
      var batch = CellBatch()
      var part = 1, row = 1
      for item in rows {
        if row > perSheet {
          guard yield(TablePart(number: part, cells: batch, lastRow: row - 1)) else { return }
          batch = CellBatch()
          part += 1
          row = 1
        }
        write(&batch, row, item)
        row += 1
        if batch.count >= Self.cellsPerBatch {
          guard yield(TablePart(number: part, cells: batch, lastRow: row - 1)) else { return }
          batch = CellBatch()
        }
      }
      if !batch.isEmpty { _ = yield(TablePart(number: part, cells: batch, lastRow: row - 1)) }
    } consume: { take in
      var pending = take()
      var part = 1
      repeat {
        let sheetName = part == 1 ? name : "\(name) (\(part))"
        try book.addWorksheet(sheetName) { sheet in
          try sheet.setPrintLayout(landscape: true, fitToWidth: true, header: pageHeader("\(sheetName) \(reconciliation.period)"), footer: pageFooter)
          try headerRow(&sheet, s, row: 0, columns)
          sheet.freezePanes(row: 1, column: 0)
          var lastRow = 0
          while let p = pending, p.number == part {
            try sheet.write(p.cells)
            tracker.wrote(p.lastRow - lastRow, in: sheetName)
            lastRow = p.lastRow
            pending = take()
          }
          try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: lastRow, lastColumn: columns.count - 1)
        }
        part += 1
      } while pending != nil
    }
  }

  /// Cells handed to libxlsxwriter at a time: large enough that the hand-over costs nothing,
  /// small enough that the two threads stay busy together.
  static let cellsPerBatch = 16_384

  private func writeSummary(_ sheet: inout Worksheet, _ s: Styles) throws {
    let r = reconciliation
    try sheet.setPrintLayout(
      landscape: true, fitToWidth: true, header: pageHeader("Reconciliation \(r.period)"),
      footer: pageFooter)
    try sheet.setColumns(0, 0, width: 34)
    try sheet.setColumns(1, 1, width: 16)
    try sheet.setColumns(2, 2, width: 30)
    try sheet.setColumns(3, 7, width: 16)
    var row = 0
    try sheet.write(string: "Reconciliation — \(r.company)", row: row, column: 0, format: s.title)
    row += 1
    try sheet.write(string: "Period \(r.period.start) to \(r.period.end); as of \(r.asOf)", row: row, column: 0)
    row += 2

    // Status line first: what a manager needs at a glance.
    let unreconciled = r.unreconciledAmount
    let open = r.match.exceptions.count
    try sheet.write(string: "Unreconciled amount", row: row, column: 0, format: s.bold)
    try sheet.write(number: s.amount(unreconciled), row: row, column: 1, format: s.moneyBold)
    try sheet.write(
      string: open == 0 ? "Reconciled: every line matched" : "\(open) exception\(open == 1 ? "" : "s") to review",
      row: row, column: 2, format: open == 0 ? s.good : s.bad)
    row += 2

    try headerRow(&sheet, s, row: row, [("Source", 34), ("Kind", 16), ("Files", 30), ("Rows read", 16), ("Entries", 16), ("Rejected", 16), ("Ignored", 16), ("Control total", 16)])
    row += 1
    for src in r.sources {
      let rej = r.rejected.filter { $0.source == src.name }
      try sheet.write(string: src.name, row: row, column: 0)
      try sheet.write(string: src.kind.title, row: row, column: 1)
      try sheet.write(string: src.files.map(\.path).joined(separator: ", "), row: row, column: 2)
      try sheet.write(number: Double(src.rows), row: row, column: 3, format: s.integer)
      try sheet.write(number: Double(src.entries), row: row, column: 4, format: s.integer)
      try sheet.write(number: Double(rej.count { $0.disposition == .error }), row: row, column: 5, format: s.integer)
      try sheet.write(number: Double(rej.count { $0.disposition == .ignored }), row: row, column: 6, format: s.integer)
      let total = s.money(src.total, in: src.currency)
      try sheet.write(number: total.value, row: row, column: 7, format: total.format)
      row += 1
    }
    row += 1

    try headerRow(&sheet, s, row: row, [("Outcome", 34), ("Count", 16), ("", 30), ("Amount", 16)])
    row += 1
    try sheet.write(string: "Matched groups", row: row, column: 0)
    try sheet.write(number: Double(r.match.groups.count), row: row, column: 1, format: s.integer)
    try sheet.write(
      string: MatchStatus.allCases.map { "\(r.groupCount($0)) \($0.name)" }.joined(separator: ", "), row: row, column: 2)
    try sheet.write(number: s.amount(r.matchedAmount), row: row, column: 3, format: s.money)
    try sheet.write(string: "bank side", row: row, column: 4)
    row += 1
    let fees = r.match.groups.reduce(Int64(0)) { $0 + r.match.reconcilingAmount(of: $1) }
    if fees != 0 {
      try sheet.write(string: "Reconciling items inside groups", row: row, column: 0)
      try sheet.write(string: "processor fees, tolerances", row: row, column: 2)
      try sheet.write(number: s.amount(fees), row: row, column: 3, format: s.money)
      row += 1
    }
    for (kind, count, amount) in r.exceptionsByKind {
      try sheet.write(string: "Exceptions — \(kind.title)", row: row, column: 0)
      try sheet.write(number: Double(count), row: row, column: 1, format: s.integer)
      try sheet.write(number: s.amount(amount), row: row, column: 3, format: s.money)
      row += 1
    }
    if !r.match.unpaired.isEmpty {
      try sheet.write(string: "Rows listed, not matched", row: row, column: 0)
      try sheet.write(number: Double(r.match.unpaired.count), row: row, column: 1, format: s.integer)
      try sheet.write(string: "open invoices, and rows of sources no rule pairs", row: row, column: 2)
      row += 1
    }
    try sheet.write(string: "Rejected rows (errors)", row: row, column: 0)
    try sheet.write(number: Double(r.rejectedErrors), row: row, column: 1, format: s.integer)
    row += 2
    try sheet.write(string: "Settings", row: row, column: 0, format: s.bold)
    row += 1
    try sheet.write(string: "Date window (days)", row: row, column: 0)
    try sheet.write(number: Double(r.settings.windowDays), row: row, column: 1, format: s.integer)
    row += 1
    for (k, rule) in r.match.rules.enumerated() {
      try sheet.write(string: "Rule \(k + 1)", row: row, column: 0)
      try sheet.write(string: rule.summary, row: row, column: 1)
      row += 1
    }
    try sheet.write(string: "Business days", row: row, column: 0)
    try sheet.write(string: r.settings.calendar.summary, row: row, column: 1)
    row += 1
    if !r.match.decisions.isEmpty {
      try sheet.write(string: "Manual decisions", row: row, column: 0)
      try sheet.write(string: "\(r.match.decisions.count), applied before the rules", row: row, column: 1)
      row += 1
    }
    for note in r.match.notes {
      try sheet.write(string: "Note", row: row, column: 0, format: s.bad)
      try sheet.write(string: note, row: row, column: 1)
      row += 1
    }
    try sheet.write(string: "Nothing-lost check", row: row, column: 0)
    try sheet.write(string: "passed: every row is matched, an exception, listed or rejected", row: row, column: 1)
    row += 2
    // The input files' own controls: an auditor's first question about a bank file.
    try sheet.write(string: "Input file checks", row: row, column: 0, format: s.bold)
    row += 1
    if r.checks.isEmpty {
      try sheet.write(
        string: "none failed (statement balances, trailer totals, 835 balancing, where the files state them)",
        row: row, column: 0, format: s.good)
    }
    for c in r.checks {
      try sheet.write(string: c.location?.description ?? "", row: row, column: 0, format: s.bad)
      try sheet.write(string: c.message, row: row, column: 1)
      row += 1
    }
  }

  private func writeMatched(_ book: inout Workbook, _ s: Styles) throws {
    let cols: [(String, Double)] = [
      ("Group", 9), ("Rule", 14), ("Source", 10), ("File:line", 24), ("Date", 12), ("Amount", 15),
      ("Reference", 14), ("Counterparty", 24), ("Description", 40), ("Status", 11), ("Score", 7), ("Explanation", 60),
    ]
    let r = reconciliation
    let rows = r.match.groups.lazy.flatMap { g in r.match.members(of: g).enumerated().lazy.map { (g, $0.offset, Int($0.element)) } }
    try table(&book, "Matched", s, cols, rows: rows) { cells, row, item in
      let (g, k, i) = item
      cells.string(g.id, row: row, column: 0)
      cells.string(r.match.ruleName(of: g), row: row, column: 1)
      entryCells(&cells, s, i, row: row, from: 2, Self.entryColumns)
      if k == 0 {
        cells.string(g.status.name, row: row, column: 9, format: g.status == .suggested ? s.bad : nil)
        cells.number(Double(g.score), row: row, column: 10, format: s.integer)
        cells.string(r.match.explanation(of: g, r.store), row: row, column: 11)
      }
    }
  }

  /// What a detail sheet shows of a store row, one column each.
  enum EntryColumn { case source, location, date, amount, reference, counterparty, description, account }

  /// Store row `i`'s `columns` from sheet column `c` on, read from the store in place: its text
  /// fields go to the cells as bytes, with no `Entry` or `String` made for them.
  func entryCells(_ cells: inout CellBatch, _ s: Styles, _ i: Int, row: Int, from c: Int, _ columns: [EntryColumn]) {
    let store = reconciliation.store
    for (k, column) in columns.enumerated() {
      let at = c + k
      switch column {
      case .source: cells.string(store.originOf(i).source, row: row, column: at)
      case .location: cells.string(store.originOf(i).file + ":", store.line(i), row: row, column: at)
      case .date: cells.number(Double(store.date(i).excelSerial), row: row, column: at, format: s.date)
      case .amount:
        let money = s.originMoney[store.originIndex(i)]
        cells.number(Double(store.amount(i)) / money.scale, row: row, column: at, format: money.format)
      case .reference: store.withFieldBytes(i, 0) { cells.string(utf8: $0, row: row, column: at) }
      case .counterparty: store.withFieldBytes(i, 1) { cells.string(utf8: $0, row: row, column: at) }
      case .description: store.withFieldBytes(i, 2) { cells.string(utf8: $0, row: row, column: at) }
      case .account: store.withFieldBytes(i, 3) { cells.string(utf8: $0, row: row, column: at) }
      }
    }
  }

  /// Source, file:line, date, amount, reference, counterparty, description: Matched and Exceptions.
  static let entryColumns: [EntryColumn] = [.source, .location, .date, .amount, .reference, .counterparty, .description]

  private func writeExceptions(_ book: inout Workbook, _ s: Styles) throws {
    let cols: [(String, Double)] = [
      ("Exception", 10), ("Kind", 18), ("Source", 10), ("File:line", 24), ("Date", 12), ("Amount", 15),
      ("Reference", 14), ("Counterparty", 24), ("Description", 40), ("Difference (bank − GL)", 15), ("Explanation", 60),
    ]
    let r = reconciliation
    let rows = r.match.exceptions.lazy.flatMap { x in x.members.enumerated().lazy.map { (x, $0.offset, Int($0.element)) } }
    try table(&book, "Exceptions", s, cols, rows: rows) { cells, row, item in
      let (x, k, i) = item
      cells.string(x.id, row: row, column: 0)
      cells.string(x.kind.title, row: row, column: 1)
      entryCells(&cells, s, i, row: row, from: 2, Self.entryColumns)
      if k == 0 {
        // In the exception's rows' currency, as their amounts are.
        let money = s.originMoney[r.store.originIndex(i)]
        cells.number(Double(x.difference) / money.scale, row: row, column: 9, format: money.format)
        cells.string(r.match.explanation(of: x, r.store, windowDays: r.settings.windowDays), row: row, column: 10)
      }
    }
  }

  private func writeSource(
    _ book: inout Workbook, _ s: Styles, sheet: String, rows: some Sequence<Int>, status: [Int32],
    kinds: [Int32: ExceptionKind]
  ) throws {
    let cols: [(String, Double)] = [
      ("File:line", 24), ("Date", 12), ("Amount", 15), ("Reference", 14), ("Counterparty", 24),
      ("Description", 40), ("Account", 16), ("Status", 22),
    ]
    try table(&book, sheet, s, cols, rows: rows) { cells, row, i in
      entryCells(&cells, s, i, row: row, from: 0, [.location, .date, .amount, .reference, .counterparty, .description, .account])
      let st = status[i]
      if st > 0 {
        cells.string("matched G", Int(st), row: row, column: 7)
      } else if st < 0 {
        cells.string("\(kinds[-st]?.title ?? "exception") E", Int(-st), row: row, column: 7)
      } else {
        cells.string("listed, not matched", row: row, column: 7)
      }
    }
  }

  private func writeRejected(_ book: inout Workbook, _ s: Styles) throws {
    let cols: [(String, Double)] = [("Source", 10), ("File:line:column", 26), ("Disposition", 12), ("Reason", 70), ("Row as read", 60)]
    try table(&book, "Rejected", s, cols, rows: reconciliation.rejected) { cells, row, rj in
      cells.string(rj.source, row: row, column: 0)
      cells.string(rj.location.description, row: row, column: 1)
      cells.string(rj.disposition.rawValue, row: row, column: 2)
      cells.string(rj.reason, row: row, column: 3)
      cells.string(rj.text, row: row, column: 4)
    }
  }
}

/// Rows of one sheet of a table ("Matched", "Matched (2)"…) as cells, up to `lastRow`.
private struct TablePart: Sendable {
  let number: Int
  let cells: CellBatch
  let lastRow: Int
}

/// What the workbook writer reports as it goes: the share of detail rows written, and the sheet.
/// Used by the writing thread only; at most a few reports a second.
final class ProgressTracker: @unchecked Sendable {
  private var report: (@Sendable (String) -> Void)?
  private var total = 0
  private var done = 0
  private var last = Date.distantPast

  func start(report: (@Sendable (String) -> Void)?, total: Int) {
    self.report = report
    self.total = max(total, 1)
    done = 0
    last = .distantPast
  }

  func wrote(_ rows: Int, in sheet: String) {
    done += rows
    guard let report, Date().timeIntervalSince(last) >= 0.25 else { return }
    last = Date()
    report("\(sheet): \(min(100, done * 100 / total))% of the rows")
  }

  func say(_ what: String) { report?(what) }
}
