import Foundation
public import TieoutCore
import TieoutIO
import TieoutImport
import TieoutMatch
public import TieoutReports
import TieoutWorkbook

/// What `tieout run` does, as a library call: import, match, check, write.
///
/// ```swift
/// let outcome = try await Pipeline.run(RunOptions(configPath: "examples/month-end/tieout.yaml",
///                                                 workbookPath: "out/reconciliation.xlsx",
///                                                 catalog: catalog))
/// print(outcome.reconciliation.match.groups.count)
/// ```
public enum Pipeline {
  /// The stages, reported to a progress callback.
  public enum Stage: String, Sendable { case importing, matching, checking, writingWorkbook, writingJSON }

  /// Runs a reconciliation.
  ///
  /// - Throws: ``TieoutError``: an input error (bad config, unreadable file, too many bad rows)
  ///   or an internal one (the nothing-lost check failed). Nothing is written then.
  public static func run(_ options: RunOptions) async throws(TieoutError) -> RunOutcome {
    try await run(RunConfig.load(path: options.configPath, inputsAnywhere: options.inputsAnywhere), options)
  }

  /// Runs a reconciliation of an already loaded `config` (`options.configPath` is not read again).
  public static func run(_ config: RunConfig, _ options: RunOptions) async throws(TieoutError) -> RunOutcome {
    let clock = ContinuousClock()
    var timings: [StageTiming] = []
    var stageStart = clock.now
    func finish(_ stage: Stage, rows: Int) {
      let now = clock.now
      timings.append(StageTiming(stage: stage, duration: stageStart.duration(to: now), rows: rows, peakMemoryBytes: peakResidentBytes()))
      stageStart = now
    }
    let period = config.period
    let asOf = options.asOf ?? period.end
    options.progress?(.importing, "reading \(config.sources.reduce(0) { $0 + $1.files.count }) files")

    // Resolve every template first, so a bad name fails before any file is read.
    struct Job: Sendable {
      let source: RunConfig.Source
      let template: Template?
      let file: String
      let fullPath: String
    }
    var templates: [String: Template] = [:]
    var jobs: [Job] = []
    var notes: [String] = []
    var resolved: [RunConfig.Source] = []
    for var s in config.sources {
      if s.format == nil && s.template.isEmpty, let f = s.files.first {
        // No template and no format: recognise the first file, and say what was picked.
        let full = config.path(of: f)
        let inspector = Inspector(catalog: options.catalog.searching(first: config.directory + "/templates"))
        switch try inspector.recognise(path: full, displayName: f) {
        case .format(let format):
          s = s.with(format: format)
          notes.append("\(s.name): \(f) is \(format.rawValue); reading it as such (say format: \(format.rawValue) in tieout.yaml to make it explicit)")
        case .templates(let fits):
          s = s.with(template: fits[0].name)
          let others = fits.dropFirst().map(\.name)
          notes.append("\(s.name): picked template \(fits[0].name) by the header of \(f)" + (others.isEmpty ? "" : " (also fits: \(others.joined(separator: ", ")))"))
        case .none(let closest, _):
          let hint = closest.first.map { "closest: \($0.template.name), which needs \($0.missing.map { "\"\($0)\"" }.joined(separator: ", "))" }
          throw TieoutError(
            .badConfig, at: s.location, "source \(s.name) names no template, and none fits the header of \(f)",
            hint: (hint.map { $0 + "; " } ?? "") + "run tieout inspect \(full) for a starting template")
        }
      }
      let template = s.format == nil ? try options.catalog.load(s.template, base: config.directory, location: s.location) : nil
      // An Excel workbook, a PDF or an empty file named as an export: say what it is.
      for f in s.files {
        let full = config.path(of: f)
        if let what = ExportRecognition.contentProblem(path: full) {
          throw TieoutError(.notAnExport, at: .wholeFile(f), "\(f) is \(what)")
        }
      }
      templates[s.name] = template
      resolved.append(s)
      for f in s.files {
        let full = config.path(of: f)
        jobs.append(Job(source: s, template: template, file: f, fullPath: full))
      }
    }
    // The outputs must not overwrite the run's own files, nor each other: checked before hours of work.
    var own: [String: String] = [PathChecks.canonical(config.path): "tieout.yaml"]
    if let d = config.decisionsPath { own[PathChecks.canonical(d)] = "the decisions file" }
    for j in jobs { own[PathChecks.canonical(j.fullPath)] = "the input \(j.file)" }
    try PathChecks.checkOutputs(
      [(options.workbookPath, "the workbook"), (options.jsonPath, "the JSON")].compactMap { p, what in p.map { ($0, what) } },
      inputs: own)

