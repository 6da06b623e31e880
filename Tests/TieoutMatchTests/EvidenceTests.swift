import Foundation
import Testing
import TieoutCore
@testable import TieoutMatch

/// What rows' free text says of which rows belong together decides between candidates of one
/// amount and day, before dates and file order do.
@Suite struct EvidenceTests {
  func row(_ source: String, _ line: Int, _ date: String, _ minor: Int64, ref: String = "", party: String = "", text: String = "") -> Entry {
    Entry(
      source: source, location: SourceLocation(file: source + ".csv", line: line), date: Day(iso: date)!,
      amount: Money(minorUnits: minor, currency: .usd), reference: ref, counterparty: party, description: text)
  }

  /// Identifiers anywhere in the text: an ACH addendum's invoice number against a GL memo's, a
  /// deposit number against a receipt number's digits. Dates, the company's own name and words
  /// every line has tell nothing and are not kept.
  @Test func identifiersAndNamesAreReadFromTheText() {
    var bank: [Entry] = [], gl: [Entry] = []
    // Three lines of one amount and day at the bank, listed in the other order in the GL.
    let customers = [("HARBOR LABS INC", "INV-10460"), ("SUMMIT FOODS LLC", "INV-10461"), ("CEDAR DENTAL CO", "INV-10462")]
    for (k, (name, inv)) in customers.enumerated() {
      bank.append(
        row("bank", 2 + k, "2026-10-05", 125_000, text: "ORIG CO NAME:\(name) DESC DATE:261005 IND ID:\(inv) IND NAME:NORTHWIND ANALYTICS"))
    }
    for (k, (name, inv)) in customers.reversed().enumerated() {
      gl.append(row("gl", 2 + k, "2026-10-05", 125_000, party: name.capitalized, text: "ACH receipt \(inv)"))
    }
    // A deposit naming a receipt's number only by its digits, and one naming only its customer.
    bank.append(row("bank", 5, "2026-10-06", 50_000, text: "REMOTE ONLINE DEPOSIT 50284"))
    bank.append(row("bank", 6, "2026-10-06", 50_000, text: "ORIG CO NAME:BEACON ROBOTICS IND NAME:NORTHWIND ANALYTICS"))
    gl.append(row("gl", 5, "2026-10-06", 50_000, party: "Beacon Robotics Group", text: "Customer payment"))
    gl.append(row("gl", 6, "2026-10-06", 50_000, ref: "RCT-50284", text: "Customer payment"))
    let m = Matcher(settings: MatchSettings(rules: [MatchRule(name: "bank-gl", left: .kind(.bank), right: .kind(.ledger))]))
      .match(bank: bank, ledger: gl)
    #expect(shape(m) == ["G1 bank:2+gl:4", "G2 bank:3+gl:3", "G3 bank:4+gl:2", "G4 bank:5+gl:6", "G5 bank:6+gl:5"], "\(shape(m))")
    let why = m.result.groups.map { m.result.explanation(of: $0, m.store) }
    #expect(why[0].hasSuffix("INV-10460 in both texts"), "\(why[0])")
    #expect(why[3].hasSuffix("50284 in both texts"), "\(why[3])")
    #expect(why[4].hasSuffix("counterparty BEACON ROBOTICS in both"), "\(why[4])")
  }

  /// A token many rows of a source carry is not evidence: the day's date in every ACH addendum
  /// would otherwise tie every line of the day to every other.
  @Test func tokensManyRowsCarryAreLeftOut() {
    var store = EntryStore()
    let o = store.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
    for k in 0..<20 {
      store.append(
        origin: o, line: k + 2, date: Day(iso: "2026-10-05")!, amount: 100, reference: "",
        counterparty: "", description: "DESC DATE:261005 TRACE#:\(900_000 + k) PAYMENTS", account: "")
    }
    let index = RowIndex(store: store, sources: [MatchSource(name: "bank", kind: .bank)])
    let evidence = Evidence(index, sources: [0])
    // The trace number is each row's own; the date and "PAYMENTS" are every row's.
    #expect(evidence.identifiers(0).count == 1)
    #expect(evidence.names(0).isEmpty || evidence.names(0).count <= Evidence.perRow)
    #expect(!evidence.shareIdentifier(0, 1))
    var tokens = Evidence.Tokens()
    tokens.read(store, 0)
    #expect(tokens.identifiers.count == 2)  // the date and the trace number, before counting
  }
}

