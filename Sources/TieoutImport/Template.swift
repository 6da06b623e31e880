public import TieoutCore

/// A mapping template: how one export layout maps onto tieout's ``Entry`` fields.
///
/// Templates are data, written in YAML under `templates/` (see ``TemplateLoader``). A template
/// names columns by their header text; it never holds code.
public struct Template: Hashable, Sendable {
  /// How the amount is written.
  public enum AmountColumns: Hashable, Sendable {
    /// One signed column.
    case signed(String)
    /// Separate columns; `inflow` holds money in (Debit on a GL cash account, Credit or
    /// Deposits on a bank statement), `outflow` money out. Either cell may be empty.
    case split(inflow: String, outflow: String)
  }

  /// A rule for rows that are not transactions (totals, footers, repeated headers).
  public struct IgnoreRule: Hashable, Sendable, CustomStringConvertible {
    public enum Test: Hashable, Sendable {
      case equals(String)
      case startsWith(String)
      case contains(String)
      case isEmpty
    }

    /// The column tested, by header name.
    public let column: String
    public let test: Test

    public init(column: String, test: Test) {
      self.column = column
      self.test = test
    }

    public func matches(_ value: String) -> Bool {
      let v = value.trimmingCharacters(in: " \t")
      switch test {
      case .equals(let s): return v.caseInsensitiveEquals(s)
      case .startsWith(let s):
        return v.utf8.count >= s.utf8.count && String(v.utf8.prefix(s.utf8.count))?.caseInsensitiveEquals(s) == true
      case .contains(let s): return v.lowercased().contains(s.lowercased())
      case .isEmpty: return v.isEmpty
      }
    }

    /// `matches` on a field's bytes, for the import's hot path: nil when the answer needs
    /// Unicode case folding (a non-ASCII field or rule), which `matches(_:)` then gives.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
      var s = 0, e = bytes.count
      while s < e, bytes[s] == 0x20 || bytes[s] == 0x09 { s += 1 }
      while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 { e -= 1 }
      let v = UnsafeBufferPointer(rebasing: bytes[s..<e])
      let needle: String
      switch test {
      case .isEmpty: return v.isEmpty
      case .equals(let t), .startsWith(let t), .contains(let t): needle = t
      }
      guard v.allSatisfy({ $0 < 0x80 }) else { return nil }
      return needle.utf8.withContiguousStorageIfAvailable { n -> Bool? in
        guard n.allSatisfy({ $0 < 0x80 }) else { return nil }
        func equalAt(_ k: Int) -> Bool {
          for j in 0..<n.count where ASCIICase.lower(v[k + j]) != ASCIICase.lower(n[j]) { return false }
          return true
        }
        switch test {
        case .equals: return v.count == n.count && equalAt(0)
        case .startsWith: return v.count >= n.count && equalAt(0)
        case .contains: return v.count >= n.count && (0...(v.count - n.count)).contains(where: equalAt)
        case .isEmpty: return v.isEmpty
        }
      } ?? nil
    }

