import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

/// MT940 files from real banks (mt940-rs corpus), compared with that project's expected JSON.
@Suite struct MT940CorpusTests {
  static let root = TestPaths.corpora + "/mt940-rs"

  static func files(_ sub: String, ext: String) -> [String] {
    let dir = root + "/" + sub
    let all = FileManager.default.enumerator(atPath: dir)?.compactMap { $0 as? String } ?? []
    return all.filter { $0.hasSuffix(ext) }.map { sub + "/" + $0 }.sorted()
  }

  static let withExpectations = files("mt940/full", ext: ".json").map { String($0.dropLast(5)) }

  @Test func corpusIsPresent() {
    #expect(Self.withExpectations.count == 20)
  }

  /// mt940-rs writes amounts as plain decimals ("800", "1125250.4").
  func minor(_ text: Any?, _ currency: Currency) throws -> Int64 {
    try AmountFormat(decimal: ".", thousands: nil, negativeStyles: [], currency: currency).parse(text as? String ?? "")
  }

  /// The type code: "TRF", or {"NonStandard": "426"}.
  func typeCode(_ v: Any?) -> String? {
    if let s = v as? String { return s }
    return (v as? [String: String])?.values.first
  }

  @Test(arguments: withExpectations)
  func matchesExpectedJSON(name: String) throws {
    let statements = try MT940.read(path: Self.root + "/" + name + ".sta", displayName: name + ".sta")
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/" + name + ".json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    try #require(statements.count == expected.count)
    for (s, e) in zip(statements, expected) {
      #expect(s.account == e["account_id"] as? String)
      #expect(s.number == e["statement_no"] as? String ?? "" || s.number.hasPrefix((e["statement_no"] as? String ?? "") + "/"))
      for (balance, key) in [(s.opening, "opening_balance"), (s.closing, "closing_balance")] {
        let eb = try #require(e[key] as? [String: Any])
        let b = try #require(balance)
        let sign: Int64 = eb["debit_credit_indicator"] as? String == "Debit" ? -1 : 1
        #expect(b.amount == sign * (try minor(eb["amount"], s.currency)))
        #expect(b.date.description == eb["date"] as? String)
        #expect(s.currency.code == eb["iso_currency_code"] as? String)
      }
      let lines = try #require(e["statement_lines"] as? [[String: Any]])
      try #require(s.lines.count == lines.count, "\(name): statement \(s.number)")
      for (l, el) in zip(s.lines, lines) {
        #expect(l.valueDate.description == el["value_date"] as? String)
        #expect(l.bookingDate?.description == el["entry_date"] as? String)
        let indicator = el["ext_debit_credit_indicator"] as? String ?? ""
        // mt940-rs names an RC line (reversal of a credit, a debit entry) "ReverseDebit": the
        // statements with RC lines balance only when RC is a debit, as SWIFT defines it.
        let positive = indicator == "Credit" || indicator == "ReverseCredit"
        #expect(l.amount == (positive ? 1 : -1) * (try minor(el["amount"], s.currency)))
        #expect(l.isReversal == indicator.hasPrefix("Reverse"))
        #expect(l.typeCode == typeCode(el["transaction_type_ident_code"]))
        let ref = (el["customer_ref"] as? String ?? "").trimmingCharacters(in: .whitespaces)
        #expect(l.reference == (ref == "NONREF" ? "" : ref))
        #expect(l.bankReference == el["bank_ref"] as? String ?? "")
      }
    }
  }

  /// Sample statements that do not balance as published (made-up balances in the sample files;
  /// their lines agree with mt940-rs's JSON). Every other statement must balance.
  static let knownUnbalanced: [String: [String]] = [
    "mt940/full/abnamro/mt940": ["23801/1", "24101/1"],
    "mt940/full/betterplace/sepa_snippet": ["00004/00001"],
    "mt940/full/bugs/issue-51": ["00000/001"],
    "mt940/full/jejik/abnamro": ["19321/1", "19322/1"],
    "mt940/full/jejik/ing": ["000"],
    "mt940/full/jejik/knab": ["999/1"],
    "mt940/full/jejik/postfinance": ["999/2"],
    "mt940/full/mBank/with_newline_in_tnr": ["3/1"],
    "mt940/full/sparkasse/buxtehude": ["00000/001"],
  ]

  /// opening + lines = closing, for every statement but the known sample errors, which the
  /// check must catch.
  @Test(arguments: withExpectations)
  func statementArithmetic(name: String) throws {
    let statements = try MT940.read(path: Self.root + "/" + name + ".sta", displayName: name + ".sta")
    let unbalanced = statements.filter { $0.arithmeticProblem() != nil }.map(\.number)
    #expect(unbalanced == Self.knownUnbalanced[name] ?? [])
  }

