import Foundation
import Testing
import TieoutTestSupport

/// The malformed-input catalogue: bad inputs a user or a broken export gives tieout, each with
/// the exit code and the exact line it must print on stderr. Every input class that ever
/// crashed, hung or passed silently has a case here.
///
/// Each case is a small month folder: a bank CSV through `bank-generic`, a GL CSV through
/// `gl-journal-lines`, and the one thing that is wrong. `tieout run` is run on it as a user
/// would, and stderr must hold the expected line exactly.
@Suite struct MalformedInputCatalogue {
  struct Case: Sendable, CustomTestStringConvertible {
    let name: String
    /// The month folder's files, on top of the plain month's.
    var files: [String: [UInt8]] = [:]
    /// Arguments after `run DIR`; `--out DIR/out.xlsx` is added unless one is given.
    var arguments: [String] = []
    /// The whole command line instead, when it is not `run DIR …`.
    var command: [String]?
    let status: Int32
    /// A line stderr must hold, exactly; `DIR` stands for the month folder.
    let message: String
    var testDescription: String { name }
  }

  static let yaml = """
    period: 2026-10
    sources:
      - { name: bank, kind: bank, template: bank-generic, files: [bank.csv] }
      - { name: gl, kind: ledger, template: gl-journal-lines, files: [gl.csv] }

    """
  static let bankHeader = "Date,Amount,Reference,Description\n"
  static let glHeader = "Date,Journal,Account,Account Name,Reference,Memo,Debit,Credit\n"
  static let plain: [String: [UInt8]] = [
    "tieout.yaml": bytes(yaml),
    "bank.csv": bytes(bankHeader + "2026-10-01,10.00,R1,deposit\n"),
    "gl.csv": bytes(glHeader + "2026-10-01,JE-1,1010,Cash,R1,deposit,10.00,\n"),
  ]

  static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
  static func bank(_ rows: String) -> [String: [UInt8]] { ["bank.csv": bytes(bankHeader + rows)] }
  static func config(_ extra: String) -> [String: [UInt8]] { ["tieout.yaml": bytes(yaml + extra)] }
  static func config(replacing a: String, with b: String) -> [String: [UInt8]] {
    ["tieout.yaml": bytes(yaml.replacingOccurrences(of: a, with: b))]
  }
  /// The month with its bank read as `format` from `file`.
  static func bankFile(_ format: String, _ file: String, _ content: [UInt8]) -> [String: [UInt8]] {
    [
      "tieout.yaml": bytes(yaml.replacingOccurrences(of: "template: bank-generic, files: [bank.csv]", with: "format: \(format), files: [\(file)]")),
      file: content,
    ]
  }

  static let cases: [Case] = crashes + amounts + rows + files + bankFiles + configuration + templates + commandLine

  /// Inputs that once crashed or hung the process.
  static let crashes: [Case] = [
    Case(
      name: "camt attribute name not UTF-8",
      files: bankFile("camt", "s.xml", bytes("<?xml version=\"1.0\"?>\n<Document><BkToCstmrStmt ") + [0xCC] + bytes("=\"1\"></BkToCstmrStmt></Document>\n")),
      status: 2, message: "s.xml:2:26: error: not well-formed XML: byte 0xCC is not UTF-8; a camt file is UTF-8 text"),
    Case(
      name: "camt nested 50,000 deep",
      files: bankFile("camt", "s.xml", bytes("<?xml version=\"1.0\"?>\n<Document>" + String(repeating: "<a>", count: 50_000) + String(repeating: "</a>", count: 50_000) + "</Document>\n")),
      status: 2, message: "s.xml:2:310: error: not well-formed XML: elements are nested more than 100 deep; a bank statement is not"),
    Case(
      name: "OFX with 50,000 open tags",
      files: bankFile("ofx", "s.ofx", bytes("<OFX>" + String(repeating: "<A>", count: 50_000))),
      status: 2, message: "s.ofx:1: error: elements are nested more than 100 deep; an OFX statement is not"),
    Case(
      name: "a device as an input", files: config(replacing: "files: [bank.csv]", with: "files: [/dev/zero]"),
      arguments: ["--inputs-anywhere"],
      status: 2, message: "/dev/zero: error: /dev/zero is a character device, not a file; tieout reads regular files only"),
    Case(
      name: "a folder as an input", files: config(replacing: "files: [bank.csv]", with: "files: [templates]").merging(["templates/x": []]) { $1 },
      status: 2, message: "templates: error: templates is a folder, not a file; tieout reads regular files only"),
    Case(
      name: "aging bucket past Int64", files: config("aging: { buckets: [9223372036854775807] }\n"),
      status: 2, message: "DIR/tieout.yaml:5:19: error: buckets must be increasing day limits from 1 to 3650, such as [30, 60, 90]"),
    Case(
      name: "a BAI2 amount near Int64.max",
      files: bankFile("bai2", "s.bai", bytes("01,A,B,261031,0800,1,,,2/\n02,B,A,1,261031,,USD,2/\n03,123,USD,010,9223372036854775800,,/\n49,9223372036854775800,2/\n98,9223372036854775800,1,4/\n99,9223372036854775800,1,6/\n")),
      status: 2, message: "s.bai:3:5: error: \"9223372036854775800\" is past the largest amount tieout reads (15 digits of minor units)"),
  ]

