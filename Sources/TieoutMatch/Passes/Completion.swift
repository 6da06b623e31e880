import Algorithms

/// The last step of a 1:1 rule, on one amount's rows (equal amounts) or on the whole rule (an
/// amount tolerance): augmenting paths of any length, over every pair the rule allows rather
/// than each row's best 16, so that as many rows pair as can.
///
/// The greedy pass and the short paths before it keep each row's best partner, but they can
/// leave rows apart that a longer chain of moves would pair: receipts of one amount, ten a
/// day, deposited 0–3 days later, where each row's 16 nearest deposits were all taken; or
/// hundreds of lines of one amount a day, where every row's 16 best are the day's first 16 in
/// file order.
///
/// Hopcroft–Karp: each phase finds, breadth first from every row left out at once, the length
/// of the shortest chains, then pairs the rows left out along chains of that length that share
/// no row, depth first. A chain ends at the free partner of the smallest amount difference,
/// then nearest in date, that may pair. A row's partners of one amount are the right rows
/// within the window of its date, a run of the amount-and-date-sorted list (with a tolerance,
/// one run per amount within it), so each pass steps over the right rows it has reached already
/// with a union-find "next not reached" list and looks at each right row once per phase. Work
/// is counted in rows looked at (and amounts, with a tolerance); past the rule's budget the
/// search stops, and the rule says so. What it pairs and costs: docs/PERFORMANCE.md.
extension MatchState {
  struct Completion {
    /// Taken right rows, by position: `next[x]` leads to the first row
    /// at or after `x` that this phase's breadth-first pass has not reached (free rows count as
    /// reached: they are found through `up` and `down`).
    private var next: [Int32] = []
    /// For the depth-first pass, the right rows the breadth-first pass reached, by their
    /// partners' layer, each layer's in position order and closed by `Int32.max`: a row at
    /// layer k reaches on only through rows whose partners are at k + 1 (`byLayer[start[k + 1]...]`).
    /// `used[i]` leads to the first of `byLayer[i...]` the pass has not gone through.
    private var byLayer: [Int32] = []
    private var start: [Int] = []
    private var used: [Int32] = []
    /// Free right rows: `up[x]` leads to the first free row at or after `x` (`n`: none),
    /// `down[x]` to the last free row before `x`, plus one (0: none). Rows are only ever taken
    /// here, never let go, so these last the whole amount.
    private var up: [Int32] = []
    private var down: [Int32] = []
    /// Left rows' layers in this phase, by position from `lefts`' first (−1: not reached,
    /// or no chain through it).
    private var layer: [Int32] = []
    private var queue: [Int32] = []
    /// The depth-first pass's chain: each left row, where its scan is (a span, and an index in
    /// `byLayer`; −1: not begun), and the right row it moved on through.
    private var stack: [(left: Int32, span: Int32, at: Int32, through: Int32)] = []
    /// The runs of right rows (positions) a left row may pair with,
    /// one for each amount within the rule's tolerance, in position order (`spans(of:)`), and
    /// their amounts' differences from the row's.
    private var spans: [(lo: Int, hi: Int, difference: UInt64)] = []
    /// `spans`' indices, smallest amount difference first (`nearestFree`).
    private var byDifference: [Int] = []
    /// Rows looked at that the rule may still spend; whether it had any to begin with (a budget
    /// of 0 turns the chains off).
    private(set) var budget: Int
    let enabled: Bool
    /// Rows this step paired, and whether it ran out of budget with rows left to pair.
    private(set) var paired = 0
    private(set) var stopped = false
    /// The most rows a chain moved (for `TIEOUT_TRACE_RULES`).
    private(set) var longest: Int32 = 0

    init(budget: Int) {
      self.budget = budget
      enabled = budget > 0
    }

    /// The rows to pair: left rows `lefts` (positions in `byAmount`) and right rows
    /// `rights[bucket]`, one amount's rows sorted by date or, for a tolerant rule, the whole
    /// rule's. Positions in the text below count from `bucket`'s first.
    struct Scope {
      let rule: MatchRule
      let window: Int32
      let lefts: Range<Int>
      let bucket: Range<Int>
      let byAmount: [SortedRow]
      let rights: [SortedRow]
      /// Whether the rule allows an amount difference: a left row's partners are then runs of
      /// several amounts' rows.
      var tolerant = false
    }

