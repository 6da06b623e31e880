import Foundation
public import TieoutCore

/// The bank-file formats tieout reads without a template.
public enum BankFileFormat: String, Sendable, CaseIterable {
  case mt940
  case camt

  /// Reads every statement in the file.
  public func read(path: String, displayName: String) throws(TieoutError) -> [BankStatement] {
    switch self {
    case .mt940: try MT940.read(path: path, displayName: displayName)
    case .camt: try CAMT.read(path: path, displayName: displayName)
    }
  }
}

extension ImportResult {
  /// Imports a bank file: every statement line becomes an entry (dated by its booking date,
  /// else its value date), and every statement that does not balance is an error diagnostic.
  public static func bankFile(
    _ format: BankFileFormat, path: String, displayName: String, source: String
  ) throws(TieoutError) -> ImportResult {
    let statements = try format.read(path: path, displayName: displayName)
    var store = EntryStore()
    var diagnostics: [Diagnostic] = []
    var rows = 0
    for st in statements {
      let origin = store.addOrigin(.init(source: source, file: displayName, currency: st.currency))
      for l in st.lines {
        rows += 1
        let info = l.information.split(whereSeparator: \.isNewline).joined(separator: " ")
        store.append(
          origin: origin, line: l.location.line, date: l.date, amount: l.amount, reference: l.reference,
          counterparty: l.counterparty, description: info, account: st.account)
      }
      if let problem = st.arithmeticProblem() { diagnostics.append(problem) }
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    return ImportResult(
      source: source, file: displayName, store: store, rejected: [], diagnostics: diagnostics, rowsRead: rows,
      bytesRead: bytes)
  }
}
