public import TieoutCore

/// The rule that made a group. A closed set today; the rules engine will open it.
public enum MatchRule: UInt8, Hashable, Sendable {
  /// One bank line, one GL line, equal amount, dates within the window.
  case bankLedgerOneToOne

  /// The name shown in the workbook and the JSON.
  public var name: String {
    switch self {
    case .bankLedgerOneToOne: "bank-gl-1:1"
    }
  }
}

/// A bank line and the GL line the matcher paired with it.
///
/// Members are row indexes into the run's ``EntryStore``; the group itself is 16 bytes, so a
/// month of a million groups stays small.
public struct MatchGroup: Hashable, Sendable {
  /// 1-based number; `id` is `G` and this number. Groups are numbered in bank-line order.
  public let number: Int32
  /// The bank row.
  public let bank: Int32
  /// The GL row.
  public let ledger: Int32
  /// Days from the bank date to the GL date (positive when the GL is later).
  public let dayDifference: Int16
  public let rule: MatchRule
  /// Whether the two rows carry the same reference.
  public let referenceEqual: Bool

  public init(number: Int32, rule: MatchRule, bank: Int32, ledger: Int32, dayDifference: Int16, referenceEqual: Bool) {
    self.number = number
    self.rule = rule
    self.bank = bank
    self.ledger = ledger
    self.dayDifference = dayDifference
    self.referenceEqual = referenceEqual
  }

  public var id: String { "G\(number)" }

  /// The member rows, bank first.
  public var members: [Int] { [Int(bank), Int(ledger)] }

  /// Bank amount minus GL amount, in minor units: always 0 for this rule.
  public var amountDifference: Int64 { 0 }

  /// Why the rows were paired: "amount equal; GL date -2 days; reference 10481 equal".
  public func explanation(_ store: EntryStore) -> String {
    let d = Int(dayDifference)
    var why = ["amount equal", d == 0 ? "same date" : "GL date \(d > 0 ? "+" : "")\(d) day\(abs(d) == 1 ? "" : "s")"]
    if referenceEqual { why.append("reference \(store.reference(Int(bank))) equal") }
    return why.joined(separator: "; ")
  }
}

/// What kind of discrepancy an exception is.
public enum ExceptionKind: String, Hashable, Sendable, CaseIterable, Comparable {
  /// On the bank statement, not in the GL (an unbooked fee, a deposit not recorded).
  case missingInLedger = "missing-in-gl"
  /// In the GL, not on the bank statement (an outstanding check, a deposit in transit, a duplicate posting).
  case missingInBank = "missing-in-bank"
  /// A bank line and a GL line with the same reference, in the date window, whose amounts differ.
  case amountMismatch = "amount-mismatch"

  /// A title for the workbook: "Missing in GL".
  public var title: String {
    switch self {
    case .missingInLedger: "Missing in GL"
    case .missingInBank: "Missing in bank"
    case .amountMismatch: "Amount mismatch"
    }
  }

  public static func < (a: ExceptionKind, b: ExceptionKind) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }
}

/// A row, or a near pair of rows, that the matcher could not reconcile.
public struct ReconException: Hashable, Sendable {
  /// 1-based number; `id` is `E` and this number. Ordered by kind, date and file order.
  public let number: Int32
  public let kind: ExceptionKind
  /// The bank row of a mismatch, or the one row.
  public let first: Int32
  /// The GL row of a mismatch; -1 otherwise.
  public let second: Int32
  /// The exception's effect on bank minus GL, in minor units: a bank row's amount, minus a GL
  /// row's amount, or for a mismatch bank minus GL. The differences of all exceptions add up
  /// to the bank total minus the GL total.
  public let difference: Int64

  public init(number: Int32, kind: ExceptionKind, first: Int32, second: Int32 = -1, difference: Int64) {
    self.number = number
    self.kind = kind
    self.first = first
    self.second = second
    self.difference = difference
  }

  public var id: String { "E\(number)" }

  /// The member rows.
  public var members: [Int] { second < 0 ? [Int(first)] : [Int(first), Int(second)] }

  /// A readable account of the discrepancy.
  public func explanation(_ store: EntryStore, windowDays: Int) -> String {
    let a = store[Int(first)]
    switch kind {
    case .amountMismatch:
      let b = store[Int(second)]
      let digits = a.amount.currency.minorDigits
      var why = "reference \(a.reference) on both; bank \(a.amount.decimalString), GL \(b.amount.decimalString), difference \(Money.decimalString(difference, digits: digits))"
      if Matcher.isTransposition(a.amount.minorUnits, b.amount.minorUnits) { why += "; looks like two transposed digits" }
      return why
    case .missingInLedger:
      return "no GL line of \(a.amount.decimalString) within \(windowDays) days of \(a.date)"
    case .missingInBank:
      return "no bank line of \(a.amount.decimalString) within \(windowDays) days of \(a.date)"
    }
  }
}
