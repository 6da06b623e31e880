import ArgumentParser
import Foundation
import TieoutCore
import TieoutIO
import TieoutPipeline
import TieoutReports

struct Run: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Reconcile one month: read DIR/tieout.yaml and its exports, write the workbook.",
    discussion: """
      Reads the period, the sources (with their templates and files) and the match settings \
      from DIR/tieout.yaml, imports every file, matches bank lines with GL lines, checks that \
      every row is accounted for, and writes the workbook.

      Example:
        tieout run examples/month-end --out out/month-end.xlsx --json out/month-end.json
      """
  )

  @Argument(help: "The month folder holding tieout.yaml and the exports.", completion: .directory)
  var directory: String

  @Option(name: .long, help: "Where to write the workbook (default: DIR/reconciliation-PERIOD.xlsx).")
  var out: String?

  @Option(name: .long, help: "Also write the results as JSON to this file.")
  var json: String?

  @Option(name: .customLong("as-of"), help: "The as-of date, yyyy-MM-dd (default: the period's last day).")
  var asOf: String?

  @Option(name: .long, help: "A folder of templates to use instead of the bundled ones.")
  var templates: String?

  @Flag(name: .long, help: "Read exports, templates and decisions named outside DIR too (by default only DIR's own).")
  var inputsAnywhere = false

  @Flag(name: .long, help: "Print nothing but errors and warnings.")
  var quiet = false

  @Flag(name: .long, help: "Print each stage's time, rows per second and peak memory on stderr.")
  var timings = false

  func run() async throws {
    Allocator.keepFreedMemory()
    TempFiles.removeOnInterrupt()
    var asOfDay: Day?
    if let asOf {
      guard let d = Day(iso: asOf) else {
        throw exitFailure(code: 2, message: "error: --as-of \"\(asOf)\" is not a date like 2026-10-31")
      }
      asOfDay = d
    }
    let configPath = (directory as NSString).appendingPathComponent("tieout.yaml")
    let progress = Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
    do {
      // Find the period first to name the default output.
      let config = try RunConfig.load(path: configPath, inputsAnywhere: inputsAnywhere)
      let outPath = out ?? (directory as NSString).appendingPathComponent(
        "reconciliation-\(config.period.start.description.prefix(7)).xlsx")
      let options = RunOptions(
        configPath: configPath, workbookPath: outPath, jsonPath: json, asOf: asOfDay,
        catalog: catalog(templates), progress: progress.report)
      let outcome = try await Pipeline.run(config, options)
      progress.clear()
      if timings {
        var lines = ["stage            seconds      rows/s   peak MB"]
        for t in outcome.timings {
          let rate = t.seconds > 0 ? Int(Double(t.rows) / t.seconds) : 0
          lines.append(
            t.stage.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
              + String(format: "%9.3f %11d %9d", t.seconds, rate, t.peakMemoryBytes / 1_048_576))
        }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
      }
      if !quiet {
        for n in outcome.notes { FileHandle.standardError.write(Data(("note: " + n + "\n").utf8)) }
        print(RunSummary(outcome.reconciliation).text)
      }
      // Errors and warnings reach stderr even with --quiet: a quiet run is not a silent mistake.
      report(outcome.diagnostics, more: "see the Rejected sheet")
      report(outcome.reconciliation.checks, more: "see the Summary sheet's input file checks")
      if !quiet {
        print("wrote \(outPath)")
        if let json { print("wrote \(json)") }
      }
    } catch {
      progress.clear()
      TempFiles.endIfInterrupted()
      throw exitFailure(code: error.isInputError ? 2 : 1, message: error.description)
    }
  }
}

/// Prints the first ten of `diagnostics` on stderr, and how many more there are.
func report(_ diagnostics: [Diagnostic], more: String) {
  for d in diagnostics.prefix(10) { FileHandle.standardError.write(Data((printable(d.description) + "\n").utf8)) }
  if diagnostics.count > 10 {
    FileHandle.standardError.write(Data("… and \(diagnostics.count - 10) more; \(more)\n".utf8))
  }
}

/// Builds the template catalog: `--templates DIR`, else the bundled templates.
func catalog(_ override: String?) -> TemplateCatalog {
  if let override { return TemplateCatalog(directories: [override]) }
  return TemplateCatalog.bundled(environment: ProcessInfo.processInfo.environment, executablePath: CommandLine.arguments[0])
}

/// Prints `message` on stderr and returns the exit code to throw: 2 for bad input or
/// configuration, 1 for an internal error.
func exitFailure(code: Int32, message: String) -> ExitCode {
  FileHandle.standardError.write(Data((printable(message) + "\n").utf8))
  return ExitCode(code)
}

/// One status line on stderr, rewritten in place, when stderr is a terminal.
final class Progress: Sendable {
  let enabled: Bool
  init(enabled: Bool) { self.enabled = enabled }

  var report: (@Sendable (Pipeline.Stage, String) -> Void)? {
    guard enabled else { return nil }
    return { _, message in
      FileHandle.standardError.write(Data("\r\u{1B}[K\(message)…".utf8))
    }
  }

  func clear() {
    if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
