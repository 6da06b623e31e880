import Foundation

/// Counts of the cells written, by type, for `make bench`: the workbook stage is compared with a
/// plain C loop writing as many cells of each type (`Benchmarks/baseline.c`). Printed to stderr
/// when a workbook closes if `TIEOUT_CELL_STATS` is set. One writer at a time (a run writes one
/// workbook), so plain counters.
public struct CellStats: Sendable {
  public var strings = 0
  public var stringBytes = 0
  public var numbers = 0
  public var formulas = 0
  public var blanks = 0

  nonisolated(unsafe) static var shared = CellStats()

  static func report() {
    guard ProcessInfo.processInfo.environment["TIEOUT_CELL_STATS"] != nil else { return }
    let s = shared
    FileHandle.standardError.write(
      Data("cells: strings=\(s.strings) string_bytes=\(s.stringBytes) numbers=\(s.numbers) formulas=\(s.formulas) blanks=\(s.blanks)\n".utf8))
  }
}
