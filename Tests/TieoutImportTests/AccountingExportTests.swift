import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

/// Accounting and processor exports, each read through its bundled template from a fixture in
/// the export's layout (title rows, account headings, totals rows, parentheses, Windows-1252).
@Suite struct AccountingExportTests {
  func read(_ name: String) throws -> ImportResult {
    let t = try TemplateLoader.load(path: TestPaths.templates + "/\(name).yaml")
    return try Importer(template: t, source: "s").importFile(path: TestPaths.fixtures + "/exports/\(name).csv", displayName: "\(name).csv")
  }

  func amounts(_ r: ImportResult) -> [Int64] { r.entries.map(\.amount.minorUnits) }

  @Test func quickBooksOnlineGeneralLedger() throws {
    let r = try read("quickbooks-online-general-ledger")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    #expect(amounts(r) == [125_000, -25_000, -11_840, -125_000])
    #expect(r.entries.map(\.account) == ["Checking", "Checking", "Checking", "Accounts Receivable (A/R)"])
    #expect(r.entries[1].reference == "1042")
    // Headings, totals, TOTAL and the footer are listed as ignored, with their lines.
    #expect(r.rejected.map(\.location.line) == [6, 10, 11, 13, 14, 16])
  }

  @Test func quickBooksOnlineTransactionDetail() throws {
    let r = try read("quickbooks-online-transaction-detail")
    #expect(r.diagnostics.isEmpty)
    #expect(amounts(r) == [125_000, -25_000])
  }

  @Test func quickBooksDesktopWindows1252() throws {
    let r = try read("quickbooks-desktop-general-ledger")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    #expect(amounts(r) == [125_000, -25_000])
    #expect(r.entries.map(\.account) == ["1000 · Checking", "1000 · Checking"])
    #expect(r.entries[1].description == "Boxes · brown")
  }

  @Test func xeroAccountTransactions() throws {
    let r = try read("xero-account-transactions")
    #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
    #expect(amounts(r) == [125_000, -25_000])
    #expect(r.entries.map(\.date.description) == ["2026-10-01", "2026-10-02"])
    #expect(r.entries.first?.account == "Business Bank Account")
  }

  @Test func netSuiteSavedSearch() throws {
    let r = try read("netsuite-gl-saved-search")
    #expect(r.diagnostics.isEmpty)
    #expect(amounts(r) == [125_000, -25_000, -11_840])
    #expect(r.entries.first?.reference == "PYMT-1042")
  }

  @Test func sageGeneralLedger() throws {
    let r = try read("sage-general-ledger")
    #expect(r.diagnostics.isEmpty)
    #expect(amounts(r) == [125_000, -25_000])
    #expect(r.rejected.count == 2)
  }

  @Test func stripeBalanceTransactions() throws {
    let r = try read("stripe-balance-transactions")
    #expect(r.diagnostics.isEmpty)
    #expect(amounts(r) == [9_680, 24_245, -2_000, -31_925])
    // The charges, less the refund, net to the payout.
    #expect(amounts(r).reduce(0, +) == 0)
  }

  /// The net of each automatic payout's rows is the amount the bank receives.
  @Test func stripePayoutNetEqualsTheDeposit() throws {
    let r = try read("stripe-payout-reconciliation")
    #expect(r.diagnostics.isEmpty)
    let byPayout = Dictionary(grouping: r.entries, by: \.reference).mapValues { $0.reduce(Int64(0)) { $0 + $1.amount.minorUnits } }
    #expect(byPayout == ["po_1Q4": 31_925, "po_1Q9": 7_738])
  }

  @Test func amountWithACRDRColumn() throws {
    let r = try read("bank-amount-crdr")
    #expect(r.diagnostics.isEmpty)
    #expect(amounts(r) == [125_000, -1_250])
    #expect(r.entries.first?.date.description == "2026-10-15")
  }
}
