import Foundation
import Testing
import TieoutCore
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

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

    // The PivotTable, as LibreOffice rebuilds it from Open Items when it opens the file ("Total
    // Result" is LibreOffice's own label: the cells are its, not tieout's).
    let pivot = try String(contentsOfFile: dir.file("csv/m-Aging Pivot.csv"), encoding: .utf8).split(separator: "\n").map(Self.fields)
    let grand = try #require(pivot.last)
    #expect(grand.first == "Total Result", "LibreOffice did not rebuild the pivot table: \(grand)")
    #expect(cents(grand.last ?? "") == aging.total)
    for c in aging.customers {
      let row = pivot.first { $0.first == c.name }
      #expect(cents(row?.last ?? "") == c.total, "\(c.name)")
    }

    // Open Items: the Open column (=Amount-Paid) after recalculation.
    let items = try String(contentsOfFile: dir.file("csv/m-Open Items.csv"), encoding: .utf8)
      .split(separator: "\n").dropFirst().map(Self.fields)
    #expect(items.count == aging.items.count)
    for (row, it) in zip(items, aging.items) { #expect(cents(row[7]) == it.open, "\(it.invoice)") }
  }
}
