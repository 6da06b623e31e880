import Foundation
public import TieoutCore

/// Reads OFX and QFX bank and credit-card statements: OFX 1.x (SGML, leaf tags left open) and
/// 2.x (XML).
///
/// The text is decoded as UTF-8 when it is valid UTF-8 and as Windows-1252 otherwise, whatever
/// the `CHARSET`/`ENCODING` header claims (headers often do not tell the truth). Amounts are
/// signed. A transaction repeated with the same `FITID` (overlapping downloads) is kept once;
/// the repeat is listed as ignored. A transaction whose date or amount cannot be read is
/// rejected with its location, and the rest of the file is read. OFX states only a closing
/// (ledger) balance, so there is no opening balance to check the lines against.
///
/// ```swift
/// let contents = try OFX.read(path: "checking.qfx", displayName: "checking.qfx")
/// ```
public enum OFX {
  final class Node {
    let name: String
    let line: Int
    var value: String?
    var children: [Node] = []
    init(name: String, line: Int) {
      self.name = name
      self.line = line
    }
    func child(_ n: String) -> Node? { children.first { $0.name == n } }
    func string(_ path: String...) -> String {
      var node: Node? = self
      for p in path { node = node?.child(p) }
      return node?.value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
    func descendants(_ n: String) -> [Node] {
      children.flatMap { $0.name == n ? [$0] : $0.descendants(n) }
    }
  }

  /// Reads every bank and credit-card statement in the file.
  ///
  /// - Throws: ``TieoutError`` when the file is not OFX, holds no statement (a sign-on failure,
  ///   an error response), or holds only investment statements.
  public static func read(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    let data = try readWholeFile(path: path, displayName: displayName)
    let text = String(validatingUTF8Data: data) ?? String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    return try parse(text: text, file: displayName)
  }

  /// Parses OFX text; `file` names it in locations.
  public static func parse(text: String, file: String) throws(TieoutError) -> BankFileContents {
    guard let root = tree(text) else {
      throw TieoutError(.badStatement, at: SourceLocation(file: file, line: 1), "no <OFX> element: this is not an OFX file")
    }
    func loc(_ n: Node) -> SourceLocation { SourceLocation(file: file, line: n.line) }
    let statements = root.descendants("STMTRS") + root.descendants("CCSTMTRS")
    if statements.isEmpty {
      if let status = root.descendants("SONRS").first?.child("STATUS"), status.string("CODE") != "0" {
        throw TieoutError(
          .badStatement, at: loc(status),
          "the bank refused the sign-on (code \(status.string("CODE"))\(status.string("MESSAGE").isEmpty ? "" : ": " + status.string("MESSAGE"))); the file holds no statement")
      }
      if let inv = root.descendants("INVSTMTRS").first {
        throw TieoutError(
          .badStatement, at: loc(inv), "this is an investment statement (INVSTMTRS); tieout reads bank and credit-card statements")
      }
      if let status = root.descendants("STATUS").first(where: { $0.string("CODE") != "0" && !$0.string("CODE").isEmpty }) {
        throw TieoutError(
          .badStatement, at: loc(status), "the file is an error response (code \(status.string("CODE"))\(status.string("MESSAGE").isEmpty ? "" : ": " + status.string("MESSAGE"))); it holds no statement")
      }
      throw TieoutError(.badStatement, at: loc(root), "the file holds no bank or credit-card statement (STMTRS or CCSTMTRS)")
    }

    var out: [BankStatement] = []
    var checks: [Diagnostic] = []
    var rejected: [BankFileContents.Rejected] = []
    for st in statements {
      let currency = Currency(code: st.string("CURDEF").isEmpty ? "USD" : st.string("CURDEF"))
      let account = st.string("BANKACCTFROM", "ACCTID").isEmpty ? st.string("CCACCTFROM", "ACCTID") : st.string("BANKACCTFROM", "ACCTID")
      var seen: [String: Int] = [:]
      var lines: [BankStatement.Line] = []
      for t in st.descendants("STMTTRN") {
        let l = loc(t)
        guard let posted = day(t.string("DTPOSTED")) else {
          let d = t.string("DTPOSTED")
          rejected.append(.init(location: SourceLocation(file: file, line: t.child("DTPOSTED")?.line ?? t.line), reason: d.isEmpty ? "the transaction has no posting date (DTPOSTED)" : "cannot read DTPOSTED \"\(d)\" as a date (yyyyMMdd…)", disposition: .error))
          continue
        }
        let amountText = t.string("TRNAMT")
        let amount: Int64
        do {
          amount = try AmountFormat(decimal: amountText.contains(",") && !amountText.contains(".") ? "," : ".", thousands: nil, negativeStyles: [.minus], currency: currency).parse(amountText)
        } catch {
          rejected.append(.init(location: SourceLocation(file: file, line: t.child("TRNAMT")?.line ?? t.line), reason: "cannot read TRNAMT \"\(amountText)\" as an amount: \(error)", disposition: .error))
          continue
        }
        let fitid = t.string("FITID")
        if !fitid.isEmpty, let first = seen[fitid] {
          rejected.append(.init(location: l, reason: "repeats FITID \(fitid) of line \(first): the same transaction twice", disposition: .ignored))
          continue
        }
        if !fitid.isEmpty { seen[fitid] = t.line }
        let name = t.string("NAME").isEmpty ? t.string("PAYEE", "NAME") : t.string("NAME")
        let reference = t.string("CHECKNUM").isEmpty || t.string("CHECKNUM") == "0" ? t.string("REFNUM") : t.string("CHECKNUM")
        lines.append(
          BankStatement.Line(
            valueDate: day(t.string("DTAVAIL")) ?? posted, bookingDate: posted, amount: amount, typeCode: t.string("TRNTYPE"),
            reference: reference, bankReference: fitid, information: t.string("MEMO"), counterparty: name, location: l))
      }
      var closing: BankStatement.Balance?
      if let bal = st.child("LEDGERBAL") {
        let text = bal.string("BALAMT")
        if let d = day(bal.string("DTASOF")), let a = try? AmountFormat(decimal: ".", thousands: nil, negativeStyles: [.minus], currency: currency).parse(text) {
          closing = BankStatement.Balance(date: d, amount: a, location: loc(bal))
        } else {
          checks.append(Diagnostic(.badStatement, .warning, at: loc(bal), "the ledger balance (LEDGERBAL) has no readable amount or date (\"\(text)\"); the statement is read without it"))
        }
      }
      out.append(
        BankStatement(
          account: account, currency: currency, number: st.string("BANKTRANLIST", "DTEND"), opening: nil, closing: closing,
          lines: lines, location: loc(st)))
    }
    return BankFileContents(statements: out, checks: checks, rejected: rejected)
  }