/// The tokenizer's keys are the definitions it claims: an identifier's key is
/// `ReferenceText.key` of its text, whatever zeros, separators and case it is written with.
@Suite struct EvidenceTokenTests {
  func store(_ texts: [(ref: String, party: String, text: String)]) -> EntryStore {
    var rows = EntryStore()
    let o = rows.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
    for (k, t) in texts.enumerated() {
      rows.append(
        origin: o, line: k + 2, date: Day(iso: "2026-10-05")!, amount: -100, reference: t.ref, counterparty: t.party,
        description: t.text, account: "")
    }
    return rows
  }

  @Test func anIdentifiersKeyIsItsNormalizedText() {
    var rng = TestRNG(seed: 20)
    let alphabet = Array("0000123456789ABCxyz-_")
    var texts: [String] = []
    while texts.count < 2_000 {
      let word = String((0..<Int.random(in: 4...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
      // An identifier: three digits or more, four letters and digits or more, not starting or
      // ending in a separator (which ends the word).
      guard word.filter(\.isNumber).count >= 3, word.filter({ $0.isLetter || $0.isNumber }).count >= 4, word.first?.isLetter == true || word.first?.isNumber == true,
        word.last?.isLetter == true || word.last?.isNumber == true, ReferenceText.key(word) != 0
      else { continue }
      texts.append(word)
    }
    let rows = store(texts.map { ("", "", "PAID " + $0) })
    var tokens = Evidence.Tokens()
    for (k, word) in texts.enumerated() {
      tokens.read(rows, k)
      #expect(tokens.identifiers.first == ReferenceText.key(word), "\(word)")
    }
    // "CHECK PAID 0004711" and "Check 4711" carry one number.
    let cheques = store([("", "", "CHECK PAID 0004711"), ("", "", "Check 4711 Harbor Labs")])
    tokens.read(cheques, 0)
    let first = tokens.identifiers
    tokens.read(cheques, 1)
    #expect(first == tokens.identifiers)
  }

  @Test func chequesAreNamedInTheReferenceOrDescription() {
    let rows = store([
      ("", "", "CHECK 20001"), ("Chk-7", "", ""), ("", "", "cheque#12 ADP"), ("", "", "Scheck 4411"),
      ("", "", "Checking account transfer"), ("", "", "Coffee"), ("", "Check Point Ltd", "ACH 88123"), ("", "", "DEPOSIT 7002"),
    ])
    var tokens = Evidence.Tokens()
    tokens.chequeWords = Evidence.Tokens.hashes(Keywords.standard.searched.cheque)
    let named = (0..<rows.count).map { k -> Bool in
      tokens.read(rows, k)
      return tokens.namesCheque
    }
    #expect(named == [true, true, true, true, false, false, false, false])
  }
}

/// Bank files cut names short: an ACH company name is 16 characters.
@Suite struct TruncatedNameTests {
  @Test func aNameCutShortStillMeetsItsWholeName() {
    let rows = [
      e("bank", 2, "2026-10-01", 75_000, memo: "ORIG CO NAME:TIDEWATER SOFTWA ORIG ID:8813315040 DESC DATE:261001"),
      e("bank", 3, "2026-10-01", 75_000, memo: "ORIG CO NAME:EVERGREEN SYSTEM ORIG ID:9531981672 DESC DATE:261001"),
      e("gl", 2, "2026-10-01", 75_000, memo: "Customer payment", party: "Evergreen Systems Group"),
      e("gl", 3, "2026-10-01", 75_000, memo: "Customer payment", party: "Tidewater Software Co"),
    ]
    let m = Matcher(settings: MatchSettings(periodEnd: Day(iso: "2026-10-31"))).match(rows, sources: bankGL)
    #expect(outcome(m) == ["bank:2+gl:3 confirmed", "bank:3+gl:2 confirmed"])
    #expect(m.result.explanation(of: m.result.groups[0], m.store).hasSuffix("counterparty TIDEWATER SOFTWA in both"))
  }
}
