/// The closed range of days being reconciled, usually one calendar month.
public struct Period: Hashable, Sendable, CustomStringConvertible {
  public let start: Day
  public let end: Day

  /// Creates a period; nil when `end` is before `start`.
  public init?(start: Day, end: Day) {
    guard start <= end else { return nil }
    self.start = start
    self.end = end
  }

  /// The calendar month containing `day`.
  public init(monthOf day: Day) {
    let (y, m, _) = day.components
    start = Day(year: y, month: m, day: 1) ?? day
    end = Day(year: y, month: m, day: Day.daysInMonth(year: y, month: m)) ?? day
  }

  public func contains(_ day: Day) -> Bool { start <= day && day <= end }

  public var description: String { "\(start) to \(end)" }
}
