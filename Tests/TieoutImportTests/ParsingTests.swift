import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

@Suite struct AmountParsingTests {
  static let us = AmountFormat()
  static let eu = AmountFormat(decimal: ",", thousands: ".", currency: .eur)
  static let swiss = AmountFormat(decimal: ".", thousands: "'", currency: Currency(code: "CHF"))

  @Test(arguments: [
    ("1.01", Int64(101)), ("-1.00", -100), ("(1.00)", -100), ("1.00-", -100), ("1.00 CR", -100),
    ("1.00 DR", 100), ("1,234.56", 123_456), ("$1,234.56", 123_456), ("-$1,234.56", -123_456),
    ("($1,234.56)", -123_456), ("1234", 123_400), (".5", 50), ("0.50", 50), ("+7.25", 725),
    ("  12.30  ", 1230), ("1.500", 150), ("USD 10.00", 1000), ("10.00 USD", 1000), ("1,000,000.00", 100_000_000),
  ])
  func usStyle(text: String, minor: Int64) throws {
    #expect(try Self.us.parse(text) == minor)
  }

  @Test(arguments: [("1.234,56", Int64(123_456)), ("-1.234,56", -123_456), ("1.234,56-", -123_456), ("0,01", 1), ("€ 12,00", 1200), ("12,5", 1250)])
  func europeanStyle(text: String, minor: Int64) throws {
    #expect(try Self.eu.parse(text) == minor)
  }

  @Test func apostropheThousands() throws {
    #expect(try Self.swiss.parse("11'373.94") == 1_137_394)
  }

  @Test(arguments: ["", "abc", "12,5O", "1.2.3", "1.005", "--1", "1,,000", "99999999999999999999"])
  func rejects(text: String) {
    #expect(throws: AmountFormat.Failure.self) { try Self.us.parse(text) }
  }

  /// Thousands separators group the whole part by three (Indian exports: two, then three at the
  /// end); anything else is no amount, on the byte path and the general one alike (`$` takes the
  /// general path). "12,5" once read as 125.00.
  @Test(arguments: [
    ("1,234.56", Int64(123_456)), ("12,34,567.89", 1_234_567_89), ("1,000", 100_000), ("$1,000,000", 100_000_000),
    ("999,999.99", 99_999_999),
  ])
  func thousandsGroupByThree(text: String, minor: Int64) throws {
    #expect(try Self.us.parse(text) == minor)
  }

  @Test(arguments: ["12,5", "1,2345", "1,23.45", "$12,5", "12,5.00", "1234,567", "1,23,4.00", "-1,0"])
  func badGroupingIsAnError(text: String) {
    #expect(throws: AmountFormat.Failure.badGrouping) { try Self.us.parse(text) }
  }

  @Test func disabledNegativeStyleIsAnError() {
    let f = AmountFormat(negativeStyles: [.minus])
    #expect(throws: AmountFormat.Failure.negativeStyleNotAllowed(.parentheses)) { try f.parse("(5.00)") }
    #expect(throws: Never.self) { try f.parse("-5.00") }
  }

  @Test func zeroDecimalCurrency() throws {
    let yen = AmountFormat(currency: Currency(code: "JPY"))
    #expect(try yen.parse("1,234") == 1234)
    #expect(throws: AmountFormat.Failure.self) { try yen.parse("1,234.5") }
  }
}

@Suite struct DateParsingTests {
  @Test(arguments: [
    ("MM/dd/yyyy", "10/31/2026", "2026-10-31"), ("MM/dd/yyyy", "1/5/2026", "2026-01-05"),
    ("dd.MM.yyyy", "31.10.2026", "2026-10-31"), ("yyyy-MM-dd", "2026-10-31", "2026-10-31"),
    ("yyyy-MM-dd", "2026-10-31 14:02:00", "2026-10-31"), ("yyyy-MM-dd", "2026-10-31T14:02", "2026-10-31"),
    ("d-MMM-yy", "5-Oct-26", "2026-10-05"), ("dd MMM yyyy", "05 October 2026", "2026-10-05"),
    ("yyyyMMdd", "20261031", "2026-10-31"), ("dd/MM/yy", "31/10/99", "1999-10-31"),
  ])
  func parses(pattern: String, text: String, iso: String) throws {
    let f = try #require(DateFormat(pattern))
    #expect(f.parse(text)?.description == iso)
  }

  @Test(arguments: [("MM/dd/yyyy", "31/10/2026"), ("MM/dd/yyyy", "02/30/2026"), ("yyyy-MM-dd", "2026/10/31"), ("yyyy-MM-dd", ""), ("yyyy-MM-dd", "2026-10-31x")])
  func rejects(pattern: String, text: String) throws {
    #expect(try #require(DateFormat(pattern)).parse(text) == nil)
  }

  @Test func patternNeedsYearMonthAndDay() {
    #expect(DateFormat("MM/dd") == nil)
    #expect(DateFormat("yyyyy-MM-dd") == nil)
  }
}

@Suite struct DateColumnTests {
  func importDates(_ values: [String], format: DateFormat = .auto) throws -> ImportResult {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("d.csv", "Date,Amount\n" + values.map { "\($0),1.00" }.joined(separator: "\n") + "\n")
    let t = Template(name: "t", date: "Date", amount: .signed("Amount"), dateFormat: format, origin: "t.yaml")
    return try Importer(template: t, source: "s").importFile(path: path, displayName: "d.csv")
  }

  @Test func excelSerials() throws {
    let r = try importDates(["45961", "45962.5"], format: .excelSerial)
    #expect(r.entries.map(\.date.description) == ["2025-10-31", "2025-11-01"])
  }

  @Test func autoDecidesPerColumn() throws {
    // 13/10 can only be day-first, so the whole column is read day-first, 01/10 included.
    let r = try importDates(["01/10/2026", "13/10/2026"])
    #expect(r.entries.map(\.date.description) == ["2026-10-01", "2026-10-13"])
    #expect(try importDates(["2026-10-31"]).entries.first?.date.description == "2026-10-31")
    #expect(try importDates(["45961"]).entries.first?.date.description == "2025-10-31")
  }

  @Test func anAmbiguousColumnIsAnError() {
    #expect {
      _ = try importDates(["03/04/2026", "05/06/2026"])
    } throws: { error in
      let text = (error as? TieoutError)?.description ?? ""
      return text.hasPrefix("d.csv:1:1: error: the dates of column \"Date\" fit both MM/dd/yyyy and dd/MM/yyyy (\"03/04/2026\" is 2026-03-04 or 2026-04-03)")
        && text.contains("hint: say which in t.yaml")
    }
  }

  @Test func aColumnOfNoKnownLayoutIsAnError() {
    #expect(throws: TieoutError.self) { _ = try importDates(["Oct the 3rd"]) }
  }
}
