import TieoutCore

/// How far a group is settled.
public enum MatchStatus: UInt8, Hashable, Sendable, CaseIterable {
  /// Made by a rule whose matches are confirmed, with one clear answer.
  case confirmed
  /// Made by a rule that only suggests, or one of several combinations that fit: a person
  /// should confirm it.
  case suggested
  /// Forced by a manual decision.
  case manual

  public var name: String {
    switch self {
    case .confirmed: "confirmed"
    case .suggested: "suggested"
    case .manual: "manual"
    }
  }
}

/// One application of a rule (or a manual decision): left rows paired with right rows.
///
/// A group is the set of rows its links connect: a bank deposit paired with a GL line by one
/// rule and with three billing receipts by another is one group of five rows, so that a receipt
/// can be followed from billing to the bank and into the books.
public struct MatchLink: Hashable, Sendable {
  /// Index into ``MatchResult/rules``, or −1 − index into ``MatchResult/decisions``.
  public let rule: Int32
  /// Rows in ``MatchResult/linkRows``: `leftCount` left rows, then `rightCount` right rows.
  public let start: Int32
  public let leftCount: Int32
  public let rightCount: Int32
  /// Σ left − Σ right, minor units: 0 for equal amounts, a processor's fee, a tolerance used.
  public let difference: Int64
  /// Days from the latest left date to the latest right date.
  public let dayDifference: Int16
  public let reasons: Reasons
  /// 0–100: how sure the link is (100: amount, date and reference agree exactly).
  public let score: UInt8

  /// What agreed, besides the amount and the dates.
  public struct Reasons: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let referenceEqual = Reasons(rawValue: 1)
    public static let referenceInMemo = Reasons(rawValue: 2)
    public static let referenceSimilar = Reasons(rawValue: 4)
    public static let counterpartySimilar = Reasons(rawValue: 8)
    /// The many side was one batch or payout id.
    public static let byGroupKey = Reasons(rawValue: 16)
    /// Another combination of rows fitted as well.
    public static let ambiguous = Reasons(rawValue: 32)
    public static let manual = Reasons(rawValue: 64)
    /// Payments that cover only part of the invoice they name.
    public static let partial = Reasons(rawValue: 128)
  }

  public var isManual: Bool { rule < 0 }
}

/// Rows that agree: every row of a group is accounted for by the group.
///
/// Members and links are ranges of ``MatchResult/members`` and ``MatchResult/links``, so a
/// month of a million groups stays small (20 bytes a group).
public struct MatchGroup: Hashable, Sendable {
  /// 1-based number; `id` is `G` and this number. Groups are numbered in file order of their
  /// first row.
  public let number: Int32
  public let memberStart: Int32
  public let memberCount: Int32
  public let linkStart: Int32
  public let linkCount: Int32
  public let status: MatchStatus
  /// The weakest link's score.
  public let score: UInt8

  public init(
    number: Int32, memberStart: Int32, memberCount: Int32, linkStart: Int32, linkCount: Int32, status: MatchStatus,
    score: UInt8
  ) {
    self.number = number
    self.memberStart = memberStart
    self.memberCount = memberCount
    self.linkStart = linkStart
    self.linkCount = linkCount
    self.status = status
    self.score = score
  }

  public var id: String { "G\(number)" }
}

/// What kind of discrepancy an exception is.
public enum ExceptionKind: String, Hashable, Sendable, CaseIterable, Comparable {
  /// On the bank statement, not in the GL (a deposit not recorded, a debit not booked).
  case missingInLedger = "missing-in-gl"
  /// In the GL (or billing), not on the bank statement.
  case missingInBank = "missing-in-bank"
  /// A deposit in the bank and the GL that no billing receipt accounts for (unapplied cash).
  case missingInBilling = "missing-in-billing"
  /// A bank line and a GL line with the same reference, in the date window, whose amounts differ.
  case amountMismatch = "amount-mismatch"
  /// A bank line and a GL line of equal amount whose dates are further apart than the window.
  case dateOutsideWindow = "date-outside-window"
  /// The same amount, date and reference (or text) twice in one source.
  case duplicate
  /// +x and −x in one source, a posting and its reversal.
  case reversal
  /// A bank fee or service charge not booked in the GL.
  case fee
  /// A receipt or GL deposit at the period's end that the bank has not shown yet.
  case depositInTransit = "deposit-in-transit"
  /// A check in the GL that has not cleared the bank.
  case outstandingCheck = "outstanding-check"
  /// A bank debit sending back an earlier deposit (unpaid, insufficient funds), not booked.
  case returnedItem = "returned-item"

