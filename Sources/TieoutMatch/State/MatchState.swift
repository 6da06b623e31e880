public import TieoutCore

/// What the passes of one matching run share: the rows (`RowIndex`, read only), the links made
/// so far (`LinkSet`), the sources sorted by amount (`SortedSides`), and what the run has to
/// say (`notes`). Rule passes (``RulePass``) receive it; the exception steps after them read it.
///
/// The accessors below read a row's values through the row index: a pass reads
/// `amount(r)`, never the store's arrays.
public struct MatchState {
  let rowIndex: RowIndex
  var linkSet: LinkSet
  var sortedSides = SortedSides()
  let settings: MatchSettings
  let rules: [MatchRule]
  var decisions: [MatchDecision] = []
  var notes: [String] = []
  /// The texts the 1:1 rule being paired compares, made once per row when its reference or
  /// counterparty test reads them (`RowTexts`).
  var texts: RowTexts?
  /// What the rows' texts say of which rows belong together (`Evidence`), made when the first
  /// 1:1 rule that ranks by it runs, for every source such rules pair.
  var evidence: Evidence?
  var evidenceMade = false
  /// The settings' keywords, upper-cased, as UTF-8 (`Keywords.searched`).
  let keywords: (fee: [[UInt8]], cheque: [[UInt8]], returned: [[UInt8]])

  init(store: EntryStore, sources: [MatchSource], settings: MatchSettings) {
    rowIndex = RowIndex(store: store, sources: sources)
    linkSet = LinkSet(rows: store.count)
    self.settings = settings
    rules = settings.effectiveRules
    keywords = settings.keywords.searched
  }

  // MARK: - Rows, through the row index

  var store: EntryStore { rowIndex.store }
  var sources: [MatchSource] { rowIndex.sources }
  var rowsBySource: [[Int32]] { rowIndex.rowsBySource }
  var inCanonicalOrder: Bool { rowIndex.inCanonicalOrder }
  @inline(__always) func key(_ r: Int32) -> UInt64 { rowIndex.key(r) }
  @inline(__always) func source(_ r: Int32) -> Int { rowIndex.source(r) }
  @inline(__always) func kind(_ r: Int32) -> SourceKind? { rowIndex.kind(r) }
  @inline(__always) func amount(_ r: Int32) -> Int64 { rowIndex.amount(r) }
  @inline(__always) func date(_ r: Int32) -> Int32 { rowIndex.date(r) }
  @inline(__always) func currency(_ r: Int32) -> Int32 { rowIndex.currency(r) }
  @inline(__always) func refKey(_ r: Int32) -> UInt32 { rowIndex.refKey(r) }
  @inline(__always) func sourceBit(_ r: Int32) -> UInt32 { rowIndex.sourceBit(r) }
  func effect(_ r: Int32) -> Int64 { rowIndex.effect(r) }
  func sourceIndexes(_ side: MatchRule.Side) -> [Int] { rowIndex.sourceIndexes(side) }
  func maskOf(_ indexes: [Int]) -> UInt32 { rowIndex.maskOf(indexes) }

  /// Rows of `indexes`' sources not yet linked with any source of `other`, in canonical order.
  /// Sources rank first in canonical order, so the sources' lists, in source order, are too.
  func eligibleRows(_ indexes: [Int], notLinkedWith other: UInt32) -> [Int32] {
    var rows: [Int32] = []
    for s in indexes.sorted() { rows += rowIndex.rowsBySource[s].lazy.filter { !linkSet.isLinked($0, with: other) } }
    return rows
  }

  // MARK: - Links, through the link set

  @inline(__always) func isForbidden(_ a: Int32, _ b: Int32) -> Bool { linkSet.isForbidden(a, b) }
  mutating func find(_ r: Int32) -> Int32 { linkSet.find(r) }

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
    linkSet.add(
      rule: rule, left: left, right: right, LinkSet.Summary(bits: bits, difference: difference, days: days), reasons: reasons, score: score)
  }

  /// Links `left` with `right`, from what the caller already read of them (passes that hold
  /// the rows' values in sorted lists need not read the store again at random).
  mutating func addLink<L: Collection<Int32>, R: Collection<Int32>>(
    rule: Int32, left: L, right: R, _ known: LinkSet.Summary, reasons: MatchLink.Reasons, score: Int
  ) {
    linkSet.add(rule: rule, left: left, right: right, known, reasons: reasons, score: score)
  }
}

extension MatchState {
  /// Reads the evidence (`Evidence`) once, for every source a 1:1 rule that ranks by it
  /// pairs; nil when no row has any.
  mutating func readEvidence() {
    guard !evidenceMade else { return }
    let sources = Set(rules.filter { ($0.cardinality == .oneToOne && $0.reference == .any) || $0.pass == SharedIdentifierPass.passName }.flatMap { sourceIndexes($0.left) + sourceIndexes($0.right) })
    let made = Evidence(rowIndex, sources: sources.sorted(), cheque: keywords.cheque)
    evidence = made.isEmpty ? nil : made
    evidenceMade = true
  }
}

// MARK: - What a pass registered from outside the module reads and does

extension MatchState {
  /// The imported rows.
  public var entries: EntryStore { rowIndex.store }

  /// Rows of the sources `side` names that are not yet linked with any source `other` names,
  /// in canonical order (source, file, line): the candidates of a rule pairing the two.
  public func candidates(_ side: MatchRule.Side, notLinkedWith other: MatchRule.Side) -> [Int32] {
    eligibleRows(sourceIndexes(side), notLinkedWith: maskOf(sourceIndexes(other)))
  }

  /// Whether a person's decision forbids matching rows `a` and `b`.
  public func forbids(_ a: Int32, _ b: Int32) -> Bool { isForbidden(a, b) }

  /// Links rows `left` with rows `right` under the rule numbered `rule` (its place in the run's
  /// rules), with why and how sure (0–100).
  public mutating func link(rule: Int32, left: [Int32], right: [Int32], reasons: MatchLink.Reasons, score: Int) {
    addLink(rule: rule, left: left, right: right, reasons: reasons, score: score)
  }

  /// Something the user should know about the run (a search that gave up, a rule skipped).
  public mutating func note(_ text: String) { notes.append(text) }
}