    // Import every file concurrently: they are independent.
    let maxErrors = config.maxErrors
    let results: [Result<(ImportResult, String), TieoutError>] = await withTaskGroup(
      of: (Int, Result<(ImportResult, String), TieoutError>).self
    ) { group in
      for (i, job) in jobs.enumerated() {
        group.addTask {
          do throws(TieoutError) {
            let (hash, stamp) = try sha256(ofFile: job.fullPath, displayName: job.file)
            let r: ImportResult
            if let template = job.template {
              r = try Importer(template: template, source: job.source.name, maxErrors: maxErrors)
                .importFile(path: job.fullPath, displayName: job.file)
            } else {
              r = try ImportResult.file(job.source.format ?? .mt940, path: job.fullPath, displayName: job.file, source: job.source.name)
            }
            // The hash is of the bytes imported only if the file stayed as it was.
            try stamp.expectUnchanged(path: job.fullPath, displayName: job.file)
            return (i, .success((r, hash)))
          } catch {
            return (i, .failure(error))
          }
        }
      }
      var out = [Result<(ImportResult, String), TieoutError>?](repeating: nil, count: jobs.count)
      for await (i, r) in group { out[i] = r }
      return out.compactMap { $0 }
    }
    var imports: [(Job, ImportResult, String)] = []
    imports.reserveCapacity(jobs.count)
    for (job, r) in zip(jobs, results) {
      switch r {
      case .success(let (ir, hash)): imports.append((job, ir, hash))
      case .failure(let e): throw e
      }
    }

    try checkMonthTotal(imports.map(\.1))
    let dateWarnings = imports.compactMap { Self.datesOutsidePeriod($0.1, period: period) }
    finish(.importing, rows: imports.reduce(0) { $0 + $1.1.rowsRead })

    // One store for all rows, file by file in the order of tieout.yaml: row index = file order.
    var summaries: [SourceSummary] = []
    var accounted: [Accountability.Input] = []
    var store = EntryStore()
    var rejected: [RejectedRow] = []
    var diagnostics: [Diagnostic] = []
    var checks: [Diagnostic] = dateWarnings
    for s in resolved {
      let first = store.count
      var rows = 0, entries = 0, rejectedCount = 0, read: Int64 = 0
      var files: [InputFile] = []
      for k in imports.indices where imports[k].0.source.name == s.name {
        let ir = imports[k].1
        // What the importer produced, counted before merging, so the nothing-lost check
        // compares the output with the input and not with itself.
        entries += ir.store.count
        read += (0..<ir.store.count).reduce(Int64(0)) { $0 + ir.store.amount($1) }
        rejected += ir.rejected
        rejectedCount += ir.rejected.count
        diagnostics += ir.diagnostics
        checks += ir.checks
        rows += ir.rowsRead
        files.append(InputFile(path: ir.file, sha256: imports[k].2, rows: ir.rowsRead, bytes: ir.bytesRead))
        if store.count == 0 {
          swap(&store, &imports[k].1.store)  // the first file's store becomes the run's: moved, not copied
        } else {
          store.append(contentsOf: ir.store)
          imports[k].1.store = EntryStore()  // free the file's copy
        }
      }
      let range = first..<store.count
      let total = range.reduce(Int64(0)) { $0 + store.amount($1) }
      summaries.append(
        SourceSummary(
          name: s.name, kind: s.kind, template: templates[s.name]?.name ?? s.format?.rawValue ?? s.template, files: files,
          rows: rows, entries: range.count, total: total,
          currency: templates[s.name]?.amountFormat.currency ?? (range.isEmpty ? .usd : store.originOf(range.lowerBound).currency)))
      accounted.append(.init(source: s.name, entries: entries, total: read, rejected: rejectedCount))
    }
    if let mixed = Self.severalCurrencies(summaries) { checks.append(mixed) }