  /// A title for the workbook: "Missing in GL".
  public var title: String {
    switch self {
    case .missingInLedger: "Missing in GL"
    case .missingInBank: "Missing in bank"
    case .missingInBilling: "Missing in billing"
    case .amountMismatch: "Amount mismatch"
    case .dateOutsideWindow: "Date outside window"
    case .duplicate: "Duplicate"
    case .reversal: "Reversal"
    case .fee: "Fee not booked"
    case .depositInTransit: "Deposit in transit"
    case .outstandingCheck: "Outstanding check"
    case .returnedItem: "Returned item"
    }
  }

  /// The title as the middle of a sentence: "missing in GL", "outstanding check".
  public var inSentence: String { title.prefix(1).lowercased() + title.dropFirst() }

  /// "1 outstanding check", "2 outstanding checks": a count of this kind in a sentence.
  public func counted(_ n: Int) -> String {
    guard n != 1 else { return "1 \(inSentence)" }
    let plural: String
    switch self {
    case .missingInLedger, .missingInBank, .missingInBilling: plural = inSentence
    case .amountMismatch: plural = "amount mismatches"
    case .dateOutsideWindow: plural = "dates outside window"
    case .duplicate: plural = "duplicates"
    case .reversal: plural = "reversals"
    case .fee: plural = "fees not booked"
    case .depositInTransit: plural = "deposits in transit"
    case .outstandingCheck: plural = "outstanding checks"
    case .returnedItem: plural = "returned items"
    }
    return "\(n) \(plural)"
  }

  /// Whether the kind is a timing difference at the period's end, expected to clear next month.
  public var isTiming: Bool { self == .depositInTransit || self == .outstandingCheck }

  /// The kind's place among the cases, in the order they are declared: the order exceptions
  /// are listed in. (Looked up in `allCases`, ordering 56,565 exceptions took milliseconds.)
  var ordinal: Int {
    switch self {
    case .missingInLedger: 0
    case .missingInBank: 1
    case .missingInBilling: 2
    case .amountMismatch: 3
    case .dateOutsideWindow: 4
    case .duplicate: 5
    case .reversal: 6
    case .fee: 7
    case .depositInTransit: 8
    case .outstandingCheck: 9
    case .returnedItem: 10
    }
  }

  public static func < (a: ExceptionKind, b: ExceptionKind) -> Bool { a.ordinal < b.ordinal }
}

/// A row, or a few rows, that the matcher could not reconcile, with the nearest rows it could
/// have been matched with and why it was not.
public struct ReconException: Hashable, Sendable {
  /// 1-based number; `id` is `E` and this number. Ordered by kind, date and file order.
  public let number: Int32
  public let kind: ExceptionKind
  /// The rows, bank first when there is one.
  public let members: [Int32]
  /// The exception's effect on bank minus GL, in minor units: bank rows count with their sign,
  /// GL rows against it, billing rows not at all. The differences of all exceptions and groups
  /// add up to the bank total minus the GL total.
  public let difference: Int64
  /// A row the exception refers to, and where it went: the first copy of a duplicate.
  public let related: Candidate?
  /// Up to three nearest rows of the sources it could have matched, nearest first.
  public let candidates: [Candidate]

  /// A near row and where it went.
  public struct Candidate: Hashable, Sendable {
    public let row: Int32
    /// The group the row is in, or 0.
    public let group: Int32
    public init(row: Int32, group: Int32) {
      self.row = row
      self.group = group
    }
  }

  public init(
    number: Int32, kind: ExceptionKind, members: [Int32], difference: Int64, related: Candidate? = nil,
    candidates: [Candidate] = []
  ) {
    self.number = number
    self.kind = kind
    self.members = members
    self.difference = difference
    self.related = related
    self.candidates = candidates
  }

  public var id: String { "E\(number)" }
}
