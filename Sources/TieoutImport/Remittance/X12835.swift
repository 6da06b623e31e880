import Foundation
public import TieoutCore

/// A health-care payment and remittance advice (X12 835, ERA): one payment to a provider and
/// the claims it pays.
public struct Remittance: Hashable, Sendable {
  /// A claim adjustment: why part of a charge was not paid (CARC reason code and group).
  public struct Adjustment: Hashable, Sendable {
    /// CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction.
    public let group: String
    /// The claim adjustment reason code (CARC), e.g. 45 "charge exceeds fee schedule".
    public let reason: String
    public let amount: Int64
  }

  /// One claim paid, reduced or denied (CLP), with its adjustments at claim and service level.
  public struct Claim: Hashable, Sendable {
    /// The provider's claim id (CLP01).
    public let id: String
    /// CLP02: 1 processed as primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal, …
    public let status: String
    public let charge: Int64
    public let paid: Int64
    public let patientResponsibility: Int64
    public let adjustments: [Adjustment]
    public let location: SourceLocation

    /// Denied: status 4, or nothing paid on a non-zero charge.
    public var isDenied: Bool { status == "4" || (paid == 0 && charge > 0) }
  }

  /// The payer (N1*PR) and payee (N1*PE) names.
  public let payer: String
  public let payee: String
  /// TRN02: the check or EFT trace number, which pairs the remittance with its bank deposit.
  public let traceNumber: String
  /// BPR02: the total paid, the amount that reaches the bank.
  public let total: Int64
  /// BPR03: C credit or D debit.
  public let creditDebit: String
  /// BPR04: CHK, ACH, FWT, BOP or NON.
  public let method: String
  /// BPR16: the payment (or effective EFT) date.
  public let date: Day
  public let claims: [Claim]
  /// Provider-level adjustments (PLB), each with its reason code.
  public let providerAdjustments: [Adjustment]
  public let location: SourceLocation
}

/// Reads X12 835 remittance files, with their own balancing checked.
///
/// Separators are read from the ISA segment (element separator at position 4, component
/// separator ISA16, segment terminator after it), so files using `*`/`~`, `|`/`\n` or any other
/// choice read the same. Balancing (the 835 implementation guide's own rules):
/// - BPR02 total payment = Σ CLP04 claim payments − Σ PLB provider adjustments;
/// - per claim, CLP03 charge − Σ CAS adjustments (claim and service level) = CLP04 paid.
/// A failure is reported at the segment, as `file:line:column`.
public enum X12835 {
  struct Segment {
    let elements: [String]
    let line: Int
    let column: Int
    var id: String { elements.first ?? "" }
    subscript(_ i: Int) -> String { i < elements.count ? elements[i] : "" }
  }

  /// Reads every 835 transaction set (ST…SE) in the file, and every balancing failure.
  ///
  /// - Throws: ``TieoutError`` when the file has no ISA header or no 835 transaction, or a
  ///   required element (BPR02, BPR16, CLP amounts) cannot be read.
  public static func read(path: String, displayName: String) throws(TieoutError) -> (remittances: [Remittance], checks: [Diagnostic]) {
    let data = try readWholeFile(path: path, displayName: displayName)
    return try parse(text: String(decoding: data, as: UTF8.self), file: displayName)
  }

