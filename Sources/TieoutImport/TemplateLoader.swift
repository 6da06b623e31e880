import Foundation
public import TieoutCore
import TieoutIO
import Yams

/// Reads mapping templates from YAML.
///
/// A template file looks like this (every key but `columns.date` and an amount is optional):
///
/// ```yaml
/// title: Generic bank CSV, one signed amount
/// kind: bank
/// delimiter: ","                # "," ";" "|" or "\t"
/// encoding: auto                # utf-8, windows-1252, utf-16le, utf-16be
/// header_row: 1
/// columns:
///   date: Date
///   amount: Amount            # or: inflow: Credit / outflow: Debit
///   reference: Reference
///   counterparty: Payee
///   description: Description
/// dates: { format: MM/dd/yyyy }
/// amounts: { decimal: ".", thousands: ",", currency: USD,
///            negatives: [minus, parentheses, trailing-minus, cr-suffix], invert: false }
/// ignore:
///   - { column: Description, starts_with: Total }
/// ```
public enum TemplateLoader {
  struct File: Decodable {
    struct Columns: Decodable {
      var date: String
      var amount: String?
      var inflow: String?
      var outflow: String?
      var reference: String?
      var counterparty: String?
      var description: String?
      var account: String?
      var due_date: String?
      var service_date: String?
      var resolved_date: String?
      var group: String?
      var balance: String?
    }
    struct Dates: Decodable { var format: String? }
    struct Mark: Decodable {
      var column: String
      var debit: [String]?
      var credit: [String]?
    }
    struct Amounts: Decodable {
      var mark: Mark?
      var decimal: String?
      var thousands: String?
      var currency: String?
      var negatives: [String]?
      var invert: Bool?
    }
    struct Ignore: Decodable {
      var column: String
      var equals: String?
      var starts_with: String?
      var contains: String?
      var empty: Bool?
    }
    var title: String?
    var kind: String?
    var delimiter: String?
    var encoding: String?
    var header_row: Int?
    var columns: Columns
    var dates: Dates?
    var amounts: Amounts?
    var ignore: [Ignore]?
  }

  /// Loads the template at `path`, named after its file.
  ///
  /// - Parameter displayPath: the path used in messages.
  /// - Throws: ``TieoutError`` `bad-template` naming the file and what is wrong.
  public static func load(path: String, displayPath: String? = nil) throws(TieoutError) -> Template {
    let shown = displayPath ?? path
    let data = try RegularFile.read(path: path, displayName: shown)
    guard let text = String(validating: data, as: UTF8.self) else {
      throw TieoutError(.badTemplate, at: .wholeFile(shown), "template \(shown) is not UTF-8 text")
    }
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    return try parse(yaml: text, name: name, origin: shown)
  }

