/// The optional dates a row may carry besides its own date, by what they mean: an invoice's due
/// and service dates, a dispute's resolved date. Templates name their columns
/// (`columns.due_date`, `service_date`, `resolved_date`); they are read when the header has them.
public struct RowDates: Hashable, Sendable {
  public enum Kind: Int, Hashable, Sendable, CaseIterable {
    case due, service, resolved
  }

  public var due: Day?
  public var service: Day?
  public var resolved: Day?

  public init(due: Day? = nil, service: Day? = nil, resolved: Day? = nil) {
    self.due = due
    self.service = service
    self.resolved = resolved
  }

  public subscript(kind: Kind) -> Day? {
    get {
      switch kind {
      case .due: due
      case .service: service
      case .resolved: resolved
      }
    }
    set {
      switch kind {
      case .due: due = newValue
      case .service: service = newValue
      case .resolved: resolved = newValue
      }
    }
  }
}
