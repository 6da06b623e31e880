public import TieoutCore

/// Settings of the first matching pass.
public struct MatchSettings: Hashable, Sendable {
  /// The largest number of calendar days between a bank date and a GL date that still match.
  public var windowDays: Int

  public init(windowDays: Int = 3) { self.windowDays = windowDays }
}

/// The matcher's output: every row it was given ends in exactly one of these.
public struct MatchResult: Sendable {
  public var groups: [MatchGroup]
  public var exceptions: [ReconException]
  /// Rows of sources that no rule pairs (billing exports, until three-way matching), in
  /// canonical order.
  public var unpaired: [Int32]

  public init(groups: [MatchGroup], exceptions: [ReconException], unpaired: [Int32]) {
    self.groups = groups
    self.exceptions = exceptions
    self.unpaired = unpaired
  }
}

/// Pairs bank lines with GL lines one to one.
///
/// A bank line and a GL line match when their amounts are equal and their dates are at most
/// ``MatchSettings/windowDays`` apart. Where several candidates qualify, an equal reference wins,
/// then the nearer date, then the earlier position in the files. Because every tie is broken on
/// the rows' own values and locations (source, file, line), shuffling the input never changes
/// the result.
///
/// Bank and GL lines left over are exceptions: an amount mismatch when the two share a
/// reference within the window, otherwise missing in GL or missing in bank.
///
/// ```swift
/// let result = Matcher(settings: .init(windowDays: 3)).match(store, bank: bankRows, ledger: glRows)
/// ```
public struct Matcher: Sendable {
  public let settings: MatchSettings

  public init(settings: MatchSettings = MatchSettings()) { self.settings = settings }

  private struct Candidate {
    let bank: Int32  // canonical rank among bank rows
    let gl: Int32  // canonical rank among GL rows
    let referenceEqual: Bool
    let days: Int32
    /// Smaller is better.
    func precedes(_ o: Candidate) -> Bool {
      if referenceEqual != o.referenceEqual { return referenceEqual }
      if abs(days) != abs(o.days) { return abs(days) < abs(o.days) }
      if days != o.days { return days > o.days }  // prefer the GL booked after the bank date
      if bank != o.bank { return bank < o.bank }
      return gl < o.gl
    }
  }

  /// Most candidates kept per bank line inside one amount bucket; the nearest by date win.
  /// Bounds the work when thousands of lines share one amount.
  static let candidatesPerLine = 16

