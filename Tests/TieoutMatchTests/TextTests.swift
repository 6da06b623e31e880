import Testing
import TieoutCore
@testable import TieoutMatch

/// How the matcher compares lines' texts.
@Suite struct TextTests {
  /// The duplicates pass squeezes descriptions from their bytes; it must give what squeezing the
  /// `String` gives, or lines would become twins (or stop being twins) by how they are stored.
  @Test func squeezingBytesIsSqueezingTheString() {
    var texts = [
      "", "Wire A", "WIRE-A", "wire a.", "  ACH  credit  #1042 ", "Check 10483 / Medline", "a_b-c.d,e;f:g", "\u{1F}x", "0123456789",
      "Müller & Söhne GmbH", "straße", "ﬁnance", "İstanbul ıi", "Zahlung ² ½", "東京 支店 42", "e\u{301}cole", "CR\r\nLF", "😀 emoji 7",
    ]
    // Every ASCII byte, alone and among letters.
    texts += (0..<128).map { b in "a" + String(UnicodeScalar(UInt8(b))) + "Z" }
    var rng = SplitMix64(seed: 11)
    for _ in 0..<500 {
      texts.append(String((0..<Int(rng.next() % 24)).map { _ in Character(UnicodeScalar(UInt8(rng.next() % 128))) }))
    }
    for text in texts {
      let bytes = Array(text.utf8)
      let squeezed = bytes.withUnsafeBufferPointer(Engine.squeezedBytes)
      #expect(squeezed == Array(Engine.squeezed(text).utf8), "\(text.debugDescription)")
    }
  }
}

extension TextTests {
  /// The texts a rule's reference and counterparty tests compare are made once per row
  /// (`RowTexts`); every pair must get the answer the `String` tests give, or a rule would pair
  /// other rows depending on which way it was asked.
  @Test func rowTextsAnswerAsTheStringTestsDo() {
    let references = ["", "INV-01042", "1042", "inv 1042", "R-7", "AB", "A0B", "10 42", "INV1O42", "Ünï-9", "0042", "PO_77"]
    let memos = [
      "", "Payment INV-01042", "Pmt inv 1042 thanks", "ACH credit 1042", "Wire R-7 Acme", "abINV1042x", "Zahlung für Ünï-9",
      "CHECK 0042", "po 77 payout", "remit: INV-1O42",
    ]
    let parties = ["", "Acme Holdings", "ACME corp", "Globex Inc.", "Müller GmbH", "acme-holdings ltd", "Initech", "Wire"]
    var rng = SplitMix64(seed: 5)
    func pick<T>(_ list: [T]) -> T { list[Int(rng.next() % UInt64(list.count))] }
    var store = EntryStore()
    let origin = store.addOrigin(.init(source: "bank", file: "bank.csv", currency: .usd))
    for k in 0..<150 {
      store.append(
        origin: origin, line: k + 2, date: Day(year: 2026, month: 10, day: 1)!, amount: 100, reference: pick(references),
        counterparty: pick(parties), description: pick(memos), account: "")
    }
    var engine = Engine(store: store, sources: [MatchSource(name: "bank", kind: .bank)], settings: MatchSettings())
    let rows = (0..<Int32(store.count)).map { $0 }
    let texts = RowTexts(store, rows: rows)
    var fast = 0
    for a in rows {
      for b in rows {
        if let x = texts.inMemo(a, b) { fast += 1; #expect(x == engine.inMemo(a, b), "in memo: \(store[Int(a)]) / \(store[Int(b)])") }
        if let x = texts.shareAWord(a, b) { #expect(x == engine.counterpartiesSimilar(a, b), "counterparty: \(store[Int(a)]) / \(store[Int(b)])") }
        let keys = (engine.refKey(a), engine.refKey(b))
        if keys.0 == 0 || keys.0 != keys.1, let x = texts.similarReferences(a, b) {
          #expect((x ? 1 : nil) == engine.referenceStrength(a, b, keys.0, keys.1, .similar)?.0, "similar: \(store[Int(a)]) / \(store[Int(b)])")
        }
      }
    }
    // Most pairs are ASCII; and with the texts made, the engine's own tests answer the same.
    #expect(fast > 150 * 150 / 3)
    engine.texts = texts
    for a in rows.prefix(40) {
      for b in rows.prefix(40) {
        let withTexts = (engine.inMemo(a, b), engine.counterpartiesSimilar(a, b))
        engine.texts = nil
        #expect(withTexts == (engine.inMemo(a, b), engine.counterpartiesSimilar(a, b)))
        engine.texts = texts
      }
    }
  }
}

extension TextTests {
  /// One edit apart is an edit distance of exactly one, on characters and on bytes.
  @Test func oneEditApartIsAnEditDistanceOfOne() {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
      var row = Array(0...b.count)
      for (i, x) in a.enumerated() {
        var next = [i + 1]
        for (j, y) in b.enumerated() { next.append(min(row[j + 1] + 1, next[j] + 1, row[j] + (x == y ? 0 : 1))) }
        row = next
      }
      return row[b.count]
    }
    var rng = SplitMix64(seed: 3)
    func text() -> String { String((0..<Int(rng.next() % 6)).map { _ in Array("AB1é")[Int(rng.next() % 4)] }) }
    for _ in 0..<3000 {
      let (x, y) = (text(), text())
      let expected = distance(Array(x), Array(y)) == 1
      #expect(Engine.oneEditApart(x, y) == expected, "\(x) / \(y)")
      #expect(Engine.oneEditApart(ArraySlice(x.utf8), ArraySlice(y.utf8)) == expected || (x + y).contains("é"), "\(x) / \(y)")
    }
  }
}
