import Foundation
import Testing
import TieoutImport
import TieoutPipeline
import TieoutTestSupport

/// The `tieout` command as a user meets it: exit codes, messages, files written.
@Suite struct CLITests {
  let tieout = TestPaths.tieoutBinary
  let env = ["TIEOUT_TEMPLATES": TestPaths.templates]

  /// A copy of the example month in a temporary folder, to break on purpose.
  func exampleCopy() throws -> TemporaryDirectory {
    let dir = try TemporaryDirectory()
    for f in ["tieout.yaml", "bank.csv", "gl-cash.csv", "billing-receipts.csv", "billing-invoices.csv", "billing-disputes.csv"] {
      try FileManager.default.copyItem(atPath: TestPaths.examples + "/month-end/" + f, toPath: dir.file(f))
    }
    return dir
  }

  @Test func runPrintsASummaryAndWritesTheWorkbook() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = try runProcess(tieout, ["run", TestPaths.examples + "/month-end", "--out", dir.file("r.xlsx")], environment: env)
    #expect(out.status == 0, "\(out.stderr)")
    #expect(out.stdout.contains("matched     321 groups"))
    #expect(out.stdout.contains("outstanding check      2"))
    #expect(out.stdout.contains("unreconciled -1,193.29 USD"))
    #expect(out.stdout.hasSuffix("wrote \(dir.file("r.xlsx"))\n"))
    #expect(FileManager.default.fileExists(atPath: dir.file("r.xlsx")))
  }

  /// Ctrl-C while the workbook is written: the run ends as interrupted, and neither the
  /// workbook nor its temporary file is left behind.
  @Test func anInterruptedRunLeavesNoFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let month = dir.file("month"), out = dir.file("out")
    let made = try runProcess(tieout, ["generate", "--rows", "20000", "--seed", "3", month, "--quiet"], environment: env)
    #expect(made.status == 0, "\(made.stderr)")
    // A folder of its own, so that whatever is left in it is the run's.
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let run = Process()
    run.executableURL = URL(fileURLWithPath: tieout)
    run.arguments = ["run", month, "--out", out + "/r.xlsx", "--json", out + "/r.json", "--quiet"]
    run.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
    try run.run()
    // Interrupted once the workbook's temporary file is there.
    var begun = false
    for _ in 0..<6000 where run.isRunning && !begun {
      begun = try FileManager.default.contentsOfDirectory(atPath: out).contains { $0.hasSuffix(".tmp") }
      if !begun { usleep(10_000) }
    }
    #expect(begun, "the run ended before it began the workbook")
    run.interrupt()
    run.waitUntilExit()
    #expect(run.terminationReason == .uncaughtSignal && run.terminationStatus == SIGINT)
    let left = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(left.isEmpty, "left behind: \(left)")
  }

  @Test func quietPrintsNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = try runProcess(tieout, ["run", TestPaths.examples + "/month-end", "--out", dir.file("r.xlsx"), "--quiet"], environment: env)
    #expect(out.status == 0)
    #expect(out.stdout.isEmpty && out.stderr.isEmpty)
  }

  @Test func aBadConfigExitsTwoNamingFileLineAndColumn() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    _ = try dir.write("tieout.yaml", yaml.replacingOccurrences(of: "kind: ledger", with: "kind: ledgr"))
    let out = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx")], environment: env)
    #expect(out.status == 2)
    #expect(out.stderr.contains("/tieout.yaml:10:11: error: unknown kind \"ledgr\""), "\(out.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("r.xlsx")))
  }

  @Test func anUnknownTemplateListsTheBundledOnes() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    _ = try dir.write("tieout.yaml", yaml.replacingOccurrences(of: "template: gl-journal-lines", with: "template: gl-nope"))
    let out = try runProcess(tieout, ["run", dir.path], environment: env)
    #expect(out.status == 2)
    #expect(out.stderr.contains("error: no template named \"gl-nope\""))
    #expect(out.stderr.contains("hint: bundled templates: "))
    #expect(out.stderr.contains("gl-journal-lines"))
  }

  @Test func aMissingFolderExitsTwo() throws {
    let out = try runProcess(tieout, ["run", "/nonexistent/month"], environment: env)
    #expect(out.status == 2)
    #expect(out.stderr.contains("cannot open /nonexistent/month/tieout.yaml: No such file or directory"))
  }

  @Test func badRowsAreReportedAndTheRunGoesOn() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    var bank = try String(contentsOfFile: dir.file("bank.csv"), encoding: .utf8).components(separatedBy: "\n")
    bank[4] = bank[4].replacingOccurrences(of: "10/30/2026", with: "10/3O/2026")
    _ = try dir.write("bank.csv", bank.joined(separator: "\n"))
    let out = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx"), "--json", dir.file("r.json")], environment: env)
    #expect(out.status == 0)
    #expect(out.stderr.contains("bank.csv:5:2: error: cannot read \"10/3O/2026\" as a date in column \"Posting Date\" (expected MM/dd/yyyy)"), "\(out.stderr)")
    #expect(out.stdout.contains("319 rows") || out.stdout.contains("1 rejected"))
    let json = try String(contentsOfFile: dir.file("r.json"), encoding: .utf8)
    #expect(json.contains("{\"source\":\"bank\",\"file\":\"bank.csv\",\"line\":5,\"column\":2,\"disposition\":\"error\""))
  }

  @Test func tooManyBadRowsExitsTwoAndWritesNothing() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    _ = try dir.write("tieout.yaml", yaml.replacingOccurrences(of: "max_errors: 100", with: "max_errors: 2"))
    let bank = try String(contentsOfFile: dir.file("bank.csv"), encoding: .utf8)
    _ = try dir.write("bank.csv", bank.replacingOccurrences(of: "10/2", with: "1O/2"))
    let out = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx")], environment: env)
    #expect(out.status == 2)
    #expect(out.stderr.contains("more than 2 rows of bank.csv could not be read"))
    #expect(!FileManager.default.fileExists(atPath: dir.file("r.xlsx")))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("xlsx") }
    #expect(leftovers.isEmpty)
  }

  /// A workbook that cannot be put in place leaves nothing behind, not even its temporary file.
  @Test func aFailedWriteLeavesNoFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.createDirectory(atPath: dir.file("taken.xlsx"), withIntermediateDirectories: true)
    _ = try dir.write("taken.xlsx/keep", "a folder is in the way")
    let out = try runProcess(tieout, ["run", TestPaths.examples + "/month-end", "--out", dir.file("taken.xlsx")], environment: env)
    #expect(out.status != 0)
    #expect(out.stderr.contains("the workbook would be written over a folder; nothing was written"), "\(out.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["taken.xlsx"])
  }

  /// When the JSON cannot be written, the workbook is not left at its final name either.
  @Test func aFailedJSONLeavesNoWorkbook() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    let out = try runProcess(
      tieout, ["run", dir.path, "--out", dir.file("r.xlsx"), "--json", dir.file("bank.csv/r.json")], environment: env)
    #expect(out.status == 2, "\(out.stderr)")
    #expect(out.stderr.contains("cannot create folder"), "\(out.stderr)")
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("r.xlsx") || $0.hasSuffix(".tmp") }
    #expect(left.isEmpty, "left behind: \(left)")
  }

  /// A temporary file that a killed run left beside the output is removed by the next run.
  @Test func aKilledRunsLeftoversAreRemoved() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    // The pid of a process that has ended, so no run of it can still be writing.
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    let leftover = dir.file(".r.xlsx.\(gone.processIdentifier).tmp")
    _ = try dir.write(".r.xlsx.\(gone.processIdentifier).tmp", "half a workbook")
    _ = try dir.write(".other.xlsx.\(gone.processIdentifier).tmp", "another output's: not this run's to remove")
    let out = try runProcess(tieout, ["run", TestPaths.examples + "/month-end", "--out", dir.file("r.xlsx"), "--quiet"], environment: env)
    #expect(out.status == 0, "\(out.stderr)")
    #expect(!FileManager.default.fileExists(atPath: leftover))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".other.xlsx.\(gone.processIdentifier).tmp", "r.xlsx"])
  }

  /// A file name long enough that its hash property's name passes the 255 characters a
  /// workbook property holds: the run goes on, the name cut.
  @Test func aLongFileNameDoesNotFailTheRun() throws {
    let dir = try exampleCopy()
    defer { dir.remove() }
    let long = String(repeating: "october-bank-statement-", count: 10) + "export.csv"
    try FileManager.default.moveItem(atPath: dir.file("bank.csv"), toPath: dir.file(long))
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    _ = try dir.write("tieout.yaml", yaml.replacingOccurrences(of: "files: [bank.csv]", with: "files: [\(long)]"))
    let out = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx"), "--quiet"], environment: env)
    #expect(out.status == 0, "\(out.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.file("r.xlsx")))
  }

  /// Sources whose names agree in their first 24 characters get sheets of their own.
  @Test func longSourceNamesGetUniqueSheets() throws {
    try #require(WorkbookReader.available || !TestPaths.isCI, "openpyxl is missing")
    guard WorkbookReader.available else { return }
    let dir = try exampleCopy()
    defer { dir.remove() }
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    _ = try dir.write(
      "tieout.yaml",
      yaml.replacingOccurrences(of: "name: receipts", with: "name: billing-system-receipts-north-america")
        .replacingOccurrences(of: "name: invoices", with: "name: billing-system-receipts-north-europe"))
    let out = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx"), "--quiet"], environment: env)
    #expect(out.status == 0, "\(out.stderr)")
    let order = try #require(try WorkbookReader.read(dir.file("r.xlsx"))["order"] as? [String])
    #expect(order.contains("Source billing-system-rece"))
    #expect(order.contains("Source billing-system-re~2"))
  }

  @Test func badAsOfDateExitsTwo() throws {
    let out = try runProcess(tieout, ["run", TestPaths.examples + "/month-end", "--as-of", "31/10/2026"], environment: env)
    #expect(out.status == 2)
    #expect(out.stderr.contains("--as-of"))
  }

  @Test func templatesListsTheBundledTemplates() throws {
    let out = try runProcess(tieout, ["templates"], environment: env)
    #expect(out.status == 0)
    for name in ["bank-generic", "bank-running-balance", "gl-journal-lines", "billing-receipts", "billing-invoices"] {
      #expect(out.stdout.contains(name))
    }
  }

  @Test func helpReadsWell() throws {
    let out = try runProcess(tieout, ["--help"], environment: env)
    #expect(out.status == 0)
    #expect(out.stdout.contains("Month-end reconciliation"))
    for sub in ["run", "templates", "generate"] { #expect(out.stdout.contains(sub)) }
    let run = try runProcess(tieout, ["run", "--help"], environment: env)
    for opt in ["--out", "--json", "--as-of", "--quiet"] { #expect(run.stdout.contains(opt)) }
  }

  @Test func generateIsDeterministic() throws {
    let a = try TemporaryDirectory(), b = try TemporaryDirectory()
    defer { a.remove(); b.remove() }
    for d in [a, b] {
      let out = try runProcess(tieout, ["generate", "--rows", "500", "--seed", "9", d.path, "--quiet"], environment: env)
      #expect(out.status == 0)
    }
    for f in ["bank.csv", "gl-cash.csv", "billing-receipts.csv", "billing-invoices.csv", "billing-disputes.csv", "tieout.yaml"] {
      #expect(FileManager.default.contentsEqual(atPath: a.file(f), andPath: b.file(f)), "\(f)")
    }
    let out = try runProcess(tieout, ["run", a.path, "--out", a.file("r.xlsx")], environment: env)
    #expect(out.status == 0)
    #expect(out.stdout.contains("exceptions  8:"), "\(out.stdout)")
  }
}

/// A new user's first minutes: a binary that works wherever it is copied, `init` for a first
/// tieout.yaml, one template printed.
@Suite struct NewUserTests {
  let tieout = TestPaths.tieoutBinary

  /// Copied out of the checkout, with no TIEOUT_TEMPLATES, the binary still has its templates.
  @Test func aCopiedBinaryHasItsTemplates() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try FileManager.default.copyItem(atPath: tieout, toPath: dir.file("tieout"))
    let list = try runProcess(dir.file("tieout"), ["templates"], environment: ["TIEOUT_TEMPLATES": ""])
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.contains("bank-running-balance"))
    let month = dir.file("month")
    try FileManager.default.copyItem(atPath: TestPaths.examples + "/month-end", toPath: month)
    let run = try runProcess(dir.file("tieout"), ["run", month, "--out", dir.file("r.xlsx")], environment: ["TIEOUT_TEMPLATES": ""])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("unreconciled -1,193.29 USD"))
  }

  /// The templates built into the binary are the templates folder's, byte for byte
  /// (`make build` regenerates them with scripts/embed-templates.py).
  @Test func theBuiltInTemplatesAreTheFolders() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.templates).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(!names.isEmpty)
    for n in names {
      let out = try runProcess(tieout, ["templates", String(n.dropLast(5))], environment: ["TIEOUT_TEMPLATES": TestPaths.packageRoot + "/nonexistent"])
      #expect(out.status == 0, "\(n): \(out.stderr)")
      let file = try String(contentsOfFile: TestPaths.templates + "/" + n, encoding: .utf8)
      let printed = out.stdout.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).last.map(String.init) ?? ""
      #expect(printed == file, "\(n) differs from its built-in copy: run scripts/embed-templates.py")
      #expect(out.stdout.hasPrefix("# \(n.dropLast(5)): built into tieout."))
    }
  }

  @Test func anUnknownTemplateNameSuggestsOne() throws {
    let out = try runProcess(tieout, ["templates", "bank-genric"], environment: [:])
    #expect(out.status == 2)
    #expect(out.stderr.contains("error: no template named \"bank-genric\"; did you mean bank-generic?"), "\(out.stderr)")
  }

  /// `init` on the example's exports writes a tieout.yaml that runs, with each guess said.
  @Test func initWritesAConfigThatRuns() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    for f in ["bank.csv", "gl-cash.csv", "billing-receipts.csv", "billing-invoices.csv", "billing-disputes.csv"] {
      try FileManager.default.copyItem(atPath: TestPaths.examples + "/month-end/" + f, toPath: dir.file(f))
    }
    _ = try dir.write("payouts.csv", "When,How much,Who\n2026-10-02,5.00,x\n")
    let out = try runProcess(tieout, ["init", dir.path], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(out.status == 0, "\(out.stderr)")
    let yaml = try String(contentsOfFile: dir.file("tieout.yaml"), encoding: .utf8)
    #expect(yaml.contains("period: 2026-10 "))
    #expect(yaml.contains("  - { name: bank, kind: bank, template: bank-running-balance, files: [bank.csv] }"), "\(yaml)")
    #expect(yaml.contains("  - { name: gl, kind: ledger, template: gl-journal-lines, files: [gl-cash.csv] }"))
    #expect(yaml.contains("  - { name: invoices, kind: invoices, template: billing-invoices, files: [billing-invoices.csv] }"))
    #expect(yaml.contains("  # payouts.csv: no template fits its header"))
    #expect(out.stderr.contains("note: payouts.csv fit no template; their sources are commented out"))
    let again = try runProcess(tieout, ["init", dir.path], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(again.status == 2)
    #expect(again.stderr.contains("tieout init does not replace it"))
    let run = try runProcess(tieout, ["run", dir.path, "--out", dir.file("r.xlsx")], environment: ["TIEOUT_TEMPLATES": TestPaths.templates])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("matched     321 groups"), "\(run.stdout)")
  }
}