  /// Matches the `bank` rows of `store` against its `ledger` rows; `unpaired` rows are passed
  /// through in canonical order.
  ///
  /// Rows are `Int32` indexes into `store`: at a million rows a side, 4 bytes a row matter.
  public func match(_ store: EntryStore, bank bankIn: [Int32], ledger ledgerIn: [Int32], unpaired: [Int32] = []) -> MatchResult {
    // A canonical order, so that ranks are the same whatever order the input came in.
    let canonical = Matcher.canonicalOrder(store)
    let canonical32 = { (a: Int32, b: Int32) in canonical(Int(a), Int(b)) }
    let bankRows = Matcher.isSorted(bankIn, by: canonical32) ? bankIn : bankIn.sorted(by: canonical32)
    let glRows = Matcher.isSorted(ledgerIn, by: canonical32) ? ledgerIn : ledgerIn.sorted(by: canonical32)
    /// The store row of bank rank `r` / GL rank `r`.
    func bank(_ r: Int) -> Int { Int(bankRows[r]) }
    func gl(_ r: Int) -> Int { Int(glRows[r]) }
    // Reference keys are computed only for rows in a bucket with both sides, and for leftovers.
    var bankRefs = [UInt32](repeating: Matcher.unknownKey, count: bankRows.count)
    var glRefs = [UInt32](repeating: Matcher.unknownKey, count: glRows.count)
    func bankRef(_ b: Int) -> UInt32 {
      if bankRefs[b] == Matcher.unknownKey { bankRefs[b] = Matcher.referenceKey(store.reference(bank(b))) }
      return bankRefs[b]
    }
    func glRef(_ g: Int) -> UInt32 {
      if glRefs[g] == Matcher.unknownKey { glRefs[g] = Matcher.referenceKey(store.reference(gl(g))) }
      return glRefs[g]
    }
    let window = Int32(settings.windowDays)

    // Group rows by (currency, amount) by sorting one array of 4-byte row numbers rather than
    // hashing into a dictionary of arrays: at 1M × 1M rows the dictionary cost ~150 MB of the
    // 409 MB peak (make bench), this costs 8 MB.
    var currencyIndex: [String: Int] = [:]
    let originCurrency = store.origins.map { o in
      if let c = currencyIndex[o.currency.code] { return c }
      let c = currencyIndex.count
      currencyIndex[o.currency.code] = c
      return c
    }
    // Bank rows as ranks 0..<bankRows.count, GL rows as bankRows.count + rank, sorted by amount.
    let nBank = Int32(bankRows.count)
    func row(_ k: Int32) -> Int { k < nBank ? bank(Int(k)) : gl(Int(k - nBank)) }
    var keyed = [Int32](0..<Int32(bankRows.count + glRows.count))
    keyed.sort { a, b in
      let (ra, rb) = (row(a), row(b))
      let (ca, cb) = (originCurrency[store.originIndex(ra)], originCurrency[store.originIndex(rb)])
      if ca != cb { return ca < cb }
      let (xa, xb) = (store.amount(ra), store.amount(rb))
      if xa != xb { return xa < xb }
      return a < b
    }

    var bankMatched = [Int32](repeating: -1, count: bankRows.count)
    var glMatched = [Bool](repeating: false, count: glRows.count)
    var candidates: [Candidate] = []
    var mine: [Candidate] = []
    var bucketBank: [Int32] = [], gls: [Int32] = [], glDays: [Int32] = []
    var start = 0
    while start < keyed.count {
      var end = start + 1
      let first = row(keyed[start])
      while end < keyed.count, store.amount(row(keyed[end])) == store.amount(first),
        originCurrency[store.originIndex(row(keyed[end]))] == originCurrency[store.originIndex(first)]
      {
        end += 1
      }
      defer { start = end }
      bucketBank.removeAll(keepingCapacity: true)
      gls.removeAll(keepingCapacity: true)
      for k in start..<end {
        if keyed[k] < nBank { bucketBank.append(keyed[k]) } else { gls.append(keyed[k] - nBank) }
      }
      guard !bucketBank.isEmpty, !gls.isEmpty else { continue }
      gls.sort { (store.date(gl(Int($0))), $0) < (store.date(gl(Int($1))), $1) }
      glDays.removeAll(keepingCapacity: true)
      for g in gls { glDays.append(store.date(gl(Int(g))).daysSinceEpoch) }
      candidates.removeAll(keepingCapacity: true)
      for b in bucketBank {
        let d = store.date(bank(Int(b))).daysSinceEpoch
        // First GL line not earlier than d - window.
        var lo = 0, hi = glDays.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if glDays[mid] < d - window { lo = mid + 1 } else { hi = mid }
        }
        mine.removeAll(keepingCapacity: true)
        var k = lo
        while k < gls.count, glDays[k] <= d + window {
          let g = gls[k]
          let ref = bankRef(Int(b))
          mine.append(Candidate(bank: b, gl: g, referenceEqual: ref != 0 && ref == glRef(Int(g)), days: glDays[k] - d))
          k += 1
        }
        if mine.count > Matcher.candidatesPerLine {
          mine.sort { $0.precedes($1) }
          mine.removeLast(mine.count - Matcher.candidatesPerLine)
        }
        candidates += mine
      }
      candidates.sort { $0.precedes($1) }
      for c in candidates where bankMatched[Int(c.bank)] < 0 && !glMatched[Int(c.gl)] {
        bankMatched[Int(c.bank)] = c.gl
        glMatched[Int(c.gl)] = true
      }
    }

    var groups: [MatchGroup] = []
    groups.reserveCapacity(min(bankRows.count, glRows.count))
    for (b, g) in bankMatched.enumerated() where g >= 0 {
      let bi = bank(b), gi = gl(Int(g))
      groups.append(
        MatchGroup(
          number: Int32(groups.count + 1), rule: .bankLedgerOneToOne, bank: Int32(bi), ledger: Int32(gi),
          dayDifference: Int16(clamping: store.date(bi).days(to: store.date(gi))),
          referenceEqual: bankRef(b) != 0 && bankRef(b) == glRef(Int(g))))
    }