  /// Amounts past what a ledger holds, and totals that would overflow.
  static let amounts: [Case] = [
    Case(
      name: "an amount of 92,233,720,368,547,758.07", files: bank("2026-10-01,92233720368547758.07,R1,x\n"),
      status: 0, message: "bank.csv:2:2: error: cannot read \"92233720368547758.07\" as an amount in column \"Amount\": it is past the largest amount tieout reads (15 digits of minor units, 9,999,999,999,999.99 in cents)"),
    Case(
      name: "an amount of 21 digits", files: bank("2026-10-01,999999999999999999999,R1,x\n"),
      status: 0, message: "bank.csv:2:2: error: cannot read \"999999999999999999999\" as an amount in column \"Amount\": it is past the largest amount tieout reads (15 digits of minor units, 9,999,999,999,999.99 in cents)"),
    Case(
      name: "amounts that add up past Int64", files: bank(String(repeating: "2026-10-01,9999999999999.99,R1,x\n", count: 2400)),
      status: 2, message: "bank.csv:2307: error: the month's amounts add up past what tieout can total (23,058,430,092,136,939.51 for a currency of cents); this row passes it"),
  ]

  /// Rows that would be read wrong.
  static let rows: [Case] = [
    Case(
      name: "an unquoted thousands separator", files: bank("2026-10-01,-11,718.32,R1,x\n"),
      status: 0, message: "bank.csv:2:5: error: the row has 5 fields where the header has 4; its values would be read from the wrong columns"),
    Case(
      name: "the hint for an unquoted thousands separator", files: bank("2026-10-01,-11,718.32,R1,x\n"),
      status: 0, message: "hint: \"-11,718.32\" looks like one amount split by its thousands separator: the export must quote fields that hold the delimiter"),
    Case(
      name: "a row cut short", files: bank("2026-10-01,10.00\n"),
      status: 0, message: "bank.csv:2:3: error: the row has 2 fields where the header has 4; its values would be read from the wrong columns"),
    Case(
      name: "a description longer than a cell", files: bank("2026-10-01,10.00,R1," + String(repeating: "x", count: 32_768) + "\n"),
      status: 0, message: "bank.csv:2:4: warning: column \"Description\" holds 32768 characters, more than a workbook cell's 32767; the workbook shows it cut, with a mark, and the JSON keeps it whole"),
    Case(
      name: "a quote left open for four lines",
      files: bank("2026-10-01,10.00,R1,\"open quote\n2026-10-02,5.00,R2,x\n2026-10-03,5.00,R3,y\n2026-10-04,5.00,R4,z\"\n"),
      status: 0, message: "bank.csv:2:4: warning: a quoted field opened here runs 4 lines, to line 5, and holds lines shaped like whole rows; if its closing quote is missing, the rows inside it were read as this one field"),
    Case(
      name: "a running balance that breaks",
      files: [
        "tieout.yaml": bytes(yaml.replacingOccurrences(of: "template: bank-generic", with: "template: bank-running-balance")),
        "bank.csv": bytes(
          "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #\nCREDIT,10/03/2026,B,5.00,ACH,120.00,\nCREDIT,10/02/2026,A,5.00,ACH,110.00,\nCREDIT,10/01/2026,X,10.00,ACH,105.00,\n"),
      ],
      status: 0, message: "bank.csv:2:6: warning: the running balance breaks here: Balance is 120.00, but line 3's 110.00 plus this row's 5.00 is 115.00"),
    Case(
      name: "a row error is printed under --quiet", files: bank("2026-10-01,1O.00,R1,x\n"), arguments: ["--quiet"],
      status: 0, message: "bank.csv:2:2: error: cannot read \"1O.00\" as an amount in column \"Amount\": it is not a number"),
  ]

