import Foundation
public import TieoutCore
import TieoutImport

/// A first tieout.yaml for a folder of exports, as `tieout init` writes it: each file's format or
/// template, its kind, and the period, guessed from the files and said so in comments.
///
/// ```swift
/// let setup = try MonthSetup.guess(directory: "october", catalog: catalog)
/// print(setup.yaml)
/// ```
public struct MonthSetup: Sendable {
  /// One export and what was guessed of it.
  public struct Export: Sendable {
    public let file: String
    /// The source name, from its kind ("bank", "gl", …).
    public let name: String
    public let kind: SourceKind?
    /// `format: NAME` or `template: NAME`, nil when nothing fits.
    public let reading: String?
    /// How it was recognised, or why not.
    public let note: String
  }

  public let exports: [Export]
  public let period: Period?
  /// How the period was chosen.
  public let periodNote: String

  /// File names `init` leaves alone: tieout's own files, outputs and hidden files.
  static func isExport(_ name: String) -> Bool {
    !name.hasPrefix(".") && !["tieout.yaml", "decisions.yaml"].contains(name)
      && ![".xlsx", ".json", ".sqlite", ".zip", ".md", ".yaml", ".yml"].contains(where: { name.lowercased().hasSuffix($0) })
  }

  /// Looks at every export in `directory`.
  ///
  /// - Throws: ``TieoutError`` when the folder cannot be read or holds no export.
  public static func guess(directory: String, catalog: TemplateCatalog) throws(TieoutError) -> MonthSetup {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      throw TieoutError(.fileNotFound, at: .wholeFile(directory), "cannot read the folder \(directory): \(error.localizedDescription)")
    }
    let inspector = Inspector(catalog: catalog.searching(first: directory + "/templates"))
    var exports: [Export] = []
    var days: [Day] = []
    var taken = Set<String>()
    func name(for kind: SourceKind?) -> String {
      let base = kind.map { $0 == .ledger ? "gl" : $0.rawValue } ?? "source"
      var n = base, k = 2
      while taken.contains(n) { n = "\(base)-\(k)"; k += 1 }
      taken.insert(n)
      return n
    }
    for file in names where isExport(file) {
      let path = directory + "/" + file
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else { continue }
      do {
        switch try inspector.recognise(path: path, displayName: file) {
        case .format(let f):
          let kind: SourceKind = f == .x12835 ? .receipts : .bank
          let r = try? ImportResult.file(f, path: path, displayName: file, source: "init")
          if kind == .bank, let r { days += (0..<r.store.count).map { r.store.date($0) } }
          exports.append(
            Export(file: file, name: name(for: kind), kind: kind, reading: "format: \(f.rawValue)", note: "read as \(f.rawValue) by its content"))
        case .templates(let fits):
          let t = fits[0]
          let r = try? Importer(template: t, source: "init").importFile(path: path, displayName: file)
          if let r, t.kind == .bank || t.kind == .ledger { days += (0..<r.store.count).map { r.store.date($0) } }
          let also = fits.count > 1 ? "; also fits \(fits.dropFirst().prefix(3).map(\.name).joined(separator: ", "))" : ""
          let kindNote = t.kind == nil ? "; its kind is a guess: check it" : ""
          exports.append(
            Export(
              file: file, name: name(for: t.kind ?? .bank), kind: t.kind ?? .bank, reading: "template: \(t.name)",
              note: "its header fits template \(t.name)\(also)\(kindNote)"))
        case .none(let closest, _):
          let near = closest.first.map { "; closest: \($0.template.name), which needs \($0.missing.map { "\"\($0)\"" }.joined(separator: ", "))" } ?? ""
          exports.append(
            Export(
              file: file, name: name(for: nil), kind: nil, reading: nil,
              note: "no template fits its header\(near); run tieout inspect \(file) for a starting template"))
        }
      } catch {
        exports.append(Export(file: file, name: name(for: nil), kind: nil, reading: nil, note: "not read: \(error.diagnostic.message)"))
      }
    }
    // Sources in the usual order of a reconciliation: bank, GL, billing; unread ones last.
    let order = SourceKind.allCases
    exports.sort { a, b in
      (a.kind.flatMap { order.firstIndex(of: $0) } ?? order.count, a.file) < (b.kind.flatMap { order.firstIndex(of: $0) } ?? order.count, b.file)
    }
    guard !exports.isEmpty else {
      throw TieoutError(
        .noRows, at: .wholeFile(directory), "\(directory) holds no exports",
        hint: "put the month's bank, GL and billing exports (CSV, MT940, camt, BAI2, OFX, 835) in the folder first")
    }
    // The period: the calendar month most bank and GL lines fall in.
    var months: [Int: Int] = [:]
    for d in days {
      let c = d.components
      months[c.year * 12 + c.month - 1, default: 0] += 1
    }
    var period: Period?
    var periodNote = "no dated bank or GL lines were read: set the month"
    if let (key, count) = months.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
      let first = Day(year: key / 12, month: key % 12 + 1, day: 1)
    {
      period = Period(monthOf: first)
      periodNote = "\(count) of \(days.count) bank and GL lines are dated in it"
    }
    return MonthSetup(exports: exports, period: period, periodNote: periodNote)
  }

  /// The tieout.yaml text, with the guesses as comments; sources nothing fits are commented out.
  public var yaml: String {
    var lines = [
      "# tieout.yaml, written by tieout init: check each guess, then run tieout run on this folder.",
      "# Every key is described in README.md (\"tieout.yaml\").",
      "company: Unnamed company        # shown on every sheet",
    ]
    if let period {
      lines.append("period: \(period.start.description.prefix(7))                # \(periodNote)")
    } else {
      lines.append("period: 2026-01                # \(periodNote)")
    }
    lines.append("sources:")
    for e in exports {
      lines.append("  # \(e.file): \(e.note)")
      let entry = "  - { name: \(e.name), kind: \((e.kind ?? .bank).rawValue), \(e.reading ?? "template: CHOOSE"), files: [\(Self.quoted(e.file))] }"
      lines.append(e.reading == nil ? "  #" + entry.dropFirst(1) : entry)
    }
    lines += ["match:", "  window_days: 3                # how many days apart a bank line and its GL line may be"]
    return lines.joined(separator: "\n") + "\n"
  }

  /// A file name as a YAML flow scalar: quoted when it holds what YAML would read otherwise.
  static func quoted(_ s: String) -> String {
    s.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } ? s : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
}
