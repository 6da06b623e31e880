public import TieoutCore

/// Records from different sources that the matcher paired, with the rule that paired them.
public struct MatchGroup: Hashable, Sendable {
  /// `G1`, `G2`, … in a deterministic order (by the first member's date and location).
  public let id: String
  /// The rule that made the group, e.g. `bank-gl-1:1`.
  public let rule: String
  /// The members, bank side first.
  public let members: [Entry]
  /// Bank amount minus GL amount, in minor units (0 for an exact match).
  public let amountDifference: Int64
  /// Days from the bank date to the GL date (positive when the GL is later).
  public let dayDifference: Int
  /// A readable account of why these records were paired.
  public let explanation: String

  public init(id: String, rule: String, members: [Entry], amountDifference: Int64, dayDifference: Int, explanation: String) {
    self.id = id
    self.rule = rule
    self.members = members
    self.amountDifference = amountDifference
    self.dayDifference = dayDifference
    self.explanation = explanation
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

/// A record, or a near pair of records, that the matcher could not reconcile.
public struct ReconException: Hashable, Sendable {
  /// `E1`, `E2`, … ordered by kind, date and location.
  public let id: String
  public let kind: ExceptionKind
  /// One record, or for an amount mismatch the bank line and the GL line.
  public let members: [Entry]
  /// The exception's effect on bank minus GL, in minor units: a bank line's amount, minus a GL
  /// line's amount, or for a mismatch bank minus GL. The differences of all exceptions add up
  /// to the bank total minus the GL total (for lines of the period's sources).
  public let difference: Int64
  public let explanation: String

  public init(id: String, kind: ExceptionKind, members: [Entry], difference: Int64, explanation: String) {
    self.id = id
    self.kind = kind
    self.members = members
    self.difference = difference
    self.explanation = explanation
  }
}