  /// `20130525225731.258[-5:EST]` → 2013-05-25.
  static func day(_ text: String) -> Day? { Day(iso8601Compact: text.prefix(8)) }

  /// Builds the element tree from SGML or XML OFX: a tag followed by text is a leaf whose closing
  /// tag is optional; a closing tag closes everything opened since its element.
  static func tree(_ text: String) -> Node? {
    guard let start = text.range(of: "<OFX>", options: .caseInsensitive) else { return nil }
    // Count lines by Character.isNewline: "\r\n" is one Character, not "\n".
    var line = text[..<start.lowerBound].reduce(1) { $1.isNewline ? $0 + 1 : $0 }
    let root = Node(name: "ROOT", line: 0)
    var stack: [Node] = [root]
    var i = start.lowerBound
    while i < text.endIndex {
      let c = text[i]
      if c.isNewline { line += 1 }
      guard c == "<" else {
        i = text.index(after: i)
        continue
      }
      guard let close = text[i...].firstIndex(of: ">") else { break }
      let tag = text[text.index(after: i)..<close].trimmingCharacters(in: .whitespaces)
      i = text.index(after: close)
      if tag.hasPrefix("?") || tag.hasPrefix("!") { continue }
      if tag.hasPrefix("/") {
        let name = String(tag.dropFirst()).uppercased()
        if let k = stack.lastIndex(where: { $0.name == name }), k > 0 { stack.removeSubrange(k...) }
        continue
      }
      let node = Node(name: tag.uppercased(), line: line)
      stack.last?.children.append(node)
      // Text up to the next tag: a leaf's value.
      let next = text[i...].firstIndex(of: "<") ?? text.endIndex
      let value = text[i..<next]
      if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        node.value = String(value)
        line += value.reduce(0) { $1.isNewline ? $0 + 1 : $0 }
        i = next
        // An XML leaf closes itself right away.
        if text[next...].hasPrefix("</\(node.name)>") || text[next...].uppercased().hasPrefix("</\(node.name)>") {
          i = text.index(next, offsetBy: node.name.count + 3)
        }
      } else if text[next...].uppercased().hasPrefix("</\(node.name)>") {
        node.value = ""  // an empty XML leaf: <BALAMT></BALAMT>
        line += value.reduce(0) { $1.isNewline ? $0 + 1 : $0 }
        i = text.index(next, offsetBy: node.name.count + 3)
      } else {
        stack.append(node)
      }
    }
    return root.children.first { $0.name == "OFX" }
  }
}

extension String {
  /// The text when `data` is valid UTF-8 (a BOM is dropped), else nil.
  init?(validatingUTF8Data data: Data) {
    var bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
    self = s
  }
}
