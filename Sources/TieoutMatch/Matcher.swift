import Foundation
public import TieoutCore

/// Settings of the matcher.
public struct MatchSettings: Hashable, Sendable {
  /// The default date window, in calendar days, of the default rules and of the exception kinds.
  public var windowDays: Int
  /// The rules, in order; nil for ``MatchRule/defaults(windowDays:)``.
  public var rules: [MatchRule]?
  /// The period's last day: GL deposits and receipts unmatched within `windowDays` of it are
  /// deposits in transit. nil: the latest date of the rows.
  public var periodEnd: Day?
  /// Most subsets one N:1 search may try for one row before it gives up on that row.
  public var nodeBudget: Int
  /// Most steps all N:1 searches of one rule may take (rows read into candidate pools, and
  /// subsets tried) before the rule stops searching and says so. Work, never time: a month
  /// matches the same on a busy machine as on an idle one.
  public var searchWorkBudget: Int
  /// What a business day is, for rules with `days: { business: true }`.
  public var calendar: BusinessCalendar
  /// Most rows the longer chains of moves of one 1:1 rule may look at, after which
  /// the rule stops looking for them and says so; nil: 2^20 + 64 per row of the rule. 0 turns
  /// them off: rows then pair greedily, nearest first, with chains of up to 3 moves.
  public var chainBudget: Int?
  /// The words that tell a leftover bank fee and an outstanding cheque by their text.
  public var keywords: Keywords

  public init(
    windowDays: Int = 3, rules: [MatchRule]? = nil, periodEnd: Day? = nil, nodeBudget: Int = 20_000, searchWorkBudget: Int = 400_000_000,
    calendar: BusinessCalendar = .weekends, chainBudget: Int? = nil, keywords: Keywords = .standard
  ) {
    self.windowDays = windowDays
    self.rules = rules
    self.periodEnd = periodEnd
    self.nodeBudget = nodeBudget
    self.searchWorkBudget = searchWorkBudget
    self.calendar = calendar
    self.chainBudget = chainBudget
    self.keywords = keywords
  }

  /// The rules that run: the configured ones or the defaults.
  public var effectiveRules: [MatchRule] { rules ?? MatchRule.defaults(windowDays: windowDays) }
}

/// A source as the matcher sees it: its name and kind.
public struct MatchSource: Hashable, Sendable {
  public let name: String
  public let kind: SourceKind
  public init(name: String, kind: SourceKind) {
    self.name = name
    self.kind = kind
  }
}

/// The matcher's output: every row it was given ends in exactly one group, one exception, or
/// the unpaired list (rows of sources no rule pairs, such as invoices).
public struct MatchResult: Sendable {
  public var rules: [MatchRule]
  public var decisions: [MatchDecision]
  public var groups: [MatchGroup]
  /// Group members, group after group.
  public var members: [Int32]
  public var links: [MatchLink]
  /// Links of groups that became exceptions (a deposit with no GL line, say): what they paired
  /// still holds — a receipt still pays its invoice — though the group is not reconciled.
  public var exceptionLinks: [MatchLink] = []
  public var linkRows: [Int32]
  public var exceptions: [ReconException]
  /// Rows of sources that no rule pairs, in canonical order.
  public var unpaired: [Int32]
  /// What the user should know about the run of the rules: searches that gave up, decisions
  /// that name no row.
  public var notes: [String]

  public func members(of g: MatchGroup) -> ArraySlice<Int32> {
    members[Int(g.memberStart)..<Int(g.memberStart + g.memberCount)]
  }

  public func links(of g: MatchGroup) -> ArraySlice<MatchLink> {
    links[Int(g.linkStart)..<Int(g.linkStart + g.linkCount)]
  }

  /// The left and right rows of a link.
  public func rows(of l: MatchLink) -> (left: ArraySlice<Int32>, right: ArraySlice<Int32>) {
    let s = Int(l.start), m = s + Int(l.leftCount)
    return (linkRows[s..<m], linkRows[m..<(m + Int(l.rightCount))])
  }

  /// The rule names of a group's links: "bank-gl-1:1 + deposit-slip".
  public func ruleName(of g: MatchGroup) -> String {
    var names: [String] = []
    for l in links(of: g) {
      let n = l.isManual ? "manual" : rules[Int(l.rule)].name
      if !names.contains(n) { names.append(n) }
    }
    return names.joined(separator: " + ")
  }

  /// Reconciling items inside a group: Σ left − Σ right over its links (processor fees,
  /// tolerances used).
  public func reconcilingAmount(of g: MatchGroup) -> Int64 {
    links(of: g).reduce(0) { $0 + ($1.reasons.contains(.partial) || isInvoiceLink($1) ? 0 : $1.difference) }
  }

  /// The balance still open on the invoices of a group (invoice amounts less the payments on them).
  public func openBalance(of g: MatchGroup) -> Int64 {
    links(of: g).reduce(0) { $0 + ($1.reasons.contains(.partial) ? -$1.difference : 0) }
  }

