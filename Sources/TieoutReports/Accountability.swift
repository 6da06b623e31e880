public import TieoutCore
import TieoutMatch

/// Proves that nothing was lost: every row read ends in exactly one place, and control totals
/// tie from input to output.
///
/// The run calls ``verify(_:read:)`` after matching and fails when it throws: a bug that drops
/// or duplicates a row must never produce a workbook that looks complete.
public enum Accountability {
  /// What the importers produced for one source, before matching.
  public struct Input: Sendable {
    public let source: String
    public let entries: Int
    public let total: Int64
    public let rejected: Int

    public init(source: String, entries: Int, total: Int64, rejected: Int) {
      self.source = source
      self.entries = entries
      self.total = total
      self.rejected = rejected
    }
  }

  /// Checks the reconciliation against what was read.
  ///
  /// - Throws: ``TieoutError`` (an internal error, exit 1) naming the row or the source that
  ///   does not tie.
  public static func verify(_ r: Reconciliation, read: [Input]) throws(TieoutError) {
    let store = r.store
    var placed = [UInt8](repeating: 0, count: store.count)
    func place(_ i: Int, in what: String) throws(TieoutError) {
      guard i >= 0, i < store.count else { throw .internal("nothing-lost check failed: \(what) refers to row \(i), which does not exist") }
      guard placed[i] == 0 else {
        throw .internal("nothing-lost check failed: \(store.location(i)) (\(store.originOf(i).source)) appears twice; the second time in \(what)")
      }
      placed[i] = 1
    }
    for g in r.match.groups { for i in r.match.members(of: g) { try place(Int(i), in: "group \(g.id)") } }
    for x in r.match.exceptions { for i in x.members { try place(Int(i), in: "exception \(x.id)") } }
    for i in r.match.unpaired { try place(Int(i), in: "the unpaired list") }
    if let lost = placed.firstIndex(of: 0) {
      throw .internal("nothing-lost check failed: \(store.location(lost)) (\(store.originOf(lost).source)) is in no group, exception or list")
    }
    var rejectedRows = Set<SourceLocation>()
    var rejectedBySource: [String: Int] = [:]
    for row in r.rejected {
      guard rejectedRows.insert(SourceLocation(file: row.location.file, line: row.location.line)).inserted else {
        throw .internal("nothing-lost check failed: \(row.location) (\(row.source)) is rejected twice")
      }
      rejectedBySource[row.source, default: 0] += 1
    }
    for i in read {
      let out = store.totals(ofSource: i.source)
      guard out.count == i.entries, out.total == i.total else {
        throw .internal(
          "nothing-lost check failed for source \(i.source): read \(i.entries) entries totalling \(i.total), but \(out.count) totalling \(out.total) reached the output")
      }
      guard rejectedBySource[i.source, default: 0] == i.rejected else {
        throw .internal(
          "nothing-lost check failed for source \(i.source): \(i.rejected) rows rejected on import, \(rejectedBySource[i.source, default: 0]) listed as rejected")
      }
    }
    // The exceptions and the groups together account exactly for the bank total minus the GL total.
    let bankTotal = r.sources.filter { $0.kind == .bank }.reduce(Int64(0)) { $0 + $1.total }
    let ledgerTotal = r.sources.filter { $0.kind == .ledger }.reduce(Int64(0)) { $0 + $1.total }
    guard r.unreconciledAmount + r.groupedBankMinusLedger == bankTotal - ledgerTotal else {
      throw .internal(
        "control totals do not tie: bank \(bankTotal) − GL \(ledgerTotal) = \(bankTotal - ledgerTotal), but the exceptions add up to \(r.unreconciledAmount) and the groups' differences to \(r.groupedBankMinusLedger)")
    }
    let known = Set(read.map(\.source))
    if let stray = store.origins.first(where: { !known.contains($0.source) }) {
      throw .internal("nothing-lost check failed: output holds rows of source \(stray.source), which was never read")
    }
  }
}
