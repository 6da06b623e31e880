import Algorithms
import TieoutCore

/// The 1:1 rule: one left row with one right row.
///
/// Candidates are made walking the left rows in amount order, so that consecutive rows search
/// neighbouring right rows (in canonical order each search landed somewhere else in the right
/// side's list, and at 1M rows that list is far larger than the cache). Each pair's precedence
/// is fixed (`Pair.precedes`); the pairing is greedy in that order, then short augmenting paths,
/// then augmenting paths of any length over every allowed pair (`Completion`).
struct OneToOnePass: RulePass {
  let name = "one-to-one"
  func takes(_ rule: MatchRule) -> Bool { rule.cardinality == .oneToOne }
  func run(_ rule: MatchRule, number: Int32, in state: inout MatchState) {
    state.oneToOne(rule, number, state.sourceIndexes(rule.left), state.sourceIndexes(rule.right))
  }
}

extension MatchState {
  /// A candidate pair of a 1:1 rule.
  struct Pair {
    let left: Int32
    let right: Int32
    /// The rows' positions in the amount-sorted lists of their sides.
    let leftAt: Int32
    let rightAt: Int32
    let amountDiff: UInt64
    /// The rows' positions in canonical order (in their sides' lists): file order.
    let leftIndex: Int32
    let rightIndex: Int32
    let days: Int32
    let strength: Int8
    let reasons: MatchLink.Reasons

    /// Smaller is better: stronger reference, nearer amount, nearer date (the right side
    /// later rather than earlier), then file order.
    @inline(__always) func precedes(_ o: Pair) -> Bool {
      if strength != o.strength { return strength > o.strength }
      if amountDiff != o.amountDiff { return amountDiff < o.amountDiff }
      if abs(days) != abs(o.days) { return abs(days) < abs(o.days) }
      if days != o.days { return days > o.days }
      if leftIndex != o.leftIndex { return leftIndex < o.leftIndex }
      return rightIndex < o.rightIndex
    }

    /// Orders as `precedes` does among pairs of one amount difference: stronger reference,
    /// nearer date, the right side later rather than earlier, then file order.
    @inline(__always) var rank: (UInt64, UInt64) {
      let near = UInt64(127 - Int(strength)) << 33 | UInt64(days.magnitude) << 1 | (days > 0 ? 0 : 1)
      return (near, UInt64(UInt32(leftIndex)) << 32 | UInt64(UInt32(rightIndex)))
    }

    var score: Int {
      var score = 100 - 3 * Int(abs(days))
      if strength == 0 { score -= 10 } else if strength < 3 { score -= 5 }
      if amountDiff != 0 { score -= 15 }
      return score
    }
  }

  /// Candidates kept per row; the best by precedence.
  static let candidatesPerRow = 16

  /// Moves tried at most to free a partner for a row the greedy pass left out.
  static let augmentDepth = 3

  /// Rows the longer chains of a 1:1 rule of `rows` rows (both sides) may look
  /// at (`Completion`): by default enough for every row to be reached many times over, bounded
  /// so that no month can make the rule run for long.
  func chainBudget(_ rows: Int) -> Int { settings.chainBudget ?? (1 << 20 + 64 * rows) }

  /// The pairs a rule keeps, as they are chosen (in amount order); `inCanonicalOrder(count:)`
  /// puts them by left row, the order links are made in.
  ///
  /// Appended, not written at each left row's canonical position as they are chosen: in a large
  /// month those writes land at random in arrays larger than the cache and stall the candidate
  /// search between them.
  struct Choices {
    /// A left row's partner, with the link's score and reasons: 8 bytes, so that the array
    /// the choices are put in order in stays small.
    struct Choice {
      /// −1: none.
      let partner: Int32
      let score: UInt8
      let reasons: MatchLink.Reasons
      /// The partner's date minus the left row's, in calendar days.
      let days: Int16
    }
    private var picked: [(index: Int32, choice: Choice)] = []

