import TieoutCore

/// What a 1:1 rule's text tests (reference `in-memo` or `similar`, counterparty `similar`) read
/// of its rows, made once per row before the pairing instead of for every candidate pair:
/// made per pair, the texts were normalized again for each of a row's candidates, and a month
/// of thousands of lines of one amount took minutes to pair.
///
/// Each text is made by ``ReferenceText``, whose definitions are the tests' only ones.
struct RowTexts {
  /// Each row's slot, −1 for a row not made: by row for a rule's rows, by dictionary for a few
  /// rows (a test asked outside a rule), which would otherwise cost a slot for every row of
  /// the store on each call.
  private var slots: [Int32]
  private var fewSlots: [Int32: Int32] = [:]
  @inline(__always) private func slot(_ r: Int32) -> Int32 { slots.isEmpty ? fewSlots[r] ?? -1 : slots[Int(r)] }
  /// Per slot, where its texts start in `bytes`: the normalized reference, the normalized
  /// reference and description (the memo), and the words of its counterparty (else its
  /// description, `ReferenceText.words`); then where they end.
  private var starts: [UInt32] = []
  private var bytes: [UInt8] = []
  /// Per slot, a bit for each pair of neighbouring bytes of the normalized reference, and of
  /// the memo (`pairBits`): a reference is inside a memo only if its bits are among the
  /// memo's, which most pairs of an in-memo rule are not.
  private var referencePairs: [UInt64] = []
  private var memoPairs: [UInt64] = []
  /// Per slot, the normalized reference's length in characters, and whether the row's texts
  /// are all ASCII (bytes are then characters).
  private var referenceCharacters: [Int32] = []
  private var ascii: [Bool] = []

  private static let parts = 3
  /// Up to how many rows a `RowTexts` keeps their slots in a dictionary.
  static let fewRows = 64

  init(_ store: EntryStore, rows: some Collection<Int32>) {
    slots = rows.count <= RowTexts.fewRows ? [] : [Int32](repeating: -1, count: store.count)
    for r in rows where slot(r) < 0 {
      let reference = store.withFieldBytes(Int(r), 0) { Array($0) }
      let counterparty = store.withFieldBytes(Int(r), 1) { Array($0) }
      let description = store.withFieldBytes(Int(r), 2) { Array($0) }
      if slots.isEmpty { fewSlots[r] = Int32(referencePairs.count) } else { slots[Int(r)] = Int32(referencePairs.count) }
      let isASCII = [reference, counterparty, description].allSatisfy { $0.allSatisfy { $0 < 0x80 } }
      let ref = reference.withUnsafeBufferPointer(ReferenceText.normalized)
      let memo = (reference + [0x20] + description).withUnsafeBufferPointer(ReferenceText.normalized)
      ascii.append(isASCII)
      referencePairs.append(Self.pairBits(ref[...]))
      memoPairs.append(Self.pairBits(memo[...]))
      referenceCharacters.append(Int32(isASCII ? ref.count : ReferenceText.characters(ref[...])))
      starts.append(UInt32(bytes.count))
      bytes += ref
      starts.append(UInt32(bytes.count))
      bytes += memo
      starts.append(UInt32(bytes.count))
      bytes += (counterparty.isEmpty ? description : counterparty).withUnsafeBufferPointer(ReferenceText.words)
    }
    starts.append(UInt32(bytes.count))
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

  /// Text `part` of row `r`'s slot; nil when the row was not made.
  @inline(__always) private func part(_ r: Int32, _ part: Int) -> ArraySlice<UInt8>? {
    let s = Int(slot(r))
    guard s >= 0 else { return nil }
    let k = s * Self.parts + part
    return bytes[Int(starts[k])..<Int(starts[k + 1])]
  }

  /// Whether `a`'s normalized reference (3 characters or more) is inside `b`'s memo (its
  /// reference and description, normalized). The squeezed description, which keeps zeros that
  /// normalizing drops, need not be searched too: a normalized reference has no zero that
  /// normalizing drops, so where it is inside the squeezed description it is inside the memo.
  func inMemo(_ a: Int32, _ b: Int32) -> Bool? {
    guard let ref = part(a, 0), let memo = part(b, 1) else { return nil }
    let (sa, sb) = (Int(slot(a)), Int(slot(b)))
    guard referenceCharacters[sa] >= 3 else { return false }
    guard referencePairs[sa] & ~memoPairs[sb] == 0 else { return false }
    return ReferenceText.contains(memo, ref)
  }

  /// Whether the rows' references are similar (`ReferenceText.similar`).
  func similarReferences(_ a: Int32, _ b: Int32) -> Bool? {
    guard let x = part(a, 0), let y = part(b, 0) else { return nil }
    let (sa, sb) = (Int(slot(a)), Int(slot(b)))
    return ReferenceText.similar(
      x, y, characters: (Int(referenceCharacters[sa]), Int(referenceCharacters[sb])), ascii: ascii[sa] && ascii[sb])
  }

  /// Whether the rows' counterparties (else descriptions) share a word of four letters or more.
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
}
