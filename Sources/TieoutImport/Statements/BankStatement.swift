import Foundation
public import TieoutCore
import TieoutIO

/// The bytes of a whole file (bank files are read whole; CSV exports stream).
///
/// - Throws: ``TieoutError`` `file-not-found` naming the file as the user wrote it.
func readWholeFile(path: String, displayName: String) throws(TieoutError) -> Data {
  Data(try RegularFile.read(path: path, displayName: displayName))
}

/// One account's statement from a bank file (MT940, camt.053, BAI2, OFX): balances and lines.
///
/// Each importer checks the statement's own arithmetic — opening balance plus the lines equals
/// the closing balance — and reports a mismatch as an error located at the closing balance.
public struct BankStatement: Hashable, Sendable {
  /// A balance as the bank states it.
  public struct Balance: Hashable, Sendable {
    public let date: Day
    /// Signed minor units: negative for a debit (overdrawn) balance.
    public let amount: Int64
    /// True for an intermediate balance (MT940 `:60M:`/`:62M:`) of a statement split over messages.
    public let isIntermediate: Bool
    public let location: SourceLocation

    public init(date: Day, amount: Int64, isIntermediate: Bool = false, location: SourceLocation) {
      self.date = date
      self.amount = amount
      self.isIntermediate = isIntermediate
      self.location = location
    }
  }

  /// One booked transaction.
  public struct Line: Hashable, Sendable {
    /// The day the money moved for interest purposes.
    public let valueDate: Day
    /// The day the bank booked it, when the file says.
    public let bookingDate: Day?
    /// Signed minor units: positive money in, negative money out.
    public let amount: Int64
    /// True when the bank reversed an earlier entry (MT940 `RC`/`RD`).
    public let isReversal: Bool
    /// The bank's transaction type code (MT940 `NTRF`, BAI2 type code, camt bank code).
    public let typeCode: String
    /// The account owner's reference (MT940 customer reference, camt end-to-end id).
    public let reference: String
    /// The bank's own reference.
    public let bankReference: String
    /// Free text: MT940 `:86:`, camt additional information, OFX NAME and MEMO.
    public let information: String
    /// Counterparty name, when the file has one.
    public let counterparty: String
    public let location: SourceLocation

    public init(
      valueDate: Day, bookingDate: Day?, amount: Int64, isReversal: Bool = false, typeCode: String = "",
      reference: String = "", bankReference: String = "", information: String = "", counterparty: String = "",
      location: SourceLocation
    ) {
      self.valueDate = valueDate
      self.bookingDate = bookingDate
      self.amount = amount
      self.isReversal = isReversal
      self.typeCode = typeCode
      self.reference = reference
      self.bankReference = bankReference
      self.information = information
      self.counterparty = counterparty
      self.location = location
    }

    /// The date tieout matches on: the booking date when there is one, else the value date.
    public var date: Day { bookingDate ?? valueDate }
  }

  public let account: String
  public let currency: Currency
  /// The statement's own number or id.
  public let number: String
  public let opening: Balance?
  public let closing: Balance?
  public let lines: [Line]
  /// Where the statement starts.
  public let location: SourceLocation
  /// The statement's own checks that failed beyond its arithmetic (MT942 entry counts and sums,
  /// floor limits) and what the reader had to assume (a date that does not exist, a balance
  /// without its currency), as errors and warnings.
  public var checks: [Diagnostic] = []

  public init(
    account: String, currency: Currency, number: String, opening: Balance?, closing: Balance?, lines: [Line],
    location: SourceLocation
  ) {
    self.account = account
    self.currency = currency
    self.number = number
    self.opening = opening
    self.closing = closing
    self.lines = lines
    self.location = location
  }

  /// Checks opening + Σ lines = closing.
  ///
  /// - Returns: a diagnostic at the closing balance when the arithmetic fails, nil when it holds
  ///   or when the statement states no balances.
  public func arithmeticProblem() -> Diagnostic? {
    guard let opening, let closing else { return nil }
    let sum = lines.reduce(opening.amount) { $0 &+ $1.amount }
    guard sum != closing.amount else { return nil }
    let d = currency.minorDigits
    return Diagnostic(
      .statementDoesNotBalance, at: closing.location,
      "statement \(number.isEmpty ? "" : number + " ")of account \(account) does not balance: opening \(Money.decimalString(opening.amount, digits: d)) + \(lines.count) lines \(Money.decimalString(sum - opening.amount, digits: d)) = \(Money.decimalString(sum, digits: d)), but the closing balance is \(Money.decimalString(closing.amount, digits: d)) \(currency.code)",
      hint: "a line may be missing or misread; compare with the bank's own statement")
  }
}

extension Diagnostic.Code {
  public static let statementDoesNotBalance = Diagnostic.Code(rawValue: "statement-does-not-balance")
  public static let badStatement = Diagnostic.Code(rawValue: "bad-statement")
}