    init(capacity: Int) { picked.reserveCapacity(capacity) }

    /// Pairs chosen.
    var count: Int { picked.count }

    /// Keeps `p` for `left`, the row at position `left.index` in canonical order; `right` is
    /// the partner's entry.
    mutating func choose(_ p: Pair, _ left: SortedRow, _ right: SortedRow) {
      let days = Int16(clamping: Int(right.date) - Int(left.date))
      picked.append((left.index, Choice(partner: p.right, score: UInt8(clamping: max(0, min(100, p.score))), reasons: p.reasons, days: days)))
    }

    /// The choices at their left rows' canonical positions (below `count`); `partner` is −1 at
    /// a row left without one. One pass of random writes, apart from the search: cheaper than
    /// sorting the choices.
    func inCanonicalOrder(count: Int) -> [Choice] {
      var at = [Choice](repeating: Choice(partner: -1, score: 0, reasons: [], days: 0), count: count)
      at.withUnsafeMutableBufferPointer { at in
        for (index, choice) in picked { at[Int(index)] = choice }
      }
      return at
    }
  }

  /// Short augmenting paths (Kuhn's, bounded): a left row the greedy pass left out, because its
  /// only partner went to a row that had another one, is paired by moving that row to its next
  /// candidate. Rows are numbered by the caller (store rows, or positions in the sorted lists);
  /// `first` and `next` list each left row's pairs in precedence order, offset by `firstBase`
  /// and `nextBase`; each right row is tried once per search (`seen[right] == stamp`).
  struct Augmenting {
    var pairOf: [Int32]  // left → its pair's index
    var takenBy: [Int32]  // right → its left
    var seen: [UInt32]
    var stamp: UInt32 = 0
    var first: [Int32] = []
    var next: [Int32] = []
    var firstBase = 0, nextBase = 0
    /// Whether rows are numbered by their positions in the sorted lists.
    let byPosition: Bool

    init(lefts: Int, rights: Int, byPosition: Bool) {
      pairOf = [Int32](repeating: -1, count: lefts)
      takenBy = [Int32](repeating: -1, count: rights)
      seen = [UInt32](repeating: 0, count: rights)
      self.byPosition = byPosition
    }

    @inline(__always) func left(_ p: Pair) -> Int32 { byPosition ? p.leftAt : p.left }
    @inline(__always) func right(_ p: Pair) -> Int32 { byPosition ? p.rightAt : p.right }

    /// Greedy: takes pair `k` when both its rows are free; whether it did.
    @discardableResult mutating func take(_ k: Int, _ pairs: [Pair]) -> Bool {
      let l = Int(left(pairs[k])), r = Int(right(pairs[k]))
      guard pairOf[l] < 0, takenBy[r] < 0 else { return false }
      pairOf[l] = Int32(k)
      takenBy[r] = Int32(l)
      return true
    }

    /// Puts pair `k` first in its left row's list: listing pairs from the last in precedence
    /// order to the first leaves each list in precedence order.
    mutating func list(_ k: Int32, _ pairs: [Pair]) {
      let l = Int(left(pairs[Int(k)])) - firstBase
      next[Int(k) - nextBase] = first[l]
      first[l] = k
    }

    /// One search from the free left row `l`.
    mutating func search(_ l: Int32, _ pairs: [Pair]) {
      stamp += 1
      _ = tryPair(l, MatchState.augmentDepth, pairs)
    }