    public var description: String {
      switch test {
      case .equals(let s): "\(column) is \"\(s)\""
      case .startsWith(let s): "\(column) starts with \"\(s)\""
      case .contains(let s): "\(column) contains \"\(s)\""
      case .isEmpty: "\(column) is empty"
      }
    }
  }

  /// A column that says whether an unsigned amount is a debit or a credit ("DR"/"CR",
  /// "debit"/"credit"): debits become negative, credits positive.
  public struct Mark: Hashable, Sendable {
    public let column: String
    public let debit: [String]
    public let credit: [String]

    public init(column: String, debit: [String] = ["DR", "D", "debit"], credit: [String] = ["CR", "C", "credit"]) {
      self.column = column
      self.debit = debit
      self.credit = credit
    }
  }

  /// The template's name, which is its file name without `.yaml`.
  public var name: String
  /// One line saying which export this reads.
  public var title: String
  /// What kind of source such an export usually is.
  public var kind: SourceKind?
  public var delimiter: UInt8
  /// How the file's bytes are text; `.auto` detects UTF-16 and Windows-1252.
  public var encoding: TextEncoding
  /// 1-based record number of the header row; records before it (report titles) are skipped.
  public var headerRow: Int
  public var date: String
  public var amount: AmountColumns
  public var reference: String?
  public var counterparty: String?
  public var description: String?
  public var account: String?
  /// Optional date columns (an invoice's due and service dates, a dispute's resolved date),
  /// read with ``dateFormat`` when the header has them.
  public var extraDateColumns: [RowDates.Kind: String] = [:]
  /// In a report grouped by account (QuickBooks, Xero), the column where an ignored heading row
  /// names the account of the rows under it; it then becomes their account. A row starting
  /// "Total" ends the group.
  public var group: String?
  /// A running-balance column, checked against the amounts (a break is a warning).
  public var balance: String?
  /// A second date column to try when `date` is empty (e.g. a value date).
  public var dateFormat: DateFormat
  public var amountFormat: AmountFormat
  /// Flip every amount's sign, for exports whose convention is the opposite of tieout's.
  public var invertSign: Bool
  /// A debit/credit mark column, when amounts are unsigned.
  public var mark: Mark?
  public var ignore: [IgnoreRule]
  /// Where the template came from, for messages: `templates/bank-generic.yaml`.
  public var origin: String
  /// True for a template that ships with tieout: hints then say to copy it into the month
  /// folder's templates/ and edit the copy, never to edit it.
  public var isBundled = false

  public init(
    name: String, title: String = "", kind: SourceKind? = nil, delimiter: UInt8 = UInt8(ascii: ","),
    encoding: TextEncoding = .auto, headerRow: Int = 1, date: String, amount: AmountColumns, reference: String? = nil,
    counterparty: String? = nil, description: String? = nil, account: String? = nil,
    dateFormat: DateFormat = .iso, amountFormat: AmountFormat = AmountFormat(),
    invertSign: Bool = false, mark: Mark? = nil, group: String? = nil, ignore: [IgnoreRule] = [], origin: String = ""
  ) {
    self.mark = mark
    self.group = group
    self.name = name
    self.title = title
    self.kind = kind
    self.delimiter = delimiter
    self.encoding = encoding
    self.headerRow = headerRow
    self.date = date
    self.amount = amount
    self.reference = reference
    self.counterparty = counterparty
    self.description = description
    self.account = account
    self.dateFormat = dateFormat
    self.amountFormat = amountFormat
    self.invertSign = invertSign
    self.ignore = ignore
    self.origin = origin
  }

  /// Where `column` is in `header`: by name, ignoring case; `"#3"` is the third column and
  /// `"Amount#2"` the second column headed "Amount". Nil when the header has no such column.
  public static func columnIndex(_ column: String, in header: [String]) -> Int? {
    if let i = header.firstIndex(where: { $0.caseInsensitiveEquals(column) }) { return i }
    guard let hash = column.lastIndex(of: "#"), let n = Int(column[column.index(after: hash)...]), n >= 1 else { return nil }
    let name = String(column[..<hash])
    if name.isEmpty { return n <= header.count ? n - 1 : nil }
    let matches = header.indices.filter { header[$0].caseInsensitiveEquals(name) }
    return n <= matches.count ? matches[n - 1] : nil
  }

  /// Every column the template needs, in the order they are described.
  public var requiredColumns: [String] {
    var cols = [date]
    switch amount {
    case .signed(let c): cols.append(c)
    case .split(let i, let o): cols += [i, o]
    }
    // due_date and service_date are optional: read when present, so not required.
    return cols + [reference, counterparty, description, account, mark?.column].compactMap { $0 }
  }
}

/// ASCII case folding on bytes.
enum ASCIICase {
  @inline(__always)
  static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

  /// True when `a` and `b` are the same ASCII text but for case; nil when either is not ASCII.
  static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: some Collection<UInt8>) -> Bool? {
    guard a.count == b.count else { return (a.allSatisfy { $0 < 0x80 } && b.allSatisfy { $0 < 0x80 }) ? false : nil }
    for (x, y) in zip(a, b) {
      if x >= 0x80 || y >= 0x80 { return nil }
      if lower(x) != lower(y) { return false }
    }
    return true
  }
}

extension String {
  /// Case-insensitive equality; compares ASCII bytes without allocating, the common case.
  func caseInsensitiveEquals(_ other: String) -> Bool {
    let a = utf8, b = other.utf8
    guard a.count == b.count else { return false }
    var ascii = true
    for (x, y) in zip(a, b) {
      if x >= 0x80 || y >= 0x80 { ascii = false; break }
      if x | 0x20 != y | 0x20 || (x | 0x20 < 0x61 || x | 0x20 > 0x7A) && x != y { return false }
    }
    return ascii || lowercased() == other.lowercased()
  }

  /// Without leading and trailing characters of `set`; returns `self` untouched (no copy) when
  /// there are none, which is nearly every cell of an export.
  func trimmingCharacters(in set: String) -> String {
    let edges = utf8.withContiguousStorageIfAvailable { b in b.isEmpty ? nil : (b[0], b[b.count - 1]) } ?? nil
    if let (f, l) = edges, f > 0x20, l > 0x20, f < 0x80, l < 0x80 { return self }
    if utf8.isEmpty { return self }
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
