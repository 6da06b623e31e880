public import TieoutCore

/// One matching rule of tieout.yaml's `match.rules`: which sources it pairs, how many rows on
/// each side, and what must agree. Rules run in order; each sees only the rows earlier rules
/// left for it.
///
/// ```yaml
/// - name: receipts-to-deposits
///   pair: [receipts, bank]     # source kinds (bank, ledger/gl, receipts, invoices) or source names
///   cardinality: N:1           # 1:1, 1:N, N:1 or N:M (left:right)
///   amount: equal              # or { within: 0.50 } or { within_percent: 1 }
///   days: 3                    # or { days: 3, business: true }
///   reference: any             # any, equal, in-memo or similar
///   counterparty: any          # any or similar
///   group_by: reference        # the many side's batch or payout id (N:1, 1:N, N:M)
///   fee_percent: 4             # the one side may be short of the many by this share: a processor's fee
///   max_items: 8               # rows on the many side, when no group_by
///   min_items: 2               # fewest rows a group_by batch holds
///   status: confirmed          # or suggested
///   pass: shared-identifier    # the kind of pass that runs it (RulePasses.builtIn), when not
///                              # the one its cardinality and group_by choose
/// ```
public struct MatchRule: Hashable, Sendable {
  /// What a side of a rule is: every source of a kind, or one source by name.
  public enum Side: Hashable, Sendable, CustomStringConvertible {
    case kind(SourceKind)
    case source(String)

    public var description: String {
      switch self {
      case .kind(let k): k == .ledger ? "gl" : k.rawValue
      case .source(let s): s
      }
    }
  }

  public enum Cardinality: String, Hashable, Sendable, CaseIterable {
    case oneToOne = "1:1"
    case oneToMany = "1:N"
    case manyToOne = "N:1"
    case manyToMany = "N:M"
  }

  /// How near the two sides' amounts must be.
  public enum AmountTest: Hashable, Sendable {
    case equal
    /// At most `amount` ÷ 10^`digits` apart, in each row's currency: `within(50, digits: 2)` is
    /// 0.50 — 50 cents, or 500 fils for a 3-digit currency, and no yen at all (tolerances finer
    /// than a currency's smallest unit round down).
    case within(Int64, digits: Int = 2)
    /// At most this many hundredths of a percent of the larger amount apart.
    case withinBasisPoints(Int)
    /// The many side adds up to at most the one side: payments on an invoice, partly paid.
    case partial
  }

  /// What the references must do.
  public enum ReferenceTest: String, Hashable, Sendable, CaseIterable {
    /// Nothing required; an equal reference still wins a tie.
    case any
    /// Equal once upper-cased, punctuation and leading zeros dropped ("chk 001042" = "CHK1042").
    case equal
    /// One side's reference appears in the other's reference or description ("INV-1042" in
    /// "Payment for INV-1042").
    case inMemo = "in-memo"
    /// Equal, or one contains the other, or they differ in one character.
    case similar
  }

  public enum CounterpartyTest: String, Hashable, Sendable, CaseIterable {
    case any
    /// The names share a word of four letters or more ("ACME CORP" and "Acme Corporation").
    case similar
  }

  /// The text field that names a batch or payout on the many side.
  public enum GroupKey: String, Hashable, Sendable, CaseIterable {
    case reference, counterparty, description, account
  }

  public var name: String
  public var left: Side
  public var right: Side
  public var cardinality: Cardinality
  public var amount: AmountTest
  public var windowDays: Int
  public var businessDays: Bool
  public var reference: ReferenceTest
  public var counterparty: CounterpartyTest
  public var groupBy: GroupKey?
  /// For 1:N and N:1: how far, in hundredths of a percent of the many side's sum, the one side
  /// may fall short of it (a processor's fee). 0: the sums are equal (or within `amount`).
  public var feeBasisPoints: Int
  /// For 1:N and N:1 without `groupBy`: most rows on the many side.
  public var maxItems: Int
  /// For 1:N and N:1 with `groupBy`: fewest rows a batch holds.
  public var minItems: Int
  /// Whether the rule's matches are confirmed, or only suggested for a person to confirm.
  public var confirmed: Bool
  /// The pass that runs the rule, by name (``RulePass/name``); nil: the first pass that takes
  /// it, by its cardinality, `group_by` and reference test.
  public var pass: String?

  public init(
    name: String, left: Side, right: Side, cardinality: Cardinality = .oneToOne, amount: AmountTest = .equal,
    windowDays: Int = 3, businessDays: Bool = false, reference: ReferenceTest = .any,
    counterparty: CounterpartyTest = .any, groupBy: GroupKey? = nil, feeBasisPoints: Int = 0, maxItems: Int = 6,
    minItems: Int = 1, confirmed: Bool = true, pass: String? = nil
  ) {
    self.name = name
    self.left = left
    self.right = right
    self.cardinality = cardinality
    self.amount = amount
    self.windowDays = windowDays
    self.businessDays = businessDays
    self.reference = reference
    self.counterparty = counterparty
    self.groupBy = groupBy
    self.feeBasisPoints = feeBasisPoints
    self.maxItems = maxItems
    self.minItems = minItems
    self.confirmed = confirmed
    self.pass = pass
  }

  /// Whether the many side may pay less than the one side (`amount: partial`): the rule links
  /// payments with the invoices they pay, in part or in full.
  public var paysInPart: Bool {
    if case .partial = amount { return true }
    return false
  }

