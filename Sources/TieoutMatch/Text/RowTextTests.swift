import TieoutCore

/// The text tests a rule applies to two rows, each defined once in ``ReferenceText`` and read
/// from the rows' texts made for the rule (`RowTexts`).
extension MatchState {
  /// How strongly two rows' references agree under `test`; nil when the test fails.
  /// `ka` and `kb` are the rows' reference keys.
  func referenceStrength(_ a: Int32, _ b: Int32, _ ka: UInt32, _ kb: UInt32, _ test: MatchRule.ReferenceTest) -> (Int, MatchLink.Reasons)? {
    let equal = ka != 0 && ka == kb
    switch test {
    case .any:
      return equal ? (3, .referenceEqual) : (0, [])
    case .equal:
      guard equal, sameKey(a, .reference, b, .reference) else { return nil }
      return (3, .referenceEqual)
    case .inMemo:
      if equal { return (3, .referenceEqual) }
      return inMemo(a, b) || inMemo(b, a) ? (2, .referenceInMemo) : nil
    case .similar:
      if equal { return (3, .referenceEqual) }
      return rowTexts(a, b).similarReferences(a, b) == true ? (1, .referenceSimilar) : nil
    }
  }

  /// Whether `a`'s reference (3 characters or more, normalized) is inside `b`'s reference or
  /// description.
  func inMemo(_ a: Int32, _ b: Int32) -> Bool { rowTexts(a, b).inMemo(a, b) == true }

  /// Whether two rows' counterparties (else descriptions) share a word of four letters or more.
  func counterpartiesSimilar(_ a: Int32, _ b: Int32) -> Bool { rowTexts(a, b).shareAWord(a, b) == true }

  /// The texts made for the rule being paired, which hold both rows; made for the two alone
  /// when asked outside a rule.
  private func rowTexts(_ a: Int32, _ b: Int32) -> RowTexts {
    if let texts, texts.holds(a), texts.holds(b) { return texts }
    return RowTexts(store, rows: [a, b])
  }
}
