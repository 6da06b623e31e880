import TieoutCore

/// A kind of matching rule: which rules it runs, and how it links their rows.
///
/// Rules run in tieout.yaml's order; each rule is run by the first pass of the matcher's list
/// that takes it (``MatchRule/pass`` names one outright). A pass reads the rows through its
/// ``MatchState`` and proposes links with `link`; each link carries its reasons
/// (``MatchLink/Reasons``), which the explanations of groups read. What is left over becomes
/// an exception after the last rule, whatever the passes were.
///
/// Adding a kind is one file with the pass, and one line in ``RulePasses/builtIn`` (or, from
/// outside the module, a `Matcher(settings:passes:)` with it in the list).
public protocol RulePass: Sendable {
  /// The pass's name, which ``MatchRule/pass`` may give to choose it.
  var name: String { get }
  /// Whether this pass runs `rule` when the rule names no pass.
  func takes(_ rule: MatchRule) -> Bool
  /// Whether this pass can run `rule` when the rule names it (`MatchRule.pass`); by default,
  /// the rules it takes.
  func runs(_ rule: MatchRule) -> Bool
  /// Links the rows `rule` pairs; `number` is the rule's place in the run's rules, which its
  /// links record.
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState)
}

extension RulePass {
  public func runs(_ rule: MatchRule) -> Bool { takes(rule) }
}

/// The passes the matcher knows.
public enum RulePasses {
  /// Every built-in kind, most specific first.
  public static let builtIn: [any RulePass] = [
    KeyedToReferencePass(),
    GroupKeyPass(),
    SubsetSearchPass(),
    ManyToManyPass(),
    OneToOnePass(),
    SharedIdentifierPass(),
  ]

  /// The pass of `passes` that runs `rule`: the one it names, else the first that takes it.
  static func pass(for rule: MatchRule, in passes: [any RulePass]) -> (any RulePass)? {
    if let name = rule.pass { return passes.first { $0.name == name } }
    return passes.first { $0.takes(rule) }
  }
}

extension MatchState {
  /// Runs rule number `number` with the pass that takes it, when both its sides name sources.
  mutating func run(_ rule: MatchRule, number: Int32, passes: [any RulePass]) {
    guard !sourceIndexes(rule.left).isEmpty, !sourceIndexes(rule.right).isEmpty else { return }
    guard let pass = RulePasses.pass(for: rule, in: passes) else {
      notes.append(
        "rule \(rule.name): \(rule.pass.map { "no pass is named \"\($0)\"" } ?? "no pass takes \(rule.cardinality.rawValue) rules like it"); the rule was skipped"
      )
      return
    }
    pass.run(rule, number: number, in: &self)
  }
}
