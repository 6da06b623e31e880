import Foundation
public import TieoutCore

/// Reads BAI2 cash management balance reporting files (the US bank standard).
///
/// Records are comma-separated and end with `/`; an `88` record continues the one before it
/// (more summary fields for an `03`, more text for a `16`). Amounts have no decimal point: they
/// are in the currency's minor units (cents for USD), the currency coming from the account
/// (`03`), else the group (`02`), else USD. Detail type codes 100–399 are credits and 400–699
/// debits. Funds types `S`, `V` and `D` carry extra fields, which are skipped correctly.
///
/// The file's own controls are checked: each account trailer (`49`), group trailer (`98`) and
/// file trailer (`99`) total and record count, and an account's opening ledger (010) plus its
/// details against its closing ledger (015). A mismatch is reported at the trailer.
///
/// ```swift
/// let contents = try BAI2.read(path: "prior-day.bai", displayName: "prior-day.bai")
/// ```
public enum BAI2 {
  struct Record {
    let type: String
    /// The record's fields after the type, with its `88` continuations joined.
    var fields: [String]
    /// Text continued by `88` records (for a `16`).
    var continuation: [String]
    let line: Int
    /// Physical records: this one and its continuations.
    var count: Int
  }

  /// Reads the file's accounts as statements, with every control check that failed.
  ///
  /// - Throws: ``TieoutError`` at the record that cannot be read (unknown record type, a record
  ///   out of place, an amount that is not a number, a type code that is neither credit nor debit).
  public static func read(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    let data = try readWholeFile(path: path, displayName: displayName)
    return try parse(text: String(decoding: data, as: UTF8.self), file: displayName)
  }

