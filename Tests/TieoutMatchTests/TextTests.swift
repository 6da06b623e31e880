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
