public import TieoutCore

/// A person's decision about rows, from the decisions file beside tieout.yaml: these rows
/// belong together (force), or must never be matched with each other (forbid). Decisions are
/// applied before any rule and shown as manual, with who decided and why.
public struct MatchDecision: Hashable, Sendable {
  public enum Action: String, Hashable, Sendable, CaseIterable {
    case force, forbid
  }

  public let action: Action
  /// The rows, as `file:line` locations shown in the workbook.
  public let rows: [SourceLocation]
  /// Who decided.
  public let by: String
  public let reason: String
  /// Where the decision is written, for messages.
  public let location: SourceLocation

  public init(action: Action, rows: [SourceLocation], by: String, reason: String, location: SourceLocation) {
    self.action = action
    self.rows = rows
    self.by = by
    self.reason = reason
    self.location = location
  }
}
