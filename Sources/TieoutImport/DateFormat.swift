public import TieoutCore

/// A date layout such as `MM/dd/yyyy`, `dd.MM.yyyy`, `yyyy-MM-dd` or `d-MMM-yy`.
///
/// Tokens: `yyyy` (4-digit year), `yy` (2-digit year: 00–69 → 2000s, 70–99 → 1900s),
/// `MM`/`M` (month, 1 or 2 digits), `dd`/`d` (day, 1 or 2 digits), `MMM` (English month
/// abbreviation or full name). Any other character must appear literally. A time after the date
/// (`2026-10-31 14:02:00`, `2026-10-31T14:02`) is ignored: tieout works in calendar days.
public struct DateFormat: Hashable, Sendable, CustomStringConvertible {
  enum Token: Hashable, Sendable {
    case year4, year2, month, monthName, day
    case literal(Character)
  }

  let tokens: [Token]
  public let pattern: String
  /// The tokens for the byte path, literals as bytes; nil when a literal is not ASCII (or for
  /// `excel` and `auto`), and `parse` then goes by Characters.
  let byteTokens: [ByteToken]?

  enum ByteToken: Hashable, Sendable {
    case year4, year2, month, monthName, day
    case literal(UInt8)
  }

  /// `excel`: Excel serial day numbers (45961 is 2025-10-31), as exports written from a
  /// spreadsheet often hold.
  public static let excelSerial = DateFormat(special: "excel")
  /// `auto`: decided per column from the file's values by the importer (never per cell), and an
  /// error when the values fit two orders (03/04/2026).
  public static let auto = DateFormat(special: "auto")

  private init(special: String) {
    tokens = []
    pattern = special
    byteTokens = nil
  }

  public var isAuto: Bool { pattern == "auto" && tokens.isEmpty }

  /// The layouts `auto` chooses from.
  public static let candidates: [DateFormat] = [
    "yyyy-MM-dd", "MM/dd/yyyy", "dd/MM/yyyy", "dd.MM.yyyy", "yyyy/MM/dd", "M/d/yy", "d/M/yy", "d.M.yy", "d-MMM-yy",
    "d-MMM-yyyy", "dd MMM yyyy", "MMM d, yyyy", "yyyyMMdd", "dd-MM-yyyy", "MM-dd-yyyy",
  ].compactMap { DateFormat($0) } + [.excelSerial]

  /// Parses a pattern (or `excel`, or `auto`); nil when it lacks a year, a month or a day.
  public init?(_ pattern: String) {
    if pattern == "excel" { self = .excelSerial; return }
    if pattern == "auto" { self = .auto; return }
    var tokens: [Token] = []
    var chars = Substring(pattern)
    while let c = chars.first {
      let run = chars.prefix { $0 == c }
      switch (c, run.count) {
      case ("y", 4): tokens.append(.year4)
      case ("y", 2): tokens.append(.year2)
      case ("M", 1), ("M", 2): tokens.append(.month)
      case ("M", 3), ("M", 4): tokens.append(.monthName)
      case ("d", 1), ("d", 2): tokens.append(.day)
      case ("y", _), ("M", _), ("d", _): return nil
      default:
        for ch in run { tokens.append(.literal(ch)) }
      }
      chars = chars.dropFirst(run.count)
    }
    let hasYear = tokens.contains(.year4) || tokens.contains(.year2)
    let hasMonth = tokens.contains(.month) || tokens.contains(.monthName)
    guard hasYear, hasMonth, tokens.contains(.day) else { return nil }
    self.tokens = tokens
    self.pattern = pattern
    var bytes: [ByteToken]? = []
    for t in tokens {
      switch t {
      case .year4: bytes?.append(.year4)
      case .year2: bytes?.append(.year2)
      case .month: bytes?.append(.month)
      case .monthName: bytes?.append(.monthName)
      case .day: bytes?.append(.day)
      case .literal(let c):
        if let a = c.asciiValue { bytes?.append(.literal(a)) } else { bytes = nil }
      }
    }
    byteTokens = bytes
  }

  public static let iso = DateFormat("yyyy-MM-dd")!

  public var description: String { pattern }