  /// Parses template YAML text.
  public static func parse(yaml text: String, name: String, origin: String) throws(TieoutError) -> Template {
    // Unknown keys first: a misspelt key would otherwise be dropped by the decoder. YAML that
    // does not parse is left to the decoder, which locates the error.
    if let node = try? Yams.compose(yaml: text) { try KeySpec.template.check(node, file: origin, code: .badTemplate) }
    let file: File
    do {
      file = try YAMLDecoder().decode(File.self, from: text)
    } catch {
      throw TieoutError(.badTemplate, at: yamlLocation(error, file: origin), "template is not valid: \(yamlMessage(error))")
    }
    func bad(_ message: String, hint: String? = nil) -> TieoutError {
      TieoutError(.badTemplate, at: .wholeFile(origin), message, hint: hint)
    }

    let amount: Template.AmountColumns
    switch (file.columns.amount, file.columns.inflow, file.columns.outflow) {
    case (let a?, nil, nil): amount = .signed(a)
    case (nil, let i?, let o?): amount = .split(inflow: i, outflow: o)
    default:
      throw bad(
        "columns must name either `amount` (one signed column) or both `inflow` and `outflow`",
        hint: "for a GL export with Debit and Credit columns: inflow: Debit, outflow: Credit")
    }
    var kind: SourceKind?
    if let k = file.kind {
      guard let parsed = SourceKind(rawValue: k) else {
        throw bad("unknown kind \"\(k)\"; expected one of \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      kind = parsed
    }
    var delimiter = UInt8(ascii: ",")
    if let d = file.delimiter {
      let resolved = d == "\\t" || d == "tab" ? "\t" : d
      guard resolved.utf8.count == 1, let byte = resolved.utf8.first else {
        throw bad("delimiter must be one character, got \"\(d)\"")
      }
      delimiter = byte
    }
    var encoding = TextEncoding.auto
    if let e = file.encoding {
      guard let parsed = TextEncoding(rawValue: e.lowercased()) else {
        throw bad("unknown encoding \"\(e)\"; expected \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      encoding = parsed
    }
    var dateFormat = DateFormat.iso
    if let f = file.dates?.format {
      guard let parsed = DateFormat(f) else {
        throw bad("date format \"\(f)\" needs a year (yyyy or yy), a month (MM or MMM) and a day (dd)")
      }
      dateFormat = parsed
    }
    var amountFormat = AmountFormat()
    if let a = file.amounts {
      if let d = a.decimal {
        guard d.count == 1, let c = d.first else { throw bad("amounts.decimal must be one character") }
        amountFormat.decimal = c
      }
      if let t = a.thousands {
        guard t.count <= 1 else { throw bad("amounts.thousands must be one character or empty") }
        amountFormat.thousands = t.first
      }
      if amountFormat.thousands == amountFormat.decimal {
        throw bad("amounts.decimal and amounts.thousands must differ")
      }
      if let c = a.currency {
        guard c.count == 3, c.allSatisfy(\.isLetter) else { throw bad("amounts.currency must be an ISO 4217 code such as USD") }
        amountFormat.currency = Currency(code: c)
      }
      if let n = a.negatives {
        var styles = Set<AmountFormat.NegativeStyle>()
        for s in n {
          guard let style = AmountFormat.NegativeStyle(rawValue: s) else {
            throw bad("unknown negative style \"\(s)\"; expected minus, parentheses, trailing-minus or cr-suffix")
          }
          styles.insert(style)
        }
        amountFormat.negativeStyles = styles
      }
    }
    var rules: [Template.IgnoreRule] = []
    for r in file.ignore ?? [] {
      let test: Template.IgnoreRule.Test
      if let s = r.equals { test = .equals(s) }
      else if let s = r.starts_with { test = .startsWith(s) }
      else if let s = r.contains { test = .contains(s) }
      else if r.empty == true { test = .isEmpty }
      else { throw bad("ignore rule for column \"\(r.column)\" needs equals, starts_with, contains or empty: true") }
      rules.append(Template.IgnoreRule(column: r.column, test: test))
    }
    let headerRow = file.header_row ?? 1
    guard headerRow >= 0 else { throw bad("header_row is 1-based (0 for a file without a header)") }
    var template = Template(
      name: name, title: file.title ?? name, kind: kind, delimiter: delimiter, encoding: encoding, headerRow: headerRow,
      date: file.columns.date, amount: amount, reference: file.columns.reference,
      counterparty: file.columns.counterparty, description: file.columns.description,
      account: file.columns.account, dateFormat: dateFormat, amountFormat: amountFormat,
      invertSign: file.amounts?.invert ?? false,
      mark: file.amounts?.mark.map {
        Template.Mark(column: $0.column, debit: $0.debit ?? ["DR", "D", "debit"], credit: $0.credit ?? ["CR", "C", "credit"])
      },
      group: file.columns.group, ignore: rules, origin: origin)
    template.balance = file.columns.balance
    template.extraDateColumns[.due] = file.columns.due_date
    template.extraDateColumns[.service] = file.columns.service_date
    template.extraDateColumns[.resolved] = file.columns.resolved_date
    return template
  }

  /// Every `*.yaml` template in `directory`, sorted by name.
  public static func loadAll(directory: String) throws(TieoutError) -> [Template] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var result: [Template] = []
    for n in names.sorted() where n.hasSuffix(".yaml") || n.hasSuffix(".yml") {
      result.append(try load(path: directory + "/" + n, displayPath: directory + "/" + n))
    }
    return result
  }

  /// The location a Yams parse error points at, or the file as a whole.
  public static func yamlLocation(_ error: any Error, file: String) -> SourceLocation {
    if case DecodingError.dataCorrupted(let ctx) = error, let inner = ctx.underlyingError {
      return yamlLocation(inner, file: file)
    }
    if let y = error as? YamlError, case .scanner(_, _, let mark, _) = y {
      return SourceLocation(file: file, line: mark.line, column: mark.column)
    }
    if let y = error as? YamlError, case .parser(_, _, let mark, _) = y {
      return SourceLocation(file: file, line: mark.line, column: mark.column)
    }
    return .wholeFile(file)
  }

  static func yamlMessage(_ error: any Error) -> String {
    if case DecodingError.dataCorrupted(let ctx) = error, let inner = ctx.underlyingError {
      return yamlMessage(inner)
    }
    if let d = error as? DecodingError {
      switch d {
      case .keyNotFound(let key, let ctx):
        let path = (ctx.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
        return "missing key `\(path)`"
      case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
        let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
        return "`\(path)`: \(ctx.debugDescription)"
      @unknown default: return String(describing: d)
      }
    }
    if let y = error as? YamlError, case .scanner(_, let problem, _, _) = y { return problem }
    if let y = error as? YamlError, case .parser(_, let problem, _, _) = y { return problem }
    return String(describing: error)
  }
}