  /// Files that are no export, or that no template can read.
  static let files: [Case] = [
    Case(
      name: "an Excel workbook named as an export", files: ["bank.csv": [0x50, 0x4B, 0x03, 0x04] + bytes("xl/workbook.xml")],
      status: 2, message: "bank.csv: error: bank.csv is an Excel workbook: export it as CSV (File ▸ Save As ▸ CSV UTF-8) and name the CSV"),
    Case(
      name: "a PDF named as an export", files: ["bank.csv": bytes("%PDF-1.7\n")],
      status: 2, message: "bank.csv: error: bank.csv is a PDF: tieout reads exports, not printed statements; ask the bank for CSV, OFX, MT940, camt.053 or BAI2"),
    Case(
      name: "an empty file", files: ["bank.csv": []],
      status: 2, message: "bank.csv: error: bank.csv is empty (0 bytes): export it again"),
    Case(
      name: "a binary file", files: ["bank.csv": [0x00, 0x01, 0x02, 0x03, 0x7F, 0x45, 0x4C, 0x46]],
      status: 2, message: "bank.csv: error: bank.csv is binary, not a text export"),
    Case(
      name: "a file of blank lines", files: ["bank.csv": bytes("\n\n  \n")],
      status: 2, message: "bank.csv:1: error: no header row found (the template bank-generic expects it on row 1)"),
    Case(
      name: "a header without the template's column", files: ["bank.csv": bytes("Date,Value,Reference,Description\n2026-10-01,10.00,R1,x\n")],
      status: 2, message: "bank.csv:1: error: the header has no column \"Amount\", which template bank-generic needs; it has: \"Date\", \"Value\", \"Reference\", \"Description\""),
    Case(
      name: "a quote never closed", files: bank("2026-10-01,10.00,R1,\"deposit\n"),
      status: 2, message: "bank.csv:2:4: error: a quoted field opened here is never closed"),
    Case(
      name: "more bad rows than max_errors", files: config("max_errors: 0\n").merging(bank("2026-10-01,ten,R1,x\n")) { $1 },
      status: 2, message: "bank.csv:2: error: more than 0 rows of bank.csv could not be read; stopping. The first: bank.csv:2:2: error: cannot read \"ten\" as an amount in column \"Amount\": it is not a number"),
    Case(
      name: "a date that is not one", files: bank("2026-13-01,10.00,R1,x\n"),
      status: 0, message: "bank.csv:2:1: error: cannot read \"2026-13-01\" as a date in column \"Date\" (expected yyyy-MM-dd)"),
    Case(
      name: "an empty date", files: bank(",10.00,R1,x\n"),
      status: 0, message: "bank.csv:2:1: error: the date is empty in column \"Date\" (expected yyyy-MM-dd)"),
    Case(
      name: "a letter O in an amount", files: bank("2026-10-01,1O.00,R1,x\n"),
      status: 0, message: "hint: a letter where a digit belongs? (O for 0, l for 1)"),
    Case(
      name: "a decimal comma in a decimal-point export", files: bank("2026-10-01,\"12,5\",R1,x\n"),
      status: 0, message: "hint: this looks like a decimal comma: set amounts.decimal: \",\" and amounts.thousands: \".\" in a copy of template bank-generic (copy it into your month folder's templates/ with tieout templates bank-generic, and edit the copy)"),
  ]

