import TieoutCore

/// The references of groups: a row with no reference of its own that is linked with rows that
/// have one carries theirs when a 1:1 rule ranks its candidates, so that a reference shared
/// through the group decides between candidates of equal amount before date and file order do.
extension MatchState {
  /// Each group's reference key, at the index of the group's root row (0: none): the smallest
  /// non-zero key of its rows, so that it does not depend on the order the rows were linked in.
  /// An array the size of the store rather than a dictionary: at 1M linked rows it is filled in
  /// a few milliseconds. nil when no linked row has a reference.
  mutating func groupReferences() -> [UInt32]? {
    var refs: [UInt32] = []
    for r in linkSet.linkRows where refKey(r) != 0 {
      if refs.isEmpty { refs = [UInt32](repeating: 0, count: store.count) }
      let root = Int(find(r)), k = refKey(r)
      if refs[root] == 0 || k < refs[root] { refs[root] = k }
    }
    return refs.isEmpty ? nil : refs
  }

  /// `list` with each linked row that has no reference given its group's.
  mutating func withGroupReferences(_ list: [SortedRow], _ refs: [UInt32]) -> [SortedRow] {
    var out = list
    for (k, s) in list.enumerated() where s.ref == 0 && linkSet.mask[Int(s.row)] != 0 {
      let ref = refs[Int(find(s.row))]
      guard ref != 0 else { continue }
      out[k] = SortedRow(currency: s.currency, date: s.date, amount: s.amount, row: s.row, index: s.index, ref: ref)
    }
    return out
  }
}
