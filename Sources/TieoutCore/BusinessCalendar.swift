/// The days on which money moves: Monday to Friday, less holidays.
///
/// Matching windows in business days and the dispute KPI count with it: a deposit booked the
/// Wednesday before Thanksgiving that the bank posts on Monday is 2 business days late, not 3.
public struct BusinessCalendar: Hashable, Sendable {
  /// Holidays that fall on a weekday, sorted; weekend dates are dropped (they change nothing).
  public let holidays: [Day]
  /// Named calendars the holidays came from ("us-federal"), for the reports.
  public let names: [String]
  /// The holidays given as dates rather than by a calendar's name.
  public let dates: [Day]

  /// Weekends only.
  public static let weekends = BusinessCalendar(holidays: [], names: [])

  /// A named calendar's holidays.
  public init(holidays: [Day], names: [String]) {
    self.init(holidays: holidays, names: names, dates: [])
  }

  /// Holidays given as dates.
  public init(dates: [Day]) {
    self.init(holidays: dates, names: [], dates: dates)
  }

  private init(holidays: [Day], names: [String], dates: [Day]) {
    self.holidays = Array(Set(holidays.filter { $0.weekday < 5 })).sorted()
    self.names = names
    self.dates = Array(Set(dates.filter { $0.weekday < 5 })).sorted()
  }

  /// This calendar with `other`'s holidays too.
  public func adding(_ other: BusinessCalendar) -> BusinessCalendar {
    BusinessCalendar(holidays: holidays + other.holidays, names: names + other.names, dates: dates + other.dates)
  }

  /// In words, for the reports: "Monday to Friday, less the us-federal holidays and 2026-12-24".
  public var summary: String {
    let less = (names.isEmpty ? [] : ["the \(names.joined(separator: " and ")) holidays"]) + dates.map(\.description)
    return "Monday to Friday" + (less.isEmpty ? "" : ", less " + less.joined(separator: ", "))
  }

  public func isBusinessDay(_ d: Day) -> Bool { d.weekday < 5 && !holidays.contains(d) }

  /// Business days from `from` to `to`: those after the earlier day up to and including the
  /// later one, signed like `Day.days(to:)`.
  public func businessDays(from: Day, to: Day) -> Int {
    let (a, b) = from <= to ? (from, to) : (to, from)
    let n = a.businessDays(to: b) - holidayCount(after: a, through: b)
    return from <= to ? n : -n
  }

  /// Weekday holidays in (a, b].
  func holidayCount(after a: Day, through b: Day) -> Int {
    guard !holidays.isEmpty else { return 0 }
    return firstIndex(after: b) - firstIndex(after: a)
  }

  /// The index of the first holiday after `d`.
  private func firstIndex(after d: Day) -> Int {
    var lo = 0, hi = holidays.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if holidays[mid] <= d { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The most holidays in any `days` consecutive days, for widening a search window in calendar
  /// days enough to hold a window in business days.
  public func mostHolidays(within days: Int) -> Int {
    var most = 0, start = 0
    for end in holidays.indices {
      while holidays[start].days(to: holidays[end]) >= days { start += 1 }
      most = max(most, end - start + 1)
    }
    return most
  }
}

extension BusinessCalendar {
  /// The days the Federal Reserve Banks are closed, so US banks post nothing, in `years`: New
  /// Year's Day, Martin Luther King Jr. Day, Washington's Birthday, Memorial Day, Juneteenth
  /// (from 2022), Independence Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving and
  /// Christmas. A holiday on a Sunday is kept the Monday after; on a Saturday the banks are open
  /// the Friday before, so it closes nothing.
  public static func usFederal(years: ClosedRange<Int>) -> BusinessCalendar {
    var days: [Day] = []
    for y in years {
      func fixed(_ m: Int, _ d: Int) -> Day? {
        guard let day = Day(year: y, month: m, day: d) else { return nil }
        return day.weekday == 6 ? day.adding(days: 1) : day  // Sunday → Monday
      }
      /// The `n`th `weekday` (0 Monday) of the month; n = -1 for the last.
      func nth(_ n: Int, _ weekday: Int, _ m: Int) -> Day? {
        if n > 0 {
          guard let first = Day(year: y, month: m, day: 1) else { return nil }
          return first.adding(days: (weekday - first.weekday + 7) % 7 + 7 * (n - 1))
        }
        guard let next = m == 12 ? Day(year: y + 1, month: 1, day: 1) : Day(year: y, month: m + 1, day: 1) else { return nil }
        let last = next.adding(days: -1)
        return last.adding(days: -((last.weekday - weekday + 7) % 7))
      }
      days += [
        fixed(1, 1), nth(3, 0, 1), nth(3, 0, 2), nth(-1, 0, 5), y >= 2022 ? fixed(6, 19) : nil, fixed(7, 4),
        nth(1, 0, 9), nth(2, 0, 10), fixed(11, 11), nth(4, 3, 11), fixed(12, 25),
      ].compactMap { $0 }
    }
    return BusinessCalendar(holidays: days, names: ["us-federal"])
  }
}
