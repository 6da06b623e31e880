import TieoutCore
import TieoutMatch
import TieoutReports

/// The short account of a run printed on the terminal.
struct RunSummary {
  let r: Reconciliation
  init(_ r: Reconciliation) { self.r = r }

  var text: String {
    let cur = r.currency
    func money(_ m: Int64) -> String { Money.groupedString(m, digits: cur.minorDigits) + " " + cur.code }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func lpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    var lines = ["\(r.company): \(r.period.start) to \(r.period.end)"]
    lines.append("sources")
    for s in r.sources {
      let rejected = r.rejected.filter { $0.source == s.name }
      let errors = rejected.count { $0.disposition == .error }
      let ignored = rejected.count - errors
      var line = "  " + pad(s.name, 10) + pad(s.files.map(\.path).joined(separator: ","), 24)
      line += lpad("\(s.rows) rows", 12) + "  total " + lpad(money(s.total), 20)
      if errors > 0 { line += "  \(errors) rejected" }
      if ignored > 0 { line += "  \(ignored) ignored" }
      lines.append(line)
    }
    let statuses = MatchStatus.allCases.filter { r.groupCount($0) > 0 }.map { "\(r.groupCount($0)) \($0.name)" }
    lines.append(
      "matched     \(r.match.groups.count) groups, \(money(r.matchedAmount)) of bank lines"
        + (statuses.isEmpty ? "" : " (\(statuses.joined(separator: ", ")))"))
    let byKind = r.exceptionsByKind.filter { $0.count > 0 }
    lines.append("exceptions  \(r.match.exceptions.count)" + (byKind.isEmpty ? "" : ":"))
    for k in byKind {
      lines.append("  " + pad(k.kind.inSentence, 20) + lpad(String(k.count), 4) + "  " + lpad(money(k.amount), 20))
    }
    if !r.match.unpaired.isEmpty {
      let invoices = r.match.unpaired.count { r.kind(ofRow: Int($0)) == .invoices }
      let disputes = r.match.unpaired.count { r.kind(ofRow: Int($0)) == .disputes }
      let others = r.match.unpaired.count - invoices - disputes
      var parts: [String] = []
      if invoices > 0 { parts.append("\(invoices) open invoice\(invoices == 1 ? "" : "s") (no receipt names them)") }
      if disputes > 0 { parts.append("\(disputes) dispute\(disputes == 1 ? "" : "s")") }
      if others > 0 { parts.append("\(others) row\(others == 1 ? "" : "s") of sources no rule pairs") }
      lines.append("listed      " + parts.joined(separator: ", "))
    }
    for note in r.match.notes { lines.append("note: \(note)") }
    lines.append("unreconciled \(money(r.unreconciledAmount))")
    return lines.joined(separator: "\n")
  }
}
