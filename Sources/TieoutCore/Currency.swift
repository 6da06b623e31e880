/// An ISO 4217 currency: its code and how many minor units make one major unit.
///
/// Currencies form an open set, so this is a struct with well-known static members rather than
/// an enum; a template may name any three-letter code.
///
/// ```swift
/// let usd = Currency.usd            // 2 decimal places
/// let yen = Currency(code: "JPY")   // 0, from the built-in table
/// ```
public struct Currency: Hashable, Sendable, CustomStringConvertible {
  /// The three-letter ISO 4217 code, upper case.
  public let code: String
  /// Decimal places of the minor unit: 2 for USD (cents), 0 for JPY, 3 for KWD.
  public let minorDigits: Int

  /// Creates a currency; when `minorDigits` is nil it is looked up from ISO 4217 (default 2).
  public init(code: String, minorDigits: Int? = nil) {
    let upper = code.uppercased()
    self.code = upper
    self.minorDigits = minorDigits ?? Currency.isoMinorDigits[upper] ?? 2
  }

  public static let usd = Currency(code: "USD")
  public static let eur = Currency(code: "EUR")
  public static let gbp = Currency(code: "GBP")

  public var description: String { code }

  /// The ISO 4217 currencies whose minor unit is not two digits.
  private static let isoMinorDigits: [String: Int] = [
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
  ]

  /// 10 to the power of `minorDigits`: minor units per major unit.
  public var scale: Int64 { Money.powerOfTen(minorDigits) }
}
