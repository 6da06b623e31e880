public import TieoutCore

/// How an export writes amounts: separators, negative styles and currency.
///
/// Text is parsed straight to integer minor units, never through floating point.
///
/// ```swift
/// let f = AmountFormat(decimal: ",", thousands: ".", currency: .eur)
/// try f.parse("1.234,56-")   // -123456 (EUR cents)
/// ```
public struct AmountFormat: Hashable, Sendable {
  /// Ways an export may mark a negative amount.
  public enum NegativeStyle: String, Hashable, Sendable, CaseIterable {
    /// `-1.00`
    case minus
    /// `(1.00)`
    case parentheses
    /// `1.00-`
    case trailingMinus = "trailing-minus"
    /// `1.00 CR` (and `1.00 DR` as an explicit positive)
    case crSuffix = "cr-suffix"
  }

  /// Why a text is not an amount; the importer turns it into a located diagnostic.
  public enum Failure: Error, Hashable, Sendable {
    case empty
    case notANumber
    case tooManyDecimals(allowed: Int)
    case negativeStyleNotAllowed(NegativeStyle)
    case overflow
    /// Thousands separators that do not group the digits by three (`12,5` where `.` is decimal).
    case badGrouping
  }

  public var decimal: Character
  public var thousands: Character?
  public var negativeStyles: Set<NegativeStyle>
  public var currency: Currency

  public init(
    decimal: Character = ".", thousands: Character? = ",",
    negativeStyles: Set<NegativeStyle> = Set(NegativeStyle.allCases), currency: Currency = .usd
  ) {
    self.decimal = decimal
    self.thousands = thousands
    self.negativeStyles = negativeStyles
    self.currency = currency
  }

  /// Parses `text` to minor units of ``currency``.
  ///
  /// Accepts surrounding spaces, a currency symbol or code before or after the number, thousands
  /// separators, and any of ``negativeStyles``. More decimals than the currency has are accepted
  /// only when the extra digits are zeros (`1.500` is 1.50 USD; `1.505` is an error).
  /// - Throws: ``Failure`` describing what is wrong.
  public func parse(_ text: some StringProtocol) throws(Failure) -> Int64 {
    if let fast = parseFast(text) { return fast }
    var s = Substring(text).trimmingSpaces()
    guard !s.isEmpty else { throw .empty }
    var negative = false
    var styleUsed: NegativeStyle?

    func use(_ style: NegativeStyle) throws(Failure) {
      guard negativeStyles.contains(style) else { throw .negativeStyleNotAllowed(style) }
      styleUsed = style
    }

    // CR / DR suffix.
    let upper = s.uppercased()
    if upper.hasSuffix("CR") || upper.hasSuffix("DR") {
      let isCredit = upper.hasSuffix("CR")
      s = s.dropLast(2).trimmingSpaces()
      if isCredit { try use(.crSuffix); negative = true } else { try use(.crSuffix) }
    }
    if s.hasPrefix("(") && s.hasSuffix(")") {
      try use(.parentheses)
      negative.toggle()
      s = s.dropFirst().dropLast().trimmingSpaces()
    }
    s = s.strippingCurrency(currency.code)
    if s.hasPrefix("-") {
      try use(.minus)
      negative.toggle()
      s = s.dropFirst().trimmingSpaces()
    } else if s.hasPrefix("+") {
      s = s.dropFirst().trimmingSpaces()
    } else if s.hasSuffix("-") {
      try use(.trailingMinus)
      negative.toggle()
      s = s.dropLast().trimmingSpaces()
    }
    s = s.strippingCurrency(currency.code)
    _ = styleUsed
    guard !s.isEmpty else { throw .notANumber }

    let digits = currency.minorDigits
    var whole: Int64 = 0
    var frac: Int64 = 0
    var fracCount = 0
    var sawDecimal = false
    var sawDigit = false
    var lastWasSeparator = false
    var grouping = Grouping()
    for ch in s {
      if let d = ch.wholeNumberValue, ch.isASCII {
        sawDigit = true
        lastWasSeparator = false
        if !sawDecimal { grouping.digit() }
        if sawDecimal {
          if fracCount < digits {
            frac = frac * 10 + Int64(d)
            fracCount += 1
          } else if d != 0 {
            throw .tooManyDecimals(allowed: digits)
          }
        } else {
          let (m, o1) = whole.multipliedReportingOverflow(by: 10)
          let (a, o2) = m.addingReportingOverflow(Int64(d))
          if o1 || o2 { throw .overflow }
          whole = a
        }
      } else if ch == decimal && !sawDecimal {
        sawDecimal = true
        lastWasSeparator = false
        guard grouping.endsWhole() else { throw .badGrouping }
      } else if let t = thousands, ch == t, !sawDecimal, sawDigit, !lastWasSeparator {
        lastWasSeparator = true
        guard grouping.separator() else { throw .badGrouping }
      } else {
        throw .notANumber
      }
    }
    guard sawDigit, !lastWasSeparator else { throw .notANumber }
    guard sawDecimal || grouping.endsWhole() else { throw .badGrouping }
    while fracCount < digits { frac *= 10; fracCount += 1 }
    let (scaled, o1) = whole.multipliedReportingOverflow(by: currency.scale)
    let (total, o2) = scaled.addingReportingOverflow(frac)
    if o1 || o2 || total > Money.largestAmount { throw .overflow }
    return negative ? -total : total
  }
}

