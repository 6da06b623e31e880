import TieoutCore

/// What the N:1 and 1:N passes share: which side is the many side, how a batch is linked with
/// its one row, and how sure such a link is.
extension MatchState {
  /// The sources of `rule`'s many side and of its one side, and whether the many side is the
  /// left one (N:1) or the right one (1:N).
  func manyAndOne(_ rule: MatchRule) -> (many: [Int], one: [Int], manyIsLeft: Bool) {
    let left = sourceIndexes(rule.left), right = sourceIndexes(rule.right)
    return rule.cardinality == .oneToMany ? (right, left, false) : (left, right, true)
  }

  /// Links `rows` of the many side with `target`, the one side's row, each on its rule side.
  mutating func linkBatch(
    rule index: Int32, _ rows: [Int32], with target: Int32, manyIsLeft: Bool, reasons: MatchLink.Reasons, score: Int
  ) {
    if manyIsLeft {
      addLink(rule: index, left: rows, right: [target], reasons: reasons, score: score)
    } else {
      addLink(rule: index, left: [target], right: rows, reasons: reasons, score: score)
    }
  }

  /// How sure a batch link is: less for rows days apart, for a batch found by amount alone
  /// (not `keyed`), for a sum that is not equal, and for a search that found another fit.
  func batchScore(_ rows: [Int32], _ target: Int32, keyed: Bool, ambiguous: Bool) -> Int {
    let spread = rows.map { abs(Int(date($0)) - Int(date(target))) }.max() ?? 0
    let diff = rows.reduce(Int64(0)) { $0 + amount($1) } - amount(target)
    return 100 - 3 * spread - (keyed ? 0 : 10) - (diff != 0 ? 5 : 0) - (ambiguous ? 30 : 0)
  }
}

extension MatchRule.Cardinality {
  /// Whether a side of the rule takes several rows.
  var hasManySide: Bool { self != .oneToOne }
}