  /// Bank files that break their format.
  static let bankFiles: [Case] = [
    Case(
      name: "an MT940 line before its opening balance", files: bankFile("mt940", "s.sta", bytes(":20:X\n:25:ACC\n:61:1610031003C5,00NMSCNONREF\n-\n")),
      status: 2, message: "s.sta:3:5: error: :61: statement line before the opening balance :60F: (or, in an MT942, the floor limit :34F:), so its currency is unknown"),
    Case(
      name: "an MT940 field it does not know", files: bankFile("mt940", "s.sta", bytes(":20:X\n:25:ACC\n:99:what\n-\n")),
      status: 2, message: "s.sta:3:1: error: unknown field :99:"),
    Case(
      name: "a BAI2 file without its header", files: bankFile("bai2", "s.bai", bytes("02,B,A,1,261031,,USD,2/\n")),
      status: 2, message: "s.bai:1:1: error: a BAI2 file starts with a file header record 01"),
    Case(
      name: "a BAI2 type code neither credit nor debit",
      files: bankFile("bai2", "s.bai", bytes("01,A,B,261031,0800,1,,,2/\n02,B,A,1,261031,,USD,2/\n03,123,USD,010,100,,/\n16,999,500,,,x/\n")),
      status: 2, message: "s.bai:4:2: error: type code 999 is neither a credit (100–399) nor a debit (400–699)"),
    Case(
      name: "a camt file that is other XML", files: bankFile("camt", "s.xml", bytes("<?xml version=\"1.0\"?>\n<Invoice><Total>5</Total></Invoice>\n")),
      status: 2, message: "s.xml:2:9: error: not a camt.052, camt.053 or camt.054 message (expected Document/BkToCstmr…)"),
    Case(
      name: "XML that is not well formed", files: bankFile("camt", "s.xml", bytes("<?xml version=\"1.0\"?>\n<Document><BkToCstmrStmt></Document>\n")),
      status: 2, message: "s.xml:2:37: error: not well-formed XML: a closing tag does not match the element it closes (<BkToCstmrStmt> opened on line 2)"),
    Case(
      name: "an OFX file without <OFX>", files: bankFile("ofx", "s.ofx", bytes("OFXHEADER:100\nDATA:OFXSGML\n\nnothing here\n")),
      status: 2, message: "s.ofx:1: error: no <OFX> element: this is not an OFX file"),
    Case(
      name: "an 835 without its payment", files: bankFile("x12-835", "e.edi", bytes("ISA*00*          *00*          *ZZ*1              *ZZ*2              *140401*0820*^*00501*000000195*0*P*:~GS*HP*1*2*20140401*0820*278*X*005010X221A1~ST*835*1~TRN*1*12345*1~SE*3*1~")),
      status: 2, message: "e.edi:1:150: error: 835 transaction without a BPR payment segment"),
  ]

  /// Templates that are wrong.
  static let templates: [Case] = [
    Case(
      name: "a delimiter of two characters", files: template("delimiter: \";;\"\ncolumns: { date: Date, amount: Amount }\n"),
      status: 2, message: "DIR/templates/mine.yaml: error: delimiter must be one character, got \";;\""),
    Case(
      name: "a negative style it does not know", files: template("columns: { date: Date, amount: Amount }\namounts: { negatives: [brackets] }\n"),
      status: 2, message: "DIR/templates/mine.yaml: error: unknown negative style \"brackets\"; expected minus, parentheses, trailing-minus or cr-suffix"),
    Case(
      name: "a date format without a year", files: template("columns: { date: Date, amount: Amount }\ndates: { format: dd.MM }\n"),
      status: 2, message: "DIR/templates/mine.yaml: error: date format \"dd.MM\" needs a year (yyyy or yy), a month (MM or MMM) and a day (dd)"),
    Case(
      name: "a template without a date column", files: template("columns: { amount: Amount }\n"),
      status: 2, message: "DIR/templates/mine.yaml: error: template is not valid: missing key `columns.date`"),
    Case(
      name: "a template with neither amount nor inflow and outflow", files: template("columns: { date: Date, inflow: In }\n"),
      status: 2, message: "DIR/templates/mine.yaml: error: columns must name either `amount` (one signed column) or both `inflow` and `outflow`"),
  ]

  /// The month with its bank read through `templates/mine.yaml`, holding `yaml`.
  static func template(_ yaml: String) -> [String: [UInt8]] {
    config(replacing: "template: bank-generic", with: "template: mine").merging(["templates/mine.yaml": bytes(yaml)]) { $1 }
  }

