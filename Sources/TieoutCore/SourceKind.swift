/// What a source's records are, which decides how the matcher and the reports use them.
public enum SourceKind: String, Hashable, Sendable, CaseIterable, Codable {
  /// Bank statement lines: deposits positive, withdrawals negative.
  case bank
  /// General-ledger lines of the cash account: debits positive, credits negative.
  case ledger
  /// Payments received, as the billing system recorded them.
  case receipts
  /// Invoices issued, as the billing system recorded them.
  case invoices
  /// Billing disputes: opened on `date`, resolved on their resolved date (for the dashboard).
  case disputes

  /// A human name for summaries: "bank", "general ledger", …
  public var title: String {
    switch self {
    case .bank: "bank"
    case .ledger: "general ledger"
    case .receipts: "billing receipts"
    case .invoices: "billing invoices"
    case .disputes: "billing disputes"
    }
  }
}
