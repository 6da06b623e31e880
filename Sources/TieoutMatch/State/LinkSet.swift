import TieoutCore

/// The links the passes have made: each link's rows, which sources each row is linked with,
/// the union of linked rows into groups, and the pairs a person's decision forbids.
struct LinkSet {
  /// Per row: one bit per source (by index, modulo 32) the row is linked with.
  var mask: [UInt32]
  /// Union-find over rows: rows linked directly or through other rows form one group.
  var parent: [Int32]
  var links: [MatchLink] = []
  /// The rows of every link, link after link: its left rows, then its right rows.
  var linkRows: [Int32] = []
  /// Pairs of rows a decision forbids, as `min << 32 | max`.
  var forbidden: Set<UInt64> = []

  init(rows: Int) {
    mask = [UInt32](repeating: 0, count: rows)
    parent = (0..<Int32(rows)).map { $0 }
  }

  /// What a link records of its rows: each side's source bits (0: no listed source), Σ left −
  /// Σ right, and the latest right date minus the latest left date.
  struct Summary {
    let bits: (left: UInt32, right: UInt32)
    let difference: Int64
    let days: Int16
  }

  /// Whether row `r` is linked with a row of a source in `sources` (a mask of source bits).
  @inline(__always) func isLinked(_ r: Int32, with sources: UInt32) -> Bool { mask[Int(r)] & sources != 0 }

  func isForbidden(_ a: Int32, _ b: Int32) -> Bool {
    guard !forbidden.isEmpty else { return false }
    return forbidden.contains(UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))))
  }

  mutating func forbid(_ a: Int32, _ b: Int32) {
    forbidden.insert(UInt64(UInt32(min(a, b))) << 32 | UInt64(UInt32(max(a, b))))
  }

  mutating func find(_ r: Int32) -> Int32 {
    var r = r
    while parent[Int(r)] != r {
      parent[Int(r)] = parent[Int(parent[Int(r)])]
      r = parent[Int(r)]
    }
    return r
  }

  mutating func union(_ a: Int32, _ b: Int32) {
    let (x, y) = (find(a), find(b))
    if x == y { return }
    // The smaller index becomes the root, so roots do not depend on the order of unions.
    if x < y { parent[Int(y)] = x } else { parent[Int(x)] = y }
  }

  /// Links `left` with `right` under rule `rule` (negative: a decision), from what the caller
  /// read of them. Rows are appended one by one: appending a collection cost more for the 1:1
  /// rule's single rows (docs/PERFORMANCE.md).
  mutating func add<L: Collection<Int32>, R: Collection<Int32>>(
    rule: Int32, left: L, right: R, _ known: Summary, reasons: MatchLink.Reasons, score: Int
  ) {
    let start = linkRows.count
    let bits = known.bits
    for r in left {
      linkRows.append(r)
      mask[Int(r)] |= bits.right == 0 ? bits.left : bits.right
    }
    for r in right {
      linkRows.append(r)
      mask[Int(r)] |= bits.left == 0 ? bits.right : bits.left
    }
    for k in start + 1..<linkRows.count { union(linkRows[start], linkRows[k]) }
    links.append(
      MatchLink(
        rule: rule, start: Int32(start), leftCount: Int32(left.count), rightCount: Int32(right.count),
        difference: known.difference, dayDifference: known.days, reasons: reasons, score: UInt8(clamping: max(0, min(100, score)))))
  }
}
