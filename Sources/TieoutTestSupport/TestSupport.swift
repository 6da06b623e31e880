import Foundation

/// Paths and helpers shared by the test targets.
public enum TestPaths {
  /// The package root, found from this file's path.
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// `../shared/corpora` beside the checkout (CI puts `shared/` there too).
  public static var corpora: String { packageRoot + "/../shared/corpora" }

  public static var templates: String { packageRoot + "/templates" }
  public static var examples: String { packageRoot + "/examples" }
  public static var fixtures: String { packageRoot + "/Tests/Fixtures" }

  /// The `tieout` executable built beside the test bundle.
  public static var tieoutBinary: String {
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [exe, exe.deletingLastPathComponent(), URL(fileURLWithPath: packageRoot + "/.build/debug")] {
      let candidate = dir.appendingPathComponent("tieout").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return packageRoot + "/.build/debug/tieout"
  }

  /// True when running under CI, where every optional tool must be present.
  public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }
}

/// A fresh temporary folder, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
  public let path: String

  public init() throws {
    path = NSTemporaryDirectory() + "tieout-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  public func file(_ name: String) -> String { path + "/" + name }

  public func write(_ name: String, _ text: String) throws -> String {
    let p = file(name)
    try Data(text.utf8).write(to: URL(fileURLWithPath: p))
    return p
  }

  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// What a finished process printed.
public struct ProcessOutput: Sendable {
  public let status: Int32
  public let stdout: String
  public let stderr: String
}

/// Runs a program and waits for it.
public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil) throws -> ProcessOutput {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: executable)
  p.arguments = arguments
  if let environment {
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
  }
  if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  // Read before waiting so a full pipe cannot block the child.
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return ProcessOutput(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Reads workbooks back with openpyxl (Python), as an independent reader would.
public enum WorkbookReader {
  /// Whether python3 with openpyxl is available. Tests that need it run when it is, and always on CI.
  public static let available: Bool = {
    (try? runProcess("/usr/bin/env", ["python3", "-c", "import openpyxl"]).status) == 0
  }()

  /// The workbook as JSON: `{"sheets": {name: {"rows": [[…]], "freeze": "A2", "autofilter": "A1:J9",
  /// "types": [[…]], "formats": [[…]]}}, "properties": {…}}`, parsed.
  public static func read(_ path: String) throws -> [String: Any] {
    let script = TestPaths.packageRoot + "/Tests/Support/readback.py"
    let out = try runProcess("/usr/bin/env", ["python3", script, path])
    guard out.status == 0 else { throw ReadbackError(message: out.stderr) }
    let obj = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8))
    return obj as? [String: Any] ?? [:]
  }

  public struct ReadbackError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "openpyxl read-back failed: \(message)" }
  }
}
