import Foundation
public import TieoutCore
import TieoutIO
public import TieoutMatch
public import TieoutImport
public import TieoutReports
import Yams

/// A month-end folder's `tieout.yaml`: the period, the sources and the match settings.
///
/// ```yaml
/// company: Northwind Medical Supply
/// period: 2026-10                 # a month, or { start: 2026-10-01, end: 2026-10-31 }
/// sources:
///   - name: bank
///     kind: bank                  # bank, ledger, receipts, invoices or disputes
///     template: bank-running-balance
///     files: [bank.csv]           # or, for a bank file: format: mt940, files: [october.sta]
///   - name: gl
///     kind: ledger
///     template: gl-journal-lines
///     files: [gl-cash.csv]
/// match:
///   window_days: 3                # the default rules' window, and the exception kinds'
///   rules:                        # optional: ordered rules replacing the defaults (README.md)
///     - { name: bank-gl, pair: [bank, gl], cardinality: "1:1", days: 3 }
///   decisions: decisions.yaml     # optional; this is the default name, read when it exists
///   holidays: [us-federal, 2026-12-24]   # days that are not business days, besides weekends
///   keywords: { fee: [FEE, Gebühr], cheque: [CHECK, Scheck] }   # optional; replace the standard lists
/// aging: { terms_days: 30, buckets: [30, 60, 90], limit: 10000.00 }   # AR aging of the invoices
/// max_errors: 100                 # bad rows per file before the import stops
/// ```
public struct RunConfig: Sendable {
  public struct Source: Sendable {
    public let name: String
    public let kind: SourceKind
    /// A template name (looked up in the folder's `templates/`, then the bundled ones) or a
    /// path; empty for a bank file read by its format, or for one to recognise by its header.
    public let template: String
    /// A bank-file format (`mt940`) read without a template; nil for CSV through `template`.
    public let format: InputFormat?
    /// Paths as written, relative to the folder of tieout.yaml.
    public let files: [String]
    /// Where the source is declared, for messages.
    public let location: SourceLocation
  }

  public let company: String
  public let period: Period
  public let sources: [Source]
  public let match: MatchSettings
  /// Manual decisions from the decisions file, applied before the rules.
  public let decisions: [MatchDecision]
  /// How open invoices are aged (`aging:`).
  public let aging: AgingSettings
  public let maxErrors: Int
  /// The folder holding tieout.yaml; file paths are relative to it.
  public let directory: String
  /// tieout.yaml's path as the user gave it, for messages.
  public let path: String
  /// The decisions file read, if any.
  public let decisionsPath: String?

  /// The path of `file` as tieout.yaml names it: relative to its folder unless absolute.
  public func path(of file: String) -> String { file.hasPrefix("/") ? file : directory + "/" + file }

  /// Reads and checks `path`.
  ///
  /// - Parameter inputsAnywhere: whether inputs (exports, templates named by path, the
  ///   decisions file) may lie outside the folder of tieout.yaml; by default they may not, so
  ///   that a copied or hostile tieout.yaml cannot read `../../etc/passwd` into a workbook.
  /// - Throws: ``TieoutError`` `bad-config` naming the file, line and column of the problem.
  public static func load(path: String, inputsAnywhere: Bool = false) throws(TieoutError) -> RunConfig {
    let data: [UInt8]
    do {
      data = try RegularFile.read(path: path, displayName: path)
    } catch where error.diagnostic.code == .fileNotFound {
      throw TieoutError(
        .fileNotFound, at: .wholeFile(path), error.diagnostic.message,
        hint: "tieout run DIR expects DIR/tieout.yaml; see README.md for its layout")
    }
    let text = String(decoding: data, as: UTF8.self)
    return try parse(yaml: text, path: path, inputsAnywhere: inputsAnywhere)
  }

