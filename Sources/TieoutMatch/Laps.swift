import Foundation

/// Stage times on stderr when `TIEOUT_TRACE_RULES` is set: how the matcher's figures in
/// docs/PERFORMANCE.md are broken down (`TIEOUT_TRACE_RULES=1 .build/release/tieout-bench
/// 1000000`). Costs two clock reads a stage when off.
struct Laps {
  static let enabled = ProcessInfo.processInfo.environment["TIEOUT_TRACE_RULES"] != nil
  let indent: String
  var clock = Date()

  init(indent: Int = 0) { self.indent = String(repeating: " ", count: indent) }

  mutating func lap(_ what: @autoclosure () -> String) {
    guard Laps.enabled else { return }
    let now = Date()
    FileHandle.standardError.write(Data("\(indent)\(what()): \(String(format: "%.4f", now.timeIntervalSince(clock))) s\n".utf8))
    clock = now
  }
}
