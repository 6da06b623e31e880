/// One normalized record from an export: a bank line, a GL line, a receipt or an invoice.
///
/// Every entry keeps the location of the row it came from, so each number in the workbook and
/// the JSON can be traced back to a line of an input file.
///
/// Sign convention: positive amounts are money *into* the company's cash (a bank credit, a GL
/// debit to cash, a receipt, an invoice billed); templates flip signs where an export differs.
public struct Entry: Hashable, Sendable {
  /// The name of the source in tieout.yaml ("bank", "gl", …).
  public let source: String
  /// The row's location; `column` is nil.
  public let location: SourceLocation
  public let date: Day
  public let amount: Money
  public let reference: String
  public let counterparty: String
  public let description: String
  public let account: String
  /// Due, service and resolved dates, where the export has them.
  public let extraDates: RowDates

  public init(
    source: String, location: SourceLocation, date: Day, amount: Money,
    reference: String = "", counterparty: String = "", description: String = "", account: String = "",
    extraDates: RowDates = RowDates()
  ) {
    self.extraDates = extraDates
    self.source = source
    self.location = location
    self.date = date
    self.amount = amount
    self.reference = reference
    self.counterparty = counterparty
    self.description = description
    self.account = account
  }
}