  /// One line for the workbook and the terminal: "bank-gl-1:1: bank ↔ gl 1:1, amount equal,
  /// 3 days, confirmed".
  public var summary: String {
    var parts = ["\(left) ↔ \(right) \(cardinality.rawValue)"]
    switch amount {
    case .equal: parts.append("amount equal")
    case .within(let x, let digits): parts.append("amount within \(Money.decimalString(x, digits: digits))")
    case .withinBasisPoints(let bp): parts.append("amount within \(Money.decimalString(Int64(bp), digits: 2))%")
    case .partial: parts.append("amount up to the whole (partial payments)")
    }
    if pass != SharedIdentifierPass.passName {
      parts.append(windowDays >= MatchRule.anyDays ? "any dates" : "\(windowDays) \(businessDays ? "business " : "")days")
    }
    if reference != .any { parts.append("reference \(reference.rawValue)") }
    if counterparty != .any { parts.append("counterparty \(counterparty.rawValue)") }
    if let g = groupBy { parts.append("by \(g.rawValue)\(minItems > 1 ? ", batches of \(minItems) rows or more" : "")") }
    if pass == SharedIdentifierPass.passName {
      parts.append(
        cardinality == .oneToOne
          ? "sharing a reference or identifier, \(left) up to \(windowDays) days after \(right)"
          : "sharing a reference or identifier, within \(windowDays) days")
    } else if let p = pass {
      parts.append("pass \(p)")
    }
    if feeBasisPoints > 0 { parts.append("fee up to \(Money.decimalString(Int64(feeBasisPoints), digits: 2))%") }
    // What bounds the many side: the search's rows; for equal sums also every unplaced row of
    // consecutive days (`DepositRuns`); a shared identifier's rows are all of them.
    if cardinality != .oneToOne && groupBy == nil && pass != SharedIdentifierPass.passName {
      let runs = feeBasisPoints == 0 && amount == .equal
      parts.append("up to \(maxItems) rows\(runs ? ", or every row of consecutive days" : "")")
    }
    parts.append(confirmed ? "confirmed" : "suggested")
    return "\(name): " + parts.joined(separator: ", ")
  }

  /// `days: any`: dates are not compared (an invoice and the payments on it, months apart).
  public static let anyDays = 36_500

  /// The rule set used when tieout.yaml lists none: bank ↔ GL one to one, then by an identifier
  /// both carry over a wider window (cheques clearing late), then batches either
  /// way; billing receipts ↔ bank deposits one to one, by payout id, as deposit-slip batches,
  /// and (suggested only) as processor payouts net of fees found by amount; receipts ↔ the
  /// invoice each names, partial payments included.
  public static func defaults(windowDays w: Int) -> [MatchRule] {
    [
      MatchRule(name: "bank-gl-1:1", left: .kind(.bank), right: .kind(.ledger), windowDays: w),
      // A cheque clears weeks after it is written: its number on both lines pairs them.
      MatchRule(name: "bank-gl-by-identifier", left: .kind(.bank), right: .kind(.ledger), windowDays: 90, pass: SharedIdentifierPass.passName),
      // A payout the books record gross plus fee, both lines naming it, against the bank's net.
      MatchRule(
        name: "gl-by-identifier-to-bank", left: .kind(.ledger), right: .kind(.bank), cardinality: .manyToOne, windowDays: w,
        pass: SharedIdentifierPass.passName),
      MatchRule(name: "gl-batch-to-bank", left: .kind(.ledger), right: .kind(.bank), cardinality: .manyToOne, windowDays: w),
      MatchRule(name: "bank-batch-to-gl", left: .kind(.bank), right: .kind(.ledger), cardinality: .manyToOne, windowDays: w),
      // Batches both sides name (a payout id, a slip number) before single receipts by amount,
      // which would otherwise take a batch's rows for lines of their amount; a payout of one
      // payment after them.
      MatchRule(
        name: "batch-by-id", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne, windowDays: w,
        groupBy: .reference, feeBasisPoints: 500, minItems: 2),
      MatchRule(name: "receipt-to-deposit", left: .kind(.receipts), right: .kind(.bank), windowDays: w),
      MatchRule(
        name: "payout-by-id", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne, windowDays: w,
        groupBy: .reference, feeBasisPoints: 500),
      MatchRule(name: "deposit-slip", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne, windowDays: w),
      MatchRule(
        name: "payout-net-of-fees", left: .kind(.receipts), right: .kind(.bank), cardinality: .manyToOne, windowDays: w,
        feeBasisPoints: 400, confirmed: false),
      // The invoice each receipt names (billing exports put it in the receipt's description).
      MatchRule(
        name: "receipt-to-invoice", left: .kind(.receipts), right: .kind(.invoices), cardinality: .manyToOne,
        amount: .partial, windowDays: anyDays, reference: .equal, groupBy: .description),
    ]
  }
}

extension MatchRule.AmountTest {
  /// The tolerance in minor units of a currency with `digits` decimal digits.
  func minorUnits(digits: Int) -> Int64 {
    guard case .within(let x, let given) = self else { return 0 }
    guard digits >= given else { return x / Money.powerOfTen(given - digits) }
    let (v, overflow) = x.multipliedReportingOverflow(by: Money.powerOfTen(digits - given))
    return overflow ? Int64.max : v
  }
}