    /// Pairs what it can of the free left rows `free`, in the order given (canonical), moving
    /// paired rows as needed. New pairs are appended to `pairs`, and `state` (by position) says
    /// who has whom.
    mutating func run(_ engine: MatchState, _ s: Scope, free: [Int32], _ state: inout MatchState.Augmenting, _ pairs: inout [Pair]) {
      guard !free.isEmpty, s.bucket.contains(where: { state.takenBy[$0] < 0 }) else { return }
      guard budget > 0 else {
        stopped = enabled
        return
      }
      let n = s.bucket.count, base = s.bucket.lowerBound
      Completion.identity(&up, n + 1)
      Completion.identity(&down, n + 1)
      for x in 0..<n where state.takenBy[base + x] >= 0 { take(x) }
      var free = free
      defer { if !free.isEmpty && budget <= 0 { stopped = true } }
      while !free.isEmpty, budget > 0 {
        guard let limit = layers(engine, s, free, state, pairs) else { return }
        longest = max(longest, limit)
        var made = 0
        listByLayer(s, state, limit: limit)
        for root in free where budget > 0 {
          if chain(from: root, limit: limit, engine, s, &state, &pairs) { made += 1 }
        }
        paired += made
        guard made > 0 else { return }
        free.removeAll { state.pairOf[Int($0)] >= 0 }
      }
    }

    /// The breadth-first pass: each left row's layer, and the layer of the shortest chains'
    /// last left row (nil: no chain).
    private mutating func layers(
      _ engine: MatchState, _ s: Scope, _ free: [Int32], _ state: MatchState.Augmenting, _ pairs: [Pair]
    ) -> Int32? {
      let n = s.bucket.count, base = s.bucket.lowerBound, first = s.lefts.lowerBound
      Completion.identity(&next, n + 1)
      for x in 0..<n where state.takenBy[base + x] < 0 { next[x] = Int32(x + 1) }
      Completion.fill(&layer, -1, s.lefts.count)
      queue.removeAll(keepingCapacity: true)
      for root in free {
        layer[Int(root) - first] = 0
        queue.append(root)
      }
      var limit: Int32? = nil
      var head = 0
      while head < queue.count, budget > 0 {
        let x = Int(queue[head])
        head += 1
        let k = layer[x - first]
        if let limit, k >= limit { break }
        let least = leastStrength(x, state, pairs)
        spans(of: x, engine, s)
        if nearestFree(to: x, least: least, engine, s) != nil {
          limit = k
          continue
        }
        guard limit == nil else { continue }
        for (lo, hi, _) in spans {
          var j = MatchState.Completion.root(&next, lo)
          while j < hi, budget > 0 {
            budget -= 1
            if let p = engine.candidate(s.rule, s.byAmount[x], at: x, s.rights[base + j], at: base + j), p.strength >= least {
              next[j] = Int32(j + 1)
              let mate = Int(state.takenBy[base + j]) - first
              if layer[mate] < 0 {
                layer[mate] = k + 1
                queue.append(Int32(mate + first))
              }
            }
            j = MatchState.Completion.root(&next, j + 1)
          }
        }
      }
      return limit
    }

    /// The depth-first pass from the free left row `root`: pairs it along a chain of layers up
    /// to `limit` that ends at a free right row; whether it found one.
    private mutating func chain(
      from root: Int32, limit: Int32, _ engine: MatchState, _ s: Scope, _ state: inout MatchState.Augmenting, _ pairs: inout [Pair]
    ) -> Bool {
      let base = s.bucket.lowerBound, first = s.lefts.lowerBound
      stack.removeAll(keepingCapacity: true)
      stack.append((root, 0, -1, -1))
      while let top = stack.last, budget > 0 {
        let x = Int(top.left), k = layer[x - first]
        let least = leastStrength(x, state, pairs)
        spans(of: x, engine, s)
        if k == limit {
          if let end = nearestFree(to: x, least: least, engine, s) {
            move(to: end, engine, s, &state, &pairs)
            return true
          }
        } else if let (span, i, j) = nextStep(from: top, layer: k, least: least, engine, s, state) {
          let mate = state.takenBy[base + j]
          stack[stack.count - 1].span = Int32(span)
          stack[stack.count - 1].at = Int32(i + 1)
          stack.append((mate, 0, -1, Int32(base + j)))
          continue
        }
        // No chain through `x` in this phase.
        layer[x - first] = -1
        stack.removeLast()
      }
      return false
    }

