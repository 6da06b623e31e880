import Foundation
public import TieoutCore

/// Reads SWIFT MT940 (customer statement) and MT942 (interim report) files.
///
/// Tolerates what real banks send: header blocks, banner lines and tags such as `:940:` before
/// the first `:20:`,
/// several statements per file, `-` / `-}` / `-XXX` message ends, `:86:` text over many lines
/// (a line that looks like an unknown tag inside `:86:` text is text: "…T13" + ":12:11" is a time
/// split by the line length). The booking date's year is taken from the value date, moved by one
/// across a year end. Amounts use a decimal comma. `RC` and `RD` mark reversals.
///
/// ```swift
/// let statements = try MT940.read(path: "statement.sta", displayName: "statement.sta")
/// ```
public enum MT940 {
  /// Tags this reader knows. Any other tag is an error, except inside `:86:` text.
  static let knownTags: Set<String> = [
    "13", "13D", "20", "21", "25", "25P", "28", "28C", "34F", "60F", "60M", "61", "62F", "62M", "64", "65", "86",
    "90C", "90D", "NS",
  ]

  struct Field {
    let tag: String
    var content: String
    let line: Int
  }

  /// Reads every statement of the file at `path`.
  ///
  /// - Throws: ``TieoutError`` with the file, line and column of the first field that cannot be read.
  public static func read(path: String, displayName: String) throws(TieoutError) -> [BankStatement] {
    let data = try readWholeFile(path: path, displayName: displayName)
    return try parse(text: String(decoding: data, as: UTF8.self), file: displayName)
  }

  /// Parses MT940/942 text; `file` names it in locations.
  public static func parse(text: String, file: String) throws(TieoutError) -> [BankStatement] {
    let fields = try split(text, file: file)
    var statements: [BankStatement] = []
    var i = 0
    while i < fields.count {
      guard fields[i].tag == "20" else {
        throw TieoutError(
          .badStatement, at: SourceLocation(file: file, line: fields[i].line),
          "field :\(fields[i].tag): before the statement's :20: reference")
      }
      var j = i + 1
      while j < fields.count && fields[j].tag != "20" { j += 1 }
      statements.append(try statement(fields[i..<j], file: file))
      i = j
    }
    guard !statements.isEmpty else {
      throw TieoutError(
        .badStatement, at: SourceLocation(file: file, line: 1), "no MT940 statement found (no :20: field)",
        hint: "is this an MT940 file? Its statements start with a line \":20:\"")
    }
    return statements
  }

