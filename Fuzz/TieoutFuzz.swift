import CFuzzer
import Foundation
import TieoutCore
import TieoutImport
import TieoutPipeline
import XLSXWriter

/// Fuzz targets for every reader of outside input: the CSV reader through templates, each
/// bank-file reader, the 835 reader, the YAML loaders (tieout.yaml, templates, decisions), and
/// the workbook's cell text. `make fuzz` builds this with `-sanitize=fuzzer` and runs each target
/// (named by `FUZZ_TARGET`) for a set time, seeded from `../shared/corpora`.
///
/// A target passes when the reader returns or throws a ``TieoutError`` for every input: a trap
/// (overflow, index out of range, force unwrap), a hang or a crash is a finding. Built without
/// the fuzzer, the same binary replays inputs given as files: `tieout-fuzz FILE…` with
/// `FUZZ_TARGET` set, to reproduce a finding under a debugger.
enum FuzzTarget: String, CaseIterable {
  case csv, mt940, camt, bai2, ofx, x12835 = "x12-835", config, template, decisions, celltext

  /// The target named by `FUZZ_TARGET`.
  static let current: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let t = FuzzTarget(rawValue: name) else {
      FileHandle.standardError.write(
        Data("set FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
      exit(2)
    }
    return t
  }()

  /// Where a file-reading target writes the input: memory-backed where there is /dev/shm.
  static let scratch: String = {
    let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    return dir + "/tieout-fuzz-\(getpid())"
  }()

  /// Templates that together reach every column kind of the CSV import: a signed amount with
  /// dates detected, split columns with a mark, an ignore rule, a group and a running balance.
  static let templates: [Template] = [
    """
    columns: { date: Date, amount: Amount, reference: Reference, description: Description }
    dates: { format: auto }
    amounts: { decimal: ".", thousands: ",", negatives: [minus, parentheses, trailing-minus, cr-suffix] }
    """,
    """
    delimiter: ";"
    columns: { date: Date, inflow: In, outflow: Out, counterparty: Name, account: Account, group: Name, balance: Balance,
               due_date: Due }
    dates: { format: dd.MM.yyyy }
    amounts: { decimal: ",", thousands: ".", currency: EUR, mark: { column: Mark } }
    ignore: [{ column: Name, starts_with: Total }]
    """,
  ].map { yaml in
    do {
      return try TemplateLoader.parse(yaml: yaml, name: "fuzz", origin: "fuzz.yaml")
    } catch {
      FileHandle.standardError.write(Data("a fuzz template does not load: \(error)\n".utf8))
      exit(2)
    }
  }

  func run(_ bytes: UnsafeRawBufferPointer) {
    let text = String(decoding: bytes, as: UTF8.self)
    switch self {
    case .csv:
      guard write(bytes) else { return }
      for t in Self.templates { _ = try? Importer(template: t, source: "fuzz", maxErrors: 1000).importFile(path: Self.scratch, displayName: "f.csv") }
    case .mt940, .camt, .bai2, .ofx, .x12835:
      guard write(bytes), let format = InputFormat(rawValue: rawValue) else { return }
      _ = try? ImportResult.file(format, path: Self.scratch, displayName: "f", source: "fuzz")
    case .config: _ = try? RunConfig.parse(yaml: text, path: "/nonexistent/month/tieout.yaml")
    case .template: _ = try? TemplateLoader.parse(yaml: text, name: "fuzz", origin: "fuzz.yaml")
    case .decisions: _ = try? DecisionsFile.parse(yaml: text, path: "decisions.yaml")
    case .celltext: checkCellText(text)
    }
  }

  /// Writes the input where the file readers read it.
  private func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard let f = fopen(Self.scratch, "wb") else { return false }
    defer { fclose(f) }
    return bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, f) == bytes.count
  }

  /// Cell text is valid UTF-8 and XML 1.0, and fits a cell, whatever the input.
  private func checkCellText(_ text: String) {
    let clean = CellText.clean(text)
    precondition(clean.utf16.count <= CellText.maxLength, "cell text longer than a cell")
    for s in clean.unicodeScalars {
      let v = s.value
      precondition(v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v) || v >= 0x10000,
        "U+\(String(v, radix: 16)) is not an XML 1.0 character")
    }
    if text.utf16.count <= CellText.maxLength - CellText.truncationMark.utf16.count {
      precondition(clean.unicodeScalars.count <= text.unicodeScalars.count, "cell text grew")
    }
  }
}

#if FUZZING
  /// libFuzzer's entry: one input. (libFuzzer's own `main` may be the one linked, and calls it.)
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzTarget.current.run(UnsafeRawBufferPointer(start: data, count: count))
    return 0
  }
#endif

/// Runs libFuzzer on the target named by `FUZZ_TARGET` (built with `-DFUZZING`), or replays
/// inputs given as files through it.
@main
struct FuzzMain {
  static func main() {
    let target = FuzzTarget.current
    #if FUZZING
      var argc = CommandLine.argc
      var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
      _ = target  // checked before the fuzzer starts
      exit(LLVMFuzzerRunDriver(&argc, &argv) { data, count in fuzzOneInput(data, count) })
    #else
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
          FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
          exit(2)
        }
        data.withUnsafeBytes { target.run($0) }
        print("\(path): passed")
      }
    #endif
  }
}