  public static func parse(text: String, file: String) throws(TieoutError) -> (remittances: [Remittance], checks: [Diagnostic]) {
    let segments = try split(text, file: file)
    func loc(_ s: Segment) -> SourceLocation { SourceLocation(file: file, line: s.line, column: s.column) }
    func money(_ s: Segment, _ i: Int, required: Bool = true) throws(TieoutError) -> Int64 {
      let t = s[i]
      if t.isEmpty && !required { return 0 }
      do {
        return try AmountFormat(decimal: ".", thousands: nil, negativeStyles: [.minus], currency: .usd).parse(t)
      } catch {
        throw TieoutError(.badAmount, at: loc(s), "\(s.id)\(i < 10 ? "0" : "")\(i): cannot read \"\(t)\" as an amount: \(error)")
      }
    }
    var out: [Remittance] = []
    var checks: [Diagnostic] = []
    var k = 0
    while k < segments.count {
      guard segments[k].id == "ST", segments[k][1] == "835" else { k += 1; continue }
      let st = segments[k]
      var end = k + 1
      while end < segments.count, segments[end].id != "SE" { end += 1 }
      let body = segments[(k + 1)..<min(end, segments.count)]
      guard let bpr = body.first(where: { $0.id == "BPR" }) else {
        throw TieoutError(.badStatement, at: loc(st), "835 transaction without a BPR payment segment")
      }
      let total = try money(bpr, 2)
      // BPR16 is the payment's date; a non-payment (BPR01 H) or a sample file may leave it empty
      // or write something else. The production date (DTM*405), else the functional group's
      // date (GS04), stands in, and the check says so.
      let date: Day
      if let d = Day(iso8601Compact: bpr[16]) {
        date = d
      } else {
        let dtm = body.first { $0.id == "DTM" && $0[1] == "405" }.flatMap { Day(iso8601Compact: $0[2]) }
        let gs = segments[..<k].last { $0.id == "GS" }.flatMap { Day(iso8601Compact: $0[4]) }
        guard let d = dtm ?? gs else {
          throw TieoutError(
            .badStatement, at: loc(bpr), "BPR16: \"\(bpr[16])\" is not a payment date (yyyyMMdd), and neither DTM*405 nor GS04 gives one")
        }
        date = d
        let what = bpr[16].isEmpty ? "BPR16 is empty" : "BPR16 \"\(bpr[16])\" is not a date"
        checks.append(
          Diagnostic(
            .badDate, .warning, at: loc(bpr),
            "\(what)\(bpr[1] == "H" ? " (a notification of no payment, BPR01 H)" : ""); the remittance is dated \(d), its \(dtm != nil ? "production date (DTM*405)" : "functional group's date (GS04)")"))
      }
      let trn = body.first { $0.id == "TRN" }
      var payer = "", payee = ""
      var claims: [Remittance.Claim] = []
      var plb: [Remittance.Adjustment] = []
      var current: (seg: Segment, charge: Int64, paid: Int64, patient: Int64, adjustments: [Remittance.Adjustment])?

      func closeClaim() {
        guard let c = current else { return }
        let adjusted = c.adjustments.reduce(Int64(0)) { $0 &+ $1.amount }
        if c.charge &- adjusted != c.paid {
          checks.append(
            Diagnostic(
              .statementDoesNotBalance, at: loc(c.seg),
              "claim \(c.seg[1]) does not balance: charge \(Money.decimalString(c.charge, digits: 2)) − adjustments \(Money.decimalString(adjusted, digits: 2)) = \(Money.decimalString(c.charge &- adjusted, digits: 2)), but CLP04 paid is \(Money.decimalString(c.paid, digits: 2))"))
        }
        claims.append(
          Remittance.Claim(
            id: c.seg[1], status: c.seg[2], charge: c.charge, paid: c.paid, patientResponsibility: c.patient,
            adjustments: c.adjustments, location: loc(c.seg)))
        current = nil
      }

      for s in body {
        switch s.id {
        case "N1" where s[1] == "PR": payer = s[2]
        case "N1" where s[1] == "PE": payee = s[2]
        case "CLP":
          closeClaim()
          current = (s, try money(s, 3), try money(s, 4), try money(s, 5, required: false), [])
        case "CAS":
          // Group code, then up to six (reason, amount, quantity) triplets.
          var i = 2
          while i < s.elements.count {
            if !s[i].isEmpty {
              let amount = try money(s, i + 1)
              current?.adjustments.append(.init(group: s[1], reason: s[i], amount: amount))
            }
            i += 3
          }
        case "PLB":
          closeClaim()
          var i = 3
          while i + 1 < s.elements.count {
            if !s[i].isEmpty { plb.append(.init(group: "PLB", reason: s[i], amount: try money(s, i + 1))) }
            i += 2
          }
        default: break
        }
      }
      closeClaim()
      let paid = claims.reduce(Int64(0)) { $0 &+ $1.paid }
      let adjustments = plb.reduce(Int64(0)) { $0 &+ $1.amount }
      if paid &- adjustments != total {
        checks.append(
          Diagnostic(
            .statementDoesNotBalance, at: loc(bpr),
            "remittance \(trn?[2] ?? "") does not balance: claims paid \(Money.decimalString(paid, digits: 2)) − provider adjustments \(Money.decimalString(adjustments, digits: 2)) = \(Money.decimalString(paid &- adjustments, digits: 2)), but BPR02 is \(Money.decimalString(total, digits: 2))"))
      }
      out.append(
        Remittance(
          payer: payer, payee: payee, traceNumber: trn?[2] ?? "", total: total, creditDebit: bpr[3], method: bpr[4],
          date: date, claims: claims, providerAdjustments: plb, location: loc(st)))
      k = end + 1
    }
    guard !out.isEmpty else {
      throw TieoutError(
        .badStatement, at: SourceLocation(file: file, line: 1), "no 835 remittance (ST*835) in the file",
        hint: "837 claims and 270/271 eligibility files are not remittances")
    }
    return (out, checks)
  }

  /// Splits into segments with the separators the ISA header declares.
  static func split(_ text: String, file: String) throws(TieoutError) -> [Segment] {
    let chars = Array(text)
    guard let isa = (0..<max(chars.count - 2, 0)).first(where: { chars[$0] == "I" && chars[$0 + 1] == "S" && chars[$0 + 2] == "A" }),
      isa + 106 <= chars.count
    else {
      throw TieoutError(.badStatement, at: SourceLocation(file: file, line: 1), "no ISA interchange header: this is not an X12 file")
    }
    let element = chars[isa + 3]
    // ISA has 16 elements; the segment terminator follows ISA16 (one character).
    var count = 0, i = isa
    while i < chars.count, count < 16 {
      if chars[i] == element { count += 1 }
      i += 1
    }
    guard i + 1 < chars.count else {
      throw TieoutError(.badStatement, at: SourceLocation(file: file, line: 1), "the ISA header is cut short")
    }
    let terminator = chars[i + 1]
    var segments: [Segment] = []
    var line = 1, column = 1
    var startLine = 1, startColumn = 1
    var current = ""
    var atStart = true
    for (k, c) in chars.enumerated() where k >= isa {
      if atStart {
        if c.isWhitespace && c != terminator {
          if c.isNewline { line += 1; column = 1 } else { column += 1 }
          continue
        }
        startLine = line
        startColumn = column
        atStart = false
      }
      if c == terminator {
        segments.append(
          Segment(elements: current.split(separator: element, omittingEmptySubsequences: false).map(String.init), line: startLine, column: startColumn))
        current = ""
        atStart = true
      } else {
        current.append(c)
      }
      if c.isNewline { line += 1; column = 1 } else { column += 1 }
    }
    return segments
  }
}
