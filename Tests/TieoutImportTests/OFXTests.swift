import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

/// OFX files from the ofxparse corpus: bank and card statements are read; investment files,
/// sign-on failures and error responses are clear errors; the broken files point at the line.
@Suite struct OFXCorpusTests {
  static let dir = TestPaths.corpora + "/ofxparse"

  func read(_ name: String) throws -> BankFileContents {
    try OFX.read(path: Self.dir + "/" + name, displayName: name)
  }

  @Test(arguments: [
    ("bank_medium.ofx", [3]), ("checking.ofx", [3]), ("anzcc.ofx", [1]), ("multiple_accounts.ofx", [0, 0]),
    ("multiple_accounts2.ofx", [0, 0]), ("ofx-v102-empty-tags.ofx", [1]), ("suncorp.ofx", [1]),
  ])
  func statementsAreRead(name: String, lines: [Int]) throws {
    let c = try read(name)
    #expect(c.statements.map(\.lines.count) == lines)
    #expect(c.rejected.isEmpty)
    for s in c.statements { #expect(!s.account.isEmpty) }
  }

  @Test func amountsDatesAndNames() throws {
    let s = try #require(try read("suncorp.ofx").statements.first)
    #expect(s.currency.code == "AUD")
    let l = try #require(s.lines.first)
    #expect(l.amount == -1685)
    #expect(l.date.description == "2013-12-15")
    #expect(l.bankReference == "1")
  }

  @Test(arguments: [
    ("signon_fail.ofx", "the bank refused the sign-on"),
    ("fidelity.ofx", "this is an investment statement"),
    ("vanguard.ofx", "this is an investment statement"),
    ("error_message.ofx", "error response"),
    ("bank_small.ofx", "holds no bank or credit-card statement"),
  ])
  func filesWithoutStatementsSaySo(name: String, message: String) {
    #expect {
      _ = try read(name)
    } throws: { error in
      let text = (error as? TieoutError)?.description ?? ""
      return text.hasPrefix(name + ":") && text.contains(message)
    }
  }

  @Test func brokenTransactionsAreRejectedWithTheirLine() throws {
    let missing = try read("fail_nice/date_missing.ofx")
    #expect(missing.rejected.map { "\($0.location): \($0.reason)" } == [
      "fail_nice/date_missing.ofx:33: the transaction has no posting date (DTPOSTED)",
      "fail_nice/date_missing.ofx:42: the transaction has no posting date (DTPOSTED)",
      "fail_nice/date_missing.ofx:50: cannot read DTPOSTED \"20120231\" as a date (yyyyMMdd…)",
    ])
    #expect(missing.statements[0].lines.isEmpty)
    let decimal = try read("fail_nice/decimal_error.ofx")
    #expect(decimal.rejected.first?.location.line == 36)
    let empty = try read("fail_nice/empty_balance.ofx")
    #expect(empty.checks.first?.description.contains("LEDGERBAL") == true)
    #expect(empty.statements[0].lines.count == 1)
  }

  @Test func aRepeatedFITIDIsKeptOnce() throws {
    let text = try String(contentsOfFile: Self.dir + "/suncorp.ofx", encoding: .utf8)
    let start = try #require(text.range(of: "<STMTTRN>")), end = try #require(text.range(of: "</STMTTRN>"))
    let txn = String(text[start.lowerBound..<end.upperBound])
    let doubled = text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: txn + "\n" + txn)
    let c = try OFX.parse(text: doubled, file: "d.ofx")
    #expect(c.statements[0].lines.count == 1)
    #expect(c.rejected.map(\.disposition) == [.ignored])
    #expect(c.rejected.first?.reason.hasPrefix("repeats FITID 1 of line 35") == true)
  }

  @Test func windows1252TextUnderAUTF8Header() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var bytes = [UInt8](try String(contentsOfFile: Self.dir + "/suncorp.ofx", encoding: .utf8).utf8)
    // Put "Café" (é as the single byte 0xE9) into the first MEMO or NAME.
    let s = String(decoding: bytes, as: UTF8.self)
    let r = try #require(s.range(of: "<NAME>"))
    let offset = s.utf8.distance(from: s.startIndex, to: r.upperBound)
    bytes.insert(contentsOf: [0x43, 0x61, 0x66, 0xE9, 0x20], at: offset)
    let path = dir.file("cafe.ofx")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let c = try OFX.read(path: path, displayName: "cafe.ofx")
    #expect(c.statements[0].lines[0].counterparty.hasPrefix("Café"))
  }

  /// A statement written by hand: SGML leaves, `count` transactions.
  static func sgml(transactions count: Int, name: String = "AT&amp;T", amount: String = "-12.50", balance: String = "100.00") -> String {
    let txns = (0..<count).map { i in
      "<STMTTRN>\n<TRNTYPE>DEBIT\n<DTPOSTED>20261005\n<TRNAMT>\(amount)\n<FITID>\(i)\n<NAME>\(name)\n</STMTTRN>\n"
    }.joined()
    return "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><STMTRS>\n<CURDEF>EUR\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM>\n<BANKTRANLIST>\n"
      + txns + "</BANKTRANLIST>\n<LEDGERBAL><BALAMT>\(balance)\n<DTASOF>20261031\n</LEDGERBAL>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
  }

  @Test func entitiesAreDecodedAndACommaBalanceIsRead() throws {
    let c = try OFX.parse(text: Self.sgml(transactions: 1, name: "AT&amp;T &lt;Mobility&gt; &#233;&#x20AC; R&D", amount: "-12,50", balance: "1.234,56"), file: "e.ofx")
    #expect(c.statements[0].lines[0].counterparty == "AT&T <Mobility> é€ R&D")
    #expect(c.statements[0].lines[0].amount == -1250)
    // OFX writes no thousands separators: "1.234,56" is no amount, and the statement says so.
    #expect(c.statements[0].closing == nil)
    #expect(c.checks.map(\.message) == [
      "the ledger balance (LEDGERBAL) has no readable amount or date (\"1.234,56\"); the statement is read without it"
    ])
    let comma = try OFX.parse(text: Self.sgml(transactions: 1, balance: "1234,56"), file: "c.ofx")
    #expect(comma.statements[0].closing?.amount == 123_456)
    #expect(comma.checks.isEmpty)
  }

  /// 20,000 transactions (2.4 MB) read in one pass: the tree builder once upper-cased the rest of
  /// the file for every tag, and 8,000 took more than a minute.
  @Test func aLargeStatementIsRead() throws {
    let c = try OFX.parse(text: Self.sgml(transactions: 20_000), file: "l.ofx")
    #expect(c.statements[0].lines.count == 20_000)
    #expect(c.statements[0].lines.last?.location.line == 8 + 7 * 19_999 + 1)
  }
}