    /// Moves the chain on the stack: its last left row takes the free right row `end`, and each
    /// row before it the right row the chain moved on through.
    private mutating func move(to end: Int, _ engine: MatchState, _ s: Scope, _ state: inout MatchState.Augmenting, _ pairs: inout [Pair]) {
      let base = s.bucket.lowerBound
      take(end)
      var r = end
      for step in stack.reversed() {
        let x = Int(step.left)
        guard let p = engine.candidate(s.rule, s.byAmount[x], at: x, s.rights[base + r], at: base + r) else {
          preconditionFailure("a pair found by the search no longer passes the rule")
        }
        pairs.append(p)
        state.pairOf[x] = Int32(pairs.count - 1)
        state.takenBy[base + r] = Int32(x)
        r = Int(step.through) - base
      }
    }

    /// Lists the right rows the breadth-first pass reached by their partners' layers (1 to
    /// `limit`), for the depth-first pass.
    private mutating func listByLayer(_ s: Scope, _ state: MatchState.Augmenting, limit: Int32) {
      let base = s.bucket.lowerBound, first = s.lefts.lowerBound, layers = Int(limit) + 1
      var count = [Int](repeating: 0, count: layers + 1)
      func partnerLayer(_ j: Int) -> Int? {
        let mate = Int(state.takenBy[base + j])
        guard mate >= 0, case let k = Int(layer[mate - first]), k >= 1, k < layers else { return nil }
        return k
      }
      for j in 0..<s.bucket.count { if let k = partnerLayer(j) { count[k] += 1 } }
      start = [Int](repeating: 0, count: layers + 1)
      for k in 1...layers { start[k] = start[k - 1] + count[k - 1] + 1 }
      Completion.fill(&byLayer, Int32.max, start[layers])
      var fill = start
      for j in 0..<s.bucket.count {
        guard let k = partnerLayer(j) else { continue }
        byLayer[fill[k]] = Int32(j)
        fill[k] += 1
      }
      Completion.identity(&used, byLayer.count)
      // Each layer's closing `Int32.max` is its own root: no search goes past it.
    }

    /// The depth-first pass's next step from `top`, a left row at layer `k` whose `spans` are
    /// filled: the span, the index in `byLayer` and the right row (position) through whose
    /// partner, at layer k + 1, the chain goes on; nil when there is none.
    /// Resumes where the row's scan stopped (`top.span`, `top.at`; −1: not begun).
    private mutating func nextStep(
      from top: (left: Int32, span: Int32, at: Int32, through: Int32), layer k: Int32, least: Int8, _ engine: MatchState, _ s: Scope,
      _ state: MatchState.Augmenting
    ) -> (span: Int, at: Int, right: Int)? {
      let base = s.bucket.lowerBound, first = s.lefts.lowerBound, x = Int(top.left)
      let segment = Int(k) + 1
      guard segment + 1 < start.count else { return nil }
      let layerRows = byLayer[start[segment]..<start[segment + 1] - 1]
      for span in Int(top.span)..<spans.count {
        let (lo, hi, _) = spans[span]
        let from = span == Int(top.span) && top.at >= 0 ? Int(top.at) : layerRows.partitioningIndex { $0 >= Int32(lo) }
        var i = MatchState.Completion.root(&used, from), j = Int(byLayer[i])
        while j < hi, budget > 0 {
          budget -= 1
          if let p = engine.candidate(s.rule, s.byAmount[x], at: x, s.rights[base + j], at: base + j), p.strength >= least {
            // A right row leads only to its partner: once a chain goes through it, or its
            // partner has none, no other row can use it in this phase.
            used[i] = Int32(i + 1)
            if layer[Int(state.takenBy[base + j]) - first] == k + 1 { return (span, i, j) }
          }
          i = MatchState.Completion.root(&used, i + 1)
          j = Int(byLayer[i])
        }
      }
      return nil
    }

