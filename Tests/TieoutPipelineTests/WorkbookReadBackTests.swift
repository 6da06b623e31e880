import Foundation
import Synchronization
import Testing
import TieoutPipeline
import TieoutTestSupport
import TieoutWorkbook

/// The workbook as another program reads it (openpyxl), under a German locale too.
@Suite(.enabled(if: WorkbookReader.available || TestPaths.isCI, "needs python3 with openpyxl"))
struct WorkbookReadBackTests {
  static let example = TestPaths.examples + "/month-end"

  func write(_ dir: TemporaryDirectory, environment: [String: String] = [:]) throws -> [String: Any] {
    var env = ["TIEOUT_TEMPLATES": TestPaths.templates]
    env.merge(environment) { _, new in new }
    let out = try runProcess(TestPaths.tieoutBinary, ["run", Self.example, "--out", dir.file("r.xlsx"), "--quiet"], environment: env)
    #expect(out.status == 0, "\(out.stderr)")
    return try WorkbookReader.read(dir.file("r.xlsx"))
  }

  func sheet(_ book: [String: Any], _ name: String) throws -> [String: Any] {
    try #require((book["sheets"] as? [String: Any])?[name] as? [String: Any], "no sheet \(name)")
  }

  /// Descriptions holding U+FFFE, C0 controls and more than a cell's worth of text: the workbook
  /// still opens (openpyxl refuses a package with one character XML does not allow), every row is
  /// there, and the long text is cut with its mark.
  @Test func hostileTextStillOpens() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month")
    try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
    _ = try dir.write(
      "month/tieout.yaml",
      "period: 2026-10\nsources:\n  - { name: bank, kind: bank, template: bank-generic, files: [bank.csv] }\n  - { name: gl, kind: ledger, template: gl-journal-lines, files: [gl.csv] }\n")
    var bank = "Date,Amount,Reference,Description\n"
    var nonchar = String.UnicodeScalarView()
    nonchar.append(Unicode.Scalar(0xFFFE)!)
    nonchar.append(Unicode.Scalar(0xFFFF)!)
    for k in 1...200 { bank += "2026-10-\(k % 28 + 1),\(k).00,R\(k),deposit \(String(nonchar)) \u{1} no \(k)\n" }
    bank += "2026-10-30,7.00,R201,\"" + String(repeating: "long ", count: 8_000) + "\"\n"
    _ = try dir.write("month/bank.csv", bank)
    _ = try dir.write("month/gl.csv", "Date,Journal,Account,Account Name,Reference,Memo,Debit,Credit\n2026-10-01,JE-1,1010,Cash,R1,x,1.00,\n")
    let out = try runProcess(TestPaths.tieoutBinary, ["run", month, "--out", dir.file("r.xlsx")], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stderr.contains("bank.csv:202:4: warning: column \"Description\" holds 39999 characters"))
    let rows = try #require(try sheet(try WorkbookReader.read(dir.file("r.xlsx")), "Source bank")["rows"] as? [[Any]])
    #expect(rows.count == 202)
    let seventeen = rows.first { ($0[0] as? String) == "bank.csv:18" }
    #expect(seventeen?[5] as? String == "deposit   no 17", "\(String(describing: seventeen))")
    #expect(rows.contains { ($0[5] as? String)?.hasSuffix("…[cut to fit a cell]") == true })
  }

  /// Each row's amount is shown in its own currency: a yen statement beside a dollar ledger keeps
  /// its yen (it was divided by 100 as if it were cents), with the yen's format.
  @Test func eachAmountInItsOwnCurrency() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month")
    try FileManager.default.createDirectory(atPath: month + "/templates", withIntermediateDirectories: true)
    _ = try dir.write(
      "month/tieout.yaml",
      "period: 2026-10\nsources:\n  - { name: bank, kind: bank, template: bank-jpy, files: [bank.csv] }\n  - { name: gl, kind: ledger, template: gl-journal-lines, files: [gl.csv] }\n")
    _ = try dir.write(
      "month/templates/bank-jpy.yaml", "columns: { date: Date, amount: Amount, reference: Reference, description: Description }\namounts: { currency: JPY }\n")
    _ = try dir.write("month/bank.csv", "Date,Amount,Reference,Description\n2026-10-01,\"15,000\",R1,deposit\n")
    _ = try dir.write("month/gl.csv", "Date,Journal,Account,Account Name,Reference,Memo,Debit,Credit\n2026-10-01,JE-1,1010,Cash,R2,x,12.50,\n")
    let out = try runProcess(TestPaths.tieoutBinary, ["run", month, "--out", dir.file("r.xlsx"), "--quiet"], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0, "\(out.stderr)")
    let book = try WorkbookReader.read(dir.file("r.xlsx"))
    let bank = try #require(try sheet(book, "Source bank")["rows"] as? [[Any]])
    let gl = try #require(try sheet(book, "Source gl")["rows"] as? [[Any]])
    #expect((bank[1][2] as? NSNumber)?.doubleValue == 15_000)
    #expect((gl[1][2] as? NSNumber)?.doubleValue == 12.5)
    let formats = try #require(try sheet(book, "Source bank")["formats"] as? [[String]])
    #expect(formats[1][2] == "\"¥\"#,##0;[Red]-\"¥\"#,##0", "\(formats[1][2])")
    // What still adds across currencies is said, on stderr and on the Summary sheet.
    #expect(out.stderr.contains(
      "warning: the month holds amounts in JPY and USD: gl is in USD; each row shows its own currency and the KPIs count JPY rows only, but the Summary's totals and unreconciled amount add them as JPY"), "\(out.stderr)")
    // The money KPIs read the reporting currency's rows and say which they leave out: the
    // unreconciled amount is the yen deposit alone, not yen less dollars.
    let dashboard = try #require(try sheet(book, "Dashboard")["rows"] as? [[Any]])
    let unreconciled = try #require(dashboard.first { ($0.first as? String) == "Unreconciled amount" })
    #expect((unreconciled[1] as? NSNumber)?.doubleValue == 15_000, "\(unreconciled)")
    #expect((unreconciled[3] as? String)?.hasSuffix("; JPY rows only, leaving out 1 USD row") == true, "\(unreconciled)")
    let summary = try #require(try sheet(book, "Summary")["rows"] as? [[Any]])
    let sources = summary.filter { ($0.first as? String) == "bank" || ($0.first as? String) == "gl" }
    #expect(sources.map { ($0[7] as? NSNumber)?.doubleValue } == [15_000, 12.5])
  }

  @Test func sheetsLayoutAndTypes() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let book = try write(dir)
    #expect(book["order"] as? [String] == ["Dashboard", "Summary", "Aging", "Aging Pivot", "Matched", "Exceptions", "Open Items", "Source bank", "Source gl", "Source receipts", "Source invoices", "Source disputes", "Rejected"])

    let matched = try sheet(book, "Matched")
    #expect(matched["freeze"] as? String == "A2")
    #expect(matched["autofilter"] as? String == "A1:L995")
    let rows = try #require(matched["rows"] as? [[Any]])
    #expect(rows[0].compactMap { $0 as? String }.prefix(6) == ["Group", "Rule", "Source", "File:line", "Date", "Amount"])
    #expect(rows.count == 1 + 994)  // every member of the 321 groups
    #expect(rows[0].compactMap { $0 as? String }.suffix(3) == ["Status", "Score", "Explanation"])
    let types = try #require(matched["types"] as? [[String]])
    let formats = try #require(matched["formats"] as? [[String]])
    #expect(types[1][4] == "d" || types[1][4] == "n")  // a date serial with a date format
    #expect(formats[1][4] == "yyyy-mm-dd")
    #expect(types[1][5] == "n")
    #expect(formats[1][5].contains("#,##0.00"))
    #expect(types[1][3] == "s")

    // Money comes back to the cent: the exceptions' differences.
    let exceptions = try #require(try sheet(book, "Exceptions")["rows"] as? [[Any]])
    let differences = exceptions.dropFirst().compactMap { $0[9] as? Double }
    #expect(differences == [9, 0, -497.34, 0, -35, -4187.6, 2875.15, 642.5])

    // A memo that starts with "=" stays text.
    let gl = try #require(try sheet(book, "Source gl")["rows"] as? [[Any]])
    let memos = gl.compactMap { $0[5] as? String }.filter { $0.hasPrefix("=") }
    #expect(!memos.isEmpty)
    let glTypes = try #require(try sheet(book, "Source gl")["types"] as? [[String]])
    for (i, row) in gl.enumerated() where (row[5] as? String)?.hasPrefix("=") == true { #expect(glTypes[i][5] == "s") }

    let summary = try #require(try sheet(book, "Summary")["rows"] as? [[Any]])
    #expect(summary[3][0] as? String == "Unreconciled amount")
    #expect(summary[3][1] as? Double == -1193.29)
    // Aging: live formulas over Open Items, delinquent customers highlighted.
    let aging = try sheet(book, "Aging")
    let agingRows = try #require(aging["rows"] as? [[Any]])
    #expect(agingRows[3].compactMap { $0 as? String } == ["Customer", "Current", "1–30", "31–60", "61–90", "90+", "Total", "% of total"])
    #expect((agingRows[4][1] as? String)?.hasPrefix("=SUMIFS('Open Items'!$H$2:$H$") == true)
    #expect(agingRows[4][6] as? String == "=SUM(B5:F5)")
    let conditional = try #require(aging["conditional"] as? [String])
    #expect(conditional.contains { $0.contains("A5:H") })
    // The dashboard: KPI tiles, and native charts over the Aging sheet and its chart data.
    let dashboard = try #require(try sheet(book, "Dashboard")["rows"] as? [[Any]])
    #expect(dashboard[3].compactMap { $0 as? String } == ["KPI", "Value", "What it means", "How it is computed"])
    let tiles = Dictionary(dashboard.dropFirst(4).prefix(11).compactMap { row in (row[0] as? String).map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    #expect(tiles["Unreconciled amount"]?[1] as? Double == -1193.29)
    #expect(tiles["Exceptions to review"]?[1] as? Double == 8)
    #expect((tiles["Exceptions to review"]?[2] as? String)?.hasSuffix("1 deposit in transit, 2 outstanding checks") == true)
    #expect(tiles["Denial rate"]?[1] as? String == "—")
    #expect((tiles["Denial rate"]?[2] as? String)?.contains("Needs: 835 remittances") == true)
    let charts = try #require(book["charts"] as? [[String: Any]])
    #expect(charts.map { $0["title"] as? String ?? "" } == [
      "Open AR by age", "Top 10 customers by balance", "Rows by match status", "Daily cash in and out (bank)",
      "Bank vs GL: cumulative net movement",
    ])
    #expect(charts.map { ($0["types"] as? [String])?.first ?? "" } == ["barChart", "barChart", "doughnutChart", "barChart", "lineChart"])
    #expect((charts[0]["ranges"] as? [String])?.contains("Aging!$B$4:$F$4") == true)
    // A native PivotTable of Open Items: customers (field 0) × bucket (field 9), sum of Open (7).
    let pivots = try #require(book["pivots"] as? [[String: Any]])
    #expect(pivots.count == 1)
    #expect(pivots.first?["sheet"] as? String == "Aging Pivot" && pivots.first?["source"] as? String == "Open Items")
    #expect(pivots.first?["refreshOnLoad"] as? Bool == true && pivots.first?["records"] as? Int == 61)  // 60 unpaid, 1 partly paid
    #expect(pivots.first?["rows"] as? [Int] == [0] && pivots.first?["cols"] as? [Int] == [9] && pivots.first?["data"] as? [Int] == [7])
    let custom = try #require(book["custom"] as? [String: Any])
    #expect((custom["sha256 bank bank.csv"] as? String)?.count == 64)
    #expect(custom["run id"] is String)
    let props = try #require(book["properties"] as? [String: Any])
    #expect((props["title"] as? String)?.contains("Northwind") == true)
    #expect((props["created"] as? String)?.hasPrefix("2026-10-31") == true)
  }

  /// A large month takes a minute to write: the writer says how far it is.
  @Test func writingReportsProgress() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let outcome = try await Pipeline.run(RunOptions(configPath: Self.example + "/tieout.yaml", catalog: TemplateCatalog(directories: [TestPaths.templates])))
    let said = Mutex<[String]>([])
    var workbook = ReconciliationWorkbook(outcome.reconciliation)
    workbook.progress = { what in said.withLock { $0.append(what) } }
    try workbook.write(to: dir.file("p.xlsx"))
    let messages = said.withLock { $0 }
    #expect(messages.first?.hasPrefix("Matched: ") == true && messages.first?.hasSuffix("% of the rows") == true, "\(messages)")
    #expect(messages.suffix(2) == ["compressing the workbook", "adding the PivotTable"])
  }

  /// A detail sheet longer than Excel's row limit continues on "Name (2)" with the same header.
  @Test func longSheetsContinueOnTheNextSheet() async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let outcome = try await Pipeline.run(RunOptions(configPath: Self.example + "/tieout.yaml", catalog: TemplateCatalog(directories: [TestPaths.templates])))
    try ReconciliationWorkbook(outcome.reconciliation, rowsPerSheet: 100).write(to: dir.file("small.xlsx"))
    let book = try WorkbookReader.read(dir.file("small.xlsx"))
    let order = try #require(book["order"] as? [String])
    let matched = order.filter { $0.hasPrefix("Matched") }
    #expect(matched == ["Matched"] + (2...10).map { "Matched (\($0))" })
    var total = 0
    for name in matched {
      let rows = try #require(try sheet(book, name)["rows"] as? [[Any]])
      #expect(rows[0].first as? String == "Group")
      #expect(rows.count <= 101)
      total += rows.count - 1
    }
    #expect(total == 994)
    #expect(order.contains("Source bank (4)"))
    #expect(!order.contains("Source bank (5)"))
  }

  /// Under a German locale the numbers are the same: 1.01 is never written "1,01".
  @Test func germanLocaleGivesTheSameNumbers() throws {
    let de = try TemporaryDirectory(), c = try TemporaryDirectory()
    defer { de.remove(); c.remove() }
    let german = try write(de, environment: ["LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"])
    let plain = try write(c, environment: ["LC_ALL": "C"])
    for name in ["Summary", "Exceptions", "Source bank"] {
      let a = try #require(try sheet(german, name)["rows"] as? [[Any]])
      let b = try #require(try sheet(plain, name)["rows"] as? [[Any]])
      #expect(String(describing: a) == String(describing: b), "sheet \(name)")
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: de.file("r.xlsx"))) == Data(contentsOf: URL(fileURLWithPath: c.file("r.xlsx"))))
  }
}
