import TieoutCore

/// N:1 (or 1:N) where the many side's `group_by` text names the one side's reference
/// (`reference: equal`): receipts naming the invoice they pay, in full or, with
/// `amount: partial`, in part; one receipt naming several invoices pays them all.
struct KeyedToReferencePass: RulePass {
  let name = "keyed-to-reference"
  func takes(_ rule: MatchRule) -> Bool {
    rule.cardinality.hasManySide && rule.cardinality != .manyToMany && rule.groupBy != nil && rule.reference == .equal
  }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    guard let field = rule.groupBy else { return }
    let sides = state.manyAndOne(rule)
    state.keyedToReference(rule, number, field: field, many: sides.many, one: sides.one, manyIsLeft: sides.manyIsLeft)
  }
}

extension MatchState {
  /// N:1 where the many side's key names the one side's reference: the receipts that name an
  /// invoice, with the invoice. With `amount: partial` the payments may add up to less than the
  /// invoice (a partial payment); the rest stays open.
  mutating func keyedToReference(
    _ rule: MatchRule, _ index: Int32, field: MatchRule.GroupKey, many: [Int], one: [Int], manyIsLeft: Bool
  ) {
    let mm = maskOf(many), om = maskOf(one)
    // Both sides as (key hash, row), sorted, then joined: no dictionary of arrays. Each row
    // carries its canonical key, which the one side's best row is chosen on, so no comparison
    // reads the store. The rows come in canonical order, so a stable radix sort by hash orders
    // them by (hash, key).
    func keyed(_ rows: [Int32], _ f: MatchRule.GroupKey) -> [Keyed] {
      var out: [Keyed] = []
      out.reserveCapacity(rows.count)
      for r in rows {
        let h = fieldKey(r, f)
        guard h != 0 else { continue }
        let text = store.withFieldBytes(Int(r), MatchState.fieldIndex(f)) { Keyed.Text($0) }
        out.append(Keyed(hash: h, row: r, key: key(r), amount: amount(r), date: date(r), currency: currency(r), text: text))
      }
      RadixSort.sort(&out, keys: out.map { UInt64($0.hash) }, bits: 32)
      return out
    }
    let ones = keyed(eligibleRows(one, notLinkedWith: mm), .reference)
    guard !ones.isEmpty else { return }
    let bits = (many: RowIndex.sideBit(many), one: RowIndex.sideBit(one))
    let manys = keyed(eligibleRows(many, notLinkedWith: om), field)
    var i = 0, j = 0
    while i < manys.count && j < ones.count {
      let h = manys[i].hash
      if ones[j].hash < h {
        j += 1
        continue
      }
      var iEnd = i
      while iEnd < manys.count && manys[iEnd].hash == h { iEnd += 1 }
      defer { i = iEnd }
      guard ones[j].hash == h else { continue }
      var jEnd = j
      while jEnd < ones.count && ones[jEnd].hash == h { jEnd += 1 }
      // Split by the key's text (hashes can collide), then find the one row it names. Nearly
      // always every row shares the first one's text: one split, no arrays.
      let first = manys[i]
      if manys[(i + 1)..<iEnd].allSatisfy({ sameKey(first, field, $0, field) }) {
        linkNamed(rule, index, field: field, many: manys[i..<iEnd], ones: ones[j..<jEnd], mm, manyIsLeft, bits: bits)
      } else {
        var split: [[Keyed]] = []
        for r in manys[i..<iEnd] {
          if let k = split.firstIndex(where: { sameKey($0[0], field, r, field) }) { split[k].append(r) } else { split.append([r]) }
        }
        for rows in split {
          linkNamed(rule, index, field: field, many: rows[...], ones: ones[j..<jEnd], mm, manyIsLeft, bits: bits)
        }
      }
    }
    severalPerRow(rule, index, field: field, many: many, one: one, manyIsLeft: manyIsLeft, ones: ones)
  }

  /// A row with the hash of a key field, its canonical key and the values the join reads: taken
  /// in canonical order, they are read from here in hash order, where reading the store would
  /// read it at random.
  struct Keyed {
    let hash: UInt32
    let row: Int32
    let key: UInt64
    let amount: Int64
    let date: Int32
    let currency: Int32
    let text: Text

    /// A key's normalized text, kept here when it is ASCII and 15 bytes or fewer (most ids):
    /// the join compares rows in hash order, where reading their texts from the store would
    /// read it at random, two texts a group. 16 bytes, the last one the count, so that a keyed
    /// row is 48 bytes.
    struct Text: Equatable {
      /// The bytes, then in the top byte their count (0–15), or `elsewhere`.
      private let words: (UInt64, UInt64)
      static let elsewhere: UInt64 = 0xFF

      init(_ field: UnsafeBufferPointer<UInt8>) {
        var words: (UInt64, UInt64) = (0, 0)
        var count: UInt64 = 0
        if var normalized = NormalizedBytes(field) {
          while let b = normalized.next() {
            guard count < 15 else {
              count = Text.elsewhere
              break
            }
            if count < 8 { words.0 |= UInt64(b) << (8 * count) } else { words.1 |= UInt64(b) << (8 * (count - 8)) }
            count += 1
          }
        } else {
          count = Text.elsewhere
        }
        words.1 |= count << 56
        self.words = words
      }

      var isKept: Bool { words.1 >> 56 != Text.elsewhere }
      static func == (a: Text, b: Text) -> Bool { a.words == b.words }
    }
  }