    /// Fills `spans` with the runs of right rows left row `x` may pair with: within the rule's
    /// calendar window of its date, of its amount or, for a tolerant rule, of each amount within
    /// the tolerance.
    private mutating func spans(of x: Int, _ engine: MatchState, _ s: Scope) {
      spans.removeAll(keepingCapacity: true)
      let left = s.byAmount[x], base = s.bucket.lowerBound, rights = s.rights
      guard s.tolerant else {
        let bucket = rights[s.bucket]
        spans.append(
          (bucket.partitioningIndex { $0.date >= left.date - s.window } - base,
           bucket.partitioningIndex { $0.date > left.date + s.window } - base, 0))
        return
      }
      let c = left.currency, tol = engine.tolerance(s.rule, left.amount, left.row)
      var k = SortedRow.lowerBound(rights, s.bucket.lowerBound, s.bucket.upperBound, c, left.amount - tol, Int32.min)
      while k < s.bucket.upperBound, rights[k].currency == c, rights[k].amount <= left.amount + tol, budget > 0 {
        budget -= 1
        let amount = rights[k].amount
        let end = SortedRow.lowerBound(near: k, rights, c, amount, Int32.max)
        let lo = SortedRow.lowerBound(rights, k, end, c, amount, left.date - s.window)
        let hi = SortedRow.lowerBound(rights, lo, end, c, amount, left.date + s.window + 1)
        if lo < hi { spans.append((lo - base, hi - base, (left.amount - amount).magnitude)) }
        k = end
      }
    }

    /// A row that is moved keeps at least the reference evidence it had: a chain never trades
    /// a reference match for a count. A free row takes any.
    private func leastStrength(_ x: Int, _ state: MatchState.Augmenting, _ pairs: [Pair]) -> Int8 {
      state.pairOf[x] >= 0 ? pairs[Int(state.pairOf[x])].strength : Int8.min
    }

    /// The free right row in `spans` that may pair with left row `x` at `least` reference
    /// strength: of the smallest amount difference, then nearest in date (the later of two as
    /// near).
    private mutating func nearestFree(to x: Int, least: Int8, _ engine: MatchState, _ s: Scope) -> Int? {
      byDifference.removeAll(keepingCapacity: true)
      byDifference.append(contentsOf: spans.indices)
      if spans.count > 1 { byDifference.sort { (spans[$0].difference, $0) < (spans[$1].difference, $1) } }
      for span in byDifference {
        if let j = nearestFree(to: x, least: least, lo: spans[span].lo, hi: spans[span].hi, engine, s) { return j }
      }
      return nil
    }

    /// The free right row in `lo..<hi`, one amount's rows, nearest in date to left row `x` that
    /// may pair with it at `least` reference strength.
    private mutating func nearestFree(to x: Int, least: Int8, lo: Int, hi: Int, _ engine: MatchState, _ s: Scope) -> Int? {
      let base = s.bucket.lowerBound, left = s.byAmount[x]
      let pivot = s.rights[base + lo..<base + hi].partitioningIndex { $0.date >= left.date } - base
      var later = MatchState.Completion.root(&up, pivot), earlier = MatchState.Completion.root(&down, pivot) - 1
      while budget > 0 {
        let laterOK = later < hi, earlierOK = earlier >= lo
        guard laterOK || earlierOK else { return nil }
        let j: Int
        if laterOK && (!earlierOK || s.rights[base + later].date - left.date <= left.date - s.rights[base + earlier].date) {
          j = later
          later = MatchState.Completion.root(&up, later + 1)
        } else {
          j = earlier
          earlier = MatchState.Completion.root(&down, earlier) - 1
        }
        budget -= 1
        if let p = engine.candidate(s.rule, left, at: x, s.rights[base + j], at: base + j), p.strength >= least { return j }
      }
      return nil
    }

    /// Marks the right row at `x` taken.
    private mutating func take(_ x: Int) {
      up[x] = Int32(x + 1)
      down[x + 1] = Int32(x)
    }

    /// Sets `list` to 0, 1, … `count` − 1, keeping its storage: most amounts that get here have a
    /// few rows, and allocating their lists cost more than searching them.
    static func identity(_ list: inout [Int32], _ count: Int) {
      list.removeAll(keepingCapacity: true)
      list.append(contentsOf: 0..<Int32(count))
    }

    static func fill(_ list: inout [Int32], _ value: Int32, _ count: Int) {
      list.removeAll(keepingCapacity: true)
      list.append(contentsOf: repeatElement(value, count: count))
    }

    /// The root of `x` in the union-find list `links` (where `links[r] == r`), with the path
    /// to it shortened.
    static func root(_ links: inout [Int32], _ x: Int) -> Int {
      var root = x
      while links[root] != Int32(root) { root = Int(links[root]) }
      var at = x
      while links[at] != Int32(at) {
        let following = Int(links[at])
        links[at] = Int32(root)
        at = following
      }
      return root
    }
  }
}