    /// Pairs `l` with a free right row, or with a taken one whose left row moves on. A row that
    /// moves keeps at least the reference evidence it had (`Pair.strength`): a chain never
    /// trades a reference match for a count.
    private mutating func tryPair(_ l: Int32, _ depth: Int, _ pairs: [Pair]) -> Bool {
      let least = pairOf[Int(l)] >= 0 ? pairs[Int(pairOf[Int(l)])].strength : Int8.min
      var k = first[Int(l) - firstBase]
      while k >= 0 {
        let r = Int(right(pairs[Int(k)]))
        defer { k = next[Int(k) - nextBase] }
        guard pairs[Int(k)].strength >= least, seen[r] != stamp else { continue }
        seen[r] = stamp
        let other = takenBy[r]
        if other >= 0 {
          guard depth > 0, tryPair(other, depth - 1, pairs) else { continue }
        }
        pairOf[Int(l)] = k
        takenBy[r] = l
        return true
      }
      return false
    }
  }

  mutating func oneToOne(_ rule: MatchRule, _ index: Int32, _ left: [Int], _ right: [Int]) {
    let lm = maskOf(left), rm = maskOf(right)
    var laps = Laps(indent: 2)
    let lefts = eligibleRows(left, notLinkedWith: rm)
    var rights = sortedSide(right, notLinkedWith: lm)
    guard !lefts.isEmpty, !rights.isEmpty else { return }
    var byAmount = sortedSide(left, notLinkedWith: rm, eligible: lefts)
    // A row without a reference of its own carries its group's, for ranking: a bank deposit
    // already paired with the GL line "RCT-50284" is the one the receipt RCT-50284 takes, among
    // deposits of its amount, whatever order the exports list them in.
    if rule.reference == .any, let refs = groupReferences() {
      rights = withGroupReferences(rights, refs)
      byAmount = withGroupReferences(byAmount, refs)
    }
    if rule.reference == .inMemo || rule.reference == .similar || rule.counterparty == .similar {
      texts = RowTexts(store, rows: lefts + rights.lazy.map(\.row))
    }
    defer { texts = nil }
    laps.lap("both sides by amount")
    if rule.reference == .any && !evidenceMade {
      readEvidence()
      laps.lap("evidence read from the texts")
    }
    var chosen = Choices(capacity: lefts.count)
    let equal: Bool
    let longer: (byLongerChains: Int, stopped: Bool)
    if case .equal = rule.amount, Set(left).isDisjoint(with: right) {
      longer = pairByAmount(rule, byAmount, rights, &chosen, &laps)
      equal = true
    } else {
      longer = pairWithTolerance(rule, lefts, byAmount, rights, &chosen, &laps)
      equal = false
    }
    if longer.stopped {
      notes.append(
        "rule \(rule.name): the search for longer chains of moves stopped after looking at \(chainBudget(byAmount.count + rights.count)) rows, having paired \(longer.byLongerChains); rows that could pair may be left apart")
    }
    let inOrder = chosen.inCanonicalOrder(count: lefts.count)
    // Room for the links made below, so the lists are not copied as they grow.
    linkSet.links.reserveCapacity(linkSet.links.count + chosen.count)
    linkSet.linkRows.reserveCapacity(linkSet.linkRows.count + 2 * chosen.count)
    laps.lap("choices in canonical order")
    // The partners lie at random in the store: at 1M rows each read of theirs missed the cache.
    let leftBit = RowIndex.sideBit(left), rightBit = RowIndex.sideBit(right)
    for (k, c) in inOrder.enumerated() where c.partner >= 0 {
      let l = lefts[k], r = c.partner
      let known = LinkSet.Summary(
        bits: (leftBit ?? sourceBit(l), rightBit ?? sourceBit(r)), difference: equal ? 0 : amount(l) - amount(r), days: c.days)
      addLink(rule: index, left: CollectionOfOne(l), right: CollectionOfOne(r), known, reasons: c.reasons, score: Int(c.score))
    }
    laps.lap("links")
  }