  /// Splits the text into tagged fields, joining continuation lines.
  static func split(_ text: String, file: String) throws(TieoutError) -> [Field] {
    var fields: [Field] = []
    var n = 0
    var ended = true  // outside a message until a tag starts one
    for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      n += 1
      let line = raw.hasPrefix("{4:") ? raw.dropFirst(3) : raw
      if let (tag, rest) = tagged(line) {
        let insideText = fields.last?.tag == "86" && !ended
        if knownTags.contains(tag) {
          fields.append(Field(tag: tag, content: String(rest), line: n))
          ended = false
          continue
        }
        if !insideText && !fields.isEmpty {
          throw TieoutError(
            .badStatement, at: SourceLocation(file: file, line: n, column: 1), "unknown field :\(tag):",
            hint: "MT940 fields are :20:, :25:, :28C:, :60F:, :61:, :86:, :62F:, :64:, :65:")
        }
      }
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed == "-" || trimmed == "-}" || trimmed.hasPrefix("-XXX") || trimmed.hasPrefix("-}") {
        ended = true
        continue
      }
      if !ended, !fields.isEmpty {
        fields[fields.count - 1].content += "\n" + line
      }
    }
    return fields
  }

  /// `:TAG:rest` → (TAG, rest), for tags of 2 digits and an optional letter (and `NS`).
  static func tagged(_ line: Substring) -> (String, Substring)? {
    guard line.first == ":" else { return nil }
    let body = line.dropFirst()
    guard let close = body.firstIndex(of: ":") else { return nil }
    let tag = body[..<close]
    guard (2...3).contains(tag.count), tag.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }) else { return nil }
    return (String(tag), body[body.index(after: close)...])
  }

  static func statement(_ fields: ArraySlice<Field>, file: String) throws(TieoutError) -> BankStatement {
    var account = "", number = ""
    var opening: BankStatement.Balance?, closing: BankStatement.Balance?
    var currency: Currency?
    var lines: [BankStatement.Line] = []
    var pending: (line: BankStatement.Line, info: String)?
    let start = SourceLocation(file: file, line: fields.first?.line ?? 0)
    var checks: [Diagnostic] = []
    // MT942: floor limits (:34F:, debit then credit, or one for both) and stated sums (:90D:, :90C:).
    var floors: [(mark: Character?, amount: Int64, location: SourceLocation)] = []
    var stated: [(credit: Bool, count: Int, amount: Int64, location: SourceLocation)] = []

    func flush() {
      if let p = pending {
        let l = p.line
        lines.append(
          BankStatement.Line(
            valueDate: l.valueDate, bookingDate: l.bookingDate, amount: l.amount, isReversal: l.isReversal,
            typeCode: l.typeCode, reference: l.reference, bankReference: l.bankReference,
            information: p.info.isEmpty ? l.information : p.info,
            location: l.location))
        pending = nil
      }
    }

    for f in fields {
      let loc = SourceLocation(file: file, line: f.line, column: f.tag.count + 3)
      switch f.tag {
      case "25": account = f.content.trimmingCharacters(in: .whitespaces)
      case "28C", "28": number = f.content.trimmingCharacters(in: .whitespaces)
      case "60F", "60M":
        let (b, c) = try balance(f.content, intermediate: f.tag == "60M", currency: currency, at: loc, checks: &checks)
        opening = b
        currency = currency ?? c
      case "62F", "62M":
        let (b, c) = try balance(f.content, intermediate: f.tag == "62M", currency: currency, at: loc, checks: &checks)
        closing = b
        currency = currency ?? c
      case "34F":
        let (c, mark, amount) = try currencyAmount(f.content, at: loc)
        currency = currency ?? c
        floors.append((mark, amount, loc))
      case "90D", "90C":
        // Number of entries, currency, sum: 1EUR2,30.
        let text = f.content.trimmingCharacters(in: .whitespacesAndNewlines)
        let count = text.prefix { $0.isASCII && $0.isNumber }
        let (c, _, amount) = try currencyAmount(String(text.dropFirst(count.count)), at: loc.with(column: (loc.column ?? 1) + count.count))
        currency = currency ?? c
        stated.append((f.tag == "90C", Int(count) ?? 0, amount, loc))
      case "61":
        flush()
        guard let cur = currency else {
          throw TieoutError(
            .badStatement, at: loc, ":61: statement line before the opening balance :60F: (or, in an MT942, the floor limit :34F:), so its currency is unknown")
        }
        pending = (try statementLine(f.content, currency: cur, at: loc, checks: &checks), "")
      case "86":
        if pending != nil { pending?.info = f.content }
      default: break
      }
    }
    flush()
    guard let currency else {
      throw TieoutError(.badStatement, at: start, "statement without an opening balance (:60F:) or, in an MT942, a floor limit (:34F:)")
    }
    guard !account.isEmpty else {
      throw TieoutError(.badStatement, at: start, "statement without an account (:25:)")
    }
    checks += interimChecks(lines, floors: floors, stated: stated, currency: currency)
    var s = BankStatement(account: account, currency: currency, number: number, opening: opening, closing: closing, lines: lines, location: start)
    s.checks = checks
    return s
  }

  /// An MT942's own checks: the entries' count and sum on each side against :90D: and :90C:, and
  /// no entry below its side's floor limit (:34F:; one limit is for both sides).
  static func interimChecks(
    _ lines: [BankStatement.Line], floors: [(mark: Character?, amount: Int64, location: SourceLocation)],
    stated: [(credit: Bool, count: Int, amount: Int64, location: SourceLocation)], currency: Currency
  ) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let d = currency.minorDigits
    for s in stated {
      let side = lines.filter { ($0.amount > 0) == s.credit }
      let sum = side.reduce(Int64(0)) { $0 &+ Swift.abs($1.amount) }
      if side.count != s.count || sum != s.amount {
        out.append(
          Diagnostic(
            .statementDoesNotBalance, at: s.location,
            ":\(s.credit ? "90C" : "90D"): states \(s.count) \(s.credit ? "credit" : "debit") \(s.count == 1 ? "entry" : "entries") of \(Money.decimalString(s.amount, digits: d)) \(currency.code), but the report holds \(side.count) of \(Money.decimalString(sum, digits: d))",
            hint: "an entry may be missing or misread"))
      }
    }
    for (k, floor) in floors.enumerated() {
      // With two limits, the first is for debits and the second for credits; one is for both.
      let credit: Bool? = floors.count == 1 ? nil : floor.mark.map { $0 == "C" } ?? (k == 1)
      for l in lines where credit.map({ $0 == (l.amount > 0) }) ?? true {
        if Swift.abs(l.amount) < floor.amount {
          out.append(
            Diagnostic(
              .statementDoesNotBalance, .warning, at: l.location,
              "the entry of \(Money.decimalString(Swift.abs(l.amount), digits: d)) is below the floor limit of \(Money.decimalString(floor.amount, digits: d)) stated on line \(floor.location.line)"))
          break
        }
      }
    }
    return out
  }

  /// `EURD0,00`: a currency, an optional D or C, an amount.
  static func currencyAmount(_ text: String, at loc: SourceLocation) throws(TieoutError) -> (Currency, Character?, Int64) {
    let s = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
    guard s.count >= 4, s[0..<3].allSatisfy({ $0.isASCII && $0.isLetter }) else {
      throw TieoutError(.badStatement, at: loc, "cannot read \"\(text)\": expected a currency and an amount such as EURD0,00")
    }
    let currency = Currency(code: String(s[0..<3]))
    let mark: Character? = s[3] == "D" || s[3] == "C" ? s[3] : nil
    let start = mark == nil ? 3 : 4
    let amount = try self.amount(String(s[start...]), currency: currency, at: loc.with(column: (loc.column ?? 1) + start))
    return (currency, mark, amount)
  }

  /// `C100722EUR1234,56`: mark, date, currency, amount. A balance without its currency
  /// (`C100722 1234,56` or `C1007221234,56`) takes the statement's, with a warning.
  static func balance(
    _ text: String, intermediate: Bool, currency known: Currency?, at loc: SourceLocation, checks: inout [Diagnostic]
  ) throws(TieoutError) -> (BankStatement.Balance, Currency) {
    let s = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
    let col = loc.column ?? 1
    guard s.count >= 8, s[0] == "C" || s[0] == "D" else {
      throw TieoutError(.badStatement, at: loc, "cannot read balance \"\(text)\": expected C or D, a date yymmdd, a currency and an amount such as C100722EUR1234,56")
    }
    let day = try lenientDate(String(s[1..<7]), at: loc.with(column: col + 1), checks: &checks)
    let currency: Currency, start: Int
    if s.count >= 11, s[7..<10].allSatisfy({ $0.isASCII && $0.isLetter }) {
      currency = Currency(code: String(s[7..<10]))
      start = 10
    } else if let known, s[7].isNumber || s[7] == " " {
      currency = known
      start = s[7] == " " ? 8 : 7
      checks.append(
        Diagnostic(
          .badStatement, .warning, at: loc.with(column: col + 7),
          "the balance states no currency; read in the statement's \(known.code)"))
    } else {
      throw TieoutError(.badStatement, at: loc.with(column: col + 7), "\"\(String(s[7..<min(10, s.count)]))\" is not a currency code")
    }
    let amount = try self.amount(String(s[start...]), currency: currency, at: loc.with(column: col + start))
    return (BankStatement.Balance(date: day, amount: s[0] == "D" ? -amount : amount, isIntermediate: intermediate, location: loc), currency)
  }

  /// A `yymmdd` date; one that does not exist but names a month and a day of 1–31 (German
  /// banks write 30 February for the end of February) is read as the month's last day, with a
  /// warning.
  static func lenientDate(_ yymmdd: String, at loc: SourceLocation, checks: inout [Diagnostic]) throws(TieoutError) -> Day {
    if let d = date(yymmdd) { return d }
    guard yymmdd.count == 6, let n = Int(yymmdd), let d = lastDayIfPast(year: n / 10000, month: n / 100 % 100, day: n % 100)
    else {
      throw TieoutError(.badStatement, at: loc, "\"\(yymmdd)\" is not a date (yymmdd)")
    }
    checks.append(Diagnostic(.badDate, .warning, at: loc, "\"\(yymmdd)\" is not a date; read as \(d), the nearest one"))
    return d
  }

  /// The month's last day when `day` (1–31) is past it; nil for a month or day out of range.
  /// `year` is two digits, as MT940 writes it.
  static func lastDayIfPast(year yy: Int, month: Int, day: Int) -> Day? {
    guard (1...12).contains(month), (1...31).contains(day) else { return nil }
    let year = yy < 80 ? 2000 + yy : yy < 100 ? 1900 + yy : yy
    return Day(year: year, month: month, day: min(day, Day.daysInMonth(year: year, month: month)))
  }

  /// `1007220722D25,03NTRFNONREF//bankref` (+ supplementary details on a second line).
  static func statementLine(
    _ text: String, currency: Currency, at loc: SourceLocation, checks: inout [Diagnostic]
  ) throws(TieoutError) -> BankStatement.Line {
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let s = Array(parts[0])
    var i = 0
    let col = loc.column ?? 1
    func fail(_ message: String) -> TieoutError {
      TieoutError(.badStatement, at: loc.with(column: col + i), message + " in :61: \"\(parts[0])\"")
    }
    func digits(_ n: Int) -> String? {
      guard i + n <= s.count, s[i..<(i + n)].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
      defer { i += n }
      return String(s[i..<(i + n)])
    }
    guard let v = digits(6) else { throw fail("the value date is not a date (yymmdd)") }
    let valueDate: Day
    do {
      valueDate = try lenientDate(v, at: loc.with(column: col), checks: &checks)
    } catch {
      i = 0
      throw fail("the value date is not a date (yymmdd)")
    }
    var bookingDate: Day?
    let save = i
    if let md = digits(4) {
      let (vy, vm, _) = valueDate.components
      let m = Int(md.prefix(2)) ?? 0, d = Int(md.suffix(2)) ?? 0
      let year = vm == 12 && m == 1 ? vy + 1 : vm == 1 && m == 12 ? vy - 1 : vy
      if let b = Day(year: year, month: m, day: d) {
        bookingDate = b
      } else if let b = lastDayIfPast(year: year, month: m, day: d) {
        bookingDate = b
        checks.append(
          Diagnostic(.badDate, .warning, at: loc.with(column: col + 6), "booking date \"\(md)\" is not a date; read as \(b), the nearest one"))
      } else {
        i = save
        throw fail("the booking date \(md) is not a date (mmdd)")
      }
    }
    var reversal = false
    var credit: Bool
    if i + 1 < s.count, s[i] == "R", s[i + 1] == "C" || s[i + 1] == "D" {
      reversal = true
      credit = s[i + 1] == "D"  // a reversed debit puts money back
      i += 2
    } else if i < s.count, s[i] == "C" || s[i] == "D" {
      credit = s[i] == "C"
      i += 1
    } else {
      throw fail("expected the debit/credit mark C, D, RC or RD")
    }
    if i < s.count, s[i].isLetter { i += 1 }  // funds code: the third letter of the currency
    let amountStart = i
    while i < s.count, s[i].isNumber || s[i] == "," { i += 1 }
    guard i > amountStart else { throw fail("expected an amount") }
    let minor = try amount(String(s[amountStart..<i]), currency: currency, at: loc.with(column: col + amountStart))
    guard i + 4 <= s.count else { throw fail("expected the transaction type (such as NTRF) and a reference") }
    let type = String(s[(i + 1)..<(i + 4)])
    i += 4
    let rest = String(s[i...])
    var reference = rest, bankReference = ""
    if let r = rest.range(of: "//") {
      reference = String(rest[..<r.lowerBound])
      bankReference = String(rest[r.upperBound...])
    }
    reference = reference.trimmingCharacters(in: .whitespaces)
    if reference == "NONREF" { reference = "" }
    // Supplementary details (a second line) stand in for :86: text when there is none.
    let info = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: .whitespaces) : ""
    return BankStatement.Line(
      valueDate: valueDate, bookingDate: bookingDate, amount: credit ? minor : -minor, isReversal: reversal,
      typeCode: type, reference: reference, bankReference: bankReference.trimmingCharacters(in: .whitespaces),
      information: info, location: SourceLocation(file: loc.file, line: loc.line))
  }

  static func date(_ yymmdd: String) -> Day? {
    guard yymmdd.count == 6, let n = Int(yymmdd) else { return nil }
    let yy = n / 10000, mm = n / 100 % 100, dd = n % 100
    return Day(year: yy < 80 ? 2000 + yy : 1900 + yy, month: mm, day: dd)
  }

  static func amount(_ text: String, currency: Currency, at loc: SourceLocation) throws(TieoutError) -> Int64 {
    do {
      return try AmountFormat(decimal: ",", thousands: nil, negativeStyles: [], currency: currency).parse(text)
    } catch {
      throw TieoutError(.badAmount, at: loc, "cannot read \"\(text)\" as an amount: \(error)")
    }
  }
}
