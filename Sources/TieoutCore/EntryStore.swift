/// The entries of a run, stored column by column so that millions of rows fit in little memory.
///
/// An ``Entry`` costs a few hundred bytes as a Swift value (four `String`s, a location, a
/// currency); a row here costs 22 bytes plus its text. Rows are addressed by their index, which
/// is also their canonical order: rows are appended file by file in the order of tieout.yaml,
/// and within a file in line order. ``subscript(_:)`` materializes an ``Entry`` when one is
/// needed (a workbook row, a JSON member).
///
/// Measured on a generated month of 1M bank rows (3.3M rows in all, 251 MiB of CSV) with
/// `make bench`: a run that kept `[Entry]` arrays peaked at 2.5 GB; with this store, 277 MB.
///
/// ```swift
/// var store = EntryStore()
/// let origin = store.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
/// store.append(origin: origin, line: 2, date: day, amount: 1250, reference: "1042",
///              counterparty: "", description: "CHECK 1042", account: "")
/// print(store[0].amount)   // 12.50 USD
/// ```
public struct EntryStore: Sendable {
  /// Where a run of rows came from: a source's file, with the source's currency.
  public struct Origin: Hashable, Sendable {
    public let source: String
    public let file: String
    public let currency: Currency

    public init(source: String, file: String, currency: Currency) {
      self.source = source
      self.file = file
      self.currency = currency
    }
  }

  /// Separates the text fields of a row in ``text``; the byte is replaced by a space in field text.
  static let separator: UInt8 = 0x1F

  public private(set) var origins: [Origin] = []
  @usableFromInline internal private(set) var origin: [UInt16] = []
  @usableFromInline internal private(set) var dates: [Int32] = []
  @usableFromInline internal private(set) var amounts: [Int64] = []
  @usableFromInline internal private(set) var lines: [Int32] = []
  /// One column per ``RowDates/Kind`` (days since the epoch, `Int32.min` for none).
  private var extra = [[Int32]](repeating: [], count: RowDates.Kind.allCases.count)
  /// Start of each row's text in its origin's arena; the text ends at the next separator run
  /// (four fields, three separators).
  private var textStart: [UInt32] = []
  /// One text arena per origin, so that merging stores moves arenas instead of copying bytes.
  private var texts: [[UInt8]] = []

  public init() {}

  /// The number of rows.
  @inlinable public var count: Int { dates.count }

  /// Registers an origin (once per file) and returns its index for ``append(origin:line:date:amount:reference:counterparty:description:account:)``.
  public mutating func addOrigin(_ o: Origin) -> Int {
    if let i = origins.firstIndex(of: o) { return i }
    origins.append(o)
    texts.append([])
    return origins.count - 1
  }

  /// Appends one row.
  public mutating func append(
    origin o: Int, line: Int, date: Day, amount: Int64,
    reference: String, counterparty: String, description: String, account: String, extraDates: RowDates = RowDates()
  ) {
    appendColumns(origin: o, line: line, date: date, amount: amount, extraDates: extraDates)
    Self.appendField(reference.utf8, to: &texts[o])
    Self.appendField(counterparty.utf8, to: &texts[o])
    Self.appendField(description.utf8, to: &texts[o])
    Self.appendField(account.utf8, to: &texts[o])
  }

  /// Appends one row whose text fields are UTF-8 bytes (the CSV reader's field bytes, kept as
  /// they are: the import builds no `String` for them).
  public mutating func append(
    origin o: Int, line: Int, date: Day, amount: Int64,
    reference: UnsafeBufferPointer<UInt8>, counterparty: UnsafeBufferPointer<UInt8>,
    description: UnsafeBufferPointer<UInt8>, account: UnsafeBufferPointer<UInt8>, extraDates: RowDates = RowDates()
  ) {
    appendColumns(origin: o, line: line, date: date, amount: amount, extraDates: extraDates)
    Self.appendField(reference, to: &texts[o])
    Self.appendField(counterparty, to: &texts[o])
    Self.appendField(description, to: &texts[o])
    Self.appendField(account, to: &texts[o])
  }

  /// A row's fixed-size columns; its four text fields follow in its origin's arena.
  private mutating func appendColumns(origin o: Int, line: Int, date: Day, amount: Int64, extraDates: RowDates) {
    for k in RowDates.Kind.allCases { extra[k.rawValue].append(extraDates[k]?.daysSinceEpoch ?? Int32.min) }
    origin.append(UInt16(truncatingIfNeeded: o))
    dates.append(date.daysSinceEpoch)
    amounts.append(amount)
    lines.append(Int32(truncatingIfNeeded: line))
    textStart.append(UInt32(truncatingIfNeeded: texts[o].count))
  }

