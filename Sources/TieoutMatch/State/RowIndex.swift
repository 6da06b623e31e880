import TieoutCore

/// What every pass reads of the rows and never changes: each row's source, currency and
/// canonical key, its reference key, and each source's rows in canonical order.
struct RowIndex {
  let store: EntryStore
  let sources: [MatchSource]
  /// Source index of each origin; −1 for rows of a source not listed.
  let sourceOfOrigin: [Int]
  /// A small number per currency, so that rows compare currencies as integers.
  let currencyOfOrigin: [Int32]
  /// Decimal digits of each origin's currency, for tolerances written as amounts.
  let minorDigitsOfOrigin: [Int]
  /// Canonical rank of each origin: by source (tieout.yaml's order), then file name.
  let originRank: [UInt64]
  /// Each row's normalized-reference hash (0: none).
  let refKeys: [UInt32]
  /// Each source's rows in canonical order, listed once: every pass takes its candidates from
  /// here instead of scanning the whole store again.
  let rowsBySource: [[Int32]]
  /// Whether the store's rows are in canonical order (as a month read file by file is, when
  /// its files come in tieout.yaml's order).
  let inCanonicalOrder: Bool

  init(store: EntryStore, sources: [MatchSource]) {
    self.store = store
    self.sources = sources
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
    // Every row's reference key, in one pass over the text.
    var refs = [UInt32](repeating: 0, count: store.count)
    refs.withUnsafeMutableBufferPointer { keys in
      store.forEachField(0) { i, bytes in keys[i] = ReferenceText.key(bytes) }
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
    let sourceOf = sourceOfOrigin
    for i in 0..<store.count {
      let s = sourceOf[store.originIndex(i)]
      if s >= 0 { bySource[s].append(Int32(i)) }
      let k = key(Int32(i))
      ordered = ordered && k >= last
      last = k
    }
    inCanonicalOrder = ordered
    // In a store in canonical order, every source's list is too.
    for s in bySource.indices where !ordered && !RowIndex.isSorted(bySource[s], by: { key($0) < key($1) }) {
      bySource[s].sort { key($0) < key($1) }
    }
    rowsBySource = bySource
  }

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
  @inline(__always) func minorDigits(_ r: Int32) -> Int { minorDigitsOfOrigin[store.originIndex(Int(r))] }
  @inline(__always) func refKey(_ r: Int32) -> UInt32 { refKeys[Int(r)] }

  /// A source's bit in the link set's masks (by index, modulo 32).
  @inline(__always) static func bit(_ s: Int) -> UInt32 { 1 << UInt32(s % 32) }
  /// Row `r`'s source bit; 0 for a row of no listed source.
  @inline(__always) func sourceBit(_ r: Int32) -> UInt32 { source(r) >= 0 ? RowIndex.bit(source(r)) : 0 }
  /// The bit of a rule side of one source, which its rows' bits are without reading them (the
  /// rows a rule pairs lie at random in the store); nil for a side of several sources.
  static func sideBit(_ indexes: [Int]) -> UInt32? { indexes.count == 1 ? bit(indexes[0]) : nil }
  func maskOf(_ indexes: [Int]) -> UInt32 { indexes.reduce(0) { $0 | RowIndex.bit($1) } }

  /// The row's effect on bank minus GL.
  func effect(_ r: Int32) -> Int64 {
    switch kind(r) {
    case .bank: amount(r)
    case .ledger: -amount(r)
    default: 0
    }
  }

  /// The sources a rule side names.
  func sourceIndexes(_ side: MatchRule.Side) -> [Int] {
    sources.indices.filter { i in
      switch side {
      case .kind(let k): sources[i].kind == k
      case .source(let n): sources[i].name == n
      }
    }
  }

  static func isSorted(_ a: [Int32], by less: (Int32, Int32) -> Bool) -> Bool {
    var i = 1
    while i < a.count {
      if less(a[i], a[i - 1]) { return false }
      i += 1
    }
    return true
  }
}
