public import TieoutCore

/// Settings of the first matching pass.
public struct MatchSettings: Hashable, Sendable {
  /// The largest number of calendar days between a bank date and a GL date that still match.
  public var windowDays: Int

  public init(windowDays: Int = 3) { self.windowDays = windowDays }
}

/// The matcher's output: every record it was given ends in exactly one of these.
public struct MatchResult: Sendable {
  public var groups: [MatchGroup]
  public var exceptions: [ReconException]
  /// Records of sources that no rule pairs (billing exports, until three-way matching).
  public var unpaired: [Entry]

  public init(groups: [MatchGroup], exceptions: [ReconException], unpaired: [Entry]) {
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
/// the records' own values and locations, shuffling the input never changes the result.
///
/// Bank and GL lines left over are exceptions: an amount mismatch when the two share a
/// reference within the window, otherwise missing in GL or missing in bank.
///
/// ```swift
/// let result = Matcher(settings: .init(windowDays: 3)).match(bank: bankEntries, ledger: glEntries)
/// ```
public struct Matcher: Sendable {
  public let settings: MatchSettings
  public static let oneToOneRule = "bank-gl-1:1"

  public init(settings: MatchSettings = MatchSettings()) { self.settings = settings }

  private struct AmountKey: Hashable {
    let currency: String
    let minor: Int64
  }

  private struct Candidate {
    let bank: Int
    let gl: Int
    let referenceEqual: Bool
    let days: Int
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

  /// Matches `bank` against `ledger`; `unpaired` records are passed through untouched.
  public func match(bank bankIn: [Entry], ledger ledgerIn: [Entry], unpaired: [Entry] = []) -> MatchResult {
    // A canonical order, so that indexes are the same whatever order the input came in.
    let bank = bankIn.sorted(by: Matcher.canonical)
    let gl = ledgerIn.sorted(by: Matcher.canonical)
    let bankRefs = bank.map { Matcher.normalize($0.reference) }
    let glRefs = gl.map { Matcher.normalize($0.reference) }

    var buckets: [AmountKey: (bank: [Int], gl: [Int])] = [:]
    for (i, e) in bank.enumerated() {
      buckets[AmountKey(currency: e.amount.currency.code, minor: e.amount.minorUnits), default: ([], [])].bank.append(i)
    }
    for (i, e) in gl.enumerated() {
      let key = AmountKey(currency: e.amount.currency.code, minor: e.amount.minorUnits)
      buckets[key]?.gl.append(i)
    }

    var bankMatched = [Int?](repeating: nil, count: bank.count)
    var glMatched = [Bool](repeating: false, count: gl.count)
    let window = settings.windowDays

    for (_, bucket) in buckets where !bucket.gl.isEmpty {
      let gls = bucket.gl.sorted { gl[$0].date < gl[$1].date || (gl[$0].date == gl[$1].date && $0 < $1) }
      let glDays = gls.map { gl[$0].date.daysSinceEpoch }
      var candidates: [Candidate] = []
      for b in bucket.bank {
        let d = bank[b].date.daysSinceEpoch
        // First GL line not earlier than d - window.
        var lo = 0, hi = glDays.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if glDays[mid] < d - Int32(window) { lo = mid + 1 } else { hi = mid }
        }
        var mine: [Candidate] = []
        var k = lo
        while k < gls.count, glDays[k] <= d + Int32(window) {
          let g = gls[k]
          mine.append(
            Candidate(
              bank: b, gl: g, referenceEqual: !bankRefs[b].isEmpty && bankRefs[b] == glRefs[g],
              days: Int(glDays[k] - d)))
          k += 1
        }
        if mine.count > Matcher.candidatesPerLine {
          mine.sort { $0.precedes($1) }
          mine.removeLast(mine.count - Matcher.candidatesPerLine)
        }
        candidates += mine
      }
      candidates.sort { $0.precedes($1) }
      for c in candidates where bankMatched[c.bank] == nil && !glMatched[c.gl] {
        bankMatched[c.bank] = c.gl
        glMatched[c.gl] = true
      }
    }

    var groups: [MatchGroup] = []
    groups.reserveCapacity(min(bank.count, gl.count))
    for (b, g) in bankMatched.enumerated() {
      guard let g else { continue }
      let days = bank[b].date.days(to: gl[g].date)
      var why = ["amount equal"]
      why.append(days == 0 ? "same date" : "GL date \(days > 0 ? "+" : "")\(days) day\(abs(days) == 1 ? "" : "s")")
      if !bankRefs[b].isEmpty && bankRefs[b] == glRefs[g] { why.append("reference \(bank[b].reference) equal") }
      groups.append(
        MatchGroup(
          id: "G\(groups.count + 1)", rule: Matcher.oneToOneRule, members: [bank[b], gl[g]],
          amountDifference: 0, dayDifference: days, explanation: why.joined(separator: "; ")))
    }

    // Amount mismatches: leftover lines sharing a reference inside the window.
    var exceptions: [(kind: ExceptionKind, members: [Entry], difference: Int64, why: String)] = []
    var byRef: [String: [Int]] = [:]
    for (g, ref) in glRefs.enumerated() where !glMatched[g] && !ref.isEmpty { byRef[ref, default: []].append(g) }
    var pairs: [(b: Int, g: Int, diff: Int64, days: Int)] = []
    for (b, ref) in bankRefs.enumerated() where bankMatched[b] == nil && !ref.isEmpty {
      for g in byRef[ref] ?? [] {
        let days = bank[b].date.days(to: gl[g].date)
        guard abs(days) <= window, bank[b].amount.currency == gl[g].amount.currency,
          (bank[b].amount.minorUnits < 0) == (gl[g].amount.minorUnits < 0)
        else { continue }
        pairs.append((b, g, bank[b].amount.minorUnits - gl[g].amount.minorUnits, days))
      }
    }
    pairs.sort {
      ($0.diff.magnitude, abs($0.days), $0.b, $0.g) < ($1.diff.magnitude, abs($1.days), $1.b, $1.g)
    }
    var bankInMismatch = [Bool](repeating: false, count: bank.count)
    for p in pairs where !bankInMismatch[p.b] && !glMatched[p.g] {
      bankInMismatch[p.b] = true
      glMatched[p.g] = true
      let cur = bank[p.b].amount.currency.minorDigits
      var why = "reference \(bank[p.b].reference) on both; bank \(bank[p.b].amount.decimalString), GL \(gl[p.g].amount.decimalString), difference \(Money.decimalString(p.diff, digits: cur))"
      if Matcher.isTransposition(bank[p.b].amount.minorUnits, gl[p.g].amount.minorUnits) {
        why += "; looks like two transposed digits"
      }
      exceptions.append((.amountMismatch, [bank[p.b], gl[p.g]], p.diff, why))
    }
    for (b, m) in bankMatched.enumerated() where m == nil && !bankInMismatch[b] {
      exceptions.append(
        (.missingInLedger, [bank[b]], bank[b].amount.minorUnits,
         "no GL line of \(bank[b].amount.decimalString) within \(window) days of \(bank[b].date)"))
    }
    for (g, m) in glMatched.enumerated() where !m {
      exceptions.append(
        (.missingInBank, [gl[g]], -gl[g].amount.minorUnits,
         "no bank line of \(gl[g].amount.decimalString) within \(window) days of \(gl[g].date)"))
    }
    exceptions.sort { a, b in
      if a.kind != b.kind { return a.kind < b.kind }
      if a.members[0].date != b.members[0].date { return a.members[0].date < b.members[0].date }
      return Matcher.canonical(a.members[0], b.members[0])
    }
    let numbered = exceptions.enumerated().map { i, x in
      ReconException(id: "E\(i + 1)", kind: x.kind, members: x.members, difference: x.difference, explanation: x.why)
    }
    return MatchResult(groups: groups, exceptions: numbered, unpaired: unpaired.sorted(by: Matcher.canonical))
  }

  /// Orders records by source, file and line: the order of the inputs as the user sees them.
  public static func canonical(_ a: Entry, _ b: Entry) -> Bool {
    if a.source != b.source { return a.source < b.source }
    return a.location < b.location
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

  /// Whether `a` and `b` differ by swapping two adjacent digits (1234.00 vs 1243.00).
  static func isTransposition(_ a: Int64, _ b: Int64) -> Bool {
    let x = Array(String(a.magnitude)), y = Array(String(b.magnitude))
    guard x.count == y.count, x != y, (a < 0) == (b < 0) else { return false }
    let diffs = x.indices.filter { x[$0] != y[$0] }
    return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]]
  }
}