    options.progress?(.matching, "matching \(store.count) rows by \(config.match.effectiveRules.count) rules")
    var settings = config.match
    settings.periodEnd = settings.periodEnd ?? period.end
    let match = Matcher(settings: settings).match(
      store, sources: resolved.map { MatchSource(name: $0.name, kind: $0.kind) }, decisions: config.decisions)
    finish(.matching, rows: store.count)
    var claims: ClaimStats?
    for (_, ir, _) in imports { if let c = ir.claims { claims = (claims ?? ClaimStats()) + c } }
    var reconciliation = Reconciliation(
      company: config.company, period: period, asOf: asOf, sources: summaries, store: store, match: match,
      rejected: rejected, settings: config.match, checks: checks, aging: config.aging)
    reconciliation.claims = claims

    options.progress?(.checking, "checking that every row is accounted for")
    try Accountability.verify(reconciliation, read: accounted)
    let allRows = accounted.reduce(0) { $0 + $1.entries + $1.rejected }
    finish(.checking, rows: allRows)

    // Both outputs are staged and put in place together: a run that fails to write one leaves
    // neither at its final name.
    var staged: [StagedFile] = []
    do throws(TieoutError) {
      if let path = options.workbookPath {
        options.progress?(.writingWorkbook, "writing \(path)")
        var workbook = ReconciliationWorkbook(reconciliation, version: Tieout.version)
        if let report = options.progress {
          workbook.progress = { what in report(.writingWorkbook, "writing \(path): \(what)") }
        }
        staged.append(try workbook.write(staged: StagedFile(for: path)))
        finish(.writingWorkbook, rows: allRows)
      }
      if let path = options.jsonPath {
        options.progress?(.writingJSON, "writing \(path)")
        staged.append(try JSONReport(reconciliation).write(staged: StagedFile(for: path)))
        finish(.writingJSON, rows: allRows)
      }
      for s in staged { try s.commit() }
    } catch {
      for s in staged { s.discard() }
      throw error
    }
    return RunOutcome(
      reconciliation: reconciliation, diagnostics: diagnostics, workbookPath: options.workbookPath,
      jsonPath: options.jsonPath, timings: timings, notes: notes)
  }
}

/// Inputs of ``Pipeline/run(_:)``.
public struct RunOptions: Sendable {
  public var configPath: String
  public var workbookPath: String?
  public var jsonPath: String?
  /// The day the reconciliation is as of; the period's end when nil.
  public var asOf: Day?
  public var catalog: TemplateCatalog
  /// Whether inputs may lie outside the folder of tieout.yaml (``RunConfig/load(path:inputsAnywhere:)``).
  public var inputsAnywhere = false
  /// Called at each stage with a short message; nil for silence.
  public var progress: (@Sendable (Pipeline.Stage, String) -> Void)?

  public init(
    configPath: String, workbookPath: String? = nil, jsonPath: String? = nil, asOf: Day? = nil,
    catalog: TemplateCatalog, progress: (@Sendable (Pipeline.Stage, String) -> Void)? = nil
  ) {
    self.configPath = configPath
    self.workbookPath = workbookPath
    self.jsonPath = jsonPath
    self.asOf = asOf
    self.catalog = catalog
    self.progress = progress
  }
}

/// What a run produced.
public struct RunOutcome: Sendable {
  public let reconciliation: Reconciliation
  /// Every per-row problem found on import (each row is also in the rejected list).
  public let diagnostics: [Diagnostic]
  public let workbookPath: String?
  public let jsonPath: String?
  /// How long each stage took, for `--timings` and the benchmarks.
  public let timings: [StageTiming]
  /// What the run decided on its own and the user should know (a template picked by header).
  public let notes: [String]
}

/// One stage's wall time, the rows it handled and the process's peak memory when it ended.
public struct StageTiming: Sendable {
  public let stage: Pipeline.Stage
  public let duration: Duration
  public let rows: Int
  /// The peak resident set size of the process so far (`getrusage`), in bytes.
  public let peakMemoryBytes: Int

  public var seconds: Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}

/// The process's peak resident set size so far, in bytes.
func peakResidentBytes() -> Int {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Int(usage.ru_maxrss) * 1024
}

/// Facts about this build of tieout.
public enum Tieout {
  public static let version = "0.1.0"
}
