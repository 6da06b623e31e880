import Algorithms
import Foundation
import TieoutCore

/// The state of one matching run: which rows are linked with which sources, the links made so
/// far, and the union of rows into groups.
struct Engine {
  let store: EntryStore
  let sources: [MatchSource]
  let settings: MatchSettings
  let rules: [MatchRule]
  /// Source index of each origin; −1 for rows of a source not listed.
  let sourceOfOrigin: [Int]
  /// A small number per currency, so that rows compare currencies as integers.
  let currencyOfOrigin: [Int32]
  /// Decimal digits of each origin's currency, for tolerances written as amounts.
  let minorDigitsOfOrigin: [Int]
  /// Canonical rank of each origin: by source (tieout.yaml's order), then file name.
  let originRank: [UInt64]
  /// Per row: one bit per source (by index, modulo 32) the row is linked with.
  var mask: [UInt32]
  /// Union-find over rows: rows linked directly or through other rows form one group.
  var parent: [Int32]
  var links: [MatchLink] = []
  var linkRows: [Int32] = []
  /// Pairs of rows a decision forbids, as `min << 32 | max`.
  var forbidden: Set<UInt64> = []
  var decisions: [MatchDecision] = []
  var notes: [String] = []
  /// Each row's normalized-reference hash (0: none).
  let refKeys: [UInt32]
  /// Each source's rows in canonical order, listed once: every rule and the exception passes
  /// take their candidates from here instead of scanning the whole store again.
  let rowsBySource: [[Int32]]
  /// Whole sources sorted by amount (`sortedByAmount(rowsBySource[s])`), kept when a rule sorted
  /// one: the exceptions' nearest candidates search them again at the end.
  var sortedSources: [Int: [Sorted]] = [:]
  /// For each list in `sortedSources`, the rows that share their currency, amount and date with
  /// another row of the list, each with the position its run of such rows starts at: where the
  /// duplicates pass looks for a row's twin.
  var sortedRuns: [Int: [Int32: Int32]] = [:]
  /// Whether the store's rows are in canonical order (as a month read file by file is, when
  /// its files come in tieout.yaml's order).
  let inCanonicalOrder: Bool
  /// The texts the 1:1 rule being paired compares, made once per row when its reference or
  /// counterparty test reads them (`RowTexts`).
  var texts: RowTexts?

  init(store: EntryStore, sources: [MatchSource], settings: MatchSettings) {
    self.store = store
    self.sources = sources
    self.settings = settings
    rules = settings.effectiveRules
    sourceOfOrigin = store.origins.map { o in sources.firstIndex { $0.name == o.source } ?? -1 }
    var codes: [String: Int32] = [:]
    currencyOfOrigin = store.origins.map { o in
      if let c = codes[o.currency.code] { return c }
      let c = Int32(codes.count)
      codes[o.currency.code] = c
      return c
    }
    minorDigitsOfOrigin = store.origins.map(\.currency.minorDigits)
    // Sources in tieout.yaml's order, then files by name: the order the user reads them in.
    let sourceRank = store.origins.map { o in sources.firstIndex { $0.name == o.source } ?? sources.count }
    let order = store.origins.indices.sorted {
      (sourceRank[$0], store.origins[$0].source, store.origins[$0].file) < (sourceRank[$1], store.origins[$1].source, store.origins[$1].file)
    }
    var rank = [UInt64](repeating: 0, count: store.origins.count)
    for (r, o) in order.enumerated() { rank[o] = UInt64(r) }
    originRank = rank
    mask = [UInt32](repeating: 0, count: store.count)
    parent = (0..<Int32(store.count)).map { $0 }
    // Every row's reference key, in one pass over the text.
    var refs = [UInt32](repeating: 0, count: store.count)
    refs.withUnsafeMutableBufferPointer { keys in
      store.forEachField(0) { i, bytes in keys[i] = Matcher.referenceKey(bytes: bytes) }
    }
    refKeys = refs
    // Within a source, files come in tieout.yaml's order; canonical order is by file name.
    let ranks = originRank
    func key(_ r: Int32) -> UInt64 {
      ranks[store.originIndex(Int(r))] << 32 | UInt64(UInt32(truncatingIfNeeded: store.line(Int(r))))
    }
    var bySource = [[Int32]](repeating: [], count: sources.count)
    var ordered = true
    var last: UInt64 = 0
    for i in 0..<store.count {
      let s = sourceOfOrigin[store.originIndex(i)]
      if s >= 0 { bySource[s].append(Int32(i)) }
      let k = key(Int32(i))
      ordered = ordered && k >= last
      last = k
    }
    inCanonicalOrder = ordered
    // In a store in canonical order, every source's list is too.
    for s in bySource.indices where !ordered && !Engine.isSorted(bySource[s], by: { key($0) < key($1) }) {
      bySource[s].sort { key($0) < key($1) }
    }
    rowsBySource = bySource
  }

  // MARK: - Rows

  /// Canonical order: source, file, line. What ties are broken on, last; it does not depend on
  /// the order rows arrive in.
  @inline(__always) func key(_ r: Int32) -> UInt64 {
    originRank[store.originIndex(Int(r))] << 32 | UInt64(UInt32(truncatingIfNeeded: store.line(Int(r))))
  }
  @inline(__always) func source(_ r: Int32) -> Int { sourceOfOrigin[store.originIndex(Int(r))] }
  @inline(__always) func kind(_ r: Int32) -> SourceKind? { let s = source(r); return s < 0 ? nil : sources[s].kind }
  @inline(__always) func amount(_ r: Int32) -> Int64 { store.amount(Int(r)) }
  @inline(__always) func date(_ r: Int32) -> Int32 { store.date(Int(r)).daysSinceEpoch }
  @inline(__always) func currency(_ r: Int32) -> Int32 { currencyOfOrigin[store.originIndex(Int(r))] }
  @inline(__always) static func bit(_ s: Int) -> UInt32 { 1 << UInt32(s % 32) }
  /// Row `r`'s source bit; 0 for a row of no listed source.
  @inline(__always) func sourceBit(_ r: Int32) -> UInt32 { source(r) >= 0 ? Engine.bit(source(r)) : 0 }
  /// The bit of a rule side of one source, which its rows' bits are without reading them (the
  /// rows a rule pairs lie at random in the store); nil for a side of several sources.
  static func sideBit(_ indexes: [Int]) -> UInt32? { indexes.count == 1 ? bit(indexes[0]) : nil }