  /// Appends an ``Entry`` (registering its origin).
  public mutating func append(_ e: Entry) {
    let o = addOrigin(Origin(source: e.source, file: e.location.file, currency: e.amount.currency))
    append(
      origin: o, line: e.location.line, date: e.date, amount: e.amount.minorUnits,
      reference: e.reference, counterparty: e.counterparty, description: e.description, account: e.account,
      extraDates: e.extraDates)
  }

  /// Appends every row of `other`, keeping their order. Text arenas of origins new to this
  /// store are moved, not copied; `other` is typically a file's store, dropped afterwards.
  public mutating func append(contentsOf other: EntryStore) {
    var base: [UInt32] = []
    var map: [UInt16] = []
    for (k, o) in other.origins.enumerated() {
      if let i = origins.firstIndex(of: o) {
        base.append(UInt32(truncatingIfNeeded: texts[i].count))
        texts[i] += other.texts[k]
        map.append(UInt16(truncatingIfNeeded: i))
      } else {
        origins.append(o)
        texts.append(other.texts[k])
        base.append(0)
        map.append(UInt16(truncatingIfNeeded: origins.count - 1))
      }
    }
    origin += other.origin.map { map[Int($0)] }
    dates += other.dates
    amounts += other.amounts
    lines += other.lines
    for k in extra.indices { extra[k] += other.extra[k] }
    textStart += zip(other.origin, other.textStart).map { o, t in t &+ base[Int(o)] }
  }

  /// Reserves room for `rows` more rows of about `textBytes` bytes of text each.
  public mutating func reserveCapacity(rows: Int) {
    origin.reserveCapacity(count + rows)
    dates.reserveCapacity(count + rows)
    amounts.reserveCapacity(count + rows)
    lines.reserveCapacity(count + rows)
    for k in extra.indices { extra[k].reserveCapacity(count + rows) }
    textStart.reserveCapacity(count + rows)
  }

  /// Reserves `bytes` of text for rows of origin `o`. Reserving more than will be used costs
  /// address space, not memory: pages never written are never resident.
  public mutating func reserveText(origin o: Int, bytes: Int) {
    texts[o].reserveCapacity(bytes)
  }

  /// Appends a field and its separator. A separator byte inside a field (it never is, in
  /// practice) becomes a space.
  @inline(__always)
  private static func appendField(_ s: some Collection<UInt8>, to text: inout [UInt8]) {
    let start = text.count
    text.append(contentsOf: s)
    for k in start..<text.count where text[k] == separator { text[k] = 0x20 }
    text.append(separator)
  }

