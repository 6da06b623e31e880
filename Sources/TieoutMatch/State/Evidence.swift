import Foundation
import TieoutCore

/// What each row's free text says about which row it belongs with, beyond its amount and date:
/// the identifiers it carries anywhere (invoice and payment numbers, cheque numbers, trace and
/// payout ids) and the names it gives (a customer's, a vendor's). Read from the reference,
/// counterparty and description of every row of the sources a 1:1 rule pairs.
///
/// What counts as an identifier is learnt from the month, not from a list of prefixes: a word
/// with at least three digits and four characters ("INV-10460", "po_000011", "880009"), and its
/// run of digits ("10460" in "INV-10460", so "RCT-50284" meets "DEPOSIT 50284"); a name is two
/// words in a row ("HARBOR LABS", the second by its first four letters, as bank files cut names
/// short), or a counterparty's word of four letters or more. A token that many rows
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
  /// Per row, whether its reference or description names a cheque (a word of the cheque
  /// keywords, `Tokens.chequeWords`), a bit a row.
  private var cheques: [UInt64]

  static let identifierLimit = 4
  static func nameLimit(rows: Int) -> Int { max(64, rows / 100) }
  static let perRow = 4

  /// An empty index of `rows` rows.
  init(rows: Int) {
    starts = [UInt32](repeating: 0, count: 2 * rows + 1)
    signatures = [UInt32](repeating: 0, count: rows)
    cheques = [UInt64](repeating: 0, count: rows / 64 + 1)
  }

  /// The evidence of the rows of `sources` (indexes into `index.sources`): each row's text read
  /// once into tokens, the tokens counted per source, then each row's rarest kept.
  init(_ index: RowIndex, sources: [Int], cheque: [[UInt8]] = []) {
    let store = index.store
    guard !sources.isEmpty else {
      self.init(rows: store.count)
      return
    }
    let bucketShift = UInt32(32 - Evidence.bucketBits)
    // Each row's kept keys, source by source: where its identifiers start, its names start and
    // end in `chosen` (rows of no listed source keep none).
    var chosen: [UInt32] = []
    var spans = [(start: UInt32, names: UInt32, end: UInt32)](repeating: (0, 0, 0), count: store.count)
    var signaturesOut = [UInt32](repeating: 0, count: store.count)
    var chequesOut = [UInt64](repeating: 0, count: store.count / 64 + 1)
    var rarest = Rarest()
    var laps = Laps(indent: 4)
    // Each source's tokens, read on the cores there are: a source's rows are read by one.
    let read = Evidence.tokens(index, sources, chequeWords: Tokens.hashes(cheque))
    laps.lap("tokens read")
    for (n, s) in sources.enumerated() {
      let rows = index.rowsBySource[s]
      let (read, ends, counts, cheques) = (read[n].read, read[n].ends, read[n].counts, read[n].cheques)
      for k in cheques { chequesOut[Int(rows[k]) >> 6] |= 1 << (UInt64(rows[k]) & 63) }
      let nameLimit = Evidence.nameLimit(rows: rows.count)
      counts.withUnsafeBufferPointer { c in
        var start = 0
        for (n, r) in rows.enumerated() {
          let (i, e) = ends[n]
          var signature: UInt32 = 0
          let first = UInt32(chosen.count)
          rarest.choose(read[start..<i], counts: c, shift: bucketShift, limit: Evidence.identifierLimit)
          for k in rarest.keys {
            chosen.append(k)
            signature |= 1 << (k & 15)
          }
          let names = UInt32(chosen.count)
          rarest.choose(read[i..<e], counts: c, shift: bucketShift, limit: nameLimit)
          for k in rarest.keys {
            chosen.append(k)
            signature |= 1 << (16 + (k & 15))
          }
          spans[Int(r)] = (first, names, UInt32(chosen.count))
          signaturesOut[Int(r)] = signature
          start = e
        }
      }
    }
    laps.lap("rarest chosen")
    // In row order.
    var startsOut = [UInt32](repeating: 0, count: 2 * store.count + 1)
    var keysOut: [UInt32] = []
    keysOut.reserveCapacity(chosen.count)
    for r in 0..<store.count {
      let (first, names, end) = spans[r]
      startsOut[2 * r] = UInt32(keysOut.count)
      for i in Int(first)..<Int(names) { keysOut.append(chosen[i]) }
      startsOut[2 * r + 1] = UInt32(keysOut.count)
      for i in Int(names)..<Int(end) { keysOut.append(chosen[i]) }
    }
    startsOut[2 * store.count] = UInt32(keysOut.count)
    self.init(starts: startsOut, keys: keysOut, signatures: signaturesOut, cheques: chequesOut)
  }

  private init(starts: [UInt32], keys: [UInt32], signatures: [UInt32], cheques: [UInt64]) {
    self.starts = starts
    self.keys = keys
    self.signatures = signatures
    self.cheques = cheques
  }

  static let bucketBits = 20

  /// A token is counted in two buckets, of two hashes of its key, and its count is the smaller
  /// (a count-min sketch): a rare token looks common only when both its buckets meet common
  /// tokens, not when one does.
  @inline(__always) static func buckets(_ k: UInt32, shift: UInt32) -> (Int, Int) {
    (Int(k >> shift), Int((k &* 0x9E37_79B1) >> shift))
  }

  @inline(__always) static func count(_ k: UInt32, in c: UnsafeMutableBufferPointer<UInt16>, shift: UInt32) {
    let (a, b) = buckets(k, shift: shift)
    if c[a] < .max { c[a] += 1 }
    if b != a && c[b] < .max { c[b] += 1 }
  }

  @inline(__always) static func count(of k: UInt32, in c: UnsafeBufferPointer<UInt16>, shift: UInt32) -> Int {
    let (a, b) = buckets(k, shift: shift)
    return Int(min(c[a], c[b]))
  }

  /// Each of `sources`' tokens, row after row in the source's canonical order (identifiers,
  /// then names), where each row's names start and end, and how many rows carry each token, in
  /// two buckets of hashes of it (`count`: a collision only makes a token look commoner than it
  /// is). Sources are read at once, one a core. `cheques` lists the places, in the source's rows, of the rows
  /// naming a cheque (a word whose letters hash to one of `chequeWords`).
  static func tokens(_ index: RowIndex, _ sources: [Int], chequeWords: [UInt32]) -> [SourceTokens] {
    let bucketShift = UInt32(32 - bucketBits)
    let results = Results(count: sources.count)
    DispatchQueue.concurrentPerform(iterations: sources.count) { k in
      let rows = index.rowsBySource[sources[k]]
      var tokens = Tokens()
      tokens.chequeWords = chequeWords
      var read: [UInt32] = [], ends: [(names: Int, end: Int)] = [], cheques: [Int] = []
      ends.reserveCapacity(rows.count)
      var counts = [UInt16](repeating: 0, count: 1 << bucketBits)
      counts.withUnsafeMutableBufferPointer { c in
        for (n, r) in rows.enumerated() {
          tokens.read(index.store, Int(r))
          if tokens.namesCheque { cheques.append(n) }
          for k in tokens.identifiers {
            read.append(k)
            Evidence.count(k, in: c, shift: bucketShift)
          }
          let i = read.count
          for k in tokens.names {
            read.append(k)
            Evidence.count(k, in: c, shift: bucketShift)
          }
          ends.append((i, read.count))
        }
      }
      results.put(k, SourceTokens(read: read, ends: ends, counts: counts, cheques: cheques))
    }
    return results.all
  }

  /// One source's tokens, row after row, and what else its rows' texts said.
  struct SourceTokens {
    var read: [UInt32] = []
    var ends: [(names: Int, end: Int)] = []
    var counts: [UInt16] = []
    var cheques: [Int] = []
  }

  /// One result per source, each written by the one task that reads the source.
  private final class Results: @unchecked Sendable {
    private var items: [SourceTokens]
    private let lock = NSLock()
    init(count: Int) { items = Array(repeating: SourceTokens(), count: count) }
    func put(_ k: Int, _ value: SourceTokens) {
      lock.lock()
      items[k] = value
      lock.unlock()
    }
    var all: [SourceTokens] {
      lock.lock()
      defer { lock.unlock() }
      return items
    }
  }

  /// A row's `perRow` rarest tokens of those at most `limit` rows of its source carry, fewest
  /// rows first (ties by key), chosen without allocating.
  struct Rarest {
    private(set) var keys: [UInt32] = []
    private var rows: [Int] = []

    mutating func choose(_ tokens: ArraySlice<UInt32>, counts: UnsafeBufferPointer<UInt16>, shift: UInt32, limit: Int) {
      keys.removeAll(keepingCapacity: true)
      rows.removeAll(keepingCapacity: true)
      for k in tokens {
        let n = Evidence.count(of: k, in: counts, shift: shift)
        guard n <= limit else { continue }
        if keys.count == Evidence.perRow {
          guard (n, k) < (rows[keys.count - 1], keys[keys.count - 1]) else { continue }
          (keys[keys.count - 1], rows[keys.count - 1]) = (k, n)
        } else {
          keys.append(k)
          rows.append(n)
        }
        // Into its place, fewest rows first.
        var at = keys.count - 1
        while at > 0 && (rows[at - 1], keys[at - 1]) > (rows[at], keys[at]) {
          keys.swapAt(at, at - 1)
          rows.swapAt(at, at - 1)
          at -= 1
        }
      }
    }
  }

  /// Whether no row has any evidence.
  var isEmpty: Bool { keys.isEmpty && cheques.allSatisfy { $0 == 0 } }

  /// Whether row `r`'s reference or description names a cheque ("CHECK 20001", "Chk-7").
  @inline(__always) func namesCheque(_ r: Int32) -> Bool { cheques[Int(r) >> 6] & 1 << (UInt64(r) & 63) != 0 }

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

  /// Where, among row `a`'s names (rarest first), the first that row `b` gives too stands;
  /// nil when they give none in common. The smaller, the rarer the name they share.
  func sharedNameRank(_ a: Int32, _ b: Int32) -> Int? {
    guard signatures[Int(a)] & signatures[Int(b)] & 0xFFFF_0000 != 0 else { return nil }
    let theirs = names(b)
    return names(a).firstIndex { theirs.contains($0) }.map { $0 - Int(starts[2 * Int(a) + 1]) }
  }

  private func share(_ a: Int32, _ b: Int32, part: Int) -> Bool {
    let (a0, a1) = (Int(starts[2 * Int(a) + part]), Int(starts[2 * Int(a) + part + 1]))
    let (b0, b1) = (Int(starts[2 * Int(b) + part]), Int(starts[2 * Int(b) + part + 1]))
    for i in a0..<a1 where keys[b0..<b1].contains(keys[i]) { return true }
    return false
  }

  /// The identifiers and the names rows `a` and `b` of `store` have in common, as row `a`'s
  /// text writes them: what an explanation names ("INV-10460 in both texts"). Read by `Tokens`,
  /// the one definition of a token, with where each stands in row `a`'s text.
  static func shared(_ store: EntryStore, _ a: Int, _ b: Int) -> (identifiers: [String], names: [String]) {
    var theirs = Tokens()
    theirs.read(store, b)
    var mine = Tokens()
    let placed = mine.read(store, a, placing: true)
    var ids: [String] = [], names: [String] = []
    for p in placed where (p.identifier ? theirs.identifiers : theirs.names).contains(p.key) {
      let shown = String(decoding: mine.text[p.span], as: UTF8.self)
      if p.identifier { if !ids.contains(shown) { ids.append(shown) } } else if !names.contains(shown) { names.append(shown) }
    }
    return (ids, names)
  }

  /// The identifier and name tokens of one row's text, as keys, each once; read byte by
  /// byte, each word hashed as it goes.
  ///
  /// An identifier's key is `ReferenceText.key` of its text (upper-cased letters and digits,
  /// leading zeros dropped); the run of digits at its end hashes as a word of those digits
  /// would, so "RCT-50284" and "50284" share a key. A name's key is the hash of its upper-cased
  /// bytes; a pair of words mixes the first word's key with that of the second's first
  /// `stemLength` letters.
  struct Tokens {
    var identifiers: [UInt32] = []
    var names: [UInt32] = []
    /// The letters of the cheque keywords, hashed as a word's letters are (`hashes`).
    var chequeWords: [UInt32] = []
    /// Whether the text read last has, in its reference or description, a word whose letters
    /// are a cheque keyword ("CHECK 20001", "Chk-7", "CHEQUE"). Keywords that are not ASCII
    /// count only as the text writes them in upper case.
    private(set) var namesCheque = false

    /// `words` (upper-cased UTF-8) hashed as `Word` hashes a word's letters.
    static func hashes(_ words: [[UInt8]]) -> [UInt32] {
      words.map { w in w.reduce(seed) { c, b in b &- 0x30 < 10 ? c : fnv(c, b) } }
    }

    static let seed: UInt32 = 0x811c_9dc5
    /// Letters of a name's second word that a pair of words keys by.
    static let stemLength = 4
    @inline(__always) static func fnv(_ h: UInt32, _ b: UInt8) -> UInt32 { (h ^ UInt32(b)) &* 0x0100_0193 }

    /// The row's text, copied out of the store to be read in one loop.
    private(set) var text: [UInt8] = []

    /// A token and where it stands in `text`.
    struct Placed {
      let key: UInt32
      let identifier: Bool
      let span: Range<Int>
    }

    /// Reads row `r`'s reference, counterparty and description; with `placing`, also returns
    /// each token with where it stands (for explanations; matching reads without).
    @discardableResult mutating func read(_ store: EntryStore, _ r: Int, placing: Bool = false) -> [Placed] {
      text.removeAll(keepingCapacity: true)
      store.withTextFields(r, 3) { text.append(contentsOf: $0) }
      return tokenize(placing: placing)
    }

    /// Reads one text, as a row's reference would be read.
    mutating func read(text bytes: some Sequence<UInt8>) {
      text.removeAll(keepingCapacity: true)
      text.append(contentsOf: bytes)
      tokenize(placing: false)
    }

    @discardableResult private mutating func tokenize(placing: Bool) -> [Placed] {
      var word = Word()
      word.placing = placing
      word.chequeWords = chequeWords
      var ids = identifiers, found = names
      (identifiers, names) = ([], [])
      ids.removeAll(keepingCapacity: true)
      found.removeAll(keepingCapacity: true)
      for (i, b) in text.enumerated() { word.take(b, at: i, &ids, &found) }
      word.end(at: text.count, &ids, &found)
      (identifiers, names) = (ids, found)
      namesCheque = word.namesCheque
      return word.placed
    }

    /// The word being read: its length and digits; its identifier hash (leading zeros dropped)
    /// and the hash of its run of digits at the end; its name hash; the name word before it,
    /// when the two are in a row; and which field it is in.
    private struct Word {
      var length = 0, digits = 0
      var identifier = Tokens.seed, identifierLength = 0, leading = true
      var run = Tokens.seed, runLength = 0
      var name = Tokens.seed
      /// The hash of the word's first `stemLength` letters.
      var stem = Tokens.seed
      var previousName: UInt32 = 0
      var field = 0
      // Where the word, the word before it and the word's run of digits start; with `placing`,
      // each token kept with its place.
      var start = 0, previousStart = 0, runStart = 0
      var placing = false
      var placed: [Placed] = []
      var chequeWords: [UInt32] = []
      var namesCheque = false

      /// The next byte: letters and digits (and the bytes of a character that is not ASCII)
      /// make up words, `-` and `_` join their parts, anything else ends the word.
      @inline(__always) mutating func take(_ b: UInt8, at i: Int, _ ids: inout [UInt32], _ names: inout [UInt32]) {
        let c = b &- 0x61 < 26 ? b &- 0x20 : b
        let wordByte = c &- 0x30 < 10 || c &- 0x41 < 26 || c >= 0x80
        if wordByte && length == 0 { start = i }
        if c &- 0x30 < 10 {
          if runLength == 0 { runStart = i }
          length += 1
          digits += 1
          if !(c == 0x30 && leading) {
            identifier = Tokens.fnv(identifier, c)
            identifierLength += 1
            leading = false
          }
          if !(c == 0x30 && runLength == 0) {
            run = Tokens.fnv(run, c)
            runLength += 1
          }
        } else if c &- 0x41 < 26 || c >= 0x80 {
          length += 1
          identifier = Tokens.fnv(identifier, c)
          identifierLength += 1
          leading = true
          (run, runLength) = (Tokens.seed, 0)
          name = Tokens.fnv(name, c)
          if length - digits <= Tokens.stemLength { stem = name }
        } else if c == EntryStore.fieldSeparator {
          end(at: i, &ids, &names)
          previousName = 0
          field += 1
        } else if c != UInt8(ascii: "-") && c != UInt8(ascii: "_") {
          end(at: i, &ids, &names)
        }
      }

      /// The word ends: its tokens are added. Single words are names only in the counterparty
      /// field; elsewhere only pairs of words are ("ORIG CO NAME:HARBOR LABS" names HARBOR
      /// LABS, not ORIG).
      mutating func end(at i: Int, _ ids: inout [UInt32], _ names: inout [UInt32]) {
        defer {
          (length, digits) = (0, 0)
          (identifier, identifierLength, leading) = (Tokens.seed, 0, true)
          (run, runLength, name, stem) = (Tokens.seed, 0, Tokens.seed, Tokens.seed)
        }
        guard length > 0 else { return }
        if field != 1 && !chequeWords.isEmpty && length > digits && chequeWords.contains(name) { namesCheque = true }
        if digits == 0 {
          if length >= 4 && field == 1 { keep(name, identifier: false, start..<i, &names) }
          if length >= 3 {
            // The second word by its stem: bank files cut names short ("TIDEWATER SOFTWA", the
            // 16 characters of an ACH company name, is "Tidewater Software Co").
            if previousName != 0 { keep((previousName ^ 0x9E37_79B9) &* 0x85EB_CA6B ^ stem, identifier: false, previousStart..<i, &names) }
            previousName = name == 0 ? 1 : name
            previousStart = start
          } else {
            previousName = 0
          }
          return
        }
        previousName = 0
        guard digits >= 3, length >= 4 else { return }
        if identifierLength > 0 { keep(identifier, identifier: true, start..<i, &ids) }
        // The run of digits at its end, when letters come before it: "10460" of "INV-10460".
        if digits < length && runLength >= 4 { keep(run, identifier: true, runStart..<i, &ids) }
      }

      @inline(__always) private mutating func keep(_ k: UInt32, identifier: Bool, _ span: Range<Int>, _ list: inout [UInt32]) {
        Tokens.add(k, to: &list)
        if placing { placed.append(Placed(key: k == 0 ? 1 : k, identifier: identifier, span: span)) }
      }
    }

    @inline(__always) fileprivate static func add(_ k: UInt32, to list: inout [UInt32]) {
      let k = k == 0 ? 1 : k
      if !list.contains(k) { list.append(k) }
    }
  }
}