  /// tieout.yaml, templates and decisions that are wrong.
  static let configuration: [Case] = [
    Case(
      name: "an input outside the month folder", files: config(replacing: "files: [gl.csv]", with: "files: [../../../../etc/passwd]"),
      status: 2, message: "DIR/tieout.yaml:4:67: error: file ../../../../etc/passwd is outside the month folder; tieout reads a month's inputs from the folder of tieout.yaml"),
    Case(
      name: "an absolute input path", files: config(replacing: "files: [gl.csv]", with: "files: [/etc/passwd]"),
      status: 2, message: "DIR/tieout.yaml:4:67: error: file /etc/passwd is outside the month folder; tieout reads a month's inputs from the folder of tieout.yaml"),
    Case(
      name: "a decisions file outside the month folder", files: config("match: { decisions: ../decisions.yaml }\n"),
      status: 2, message: "DIR/tieout.yaml:5:21: error: decisions file ../decisions.yaml is outside the month folder; tieout reads a month's inputs from the folder of tieout.yaml"),
    Case(
      name: "a decision that forces what another forbids",
      files: ["decisions.yaml": bytes("decisions:\n  - { force: [bank.csv:2, gl.csv:2], by: Dana, reason: same wire }\n  - { forbid: [gl.csv:2, bank.csv:2], by: Lee, reason: other customer }\n")],
      status: 2, message: "DIR/decisions.yaml:3:5: error: this decision forbids gl.csv:2 with bank.csv:2, which the decision on line 2 forces; one of them must go"),
    Case(
      name: "a month that is not one", files: config(replacing: "period: 2026-10", with: "period: 2026-13"),
      status: 2, message: "DIR/tieout.yaml:1:9: error: period must be a month like 2026-10, or start: and end: dates"),
    Case(
      name: "no sources", files: ["tieout.yaml": bytes("period: 2026-10\n")],
      status: 2, message: "DIR/tieout.yaml:1:1: error: missing key `sources`"),
    Case(
      name: "a kind misspelt", files: config(replacing: "kind: ledger", with: "kind: ledgr"),
      status: 2, message: "DIR/tieout.yaml:4:23: error: unknown kind \"ledgr\"; expected one of bank, ledger, receipts, invoices, disputes"),
    Case(
      name: "a format it does not read", files: config(replacing: "template: bank-generic", with: "format: qif"),
      status: 2, message: "DIR/tieout.yaml:3:39: error: unknown format \"qif\"; expected csv or one of mt940, camt, bai2, ofx, x12-835"),
    Case(
      name: "two sources of one name", files: config(replacing: "name: gl", with: "name: bank"),
      status: 2, message: "DIR/tieout.yaml:4:13: error: source names must be unique and not empty; \"bank\" is used twice"),
    Case(
      name: "a template name misspelt", files: config(replacing: "template: bank-generic", with: "template: bank-genric"),
      status: 2, message: "DIR/tieout.yaml:3:5: error: no template named \"bank-genric\""),
    Case(
      name: "YAML that does not parse", files: ["tieout.yaml": bytes("period: 2026-10\nsources: [\n")],
      status: 2, message: "DIR/tieout.yaml:3:1: error: not valid YAML: 3:1: error: parser: while parsing a flow node in line 3, column 1"),
    Case(
      name: "a window past 60 days", files: config("match: { window_days: 90 }\n"),
      status: 2, message: "DIR/tieout.yaml:5:23: error: window_days must be between 0 and 60"),
    Case(
      name: "a rule of a cardinality it does not know", files: config("match:\n  rules:\n    - { name: a, pair: [bank, gl], cardinality: \"2:1\" }\n"),
      status: 2, message: "DIR/tieout.yaml:7:49: error: cardinality must be one of 1:1, 1:N, N:1, N:M (left:right)"),
    Case(
      name: "aging buckets that decrease", files: config("aging: { buckets: [60, 30] }\n"),
      status: 2, message: "DIR/tieout.yaml:5:19: error: buckets must be increasing day limits from 1 to 3650, such as [30, 60, 90]"),
    Case(
      name: "a decision row without its line",
      files: ["decisions.yaml": bytes("decisions:\n  - { force: [bank.csv, gl.csv:2], by: Dana, reason: same wire }\n")],
      status: 2, message: "DIR/decisions.yaml:2:15: error: \"bank.csv\" is not file:line (e.g. bank.csv:118)"),
    Case(
      name: "a decision without its reason",
      files: ["decisions.yaml": bytes("decisions:\n  - { force: [bank.csv:2, gl.csv:2], by: Dana }\n")],
      status: 2, message: "DIR/decisions.yaml:2:5: error: missing key `reason`"),
    Case(
      name: "an empty export", files: ["bank.csv": bytes(bankHeader)],
      status: 0, message: "bank.csv: warning: bank.csv holds no rows; source bank is empty this month"),
    Case(
      name: "an export of another month", files: bank("2026-08-03,10.00,R1,x\n2026-08-28,5.00,R2,y\n"),
      status: 0, message: "bank.csv: warning: none of the 2 rows of bank.csv is dated in the period 2026-10-01 to 2026-10-31: its dates run from 2026-08-03 to 2026-08-28"),
    Case(
      name: "a misspelt match key", files: config("match: { window_dayz: 5 }\n"),
      status: 2, message: "DIR/tieout.yaml:5:10: error: unknown key `window_dayz`; did you mean `window_days`?"),
    Case(
      name: "a misspelt aging key", files: config("aging:\n  term_days: 45\n"),
      status: 2, message: "DIR/tieout.yaml:6:3: error: unknown key `term_days`; did you mean `terms_days`?"),
    Case(
      name: "a misspelt source key",
      files: config(replacing: "{ name: gl, kind: ledger, template: gl-journal-lines", with: "{ name: gl, kind: ledger, tempalte: gl-journal-lines"),
      status: 2, message: "DIR/tieout.yaml:4:31: error: unknown key `tempalte`; did you mean `template`?"),
    Case(
      name: "an unknown top-level key", files: config("colour: blue\n"),
      status: 2, message: "DIR/tieout.yaml:5:1: error: unknown key `colour`; the keys here are `aging`, `company`, `match`, `max_errors`, `period`, `sources`"),
    Case(
      name: "a misspelt template key",
      files: config(replacing: "template: bank-generic", with: "template: mine").merging([
        "templates/mine.yaml": bytes("columns: { date: Date, amount: Amount }\ndates: { fromat: yyyy-MM-dd }\n")
      ]) { $1 },
      status: 2, message: "DIR/templates/mine.yaml:2:10: error: unknown key `fromat`; did you mean `format`?"),
    Case(
      name: "a misspelt decisions key",
      files: ["decisions.yaml": bytes("decisions:\n  - force: [bank.csv:2, gl.csv:2]\n    by: Dana\n    raeson: confirmed\n")],
      status: 2, message: "DIR/decisions.yaml:4:5: error: unknown key `raeson`; did you mean `reason`?"),
  ]

