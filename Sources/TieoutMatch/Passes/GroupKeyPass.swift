import TieoutCore

/// N:1 (or 1:N) by a batch or payout id: the many side's rows that share their `group_by`
/// text (at least `min_items` of them) are one batch, linked with the one side's row whose
/// amount is the batch's sum (or short of it by the fee share, when that row names the batch).
struct GroupKeyPass: RulePass {
  let name = "group-key"
  func takes(_ rule: MatchRule) -> Bool { rule.cardinality.hasManySide && rule.cardinality != .manyToMany && rule.groupBy != nil }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    guard let field = rule.groupBy else { return }
    let sides = state.manyAndOne(rule)
    state.batchesByKey(rule, number, field: field, many: sides.many, one: sides.one, manyIsLeft: sides.manyIsLeft)
  }
}

extension MatchState {
  /// Links each batch of the many side (rows sharing `field`'s text) with the one side's row it
  /// adds up to.
  mutating func batchesByKey(_ rule: MatchRule, _ index: Int32, field: MatchRule.GroupKey, many: [Int], one: [Int], manyIsLeft: Bool) {
    let mm = maskOf(many), om = maskOf(one)
    let ones = sortedSide(one, notLinkedWith: mm)
    // Batches by the id's hash first (no String per row: a month holds ~500k receipts), then
    // split by the id's text where two ids share a hash.
    var byHash: [UInt32: [Int32]] = [:]
    var hashes: [UInt32] = []
    for r in eligibleRows(many, notLinkedWith: om) {
      let h = fieldKey(r, field)
      guard h != 0 else { continue }
      if byHash[h] == nil { hashes.append(h) }
      byHash[h, default: []].append(r)
    }
    var batches: [(text: String, rows: [Int32])] = []
    readEvidence()
    var tokens = Evidence.Tokens()
    for h in hashes {
      guard let rows = byHash[h], rows.count >= rule.minItems else { continue }
      var split: [(String, [Int32])] = []
      for r in rows {
        let t = ReferenceText.normalized(groupText(r, field))
        if let k = split.firstIndex(where: { $0.0 == t }) { split[k].1.append(r) } else { split.append((t, [r])) }
      }
      batches += split.map { (text: $0.0, rows: $0.1) }
    }
    for (text, rows) in batches where rows.count >= rule.minItems {
      guard Set(rows.map(currency)).count == 1 else { continue }
      let sum = rows.reduce(Int64(0)) { $0 + amount($1) }
      guard sum != 0 else { continue }
      let latest = rows.map(date).max() ?? 0
      // The one side's amount t is the sum, or short of it by at most the fee share.
      let c = currency(rows[0])
      let tol = tolerance(rule, sum, rows[0])
      let fee = Money.share(Int64(sum.magnitude), times: Int64(max(0, rule.feeBasisPoints)), over: 10_000, roundingUp: true)
      let (lo, hi) = sum > 0 ? (sum - fee - tol, sum + tol) : (sum - tol, sum + fee + tol)
      // Ties go to the first in canonical order: `index`, in one sorted list.
      var best: (row: Int32, diff: UInt64, days: Int, index: Int32)?
      // The identifiers of the batch's id, as `Evidence` keys them: read when a line short of
      // the sum may name the batch.
      var batchKeys: [UInt32]?
      var k = SortedRow.lowerBound(ones, 0, ones.count, c, lo, Int32.min)
      var scanned = 0
      while k < ones.count, ones[k].currency == c, ones[k].amount <= hi, scanned < MatchState.scanLimit {
        let o = ones[k]
        k += 1
        scanned += 1
        guard o.amount != 0, (o.amount > 0) == (sum > 0), linkSet.mask[Int(o.row)] & mm == 0 else { continue }
        guard sumRange(rule, o.amount, o.row).contains(Int64(sum.magnitude)) else { continue }
        // Short of the sum (a fee) only when the line names the batch: a sum that merely
        // comes close is a guess, which the amount-search rules make, as suggestions.
        // One row is a batch only where the line names it (a payout of one payment): a
        // receipt's own number is no batch, and pairing it by amount is a 1:1 rule's work.
        // Whether it names it is read from the text only where the rows' keys say it may (the
        // same reference, or an identifier in common): a fee band holds thousands of lines.
        if o.amount != sum || rows.count == 1, batchKeys == nil {
          tokens.read(text: text.utf8)
          batchKeys = tokens.identifiers
        }
        guard (o.amount == sum && rows.count > 1) || (mayName(o.row, rows[0], batchKeys ?? []) && names(o.row, text)) else { continue }
        let dd = days(latest, o.date, business: rule.businessDays)
        guard abs(dd) <= rule.windowDays, !rows.contains(where: { isForbidden($0, o.row) }) else { continue }
        let cand = (row: o.row, diff: (sum - o.amount).magnitude, days: abs(dd), index: o.index)
        if let b = best, (b.diff, b.days, b.index) <= (cand.diff, cand.days, cand.index) { continue }
        best = cand
      }
      if let best {
        linkBatch(rule: index, rows, with: best.row, manyIsLeft: manyIsLeft, reasons: .byGroupKey, score: batchScore(rows, best.row, keyed: true, ambiguous: false))
      }
    }
  }

  /// Whether row `a` may name the batch row `b` belongs to, whose text's identifier keys are
  /// `keys`: they have a reference key in common, or `a` keeps one of those identifiers
  /// (`Evidence`); without evidence, or when the batch's text has no identifier ("po_1Q9NWMS"
  /// has two digits), any row may. (A batch's id is on many of its rows, too
  /// many for the evidence of those rows to keep it, so the batch's text is read for it.)
  func mayName(_ a: Int32, _ b: Int32, _ keys: [UInt32]) -> Bool {
    guard let evidence, !keys.isEmpty else { return true }
    return (refKey(a) != 0 && refKey(a) == refKey(b)) || evidence.identifiers(a).contains { keys.contains($0) }
  }
}
