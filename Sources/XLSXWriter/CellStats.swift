import Foundation

/// Counts of the cells written, by type, for `make bench`: the workbook stage is compared with a
/// plain C loop writing as many cells of each type (`Benchmarks/baseline.c`). Printed to stderr
/// when a workbook closes if `TIEOUT_CELL_STATS` is set.
public struct CellStats: Sendable {
  public var strings = 0
  public var stringBytes = 0
  public var numbers = 0
  public var formulas = 0
  public var blanks = 0
}

/// What one workbook records of its own writing for the benchmarks: its cell counts and, when
/// `TIEOUT_CELL_LOG` names a file, the log of its cells. Owned by the ``Workbook`` and lent to its
/// worksheets, so workbooks written at once (the tests write many) count apart.
final class Instruments {
  var stats = CellStats()
  let log: CellLog? = ProcessInfo.processInfo.environment["TIEOUT_CELL_LOG"].flatMap(CellLog.init)

  /// Flushes the log and prints the counts when `TIEOUT_CELL_STATS` is set.
  func finish() {
    log?.flush()
    guard ProcessInfo.processInfo.environment["TIEOUT_CELL_STATS"] != nil else { return }
    let s = stats
    FileHandle.standardError.write(
      Data("cells: strings=\(s.strings) string_bytes=\(s.stringBytes) numbers=\(s.numbers) formulas=\(s.formulas) blanks=\(s.blanks)\n".utf8))
  }
}

/// Every cell written, in order, to the file `TIEOUT_CELL_LOG` names: `make bench` replays it
/// with a plain C loop (`Benchmarks/baseline.c --replay`) to time libxlsxwriter writing exactly
/// these cells — the same texts, so the same compression work — with nothing else going on.
///
/// Records, little-endian: `S` u16 length, name (a new sheet); `F` u16 id, u8 bold, u16 length,
/// number format (a format, before its first use); `s` row u32, column u16, format u16 (0 none,
/// else id + 1), u32 length, text; `n` row, column, format, f64; `f` row, column, format, f64
/// cached, u32 length, formula; `b` row, column, format.
final class CellLog {
  private let file: FileHandle
  private var buffer: [UInt8] = []
  private var formatIDs: [UnsafeMutableRawPointer: UInt16] = [:]

  init?(path: String) {
    guard FileManager.default.createFile(atPath: path, contents: nil), let f = FileHandle(forWritingAtPath: path) else { return nil }
    file = f
    buffer.reserveCapacity(1 << 20)
  }

  private func u16(_ v: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: v).littleEndian) { buffer += $0 } }
  private func u32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { buffer += $0 } }
  private func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { buffer += $0 } }
  private func text(_ bytes: some Collection<UInt8>, long: Bool) {
    if long { u32(bytes.count) } else { u16(bytes.count) }
    buffer += bytes
    if buffer.count >= 1 << 20 { flush() }
  }

  func sheet(_ name: String) {
    buffer.append(UInt8(ascii: "S"))
    text(Array(name.utf8), long: false)
  }

  func format(_ pointer: UnsafeMutableRawPointer, bold: Bool, numberFormat: String?) {
    let id = UInt16(formatIDs.count)
    formatIDs[pointer] = id
    buffer.append(UInt8(ascii: "F"))
    u16(Int(id))
    buffer.append(bold ? 1 : 0)
    text(Array((numberFormat ?? "").utf8), long: false)
  }

  private func cell(_ kind: Character, _ row: Int, _ column: Int, _ format: UnsafeMutableRawPointer?) {
    buffer.append(UInt8(ascii: kind.unicodeScalars.first!))
    u32(row)
    u16(column)
    u16(format.flatMap { formatIDs[$0] }.map { Int($0) + 1 } ?? 0)
  }

  func string(_ bytes: some Collection<UInt8>, _ row: Int, _ column: Int, _ format: UnsafeMutableRawPointer?) {
    cell("s", row, column, format)
    text(bytes, long: true)
  }

  func number(_ x: Double, _ row: Int, _ column: Int, _ format: UnsafeMutableRawPointer?) {
    cell("n", row, column, format)
    f64(x)
    if buffer.count >= 1 << 20 { flush() }
  }

  func formula(_ f: some Collection<UInt8>, cached: Double, _ row: Int, _ column: Int, _ format: UnsafeMutableRawPointer?) {
    cell("f", row, column, format)
    f64(cached)
    text(f, long: true)
  }

  func blank(_ row: Int, _ column: Int, _ format: UnsafeMutableRawPointer?) { cell("b", row, column, format) }

  func flush() {
    file.write(Data(buffer))
    buffer.removeAll(keepingCapacity: true)
  }
}