  /// Appends `left`'s candidates among `rights` to `out`: at most `candidatesPerRow`, the best
  /// by precedence. `from` is where the previous (not larger) left amount's search began.
  func collectPairs(
    _ rule: MatchRule, window w: Int32, _ left: SortedRow, at leftAt: Int, _ rights: [SortedRow], from: inout Int, into out: inout [Pair]
  ) {
    let l = left.row, a = left.amount, c = left.currency, d = left.date
    let tol = tolerance(rule, a, l)
    // The lower end moves up with the amounts: start from the last one.
    from = min(from, rights.count)
    if from > 0 && (rights[from - 1].currency, rights[from - 1].amount) >= (c, a - tol) { from = 0 }
    var k = SortedRow.lowerBound(near: from, rights, c, a - tol, Int32.min)
    from = k
    let mine = out.count
    var scanned = 0
    while k < rights.count, rights[k].currency == c, rights[k].amount <= a + tol, scanned < MatchState.scanLimit {
      // One amount's rows, sorted by date: jump to the window's first day.
      let x = rights[k].amount
      let bucketEnd = SortedRow.lowerBound(near: k, rights, c, x, Int32.max)
      let j = SortedRow.lowerBound(rights, k, bucketEnd, c, x, d - w)
      pairsInBucket(rule, window: w, left, at: leftAt, rights, j, bucketEnd, scanned: &scanned, into: &out)
      k = bucketEnd
    }
    MatchState.keepBest(&out, from: mine)
  }

  /// Appends `left`'s candidates among `rights[j..<end]`, rows of one amount sorted by date,
  /// from `j`, the window's first day, to its last; `scanned` counts the rows looked at.
  @inline(__always) func pairsInBucket(
    _ rule: MatchRule, window w: Int32, _ left: SortedRow, at leftAt: Int, _ rights: [SortedRow], _ j: Int, _ end: Int,
    scanned: inout Int, into out: inout [Pair]
  ) {
    var j = j
    while j < end, rights[j].date <= left.date + w, scanned < MatchState.scanLimit {
      scanned += 1
      if let p = candidate(rule, left, at: leftAt, rights[j], at: j) { out.append(p) }
      j += 1
    }
  }

  /// `left` and `right` as a candidate pair of the 1:1 `rule`, or nil when they may not pair;
  /// `leftAt` and `rightAt` are their positions in their sides' amount-sorted lists. The caller
  /// has checked that `right`'s date lies within the rule's calendar window of `left`'s.
  @inline(__always) func candidate(_ rule: MatchRule, _ left: SortedRow, at leftAt: Int, _ right: SortedRow, at rightAt: Int) -> Pair? {
    let l = left.row, a = left.amount, r = right.row, x = right.amount
    guard (x < 0) == (a < 0) || x == a, l != r, !isForbidden(l, r) else { return nil }
    let dd = days(left.date, right.date, business: rule.businessDays)
    guard abs(dd) <= rule.windowDays else { return nil }
    guard let (strength, found) = referenceStrength(l, r, left.ref, right.ref, rule.reference) else { return nil }
    var why = found
    if rule.counterparty == .similar {
      guard counterpartiesSimilar(l, r) else { return nil }
      why.insert(.counterpartySimilar)
    }
    return Pair(
      left: l, right: r, leftAt: Int32(leftAt), rightAt: Int32(rightAt), amountDiff: (a - x).magnitude,
      leftIndex: left.index, rightIndex: right.index, days: Int32(dd), strength: Int8(strength), reasons: why)
  }

  /// Right rows of one amount from a row's window's first beyond which the row takes its
  /// candidates nearest first (`nearestFirst`) instead of reading the whole window.
  static let nearestFirstAbove = 64