  /// The deliberately broken files give located errors, never a crash or a silent success.
  @Test(arguments: [
    ("mt940/special-cases/february_30.sta", "february_30.sta:6:5: warning: \"160230\" is not a date; read as 2016-02-29, the nearest one"),
    ("mt940/special-cases/invalid_statement.sta", "invalid_statement.sta:1: error: no MT940 statement found"),
    ("mt940/special-cases/overly_long_details.sta", "overly_long_details.sta:15:6: error: statement 0 of account 12345678/1020304050 does not balance"),
    ("mt940/special-cases/unexpected_tag.sta", "unexpected_tag.sta:2: error: statement without an account"),
    ("mt940/full/jejik/knab_broken.sta", "knab_broken.sta:"),
    ("mt940/full/betterplace/sepa_snippet_broken.sta", "sepa_snippet_broken.sta:"),
  ])
  func brokenFilesGiveLocatedErrors(path: String, prefix: String) throws {
    do {
      let statements = try MT940.read(path: Self.root + "/" + path, displayName: (path as NSString).lastPathComponent)
      let problems = BankFileContents(statements: statements).problems
      #expect(!problems.isEmpty, "\(path) was read without complaint")
      #expect(problems.first?.description.hasPrefix(prefix) == true, "\(problems.first?.description ?? "")")
    } catch {
      #expect(error.description.hasPrefix(prefix), "\(error.description)")
    }
  }

  @Test func aTextLineThatLooksLikeATagIsText() throws {
    let s = try MT940.read(path: Self.root + "/mt940/special-cases/unknown_tag.sta", displayName: "unknown_tag.sta")
    #expect(s[0].lines.count == 1)
    #expect(s[0].lines[0].information.contains("T13\n:12:11"))
    #expect(s[0].arithmeticProblem() == nil)
  }

  /// An MT942 has no opening balance: its currency comes from the floor limit (:34F:), and its
  /// stated entry counts and sums (:90D:, :90C:) are checked.
  @Test func anInterimReportIsReadAndChecked() throws {
    let s = try MT940.read(path: Self.root + "/mt942/special-cases/mt942.sta", displayName: "mt942.sta")
    #expect(s.count == 1)
    #expect(s[0].currency.code == "EUR")
    #expect(s[0].lines.map(\.amount) == [-42])
    #expect(s[0].opening == nil)
    // The corpus file states one debit of 2,30 for its one debit of 0,42.
    #expect(s[0].checks.map(\.description) == [
      "mt942.sta:11:6: error: :90D: states 1 debit entry of 2.30 EUR, but the report holds 1 of 0.42\nhint: an entry may be missing or misread"
    ])
    let ok = try MT940.parse(
      text: ":20:X\n:25:ACC\n:28C:1/1\n:34F:EURD10,00\n:34F:EURC0,00\n:61:1610301031D0,42NMSCNONREF\n:61:1610301031C5,00NMSCNONREF\n:90D:1EUR0,42\n:90C:1EUR5,00\n-\n",
      file: "i.sta")
    #expect(ok[0].checks.map(\.description) == [
      "i.sta:6: warning: the entry of 0.42 is below the floor limit of 10.00 stated on line 4"
    ])
  }

  @Test func aClosingBalanceWithoutItsCurrencyTakesTheStatements() throws {
    let s = try MT940.parse(
      text: ":20:X\n:25:ACC\n:28C:1/1\n:60F:C161001EUR10,00\n:61:1610031003C5,00NMSCNONREF\n:62F:C161031 15,00\n-\n", file: "c.sta")
    #expect(s[0].closing?.amount == 1500)
    #expect(s[0].arithmeticProblem() == nil)
    #expect(s[0].checks.map(\.description) == ["c.sta:6:13: warning: the balance states no currency; read in the statement's EUR"])
  }

  @Test func mt942FilesRead() throws {
    let files = Self.files("mt942/full", ext: ".sta")
    #expect(files.count == 6)
    for f in files {
      if f.hasSuffix("cmxl/mt942_1.sta") {
        // An empty file in the corpus: a clear error, not an empty success.
        #expect { _ = try MT940.read(path: Self.root + "/" + f, displayName: "mt942_1.sta") } throws: {
          ($0 as? TieoutError)?.description.hasPrefix("mt942_1.sta:1: error: no MT940 statement found") == true
        }
        continue
      }
      let s = try MT940.read(path: Self.root + "/" + f, displayName: f)
      #expect(!s.isEmpty, "\(f)")
    }
  }
}
