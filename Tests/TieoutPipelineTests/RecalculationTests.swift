import Foundation
import Testing
import TieoutCore
import TieoutPipeline
import TieoutReports
import TieoutTestSupport
import TieoutWorkbook

/// What a manager sees after Excel (here LibreOffice) recalculates is what tieout computed: every
/// formula's cached value equals the recalculated one.
@Suite struct RecalculationTests {
  static let recalc = TestPaths.packageRoot + "/../shared/tools/xlsx-recalc"
  static var available: Bool {
    FileManager.default.isExecutableFile(atPath: recalc)
      && (try? runProcess("/bin/sh", ["-c", "command -v soffice"]).status) == 0
  }

  /// A CSV line's fields (LibreOffice quotes fields with commas).
  static func fields(_ line: Substring) -> [String] {
    var out: [String] = [], field = "", quoted = false
    for ch in line {
      if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(field); field = "" } else { field.append(ch) }
    }
    out.append(field)
    return out
  }

  @Test func agingFormulasRecalculateToTieoutsValues() async throws {
    guard Self.available else {
      #expect(!TestPaths.isCI, "LibreOffice (soffice) must be installed in CI: .ci/run installs libreoffice-calc-nogui")
      return
    }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let outcome = try await Pipeline.run(
      RunOptions(configPath: TestPaths.examples + "/month-end/tieout.yaml", workbookPath: dir.file("m.xlsx"), catalog: catalog))
    let out = try runProcess(Self.recalc, [dir.file("m.xlsx"), dir.file("csv")])
    #expect(out.status == 0, "\(out.stderr)")
    let aging = outcome.reconciliation.aging
    #expect(!aging.customers.isEmpty)

    let text = try String(contentsOfFile: dir.file("csv/m-Aging.csv"), encoding: .utf8)
    let rows = text.split(separator: "\n").map(Self.fields)
    let header = try #require(rows.firstIndex { $0.first == "Customer" })
    #expect(Array(rows[header].dropFirst().prefix(aging.labels.count)) == aging.labels)
    func cents(_ s: String) -> Int64? { Money.parseMinor(s, digits: 2) }
    for (k, c) in aging.customers.enumerated() {
      let row = rows[header + 1 + k]
      #expect(row[0] == c.name)
      for b in 0..<aging.labels.count { #expect(cents(row[b + 1]) == c.buckets[b], "\(c.name) \(aging.labels[b])") }
      #expect(cents(row[aging.labels.count + 1]) == c.total, "\(c.name) total")
      let share = Double(row[aging.labels.count + 2].dropLast()) ?? -1  // "8.34%"
      #expect(abs(share / 100 - Double(c.total) / Double(aging.total)) < 1e-9)
    }
    let totals = rows[header + 1 + aging.customers.count]
    #expect(totals[0] == "Total")
    for b in 0..<aging.labels.count { #expect(cents(totals[b + 1]) == aging.bucketTotals[b]) }
    #expect(cents(totals[aging.labels.count + 1]) == aging.total)

    try Self.expectPivotRebuilt(dir.file("csv/m-Aging Pivot.csv"), aging)

    // Open Items: the Open column (=Amount-Paid) after recalculation.
    let items = try String(contentsOfFile: dir.file("csv/m-Open Items.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map(Self.fields)
    #expect(items.count == aging.items.count)
    for (row, it) in zip(items, aging.items) { #expect(cents(row[7]) == it.open, "\(it.invoice)") }
  }

  /// The PivotTable, as LibreOffice rebuilds it from Open Items when it opens the file ("Total
  /// Result" is LibreOffice's own label: the cells are its, not tieout's).
  static func expectPivotRebuilt(_ csv: String, _ aging: AgingReport) throws {
    let pivot = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(Self.fields)
    let grand = try #require(pivot.last)
    #expect(grand.first == "Total Result", "LibreOffice did not rebuild the pivot table: \(grand)")
    #expect(Money.parseMinor(grand.last ?? "", digits: 2) == aging.total)
    for c in aging.customers {
      let row = pivot.first { $0.first == c.name }
      #expect(Money.parseMinor(row?.last ?? "", digits: 2) == c.total, "\(c.name)")
    }
  }

  /// A large month's pivot cache carries no records (they would double the file): it is built
  /// from Open Items when the file opens, with the same totals.
  @Test func aPivotWithoutStoredRecordsIsRebuiltWithTheSameTotals() async throws {
    guard Self.available else {
      #expect(!TestPaths.isCI, "LibreOffice (soffice) must be installed in CI: .ci/run installs libreoffice-calc-nogui")
      return
    }
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let outcome = try await Pipeline.run(RunOptions(configPath: TestPaths.examples + "/month-end/tieout.yaml", catalog: catalog))
    let aging = outcome.reconciliation.aging
    #expect(aging.items.count > 10)
    try ReconciliationWorkbook(outcome.reconciliation, pivotRecordsLimit: 10).write(to: dir.file("m.xlsx"))
    let parts = try runProcess("/usr/bin/unzip", ["-Z1", dir.file("m.xlsx")]).stdout.split(separator: "\n")
    #expect(parts.contains("xl/pivotCache/pivotCacheDefinition1.xml") && !parts.contains("xl/pivotCache/pivotCacheRecords1.xml"))
    let definition = try runProcess("/usr/bin/unzip", ["-p", dir.file("m.xlsx"), "xl/pivotCache/pivotCacheDefinition1.xml"]).stdout
    #expect(definition.contains("saveData=\"0\"") && definition.contains("refreshOnLoad=\"1\""))
    let out = try runProcess(Self.recalc, [dir.file("m.xlsx"), dir.file("csv")])
    #expect(out.status == 0, "\(out.stderr)")
    try Self.expectPivotRebuilt(dir.file("csv/m-Aging Pivot.csv"), aging)
    // openpyxl reads it as a pivot on Open Items, refreshing on load, with no records.
    if WorkbookReader.available || TestPaths.isCI {
      let pivots = try #require(try WorkbookReader.read(dir.file("m.xlsx"))["pivots"] as? [[String: Any]])
      #expect(pivots.count == 1)
      #expect(pivots.first?["source"] as? String == "Open Items" && pivots.first?["refreshOnLoad"] as? Bool == true)
      #expect(pivots.first?["records"] as? Int == 0)
    }
  }
}