  /// Command lines that are wrong.
  static let commandLine: [Case] = [
    Case(name: "an unknown option", arguments: ["--bogus"], status: 2, message: "Error: Unknown option '--bogus'. Did you mean '--out'?"),
    Case(
      name: "the workbook over an input", arguments: ["--out", "DIR/bank.csv"],
      status: 2, message: "DIR/bank.csv: error: the workbook would be written over the input bank.csv; nothing was written"),
    Case(
      name: "the workbook over tieout.yaml", arguments: ["--out", "DIR/tieout.yaml"],
      status: 2, message: "DIR/tieout.yaml: error: the workbook would be written over tieout.yaml; nothing was written"),
    Case(
      name: "the JSON over the workbook", arguments: ["--out", "DIR/r.xlsx", "--json", "DIR/./r.xlsx"],
      status: 2, message: "DIR/./r.xlsx: error: the JSON would be written over the workbook; nothing was written"),
    Case(
      name: "the workbook over a folder", files: ["out.xlsx/keep": []], arguments: ["--out", "DIR/out.xlsx"],
      status: 2, message: "DIR/out.xlsx: error: the workbook would be written over a folder; nothing was written"),
    Case(name: "run without a folder", command: ["run"], status: 2, message: "Error: Missing expected argument '<directory>'"),
    Case(name: "an unknown command", command: ["frob"], status: 2, message: "Error: Unexpected argument 'frob'"),
    Case(
      name: "generate past its limit", command: ["generate", "--rows", "9223372036854775807", "DIR/g"],
      status: 2, message: "Error: --rows must be between 1 and 50,000,000"),
    Case(
      name: "an as-of that is not a date", arguments: ["--as-of", "31/10/2026"],
      status: 2, message: "error: --as-of \"31/10/2026\" is not a date like 2026-10-31"),
  ]

  @Test(arguments: cases) func givesItsMessageAndExitCode(_ c: Case) throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month")
    try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
    for (name, content) in Self.plain.merging(c.files, uniquingKeysWith: { _, new in new }) {
      try FileManager.default.createDirectory(
        atPath: (month + "/" + name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(content).write(to: URL(fileURLWithPath: month + "/" + name))
    }
    var arguments = ["run", month] + c.arguments
    if !arguments.contains("--out") { arguments += ["--out", month + "/out.xlsx"] }
    if let command = c.command { arguments = command }
    arguments = arguments.map { $0.replacingOccurrences(of: "DIR", with: month) }
    let out = try runProcess(TestPaths.tieoutBinary, arguments, environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == c.status, "\(out.stderr)")
    let expected = c.message.replacingOccurrences(of: "DIR", with: month)
    #expect(out.stderr.components(separatedBy: "\n").contains(expected), "stderr:\n\(out.stderr)")
  }
}
