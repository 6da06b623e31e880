import TieoutCore

/// N:M: the rows of each side that share a batch id (`group_by`), linked batch with batch when
/// their sums agree.
struct ManyToManyPass: RulePass {
  let name = "many-to-many"
  func takes(_ rule: MatchRule) -> Bool { rule.cardinality == .manyToMany }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    state.manyToMany(rule, number, state.sourceIndexes(rule.left), state.sourceIndexes(rule.right))
  }
}

extension MatchState {
  /// Several rows with several rows, by a shared batch id on both sides.
  mutating func manyToMany(_ rule: MatchRule, _ index: Int32, _ left: [Int], _ right: [Int]) {
    guard let field = rule.groupBy else {
      notes.append("rule \(rule.name): N:M needs group_by; the rule was skipped")
      return
    }
    let lm = maskOf(left), rm = maskOf(right)
    func batches(_ rows: [Int32]) -> ([String: [Int32]], [String]) {
      var out: [String: [Int32]] = [:]
      var order: [String] = []
      for r in rows {
        let t = ReferenceText.normalized(groupText(r, field))
        guard !t.isEmpty else { continue }
        if out[t] == nil { order.append(t) }
        out[t, default: []].append(r)
      }
      return (out, order)
    }
    let (ls, order) = batches(eligibleRows(left, notLinkedWith: rm))
    let (rs, _) = batches(eligibleRows(right, notLinkedWith: lm))
    for t in order {
      guard let a = ls[t], let b = rs[t] else { continue }
      let sa = a.reduce(Int64(0)) { $0 + amount($1) }, sb = b.reduce(Int64(0)) { $0 + amount($1) }
      guard (sa - sb).magnitude <= UInt64(tolerance(rule, sa, a[0])) || sumRange(rule, sb, b[0]).contains(Int64(sa.magnitude)) && rule.feeBasisPoints > 0
      else { continue }
      let da = a.map(date).max() ?? 0, db = b.map(date).max() ?? 0
      guard abs(days(da, db, business: rule.businessDays)) <= rule.windowDays else { continue }
      guard !a.contains(where: { x in b.contains { isForbidden(x, $0) } }) else { continue }
      addLink(rule: index, left: a, right: b, reasons: .byGroupKey, score: 100 - 3 * abs(Int(db - da)) - (sa != sb ? 5 : 0))
    }
  }
}
