/// The references of groups: a row with no reference of its own that is linked with rows that
/// have one carries theirs when a 1:1 rule ranks its candidates, so that a reference shared
/// through the group decides between candidates of equal amount before date and file order do.
extension Engine {
  /// Each group's reference key, by the group's root row: the smallest non-zero key of its
  /// rows (the smallest, so that it does not depend on the order the rows were linked in);
  /// nil when no linked row has a reference.
  mutating func groupReferences() -> [Int32: UInt32]? {
    var refs: [Int32: UInt32] = [:]
    for r in linkRows where refKey(r) != 0 {
      let root = find(r)
      let k = refKey(r)
      if let old = refs[root], old <= k { continue }
      refs[root] = k
    }
    return refs.isEmpty ? nil : refs
  }

  /// `list` with each linked row that has no reference given its group's.
  mutating func withGroupReferences(_ list: [Sorted], _ refs: [Int32: UInt32]) -> [Sorted] {
    var out = list
    for (k, s) in list.enumerated() where s.ref == 0 && mask[Int(s.row)] != 0 {
      guard let ref = refs[find(s.row)] else { continue }
      out[k] = Sorted(currency: s.currency, date: s.date, amount: s.amount, row: s.row, index: s.index, ref: ref)
    }
    return out
  }
}
