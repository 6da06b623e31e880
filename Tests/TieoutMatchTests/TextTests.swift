import Testing
import TieoutCore
@testable import TieoutMatch

/// How the matcher compares lines' texts.
@Suite struct TextTests {
  /// What the tests below hold the matcher's text definitions to, written plainly on
  /// `String`s: the definitions read bytes, and must give what these give for every text.
  enum Spec {
    static func normalize(_ s: String) -> String {
      var out = ""
      var leading = true
      for ch in s.uppercased() where ch.isLetter || ch.isNumber {
        if ch == "0" && leading { continue }
        leading = ch.isLetter
        out.append(ch)
      }
      return out
    }
    static func squeezed(_ s: String) -> String { String(s.uppercased().filter { $0.isLetter || $0.isNumber }) }
    static func words(_ s: String) -> Set<String> {
      Set(s.uppercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 })
    }
    static func inMemo(_ ref: String, _ memoReference: String, _ memoDescription: String) -> Bool {
      let r = normalize(ref)
      guard r.count >= 3 else { return false }
      return normalize(memoReference + " " + memoDescription).contains(r) || squeezed(memoDescription).contains(r)
    }
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
      var row = Array(0...b.count)
      for (i, x) in a.enumerated() {
        var next = [i + 1]
        for (j, y) in b.enumerated() { next.append(min(row[j + 1] + 1, next[j] + 1, row[j] + (x == y ? 0 : 1))) }
        row = next
      }
      return row[b.count]
    }
    static func similar(_ a: String, _ b: String) -> Bool {
      let (x, y) = (normalize(a), normalize(b))
      guard !x.isEmpty, !y.isEmpty, x != y else { return false }
      return (x.count >= 3 && y.contains(x)) || (y.count >= 3 && x.contains(y)) || distance(Array(x), Array(y)) == 1
    }
  }

  static var texts: [String] {
    var texts = [
      "", "Wire A", "WIRE-A", "wire a.", "  ACH  credit  #1042 ", "Check 10483 / Medline", "a_b-c.d,e;f:g", "\u{1F}x", "0123456789",
      "Müller & Söhne GmbH", "straße", "ﬁnance", "İstanbul ıi", "Zahlung ² ½", "東京 支店 42", "e\u{301}cole", "CR\r\nLF", "😀 emoji 7",
      "INV-01042", "A0B", "00A00", "Ünï-09",
    ]
    // Every ASCII byte, alone and among letters.
    texts += (0..<128).map { b in "a" + String(UnicodeScalar(UInt8(b))) + "Z" }
    var rng = SplitMix64(seed: 11)
    for _ in 0..<500 {
      texts.append(String((0..<Int(rng.next() % 24)).map { _ in Character(UnicodeScalar(UInt8(rng.next() % 128))) }))
    }
    return texts
  }

  /// Squeezing, normalizing, keys and words are read from a field's bytes; each must give what
  /// its plain definition gives, or lines would pair (or become twins) by how they are stored.
  @Test func textDefinitionsReadFromBytesGiveThePlainDefinitions() {
    for text in TextTests.texts {
      let bytes = Array(text.utf8)
      bytes.withUnsafeBufferPointer { b in
        #expect(ReferenceText.squeezed(b) == Array(Spec.squeezed(text).utf8), "\(text.debugDescription)")
        #expect(ReferenceText.normalized(b) == Array(Spec.normalize(text).utf8), "\(text.debugDescription)")
        let words = Set(String(decoding: ReferenceText.words(b), as: UTF8.self).split(separator: " ").map(String.init))
        #expect(words == Spec.words(text), "\(text.debugDescription)")
        #expect(ReferenceText.key(b) == ReferenceText.key(Spec.normalize(text)), "\(text.debugDescription)")
        #expect((ReferenceText.key(b) == 0) == Spec.normalize(text).isEmpty, "\(text.debugDescription)")
      }
      #expect(Matcher.normalize(text) == Spec.normalize(text))
    }
  }
}

extension TextTests {
  /// A rule's reference and counterparty tests read each row's texts made once (`RowTexts`);
  /// every pair must get the answer the plain definitions give.
  @Test func rowTextTestsAnswerAsThePlainDefinitions() {
    let references = ["", "INV-01042", "1042", "inv 1042", "R-7", "AB", "A0B", "10 42", "INV1O42", "Ünï-9", "0042", "PO_77", "CAFÉ", "CAFE", "ÉÉ"]
    let memos = [
      "", "Payment INV-01042", "Pmt inv 1042 thanks", "ACH credit 1042", "Wire R-7 Acme", "abINV1042x", "Zahlung für Ünï-9",
      "CHECK 0042", "po 77 payout", "remit: INV-1O42", "Café ÉÉ",
    ]
    let parties = ["", "Acme Holdings", "ACME corp", "Globex Inc.", "Müller GmbH", "acme-holdings ltd", "Initech", "Wire", "MÜLLER AG"]
    var rng = SplitMix64(seed: 5)
    func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
    var store = EntryStore()
    let origin = store.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
    for k in 0..<150 {
      store.append(
        origin: origin, line: k + 2, date: Day(year: 2026, month: 10, day: 1)!, amount: 100, reference: pick(references),
        counterparty: pick(parties), description: pick(memos), account: "")
    }
    var state = MatchState(store: store, sources: [MatchSource(name: "bank", kind: .bank)], settings: MatchSettings())
    let rows = (0..<Int32(store.count)).map { $0 }
    state.texts = RowTexts(store, rows: rows)
    for a in rows {
      for b in rows {
        let (x, y) = (store.fields(Int(a)), store.fields(Int(b)))
        #expect(state.inMemo(a, b) == Spec.inMemo(x.reference, y.reference, y.description), "in memo: \(store[Int(a)]) / \(store[Int(b)])")
        let (px, py) = (x.counterparty.isEmpty ? x.description : x.counterparty, y.counterparty.isEmpty ? y.description : y.counterparty)
        #expect(state.counterpartiesSimilar(a, b) == !Spec.words(px).isDisjoint(with: Spec.words(py)), "counterparty: \(px) / \(py)")
        let keys = (state.refKey(a), state.refKey(b))
        if keys.0 == 0 || keys.0 != keys.1 {
          #expect((state.referenceStrength(a, b, keys.0, keys.1, .similar) != nil) == Spec.similar(x.reference, y.reference), "similar: \(x.reference) / \(y.reference)")
        }
      }
    }
    // Asked outside a rule, without the texts made, the tests answer the same.
    let made = state.texts
    for a in rows.prefix(40) {
      for b in rows.prefix(40) {
        state.texts = made
        let withTexts = (state.inMemo(a, b), state.counterpartiesSimilar(a, b))
        state.texts = nil
        #expect(withTexts == (state.inMemo(a, b), state.counterpartiesSimilar(a, b)))
      }
    }
  }
}

extension TextTests {
  /// One edit apart is an edit distance of exactly one, on characters and on bytes.
  @Test func oneEditApartIsAnEditDistanceOfOne() {
    var rng = SplitMix64(seed: 3)
    func text() -> String { String((0..<Int(rng.next() % 6)).map { _ in Array("AB1é")[Int(rng.next() % 4)] }) }
    for _ in 0..<3000 {
      let (x, y) = (text(), text())
      let expected = Spec.distance(Array(x), Array(y)) == 1
      #expect(ReferenceText.oneEditApart(x, y) == expected, "\(x) / \(y)")
      #expect(ReferenceText.oneEditApart(ArraySlice(x.utf8), ArraySlice(y.utf8)) == expected || (x + y).contains("é"), "\(x) / \(y)")
    }
  }
}