  /// Parses tieout.yaml text; `path` is used for messages and to resolve relative file paths.
  public static func parse(yaml text: String, path: String, inputsAnywhere: Bool = false) throws(TieoutError) -> RunConfig {
    let root: Node
    do {
      guard let n = try Yams.compose(yaml: text) else {
        throw TieoutError(.badConfig, at: SourceLocation(file: path, line: 1), "the file is empty")
      }
      root = n
    } catch let e as TieoutError {
      throw e
    } catch {
      throw TieoutError(.badConfig, at: TemplateLoader.yamlLocation(error, file: path), "not valid YAML: \(error)")
    }
    let doc = YAMLView(node: root, file: path)
    guard doc.node.mapping != nil else { throw doc.error("expected a mapping with period and sources") }
    try KeySpec.config.check(root, file: path, code: .badConfig)

    let company = try doc.optional("company")?.string() ?? "Unnamed company"
    let period = try parsePeriod(try doc.required("period", hint: "e.g. period: 2026-10"))
    let dir = (path as NSString).deletingLastPathComponent
    /// Throws when `name` (relative to the folder unless absolute) lies outside the folder.
    func inside(_ name: String, _ view: YAMLView, _ what: String) throws(TieoutError) {
      guard !inputsAnywhere, !PathChecks.isInside(name, folder: dir.isEmpty ? "." : dir) else { return }
      throw view.error(
        "\(what) \(name) is outside the month folder; tieout reads a month's inputs from the folder of tieout.yaml",
        hint: "copy it into the folder, or run with --inputs-anywhere to read it where it is")
    }
    var sources: [Source] = []
    let list = try doc.required("sources", hint: "list the bank, GL and billing exports under sources:")
    guard let items = list.node.sequence else { throw list.error("sources must be a list (each item starts with -)") }
    for item in items {
      let s = YAMLView(node: item, file: path)
      let nameView = try s.required("name")
      let name = try nameView.string()
      guard !name.isEmpty, !sources.contains(where: { $0.name == name }) else {
        throw nameView.error("source names must be unique and not empty; \"\(name)\" is used twice")
      }
      let kindView = try s.required("kind", hint: "one of bank, ledger, receipts, invoices, disputes")
      guard let kind = SourceKind(rawValue: try kindView.string()) else {
        throw kindView.error(
          "unknown kind \"\(try kindView.string())\"; expected one of \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      var format: InputFormat?
      if let f = try s.optional("format") {
        let name = try f.string()
        guard name == "csv" || InputFormat(rawValue: name) != nil else {
          throw f.error("unknown format \"\(name)\"; expected csv or one of \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        format = InputFormat(rawValue: name)
      }
      // With neither, the run recognises the export by its content or header, and says so.
      let templateView = try s.optional("template")
      let template = try templateView?.string() ?? ""
      if let templateView, template.hasSuffix(".yaml") || template.hasSuffix(".yml") || template.contains("/") {
        try inside(template, templateView, "template")
      }
      let filesView = try s.required("files")
      var files: [String] = []
      for f in filesView.node.sequence ?? [filesView.node] {
        let view = YAMLView(node: f, file: path)
        let name = try view.string()
        try inside(name, view, "file")
        files.append(name)
      }
      guard !files.isEmpty else { throw filesView.error("a source needs at least one file") }
      sources.append(Source(name: name, kind: kind, template: template, format: format, files: files, location: s.location))
    }
    guard !sources.isEmpty else { throw list.error("sources is empty") }
    var settings = MatchSettings()
    var decisionsFile = (dir.isEmpty ? "" : dir + "/") + "decisions.yaml"
    var decisionsNamed = false
    if let m = try doc.optional("match") {
      if let w = try m.optional("window_days") {
        let v = try w.int()
        guard (0...60).contains(v) else { throw w.error("window_days must be between 0 and 60") }
        settings.windowDays = v
      }
      if let list = try m.optional("rules") {
        guard let items = list.node.sequence, !items.isEmpty else { throw list.error("rules must be a list of rules (each item starts with -)") }
        var rules: [MatchRule] = []
        for item in items {
          let rule = try parseRule(YAMLView(node: item, file: path), sources: sources, windowDays: settings.windowDays)
          guard !rules.contains(where: { $0.name == rule.name }) else {
            throw YAMLView(node: item, file: path).error("two rules are named \"\(rule.name)\"; rule names must be unique")
          }
          rules.append(rule)
        }
        settings.rules = rules
      }
      if let h = try m.optional("holidays") {
        settings.calendar = try Self.parseHolidays(h, period: period)
      }
      if let k = try m.optional("keywords") {
        settings.keywords = try Self.parseKeywords(k)
      }
      if let d = try m.optional("decisions") {
        let name = try d.string()
        try inside(name, d, "decisions file")
        decisionsFile = name.hasPrefix("/") ? name : (dir.isEmpty ? "" : dir + "/") + name
        decisionsNamed = true
      }
    }
    var decisions: [MatchDecision] = []
    let decisionsRead = FileManager.default.fileExists(atPath: decisionsFile)
    if decisionsRead {
      decisions = try DecisionsFile.load(path: decisionsFile)
    } else if decisionsNamed {
      throw TieoutError(.fileNotFound, at: .wholeFile(decisionsFile), "cannot read the decisions file \(decisionsFile)")
    }
    var aging = AgingSettings()
    if let a = try doc.optional("aging") {
      guard a.node.mapping != nil else { throw a.error("aging is a mapping: { terms_days: 30, buckets: [30, 60, 90] }") }
      if let t = try a.optional("terms_days") {
        aging.termsDays = try t.int()
        guard (0...365).contains(aging.termsDays) else { throw t.error("terms_days must be between 0 and 365") }
      }
      if let b = try a.optional("buckets") {
        guard let seq = b.node.sequence, !seq.isEmpty else { throw b.error("buckets is a list of day limits: [30, 60, 90]") }
        var days: [Int] = []
        for n in seq { days.append(try YAMLView(node: n, file: path).int()) }
        guard days.allSatisfy({ (1...3650).contains($0) }), zip(days, days.dropFirst()).allSatisfy({ $0 < $1 }) else {
          throw b.error("buckets must be increasing day limits from 1 to 3650, such as [30, 60, 90]")
        }
        aging.buckets = days
      }
      if let l = try a.optional("limit") {
        guard let minor = Money.parseMinor(try l.string(), digits: 2), minor > 0 else {
          throw l.error("limit is an amount such as 10000.00")
        }
        aging.limit = minor
      }
    }
    var maxErrors = 100
    if let m = try doc.optional("max_errors") {
      maxErrors = try m.int()
      guard maxErrors >= 0 else { throw m.error("max_errors must be 0 or more") }
    }
    return RunConfig(
      company: company, period: period, sources: sources, match: settings, decisions: decisions, aging: aging,
      maxErrors: maxErrors,
      directory: dir.isEmpty ? "." : dir, path: path, decisionsPath: decisionsRead ? decisionsFile : nil)
  }

  /// Reads one rule of `match.rules`.
  static func parseRule(_ v: YAMLView, sources: [Source], windowDays: Int) throws(TieoutError) -> MatchRule {
    guard v.node.mapping != nil else { throw v.error("a rule is a mapping with name, pair and cardinality") }
    let name = try v.required("name").string()
    let pairView = try v.required("pair", hint: "e.g. pair: [bank, gl]")
    guard let pair = pairView.node.sequence, pair.count == 2 else { throw pairView.error("pair must name two sides: [bank, gl]") }
    func side(_ n: Node) throws(TieoutError) -> MatchRule.Side {
      let view = YAMLView(node: n, file: v.file)
      let text = try view.string()
      if sources.contains(where: { $0.name == text }) { return .source(text) }
      if text == "gl" || text == "ledger" { return .kind(.ledger) }
      if let k = SourceKind(rawValue: text) { return .kind(k) }
      throw view.error(
        "\"\(text)\" is neither a source name nor a kind; use one of \((sources.map(\.name) + ["bank", "gl", "receipts", "invoices"]).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }.joined(separator: ", "))")
    }
    var rule = MatchRule(name: name, left: try side(pair[0]), right: try side(pair[1]), windowDays: windowDays)
    if let c = try v.optional("cardinality") {
      guard let card = MatchRule.Cardinality(rawValue: try c.string()) else {
        throw c.error("cardinality must be one of \(MatchRule.Cardinality.allCases.map(\.rawValue).joined(separator: ", ")) (left:right)")
      }
      rule.cardinality = card
    }
    if let a = try v.optional("amount") {
      if a.node.mapping != nil {
        if let w = try a.optional("within") {
          // As many decimal digits as written: 0.50 is half a unit of each row's currency.
          let text = try w.string()
          let digits = text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
          guard digits <= 6, let minor = Money.parseMinor(text, digits: digits), minor >= 0 else {
            throw w.error("within must be an amount such as 0.50")
          }
          rule.amount = .within(minor, digits: digits)
        } else if let p = try a.optional("within_percent") {
          guard let bp = Money.parseMinor(try p.string(), digits: 2), (0...10_000).contains(bp) else {
            throw p.error("within_percent must be a percentage such as 1.5")
          }
          rule.amount = .withinBasisPoints(Int(bp))
        } else {
          throw a.error("amount is `equal`, `partial`, { within: 0.50 } or { within_percent: 1 }")
        }
      } else {
        switch try a.string() {
        case "equal": rule.amount = .equal
        case "partial": rule.amount = .partial
        default: throw a.error("amount is `equal`, `partial`, { within: 0.50 } or { within_percent: 1 }")
        }
      }
    }
    if let d = try v.optional("days"), (try? d.string()) == "any" {
      rule.windowDays = MatchRule.anyDays
    } else if let d = try v.optional("days") {
      if d.node.mapping != nil {
        rule.windowDays = try d.required("days").int()
        if let b = try d.optional("business") { rule.businessDays = try b.string() == "true" }
      } else {
        rule.windowDays = try d.int()
      }
      // Pairing by a shared identifier looks further: a cheque clears months after it is written.
      var most = 60
      if let p = try v.optional("pass"), try p.string() == SharedIdentifierPass.passName { most = 366 }
      guard (0...most).contains(rule.windowDays) else {
        throw d.error("days must be between 0 and \(most)\(most == 60 ? " (up to 366 with pass: \(SharedIdentifierPass.passName))" : "")")
      }
    }
    if let r = try v.optional("reference") {
      guard let t = MatchRule.ReferenceTest(rawValue: try r.string()) else {
        throw r.error("reference is one of \(MatchRule.ReferenceTest.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      rule.reference = t
    }
    if let c = try v.optional("counterparty") {
      guard let t = MatchRule.CounterpartyTest(rawValue: try c.string()) else { throw c.error("counterparty is any or similar") }
      rule.counterparty = t
    }
    if let g = try v.optional("group_by") {
      guard let k = MatchRule.GroupKey(rawValue: try g.string()) else {
        throw g.error("group_by is one of \(MatchRule.GroupKey.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      rule.groupBy = k
    }
    if let f = try v.optional("fee_percent") {
      guard let bp = Money.parseMinor(try f.string(), digits: 2), (0..<10_000).contains(bp) else {
        throw f.error("fee_percent must be a percentage below 100, such as 3.5")
      }
      rule.feeBasisPoints = Int(bp)
    }
    if let m = try v.optional("max_items") {
      rule.maxItems = try m.int()
      guard (1...50).contains(rule.maxItems) else { throw m.error("max_items must be between 1 and 50") }
    }
    if let m = try v.optional("min_items") {
      rule.minItems = try m.int()
      guard (1...1_000).contains(rule.minItems) else { throw m.error("min_items must be between 1 and 1000") }
      guard rule.groupBy != nil else { throw m.error("min_items applies to rules with group_by (a batch's rows)") }
    }
    if let s = try v.optional("status") {
      switch try s.string() {
      case "confirmed": rule.confirmed = true
      case "suggested": rule.confirmed = false
      default: throw s.error("status is confirmed or suggested")
      }
    }
    if let p = try v.optional("pass") {
      let name = try p.string()
      guard let pass = RulePasses.builtIn.first(where: { $0.name == name }) else {
        throw p.error("pass is one of \(RulePasses.builtIn.map(\.name).joined(separator: ", "))")
      }
      guard pass.runs(rule) else {
        throw p.error("pass \(name) does not run \(rule.cardinality.rawValue) rules like this one")
      }
      rule.pass = name
    }
    if case .partial = rule.amount, rule.cardinality == .oneToOne || rule.cardinality == .manyToMany {
      throw v.error("amount: partial applies to N:1 and 1:N rules (payments on an invoice)")
    }
    if rule.cardinality == .manyToMany && rule.groupBy == nil {
      throw v.error("an N:M rule needs group_by: the batch id both sides carry")
    }
    if rule.feeBasisPoints > 0 && rule.cardinality == .oneToOne {
      throw v.error("fee_percent applies to 1:N and N:1 rules (a payout and its payments)")
    }
    return rule
  }

  static func parsePeriod(_ v: YAMLView) throws(TieoutError) -> Period {
    if v.node.mapping != nil {
      let start = try v.required("start"), end = try v.required("end")
      guard let s = Day(iso: try start.string()) else { throw start.error("start must be a date like 2026-10-01") }
      guard let e = Day(iso: try end.string()) else { throw end.error("end must be a date like 2026-10-31") }
      guard let p = Period(start: s, end: e) else { throw end.error("the period ends before it starts") }
      return p
    }
    let text = try v.string()
    let parts = text.split(separator: "-")
    if parts.count == 2, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let first = Day(year: y, month: m, day: 1) {
      return Period(monthOf: first)
    }
    throw v.error("period must be a month like 2026-10, or start: and end: dates")
  }
}

extension KeySpec {
  /// tieout.yaml.
  static let config = KeySpec.mapping([
    "company": .any,
    "period": .mapping(["start": .any, "end": .any]),
    "sources": .list(.mapping(["name": .any, "kind": .any, "template": .any, "format": .any, "files": .any])),
    "match": .mapping([
      "window_days": .any, "holidays": .any, "decisions": .any, "keywords": .mapping(["fee": .any, "cheque": .any, "returned": .any]),
      "rules": .list(
        .mapping([
          "name": .any, "pair": .any, "cardinality": .any, "amount": .mapping(["within": .any, "within_percent": .any]),
          "days": .mapping(["days": .any, "business": .any]), "reference": .any, "counterparty": .any, "group_by": .any,
          "fee_percent": .any, "max_items": .any, "min_items": .any, "status": .any, "pass": .any,
        ])),
    ]),
    "aging": .mapping(["terms_days": .any, "buckets": .any, "limit": .any]),
    "max_errors": .any,
  ])

  /// The decisions file.
  static let decisions = KeySpec.mapping([
    "decisions": .list(.mapping(["force": .any, "forbid": .any, "by": .any, "reason": .any]))
  ])
}

extension RunConfig {
  /// `keywords:` — `fee:` and `cheque:`, each a list of words replacing the standard one.
  static func parseKeywords(_ v: YAMLView) throws(TieoutError) -> Keywords {
    guard v.node.mapping != nil else { throw v.error("keywords is a mapping: { fee: [FEE, Gebühr], cheque: [CHECK, Scheck] }") }
    var keywords = Keywords.standard
    func words(_ w: YAMLView) throws(TieoutError) -> [String] {
      guard let items = w.node.sequence, !items.isEmpty else { throw w.error("a keyword list is a list of words: [FEE, Gebühr]") }
      var out: [String] = []
      for item in items {
        let word = try YAMLView(node: item, file: w.file).string().trimmingCharacters(in: .whitespaces)
        guard !word.isEmpty else { throw YAMLView(node: item, file: w.file).error("a keyword is empty") }
        out.append(word)
      }
      return out
    }
    if let f = try v.optional("fee") { keywords.fee = try words(f) }
    if let c = try v.optional("cheque") { keywords.cheque = try words(c) }
    if let r = try v.optional("returned") { keywords.returned = try words(r) }
    return keywords
  }

  /// `holidays:` — a named calendar (`us-federal`), dates (`2026-12-24`), or a list of both.
  /// Named calendars cover the period's years and the ones either side, so windows that cross
  /// the year see both years' holidays.
  static func parseHolidays(_ v: YAMLView, period: Period) throws(TieoutError) -> BusinessCalendar {
    let items = v.node.sequence.map { $0.map { YAMLView(node: $0, file: v.file) } } ?? [v]
    var calendar = BusinessCalendar.weekends
    var dates: [Day] = []
    for item in items {
      let text = try item.string()
      if let d = Day(iso: text) {
        dates.append(d)
      } else if text == "us-federal" {
        calendar = calendar.adding(.usFederal(years: (period.start.components.year - 1)...(period.end.components.year + 1)))
      } else {
        throw item.error(
          "holidays are dates (2026-12-24) or a calendar (us-federal), not \"\(text)\"",
          hint: "us-federal: the days the Federal Reserve Banks close, so US banks post nothing")
      }
    }
    return calendar.adding(BusinessCalendar(dates: dates))
  }
}

/// A YAML node with the file it came from, for located errors.
struct YAMLView {
  let node: Node
  let file: String

  var location: SourceLocation {
    SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column)
  }

  func error(_ message: String, hint: String? = nil) -> TieoutError {
    TieoutError(.badConfig, at: location, message, hint: hint)
  }

  func optional(_ key: String) throws(TieoutError) -> YAMLView? {
    guard let map = node.mapping else { throw error("expected a mapping") }
    return map[key].map { YAMLView(node: $0, file: file) }
  }

  func required(_ key: String, hint: String? = nil) throws(TieoutError) -> YAMLView {
    guard let v = try optional(key) else { throw error("missing key `\(key)`", hint: hint) }
    return v
  }

  func string() throws(TieoutError) -> String {
    guard let s = node.scalar?.string else { throw error("expected a single value") }
    return s
  }

  func int() throws(TieoutError) -> Int {
    guard let s = node.scalar?.string, let i = Int(s) else { throw error("expected a whole number") }
    return i
  }
}

extension RunConfig.Source {
  /// The same source read through `template`.
  func with(template: String) -> RunConfig.Source {
    RunConfig.Source(name: name, kind: kind, template: template, format: nil, files: files, location: location)
  }

  /// The same source read as `format`.
  func with(format: InputFormat) -> RunConfig.Source {
    RunConfig.Source(name: name, kind: kind, template: "", format: format, files: files, location: location)
  }
}
