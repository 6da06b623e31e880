import TieoutCore

/// What each row's free text says about which row it belongs with, beyond its amount and date:
/// the identifiers it carries anywhere (invoice and payment numbers, cheque numbers, trace and
/// payout ids) and the names it gives (a customer's, a vendor's). Read from the reference,
/// counterparty and description of every row of the sources a 1:1 rule pairs.
///
/// What counts as an identifier is learnt from the month, not from a list of prefixes: a word
/// with at least three digits and four characters ("INV-10460", "po_000011", "880009"), and its
/// run of digits ("10460" in "INV-10460", so "RCT-50284" meets "DEPOSIT 50284"); a name is a
/// word of four letters or more, or two words in a row ("HARBOR LABS"). A token that many rows
/// of one source carry tells nothing about any of them (a date, an account number, "PAYMENTS",
/// the company's own name): an identifier counts in at most `identifierLimit` rows of a source,
/// a name in at most `nameLimit(rows:)`; each row keeps its `perRow` rarest of each.
struct Evidence {
  /// Per row, where its identifier keys and its name keys start in `keys`: `starts[2r]`,
  /// `starts[2r + 1]`, and the next row's `starts[2r + 2]`.
  private var starts: [UInt32]
  private var keys: [UInt32] = []
  /// Per row, a bit per identifier key (low 16 bits) and per name key (high 16 bits): a pair of
  /// rows can share a key only if their signatures share a bit.
  private(set) var signatures: [UInt32]

  static let identifierLimit = 4
  static func nameLimit(rows: Int) -> Int { max(64, rows / 100) }
  static let perRow = 4

  /// An empty index of `rows` rows.
  init(rows: Int) {
    starts = [UInt32](repeating: 0, count: 2 * rows + 1)
    signatures = [UInt32](repeating: 0, count: rows)
  }

  /// The evidence of the rows of `sources` (indexes into `index.sources`).
  init(_ index: RowIndex, sources: [Int]) {
    let store = index.store
    self.init(rows: store.count)
    guard !sources.isEmpty else { return }
    // How many rows of each source carry each token, counted in buckets of its hash: a
    // collision only counts a token as commoner than it is.
    let bucketBits = 20
    var counts = [[UInt8]](repeating: [], count: index.sources.count)
    var tokens = Tokens()
    for s in sources {
      var c = [UInt8](repeating: 0, count: 1 << bucketBits)
      for r in index.rowsBySource[s] {
        tokens.read(store, Int(r))
        for k in tokens.identifiers + tokens.names {
          let b = Int(k >> UInt32(32 - bucketBits))
          if c[b] < 255 { c[b] += 1 }
        }
      }
      counts[s] = c
    }
    var startsOut = [UInt32](repeating: 0, count: 2 * store.count + 1)
    var keysOut: [UInt32] = []
    var signaturesOut = [UInt32](repeating: 0, count: store.count)
    let wanted = Set(sources)
    for r in 0..<store.count {
      startsOut[2 * r] = UInt32(keysOut.count)
      let s = index.source(Int32(r))
      guard s >= 0, wanted.contains(s) else {
        startsOut[2 * r + 1] = UInt32(keysOut.count)
        continue
      }
      tokens.read(store, r)
      func rarest(_ list: [UInt32], limit: Int) -> [UInt32] {
        let counted = list.map { (key: $0, count: Int(counts[s][Int($0 >> UInt32(32 - bucketBits))])) }.filter { $0.count <= limit }
        return counted.sorted { ($0.count, $0.key) < ($1.count, $1.key) }.prefix(Evidence.perRow).map(\.key)
      }
      var signature: UInt32 = 0
      for k in rarest(tokens.identifiers, limit: Evidence.identifierLimit) {
        keysOut.append(k)
        signature |= 1 << (k & 15)
      }
      startsOut[2 * r + 1] = UInt32(keysOut.count)
      for k in rarest(tokens.names, limit: Evidence.nameLimit(rows: index.rowsBySource[s].count)) {
        keysOut.append(k)
        signature |= 1 << (16 + (k & 15))
      }
      signaturesOut[r] = signature
    }
    startsOut[2 * store.count] = UInt32(keysOut.count)
    starts = startsOut
    keys = keysOut
    signatures = signaturesOut
  }

  /// Whether no row has any evidence.
  var isEmpty: Bool { keys.isEmpty }

  /// Row `r`'s identifier keys and name keys.
  func identifiers(_ r: Int32) -> ArraySlice<UInt32> { keys[Int(starts[2 * Int(r)])..<Int(starts[2 * Int(r) + 1])] }
  func names(_ r: Int32) -> ArraySlice<UInt32> { keys[Int(starts[2 * Int(r) + 1])..<Int(starts[2 * Int(r) + 2])] }

  /// Whether rows `a` and `b` carry an identifier in common.
  @inline(__always) func shareIdentifier(_ a: Int32, _ b: Int32) -> Bool {
    signatures[Int(a)] & signatures[Int(b)] & 0xFFFF != 0 && share(a, b, part: 0)
  }

