import Testing
import TieoutCore

@Suite struct BusinessCalendarTests {
  func day(_ s: String) -> Day { Day(iso: s) ?? Day(daysSinceEpoch: 0) }

  /// The Federal Reserve's published holiday schedule for 2026: Independence Day falls on a
  /// Saturday, when the banks open the Friday before, so it closes nothing.
  @Test func usFederal2026() {
    let c = BusinessCalendar.usFederal(years: 2026...2026)
    #expect(c.holidays.map(\.description) == [
      "2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-09-07", "2026-10-12", "2026-11-11",
      "2026-11-26", "2026-12-25",
    ])
  }

  /// Sunday holidays move to Monday (New Year's Day 2023, Juneteenth 2022); Saturday ones
  /// (Veterans Day 2023) close nothing; Juneteenth starts in 2022.
  @Test func observedDays() {
    let c = BusinessCalendar.usFederal(years: 2021...2023)
    let days = Set(c.holidays.map(\.description))
    #expect(days.contains("2023-01-02") && !days.contains("2023-01-01"))
    #expect(days.contains("2022-06-20") && !days.contains("2021-06-18") && !days.contains("2021-06-21"))
    #expect(!days.contains("2023-11-10") && !days.contains("2023-11-11") && !days.contains("2023-11-13"))
    #expect(days.contains("2021-05-31") && days.contains("2022-05-30") && days.contains("2023-05-29"))  // last Mondays of May
    #expect(days.contains("2023-11-23"))  // fourth Thursday of November
  }

  @Test func businessDaysSkipHolidays() {
    let thanksgiving = BusinessCalendar.usFederal(years: 2026...2026)
    // Wednesday before Thanksgiving to the Monday after: Friday and Monday.
    #expect(thanksgiving.businessDays(from: day("2026-11-25"), to: day("2026-11-30")) == 2)
    #expect(thanksgiving.businessDays(from: day("2026-11-30"), to: day("2026-11-25")) == -2)
    #expect(BusinessCalendar.weekends.businessDays(from: day("2026-11-25"), to: day("2026-11-30")) == 3)
    #expect(thanksgiving.businessDays(from: day("2026-11-26"), to: day("2026-11-26")) == 0)
    // Christmas Eve given as a date, Christmas by the calendar: 12-23 → 12-28 is Monday only.
    let yearEnd = thanksgiving.adding(BusinessCalendar(dates: [day("2026-12-24"), day("2026-12-26")]))
    #expect(yearEnd.businessDays(from: day("2026-12-23"), to: day("2026-12-28")) == 1)
    #expect(yearEnd.dates.map(\.description) == ["2026-12-24"])  // a Saturday changes nothing
    #expect(yearEnd.summary == "Monday to Friday, less the us-federal holidays, 2026-12-24")
    #expect(!yearEnd.isBusinessDay(day("2026-12-24")) && yearEnd.isBusinessDay(day("2026-12-28")))
  }

  @Test func mostHolidaysInASpan() {
    let c = BusinessCalendar.usFederal(years: 2026...2027)
    #expect(c.mostHolidays(within: 8) == 2)  // Christmas and New Year's Day, a week apart
    #expect(c.mostHolidays(within: 3) == 1)
    #expect(BusinessCalendar.weekends.mostHolidays(within: 30) == 0)
  }
}