/// What `inspect` and `run` recognise a file as by its content.
@Suite struct RecognitionTests {
  @Test(arguments: [
    ("OFXHEADER:100\nDATA:OFXSGML\n\n<OFX>", "ofx"),
    // Header lines in another order, without OFXHEADER first (as some banks write them).
    ("ENCODING:USASCII\nCHARSET:1252\nDATA:OFXSGML\nVERSION:102\n\n<OFX>", "ofx"),
    ("<?xml version=\"1.0\"?>\n<?OFX OFXHEADER=\"200\"?>\n<OFX>", "ofx"),
    (":20:STARTUMSE\n:25:12345678/1020304050\n:28C:00000/001\n:60F:C160229EUR1200,00\n", "mt940"),
    ("01,A,B,261031,0800,1,,,2/\n", "bai2"),
    ("<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt>", "camt"),
  ])
  func formatsAreRecognisedByContent(text: String, format: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("f", text)
    #expect(ExportRecognition.sniffFormat(path: path)?.rawValue == format)
  }

  @Test func whatIsNoExportIsNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let utf16 = try dir.write("u.csv", "")
    try Data([0xFF, 0xFE] + Array("Date,Amount\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })).write(to: URL(fileURLWithPath: utf16))
    #expect(ExportRecognition.notAnExport(path: utf16) == nil)
    let noBOM = dir.file("n.csv")
    try Data(Array("Date,Amount\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })).write(to: URL(fileURLWithPath: noBOM))
    #expect(ExportRecognition.notAnExport(path: noBOM) == nil)
    #expect(ExportRecognition.notAnExport(path: try dir.write("e.csv", "")) == "empty (0 bytes): export it again")
    #expect(ExportRecognition.notAnExport(path: dir.file("missing.csv")) == "no such file")
    #expect(ExportRecognition.notAnExport(path: dir.path)?.hasPrefix("a folder") == true)
  }
}