  /// The row's effect on bank minus GL.
  func effect(_ r: Int32) -> Int64 {
    switch kind(r) {
    case .bank: amount(r)
    case .ledger: -amount(r)
    default: 0
    }
  }

  @inline(__always) func refKey(_ r: Int32) -> UInt32 { refKeys[Int(r)] }

  /// The sources a rule side names.
  func sourceIndexes(_ side: MatchRule.Side) -> [Int] {
    sources.indices.filter { i in
      switch side {
      case .kind(let k): sources[i].kind == k
      case .source(let n): sources[i].name == n
      }
    }
  }

  func maskOf(_ indexes: [Int]) -> UInt32 { indexes.reduce(0) { $0 | Engine.bit($1) } }

  /// Rows of `indexes`' sources not yet linked with any source of `other`, in canonical order.
  /// Sources rank first in canonical order, so the sources' lists, in source order, are too.
  func eligibleRows(_ indexes: [Int], notLinkedWith other: UInt32) -> [Int32] {
    var rows: [Int32] = []
    for s in indexes.sorted() { rows += rowsBySource[s].lazy.filter { mask[Int($0)] & other == 0 } }
    return rows
  }

  static func isSorted(_ a: [Int32], by less: (Int32, Int32) -> Bool) -> Bool {
    var i = 1
    while i < a.count {
      if less(a[i], a[i - 1]) { return false }
      i += 1
    }
    return true
  }

  func days(_ from: Int32, _ to: Int32, business: Bool) -> Int {
    business
      ? settings.calendar.businessDays(from: Day(daysSinceEpoch: from), to: Day(daysSinceEpoch: to)) : Int(to) - Int(from)
  }

  /// A calendar window wide enough to hold `rule`'s window (business days span weekends and
  /// holidays).
  func calendarWindow(_ rule: MatchRule) -> Int32 {
    guard rule.businessDays else { return Int32(min(rule.windowDays, 400)) }
    let span = rule.windowDays + 2 * (rule.windowDays / 5 + 1) + 2
    return Int32(min(span + 2 * settings.calendar.mostHolidays(within: 2 * span), 400))
  }