  /// Parses BAI2 text; `file` names it in locations.
  public static func parse(text: String, file: String) throws(TieoutError) -> BankFileContents {
    let records = try logicalRecords(text, file: file)
    func loc(_ r: Record, _ column: Int? = nil) -> SourceLocation { SourceLocation(file: file, line: r.line, column: column) }
    guard let first = records.first, first.type == "01" else {
      let where_ = records.first.map { loc($0, 1) } ?? SourceLocation(file: file, line: 1)
      throw TieoutError(.badStatement, at: where_, "a BAI2 file starts with a file header record 01", hint: "is this a BAI2 file?")
    }
    var statements: [BankStatement] = []
    var checks: [Diagnostic] = []
    var groupCurrency = Currency.usd
    var asOf: Day?
    // Running control totals: account, group, file. They add with wrapping: they are only
    // compared with the totals the trailers state, which may be any 64-bit number.
    var accountTotal: Int64 = 0, accountRecords = 0
    var groupTotal: Int64 = 0, groupRecords = 0, groupAccounts = 0
    var fileTotal: Int64 = 0, fileRecords = 0, fileGroups = 0
    var account: (number: String, currency: Currency, opening: BankStatement.Balance?, closing: BankStatement.Balance?, lines: [BankStatement.Line], record: Record)?
    var sawFileTrailer = false

    func check(_ stated: String, _ computed: Int64, _ what: String, at r: Record, column: Int) {
      let s = stated.trimmingCharacters(in: .whitespaces)
      guard !s.isEmpty else { return }  // some banks leave the control total blank
      if Int64(s.replacingOccurrences(of: "+", with: "")) != computed {
        checks.append(
          Diagnostic(
            .statementDoesNotBalance, at: loc(r, column),
            "\(what) is \(s), but the records it closes add up to \(computed)",
            hint: "a record may be missing or misread"))
      }
    }

    for r in records {
      fileRecords += r.count
      groupRecords += r.count
      accountRecords += r.count
      switch r.type {
      case "01":
        break
      case "02":
        groupTotal = 0
        groupRecords = r.count
        groupAccounts = 0
        let f = r.fields
        asOf = f.count > 3 ? day(f[3]) : nil
        groupCurrency = f.count > 5 && !f[5].isEmpty ? Currency(code: f[5]) : .usd
        guard asOf != nil else {
          throw TieoutError(.badStatement, at: loc(r, 5), "group header 02 has no as-of date (yymmdd)")
        }
      case "03":
        accountTotal = 0
        accountRecords = r.count
        groupAccounts += 1
        let f = r.fields
        let currency = f.count > 1 && !f[1].isEmpty ? Currency(code: f[1]) : groupCurrency
        var opening: BankStatement.Balance?, closing: BankStatement.Balance?
        var i = 2
        while i + 1 < f.count {
          // A type code is never empty: an empty field here is a stray comma before a `/`.
          if f[i].isEmpty {
            i += 1
            continue
          }
          let code = f[i]
          let amountText = f[i + 1]
          if !amountText.isEmpty {
            let amount = try self.amount(amountText, at: loc(r, i + 3))
            accountTotal &+= amount
            if code == "010", let d = asOf { opening = .init(date: d, amount: amount, location: loc(r)) }
            if code == "015", let d = asOf { closing = .init(date: d, amount: amount, location: loc(r)) }
          }
          // item count, then the funds type and its extra fields
          i += 3
          i += i < f.count ? fundsFieldCount(f, at: i) : 0
          i += 1
        }
        account = (f.first ?? "", currency, opening, closing, [], r)
      case "16":
        guard var a = account else {
          throw TieoutError(.badStatement, at: loc(r, 1), "transaction detail 16 outside an account (no 03 before it)")
        }
        let f = r.fields
        guard f.count >= 2, let code = Int(f[0]) else {
          throw TieoutError(.badStatement, at: loc(r, 2), "transaction detail 16 has no type code")
        }
        let amount = try self.amount(f[1], at: loc(r, 3))
        accountTotal &+= amount
        let credit: Bool
        switch code {
        case 100...399: credit = true
        case 400...699: credit = false
        default:
          throw TieoutError(
            .badStatement, at: loc(r, 2), "type code \(code) is neither a credit (100–399) nor a debit (400–699)")
        }
        var i = 2
        var valueDate = asOf
        let funds = i < f.count ? f[i] : ""
        if funds == "V", i + 1 < f.count, let v = day(f[i + 1]) { valueDate = v }
        i += 1 + (i < f.count ? fundsFieldCount(f, at: i) : 0)
        let bankRef = i < f.count ? f[i] : ""
        let customerRef = i + 1 < f.count ? f[i + 1] : ""
        var text = i + 2 < f.count ? f[(i + 2)...].joined(separator: ",") : ""
        for c in r.continuation { text += (text.isEmpty ? "" : " ") + c }
        guard let booked = asOf, let value = valueDate else {
          throw TieoutError(.badStatement, at: loc(r), "transaction detail 16 before a group header 02")
        }
        a.lines.append(
          BankStatement.Line(
            valueDate: value, bookingDate: booked, amount: credit ? amount : -amount, typeCode: String(code),
            reference: customerRef.trimmingCharacters(in: .whitespaces), bankReference: bankRef.trimmingCharacters(in: .whitespaces),
            information: text.trimmingCharacters(in: .whitespaces), location: loc(r)))
        account = a
      case "49":
        guard let a = account else {
          throw TieoutError(.badStatement, at: loc(r, 1), "account trailer 49 without an account (no 03 before it)")
        }
        let f = r.fields
        check(f.first ?? "", accountTotal, "account \(a.number)'s control total (49)", at: r, column: 2)
        check(f.count > 1 ? f[1] : "", Int64(accountRecords), "account \(a.number)'s record count (49)", at: r, column: 3)
        statements.append(
          BankStatement(
            account: a.number, currency: a.currency, number: asOf?.description ?? "", opening: a.opening,
            closing: a.closing, lines: a.lines, location: loc(a.record)))
        groupTotal &+= Int64(f.first.flatMap { Int64($0.replacingOccurrences(of: "+", with: "")) } ?? accountTotal)
        account = nil
      case "98":
        let f = r.fields
        check(f.first ?? "", groupTotal, "the group's control total (98)", at: r, column: 2)
        check(f.count > 1 ? f[1] : "", Int64(groupAccounts), "the group's number of accounts (98)", at: r, column: 3)
        check(f.count > 2 ? f[2] : "", Int64(groupRecords), "the group's record count (98)", at: r, column: 4)
        fileTotal &+= Int64(f.first.flatMap { Int64($0.replacingOccurrences(of: "+", with: "")) } ?? groupTotal)
        fileGroups += 1
      case "99":
        let f = r.fields
        check(f.first ?? "", fileTotal, "the file's control total (99)", at: r, column: 2)
        check(f.count > 1 ? f[1] : "", Int64(fileGroups), "the file's number of groups (99)", at: r, column: 3)
        check(f.count > 2 ? f[2] : "", Int64(fileRecords), "the file's record count (99)", at: r, column: 4)
        sawFileTrailer = true
      default:
        throw TieoutError(.badStatement, at: loc(r, 1), "unknown BAI2 record type \"\(r.type)\"")
      }
    }
    if !sawFileTrailer {
      checks.append(
        Diagnostic(.statementDoesNotBalance, at: SourceLocation(file: file, line: records.last?.line ?? 1), "the file has no file trailer 99: it may be cut short"))
    }
    return BankFileContents(statements: statements, checks: checks)
  }