  /// `sameKey` on two keyed rows, from the texts they keep when both do.
  func sameKey(_ a: Keyed, _ fa: MatchRule.GroupKey, _ b: Keyed, _ fb: MatchRule.GroupKey) -> Bool {
    a.text.isKept && b.text.isKept ? a.text == b.text : sameKey(a.row, fa, b.row, fb)
  }

  /// Links `rows` (the many side's rows sharing one key text) with the row of `ones` (rows whose
  /// reference hashes like it) that the key names and whose amount fits, if any.
  private mutating func linkNamed(
    _ rule: MatchRule, _ index: Int32, field: MatchRule.GroupKey, many rows: ArraySlice<Keyed>, ones: ArraySlice<Keyed>,
    _ mm: UInt32, _ manyIsLeft: Bool, bits: (many: UInt32?, one: UInt32?)
  ) {
    guard let first = rows.first else { return }
    let c = first.currency
    var sum: Int64 = 0
    var latest = Int32.min
    for r in rows {
      guard r.currency == c else { return }
      sum += r.amount
      latest = max(latest, r.date)
    }
    var best: (one: Keyed, diff: UInt64)?
    for o in ones where linkSet.mask[Int(o.row)] & mm == 0 && o.currency == c {
      guard sameKey(first, field, o, .reference), (o.amount > 0) == (sum > 0) else { continue }
      if rule.paysInPart {
        guard sum.magnitude <= o.amount.magnitude else { continue }
      } else {
        guard (sum - o.amount).magnitude <= UInt64(tolerance(rule, o.amount, o.row)) else { continue }
      }
      guard abs(days(o.date, latest, business: rule.businessDays)) <= rule.windowDays,
        !rows.contains(where: { isForbidden($0.row, o.row) })
      else { continue }
      let diff = (sum - o.amount).magnitude
      if let b = best, (b.diff, b.one.key) <= (diff, o.key) { continue }
      best = (o, diff)
    }
    guard let best else { return }
    var reasons: MatchLink.Reasons = [.byGroupKey, .referenceEqual]
    if sum != best.one.amount { reasons.insert(.partial) }
    let o = best.one
    let manyBits = bits.many ?? rows.reduce(UInt32(0)) { $0 | sourceBit($1.row) }, oneBits = bits.one ?? sourceBit(o.row)
    if manyIsLeft {
      let known = LinkSet.Summary(bits: (manyBits, oneBits), difference: sum - o.amount, days: Int16(clamping: Int(o.date) - Int(latest)))
      addLink(rule: index, left: rows.lazy.map(\.row), right: CollectionOfOne(o.row), known, reasons: reasons, score: 100)
    } else {
      let known = LinkSet.Summary(bits: (oneBits, manyBits), difference: o.amount - sum, days: Int16(clamping: Int(latest) - Int(o.date)))
      addLink(rule: index, left: CollectionOfOne(o.row), right: rows.lazy.map(\.row), known, reasons: reasons, score: 100)
    }
  }

  /// One payment covering several invoices: a row of the many side whose key text names two or
  /// more rows of the one side ("INV-1042, INV-1043"), and whose amount is at most their sum,
  /// is linked with all of them. What each is paid is allocated oldest first
  /// (``MatchResult/paidOnInvoices(_:)``).
  mutating func severalPerRow(
    _ rule: MatchRule, _ index: Int32, field: MatchRule.GroupKey, many: [Int], one: [Int], manyIsLeft: Bool,
    ones: [Keyed]
  ) {
    let mm = maskOf(many), om = maskOf(one)
    // Rows whose text has two or more id-like words (split at spaces, commas, semicolons,
    // slashes); the index of the one side is built only when there are any.
    var candidates: [(row: Int32, words: [String])] = []
    for r in eligibleRows(many, notLinkedWith: om) {
      let words = groupText(r, field).split { " ,;/&".contains($0) }.map(String.init).filter { ReferenceText.normalized($0).count >= 3 }
      if words.count >= 2 { candidates.append((r, words)) }
    }
    guard !candidates.isEmpty else { return }
    var byHash: [UInt32: [Int32]] = [:]
    for o in ones where linkSet.mask[Int(o.row)] & mm == 0 { byHash[o.hash, default: []].append(o.row) }
    for (r, words) in candidates {
      var targets: [Int32] = []
      for w in words {
        let h = ReferenceText.key(w)
        guard let rows = byHash[h] else { continue }
        let n = ReferenceText.normalized(w)
        if let o = rows.first(where: { o in
          linkSet.mask[Int(o)] & mm == 0 && !targets.contains(o) && currency(o) == currency(r) && (amount(o) > 0) == (amount(r) > 0)
            && ReferenceText.normalized(store.reference(Int(o))) == n && !isForbidden(r, o)
        }) {
          targets.append(o)
        }
      }
      guard targets.count >= 2 else { continue }
      let total = targets.reduce(Int64(0)) { $0 + amount($1) }
      let paid = amount(r)
      if rule.paysInPart {
        guard paid.magnitude <= total.magnitude else { continue }
      } else {
        guard (paid - total).magnitude <= UInt64(tolerance(rule, total, r)) else { continue }
      }
      targets.sort { key($0) < key($1) }
      var reasons: MatchLink.Reasons = [.byGroupKey, .referenceEqual]
      if paid != total { reasons.insert(.partial) }
      if manyIsLeft {
        addLink(rule: index, left: [r], right: targets, reasons: reasons, score: 95)
      } else {
        addLink(rule: index, left: targets, right: [r], reasons: reasons, score: 95)
      }
    }
  }
}
