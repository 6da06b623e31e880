/// An exact amount of money: a signed count of minor units (cents) in one currency.
///
/// Amounts are never held as floating point: `Money(minorUnits: 101, currency: .usd)` is
/// exactly $1.01. Only the workbook layer converts to `Double`, because Excel stores numbers
/// that way (exact to 15 significant digits).
///
/// ```swift
/// let fee = Money(minorUnits: -1500, currency: .usd)
/// print(fee.decimalString)   // "-15.00"
/// ```
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The amount in minor units of `currency` (cents for USD).
  public let minorUnits: Int64
  public let currency: Currency

  public init(minorUnits: Int64, currency: Currency) {
    self.minorUnits = minorUnits
    self.currency = currency
  }

  public static func zero(_ currency: Currency) -> Money { Money(minorUnits: 0, currency: currency) }

  /// The largest magnitude of one amount that tieout reads: 15 digits of minor units
  /// (9,999,999,999,999.99 in a currency of cents). Far past any real transaction, and small
  /// enough that a month's totals stay exact as Excel's doubles and cannot overflow `Int64`
  /// (see ``largestMonthTotal``). The importers reject a larger amount at its row.
  public static let largestAmount: Int64 = 999_999_999_999_999

  /// The largest sum of the magnitudes of a month's amounts, all sources together. Every total,
  /// difference and subtotal a run computes adds some of these amounts, a few of them at most
  /// twice, so with the sum kept below a quarter of `Int64.max` none of them can overflow.
  public static let largestMonthTotal: Int64 = Int64.max / 4

  /// The amount as a plain decimal string with a `.` separator: "-1234.50". Used in JSON.
  public var decimalString: String { Money.decimalString(minorUnits, digits: currency.minorDigits) }

  /// `amount × numerator ÷ denominator` in whole minor units, rounded down or up, exactly (a
  /// 128-bit product) and saturating at `Int64.max`: a share of an amount, such as a fee of
  /// so many basis points, without a `Double`. `amount` and `numerator` are not negative,
  /// `denominator` is positive.
  public static func share(_ amount: Int64, times numerator: Int64, over denominator: Int64, roundingUp: Bool) -> Int64 {
    precondition(amount >= 0 && numerator >= 0 && denominator > 0, "share of a negative amount")
    let product = amount.multipliedFullWidth(by: numerator)
    // The quotient fits when the product is below denominator × 2^63.
    guard UInt64(product.high) << 1 | product.low >> 63 < UInt64(denominator) else { return Int64.max }
    let (q, r) = denominator.dividingFullWidth(product)
    return roundingUp && r > 0 ? (q == Int64.max ? q : q + 1) : q
  }

  /// 10 to the power of `digits` (0–18), the minor units of a major unit with that many digits.
  public static func powerOfTen(_ digits: Int) -> Int64 {
    var p: Int64 = 1
    for _ in 0..<digits { p *= 10 }
    return p
  }

  /// Formats minor units as a decimal string with `digits` places and a leading `-` if negative.
  public static func decimalString(_ minor: Int64, digits: Int) -> String {
    let negative = minor < 0
    // magnitude as UInt64 so Int64.min does not trap
    let mag = minor.magnitude
    guard digits > 0 else { return (negative ? "-" : "") + String(mag) }
    let scale = UInt64(powerOfTen(digits))
    let whole = mag / scale
    let frac = String(mag % scale)
    let padded = String(repeating: "0", count: digits - frac.count) + frac
    return (negative ? "-" : "") + String(whole) + "." + padded
  }

  /// Formats minor units with a `,` every three digits: "-1,234,567.89". For people, not JSON.
  /// Parses a plain decimal ("0.50", "-12", "1.5") to minor units with `digits` decimals; nil
  /// for anything else or for more decimals than `digits` (unless they are zeros).
  public static func parseMinor(_ text: String, digits: Int) -> Int64? {
    var s = Substring(text).drop(while: \.isWhitespace)
    while s.last?.isWhitespace == true { s = s.dropLast() }
    let negative = s.first == "-"
    if negative { s = s.dropFirst() }
    let parts = s.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty || parts.count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    var frac = parts.count == 2 ? String(parts[1]) : ""
    while frac.count > digits, frac.last == "0" { frac.removeLast() }
    guard frac.count <= digits else { return nil }
    frac += String(repeating: "0", count: digits - frac.count)
    guard let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])), let f = Int64(frac.isEmpty ? "0" : frac) else { return nil }
    let (w, o1) = whole.multipliedReportingOverflow(by: powerOfTen(digits))
    let (t, o2) = w.addingReportingOverflow(f)
    guard !o1, !o2 else { return nil }
    return negative ? -t : t
  }

  public static func groupedString(_ minor: Int64, digits: Int) -> String {
    let plain = decimalString(minor, digits: digits)
    let negative = plain.hasPrefix("-")
    let unsigned = negative ? plain.dropFirst() : Substring(plain)
    let whole = unsigned.prefix { $0 != "." }
    let rest = unsigned.dropFirst(whole.count)
    var out = ""
    for (i, ch) in whole.enumerated() {
      if i > 0 && (whole.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (negative ? "-" : "") + out + rest
  }

  public var description: String { decimalString + " " + currency.code }

  public static func < (lhs: Money, rhs: Money) -> Bool { lhs.minorUnits < rhs.minorUnits }

  public var negated: Money { Money(minorUnits: -minorUnits, currency: currency) }
}