  /// Whether rows `a` and `b` give a name in common.
  @inline(__always) func shareName(_ a: Int32, _ b: Int32) -> Bool {
    signatures[Int(a)] & signatures[Int(b)] & 0xFFFF_0000 != 0 && share(a, b, part: 1)
  }

  private func share(_ a: Int32, _ b: Int32, part: Int) -> Bool {
    let (a0, a1) = (Int(starts[2 * Int(a) + part]), Int(starts[2 * Int(a) + part + 1]))
    let (b0, b1) = (Int(starts[2 * Int(b) + part]), Int(starts[2 * Int(b) + part + 1]))
    for i in a0..<a1 where keys[b0..<b1].contains(keys[i]) { return true }
    return false
  }

  /// The identifiers and the names rows `a` and `b` of `store` have in common, as row `a`'s
  /// text writes them: what an explanation names ("INV-10460 in both texts").
  static func shared(_ store: EntryStore, _ a: Int, _ b: Int) -> (identifiers: [String], names: [String]) {
    func words(_ r: Int) -> [(shown: String, normalized: String, identifier: Bool)] {
      let f = store.fields(r)
      var out: [(String, String, Bool)] = []
      for text in [f.reference, f.counterparty, f.description] {
        let parts = text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init)
        for (k, w) in parts.enumerated() {
          let n = ReferenceText.normalized(w), digits = n.count { $0.isNumber }
          if digits >= 3 && n.count >= 4 {
            out.append((w, n, true))
            // Its run of digits, as `Tokens` keeps it: "50284" of "RCT-50284".
            let run = String(n.reversed().prefix { $0.isNumber }.reversed().drop { $0 == "0" })
            if run.count >= 4 && run.count < n.count { out.append((run, run, true)) }
          }
          if digits == 0 && n.count >= 3 && k + 1 < parts.count {
            let next = ReferenceText.normalized(parts[k + 1])
            if next.count >= 3 && !next.contains(where: \.isNumber) { out.append((w + " " + parts[k + 1], n + next, false)) }
          }
        }
      }
      return out
    }
    let theirs = Set(words(b).map(\.normalized))
    var ids: [String] = [], names: [String] = []
    for w in words(a) where theirs.contains(w.normalized) {
      if w.identifier { if !ids.contains(w.shown) { ids.append(w.shown) } } else if !names.contains(w.shown) { names.append(w.shown) }
    }
    return (ids, names)
  }

  /// The identifier and name tokens of one row's text, as keys (`ReferenceText.key` of the
  /// token's normalized text), each once.
  struct Tokens {
    var identifiers: [UInt32] = []
    var names: [UInt32] = []
    private var word: [UInt8] = []
    private var previousName: [UInt8] = []

    mutating func read(_ store: EntryStore, _ r: Int) {
      identifiers.removeAll(keepingCapacity: true)
      names.removeAll(keepingCapacity: true)
      for field in 0..<3 {
        previousName.removeAll(keepingCapacity: true)
        store.withFieldBytes(r, field) { bytes in
          word.removeAll(keepingCapacity: true)
          for b in bytes { take(b) }
          take(0x20)
        }
      }
    }

    /// The next byte of the text: letters and digits (and any byte of a character that is not
    /// ASCII) make up words, `-` and `_` join their parts, anything else ends the word.
    private mutating func take(_ b: UInt8) {
      if b &- 0x61 < 26 {
        word.append(b &- 0x20)
      } else if b &- 0x41 < 26 || b &- 0x30 < 10 || b >= 0x80 {
        word.append(b)
      } else if b == UInt8(ascii: "-") || b == UInt8(ascii: "_") {
        return
      } else {
        end()
      }
    }

    private mutating func end() {
      defer { word.removeAll(keepingCapacity: true) }
      guard !word.isEmpty else { return }
      let digits = word.count { $0 &- 0x30 < 10 }
      if digits == 0 {
        if word.count >= 4 { addName(word) }
        if word.count >= 3 {
          if !previousName.isEmpty { addName(previousName + [0x20] + word) }
          previousName = word
        } else {
          previousName.removeAll(keepingCapacity: true)
        }
        return
      }
      previousName.removeAll(keepingCapacity: true)
      guard digits >= 3, word.count >= 4 else { return }
      addIdentifier(word)
      // The run of digits at its end, when it has letters before it: "10460" of "INV10460".
      if digits < word.count, let last = word.lastIndex(where: { $0 &- 0x30 >= 10 }) {
        let run = word[(last + 1)...].drop { $0 == 0x30 }
        if run.count >= 4 { addIdentifier(Array(run)) }
      }
    }

    private func key(_ text: [UInt8]) -> UInt32 { text.withUnsafeBufferPointer { ReferenceText.key($0) } }

    private mutating func addName(_ text: [UInt8]) {
      let k = key(text)
      if k != 0 && !names.contains(k) { names.append(k) }
    }

    private mutating func addIdentifier(_ text: [UInt8]) {
      let k = key(text)
      if k != 0 && !identifiers.contains(k) { identifiers.append(k) }
    }
  }
}