extension AmountFormat {
  /// The digit groups between thousands separators of a whole part, checked as they are read:
  /// the group before the decimal separator (or the end) has three digits, those before it two
  /// or three (Indian exports group lakhs: 12,34,567.89), the first one to three. So "12,5" is
  /// an error rather than 125, and "1,2345" rather than 12345.
  struct Grouping {
    private var separators = 0
    private var digitsInGroup = 0

    @inline(__always) mutating func digit() { digitsInGroup += 1 }

    /// A thousands separator; false when the group it ends is of a wrong size.
    @inline(__always) mutating func separator() -> Bool {
      defer {
        separators += 1
        digitsInGroup = 0
      }
      return separators == 0 ? (1...3).contains(digitsInGroup) : (2...3).contains(digitsInGroup)
    }

    /// The whole part ends; false when its last group, after a separator, is not of three digits.
    @inline(__always) func endsWhole() -> Bool { separators == 0 || digitsInGroup == 3 }
  }

  /// The common case on bytes: an optional `-`, ASCII digits with thousands separators, an
  /// optional decimal part — "1234.56", "-1,234.50", "12". Anything else (spaces, symbols,
  /// parentheses, CR) returns nil and takes the general path. Character-by-character parsing
  /// made amounts a tenth of the import's time (perf, 1M-row GL).
  @inline(__always)
  func parseFast(_ text: some StringProtocol) -> Int64? {
    guard let plan = bytePlan else { return nil }
    return text.utf8.withContiguousStorageIfAvailable { plan.parse($0) } ?? nil
  }

  /// The format as bytes, for ``BytePlan/parse(_:)``; nil when a separator is not ASCII.
  var bytePlan: BytePlan? {
    guard let dec = decimal.asciiValue, thousands == nil || thousands?.asciiValue != nil else { return nil }
    return BytePlan(
      decimal: dec, thousands: thousands?.asciiValue ?? 0xFF, digits: currency.minorDigits, scale: currency.scale,
      minus: negativeStyles.contains(.minus))
  }

  /// What ``parseFast(_:)`` needs, resolved once per file rather than per cell.
  struct BytePlan: Sendable {
    let decimal: UInt8
    let thousands: UInt8
    let digits: Int
    let scale: Int64
    let minus: Bool

    /// The common case on a field's bytes; nil for anything else.
    @inline(__always)
    func parse(_ buf: UnsafeBufferPointer<UInt8>) -> Int64? {
      let dec = decimal, sep = thousands
      var i = 0
      var negative = false
      if i < buf.count, buf[i] == UInt8(ascii: "-") {
        guard minus else { return nil }
        negative = true
        i += 1
      }
      var whole: Int64 = 0, frac: Int64 = 0, fracCount = 0, sawDigit = false, inFraction = false
      var lastSep = false
      var grouping = Grouping()
      while i < buf.count {
        let b = buf[i]
        if b >= 0x30 && b <= 0x39 {
          sawDigit = true
          lastSep = false
          if inFraction {
            if fracCount < digits { frac = frac * 10 + Int64(b - 0x30); fracCount += 1 } else if b != 0x30 { return nil }
          } else {
            guard whole < 92_233_720_368_547 else { return nil }  // leave overflow to the general path
            whole = whole * 10 + Int64(b - 0x30)
            grouping.digit()
          }
        } else if b == dec && !inFraction {
          inFraction = true
          lastSep = false
          guard grouping.endsWhole() else { return nil }
        } else if b == sep && !inFraction && sawDigit && !lastSep {
          lastSep = true
          guard grouping.separator() else { return nil }
        } else {
          return nil
        }
        i += 1
      }
      guard sawDigit, !lastSep, inFraction || grouping.endsWhole() else { return nil }
      while fracCount < digits { frac *= 10; fracCount += 1 }
      let (scaled, o1) = whole.multipliedReportingOverflow(by: scale)
      let (total, o2) = scaled.addingReportingOverflow(frac)
      if o1 || o2 || total > Money.largestAmount { return nil }
      return negative ? -total : total
    }
  }
}

extension Substring {
  func trimmingSpaces() -> Substring {
    var s = self
    while let f = s.first, f.isWhitespace { s = s.dropFirst() }
    while let l = s.last, l.isWhitespace { s = s.dropLast() }
    return s
  }

  /// Drops one leading or trailing currency symbol or code.
  func strippingCurrency(_ code: String) -> Substring {
    let symbols: [String] = ["$", "€", "£", "¥", "US$", "CHF", code]
    var s = self
    for sym in symbols {
      if s.hasPrefix(sym) { s = s.dropFirst(sym.count).trimmingSpaces(); break }
    }
    for sym in symbols {
      if s.hasSuffix(sym) { s = s.dropLast(sym.count).trimmingSpaces(); break }
    }
    return s
  }
}

extension AmountFormat.Failure: CustomStringConvertible {
  public var description: String {
    switch self {
    case .empty: "the cell is empty"
    case .notANumber: "it is not a number"
    case .tooManyDecimals(let n): "it has more than \(n) decimal places"
    case .negativeStyleNotAllowed(let s): "negative style \(s.rawValue) is not enabled in the template"
    case .badGrouping: "its thousands separators are not every three digits"
    case .overflow: "it is past the largest amount tieout reads (15 digits of minor units, 9,999,999,999,999.99 in cents)"
    }
  }
}