  /// Appends the candidates of the left rows of one amount from `byAmount[start]` on, among
  /// that amount's right rows `rights[bucket]` (more than `nearestFirstAbove`), for a rule whose
  /// pairs rank by reference and date alone (`byDateAlone`), and moves `end` past the amount's
  /// last left row; returns how many of them got a candidate. A row whose window holds more
  /// than `nearestFirstAbove` right rows takes them nearest first; another reads its window.
  /// Out of line and apart from the loop over amounts, though its `else` repeats that loop's
  /// body: tested for each row there, it slows the common case, where no amount has so many
  /// rows.
  @inline(never) func candidatesOfDenseAmount(
    _ byAmount: [SortedRow], from start: Int, to end: inout Int, _ rights: [SortedRow], _ bucket: Range<Int>, window w: Int32,
    _ rule: MatchRule, into pairs: inout [Pair]
  ) -> Int {
    let (c, a) = (byAmount[start].currency, byAmount[start].amount)
    var windowStart = bucket.lowerBound, withPairs = 0
    // The amount's right rows by reference key, and by identifier and name (`Evidence`), made
    // when a row with such a key needs them.
    var byReference: [UInt32: [Int32]]? = nil
    var byIdentifier: [UInt32: [Int32]]? = nil, byName: [UInt32: [Int32]]? = nil
    func index(_ keys: (Int32) -> ArraySlice<UInt32>) -> [UInt32: [Int32]] {
      var out: [UInt32: [Int32]] = [:]
      for k in bucket { for key in keys(rights[k].row) { out[key, default: []].append(Int32(k)) } }
      return out
    }
    /// The positions of the rows any of `keys` lists, in order, once each.
    func rows(_ keys: ArraySlice<UInt32>, _ listed: [UInt32: [Int32]]?) -> [Int32] {
      guard let listed, !keys.isEmpty else { return [] }
      let found = keys.flatMap { listed[$0] ?? [] }
      return keys.count == 1 ? found : Array(Set(found)).sorted()
    }
    end = start
    while end < byAmount.count, byAmount[end].amount == a, byAmount[end].currency == c {
      let left = byAmount[end], mine = pairs.count
      windowStart = SortedRow.lowerBound(near: windowStart, rights, c, a, left.date - w)
      if bucket.upperBound - windowStart > MatchState.nearestFirstAbove {
        if left.ref != 0 && byReference == nil {
          byReference = Dictionary(grouping: bucket.filter { rights[$0].ref != 0 }.map(Int32.init)) { rights[Int($0)].ref }
        }
        var sharing: [[Int32]] = [byReference?[left.ref] ?? []]
        if let evidence {
          let (ids, names) = (evidence.identifiers(left.row), evidence.names(left.row))
          if !ids.isEmpty && byIdentifier == nil { byIdentifier = index(evidence.identifiers) }
          if !names.isEmpty && byName == nil { byName = index(evidence.names) }
          sharing += [rows(ids, byIdentifier), rows(names, byName)]
        }
        nearestFirst(rule, left, at: end, rights, windowStart, bucket.upperBound, window: w, sharing: sharing, into: &pairs)
      } else {
        var scanned = 0
        pairsInBucket(rule, window: w, left, at: end, rights, windowStart, bucket.upperBound, scanned: &scanned, into: &pairs)
        MatchState.keepBest(&pairs, from: mine)
      }
      if pairs.count > mine { withPairs += 1 }
      end += 1
    }
    return withPairs
  }

