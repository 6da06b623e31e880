import TieoutCore

/// 1:1 by an identifier both rows carry, over a window far wider than the date window of
/// pairing by amount: a cheque clears days or weeks after it is written, and its number, on
/// both lines, says which line it is. The window runs forward: a left row (the bank's) may be
/// up to the rule's `days` after its right row (the books'), but at most the settings' window
/// before it, since a bank line earlier than its book entry by more than that says the books
/// are misdated (a date-outside-window exception). Equal amounts only (the same number on
/// another amount is an amount mismatch, among the exceptions). Runs for rules that name it
/// (`pass: shared-identifier`), such as the default `bank-gl-by-identifier`.
public struct SharedIdentifierPass: RulePass {
  public static let passName = "shared-identifier"
  public var name: String { SharedIdentifierPass.passName }
  public init() {}
  /// Only rules that name it: a 1:1 rule by default pairs by amount.
  public func takes(_ rule: MatchRule) -> Bool { false }
  public func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    state.pairBySharedIdentifier(rule, number)
  }
}

extension MatchState {
  /// Links each left row, in canonical order, with the right row of its currency and amount that
  /// shares its reference or one of its identifiers (`Evidence`), the nearest in date within
  /// the forward window, then the first in canonical order.
  mutating func pairBySharedIdentifier(_ rule: MatchRule, _ index: Int32) {
    readEvidence()
    let left = sourceIndexes(rule.left), right = sourceIndexes(rule.right)
    let lm = maskOf(left), rm = maskOf(right)
    // The right rows not yet linked, by each identifier they carry and by their reference.
    var byKey: [UInt64: [Int32]] = [:]
    func keys(_ r: Int32) -> [UInt64] {
      var out: [UInt64] = refKey(r) != 0 ? [UInt64(refKey(r)) | 1 << 32] : []
      if let evidence { out += evidence.identifiers(r).map { UInt64($0) } }
      return out
    }
    for r in eligibleRows(right, notLinkedWith: lm) { for k in keys(r) { byKey[k, default: []].append(r) } }
    guard !byKey.isEmpty else { return }
    for l in eligibleRows(left, notLinkedWith: rm) where !linkSet.isLinked(l, with: rm) {
      var best: (row: Int32, days: Int, key: UInt64, reference: Bool)?
      for k in keys(l) {
        for r in byKey[k] ?? [] where !linkSet.isLinked(r, with: lm) && amount(r) == amount(l) && currency(r) == currency(l) {
          // Days from the right row to the left: how much later the bank cleared it.
          let days = self.days(date(r), date(l), business: rule.businessDays)
          guard days <= rule.windowDays, -days <= settings.windowDays, !isForbidden(l, r) else { continue }
          if let b = best, (abs(b.days), b.key) <= (abs(days), key(r)) { continue }
          best = (r, days, key(r), k >> 32 == 1)
        }
      }
      guard let best else { continue }
      addLink(
        rule: index, left: CollectionOfOne(l), right: CollectionOfOne(best.row),
        reasons: best.reference ? .referenceEqual : .referenceInMemo, score: 95 - min(30, abs(best.days) / 3))
    }
  }
}
