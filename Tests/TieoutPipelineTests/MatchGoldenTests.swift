import Crypto
import Foundation
import Testing
import TieoutCore
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// Today's matching results, pinned: which rows each group holds (with its rule and status),
/// each exception's kind and rows, and the rows listed as unpaired, for the bundled example and
/// generated months of 3,000 and 20,000 bank lines. A change to the matcher that moves one row
/// fails here and shows which. The small months are kept as text in `Tests/Fixtures/golden/`; the
/// 20,000-line month as the SHA-256 of its text and its counts.
///
/// Re-record after a change made on purpose: `TIEOUT_RECORD_GOLDEN=1 swift test --filter MatchGolden`,
/// and say in the commit which groups changed and why.
@Suite struct MatchGoldenTests {
  static let folder = TestPaths.fixtures + "/golden"
  static var recording: Bool { ProcessInfo.processInfo.environment["TIEOUT_RECORD_GOLDEN"] == "1" }

  /// The outcome as sorted lines: `group <rule> <status>: bank:bank.csv:12 + gl:gl-cash.csv:40`,
  /// `exception <kind>: …`, `unpaired: …`.
  static func canonical(_ r: Reconciliation) -> String {
    let store = r.store, m = r.match
    func row(_ i: Int32) -> String {
      let o = store.originOf(Int(i))
      return "\(o.source):\(o.file):\(store.line(Int(i)))"
    }
    func rows(_ members: some Sequence<Int32>) -> String { members.map(row).sorted().joined(separator: " + ") }
    var lines = m.groups.map { g in "group \(m.ruleName(of: g)) \(g.status.name): \(rows(m.members(of: g)))" }
    lines += m.exceptions.map { x in "exception \(x.kind.rawValue): \(rows(x.members))" }
    lines += m.unpaired.map { "unpaired: \(row($0))" }
    return lines.sorted().joined(separator: "\n") + "\n"
  }

  func run(_ config: String) async throws -> String {
    let outcome = try await Pipeline.run(RunOptions(configPath: config, catalog: TemplateCatalog(directories: [TestPaths.templates])))
    return Self.canonical(outcome.reconciliation)
  }

  /// Compares `text` with the golden file `name`, or records it.
  func expectGolden(_ text: String, _ name: String) throws {
    let path = Self.folder + "/" + name
    if Self.recording {
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      return
    }
    let golden = try String(contentsOfFile: path, encoding: .utf8)
    let old = Set(golden.split(separator: "\n")), new = Set(text.split(separator: "\n"))
    #expect(old == new, "\(name): now missing \(old.subtracting(new).sorted().prefix(5)); now added \(new.subtracting(old).sorted().prefix(5))")
  }

  @Test func theExample() async throws {
    try expectGolden(try await run(TestPaths.examples + "/month-end/tieout.yaml"), "example.txt")
  }

  @Test(arguments: [(3_000, UInt64(2026)), (20_000, UInt64(7))])
  func aGeneratedMonth(rows: Int, seed: UInt64) async throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    _ = try MonthGenerator(bankRows: rows, seed: seed).write(to: dir.path)
    let text = try await run(dir.file("tieout.yaml"))
    if rows <= 3_000 {
      try expectGolden(text, "generated-\(rows)-seed-\(seed).txt")
      return
    }
    // Too large to keep as text: its digest and how many lines of each kind.
    let counts = Dictionary(grouping: text.split(separator: "\n"), by: { $0.prefix { $0 != " " && $0 != ":" } }).mapValues(\.count)
    let digest = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    let summary = "sha256 \(digest)\n" + counts.keys.sorted().map { "\($0) \(counts[$0] ?? 0)" }.joined(separator: "\n") + "\n"
    try expectGolden(summary, "generated-\(rows)-seed-\(seed).sha256")
  }
}