  private static let monthNames = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]

  /// `parse` on UTF-8 bytes, without building Characters: the import spends its time here
  /// otherwise (perf on a 1M-row export). Same rules as the Character path.
  private func parseBytes(_ buf: UnsafeBufferPointer<UInt8>, _ tokens: [ByteToken]) -> Day? {
    var i = 0, end = buf.count
    while i < end, buf[i] == 0x20 || buf[i] == 0x09 { i += 1 }
    while end > i, buf[end - 1] == 0x20 || buf[end - 1] == 0x09 { end -= 1 }
    var year = 0, month = 0, day = 0
    func number(_ maxDigits: Int, _ minDigits: Int) -> Int? {
      var n = 0, count = 0
      while count < maxDigits, i < end, buf[i] >= 0x30, buf[i] <= 0x39 {
        n = n * 10 + Int(buf[i] - 0x30)
        count += 1
        i += 1
      }
      return count >= minDigits ? n : nil
    }
    for token in tokens {
      switch token {
      case .year4:
        guard let y = number(4, 4) else { return nil }
        year = y
      case .year2:
        guard let y = number(2, 2) else { return nil }
        year = y < 70 ? 2000 + y : 1900 + y
      case .month:
        guard let m = number(2, 1) else { return nil }
        month = m
      case .day:
        guard let d = number(2, 1) else { return nil }
        day = d
      case .monthName:
        let start = i
        while i < end, (buf[i] | 0x20) >= 0x61, (buf[i] | 0x20) <= 0x7A { i += 1 }
        guard i - start >= 3 else { return nil }
        let key = String(decoding: [buf[start] | 0x20, buf[start + 1] | 0x20, buf[start + 2] | 0x20], as: UTF8.self)
        guard let k = DateFormat.monthNames.firstIndex(of: key) else { return nil }
        month = k + 1
      case .literal(let a):
        guard i < end, buf[i] == a else { return nil }
        i += 1
      }
    }
    if i < end, buf[i] != 0x20, buf[i] != UInt8(ascii: "T") { return nil }
    return Day(year: year, month: month, day: day)
  }

  /// Parses a field's bytes, as the CSV reader hands them out; nil when they do not fit the
  /// pattern or name no real day.
  func parse(bytes: UnsafeBufferPointer<UInt8>) -> Day? {
    if let byteTokens { return parseBytes(bytes, byteTokens) }
    return parse(String(decoding: bytes, as: UTF8.self))
  }

  /// Parses `text`, or returns nil when it does not fit the pattern or names no real day.
  public func parse(_ text: some StringProtocol) -> Day? {
    if let byteTokens, let fast = text.utf8.withContiguousStorageIfAvailable({ parseBytes($0, byteTokens) }) {
      return fast
    }
    var s = Substring(text).trimmingSpaces()
    if tokens.isEmpty {
      // Excel serials: whole days, maybe with a time fraction; 1 is 1900-01-01 (and Excel's
      // phantom 1900-02-29 shifts every serial from 61 on by one, which the epoch absorbs).
      guard pattern == "excel" else { return nil }
      let dot = s.firstIndex(of: ".") ?? s.endIndex
      guard let n = Int(s[..<dot]), (61...2_958_465).contains(n), s[dot...].dropFirst().allSatisfy(\.isNumber)
      else { return nil }
      return Day(daysSinceEpoch: Int32(n - 25569))
    }
    var year = 0, month = 0, day = 0

    func number(maxDigits: Int, minDigits: Int) -> Int? {
      var n = 0, count = 0
      while count < maxDigits, let c = s.first, c.isASCII, let d = c.wholeNumberValue {
        n = n * 10 + d
        count += 1
        s = s.dropFirst()
      }
      return count >= minDigits ? n : nil
    }

    for token in tokens {
      switch token {
      case .year4:
        guard let y = number(maxDigits: 4, minDigits: 4) else { return nil }
        year = y
      case .year2:
        guard let y = number(maxDigits: 2, minDigits: 2) else { return nil }
        year = y < 70 ? 2000 + y : 1900 + y
      case .month:
        guard let m = number(maxDigits: 2, minDigits: 1) else { return nil }
        month = m
      case .day:
        guard let d = number(maxDigits: 2, minDigits: 1) else { return nil }
        day = d
      case .monthName:
        let word = s.prefix { $0.isLetter }
        guard word.count >= 3,
          let i = DateFormat.monthNames.firstIndex(of: word.prefix(3).lowercased())
        else { return nil }
        month = i + 1
        s = s.dropFirst(word.count)
      case .literal(let c):
        guard s.first == c else { return nil }
        s = s.dropFirst()
      }
    }
    if let next = s.first, next != " ", next != "T" { return nil }
    return Day(year: year, month: month, day: day)
  }
}

extension Day {
  /// `yyyyMMdd` as bank and EDI files write it (OFX DTPOSTED, X12 BPR16); nil otherwise.
  init?(iso8601Compact text: some StringProtocol) {
    guard text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else { return nil }
    self.init(year: n / 10000, month: n / 100 % 100, day: n % 100)
  }
}
