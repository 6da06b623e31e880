import TieoutCore

/// A person's decisions, applied before any rule: forced groups become manual links, and
/// forbidden pairs are never linked by a rule.
extension MatchState {
  /// Applies `list`; a decision that names a row not imported, or a row another decision
  /// forces, is noted and ignored.
  mutating func apply(_ list: [MatchDecision]) {
    decisions = list
    guard !list.isEmpty else { return }
    var wanted: [String: Set<Int>] = [:]
    for d in list { for l in d.rows { wanted[l.file, default: []].insert(l.line) } }
    var found: [SourceLocation: Int32] = [:]
    for i in 0..<store.count {
      let o = store.originOf(i)
      if let lines = wanted[o.file], lines.contains(store.line(i)) {
        found[SourceLocation(file: o.file, line: store.line(i))] = Int32(i)
      }
    }
    for (k, d) in list.enumerated() {
      var rows: [Int32] = []
      for l in d.rows {
        if let r = found[SourceLocation(file: l.file, line: l.line)] {
          rows.append(r)
        } else {
          notes.append("\(d.location): decision names \(l.file):\(l.line), which is not an imported row; the decision is ignored")
        }
      }
      guard rows.count == d.rows.count, rows.count >= 2 else { continue }
      switch d.action {
      case .forbid:
        for a in rows { for b in rows where a < b { linkSet.forbid(a, b) } }
      case .force:
        if rows.contains(where: { linkSet.mask[Int($0)] != 0 }) {
          notes.append("\(d.location): a row of this decision is already in another decision; the decision is ignored")
          continue
        }
        let first = source(rows[0])
        addLink(
          rule: -1 - Int32(k), left: rows.filter { source($0) == first }, right: rows.filter { source($0) != first },
          reasons: .manual, score: 100)
      }
    }
  }
}
