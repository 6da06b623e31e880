import Foundation
public import TieoutCore

/// Reads ISO 20022 bank-to-customer cash management messages: camt.053 statements, camt.052
/// account reports and camt.054 debit/credit notifications, versions 1 to 8.
///
/// Each `Stmt`, `Rpt` or `Ntfctn` is a ``BankStatement``; each `Ntry` a line, signed by its
/// `CdtDbtInd`, dated by its booking date (`BookgDt`, a date or a date-time), with its value date
/// kept. An entry that batches several transactions (`NtryDtls` with several `TxDtls`) stays one
/// line, as the bank booked it, and says how many it holds. Opening (`OPBD`, or `PRCD`) and
/// closing (`CLBD`) balances are checked against the entries.
///
/// ```swift
/// let statements = try CAMT.read(path: "october.xml", displayName: "october.xml")
/// ```
public enum CAMT {
  /// Reads every statement, report or notification in the file.
  ///
  /// - Throws: ``TieoutError`` at the line and column of malformed XML or of a missing or
  ///   unreadable element.
  public static func read(path: String, displayName: String) throws(TieoutError) -> [BankStatement] {
    let data = try readWholeFile(path: path, displayName: displayName)
    let root: XMLNode
    switch XMLNode.parse(data) {
    case .success(let r): root = r
    case .failure(let f):
      throw TieoutError(.badStatement, at: SourceLocation(file: displayName, line: f.line, column: f.column), "not well-formed XML: \(f.message)")
    }
    return try statements(root, file: displayName)
  }

