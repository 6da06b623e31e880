import TieoutCore

/// A row's text fields as group keys read them: by field, hashed, compared normalized.
extension MatchState {
  /// The store's field number of a group key.
  static func fieldIndex(_ f: MatchRule.GroupKey) -> Int {
    switch f {
    case .reference: 0
    case .counterparty: 1
    case .description: 2
    case .account: 3
    }
  }

  /// The normalized-text hash of a row's field, from its bytes.
  mutating func fieldKey(_ r: Int32, _ f: MatchRule.GroupKey) -> UInt32 {
    f == .reference ? refKey(r) : store.withFieldBytes(Int(r), MatchState.fieldIndex(f)) { ReferenceText.key($0) }
  }

  /// Whether two rows' fields are equal once normalized (upper case, letters and digits,
  /// leading zeros dropped), compared on their bytes.
  func sameKey(_ a: Int32, _ fa: MatchRule.GroupKey, _ b: Int32, _ fb: MatchRule.GroupKey) -> Bool {
    store.withFieldBytes(Int(a), MatchState.fieldIndex(fa)) { x in
      store.withFieldBytes(Int(b), MatchState.fieldIndex(fb)) { y in ReferenceText.equal(x, y) }
    }
  }

  /// Whether row `r`'s reference or description holds the normalized batch id `key`, with the
  /// id's zeros as normalizing leaves them or as the text has them.
  func names(_ r: Int32, _ key: String) -> Bool {
    let f = store.fields(Int(r))
    var memo = f.reference + " " + f.description
    let id = ArraySlice(key.utf8)
    return memo.withUTF8 { m in
      ReferenceText.contains(ArraySlice(ReferenceText.squeezed(m)), id) || ReferenceText.contains(ArraySlice(ReferenceText.normalized(m)), id)
    }
  }

  /// A row's text in a group key's field.
  func groupText(_ r: Int32, _ field: MatchRule.GroupKey) -> String {
    switch field {
    case .reference: return store.reference(Int(r))
    case .counterparty: return store.fields(Int(r)).counterparty
    case .description: return store.fields(Int(r)).description
    case .account: return store.fields(Int(r)).account
    }
  }
}