  /// Splits the text into logical records, joining `88` continuations.
  static func logicalRecords(_ text: String, file: String) throws(TieoutError) -> [Record] {
    var records: [Record] = []
    var n = 0
    for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
      n += 1
      var line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("88:") { line = "88," + line.dropFirst(3) }  // a colon for the comma, seen in real files
      let isRecord = line.count >= 3 && line.prefix(2).allSatisfy(\.isNumber) && line.dropFirst(2).first == ","
      if !isRecord {
        // A 16's text wrapped onto the next line without an 88.
        if records.last?.type == "16" {
          records[records.count - 1].continuation.append(stripSlash(line))
          continue
        }
        throw TieoutError(.badStatement, at: SourceLocation(file: file, line: n, column: 1), "\"\(line.prefix(20))\" is not a BAI2 record")
      }
      // Several records can share a line: "…,/  49,00,2/".
      let pieces = splitRecords(line)
      for piece in pieces {
        let parts = piece.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        let type = String(parts[0])
        let body = parts.count > 1 ? String(parts[1]) : ""
        guard type.count == 2, type.allSatisfy(\.isNumber) else {
          throw TieoutError(.badStatement, at: SourceLocation(file: file, line: n, column: 1), "\"\(type)\" is not a BAI2 record type")
        }
        if type == "88" {
          guard !records.isEmpty else {
            throw TieoutError(.badStatement, at: SourceLocation(file: file, line: n, column: 1), "continuation 88 with no record before it")
          }
          records[records.count - 1].count += 1
          if records[records.count - 1].type == "16" {
            records[records.count - 1].continuation.append(stripSlash(body))
          } else {
            records[records.count - 1].fields += fields(body)
          }
          continue
        }
        let fieldList = type == "16"
          ? body.split(separator: ",", omittingEmptySubsequences: false).map(String.init).withLastSlashStripped() : fields(body)
        records.append(Record(type: type, fields: fieldList, continuation: [], line: n, count: 1))
      }
    }
    return records
  }

  static let recordTypes: Set<String> = ["01", "02", "03", "16", "49", "88", "98", "99"]

  /// Splits a line where a `/` is followed (after spaces) by another record: `NN,` with NN a
  /// BAI2 record type. A `/` inside a 16's text is left alone.
  static func splitRecords(_ line: String) -> [String] {
    let chars = Array(line)
    var pieces: [String] = []
    var start = 0
    var i = 0
    while i < chars.count {
      if chars[i] == "/" {
        var j = i + 1
        while j < chars.count, chars[j] == " " { j += 1 }
        if j + 2 < chars.count, chars[j + 2] == ",", recordTypes.contains(String(chars[j...(j + 1)])) {
          pieces.append(String(chars[start...i]))
          start = j
          i = j
          continue
        }
      }
      i += 1
    }
    pieces.append(String(chars[start...]))
    return pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// A record body's fields, without the closing `/`.
  static func fields(_ body: String) -> [String] {
    stripSlash(body).split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
  }

  static func stripSlash(_ s: String) -> String {
    var t = s.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("/") { t.removeLast() }
    return t
  }

  /// How many fields follow a funds type at `i` (0, 1, 2: none; S: 3; V: 2; D: 1 + 2n).
  static func fundsFieldCount(_ f: [String], at i: Int) -> Int {
    switch f[i] {
    case "S": return 3
    case "V": return 2
    case "D":
      let n = i + 1 < f.count ? Int(f[i + 1]) ?? 0 : 0
      return 1 + 2 * n
    default: return 0
    }
  }

  static func day(_ yymmdd: String) -> Day? { MT940.date(yymmdd.trimmingCharacters(in: .whitespaces)) }

  static func amount(_ text: String, at loc: SourceLocation) throws(TieoutError) -> Int64 {
    let t = text.trimmingCharacters(in: .whitespaces)
    let sign: Int64 = t.hasPrefix("-") ? -1 : 1
    let digits = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(digits) else {
      throw TieoutError(.badAmount, at: loc, "cannot read \"\(text)\" as a BAI2 amount (whole minor units, no decimal point)")
    }
    guard v <= Money.largestAmount else {
      throw TieoutError(
        .badAmount, at: loc, "\"\(text)\" is past the largest amount tieout reads (15 digits of minor units)")
    }
    return sign * v
  }
}

extension [String] {
  /// Drops the `/` that ends a record from its last field.
  fileprivate func withLastSlashStripped() -> [String] {
    guard var last = self.last else { return self }
    last = last.trimmingCharacters(in: .whitespaces)
    if last.hasSuffix("/") { last.removeLast() }
    var copy = self
    copy[copy.count - 1] = last
    return copy
  }
}
