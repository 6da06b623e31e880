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
  public var unpaired: [Int]

  public init(groups: [MatchGroup], exceptions: [ReconException], unpaired: [Int]) {
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
  public func match(_ store: EntryStore, bank bankIn: [Int], ledger ledgerIn: [Int], unpaired: [Int] = []) -> MatchResult {
    // A canonical order, so that ranks are the same whatever order the input came in.
    let canonical = Matcher.canonicalOrder(store)
    let bank = bankIn.sorted(by: canonical)
    let gl = ledgerIn.sorted(by: canonical)
    let bankRefs = bank.map { Matcher.referenceKey(store.reference($0)) }
    let glRefs = gl.map { Matcher.referenceKey(store.reference($0)) }
    let window = Int32(settings.windowDays)

    // Group rows by (currency, amount) by sorting one compact array rather than hashing into
    // a dictionary of arrays: at 1M × 1M rows the dictionary cost ~150 MB, this costs 32 MB.
    var currencyIndex: [String: UInt32] = [:]
    let originCurrency = store.origins.map { o in
      if let c = currencyIndex[o.currency.code] { return c }
      let c = UInt32(currencyIndex.count)
      currencyIndex[o.currency.code] = c
      return c
    }
    struct Keyed {
      let amount: Int64
      let currency: UInt32
      /// Rank among bank rows, or among GL rows when `isLedger`.
      let rank: Int32
      let isLedger: Bool
    }
    var keyed: [Keyed] = []
    keyed.reserveCapacity(bank.count + gl.count)
    for (r, i) in bank.enumerated() {
      keyed.append(Keyed(amount: store.amount(i), currency: originCurrency[store.originIndex(i)], rank: Int32(r), isLedger: false))
    }
    for (r, i) in gl.enumerated() {
      keyed.append(Keyed(amount: store.amount(i), currency: originCurrency[store.originIndex(i)], rank: Int32(r), isLedger: true))
    }
    keyed.sort { ($0.currency, $0.amount, $0.isLedger ? 1 : 0, $0.rank) < ($1.currency, $1.amount, $1.isLedger ? 1 : 0, $1.rank) }

    var bankMatched = [Int32](repeating: -1, count: bank.count)
    var glMatched = [Bool](repeating: false, count: gl.count)
    var candidates: [Candidate] = []
    var mine: [Candidate] = []
    var bucketBank: [Int32] = [], gls: [Int32] = [], glDays: [Int32] = []
    var start = 0
    while start < keyed.count {
      var end = start + 1
      while end < keyed.count, keyed[end].amount == keyed[start].amount, keyed[end].currency == keyed[start].currency { end += 1 }
      defer { start = end }
      bucketBank.removeAll(keepingCapacity: true)
      gls.removeAll(keepingCapacity: true)
      for k in start..<end {
        if keyed[k].isLedger { gls.append(keyed[k].rank) } else { bucketBank.append(keyed[k].rank) }
      }
      guard !bucketBank.isEmpty, !gls.isEmpty else { continue }
      gls.sort { (store.date(gl[Int($0)]), $0) < (store.date(gl[Int($1)]), $1) }
      glDays.removeAll(keepingCapacity: true)
      for g in gls { glDays.append(store.date(gl[Int(g)]).daysSinceEpoch) }
      candidates.removeAll(keepingCapacity: true)
      for b in bucketBank {
        let d = store.date(bank[Int(b)]).daysSinceEpoch
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
          let ref = bankRefs[Int(b)]
          mine.append(Candidate(bank: b, gl: g, referenceEqual: ref != 0 && ref == glRefs[Int(g)], days: glDays[k] - d))
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
    groups.reserveCapacity(min(bank.count, gl.count))
    for (b, g) in bankMatched.enumerated() where g >= 0 {
      let bi = bank[b], gi = gl[Int(g)]
      groups.append(
        MatchGroup(
          number: Int32(groups.count + 1), rule: .bankLedgerOneToOne, bank: Int32(bi), ledger: Int32(gi),
          dayDifference: Int32(store.date(bi).days(to: store.date(gi))),
          referenceEqual: bankRefs[b] != 0 && bankRefs[b] == glRefs[Int(g)]))
    }

    // Amount mismatches: leftover lines sharing a reference inside the window.
    var exceptions: [(kind: ExceptionKind, first: Int, second: Int, difference: Int64)] = []
    var byRef: [UInt64: [Int]] = [:]
    for (g, ref) in glRefs.enumerated() where !glMatched[g] && ref != 0 { byRef[ref, default: []].append(g) }
    var pairs: [(b: Int, g: Int, diff: Int64, days: Int)] = []
    for (b, ref) in bankRefs.enumerated() where bankMatched[b] < 0 && ref != 0 {
      for g in byRef[ref] ?? [] {
        let bi = bank[b], gi = gl[g]
        let days = store.date(bi).days(to: store.date(gi))
        let (ba, ga) = (store.amount(bi), store.amount(gi))
        guard abs(days) <= settings.windowDays, store.originOf(bi).currency == store.originOf(gi).currency,
          (ba < 0) == (ga < 0), Matcher.normalize(store.reference(bi)) == Matcher.normalize(store.reference(gi))
        else { continue }
        pairs.append((b, g, ba - ga, days))
      }
    }
    pairs.sort { ($0.diff.magnitude, abs($0.days), $0.b, $0.g) < ($1.diff.magnitude, abs($1.days), $1.b, $1.g) }
    var bankInMismatch = [Bool](repeating: false, count: bank.count)
    for p in pairs where !bankInMismatch[p.b] && !glMatched[p.g] {
      bankInMismatch[p.b] = true
      glMatched[p.g] = true
      exceptions.append((.amountMismatch, bank[p.b], gl[p.g], p.diff))
    }
    for (b, m) in bankMatched.enumerated() where m < 0 && !bankInMismatch[b] {
      exceptions.append((.missingInLedger, bank[b], -1, store.amount(bank[b])))
    }
    for (g, m) in glMatched.enumerated() where !m {
      exceptions.append((.missingInBank, gl[g], -1, -store.amount(gl[g])))
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
    return MatchResult(groups: groups, exceptions: numbered, unpaired: unpaired.sorted(by: canonical))
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

  /// A 64-bit FNV-1a hash of the normalized reference; 0 for none. Equal references give equal
  /// keys; the rare unequal pair with equal keys can only reorder a tie, and mismatch pairs are
  /// confirmed on the text.
  static func referenceKey(_ reference: String) -> UInt64 {
    let n = normalize(reference)
    guard !n.isEmpty else { return 0 }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in n.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return h == 0 ? 1 : h
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
    let b = Array(0..<bank.count), l = Array(bank.count..<(bank.count + ledger.count))
    let u = Array((bank.count + ledger.count)..<store.count)
    return (store, match(store, bank: b, ledger: l, unpaired: u))
  }
}