    // Amount mismatches: leftover lines sharing a reference inside the window.
    var exceptions: [(kind: ExceptionKind, first: Int, second: Int, difference: Int64)] = []
    var byRef: [UInt32: [Int]] = [:]
    for g in glRows.indices where !glMatched[g] {
      let ref = glRef(g)
      if ref != 0 { byRef[ref, default: []].append(g) }
    }
    var pairs: [(b: Int, g: Int, diff: Int64, days: Int)] = []
    for b in bankRows.indices where bankMatched[b] < 0 && bankRef(b) != 0 {
      let ref = bankRef(b)
      for g in byRef[ref] ?? [] {
        let bi = bank(b), gi = gl(g)
        let days = store.date(bi).days(to: store.date(gi))
        let (ba, ga) = (store.amount(bi), store.amount(gi))
        guard abs(days) <= settings.windowDays, store.originOf(bi).currency == store.originOf(gi).currency,
          (ba < 0) == (ga < 0), Matcher.normalize(store.reference(bi)) == Matcher.normalize(store.reference(gi))
        else { continue }
        pairs.append((b, g, ba - ga, days))
      }
    }
    pairs.sort { ($0.diff.magnitude, abs($0.days), $0.b, $0.g) < ($1.diff.magnitude, abs($1.days), $1.b, $1.g) }
    var bankInMismatch = [Bool](repeating: false, count: bankRows.count)
    for p in pairs where !bankInMismatch[p.b] && !glMatched[p.g] {
      bankInMismatch[p.b] = true
      glMatched[p.g] = true
      exceptions.append((.amountMismatch, bank(p.b), gl(p.g), p.diff))
    }
    for (b, m) in bankMatched.enumerated() where m < 0 && !bankInMismatch[b] {
      exceptions.append((.missingInLedger, bank(b), -1, store.amount(bank(b))))
    }
    for (g, m) in glMatched.enumerated() where !m {
      exceptions.append((.missingInBank, gl(g), -1, -store.amount(gl(g))))
    }
    exceptions.sort { a, b in
      if a.kind != b.kind { return a.kind < b.kind }
      let (da, db) = (store.date(a.first), store.date(b.first))
      if da != db { return da < db }
      return canonical(a.first, b.first)
    }
    let numbered = exceptions.enumerated().map { n, x in
      ReconException(number: Int32(n + 1), kind: x.kind, first: Int32(x.first), second: Int32(x.second), difference: x.difference)
    }
    return MatchResult(groups: groups, exceptions: numbered, unpaired: Matcher.isSorted(unpaired, by: canonical32) ? unpaired : unpaired.sorted(by: canonical32))
  }

  static func isSorted(_ a: [Int32], by less: (Int32, Int32) -> Bool) -> Bool {
    var i = 1
    while i < a.count {
      if less(a[i], a[i - 1]) { return false }
      i += 1
    }
    return true
  }

  /// Orders rows by source, file and line: the order of the inputs as the user sees them.
  public static func canonicalOrder(_ store: EntryStore) -> (Int, Int) -> Bool {
    // Rank the origins once, so that comparing rows compares integers.
    let order = store.origins.indices.sorted {
      (store.origins[$0].source, store.origins[$0].file) < (store.origins[$1].source, store.origins[$1].file)
    }
    var rank = [Int](repeating: 0, count: store.origins.count)
    for (r, o) in order.enumerated() { rank[o] = r }
    return { a, b in
      let (ra, rb) = (rank[store.originIndex(a)], rank[store.originIndex(b)])
      if ra != rb { return ra < rb }
      return store.line(a) < store.line(b)
    }
  }

  /// Upper-cased letters and digits only, leading zeros dropped: "chk 001042" and "CHK1042" agree.
  static func normalize(_ reference: String) -> String {
    var out = ""
    var leading = true
    for ch in reference.uppercased() where ch.isLetter || ch.isNumber {
      if ch == "0" && leading { continue }
      leading = ch.isLetter
      out.append(ch)
    }
    return out
  }

  /// Marks a reference key not computed yet.
  static let unknownKey = UInt32.max

  /// A 32-bit FNV-1a hash of the normalized reference; 0 for none. Equal references give equal
  /// keys; the rare unequal pair with equal keys (only rows of one amount and window are ever
  /// compared) can only reorder a tie, and mismatch pairs are confirmed on the text.
  static func referenceKey(_ reference: String) -> UInt32 {
    let n = normalize(reference)
    guard !n.isEmpty else { return 0 }
    var h: UInt32 = 0x811c_9dc5
    for b in n.utf8 {
      h ^= UInt32(b)
      h = h &* 0x0100_0193
    }
    return h == 0 || h == unknownKey ? 1 : h
  }

  /// Whether `a` and `b` differ by swapping two adjacent digits (1234.00 vs 1243.00).
  public static func isTransposition(_ a: Int64, _ b: Int64) -> Bool {
    let x = Array(String(a.magnitude)), y = Array(String(b.magnitude))
    guard x.count == y.count, x != y, (a < 0) == (b < 0) else { return false }
    let diffs = x.indices.filter { x[$0] != y[$0] }
    return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]]
  }
}

extension Matcher {
  /// Matches entries given as values: builds a store of `bank`, `ledger` and `unpaired` (in
  /// that order) and matches it. For tests and small programs.
  public func match(bank: [Entry], ledger: [Entry], unpaired: [Entry] = []) -> (store: EntryStore, result: MatchResult) {
    var store = EntryStore()
    for e in bank + ledger + unpaired { store.append(e) }
    let nb = Int32(bank.count), nl = Int32(ledger.count)
    let b = Array(0..<nb), l = Array(nb..<(nb + nl)), u = Array((nb + nl)..<Int32(store.count))
    return (store, match(store, bank: b, ledger: l, unpaired: u))
  }
}