  /// Appends `left`'s best `candidatesPerRow` candidates among `rights[j..<end]`, rows of one
  /// amount sorted by date from the window's first day, when every pair passes the rule and
  /// only what the rows share makes one stronger (`byDateAlone`): the right rows with `left`'s
  /// reference key, then those sharing an identifier, then a name (`sharing`, positions, each
  /// list taking the rows of its strength), then the others by date alone (nearest, later
  /// before earlier, then file order, which is the order of a day's rows), so the days are read
  /// from the row's own outwards and reading stops at the 16th. The same candidates as reading
  /// the whole window and keeping the best (`pairsInBucket`), without reading hundreds of rows
  /// a day for each row (where the scan limit would stop short of even the nearest).
  func nearestFirst(
    _ rule: MatchRule, _ left: SortedRow, at leftAt: Int, _ rights: [SortedRow], _ j: Int, _ end: Int, window w: Int32,
    sharing: [[Int32]], into out: inout [Pair]
  ) {
    let mine = out.count
    // Reads `count` rows, the `at(x)`th of `rights` for x in 0..<count, which are in date order,
    // day by day from the row's own outwards, later before earlier, each day's in file order,
    // until the row has its candidates.
    func outwards(_ count: Int, _ at: (Int) -> Int, strength: Int8?) {
      var distance: Int32 = 0
      while count > 0, distance <= w, out.count - mine < MatchState.candidatesPerRow {
        for day in distance == 0 ? [left.date] : [left.date + distance, left.date - distance] {
          var lo = 0, hi = count
          while lo < hi {
            let mid = (lo + hi) / 2
            if rights[at(mid)].date < day { lo = mid + 1 } else { hi = mid }
          }
          while lo < count, out.count - mine < MatchState.candidatesPerRow {
            let k = at(lo)
            guard rights[k].date == day else { break }
            if let p = candidate(rule, left, at: leftAt, rights[k], at: k), strength.map({ p.strength == $0 }) ?? true { out.append(p) }
            lo += 1
          }
        }
        distance += 1
      }
    }
    // The rows with its reference first, then those sharing an identifier, then a name, each
    // list read so too, not the whole window for each row; each takes the rows of its
    // strength (a row sharing a name and the reference was taken with the reference).
    for (k, list) in sharing.enumerated() where !list.isEmpty {
      outwards(list.count, { Int(list[$0]) }, strength: Int8(3 - k))
    }
    // Then the others of the window.
    outwards(end - j, { j + $0 }, strength: sharing.contains { !$0.isEmpty } ? 0 : nil)
  }

  /// Keeps the best `candidatesPerRow` by precedence of a row's candidates, `out[mine...]`.
  /// Picked, not sorted whole: a row can have thousands.
  @inline(__always) static func keepBest(_ out: inout [Pair], from mine: Int) {
    if out.count - mine > MatchState.candidatesPerRow { keepBestOfMany(&out, from: mine) }
  }

  @inline(never) private static func keepBestOfMany(_ out: inout [Pair], from mine: Int) {
    let best = out[mine...].min(count: MatchState.candidatesPerRow) { $0.precedes($1) }
    out.replaceSubrange(mine..., with: best)
  }

  /// Sorts `pairs[from...]`, pairs of one amount difference, by precedence. Most amounts have
  /// two or three candidates, fewer than repay the library sort's set-up. Compared by `rank`,
  /// two integers, instead of `precedes`, a branch a field.
  @inline(__always) static func sortByPrecedence(_ pairs: inout [Pair], from: Int) {
    assert(pairs[from...].allSatisfy { $0.amountDiff == pairs[from].amountDiff }, "pairs of several amount differences")
    guard pairs.count - from <= 16 else {
      pairs[from...].sort { $0.rank < $1.rank }
      return
    }
    pairs.withUnsafeMutableBufferPointer { p in
      for j in from + 1..<p.count {
        let x = p[j], rank = x.rank
        var i = j
        while i > from && rank < p[i - 1].rank {
          p[i] = p[i - 1]
          i -= 1
        }
        p[i] = x
      }
    }
  }

