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

  private struct Key: Hashable {
    let source: String
    let file: String
    let line: Int
  }

  /// Checks the reconciliation against what was read.
  ///
  /// - Throws: ``TieoutError`` (an internal error, exit 1) naming the row or the source that
  ///   does not tie.
  public static func verify(_ r: Reconciliation, read: [Input]) throws(TieoutError) {
    var seen = Set<Key>()
    var counts: [String: (n: Int, sum: Int64)] = [:]
    func place(_ e: Entry, in what: String) throws(TieoutError) {
      let k = Key(source: e.source, file: e.location.file, line: e.location.line)
      guard seen.insert(k).inserted else {
        throw .internal("nothing-lost check failed: \(e.location) (\(e.source)) appears twice; the second time in \(what)")
      }
      counts[e.source, default: (0, 0)].n += 1
      counts[e.source, default: (0, 0)].sum += e.amount.minorUnits
    }
    for g in r.match.groups { for e in g.members { try place(e, in: "group \(g.id)") } }
    for x in r.match.exceptions { for e in x.members { try place(e, in: "exception \(x.id)") } }
    for e in r.match.unpaired { try place(e, in: "the unpaired list") }
    var rejectedBySource: [String: Int] = [:]
    for row in r.rejected {
      let k = Key(source: row.source, file: row.location.file, line: row.location.line)
      guard seen.insert(k).inserted else {
        throw .internal("nothing-lost check failed: \(row.location) (\(row.source)) is both rejected and placed elsewhere")
      }
      rejectedBySource[row.source, default: 0] += 1
    }
    for i in read {
      let out = counts[i.source] ?? (0, 0)
      guard out.n == i.entries, out.sum == i.total else {
        throw .internal(
          "nothing-lost check failed for source \(i.source): read \(i.entries) entries totalling \(i.total), but \(out.n) totalling \(out.sum) reached the output")
      }
      guard rejectedBySource[i.source, default: 0] == i.rejected else {
        throw .internal(
          "nothing-lost check failed for source \(i.source): \(i.rejected) rows rejected on import, \(rejectedBySource[i.source, default: 0]) listed as rejected")
      }
    }
    // The exceptions' differences are exactly what separates the bank total from the GL total.
    let bankTotal = r.sources.filter { $0.kind == .bank }.reduce(Int64(0)) { $0 + $1.total }
    let ledgerTotal = r.sources.filter { $0.kind == .ledger }.reduce(Int64(0)) { $0 + $1.total }
    guard r.unreconciledAmount == bankTotal - ledgerTotal else {
      throw .internal(
        "control totals do not tie: bank \(bankTotal) − GL \(ledgerTotal) = \(bankTotal - ledgerTotal), but the exceptions add up to \(r.unreconciledAmount)")
    }
    let known = Set(read.map(\.source))
    if let stray = counts.keys.first(where: { !known.contains($0) }) {
      throw .internal("nothing-lost check failed: output holds rows of source \(stray), which was never read")
    }
  }
}
