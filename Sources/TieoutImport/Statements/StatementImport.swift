import Foundation
public import TieoutCore

/// What a bank file holds: its statements, and the file's own control checks that failed.
public struct BankFileContents: Sendable {
  /// A transaction the file holds that did not become a line, with the reason.
  public struct Rejected: Sendable, Hashable {
    public let location: SourceLocation
    public let reason: String
    public let disposition: RejectedRow.Disposition
  }

  public let statements: [BankStatement]
  /// Failed control checks beyond each statement's arithmetic (BAI2 trailer totals and counts).
  public let checks: [Diagnostic]
  /// Transactions rejected (unreadable) or ignored (repeats), so that none is lost silently.
  public let rejected: [Rejected]

  public init(statements: [BankStatement], checks: [Diagnostic] = [], rejected: [Rejected] = []) {
    self.statements = statements
    self.checks = checks
    self.rejected = rejected
  }

  /// Every failed check: the file's own, then each statement's arithmetic.
  public var problems: [Diagnostic] {
    checks + statements.flatMap { $0.checks + [$0.arithmeticProblem()].compactMap { $0 } }
  }
}

/// The file formats tieout reads without a template: bank statements and remittances.
public enum InputFormat: String, Sendable, CaseIterable {
  case mt940
  case camt
  case bai2
  case ofx
  /// X12 835 health-care remittance advice.
  case x12835 = "x12-835"

  /// Reads every statement of a bank file; nil for a format that is not a bank file.
  public func readBankFile(path: String, displayName: String) throws(TieoutError) -> BankFileContents? {
    try bankFileReader?.contents(path: path, displayName: displayName)
  }
}

extension ImportResult {
  /// Imports a file of a template-less format.
  ///
  /// A bank file: every statement line becomes an entry (dated by its booking date, else its
  /// value date), and every statement or trailer that does not balance is an error diagnostic.
  /// An 835: every remittance becomes one entry (its payment: BPR02 on BPR16, referenced by the
  /// TRN trace number that pairs it with the bank deposit); every claim or remittance that does
  /// not balance is an error diagnostic.
  public static func file(
    _ format: InputFormat, path: String, displayName: String, source: String
  ) throws(TieoutError) -> ImportResult {
    guard let contents = try format.readBankFile(path: path, displayName: displayName) else {
      return try remittances(path: path, displayName: displayName, source: source)
    }
    var store = EntryStore()
    let diagnostics = contents.problems
    var rows = 0
    for st in contents.statements {
      let origin = store.addOrigin(.init(source: source, file: displayName, currency: st.currency))
      for l in st.lines {
        rows += 1
        let info = l.information.split(whereSeparator: \.isNewline).joined(separator: " ")
        store.append(
          origin: origin, line: l.location.line, date: l.date, amount: l.amount, reference: l.reference,
          counterparty: l.counterparty, description: info, account: st.account)
      }
    }
    let rejected = contents.rejected.map {
      RejectedRow(source: source, location: $0.location, disposition: $0.disposition, reason: $0.reason, text: "")
    }
    let rowErrors = contents.rejected.filter { $0.disposition == .error }.map {
      Diagnostic(.badStatement, at: $0.location, $0.reason)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var result = ImportResult(
      source: source, file: displayName, store: store, rejected: rejected, diagnostics: rowErrors,
      rowsRead: rows + rejected.count, bytesRead: bytes)
    result.checks = diagnostics
    return result
  }
}

extension ImportResult {
  static func remittances(path: String, displayName: String, source: String) throws(TieoutError) -> ImportResult {
    let (remittances, checks) = try X12835.read(path: path, displayName: displayName)
    var store = EntryStore()
    let origin = store.addOrigin(.init(source: source, file: displayName, currency: .usd))
    for r in remittances {
      let denied = r.claims.count { $0.isDenied }
      store.append(
        origin: origin, line: r.location.line, date: r.date, amount: r.creditDebit == "D" ? -r.total : r.total,
        reference: r.traceNumber, counterparty: r.payer,
        description: "\(r.method) remittance: \(r.claims.count) claim\(r.claims.count == 1 ? "" : "s")\(denied > 0 ? ", \(denied) denied" : "")",
        account: r.payee)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    var result = ImportResult(
      source: source, file: displayName, store: store, rejected: [], diagnostics: checks, rowsRead: remittances.count,
      bytesRead: bytes)
    result.checks = checks
    var stats = ClaimStats()
    for claim in remittances.flatMap(\.claims) where claim.status != "22" {
      stats.claims += 1
      if claim.isDenied { stats.denied += 1 }
      if ["1", "2", "3"].contains(claim.status) && claim.paid > 0 { stats.paidFirstPass += 1 }
    }
    result.claims = stats
    return result
  }
}
