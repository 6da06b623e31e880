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
    guard let root = try tree(text, file: file) else {
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
          amount = try amountFormat(amountText, currency).parse(amountText)
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
        if let d = day(bal.string("DTASOF")), let a = try? amountFormat(text, currency).parse(text) {
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

  /// How an OFX amount is written: a decimal point, or a decimal comma when the text has a comma
  /// and no point (European banks' OFX writes `-12,50`).
  static func amountFormat(_ text: String, _ currency: Currency) -> AmountFormat {
    AmountFormat(decimal: text.contains(",") && !text.contains(".") ? "," : ".", thousands: nil, negativeStyles: [.minus], currency: currency)
  }

  /// `20130525225731.258[-5:EST]` → 2013-05-25.
  static func day(_ text: String) -> Day? { Day(iso8601Compact: text.prefix(8)) }

  /// The deepest nesting read: a bank statement is about eight elements deep.
  static let maxDepth = 100

  /// Builds the element tree from SGML or XML OFX: a tag followed by text is a leaf whose closing
  /// tag is optional; a closing tag closes everything opened since its element.
  ///
  /// One pass over the UTF-8 bytes, so time grows with the file's size. Returns nil when the
  /// text has no `<OFX>` element.
  ///
  /// - Throws: ``TieoutError`` when elements are nested more than ``maxDepth`` deep.
  static func tree(_ text: String, file: String) throws(TieoutError) -> Node? {
    let b = Array(text.utf8)
    let n = b.count
    let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
    let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    // "<OFX>", case-insensitively.
    let marker = Array("<OFX>".utf8)
    var start = 0
    while start + marker.count <= n && !Self.equalFolded(b, start, marker) { start += 1 }
    guard start + marker.count <= n else { return nil }
    var line = 1
    /// Counts line ends in b[from..<to]: LF, and CR not followed by LF.
    func newlines(_ from: Int, _ to: Int) -> Int {
      var k = 0
      for j in from..<to where b[j] == lf || (b[j] == cr && (j + 1 >= n || b[j + 1] != lf)) { k += 1 }
      return k
    }
    line += newlines(0, start)
    let root = Node(name: "ROOT", line: 0)
    var stack: [Node] = [root]
    var i = start
    while i < n {
      guard b[i] == lt else {
        line += newlines(i, i + 1)
        i += 1
        continue
      }
      var close = i + 1
      while close < n && b[close] != gt { close += 1 }
      guard close < n else { break }
      let tagLine = line
      line += newlines(i, close)
      // The tag's name: up to the first space (XML OFX may carry attributes).
      var s = i + 1, e = close
      while s < e && (b[s] == 0x20 || b[s] == 0x09) { s += 1 }
      var nameEnd = s
      while nameEnd < e && b[nameEnd] != 0x20 && b[nameEnd] != 0x09 && b[nameEnd] != lf && b[nameEnd] != cr { nameEnd += 1 }
      e = nameEnd
      i = close + 1
      guard s < e, b[s] != UInt8(ascii: "?"), b[s] != UInt8(ascii: "!") else { continue }
      if b[s] == slash {
        let name = Self.upper(b[(s + 1)..<e])
        if let k = stack.lastIndex(where: { $0.name == name }), k > 0 { stack.removeSubrange(k...) }
        continue
      }
      let name = Self.upper(b[s..<e])
      let node = Node(name: name, line: tagLine)
      stack.last?.children.append(node)
      // Text up to the next tag: a leaf's value.
      var next = i
      while next < n && b[next] != lt { next += 1 }
      let blank = b[i..<next].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == lf || $0 == cr }
      let closesHere = Self.isClosingTag(b, next, name: Array(name.utf8))
      if !blank || closesHere {
        node.value = blank ? "" : Self.decodeEntities(String(decoding: b[i..<next], as: UTF8.self))
        line += newlines(i, next)
        i = next
        // An XML leaf closes itself right away.
        if closesHere { i = next + name.utf8.count + 3 }
      } else {
        guard stack.count <= maxDepth else {
          throw TieoutError(
            .badStatement, at: SourceLocation(file: file, line: tagLine),
            "elements are nested more than \(maxDepth) deep; an OFX statement is not")
        }
        stack.append(node)
      }
    }
    return root.children.first { $0.name == "OFX" }
  }

  /// True when `b[at...]` starts with `pattern`, ignoring ASCII case.
  static func equalFolded(_ b: [UInt8], _ at: Int, _ pattern: [UInt8]) -> Bool {
    guard at + pattern.count <= b.count else { return false }
    for (k, p) in pattern.enumerated() where asciiUpper(b[at + k]) != asciiUpper(p) { return false }
    return true
  }

  /// True when `b[at...]` is `</name>`, ignoring ASCII case.
  static func isClosingTag(_ b: [UInt8], _ at: Int, name: [UInt8]) -> Bool {
    guard at + name.count + 3 <= b.count, b[at] == UInt8(ascii: "<"), b[at + 1] == UInt8(ascii: "/"),
      b[at + name.count + 2] == UInt8(ascii: ">")
    else { return false }
    return equalFolded(b, at + 2, name)
  }

  @inline(__always) static func asciiUpper(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x7A ? c - 0x20 : c }

  static func upper(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes.map(asciiUpper), as: UTF8.self) }

  /// `AT&amp;T` → `AT&T`: the five XML entities and numeric character references. An `&` that
  /// starts none of them (SGML OFX often writes a bare `&`) stays as it is.
  static func decodeEntities(_ s: String) -> String {
    guard s.contains("&") else { return s }
    var out = ""
    var rest = Substring(s)
    while let amp = rest.firstIndex(of: "&") {
      out += rest[..<amp]
      let after = rest[rest.index(after: amp)...]
      if let semi = after.prefix(10).firstIndex(of: ";") {
        let entity = after[..<semi]
        var scalar: Unicode.Scalar?
        switch entity {
        case "amp": scalar = "&"
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        default:
          if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
            scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
          } else if entity.hasPrefix("#") {
            scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
          }
        }
        if let scalar {
          out.unicodeScalars.append(scalar)
          rest = after[after.index(after: semi)...]
          continue
        }
      }
      out += "&"
      rest = after
    }
    return out + rest
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
