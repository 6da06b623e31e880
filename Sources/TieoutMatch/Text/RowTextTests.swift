import TieoutCore

/// The text tests a rule applies to two rows, each defined once in ``ReferenceText`` and read
/// from the rows' texts made for the rule (`RowTexts`); asked about rows the rule's texts do
/// not hold (outside a rule), they make the two rows' texts.
extension MatchState {
  /// How strongly two rows' references agree under `test`; nil when the test fails.
  /// `ka` and `kb` are the rows' reference keys.
  func referenceStrength(_ a: Int32, _ b: Int32, _ ka: UInt32, _ kb: UInt32, _ test: MatchRule.ReferenceTest) -> (Int, MatchLink.Reasons)? {
    let equal = ka != 0 && ka == kb
    switch test {
    case .any:
      if equal { return (3, .referenceEqual) }
      guard let evidence else { return (0, []) }
      // Two cheques paid under different numbers are two cheques, whatever their amounts.
      let (own, other) = (refKey(a), refKey(b))
      if own != 0 && other != 0 && own != other && amount(a) < 0 && amount(b) < 0 && evidence.namesCheque(a) && evidence.namesCheque(b) {
        return nil
      }
      if evidence.shareIdentifier(a, b) { return (2, .referenceInMemo) }
      if evidence.shareName(a, b) { return (1, .counterpartySimilar) }
      return (0, [])
    case .equal:
      guard equal, sameKey(a, .reference, b, .reference) else { return nil }
      return (3, .referenceEqual)
    case .inMemo:
      if equal { return (3, .referenceEqual) }
      return inMemo(a, b) || inMemo(b, a) ? (2, .referenceInMemo) : nil
    case .similar:
      if equal { return (3, .referenceEqual) }
      if let similar = texts?.similarReferences(a, b) { return similar ? (1, .referenceSimilar) : nil }
      return RowTexts(store, rows: [a, b]).similarReferences(a, b) == true ? (1, .referenceSimilar) : nil
    }
  }

  /// Whether `a`'s reference (3 characters or more, normalized) is inside `b`'s reference or
  /// description.
  func inMemo(_ a: Int32, _ b: Int32) -> Bool {
    if let found = texts?.inMemo(a, b) { return found }
    return RowTexts(store, rows: [a, b]).inMemo(a, b) == true
  }

  /// Whether two rows' counterparties (else descriptions) share a word of four letters or more.
  func counterpartiesSimilar(_ a: Int32, _ b: Int32) -> Bool {
    if let shared = texts?.shareAWord(a, b) { return shared }
    return RowTexts(store, rows: [a, b]).shareAWord(a, b) == true
  }
}
