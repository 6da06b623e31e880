import TieoutCore

/// Rows that carry one identifier (their reference, or one their texts carry: `Evidence`).
///
/// 1:1: by an identifier both rows carry, over a window far wider than the date window of
/// pairing by amount: a cheque clears days or weeks after it is written, and its number, on
/// both lines, says which line it is. The window runs forward: a left row (the bank's) may be
/// up to the rule's `days` after its right row (the books'), but at most the settings' window
/// before it, since a bank line earlier than its book entry by more than that says the books
/// are misdated (a date-outside-window exception). Equal amounts only (the same number on
/// another amount is an amount mismatch, among the exceptions).
///
/// N:1 and 1:N: the many side's rows, within the window, that carry an identifier of the one
/// side's row and add up to its amount, whatever their signs: a processor payout the books
/// record as its gross and its fee, both naming the payout ("Stripe payout po_10001",
/// "Stripe fees po_10001"), against the net the bank received ("ST-PO_10001").
///
/// Runs for rules that name it (`pass: shared-identifier`), such as the defaults
/// `bank-gl-by-identifier` and `gl-by-identifier-to-bank`.
public struct SharedIdentifierPass: RulePass {
  public static let passName = "shared-identifier"
  public var name: String { SharedIdentifierPass.passName }
  public init() {}
  /// Only rules that name it: a 1:1 rule by default pairs by amount.
  public func takes(_ rule: MatchRule) -> Bool { false }
  public func runs(_ rule: MatchRule) -> Bool { rule.cardinality != .manyToMany }
  public func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    switch rule.cardinality {
    case .oneToOne: state.pairBySharedIdentifier(rule, number)
    case .manyToOne, .oneToMany: state.batchesBySharedIdentifier(rule, number)
    case .manyToMany: state.note("rule \(rule.name): \(name) pairs 1:1, N:1 and 1:N rules; the rule was skipped")
    }
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
    let byKey = byIdentifier(eligibleRows(right, notLinkedWith: lm))
    guard !byKey.isEmpty else { return }
    for l in eligibleRows(left, notLinkedWith: rm) where !linkSet.isLinked(l, with: rm) {
      var best: (row: Int32, days: Int, key: UInt64, reference: Bool)?
      for k in identifierKeys(l) {
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

extension MatchState {
  /// Row `r`'s reference key (marked by bit 32) and its identifiers' keys, rarest first.
  func identifierKeys(_ r: Int32) -> [UInt64] {
    var out: [UInt64] = refKey(r) != 0 ? [UInt64(refKey(r)) | 1 << 32] : []
    if let evidence { out += evidence.identifiers(r).map { UInt64($0) } }
    return out
  }

  /// `rows` by each of their identifier keys (`identifierKeys`), each list in `rows`' order.
  func byIdentifier(_ rows: [Int32]) -> [UInt64: [Int32]] {
    var index: [UInt64: [Int32]] = [:]
    for r in rows { for k in identifierKeys(r) { index[k, default: []].append(r) } }
    return index
  }

  /// Most rows of the many side that share an identifier with the one side's row and are tried
  /// in their subsets when all of them do not add up to it.
  static let identifierBatchSearched = 6

  /// Links each one-side row, in canonical order, with the many side's rows within the window
  /// that carry one of its identifiers (its rarest first) and add up to its amount: all such
  /// rows of the identifier, else the largest subset of two or more of them (of up to
  /// `identifierBatchSearched`) that does, the first in canonical order; a second subset of
  /// that size that adds up as well makes the link ambiguous.
  mutating func batchesBySharedIdentifier(_ rule: MatchRule, _ index: Int32) {
    readEvidence()
    let sides = manyAndOne(rule)
    let mm = maskOf(sides.many), om = maskOf(sides.one)
    let byKey = byIdentifier(eligibleRows(sides.many, notLinkedWith: om))
    guard !byKey.isEmpty else { return }
    for o in eligibleRows(sides.one, notLinkedWith: mm) where !linkSet.isLinked(o, with: mm) {
      for k in identifierKeys(o) {
        let rows = (byKey[k] ?? []).filter { r in
          !linkSet.isLinked(r, with: om) && currency(r) == currency(o) && !isForbidden(r, o)
            && abs(days(date(o), date(r), business: rule.businessDays)) <= rule.windowDays
        }
        guard rows.count >= 2, let (chosen, ambiguous) = subsetAddingUp(rows, to: amount(o)) else { continue }
        var reasons: MatchLink.Reasons = k >> 32 == 1 ? .referenceEqual : .referenceInMemo
        if ambiguous { reasons.insert(.ambiguous) }
        linkBatch(
          rule: index, chosen, with: o, manyIsLeft: sides.manyIsLeft, reasons: reasons,
          score: batchScore(chosen, o, keyed: true, ambiguous: ambiguous))
        break
      }
    }
  }

  /// `rows` (two or more, in canonical order) if they add up to `target`, else their largest
  /// subset of two or more that does (of the first `identifierBatchSearched`), the first in
  /// canonical order, and whether another of its size does too.
  func subsetAddingUp(_ rows: [Int32], to target: Int64) -> (rows: [Int32], ambiguous: Bool)? {
    if rows.reduce(Int64(0), { $0 + amount($1) }) == target { return (rows, false) }
    let n = min(rows.count, MatchState.identifierBatchSearched)
    guard n >= 3 else { return nil }
    var best: (mask: Int, size: Int, ambiguous: Bool)?
    for mask in 1..<(1 << n) where mask != (1 << rows.count) - 1 {
      let size = mask.nonzeroBitCount
      guard size >= 2, size >= best?.size ?? 0 else { continue }
      var sum: Int64 = 0
      for i in 0..<n where mask & 1 << i != 0 { sum += amount(rows[i]) }
      guard sum == target else { continue }
      if let b = best, b.size == size {
        best?.ambiguous = true
      } else {
        best = (mask, size, false)
      }
    }
    guard let best else { return nil }
    return ((0..<n).filter { best.mask & 1 << $0 != 0 }.map { rows[$0] }, best.ambiguous)
  }
}