  func isForbidden(_ a: Int32, _ b: Int32) -> Bool {
    guard !forbidden.isEmpty else { return false }
    return forbidden.contains(UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))))
  }

  // MARK: - Links

  mutating func find(_ r: Int32) -> Int32 {
    var r = r
    while parent[Int(r)] != r {
      parent[Int(r)] = parent[Int(parent[Int(r)])]
      r = parent[Int(r)]
    }
    return r
  }

  mutating func union(_ a: Int32, _ b: Int32) {
    let (x, y) = (find(a), find(b))
    if x == y { return }
    // The smaller index becomes the root, so roots do not depend on the order of unions.
    if x < y { parent[Int(y)] = x } else { parent[Int(x)] = y }
  }

  /// What a link records of its rows: each side's source bits (0: no listed source), Σ left −
  /// Σ right, and the latest right date minus the latest left date.
  struct LinkSummary {
    let bits: (left: UInt32, right: UInt32)
    let difference: Int64
    let days: Int16
  }

  /// Links `left` with `right`, reading what the link records of them from the store.
  mutating func addLink<L: Collection<Int32>, R: Collection<Int32>>(
    rule: Int32, left: L, right: R, reasons: MatchLink.Reasons, score: Int
  ) {
    var bits: (left: UInt32, right: UInt32) = (0, 0)
    var difference: Int64 = 0
    var leftDate = Int32.min, rightDate = Int32.min
    for r in left {
      bits.left |= sourceBit(r)
      difference += amount(r)
      leftDate = max(leftDate, date(r))
    }
    for r in right {
      bits.right |= sourceBit(r)
      difference -= amount(r)
      rightDate = max(rightDate, date(r))
    }
    if left.isEmpty { leftDate = 0 }
    if right.isEmpty { rightDate = leftDate }
    let days = Int16(clamping: Int(rightDate) - Int(leftDate))
    addLink(rule: rule, left: left, right: right, LinkSummary(bits: bits, difference: difference, days: days), reasons: reasons, score: score)
  }

  /// Links `left` with `right`, from what the caller already read of them. The 1:1 rule and the
  /// N:1 join by reference know it from their sorted rows, where reading the store read rows
  /// lying at random in it: make bench, 1M × 1M: links 40 → 24 ms; 1M month,
  /// receipt-to-invoice: 1.07–1.20 s → 0.81–1.02 s.
  mutating func addLink<L: Collection<Int32>, R: Collection<Int32>>(
    rule: Int32, left: L, right: R, _ known: LinkSummary, reasons: MatchLink.Reasons, score: Int
  ) {
    let start = linkRows.count
    let bits = known.bits
    // Row by row: `linkRows += left` took 60% longer for the 1:1 rule's single rows (make bench,
    // 1M × 1M: links 25 → 41 ms).
    for r in left {
      linkRows.append(r)
      mask[Int(r)] |= bits.right == 0 ? bits.left : bits.right
    }
    for r in right {
      linkRows.append(r)
      mask[Int(r)] |= bits.left == 0 ? bits.right : bits.left
    }
    for k in start + 1..<linkRows.count { union(linkRows[start], linkRows[k]) }
    links.append(
      MatchLink(
        rule: rule, start: Int32(start), leftCount: Int32(left.count), rightCount: Int32(right.count),
        difference: known.difference, dayDifference: known.days, reasons: reasons, score: UInt8(clamping: max(0, min(100, score)))))
  }

  // MARK: - Decisions

  mutating func apply(_ list: [MatchDecision]) {
    decisions = list
    guard !list.isEmpty else { return }
    var wanted: [String: Set<Int>] = [:]
    for d in list { for l in d.rows { wanted[l.file, default: []].insert(l.line) } }
    var found: [SourceLocation: Int32] = [:]
    for i in 0..<store.count {
      let o = store.originOf(i)
      if let lines = wanted[o.file], lines.contains(store.line(i)) {
        found[SourceLocation(file: o.file, line: store.line(i))] = Int32(i)
      }
    }
    for (k, d) in list.enumerated() {
      var rows: [Int32] = []
      for l in d.rows {
        if let r = found[SourceLocation(file: l.file, line: l.line)] {
          rows.append(r)
        } else {
          notes.append("\(d.location): decision names \(l.file):\(l.line), which is not an imported row; the decision is ignored")
        }
      }
      guard rows.count == d.rows.count, rows.count >= 2 else { continue }
      switch d.action {
      case .forbid:
        for a in rows { for b in rows where a < b { forbidden.insert(UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))) } }
      case .force:
        if rows.contains(where: { mask[Int($0)] != 0 }) {
          notes.append("\(d.location): a row of this decision is already in another decision; the decision is ignored")
          continue
        }
        let first = source(rows[0])
        addLink(
          rule: -1 - Int32(k), left: rows.filter { source($0) == first }, right: rows.filter { source($0) != first },
          reasons: .manual, score: 100)
      }
    }
  }

  // MARK: - Rules

  mutating func run(_ rule: MatchRule, index: Int32) {
    let left = sourceIndexes(rule.left), right = sourceIndexes(rule.right)
    guard !left.isEmpty, !right.isEmpty else { return }
    switch rule.cardinality {
    case .oneToOne: oneToOne(rule, index, left, right)
    case .manyToOne: manyToOne(rule, index, many: left, one: right, manyIsLeft: true)
    case .oneToMany: manyToOne(rule, index, many: right, one: left, manyIsLeft: false)
    case .manyToMany: manyToMany(rule, index, left, right)
    }
  }

  /// How far from `a` an amount may be under `rule`, in the minor units of row `r`'s currency.
  func tolerance(_ rule: MatchRule, _ a: Int64, _ r: Int32) -> Int64 {
    switch rule.amount {
    case .equal: 0
    case .within: rule.amount.minorUnits(digits: minorDigitsOfOrigin[store.originIndex(Int(r))])
    case .withinBasisPoints(let bp): Int64(clamping: (Int(a.magnitude) / 10_000) * bp + (Int(a.magnitude % 10_000) * bp) / 10_000)
    case .partial: 0
    }
  }

  /// A row of the side being searched, sorted by currency, amount, date and canonical order.
  ///
  /// 32 bytes: at 1M rows a side, every pass over the list streams it from memory. (28, with
  /// the amount in two 32-bit halves to drop the padding, sorted a little faster and paired
  /// slower: make bench, 1M × 1M.) The lists are made from rows in canonical order, so within
  /// one list `index` orders rows as their canonical keys do; across the lists of whole
  /// sources, (source, `index`) does.
  struct Sorted: Comparable {
    let currency: Int32
    let date: Int32
    let amount: Int64
    let row: Int32
    /// The row's position in the list that was sorted, which was in canonical order.
    let index: Int32
    /// The row's reference key: the 1:1 search reads it for every candidate, and from here it
    /// comes with the row instead of from a random place in a row-sized array.
    let ref: UInt32
    static func < (a: Sorted, b: Sorted) -> Bool {
      (a.currency, a.amount, a.date, a.index) < (b.currency, b.amount, b.date, b.index)
    }
  }

  /// `rows`, which are in canonical order, sorted by currency, amount, date and canonical order.
  ///
  /// (currency, amount, date) is packed into one 64-bit key, offsets from the smallest value,
  /// and radix-sorted; the sort is stable, so canonical order breaks ties. `make bench`, 1M × 1M:
  /// the comparison sort took 0.25–0.3 s per side per million rows; a radix sort of the whole
  /// side 0.05 s, and this one, by ranges that fit the cache (`RadixSort.sort`), 0.03 s with
  /// 32-byte rows. Ranges too wide to pack (amounts spanning more than ~2^40 with many
  /// currencies) fall back to comparing.
  func sortedByAmount(_ rows: [Int32], rowsPerRange: Int = RadixSort.rowsPerRange) -> [Sorted] {
    var runs: [Int32: Int32]?
    return sortedByAmount(rows, rowsPerRange: rowsPerRange, runs: &runs)
  }

  /// `sortedByAmount(rows)`; when `runs` is not nil, also the rows that share their currency,
  /// amount and date with another (`sortedRuns`). Above 128k rows the sort notes them from its
  /// sorted keys, while they are in cache: looked for afterwards, walking the sorted list, the
  /// duplicates pass read all 32 MB of it again (make bench, 1M × 1M, least of 30: the rule
  /// 90.5 → 94.3 ms, groups and exceptions 81.4 → 72.4 ms, the match 200 → 194 ms).
  func sortedByAmount(_ rows: [Int32], rowsPerRange: Int = RadixSort.rowsPerRange, runs: inout [Int32: Int32]?) -> [Sorted] {
    assert(Engine.isSorted(rows, by: { key($0) < key($1) }), "rows must come in canonical order")
    guard let r0 = rows.first else {
      if runs != nil { runs = [:] }
      return []
    }
    // The runs of `list`, found by reading it once.
    func runsRead(_ list: [Sorted]) -> [Int32: Int32] {
      var found: [Int32: Int32] = [:]
      var start = 0
      for j in list.indices.dropFirst() {
        let (x, y) = (list[j], list[start])
        guard (x.currency, x.amount, x.date) == (y.currency, y.amount, y.date) else {
          start = j
          continue
        }
        if j == start + 1 { found[y.row] = Int32(start) }
        found[x.row] = Int32(start)
      }
      return found
    }
    @inline(__always) func made(_ k: Int) -> Sorted {
      let r = rows[k]
      return Sorted(currency: currency(r), date: date(r), amount: amount(r), row: r, index: Int32(k), ref: refKey(r))
    }
    var lo = (c: currency(r0), a: amount(r0), d: date(r0)), hi = lo
    @inline(__always) func widen(_ c: Int32, _ a: Int64, _ d: Int32) {
      lo = (min(lo.c, c), min(lo.a, a), min(lo.d, d))
      hi = (max(hi.c, c), max(hi.a, a), max(hi.d, d))
    }
    guard RadixSort.movesIntoRanges(rows.count, rowsPerRange: rowsPerRange) else {
      // The rows and their bounds in one pass, then the keys from the rows made: at 100k rows a
      // side, faster than making the rows from their sorted keys as below (make bench, both
      // sides by amount, least of 30: 4.4 against 5.2 ms).
      var list = [Sorted](unsafeUninitializedCapacity: rows.count) { out, count in
        for k in rows.indices {
          let x = made(k)
          widen(x.currency, x.amount, x.date)
          (out.baseAddress! + k).initialize(to: x)
        }
        count = rows.count
      }
      if let packing = Packing(lo, hi) {
        RadixSort.sort(&list, keys: list.map { packing.key($0.currency, $0.amount, $0.date) }, bits: packing.bits, rowsPerRange: rowsPerRange)
      } else {
        list.sort()
      }
      if runs != nil { runs = runsRead(list) }
      return list
    }
    // Larger sides are moved into ranges: the bounds and the keys are read from the store, and
    // each row is made from its sorted key, once and in order (`RadixSort.sorted`).
    for r in rows { widen(currency(r), amount(r), date(r)) }
    guard let packing = Packing(lo, hi) else {
      let list = rows.indices.map(made).sorted()
      if runs != nil { runs = runsRead(list) }
      return list
    }
    let keys = rows.map { r in packing.key(currency(r), amount(r), date(r)) }
    // Rows of a whole source read in one piece are consecutive in the store: then a row is its
    // position's offset from the first, not a read at random in `rows`. (In a store in canonical
    // order, `rows` ascend, so spanning as many rows as they are means consecutive.)
    let first = rows[0], consecutive = inCanonicalOrder && Int(rows[rows.count - 1] - first) == rows.count - 1
    @inline(__always) func row(_ k: Int) -> Int32 { consecutive ? first + Int32(k) : rows[k] }
    // Runs of equal keys, as the sort finds them: (start, first row, row).
    var equal: [(Int32, Int32, Int32)] = []
    let list = RadixSort.sorted(
      keys: keys, bits: packing.bits, rowsPerRange: rowsPerRange, value: { refKey(rows[$0]) },
      make: { key, k, ref in
        let (c, a, d) = packing.values(key)
        return Sorted(currency: c, date: d, amount: a, row: row(k), index: Int32(k), ref: ref)
      },
      equal: runs == nil ? nil : { start, i, k in equal.append((Int32(start), row(i), row(k))) })
    if runs != nil {
      var found: [Int32: Int32] = [:]
      found.reserveCapacity(2 * equal.count)
      for (start, a, b) in equal {
        found[a] = start
        found[b] = start
      }
      runs = found
    }
    return list
  }

  /// (currency, amount, date) packed into one 64-bit key, each as an offset from its smallest
  /// value; nil when the three spans need more than 64 bits.
  struct Packing {
    let lo: (c: Int32, a: Int64, d: Int32)
    let aShift: UInt64, cShift: UInt64
    let bits: Int

    init?(_ lo: (c: Int32, a: Int64, d: Int32), _ hi: (c: Int32, a: Int64, d: Int32)) {
      func bits(_ span: UInt64) -> Int { 64 - span.leadingZeroBitCount }
      let cBits = bits(UInt64(Int64(hi.c) - Int64(lo.c))), dBits = bits(UInt64(Int64(hi.d) - Int64(lo.d)))
      let aSpan = hi.a.subtractingReportingOverflow(lo.a)
      let aBits = bits(UInt64(aSpan.partialValue))
      guard !aSpan.overflow, cBits + aBits + dBits <= 64 else { return nil }
      self.lo = lo
      (aShift, cShift, self.bits) = (UInt64(dBits), UInt64(dBits + aBits), cBits + aBits + dBits)
    }

    @inline(__always) func key(_ c: Int32, _ a: Int64, _ d: Int32) -> UInt64 {
      UInt64(Int64(c) - Int64(lo.c)) << cShift | UInt64(a - lo.a) << aShift | UInt64(Int64(d) - Int64(lo.d))
    }

    /// The currency, amount and date `key` was packed from.
    @inline(__always) func values(_ key: UInt64) -> (Int32, Int64, Int32) {
      // Shifts of 64 bits give 0, so a field of no bits is its smallest value.
      let d = key & ~(~0 << aShift), a = (key >> aShift) & ~(~0 << (cShift - aShift))
      return (Int32(Int64(key >> cShift) + Int64(lo.c)), Int64(bitPattern: a) &+ lo.a, Int32(Int64(d) + Int64(lo.d)))
    }
  }

  /// The rows of `indexes`' sources not linked with `other`, sorted by amount; a whole source's
  /// list is kept in `sortedSources`. `eligible` is those rows when the caller has them.
  mutating func sortedSide(_ indexes: [Int], notLinkedWith other: UInt32, eligible: [Int32]? = nil) -> [Sorted] {
    let rows = eligible ?? eligibleRows(indexes, notLinkedWith: other)
    guard indexes.count == 1, rows.count == rowsBySource[indexes[0]].count else { return sortedByAmount(rows) }
    if let kept = sortedSources[indexes[0]] { return kept }
    var runs: [Int32: Int32]? = [:]
    let list = sortedByAmount(rows, runs: &runs)
    sortedSources[indexes[0]] = list
    sortedRuns[indexes[0]] = runs
    return list
  }

  /// First index in `a` whose (currency, amount, date) is not below the given one.
  static func lowerBound(_ a: [Sorted], _ lo: Int, _ hi: Int, _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var lo = lo, hi = hi
    while lo < hi {
      let mid = (lo + hi) / 2
      if (a[mid].currency, a[mid].amount, a[mid].date) < (c, x, d) { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// `lowerBound` for an answer expected near `lo`: steps of 1, 2, 4… from `lo`, then a binary
  /// search in the last step. Touches a few neighbouring rows instead of the whole list's middles.
  static func lowerBound(near lo: Int, _ a: [Sorted], _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var lo = lo, hi = lo, step = 1
    while hi < a.count, (a[hi].currency, a[hi].amount, a[hi].date) < (c, x, d) {
      lo = hi + 1
      hi = lo + step
      step *= 2
    }
    return lowerBound(a, lo, min(hi, a.count), c, x, d)
  }

  /// Rows `lowerBound(walkingFrom:)` steps over one by one before it gallops.
  static let walk = 64

  /// `lowerBound(near:)` for a search that moves through a list larger than the cache a few
  /// rows at a time (`Nearest.candidates`, about 1 in 35 rows at 1M): up to `walk` rows one by
  /// one, which the processor streams in, then galloping, whose every step waited for its row
  /// (make bench, 1M × 1M: the twins search, which then searched so too, 28.7 → 27.2 ms;
  /// nearest candidates, least of 20: 19.2 ms, galloping from the start 23.4 ms).
  static func lowerBound(walkingFrom lo: Int, _ a: [Sorted], _ c: Int32, _ x: Int64, _ d: Int32) -> Int {
    var at = lo
    while at < min(a.count, lo + walk) {
      if (a[at].currency, a[at].amount, a[at].date) >= (c, x, d) { return at }
      at += 1
    }
    return lowerBound(near: at, a, c, x, d)
  }

  /// How strongly two rows' references agree under `test`; nil when the test fails.
  /// `ka` and `kb` are the rows' reference keys.
  func referenceStrength(_ a: Int32, _ b: Int32, _ ka: UInt32, _ kb: UInt32, _ test: MatchRule.ReferenceTest) -> (Int, MatchLink.Reasons)? {
    let equal = ka != 0 && ka == kb
    switch test {
    case .any:
      return equal ? (3, .referenceEqual) : (0, [])
    case .equal:
      guard equal, Matcher.normalize(store.reference(Int(a))) == Matcher.normalize(store.reference(Int(b))) else { return nil }
      return (3, .referenceEqual)
    case .inMemo:
      if equal { return (3, .referenceEqual) }
      return inMemo(a, b) || inMemo(b, a) ? (2, .referenceInMemo) : nil
    case .similar:
      if equal { return (3, .referenceEqual) }
      if let similar = texts?.similarReferences(a, b) { return similar ? (1, .referenceSimilar) : nil }
      let x = Matcher.normalize(store.reference(Int(a))), y = Matcher.normalize(store.reference(Int(b)))
      guard !x.isEmpty, !y.isEmpty else { return nil }
      if (x.count >= 3 && y.contains(x)) || (y.count >= 3 && x.contains(y)) || Engine.oneEditApart(x, y) {
        return (1, .referenceSimilar)
      }
      return nil
    }
  }

  /// Whether `a`'s reference (3 characters or more, normalized) is inside `b`'s reference or description.
  func inMemo(_ a: Int32, _ b: Int32) -> Bool {
    if let found = texts?.inMemo(a, b) { return found }
    let ref = Matcher.normalize(store.reference(Int(a)))
    guard ref.count >= 3 else { return false }
    let f = store.fields(Int(b))
    return Matcher.normalize(f.reference + " " + f.description).contains(ref)
      || Engine.squeezed(f.description).contains(ref)
  }

  /// Upper-cased letters and digits, zeros kept: "Payment INV-01042" → "PAYMENTINV01042".
  static func squeezed(_ s: String) -> String { String(s.uppercased().filter { $0.isLetter || $0.isNumber }) }

  /// The UTF-8 of `squeezed` of the text `bytes` hold, made from the bytes when they are ASCII
  /// (letters upper-cased, digits kept, the rest dropped) without building a `String`: the
  /// duplicates pass squeezes the description of every unmatched line that shares its amount
  /// and date with another, and building, upper-casing and filtering a `String` of characters
  /// took about a microsecond a line.
  static func squeezedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard bytes.allSatisfy({ $0 < 0x80 }) else { return Array(squeezed(String(decoding: bytes, as: UTF8.self)).utf8) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for b in bytes {
      if b &- 0x61 < 26 {
        out.append(b &- 0x20)
      } else if b &- 0x41 < 26 || b &- 0x30 < 10 {
        out.append(b)
      }
    }
    return out
  }

  /// Whether `a` and `b` differ by one character inserted, removed or changed. Walks their
  /// indices, without copying them into arrays: a rule's reference test `similar` asks it for
  /// every candidate pair (`RowTexts`).
  static func oneEditApart<C: Collection>(_ a: C, _ b: C) -> Bool where C.Element: Equatable {
    let (m, n) = (a.count, b.count)
    guard abs(m - n) <= 1, !a.elementsEqual(b) else { return false }
    var i = a.startIndex, j = b.startIndex, edits = 0
    // Elements of each not yet passed.
    var (left, right) = (m, n)
    while i != a.endIndex && j != b.endIndex {
      let same = a[i] == b[j]
      if !same {
        edits += 1
        if edits > 1 { return false }
      }
      // Past an insertion, only the longer one moves on.
      if same || m >= n {
        a.formIndex(after: &i)
        left -= 1
      }
      if same || n >= m {
        b.formIndex(after: &j)
        right -= 1
      }
    }
    return edits + left + right <= 1
  }

  /// Whether two counterparty names share a word of four letters or more.
  func counterpartiesSimilar(_ a: Int32, _ b: Int32) -> Bool {
    if let shared = texts?.shareAWord(a, b) { return shared }
    func words(_ i: Int32) -> Set<String> {
      let f = store.fields(Int(i))
      let text = f.counterparty.isEmpty ? f.description : f.counterparty
      return Set(text.uppercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 })
    }
    return !words(a).isDisjoint(with: words(b))
  }

  /// Rows scanned at most for one row's candidates.
  static let scanLimit = 4096
  /// Candidates kept per row; the best by precedence.
  static let candidatesPerRow = 16
  /// Rows of the many side an N:1 search considers for one row, the nearest by date.
  static let searchWidth = 20

  /// The range the many side's sum may take for a one-side amount `t`: equal, within the
  /// amount tolerance, or short of the sum by up to the fee share.
  func sumRange(_ rule: MatchRule, _ t: Int64, _ r: Int32) -> ClosedRange<Int64> {
    let m = Int64(t.magnitude)
    let tol = tolerance(rule, t, r)
    var hi = m + tol
    if rule.feeBasisPoints > 0 {
      let kept = Int64(10_000 - min(rule.feeBasisPoints, 9_999))
      let (sum, overflow) = Money.share(m, times: 10_000, over: kept, roundingUp: false).addingReportingOverflow(tol)
      hi = overflow ? Int64.max : sum
    }
    return max(0, m - tol)...hi
  }

  /// Several rows of one side with one row of the other: by a batch or payout id when the rule
  /// has `group_by`, else by a bounded search for the rows whose sum fits.
  mutating func manyToOne(_ rule: MatchRule, _ index: Int32, many: [Int], one: [Int], manyIsLeft: Bool) {
    let mm = maskOf(many), om = maskOf(one)
    func link(_ rows: [Int32], _ target: Int32, _ reasons: MatchLink.Reasons, _ score: Int) {
      if manyIsLeft {
        addLink(rule: index, left: rows, right: [target], reasons: reasons, score: score)
      } else {
        addLink(rule: index, left: [target], right: rows, reasons: reasons, score: score)
      }
    }
    func score(_ rows: [Int32], _ target: Int32, keyed: Bool, ambiguous: Bool) -> Int {
      let spread = rows.map { abs(Int(date($0)) - Int(date(target))) }.max() ?? 0
      let diff = rows.reduce(Int64(0)) { $0 + amount($1) } - amount(target)
      return 100 - 3 * spread - (keyed ? 0 : 10) - (diff != 0 ? 5 : 0) - (ambiguous ? 30 : 0)
    }

    if let field = rule.groupBy, rule.reference == .equal {
      keyedToReference(rule, index, field: field, many: many, one: one, manyIsLeft: manyIsLeft)
      return
    }
    if let field = rule.groupBy {
      let ones = sortedSide(one, notLinkedWith: mm)
      // Batches by the id's hash first (no String per row: a month holds ~500k receipts), then
      // split by the id's text where two ids share a hash.
      var byHash: [UInt32: [Int32]] = [:]
      var hashes: [UInt32] = []
      for r in eligibleRows(many, notLinkedWith: om) {
        let h = fieldKey(r, field)
        guard h != 0 else { continue }
        if byHash[h] == nil { hashes.append(h) }
        byHash[h, default: []].append(r)
      }
      var batches: [(text: String, rows: [Int32])] = []
      for h in hashes {
        guard let rows = byHash[h] else { continue }
        var split: [(String, [Int32])] = []
        for r in rows {
          let t = Matcher.normalize(groupText(r, field))
          if let k = split.firstIndex(where: { $0.0 == t }) { split[k].1.append(r) } else { split.append((t, [r])) }
        }
        batches += split.map { (text: $0.0, rows: $0.1) }
      }
      for (text, rows) in batches {
        guard Set(rows.map(currency)).count == 1 else { continue }
        let sum = rows.reduce(Int64(0)) { $0 + amount($1) }
        guard sum != 0 else { continue }
        let latest = rows.map(date).max() ?? 0
        // The one side's amount t is the sum, or short of it by at most the fee share.
        let c = currency(rows[0])
        let tol = tolerance(rule, sum, rows[0])
        let fee = Money.share(Int64(sum.magnitude), times: Int64(max(0, rule.feeBasisPoints)), over: 10_000, roundingUp: true)
        let (lo, hi) = sum > 0 ? (sum - fee - tol, sum + tol) : (sum - tol, sum + fee + tol)
        // Ties go to the first in canonical order: `index`, in one sorted list.
        var best: (row: Int32, diff: UInt64, days: Int, index: Int32)?
        var k = Engine.lowerBound(ones, 0, ones.count, c, lo, Int32.min)
        var scanned = 0
        while k < ones.count, ones[k].currency == c, ones[k].amount <= hi, scanned < Engine.scanLimit {
          let o = ones[k]
          k += 1
          scanned += 1
          guard o.amount != 0, (o.amount > 0) == (sum > 0), mask[Int(o.row)] & mm == 0 else { continue }
          guard sumRange(rule, o.amount, o.row).contains(Int64(sum.magnitude)) else { continue }
          // Short of the sum (a fee) only when the line names the batch: a sum that merely
          // comes close is a guess, which the amount-search rules make, as suggestions.
          guard o.amount == sum || names(o.row, text) else { continue }
          let dd = days(latest, o.date, business: rule.businessDays)
          guard abs(dd) <= rule.windowDays, !rows.contains(where: { isForbidden($0, o.row) }) else { continue }
          let cand = (row: o.row, diff: (sum - o.amount).magnitude, days: abs(dd), index: o.index)
          if let b = best, (b.diff, b.days, b.index) <= (cand.diff, cand.days, cand.index) { continue }
          best = cand
        }
        if let best {
          link(rows, best.row, .byGroupKey, score(rows, best.row, keyed: true, ambiguous: false))
        }
      }
      return
    }

    // A bounded subset search per row of the one side, nearest dates first.
    struct Row {
      let date: Int32
      let currency: Int32
      let amount: Int64
      let key: UInt64
      let row: Int32
    }
    var manyRows = eligibleRows(many, notLinkedWith: om).map {
      Row(date: date($0), currency: currency($0), amount: amount($0), key: key($0), row: $0)
    }
    manyRows.sort { ($0.date, $0.key) < ($1.date, $1.key) }
    func firstIndex(onOrAfter day: Int32) -> Int { manyRows.partitioningIndex { $0.date >= day } }
    let w = calendarWindow(rule)
    // The rule's work so far: rows read into pools and subsets tried. A budget of work, not of
    // time, so that the same month matches the same on a busy machine.
    var work = 0
    var gaveUp = 0, notSearched = 0
    // Rows of a sign the many side lacks cannot be reached: skip them without a search.
    let signs = (positive: manyRows.contains { $0.amount > 0 }, negative: manyRows.contains { $0.amount < 0 })
    let targets = eligibleRows(one, notLinkedWith: mm).filter { amount($0) > 0 ? signs.positive : signs.negative }
    var pool: [(row: Int32, size: Int64, days: Int, key: UInt64)] = []
    for (n, t) in targets.enumerated() {
      if work > settings.searchWorkBudget {
        notSearched = targets.count - n
        break
      }
      guard mask[Int(t)] & mm == 0 else { continue }
      let ta = amount(t)
      guard ta != 0 else { continue }
      let range = sumRange(rule, ta, t)
      let d = date(t), c = currency(t)
      // Day by day outward from the row's date (0, −1, +1, −2, …), until the nearest
      // `searchWidth` rows that could take part are found: the cost does not grow with the
      // rows elsewhere in the month.
      pool.removeAll(keepingCapacity: true)
      var scanned = 0
      outward: for offset in 0...(2 * Int(w)) {
        let day = d + Int32(offset % 2 == 0 ? offset / 2 : -(offset + 1) / 2)
        var k = firstIndex(onOrAfter: day)
        var taken = 0
        while k < manyRows.count, manyRows[k].date == day {
          let m = manyRows[k]
          k += 1
          scanned += 1
          if scanned > Engine.scanLimit { break outward }
          guard m.currency == c, (m.amount > 0) == (ta > 0), m.amount != 0, Int64(m.amount.magnitude) <= range.upperBound,
            mask[Int(m.row)] & om == 0
          else { continue }
          let dd = days(d, m.date, business: rule.businessDays)
          guard abs(dd) <= rule.windowDays, !isForbidden(m.row, t) else { continue }
          pool.append((m.row, Int64(m.amount.magnitude), abs(dd), m.key))
          taken += 1
          // The day's later rows (in file order, the same days apart) cannot be among the
          // nearest `searchWidth` now: they are counted as scanned, not read, so the scan limit
          // falls where it did. Reading them took most of a dense month's time (200,000 lines a
          // side of one reference, about 7,000 a day: the two batch rules 5.4 s, now 1.5 s).
          if taken == Engine.searchWidth {
            scanned += firstIndex(onOrAfter: day + 1) - k
            if scanned > Engine.scanLimit { break outward }
            break
          }
        }
        if pool.count >= Engine.searchWidth && offset % 2 == 0 { break }
      }
      work += scanned
      guard !pool.isEmpty else { continue }
      if pool.count > Engine.searchWidth {
        pool.sort { ($0.days, $0.key) < ($1.days, $1.key) }
        pool.removeLast(pool.count - Engine.searchWidth)
      }
      pool.sort { ($0.size, $1.key) > ($1.size, $0.key) }
      let sizes = pool.map(\.size)
      let search = SubsetSearch(sizes: sizes, range: range, maxItems: rule.maxItems, budget: settings.nodeBudget)
      let (solutions, exhausted, nodes) = search.run(limit: 2)
      work += nodes
      guard let first = solutions.first else {
        if exhausted { gaveUp += 1 }
        continue
      }
      let rows = first.map { pool[$0].row }.sorted { key($0) < key($1) }
      let ambiguous = solutions.count > 1
      var reasons: MatchLink.Reasons = []
      if ambiguous { reasons.insert(.ambiguous) }
      link(rows, t, reasons, score(rows, t, keyed: false, ambiguous: ambiguous))
    }
    if gaveUp > 0 {
      notes.append(
        "rule \(rule.name): the search for combinations gave up on \(gaveUp) row\(gaveUp == 1 ? "" : "s") after \(settings.nodeBudget) tries each")
    }
    if notSearched > 0 {
      notes.append(
        "rule \(rule.name): stopped after \(settings.searchWorkBudget) steps of search (rows read and combinations tried); \(notSearched) row\(notSearched == 1 ? " was" : "s were") not searched")
    }
  }

  /// N:1 where the many side's key names the one side's reference: the receipts that name an
  /// invoice, with the invoice. With `amount: partial` the payments may add up to less than the
  /// invoice (a partial payment); the rest stays open.
  mutating func keyedToReference(
    _ rule: MatchRule, _ index: Int32, field: MatchRule.GroupKey, many: [Int], one: [Int], manyIsLeft: Bool
  ) {
    let mm = maskOf(many), om = maskOf(one)
    // Both sides as (key hash, row), sorted, then joined: no dictionary of arrays, which cost
    // most of the rule's time at ~500k receipts and ~700k invoices (make bench).
    // Each row carries its canonical key, which the one side's best row is chosen on (read
    // from the store, it cost two random reads per comparison). The rows come in canonical
    // order, so a stable radix sort by hash orders them by (hash, key): comparing took 89 and
    // 100 ms for the 1M month's 735k invoices and 551k receipts, this 22–34 and 50–71 ms (the
    // rest is hashing the key texts).
    func keyed(_ rows: [Int32], _ f: MatchRule.GroupKey) -> [Keyed] {
      var out: [Keyed] = []
      out.reserveCapacity(rows.count)
      for r in rows {
        let h = fieldKey(r, f)
        guard h != 0 else { continue }
        let text = store.withFieldBytes(Int(r), Engine.fieldIndex(f)) { Keyed.Text($0) }
        out.append(Keyed(hash: h, row: r, key: key(r), amount: amount(r), date: date(r), currency: currency(r), text: text))
      }
      RadixSort.sort(&out, keys: out.map { UInt64($0.hash) }, bits: 32)
      return out
    }
    let ones = keyed(eligibleRows(one, notLinkedWith: mm), .reference)
    guard !ones.isEmpty else { return }
    let bits = (many: Engine.sideBit(many), one: Engine.sideBit(one))
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
      // always every row shares the first one's text: one split, no arrays (make bench, 1M
      // month: per-group arrays and sets were 0.8 s of this rule's 1.2 s).
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
  /// in canonical order, they are read from here in hash order, where reading the store read it
  /// at random (1M month, receipt-to-invoice: 1.07–1.20 s → 0.81–1.02 s, with the links made from
  /// these values).
  struct Keyed {
    let hash: UInt32
    let row: Int32
    let key: UInt64
    let amount: Int64
    let date: Int32
    let currency: Int32
    let text: Text

    /// A key's normalized text, kept here when it is ASCII and 15 bytes or fewer (most ids):
    /// the join compares rows in hash order, and reading their texts from the store there read
    /// it at random, two texts a group (1M month, receipt-to-invoice, three runs each taking
    /// turns: 0.66–0.92 s → 0.47–0.65 s). 16 bytes, the last one the count, so that a keyed row
    /// is 48 bytes.
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
    for o in ones where mask[Int(o.row)] & mm == 0 && o.currency == c {
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
      let known = LinkSummary(bits: (manyBits, oneBits), difference: sum - o.amount, days: Int16(clamping: Int(o.date) - Int(latest)))
      addLink(rule: index, left: rows.lazy.map(\.row), right: CollectionOfOne(o.row), known, reasons: reasons, score: 100)
    } else {
      let known = LinkSummary(bits: (oneBits, manyBits), difference: o.amount - sum, days: Int16(clamping: Int(latest) - Int(o.date)))
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
      let words = groupText(r, field).split { " ,;/&".contains($0) }.map(String.init).filter { Matcher.normalize($0).count >= 3 }
      if words.count >= 2 { candidates.append((r, words)) }
    }
    guard !candidates.isEmpty else { return }
    var byHash: [UInt32: [Int32]] = [:]
    for o in ones where mask[Int(o.row)] & mm == 0 { byHash[o.hash, default: []].append(o.row) }
    for (r, words) in candidates {
      var targets: [Int32] = []
      for w in words {
        let h = Matcher.referenceKey(w)
        guard let rows = byHash[h] else { continue }
        let n = Matcher.normalize(w)
        if let o = rows.first(where: { o in
          mask[Int(o)] & mm == 0 && !targets.contains(o) && currency(o) == currency(r) && (amount(o) > 0) == (amount(r) > 0)
            && Matcher.normalize(store.reference(Int(o))) == n && !isForbidden(r, o)
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
    f == .reference ? refKey(r) : store.withFieldBytes(Int(r), Engine.fieldIndex(f)) { Matcher.referenceKey(bytes: $0) }
  }

  /// Whether two rows' fields are equal once normalized (upper case, letters and digits,
  /// leading zeros dropped), compared on their bytes.
  func sameKey(_ a: Int32, _ fa: MatchRule.GroupKey, _ b: Int32, _ fb: MatchRule.GroupKey) -> Bool {
    store.withFieldBytes(Int(a), Engine.fieldIndex(fa)) { x in
      store.withFieldBytes(Int(b), Engine.fieldIndex(fb)) { y in Engine.normalizedEqual(x, y) }
    }
  }

  static func normalizedEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard var a = NormalizedBytes(x), var b = NormalizedBytes(y) else {
      return Matcher.normalize(String(decoding: x, as: UTF8.self)) == Matcher.normalize(String(decoding: y, as: UTF8.self))
    }
    while true {
      let (p, q) = (a.next(), b.next())
      if p != q { return false }
      if p == nil { return true }
    }
  }

  /// Whether row `r`'s reference or description contains the normalized batch id `key`.
  func names(_ r: Int32, _ key: String) -> Bool {
    let f = store.fields(Int(r))
    return Engine.squeezed(f.reference + " " + f.description).contains(key)
      || Matcher.normalize(f.reference + " " + f.description).contains(key)
  }

  func groupText(_ r: Int32, _ field: MatchRule.GroupKey) -> String {
    switch field {
    case .reference: return store.reference(Int(r))
    case .counterparty: return store.fields(Int(r)).counterparty
    case .description: return store.fields(Int(r)).description
    case .account: return store.fields(Int(r)).account
    }
  }

  /// Several rows with several rows, by a shared batch id on both sides.
  mutating func manyToMany(_ rule: MatchRule, _ index: Int32, _ left: [Int], _ right: [Int]) {
    guard let field = rule.groupBy else {
      notes.append("rule \(rule.name): N:M needs group_by; the rule was skipped")
      return
    }
    let lm = maskOf(left), rm = maskOf(right)
    func batches(_ rows: [Int32]) -> ([String: [Int32]], [String]) {
      var out: [String: [Int32]] = [:]
      var order: [String] = []
      for r in rows {
        let t = Matcher.normalize(groupText(r, field))
        guard !t.isEmpty else { continue }
        if out[t] == nil { order.append(t) }
        out[t, default: []].append(r)
      }
      return (out, order)
    }
    let (ls, order) = batches(eligibleRows(left, notLinkedWith: rm))
    let (rs, _) = batches(eligibleRows(right, notLinkedWith: lm))
    for t in order {
      guard let a = ls[t], let b = rs[t] else { continue }
      let sa = a.reduce(Int64(0)) { $0 + amount($1) }, sb = b.reduce(Int64(0)) { $0 + amount($1) }
      guard (sa - sb).magnitude <= UInt64(tolerance(rule, sa, a[0])) || sumRange(rule, sb, b[0]).contains(Int64(sa.magnitude)) && rule.feeBasisPoints > 0
      else { continue }
      let da = a.map(date).max() ?? 0, db = b.map(date).max() ?? 0
      guard abs(days(da, db, business: rule.businessDays)) <= rule.windowDays else { continue }
      guard !a.contains(where: { x in b.contains { isForbidden(x, $0) } }) else { continue }
      addLink(rule: index, left: a, right: b, reasons: .byGroupKey, score: 100 - 3 * abs(Int(db - da)) - (sa != sb ? 5 : 0))
    }
  }
}

/// Finds subsets of `sizes` (sorted largest first) whose sum lies in `range`, depth first,
/// trying at most `budget` subsets: it never runs away, whatever the input.
struct SubsetSearch {
  let sizes: [Int64]
  let range: ClosedRange<Int64>
  let maxItems: Int
  let budget: Int

  /// Up to `limit` solutions (indexes into `sizes`), whether the budget ran out first, and the
  /// subsets tried.
  func run(limit: Int) -> (solutions: [[Int]], exhausted: Bool, nodes: Int) {
    var suffix = [Int64](repeating: 0, count: sizes.count + 1)
    for i in stride(from: sizes.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + sizes[i] }
    var solutions: [[Int]] = []
    var chosen: [Int] = []
    var nodes = 0
    var exhausted = false
    func visit(_ from: Int, _ sum: Int64) {
      if solutions.count >= limit || exhausted { return }
      var i = from
      while i < sizes.count {
        nodes += 1
        if nodes > budget {
          exhausted = true
          return
        }
        let s = sum + sizes[i]
        if s + 0 > range.upperBound {
          i += 1
          continue
        }
        // Even taking everything left cannot reach the range: no later start can either.
        if sum + suffix[i] < range.lowerBound { return }
        chosen.append(i)
        if range.contains(s) {
          solutions.append(chosen)
          if solutions.count >= limit {
            chosen.removeLast()
            return
          }
        }
        if chosen.count < maxItems { visit(i + 1, s) }
        chosen.removeLast()
        if solutions.count >= limit || exhausted { return }
        i += 1
      }
    }
    visit(0, 0)
    return (solutions, exhausted, min(nodes, budget))
  }
}
