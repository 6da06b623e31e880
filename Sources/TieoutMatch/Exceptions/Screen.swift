/// A bit per hash of a key, asked before a dictionary is: whether some row may have the key
/// (never no when one has). 128 KB, which stay in cache where a dictionary of the rows' keys
/// would not.
struct Screen {
  private static let bits = 20
  private var words = [UInt64](repeating: 0, count: 1 << (Screen.bits - 6))

  @inline(__always) private static func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
  }

  /// Inlined: called, the call is a good part of the pair-exceptions pass.
  @inline(__always) mutating func insert(_ key: UInt64) {
    let b = Screen.slot(key)
    words[b >> 6] |= 1 << UInt64(b & 63)
  }

  @inline(__always) func contains(_ key: UInt64) -> Bool {
    let b = Screen.slot(key)
    return words[b >> 6] & (1 << UInt64(b & 63)) != 0
  }
}
