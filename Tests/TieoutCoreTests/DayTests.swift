import Testing
import TieoutCore

@Suite struct DayTests {
  @Test func epochAndExcelSerial() throws {
    let d = try #require(Day(year: 1970, month: 1, day: 1))
    #expect(d.daysSinceEpoch == 0)
    #expect(d.excelSerial == 25569)
    // Excel shows 45658 as 2025-01-01 and 45961 as 2025-10-31.
    #expect(try #require(Day(year: 2025, month: 1, day: 1)).excelSerial == 45658)
    #expect(try #require(Day(year: 2025, month: 10, day: 31)).excelSerial == 45961)
  }

  @Test func roundTripsEveryDayOfFourCenturies() {
    var previous: Day?
    for n in Int32(-200_000)...Int32(200_000) {
      let d = Day(daysSinceEpoch: n)
      let (y, m, dd) = d.components
      guard y >= 1, y <= 9999 else { continue }
      #expect(Day(year: y, month: m, day: dd) == d)
      if let previous { #expect(previous.days(to: d) == 1) }
      previous = d
    }
  }

  @Test(arguments: [(2024, 2, 29, true), (2023, 2, 29, false), (1900, 2, 29, false), (2000, 2, 29, true), (2026, 4, 31, false), (2026, 13, 1, false), (2026, 0, 1, false)])
  func validation(y: Int, m: Int, d: Int, valid: Bool) {
    #expect((Day(year: y, month: m, day: d) != nil) == valid)
  }

  @Test func isoParsingAndPrinting() throws {
    let d = try #require(Day(iso: "2026-10-31"))
    #expect(d.description == "2026-10-31")
    #expect(Day(iso: "2026-10-32") == nil)
    #expect(Day(iso: "26-10-31") == nil)
    #expect(Period(monthOf: d).start.description == "2026-10-01")
  }
}

@Suite struct MoneyTests {
  @Test(arguments: [
    (Int64(0), 2, "0.00", "0.00"), (101, 2, "1.01", "1.01"), (-5, 2, "-0.05", "-0.05"),
    (123_456_789, 2, "1234567.89", "1,234,567.89"), (-100_000, 2, "-1000.00", "-1,000.00"),
    (1234, 0, "1234", "1,234"), (1234, 3, "1.234", "1.234"), (Int64.min, 2, "-92233720368547758.08", "-92,233,720,368,547,758.08"),
  ])
  func formatting(minor: Int64, digits: Int, plain: String, grouped: String) {
    #expect(Money.decimalString(minor, digits: digits) == plain)
    #expect(Money.groupedString(minor, digits: digits) == grouped)
  }

  @Test func currencyDigits() {
    #expect(Currency(code: "jpy").minorDigits == 0)
    #expect(Currency(code: "KWD").minorDigits == 3)
    #expect(Currency.usd.scale == 100)
  }
}
