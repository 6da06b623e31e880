import ArgumentParser
import Foundation
import TieoutCore
import TieoutImport
import TieoutPipeline

struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recognise an export: its bank-file format or the template that fits its header, its first rows and its problems.",
    discussion: """
      Templates in the templates/ folder beside FILE are tried first, then the bundled ones. When \
      no template fits, shows the closest ones with the columns they miss, and a starting \
      template to save in the month folder's templates/ and edit.
      """
  )

  @Argument(help: "The export to look at.", completion: .file())
  var file: String

  @Option(name: .long, help: "Look in this templates folder instead of the bundled one.")
  var templates: String?

  @Option(name: .long, help: "How many normalized rows to show.")
  var rows: Int = 5

  func run() throws {
    let name = (file as NSString).lastPathComponent
    if let what = ExportRecognition.notAnExport(path: file) {
      throw exitFailure(code: 2, message: "\(printable(file)): error: \(what)")
    }
    let folder = (file as NSString).deletingLastPathComponent
    let inspector = Inspector(catalog: catalog(templates).searching(first: (folder.isEmpty ? "." : folder) + "/templates"))
    do {
      switch try inspector.recognise(path: file, displayName: name) {
      case .format(let format):
        print("\(printable(name)): a \(format.rawValue) file (format: \(format.rawValue))")
        show(try ImportResult.file(format, path: file, displayName: name, source: "inspect"))
      case .templates(let fits):
        print("\(printable(name)): fits template \(fits[0].name) — \(fits[0].title)")
        if fits.count > 1 { print("  also fits: \(fits.dropFirst().map(\.name).joined(separator: ", "))") }
        show(try Importer(template: fits[0], source: "inspect").importFile(path: file, displayName: name))
      case .none(let closest, let commaHeader):
        print("\(printable(name)): no template fits its header")
        let seen = ExportRecognition.sniffDelimiter(path: file)
        let header = seen.map { $0 == UInt8(ascii: ",") ? commaHeader : ExportRecognition.firstRecord(path: file, delimiter: $0) } ?? commaHeader
        if !header.isEmpty { print("  header: " + header.map { "\"\(printable($0))\"" }.joined(separator: ", ")) }
        for c in closest {
          print("  closest: \(c.template.name), which needs " + c.missing.map { "\"\(printable($0))\"" }.joined(separator: ", "))
          if let seen, seen != c.template.delimiter {
            print("    its fields are separated by \(ExportRecognition.name(ofDelimiter: seen)), but \(c.template.name) expects \(ExportRecognition.name(ofDelimiter: c.template.delimiter))")
          }
        }
        if let seen {
          for t in try inspector.fitsButForDelimiter(path: file) {
            print(
              "  template \(t.name) fits but for its delimiter: the file's fields are separated by \(ExportRecognition.name(ofDelimiter: seen)), \(t.name) expects \(ExportRecognition.name(ofDelimiter: t.delimiter)); copy it into the month folder's templates/ (tieout templates \(t.name)) and set delimiter in the copy"
            )
          }
        }
        let where_ = (folder.isEmpty ? "." : folder) + "/templates/NAME.yaml"
        print("\nA starting template: save it as \(where_), check each column, then name it in tieout.yaml (template: NAME):\n")
        print(Self.skeleton(header: header.map(printable), delimiter: seen))
        throw ExitCode(2)
      }
    } catch let e as TieoutError {
      throw exitFailure(code: e.isInputError ? 2 : 1, message: printable(e.description))
    }
  }

  func show(_ r: ImportResult) {
    print("  \(r.rowsRead) rows: \(r.store.count) entries, \(r.rejected.count { $0.disposition == .error }) rejected, \(r.rejected.count { $0.disposition == .ignored }) ignored")
    for i in 0..<min(rows, r.store.count) {
      let e = r.store[i]
      let amount = Money.groupedString(e.amount.minorUnits, digits: e.amount.currency.minorDigits) + " " + e.amount.currency.code
      print(printable("  \(e.location)  \(e.date)  \(amount.padding(toLength: 18, withPad: " ", startingAt: 0))  \(e.reference)  \(e.counterparty)  \(e.description)"))
    }
    for d in (r.diagnostics + r.checks).prefix(10) { print(printable(d.description)) }
  }

  /// A template whose columns are guessed from the header's names.
  static func skeleton(header: [String], delimiter: UInt8?) -> String {
    func find(_ words: [String]) -> String? {
      header.first { h in words.contains { h.lowercased().contains($0) } }
    }
    let date = find(["date", "datum", "posted", "booking"]) ?? header.first ?? "Date"
    var lines = ["title: (what export this reads)", "kind: bank"]
    if let delimiter, delimiter != UInt8(ascii: ",") {
      lines.append("delimiter: \(delimiter == 0x09 ? "\"\\t\"" : "\"\(Character(UnicodeScalar(delimiter)))\"")")
    }
    lines += ["columns:", "  date: \(date)"]
    if let d = find(["debit", "withdrawal", "soll"]), let c = find(["credit", "deposit", "haben"]) {
      lines += ["  inflow: \(c)", "  outflow: \(d)"]
    } else {
      lines.append("  amount: \(find(["amount", "betrag", "total", "value"]) ?? "Amount")")
    }
    if let r = find(["ref", "check", "number", "id"]) { lines.append("  reference: \(r)") }
    if let d = find(["description", "memo", "details", "text"]) { lines.append("  description: \(d)") }
    if let p = find(["payee", "name", "counterparty", "merchant", "customer"]) { lines.append("  counterparty: \(p)") }
    lines += ["dates:", "  format: auto", "amounts:", "  currency: USD"]
    return lines.joined(separator: "\n")
  }
}
