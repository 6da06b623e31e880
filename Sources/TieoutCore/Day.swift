/// A calendar day with no time and no time zone, as a bank statement or ledger prints it.
///
/// Stored as the count of days since 1970-01-01 (proleptic Gregorian), so comparing and
/// subtracting days is integer arithmetic. Conversions use Howard Hinnant's civil-date
/// algorithms, valid for every year from 0001 to 9999.
///
/// ```swift
/// let d = Day(year: 2026, month: 10, day: 31)!
/// print(d, d.adding(days: 1))        // 2026-10-31 2026-11-01
/// ```
public struct Day: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01; negative before it.
  public let daysSinceEpoch: Int32

  @inlinable public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

  /// Creates a day, or nil when the year, month and day do not name a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= Day.daysInMonth(year: year, month: month)
    else { return nil }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    daysSinceEpoch = Int32(era * 146097 + doe - 719468)
  }

  /// Year, month (1–12) and day of month (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    let z = Int(daysSinceEpoch) + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int32(days)) }

  /// Calendar days from `self` to `other` (positive when `other` is later).
  public func days(to other: Day) -> Int { Int(other.daysSinceEpoch) - Int(daysSinceEpoch) }

  /// The Excel 1900-system serial number of this day (1970-01-01 is 25569).
  public var excelSerial: Int { Int(daysSinceEpoch) + 25569 }

  /// Parses an ISO 8601 calendar date, `yyyy-MM-dd`.
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// `yyyy-MM-dd`.
  public var description: String {
    let (y, m, d) = components
    return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2)
  }

  private static func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

extension Day {
  /// The weekday, 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
  public var weekday: Int { Int(((Int64(daysSinceEpoch) % 7) + 7 + 3) % 7) }

  /// Business days (Monday to Friday) from `self` to `other`: the weekdays after the earlier
  /// day up to and including the later one, signed like `days(to:)`.
  public func businessDays(to other: Day) -> Int {
    let (a, b) = self <= other ? (self, other) : (other, self)
    let total = a.days(to: b)
    var n = total / 7 * 5
    var d = a.weekday
    for _ in 0..<(total % 7) {
      d = (d + 1) % 7
      if d < 5 { n += 1 }
    }
    return self <= other ? n : -n
  }
}
