import Foundation
public import TieoutCore
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
    return out
  }
}