  /// Equal amounts: a left row's candidates all have its amount, so rows of different amounts
  /// never compete, and each amount's rows are paired on their own, one amount after the
  /// other, with state indexed by position in the amount-sorted lists. Greedy and augmenting
  /// in precedence order within each amount give the pairs the same passes over the whole
  /// rule would (no path crosses amounts), but every access stays near the last one instead of
  /// jumping across row-sized arrays.
  private func pairByAmount(
    _ rule: MatchRule, _ byAmount: [SortedRow], _ rights: [SortedRow],
    _ chosen: inout Choices, _ laps: inout Laps
  ) -> (byLongerChains: Int, stopped: Bool) {
    let w = calendarWindow(rule)
    var state = Augmenting(lefts: byAmount.count, rights: rights.count, byPosition: true)
    var pairs: [Pair] = []
    var free: [Int32] = []
    var from = 0, made = 0
    var longer = Completion(budget: chainBudget(byAmount.count + rights.count))
    // Whether a row without a reference ranks its candidates by date alone: every pair passes
    // and has the same strength.
    let byDateAlone = rule.reference == .any && rule.counterparty == .any && !rule.businessDays && linkSet.forbidden.isEmpty
    var i = 0
    while i < byAmount.count {
      let (c, a) = (byAmount[i].currency, byAmount[i].amount)
      var end = i
      // This amount's pairs are `pairs[base...]`; the list is emptied only now and then, not
      // for every amount.
      if pairs.count > 4096 { pairs.removeAll(keepingCapacity: true) }
      let base = pairs.count
      // This amount's right rows, found once for all its left rows; the left rows come in date
      // order, so each one's window starts at or after the previous one's (the tolerance
      // rules' search, `collectPairs`, has each left row search on its own).
      from = min(from, rights.count)
      if from > 0 && (rights[from - 1].currency, rights[from - 1].amount) >= (c, a) { from = 0 }
      let bucket = SortedRow.lowerBound(near: from, rights, c, a, Int32.min)
      from = bucket
      let bucketEnd =
        bucket < rights.count && rights[bucket].currency == c && rights[bucket].amount == a
        ? SortedRow.lowerBound(near: bucket, rights, c, a, Int32.max) : bucket
      var windowStart = bucket
      var withPairs = 0
      if bucketEnd - bucket > MatchState.nearestFirstAbove && byDateAlone {
        withPairs = candidatesOfDenseAmount(byAmount, from: i, to: &end, rights, bucket..<bucketEnd, window: w, rule, into: &pairs)
      }
      while end < byAmount.count, byAmount[end].amount == a, byAmount[end].currency == c {
        let left = byAmount[end]
        windowStart = SortedRow.lowerBound(near: windowStart, rights, c, a, left.date - w)
        let mine = pairs.count
        var scanned = 0
        pairsInBucket(rule, window: w, left, at: end, rights, windowStart, bucketEnd, scanned: &scanned, into: &pairs)
        MatchState.keepBest(&pairs, from: mine)
        if pairs.count > mine { withPairs += 1 }
        end += 1
      }
      defer { i = end }
      guard pairs.count > base else { continue }
      made += pairs.count - base
      if pairs.count - base > 1 { MatchState.sortByPrecedence(&pairs, from: base) }
      var taken = 0
      for k in base..<pairs.count where state.take(k, pairs) { taken += 1 }
      // Then augmenting paths, free rows in canonical order; only when a row with a candidate
      // is still free (each pair taken pairs another left row), which is counted, not looked
      // for among the pairs: most amounts hold a few rows that the greedy pass paired all.
      if taken < withPairs {
        if state.first.count < end - i { state.first = [Int32](repeating: -1, count: 2 * (end - i)) }
        for x in 0..<end - i { state.first[x] = -1 }
        if state.next.count < pairs.count - base { state.next = [Int32](repeating: -1, count: 2 * (pairs.count - base)) }
        (state.firstBase, state.nextBase) = (i, base)
        for k in (base..<pairs.count).reversed() { state.list(Int32(k), pairs) }
        free.removeAll(keepingCapacity: true)
        for at in i..<end where state.pairOf[at] < 0 && state.first[at - i] >= 0 { free.append(Int32(at)) }
        if free.count > 1 { free.sort { byAmount[Int($0)].index < byAmount[Int($1)].index } }
        for at in free { state.search(at, pairs) }
        free.removeAll { state.pairOf[Int($0)] >= 0 }
        if !free.isEmpty {
          let amount = Completion.Scope(rule: rule, window: w, lefts: i..<end, bucket: bucket..<bucketEnd, byAmount: byAmount, rights: rights)
          longer.run(self, amount, free: free, &state, &pairs)
        }
      }
      for at in i..<end where state.pairOf[at] >= 0 {
        let p = pairs[Int(state.pairOf[at])]
        chosen.choose(p, byAmount[at], rights[Int(p.rightAt)])
      }
    }
    laps.lap("\(made) candidates, paired amount by amount, \(longer.paired) by longer chains (up to \(longer.longest) moves)")
    return (longer.paired, longer.stopped)
  }

