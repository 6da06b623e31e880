import Foundation
import Testing
import TieoutCore
import TieoutImport
import TieoutTestSupport

/// The X12 835 samples of the implementation guide (badx12 corpus) must balance.
@Suite struct X12835CorpusTests {
  static let dir = TestPaths.corpora + "/x12-badx12"
  static let all = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".edi") }.sorted()
  static let remittances = all.filter { $0.hasPrefix("X221") }
  static let others = all.filter { !$0.hasPrefix("X221") }

  @Test func corpusIsPresent() {
    #expect(Self.remittances.count == 7)
    #expect(Self.others.count == 21)
  }

  @Test(arguments: remittances)
  func everyRemittanceBalances(name: String) throws {
    let r = try X12835.read(path: Self.dir + "/" + name, displayName: name)
    #expect(!r.remittances.isEmpty)
    #expect(r.checks.isEmpty, "\(r.checks.map(\.description))")
    for rem in r.remittances {
      #expect(!rem.traceNumber.isEmpty)
      #expect(!rem.claims.isEmpty)
    }
  }

  /// A remittance whose BPR16 is empty (a notice of no payment) or not a date is dated from the
  /// production date (DTM*405) or the functional group's date (GS04), with a warning; the file
  /// is read.
  @Test func aRemittanceWithoutAPaymentDateIsDatedAndSaysSo() throws {
    let text = try String(contentsOfFile: Self.dir + "/X221-era-sample.edi", encoding: .utf8)
    let empty = try X12835.parse(text: text.replacingOccurrences(of: "BPR*I*132*C*CHK************20140331", with: "BPR*H*0*C*NON************"), file: "e.edi")
    #expect(empty.remittances.first?.date.description == "2014-04-01")
    #expect(empty.checks.map(\.message).contains(
      "BPR16 is empty (a notification of no payment, BPR01 H); the remittance is dated 2014-04-01, its functional group's date (GS04)"))
    let odd = try X12835.parse(
      text: text.replacingOccurrences(of: "************20140331", with: "************2014033X~DTM*405*20140330"), file: "o.edi")
    #expect(odd.remittances.first?.date.description == "2014-03-30")
    #expect(odd.checks.map(\.message).contains(
      "BPR16 \"2014033X\" is not a date; the remittance is dated 2014-03-30, its production date (DTM*405)"))
  }

  @Test func paymentTraceAndAdjustments() throws {
    let r = try X12835.read(path: Self.dir + "/X221-dollars-and-data-sent-together.edi", displayName: "t.edi")
    let rem = try #require(r.remittances.first)
    #expect(rem.total == 15_000_000)
    #expect(rem.traceNumber == "12345")
    #expect(rem.method == "ACH")
    #expect(rem.date.description == "2002-09-13")
    #expect(rem.claims.map(\.paid) == [13_801_840, 1_198_033])
    #expect(rem.providerAdjustments.map(\.amount) == [-127])
    #expect(rem.claims[0].adjustments.first?.reason == "45")
  }

  @Test(arguments: others)
  func claimsAndEligibilityFilesAreNotRemittances(name: String) {
    #expect {
      _ = try X12835.read(path: Self.dir + "/" + name, displayName: name)
    } throws: { ($0 as? TieoutError)?.description.contains("no 835 remittance") == true }
  }

  @Test func aClaimThatDoesNotBalanceIsLocated() throws {
    let text = try String(contentsOfFile: Self.dir + "/X221-dollars-and-data-sent-separate.edi", encoding: .utf8)
    let r = try X12835.parse(text: text.replacingOccurrences(of: "CAS*CO*A2*50~", with: "CAS*CO*A2*51~"), file: "era.edi")
    #expect(r.checks.count == 1)
    #expect(r.checks.first?.description.hasPrefix("era.edi:") == true)
    #expect(r.checks.first?.description.contains("claim 5554555444 does not balance: charge 800.00 − adjustments 351.00 = 449.00, but CLP04 paid is 450.00") == true)
  }

  @Test func separatorsComeFromTheISA() throws {
    let text = try String(contentsOfFile: Self.dir + "/X221-era-sample.edi", encoding: .utf8)
    let piped = text.replacingOccurrences(of: "*", with: "|").replacingOccurrences(of: "~", with: "\n")
    let r = try X12835.parse(text: piped, file: "p.edi")
    #expect(r.remittances.first?.total == 13_200)
    #expect(r.checks.isEmpty)
    #expect(r.remittances.first?.claims.first?.location.line == 13)
  }
}