  static func statements(_ root: XMLNode, file: String) throws(TieoutError) -> [BankStatement] {
    func loc(_ n: XMLNode) -> SourceLocation { SourceLocation(file: file, line: n.line, column: n.column) }
    guard root.name == "Document", let message = root.children.first(where: { $0.name.hasPrefix("BkToCstmr") }) else {
      throw TieoutError(
        .badStatement, at: loc(root), "not a camt.052, camt.053 or camt.054 message (expected Document/BkToCstmr…)")
    }
    let records = message.children.filter { ["Stmt", "Rpt", "Ntfctn"].contains($0.name) }
    guard !records.isEmpty else {
      throw TieoutError(.badStatement, at: loc(message), "\(message.name) holds no Stmt, Rpt or Ntfctn: the message has no statement")
    }
    var out: [BankStatement] = []
    for rec in records {
      let account = rec.string("Acct", "Id", "IBAN").ifEmpty(rec.string("Acct", "Id", "Othr", "Id"))
        .ifEmpty(rec.string("Acct", "Id", "PrtryAcct", "Id")).ifEmpty(rec.string("Acct", "Id", "BBAN"))
      // Entries of a notification may carry no date at all; they are dated by their record.
      let recordDay = Day(iso: rec.string("CreDtTm").prefix(10)) ?? Day(iso: message.string("GrpHdr", "CreDtTm").prefix(10))
      var currency = Currency(code: rec.string("Acct", "Ccy"))
      var opening: BankStatement.Balance?, closing: BankStatement.Balance?
      for bal in rec.all("Bal") {
        let code = bal.string("Tp", "CdOrPrtry", "Cd")
        guard ["OPBD", "PRCD", "CLBD", "ITBD"].contains(code) else { continue }
        guard let amt = bal.child("Amt") else { throw TieoutError(.badStatement, at: loc(bal), "balance \(code) has no Amt") }
        let cur = Currency(code: amt.attributes["Ccy"] ?? currency.code)
        if rec.string("Acct", "Ccy").isEmpty { currency = cur }
        let value = try amount(amt, currency: cur, file: file)
        let signed = bal.string("CdtDbtInd") == "DBIT" ? -value : value
        guard let day = date(bal["Dt"]) else {
          throw TieoutError(.badStatement, at: loc(bal), "balance \(code) has no date (Dt/Dt or Dt/DtTm)")
        }
        let b = BankStatement.Balance(date: day, amount: signed, location: loc(bal))
        switch code {
        case "CLBD": closing = b
        case "ITBD": if closing == nil { closing = b }  // an intraday report's interim booked balance
        case "OPBD": opening = b
        default: if opening == nil { opening = b }  // PRCD: the previous statement's closing
        }
      }
      var lines: [BankStatement.Line] = []
      for ntry in rec.all("Ntry") {
        guard let amt = ntry.child("Amt") else { throw TieoutError(.badStatement, at: loc(ntry), "entry has no Amt") }
        let cur = Currency(code: amt.attributes["Ccy"] ?? currency.code)
        let value = try amount(amt, currency: cur, file: file)
        let indicator = ntry.string("CdtDbtInd")
        guard indicator == "CRDT" || indicator == "DBIT" else {
          throw TieoutError(.badStatement, at: loc(ntry), "entry has CdtDbtInd \"\(indicator)\"; expected CRDT or DBIT")
        }
        let booking = date(ntry["BookgDt"])
        guard let valueDate = date(ntry["ValDt"]) ?? booking ?? recordDay else {
          throw TieoutError(
            .badStatement, at: loc(ntry), "entry has no booking date (BookgDt), no value date (ValDt), and its record no creation date")
        }
        let details = ntry.all("NtryDtls").flatMap { $0.all("TxDtls") }
        let first = details.first
        var reference = first?.string("Refs", "EndToEndId") ?? ""
        if reference == "NOTPROVIDED" { reference = "" }
        var info = [ntry.string("AddtlNtryInf")]
        info += details.map { $0.string("RmtInf", "Ustrd") }
        info += details.map { $0.string("AddtlTxInf") }
        if details.count > 1 { info.insert("batch of \(details.count) transactions", at: 0) }
        let party = indicator == "CRDT"
          ? (first?.string("RltdPties", "Dbtr", "Nm") ?? "").ifEmpty(first?.string("RltdPties", "Dbtr", "Pty", "Nm") ?? "")
          : (first?.string("RltdPties", "Cdtr", "Nm") ?? "").ifEmpty(first?.string("RltdPties", "Cdtr", "Pty", "Nm") ?? "")
        let code = ntry.string("BkTxCd", "Prtry", "Cd").ifEmpty(
          [ntry.string("BkTxCd", "Domn", "Cd"), ntry.string("BkTxCd", "Domn", "Fmly", "Cd"), ntry.string("BkTxCd", "Domn", "Fmly", "SubFmlyCd")]
            .filter { !$0.isEmpty }.joined(separator: "/"))
        lines.append(
          BankStatement.Line(
            valueDate: valueDate, bookingDate: booking, amount: indicator == "DBIT" ? -value : value,
            isReversal: ntry.string("RvslInd") == "true", typeCode: code, reference: reference,
            bankReference: ntry.string("AcctSvcrRef"),
            information: info.filter { !$0.isEmpty }.joined(separator: "; "), counterparty: party,
            location: SourceLocation(file: file, line: ntry.line)))
      }
      out.append(
        BankStatement(
          account: account, currency: currency, number: rec.string("Id"), opening: opening, closing: closing,
          lines: lines, location: loc(rec)))
    }
    return out
  }

  /// `Dt/Dt` or `Dt/DtTm` (a date-time whose first ten characters are the day).
  static func date(_ node: XMLNode?) -> Day? {
    guard let node else { return nil }
    let text = node.string("Dt").isEmpty ? node.string("DtTm") : node.string("Dt")
    return Day(iso: text.prefix(10))
  }

  static func amount(_ node: XMLNode, currency: Currency, file: String) throws(TieoutError) -> Int64 {
    let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
    do {
      return try AmountFormat(decimal: ".", thousands: nil, negativeStyles: [], currency: currency).parse(text)
    } catch {
      throw TieoutError(
        .badAmount, at: SourceLocation(file: file, line: node.line, column: node.column),
        "cannot read \"\(text)\" as an amount in \(currency.code): \(error)")
    }
  }
}

extension String {
  func ifEmpty(_ other: @autoclosure () -> String) -> String { isEmpty ? other() : self }
}