  /// Amounts within a tolerance: candidates cross amounts, so the pairing runs over the whole
  /// rule, with state indexed by row.
  private func pairWithTolerance(
    _ rule: MatchRule, _ lefts: [Int32], _ byAmount: [SortedRow], _ rights: [SortedRow],
    _ chosen: inout Choices, _ laps: inout Laps
  ) -> (byLongerChains: Int, stopped: Bool) {
    let w = calendarWindow(rule)
    var pairs: [Pair] = []
    pairs.reserveCapacity(byAmount.count + byAmount.count / 4)
    var from = 0
    for (at, left) in byAmount.enumerated() {
      collectPairs(rule, window: w, left, at: at, rights, from: &from, into: &pairs)
    }
    laps.lap("\(pairs.count) candidates")
    // Precedence is a total order (file order last), so the order pairs were made in does not
    // matter.
    var order = Array(0..<Int32(pairs.count))
    order.sort { pairs[Int($0)].precedes(pairs[Int($1)]) }
    // Greedy first: each pair in order of precedence, when both rows are free. Row-indexed
    // arrays, not dictionaries.
    var state = Augmenting(lefts: store.count, rights: store.count, byPosition: false)
    for k in order { state.take(Int(k), pairs) }
    laps.lap("precedence and greedy pass")
    // Then augmenting paths over the whole rule, free rows in canonical order.
    state.first = [Int32](repeating: -1, count: store.count)
    state.next = [Int32](repeating: -1, count: pairs.count)
    for k in order.reversed() { state.list(k, pairs) }
    for l in lefts where state.pairOf[Int(l)] < 0 && state.first[Int(l)] >= 0 { state.search(l, pairs) }
    laps.lap("augmenting paths")
    // Then longer chains, which work by position in the amount-sorted lists.
    let free = lefts.filter { state.pairOf[Int($0)] < 0 && state.first[Int($0)] >= 0 }
    var longer = Completion(budget: chainBudget(byAmount.count + rights.count))
    var byPosition: Augmenting? = nil
    if !free.isEmpty && longer.enabled {
      var at = Augmenting(lefts: byAmount.count, rights: rights.count, byPosition: true)
      var positionOf: [Int32: Int32] = [:]
      for (k, left) in byAmount.enumerated() {
        let p = state.pairOf[Int(left.row)]
        if p >= 0 {
          at.pairOf[k] = p
          at.takenBy[Int(pairs[Int(p)].rightAt)] = Int32(k)
        } else {
          positionOf[left.row] = Int32(k)
        }
      }
      let all = Completion.Scope(
        rule: rule, window: w, lefts: 0..<byAmount.count, bucket: 0..<rights.count, byAmount: byAmount, rights: rights, tolerant: true)
      longer.run(self, all, free: free.compactMap { positionOf[$0] }, &at, &pairs)
      byPosition = at
    }
    for (k, left) in byAmount.enumerated() {
      let p = byPosition?.pairOf[k] ?? state.pairOf[Int(left.row)]
      guard p >= 0 else { continue }
      chosen.choose(pairs[Int(p)], left, rights[Int(pairs[Int(p)].rightAt)])
    }
    laps.lap("\(longer.paired) by longer chains (up to \(longer.longest) moves)")
    return (longer.paired, longer.stopped)
  }
}