  /// What was paid on each invoice row (the one side of a `partial` rule's links), by row.
  public func paidOnInvoices(_ store: EntryStore) -> [Int32: Int64] {
    // Per rule, read once: a `MatchRule` read per link is a copy with its strings retained.
    let partial = rules.map(\.paysInPart)
    let oneToMany = rules.map { $0.cardinality == .oneToMany }
    var paid: [Int32: Int64] = [:]
    var invoices: [Int32] = []
    for list in [links, exceptionLinks] {
      for l in list where !l.isManual && partial[Int(l.rule)] {
        let (left, right) = rows(of: l)
        let (payments, billed) = oneToMany[Int(l.rule)] ? (right, left) : (left, right)
        var remaining: Int64 = 0
        for p in payments { remaining += store.amount(Int(p)) }
        // One payment on several invoices: oldest invoice first, each up to its amount; the
        // last takes what remains.
        invoices.removeAll(keepingCapacity: true)
        invoices += billed
        if invoices.count > 1 {
          let dated = invoices.map { (date: store.date(Int($0)), row: $0) }.sorted { ($0.date, $0.row) < ($1.date, $1.row) }
          invoices = dated.map(\.row)
        }
        for (k, invoice) in invoices.enumerated() {
          let share = k == invoices.count - 1 ? remaining : min(remaining, store.amount(Int(invoice)))
          paid[invoice, default: 0] += share
          remaining -= share
        }
      }
    }
    return paid
  }

  /// A link of a rule that may pay part of an invoice (`amount: partial`).
  func isInvoiceLink(_ l: MatchLink) -> Bool {
    guard !l.isManual else { return false }
    return rules[Int(l.rule)].paysInPart
  }
}

/// Pairs rows across sources by ordered rules.
///
/// Rules run in order (``MatchSettings/effectiveRules``), after the manual decisions; each rule
/// sees the rows that no earlier rule paired with its other side, so a bank deposit matched to
/// its GL line can still be matched to the billing receipts behind it. Candidates are ranked
/// on the rows' own values, then on their source, file and line, so shuffling the input never
/// changes the result. Rows left over are classified into ``ExceptionKind``s, each with up to
/// three nearest candidates.
///
/// ```swift
/// let result = Matcher(settings: .init(windowDays: 3)).match(store, sources: [.init(name: "bank", kind: .bank), .init(name: "gl", kind: .ledger)])
/// ```
public struct Matcher: Sendable {
  public let settings: MatchSettings
  /// The kinds of rule the matcher runs, most specific first.
  public let passes: [any RulePass]

  public init(settings: MatchSettings = MatchSettings(), passes: [any RulePass] = RulePasses.builtIn) {
    self.settings = settings
    self.passes = passes
  }

  /// Matches the rows of `store`; `sources` names each source's kind, in tieout.yaml's order.
  public func match(_ store: EntryStore, sources: [MatchSource], decisions: [MatchDecision] = []) -> MatchResult {
    var laps = Laps()
    var state = MatchState(store: store, sources: sources, settings: settings)
    state.apply(decisions)
    laps.lap("setup (rows by source, reference keys, decisions)")
    for (k, rule) in state.rules.enumerated() {
      state.run(rule, number: Int32(k), passes: passes)
      laps.lap("rule \(rule.name)")
    }
    let result = state.finish()
    laps.lap("groups and exceptions")
    return result
  }

  /// Whether `a` and `b` differ by swapping two adjacent digits (1234.00 vs 1243.00).
  public static func isTransposition(_ a: Int64, _ b: Int64) -> Bool {
    let x = Array(String(a.magnitude)), y = Array(String(b.magnitude))
    guard x.count == y.count, x != y, (a < 0) == (b < 0) else { return false }
    let diffs = x.indices.filter { x[$0] != y[$0] }
    return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]] && x[diffs[1]] == y[diffs[0]]
  }

  /// Upper-cased letters and digits only, leading zeros dropped: "chk 001042" and "CHK1042" agree.
  public static func normalize(_ reference: String) -> String { ReferenceText.normalized(reference) }
}

extension Matcher {
  /// Matches entries given as values: builds a store of `bank`, `ledger` and `unpaired` (in
  /// that order, the last as invoices) and matches it. For tests and small programs.
  public func match(bank: [Entry], ledger: [Entry], unpaired: [Entry] = []) -> (store: EntryStore, result: MatchResult) {
    var kinds: [(String, SourceKind)] = []
    for (list, kind) in [(bank, SourceKind.bank), (ledger, .ledger), (unpaired, .invoices)] {
      for e in list where !kinds.contains(where: { $0.0 == e.source }) { kinds.append((e.source, kind)) }
    }
    return match(bank + ledger + unpaired, sources: kinds.map { MatchSource(name: $0.0, kind: $0.1) })
  }

  /// Matches entries of the named sources. For tests and small programs.
  public func match(_ entries: [Entry], sources: [MatchSource], decisions: [MatchDecision] = []) -> (store: EntryStore, result: MatchResult) {
    var store = EntryStore()
    for e in entries { store.append(e) }
    return (store, match(store, sources: sources, decisions: decisions))
  }
}
