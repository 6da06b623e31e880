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
  public var problems: [Diagnostic] { checks + statements.compactMap { $0.arithmeticProblem() } }
}

/// The bank-file formats tieout reads without a template.
public enum BankFileFormat: String, Sendable, CaseIterable {
  case mt940
  case camt
  case bai2
  case ofx

  /// Reads every statement in the file.
  public func read(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    switch self {
    case .mt940: BankFileContents(statements: try MT940.read(path: path, displayName: displayName))
    case .camt: BankFileContents(statements: try CAMT.read(path: path, displayName: displayName))
    case .bai2: try BAI2.read(path: path, displayName: displayName)
    case .ofx: try OFX.read(path: path, displayName: displayName)
    }
  }
}

extension ImportResult {
  /// Imports a bank file: every statement line becomes an entry (dated by its booking date,
  /// else its value date), and every statement that does not balance is an error diagnostic.
  public static func bankFile(
    _ format: BankFileFormat, path: String, displayName: String, source: String
  ) throws(TieoutError) -> ImportResult {
    let contents = try format.read(path: path, displayName: displayName)
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
    return ImportResult(
      source: source, file: displayName, store: store, rejected: rejected, diagnostics: diagnostics + rowErrors,
      rowsRead: rows + rejected.count, bytesRead: bytes)
  }
}
