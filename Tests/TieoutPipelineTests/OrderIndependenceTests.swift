import Foundation
import Testing
import TieoutCore
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// Shuffling the rows of one export never changes which rows are grouped together: groups are
/// compared by their rows' content (source, date, amount, reference, text), not by line, since
/// lines move with the shuffle.
@Suite struct OrderIndependenceTests {
  /// Each group as the sorted contents of its rows; the list sorted.
  static func groupsByContent(_ r: Reconciliation) -> [String] {
    let store = r.store
    func content(_ i: Int32) -> String {
      let e = store[Int(i)]
      return "\(e.source) \(e.date) \(e.amount.minorUnits) \(e.reference) \(e.counterparty) \(e.description)"
    }
    return r.match.groups.map { g in r.match.members(of: g).map(content).sorted().joined(separator: " | ") }.sorted()
  }

  static func run(_ dir: String) async throws -> Reconciliation {
    try await Pipeline.run(RunOptions(configPath: dir + "/tieout.yaml", catalog: TemplateCatalog(directories: [TestPaths.templates])))
      .reconciliation
  }

  /// The month's file `name` with its rows (all but the header) in another order.
  static func shuffle(_ path: String, seed: UInt64) throws {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
    var rng = SplitMix64(seed: seed)
    let rows = lines.dropFirst().shuffled(using: &rng)
    try Data(([lines[0]] + rows).joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: path))
  }

  /// The groups that change when `file` of a generated month of 3,000 bank lines is shuffled
  /// with each seed, as "lost …; gained …"; empty when none does.
  static func changes(shuffling file: String, seeds: [UInt64]) async throws -> [String] {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    _ = try MonthGenerator(bankRows: 3_000, seed: 2026).write(to: dir.path)
    let before = Self.groupsByContent(try await Self.run(dir.path))
    var out: [String] = []
    for seed in seeds {
      try Self.shuffle(dir.file(file), seed: seed)
      let after = Self.groupsByContent(try await Self.run(dir.path))
      let lost = Set(before).subtracting(after), gained = Set(after).subtracting(before)
      if !lost.isEmpty || !gained.isEmpty {
        out.append("\(file), seed \(seed): lost \(lost.sorted().prefix(2)); gained \(gained.sorted().prefix(2))")
      }
    }
    return out
  }

  /// Receipts shuffled once paired a deposit with the receipt of another customer of the same
  /// amount and day (RCT-50284 with RCT-50307's deposit): a deposit now carries its GL line's
  /// reference when the receipts rule ranks candidates. The GL shuffled moved the bank lines of
  /// 1,894.64, which name their GL line's number only in their description ("REMOTE ONLINE
  /// DEPOSIT 50284"): identifiers read from free text (`Evidence`) now decide between them.
  @Test(arguments: ["billing-receipts.csv", "bank.csv", "billing-invoices.csv", "gl-cash.csv"])
  func shufflingOneExportKeepsTheGroups(file: String) async throws {
    let changed = try await Self.changes(shuffling: file, seeds: [3, 11])
    #expect(changed.isEmpty, "\(changed)")
  }
}
