import TieoutCore

/// What a 1:1 rule's text tests (reference `in-memo` or `similar`, counterparty `similar`) read
/// of its rows, made once per row before the pairing instead of for every candidate pair.
///
/// Made per pair, the texts were normalized again for each of a row's candidates: 8,000 bank and
/// GL lines of one amount (about 2,000 candidates a row in a 3-day window) took 57 s to pair by
/// reference `similar`, 110 s by counterparty, and more than 5 minutes by reference `in-memo`.
///
/// Rows whose reference, counterparty and description are ASCII are compared on these bytes,
/// which is what comparing the `String`s gives for ASCII; a pair with another row is left to
/// the `String` tests (`nil` from each test here).
struct RowTexts {
  /// Each row's slot, −1 for a row not made or not ASCII.
  private var slot: [Int32]
  /// Per slot, where its texts start in `bytes`: the normalized reference, the normalized
  /// reference and description (`Matcher.normalize(reference + " " + description)`), and the
  /// upper-cased words of four letters or more of its counterparty (else description), each
  /// followed by a space; then where they end.
  private var starts: [UInt32] = []
  private var bytes: [UInt8] = []
  /// Per slot, a bit for each pair of neighbouring characters of the normalized reference, and
  /// of the memo (`pairBits`): a reference is inside a memo only if its bits are among the
  /// memo's, which most pairs of an in-memo rule are not. Screened so (and without looking in
  /// the squeezed description too), 32,000 bank and GL lines each of one amount took 6.7 s to
  /// pair instead of 12.7 s, 8,000 each 0.89 s instead of 1.69 s.
  private var referencePairs: [UInt64] = []
  private var memoPairs: [UInt64] = []

  private static let parts = 3

  init(_ store: EntryStore, rows: some Sequence<Int32>) {
    slot = [Int32](repeating: -1, count: store.count)
    for r in rows where slot[Int(r)] < 0 {
      let reference = store.withFieldBytes(Int(r), 0) { Array($0) }
      let counterparty = store.withFieldBytes(Int(r), 1) { Array($0) }
      let description = store.withFieldBytes(Int(r), 2) { Array($0) }
      guard [reference, counterparty, description].allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) else { continue }
      slot[Int(r)] = Int32(referencePairs.count)
      starts.append(UInt32(bytes.count))
      Self.normalized(reference, into: &bytes)
      referencePairs.append(Self.pairBits(bytes[Int(starts[starts.count - 1])...]))
      starts.append(UInt32(bytes.count))
      Self.normalized(reference + [0x20] + description, into: &bytes)
      memoPairs.append(Self.pairBits(bytes[Int(starts[starts.count - 1])...]))
      starts.append(UInt32(bytes.count))
      // Words: runs of letters, upper-cased, of four or more.
      var word: [UInt8] = []
      for b in (counterparty.isEmpty ? description : counterparty) + [0x20] {
        let c = b &- 0x61 < 26 ? b &- 0x20 : b
        if c &- 0x41 < 26 {
          word.append(c)
          continue
        }
        if word.count >= 4 { bytes += word + [0x20] }
        word.removeAll(keepingCapacity: true)
      }
    }
    starts.append(UInt32(bytes.count))
  }

  private static func normalized(_ text: [UInt8], into out: inout [UInt8]) {
    text.withUnsafeBufferPointer { buffer in
      guard var n = NormalizedBytes(buffer) else { return }
      while let b = n.next() { out.append(b) }
    }
  }

  /// A bit (of 64) for each pair of neighbouring bytes of `text`.
  private static func pairBits(_ text: ArraySlice<UInt8>) -> UInt64 {
    var bits: UInt64 = 0
    var i = text.startIndex
    while i + 1 < text.endIndex {
      let pair = UInt64(text[i]) << 8 | UInt64(text[i + 1])
      bits |= 1 << ((pair &* 0x9E37_79B9_7F4A_7C15) >> 58)
      i += 1
    }
    return bits
  }

  /// Text `part` of row `r`'s slot; nil when the row was not made or is not ASCII.
  private func part(_ r: Int32, _ part: Int) -> ArraySlice<UInt8>? {
    let s = Int(slot[Int(r)])
    guard s >= 0 else { return nil }
    let k = s * Self.parts + part
    return bytes[Int(starts[k])..<Int(starts[k + 1])]
  }

  /// `Engine.inMemo(a, b)`: `a`'s reference (3 characters or more) inside `b`'s reference and
  /// description. (`Engine.inMemo` also looks in the squeezed description, which keeps zeros
  /// that normalizing drops; but a normalized reference has no zero that normalizing drops, so
  /// where it is inside the squeezed description it is inside the normalized memo too.)
  func inMemo(_ a: Int32, _ b: Int32) -> Bool? {
    guard let ref = part(a, 0), let memo = part(b, 1) else { return nil }
    guard ref.count >= 3 else { return false }
    let (sa, sb) = (Int(slot[Int(a)]), Int(slot[Int(b)]))
    guard referencePairs[sa] & ~memoPairs[sb] == 0 else { return false }
    return Self.contains(memo, ref)
  }

  /// Whether the references are similar as the reference test `similar` has it (one contains
  /// the other, of 3 characters or more, or they are one edit apart); as
  /// `Engine.referenceStrength` decides for references of different keys.
  func similarReferences(_ a: Int32, _ b: Int32) -> Bool? {
    guard let x = part(a, 0), let y = part(b, 0) else { return nil }
    guard !x.isEmpty, !y.isEmpty else { return false }
    return (x.count >= 3 && Self.contains(y, x)) || (y.count >= 3 && Self.contains(x, y)) || Engine.oneEditApart(x, y)
  }

  /// `Engine.counterpartiesSimilar(a, b)`: whether they share a word of four letters or more.
  func shareAWord(_ a: Int32, _ b: Int32) -> Bool? {
    guard let x = part(a, 2), let y = part(b, 2) else { return nil }
    // Word by word, in place: splitting them into arrays for each pair was most of a
    // counterparty rule's time.
    var i = x.startIndex
    while i < x.endIndex {
      let end = x[i...].firstIndex(of: 0x20) ?? x.endIndex
      let word = x[i..<end]
      var j = y.startIndex
      while j < y.endIndex {
        let stop = y[j...].firstIndex(of: 0x20) ?? y.endIndex
        if stop - j == word.count && y[j..<stop].elementsEqual(word) { return true }
        j = stop + 1
      }
      i = end + 1
    }
    return false
  }

  /// Whether `text` holds `word`, byte for byte.
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
}
