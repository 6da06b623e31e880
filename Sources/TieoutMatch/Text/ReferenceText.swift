/// How the matcher reads references and other free text: each test defined once, on a field's
/// UTF-8 bytes. ASCII text (nearly every export) is read byte by byte; other text goes through
/// Unicode's upper-casing and letter classes inside the same function, so the two can never
/// disagree.
enum ReferenceText {
  // MARK: - Normalized: upper-cased letters and digits, leading zeros dropped

  /// "chk 001042" and "CHK1042" are both "CHK1042"; "INV-01042" is "INV1042" (a zero after a
  /// letter leads the number).
  static func normalized(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard var ascii = NormalizedBytes(bytes) else { return Array(normalizedUnicode(String(decoding: bytes, as: UTF8.self)).utf8) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    while let b = ascii.next() { out.append(b) }
    return out
  }

  static func normalized(_ text: String) -> String {
    var text = text
    return text.withUTF8 { String(decoding: normalized($0), as: UTF8.self) }
  }

  /// `normalized` for text that is not ASCII.
  private static func normalizedUnicode(_ text: String) -> String {
    var out = ""
    var leading = true
    for ch in text.uppercased() where ch.isLetter || ch.isNumber {
      if ch == "0" && leading { continue }
      leading = ch.isLetter
      out.append(ch)
    }
    return out
  }

  /// Whether two fields are equal once normalized, compared as they are normalized.
  static func equal(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    guard var a = NormalizedBytes(x), var b = NormalizedBytes(y) else { return normalized(x) == normalized(y) }
    while true {
      let (p, q) = (a.next(), b.next())
      if p != q { return false }
      if p == nil { return true }
    }
  }

  // MARK: - Keys

  /// A 32-bit FNV-1a hash of the normalized text; 0 for none. Equal texts give equal keys; an
  /// unequal pair with equal keys can only reorder a tie, and every test that decides a match
  /// or a mismatch is confirmed on the text.
  static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    guard let ascii = NormalizedBytes(bytes) else { return hash(normalized(bytes)) }
    return hash(IteratorSequence(ascii))
  }

  static func key(_ text: String) -> UInt32 {
    var text = text
    return text.withUTF8 { key($0) }
  }

  private static func hash(_ normalized: some Sequence<UInt8>) -> UInt32 {
    var h: UInt32 = 0x811c_9dc5
    var any = false
    for b in normalized {
      any = true
      h ^= UInt32(b)
      h = h &* 0x0100_0193
    }
    guard any else { return 0 }
    return h == 0 ? 1 : h
  }

  // MARK: - Squeezed: upper-cased letters and digits, zeros kept

  /// "Payment INV-01042" is "PAYMENTINV01042": the form a memo is searched in when an id may
  /// keep its leading zeros.
  static func squeezed(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      return Array(String(String(decoding: bytes, as: UTF8.self).uppercased().filter { $0.isLetter || $0.isNumber }).utf8)
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    for b in bytes {
      if b &- 0x61 < 26 {
        out.append(b &- 0x20)
      } else if b &- 0x41 < 26 || b &- 0x30 < 10 {
        out.append(b)
      }
    }
    return out
  }

  // MARK: - Words

  /// The upper-cased words of four letters or more, each followed by a space: what two
  /// counterparty names must share one of ("ACME CORP" and "Acme Corporation" share "ACME").
  static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    guard bytes.allSatisfy({ $0 < 0x80 }) else {
      let text = String(decoding: bytes, as: UTF8.self).uppercased()
      for w in text.split(whereSeparator: { !$0.isLetter }) where w.count >= 4 { out += Array(w.utf8) + [0x20] }
      return out
    }
    var word: [UInt8] = []
    for b in bytes {
      let c = b &- 0x61 < 26 ? b &- 0x20 : b
      if c &- 0x41 < 26 {
        word.append(c)
        continue
      }
      if word.count >= 4 { out += word + [0x20] }
      word.removeAll(keepingCapacity: true)
    }
    if word.count >= 4 { out += word + [0x20] }
    return out
  }

  // MARK: - Comparisons

  /// Whether `text` holds `word`, byte for byte. UTF-8 synchronises itself: a whole
  /// character's bytes are found only where that character is.
  static func contains(_ text: ArraySlice<UInt8>, _ word: ArraySlice<UInt8>) -> Bool {
    guard word.count <= text.count else { return false }
    guard let first = word.first else { return true }
    var i = text.startIndex
    let last = text.endIndex - word.count
    while i <= last {
      if text[i] == first && text[i..<i + word.count].elementsEqual(word) { return true }
      i += 1
    }
    return false
  }

  /// How many characters `text` holds.
  static func characters(_ text: ArraySlice<UInt8>) -> Int {
    text.allSatisfy { $0 < 0x80 } ? text.count : String(decoding: text, as: UTF8.self).count
  }

  /// Whether two normalized references are similar: one holds the other (of 3 characters or
  /// more), or they differ in one character inserted, removed or changed. Characters, not
  /// bytes, are counted: "CAFÉ" is 4 characters long and one edit from "CAFE". `characters`
  /// are the references' lengths in characters, and `ascii` whether both are ASCII.
  static func similar(_ x: ArraySlice<UInt8>, _ y: ArraySlice<UInt8>, characters: (Int, Int), ascii: Bool) -> Bool {
    guard !x.isEmpty, !y.isEmpty else { return false }
    if (characters.0 >= 3 && contains(y, x)) || (characters.1 >= 3 && contains(x, y)) { return true }
    guard abs(characters.0 - characters.1) <= 1 else { return false }
    if ascii { return oneEditApart(x, y) }
    return oneEditApart(String(decoding: x, as: UTF8.self), String(decoding: y, as: UTF8.self))
  }

  /// Whether `a` and `b` differ by one element inserted, removed or changed. Walks their
  /// indices without copying them.
  static func oneEditApart<C: Collection>(_ a: C, _ b: C) -> Bool where C.Element: Equatable {
    let (m, n) = (a.count, b.count)
    guard abs(m - n) <= 1, !a.elementsEqual(b) else { return false }
    var i = a.startIndex, j = b.startIndex, edits = 0
    // Elements of each not yet passed.
    var (left, right) = (m, n)
    while i != a.endIndex && j != b.endIndex {
      let same = a[i] == b[j]
      if !same {
        edits += 1
        if edits > 1 { return false }
      }
      // Past an insertion, only the longer one moves on.
      if same || m >= n {
        a.formIndex(after: &i)
        left -= 1
      }
      if same || n >= m {
        b.formIndex(after: &j)
        right -= 1
      }
    }
    return edits + left + right <= 1
  }
}

/// The bytes ``ReferenceText/normalized(_:)-(UnsafeBufferPointer<UInt8>)`` keeps of ASCII
/// text, one at a time, for hashing and comparing references without building anything.
struct NormalizedBytes: IteratorProtocol {
  let bytes: UnsafeBufferPointer<UInt8>
  var i = 0
  var leading = true

  /// nil when the bytes are not all ASCII.
  init?(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
    self.bytes = bytes
  }

  mutating func next() -> UInt8? {
    while i < bytes.count {
      let b = bytes[i]
      let c = b >= 0x61 && b <= 0x7A ? b - 0x20 : b
      i += 1
      let letter = c >= 0x41 && c <= 0x5A, digit = c >= 0x30 && c <= 0x39
      guard letter || digit else { continue }
      if c == 0x30 && leading { continue }
      leading = letter
      return c
    }
    return nil
  }
}
