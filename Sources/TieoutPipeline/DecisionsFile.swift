import Foundation
public import TieoutCore
import TieoutIO
public import TieoutMatch
import TieoutImport
import Yams

/// The decisions file beside tieout.yaml (`decisions.yaml`): matches a person forces or forbids.
///
/// ```yaml
/// decisions:
///   - force: [bank.csv:118, gl-cash.csv:240]     # rows as the workbook shows them (File:line)
///     by: Dana Whitfield
///     reason: wire booked 9 days late; confirmed with the bank on 2026-11-03
///   - forbid: [bank.csv:52, gl-cash.csv:97]
///     by: Dana Whitfield
///     reason: same amount, different customers
/// ```
///
/// Every decision needs `by` and `reason`: an auditor reads them in the workbook and the JSON.
public enum DecisionsFile {
  public static func load(path: String) throws(TieoutError) -> [MatchDecision] {
    let data = try RegularFile.read(path: path, displayName: path)
    return try parse(yaml: String(decoding: data, as: UTF8.self), path: path)
  }

  public static func parse(yaml text: String, path: String) throws(TieoutError) -> [MatchDecision] {
    let root: Node
    do {
      guard let n = try Yams.compose(yaml: text) else { return [] }
      root = n
    } catch {
      throw TieoutError(.badConfig, at: TemplateLoader.yamlLocation(error, file: path), "not valid YAML: \(error)")
    }
    try KeySpec.decisions.check(root, file: path, code: .badConfig)
    let doc = YAMLView(node: root, file: path)
    let list = try doc.required("decisions", hint: "the file holds `decisions:`, a list of force/forbid items")
    guard let items = list.node.sequence else { throw list.error("decisions must be a list (each item starts with -)") }
    var out: [MatchDecision] = []
    for item in items {
      let v = YAMLView(node: item, file: path)
      let force = try v.optional("force"), forbid = try v.optional("forbid")
      guard (force == nil) != (forbid == nil), let rowsView = force ?? forbid else {
        throw v.error("a decision has either force: [rows] or forbid: [rows]")
      }
      guard let seq = rowsView.node.sequence, seq.count >= 2 else {
        throw rowsView.error("name at least two rows, as the workbook shows them: [bank.csv:118, gl-cash.csv:240]")
      }
      var rows: [SourceLocation] = []
      for n in seq {
        let rv = YAMLView(node: n, file: path)
        let text = try rv.string()
        guard let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]), line > 0 else {
          throw rv.error("\"\(text)\" is not file:line (e.g. bank.csv:118)")
        }
        rows.append(SourceLocation(file: String(text[..<colon]), line: line))
      }
      let by = try v.required("by", hint: "who decided: an auditor will ask").string()
      let reason = try v.required("reason", hint: "why: an auditor will ask").string()
      out.append(MatchDecision(action: force != nil ? .force : .forbid, rows: rows, by: by, reason: reason, location: v.location))
    }
    try checkConflicts(out)
    return out
  }

  /// Throws when a decision forbids two rows that another forces together: the file contradicts itself.
  static func checkConflicts(_ decisions: [MatchDecision]) throws(TieoutError) {
    for (k, d) in decisions.enumerated() {
      for e in decisions[..<k] where e.action != d.action {
        let (forced, forbidden) = d.action == .force ? (d, e) : (e, d)
        let together = forbidden.rows.filter { forced.rows.contains($0) }
        guard together.count >= 2 else { continue }
        throw TieoutError(
          .badConfig, at: d.location,
          "this decision \(d.action == .force ? "forces" : "forbids") \(together[0]) with \(together[1]), which the decision on line \(e.location.line) \(e.action == .force ? "forces" : "forbids"); one of them must go")
      }
    }
  }
}