  /// The bytes of row `i`'s text: four fields, each followed by a separator.
  private func withText<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let arena = texts[Int(origin[i])]
    let start = Int(textStart[i])
    return arena.withUnsafeBufferPointer { buf in
      var end = start, seen = 0
      while end < buf.count {
        if buf[end] == Self.separator {
          seen += 1
          if seen == 4 { break }
        }
        end += 1
      }
      return body(UnsafeBufferPointer(rebasing: buf[start..<end]))
    }
  }

  // MARK: - Reading

  // The column readers are inlinable: the matcher calls them millions of times from another
  // module, and as calls they were 9% of `make bench`'s 1M × 1M match (perf record).
  @inlinable public func originIndex(_ i: Int) -> Int { Int(origin[i]) }
  public func originOf(_ i: Int) -> Origin { origins[Int(origin[i])] }
  @inlinable public func date(_ i: Int) -> Day { Day(daysSinceEpoch: dates[i]) }
  /// The amount in minor units of the row's currency.
  @inlinable public func amount(_ i: Int) -> Int64 { amounts[i] }
  @inlinable public func line(_ i: Int) -> Int { Int(lines[i]) }
  /// The row's `kind` date (due, service, resolved), when its export has one.
  public func date(_ kind: RowDates.Kind, _ i: Int) -> Day? {
    let d = extra[kind.rawValue][i]
    return d == Int32.min ? nil : Day(daysSinceEpoch: d)
  }

  /// All of the row's extra dates.
  public func extraDates(_ i: Int) -> RowDates {
    var out = RowDates()
    for k in RowDates.Kind.allCases { out[k] = date(k, i) }
    return out
  }
  public func location(_ i: Int) -> SourceLocation { SourceLocation(file: originOf(i).file, line: line(i)) }

  /// The row's four text fields: reference, counterparty, description, account.
  public func fields(_ i: Int) -> (reference: String, counterparty: String, description: String, account: String) {
    withText(i) { buf in
      var parts: [String] = []
      parts.reserveCapacity(4)
      var s = 0
      for (k, b) in buf.enumerated() where b == Self.separator {
        parts.append(String(decoding: UnsafeBufferPointer(rebasing: buf[s..<k]), as: UTF8.self))
        s = k + 1
      }
      parts.append(String(decoding: UnsafeBufferPointer(rebasing: buf[s...]), as: UTF8.self))
      while parts.count < 4 { parts.append("") }
      return (parts[0], parts[1], parts[2], parts[3])
    }
  }

  /// Calls `body` with the bytes (UTF-8) of the row's reference field, without building a `String`.
  public func withReferenceBytes<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withFieldBytes(i, 0, body)
  }

  /// Calls `body` with the bytes of text field `field` of row `i` (0 reference, 1 counterparty,
  /// 2 description, 3 account), without building a `String`.
  public func withFieldBytes<R>(_ i: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = Int(textStart[i])
    return texts[Int(origin[i])].withUnsafeBufferPointer { buf in
      body(UnsafeBufferPointer(rebasing: buf[Self.fieldRange(buf, start, field)]))
    }
  }

  /// Calls `body` with the bytes of row `i`'s first `fields` text fields (0 reference,
  /// 1 counterparty, 2 description, 3 account), each but the last followed by
  /// ``fieldSeparator``: one lookup for a reader of several fields.
  public func withTextFields<R>(_ i: Int, _ fields: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    let start = Int(textStart[i])
    return texts[Int(origin[i])].withUnsafeBufferPointer { buf in
      let end = Self.fieldRange(buf, start, max(0, fields - 1)).upperBound
      return body(UnsafeBufferPointer(rebasing: buf[min(start, end)..<end]))
    }
  }

  /// The byte between text fields in ``withTextFields(_:_:_:)``.
  public static var fieldSeparator: UInt8 { separator }

  /// Where text field `field` of the row whose text starts at `start` lies in its arena.
  @inline(__always) static func fieldRange(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ field: Int) -> Range<Int> {
    var start = start
    for _ in 0..<field {
      while start < buf.count && buf[start] != separator { start += 1 }
      start += 1
    }
    start = min(start, buf.count)
    var k = start
    while k < buf.count && buf[k] != separator { k += 1 }
    return start..<k
  }

  /// Calls `body` with each row's index and the bytes of its text field `field`, in row order:
  /// one pass over each origin's text instead of a lookup per row (the matcher hashes every
  /// row's reference this way; per row it was 85 ns a row at 2M rows, make bench).
  public func forEachField(_ field: Int, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
    var i = 0
    while i < count {
      let o = origin[i]
      var end = i + 1
      while end < count && origin[end] == o { end += 1 }
      texts[Int(o)].withUnsafeBufferPointer { buf in
        textStart.withUnsafeBufferPointer { starts in
          for row in i..<end {
            body(row, UnsafeBufferPointer(rebasing: buf[Self.fieldRange(buf, Int(starts[row]), field)]))
          }
        }
      }
      i = end
    }
  }

  /// The row's reference field, decoded alone.
  public func reference(_ i: Int) -> String {
    let arena = texts[Int(origin[i])]
    let start = Int(textStart[i])
    return arena.withUnsafeBufferPointer { buf in
      var k = start
      while k < buf.count && buf[k] != Self.separator { k += 1 }
      return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<k]), as: UTF8.self)
    }
  }

  /// The row as an ``Entry``.
  public subscript(i: Int) -> Entry {
    let o = originOf(i)
    let f = fields(i)
    return Entry(
      source: o.source, location: SourceLocation(file: o.file, line: line(i)), date: date(i),
      amount: Money(minorUnits: amounts[i], currency: o.currency),
      reference: f.reference, counterparty: f.counterparty, description: f.description, account: f.account,
      extraDates: extraDates(i))
  }

  /// Indexes of the rows of `source`, in store order, computed lazily.
  public func indices(ofSource source: String) -> LazyFilterSequence<Range<Int>> {
    let wanted = origins.indices.filter { origins[$0].source == source }.map { UInt16($0) }
    let column = origin
    return (0..<count).lazy.filter { wanted.contains(column[$0]) }
  }

  /// Count and sum of amounts of the rows of `source`.
  public func totals(ofSource source: String) -> (count: Int, total: Int64) {
    let wanted = Set(origins.indices.filter { origins[$0].source == source }.map { UInt16($0) })
    var n = 0
    var sum: Int64 = 0
    for i in 0..<count where wanted.contains(origin[i]) {
      n += 1
      sum &+= amounts[i]
    }
    return (n, sum)
  }
}
