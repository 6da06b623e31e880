import Algorithms

/// The last step of the equal-amount 1:1 rule on one amount: augmenting paths of any length,
/// over every pair the rule allows rather than each row's best 16, so that as many rows pair
/// as can.
///
/// The greedy pass and the short paths before it keep each row's best partner, but they can
/// leave rows apart that a longer chain of moves would pair: receipts of one amount, ten a
/// day, deposited 0–3 days later, where each row's 16 nearest deposits were all taken, left
/// 13 of 260 without a deposit; at 600 a day, bank ↔ GL paired 16 rows a day, since every
/// row's 16 best were the day's first 16 in file order.
///
/// Hopcroft–Karp: each phase finds, breadth first from every row left out at once, the length
/// of the shortest chains, then pairs the rows left out along chains of that length that share
/// no row, depth first. A chain ends at the free partner nearest in date that may pair. A row's
/// partners of one amount are the right rows within the window of its date, a run of the
/// date-sorted list, so each pass steps over the right rows it has reached already with a
/// union-find "next not reached" list and looks at each right row once per phase. Work is
/// counted in rows looked at; past the rule's budget the search stops, and the rule says so.
extension Engine {
  struct Completion {
    /// Taken right rows, by position from the amount's first: `next[x]` leads to the first row
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
    /// Left rows' layers in this phase, by position from the amount's first (−1: not reached,
    /// or no chain through it).
    private var layer: [Int32] = []
    private var queue: [Int32] = []
    /// The depth-first pass's chain: each left row, where its scan of its window is, and the
    /// right row it moved on through.
    private var stack: [(left: Int32, at: Int32, through: Int32)] = []
    /// Rows looked at that the rule may still spend.
    var budget: Int
    /// Rows this step paired, and whether it ran out of budget.
    var paired = 0
    var stopped = false
    /// The most rows a chain moved.
    var longest: Int32 = 0

    init(budget: Int) { self.budget = budget }

    /// One amount's rows: left rows `lefts` (positions in `byAmount`), right rows
    /// `rights[bucket]`, sorted by date; `free` are the left rows to pair, in the order to
    /// search from. New pairs are appended to `pairs`, and `state` says who has whom.
    struct Amount {
      let rule: MatchRule
      let window: Int32
      let lefts: Range<Int>
      let bucket: Range<Int>
      let byAmount: [Sorted]
      let rights: [Sorted]
    }

    mutating func run(_ engine: Engine, _ a: Amount, free: [Int32], _ state: inout Engine.Augmenting, _ pairs: inout [Pair]) {
      guard !free.isEmpty, a.bucket.contains(where: { state.takenBy[$0] < 0 }) else { return }
      let n = a.bucket.count, base = a.bucket.lowerBound
      Completion.identity(&up, n + 1)
      Completion.identity(&down, n + 1)
      for x in 0..<n where state.takenBy[base + x] >= 0 { take(x) }
      var free = free
      defer { if !free.isEmpty && budget <= 0 { stopped = true } }
      while !free.isEmpty, budget > 0 {
        guard let limit = layers(engine, a, free, state, pairs) else { return }
        longest = max(longest, limit)
        var made = 0
        listByLayer(a, state, limit: limit)
        for root in free where budget > 0 {
          if chain(from: root, limit: limit, engine, a, &state, &pairs) { made += 1 }
        }
        paired += made
        guard made > 0 else { return }
        free.removeAll { state.pairOf[Int($0)] >= 0 }
      }
    }

    /// The breadth-first pass: each left row's layer, and the layer of the shortest chains'
    /// last left row (nil: no chain).
    private mutating func layers(
      _ engine: Engine, _ a: Amount, _ free: [Int32], _ state: Engine.Augmenting, _ pairs: [Pair]
    ) -> Int32? {
      let n = a.bucket.count, base = a.bucket.lowerBound, first = a.lefts.lowerBound
      Completion.identity(&next, n + 1)
      for x in 0..<n where state.takenBy[base + x] < 0 { next[x] = Int32(x + 1) }
      Completion.fill(&layer, -1, a.lefts.count)
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
        let (lo, hi) = window(of: x, a)
        let least = leastStrength(x, state, pairs)
        if nearestFree(to: x, least: least, lo: lo, hi: hi, engine, a) != nil {
          limit = k
          continue
        }
        guard limit == nil else { continue }
        var j = Engine.Completion.root(&next, lo)
        while j < hi, budget > 0 {
          budget -= 1
          if let p = engine.candidate(a.rule, a.byAmount[x], at: x, a.rights[base + j], at: base + j), p.strength >= least {
            next[j] = Int32(j + 1)
            let mate = Int(state.takenBy[base + j]) - first
            if layer[mate] < 0 {
              layer[mate] = k + 1
              queue.append(Int32(mate + first))
            }
          }
          j = Engine.Completion.root(&next, j + 1)
        }
      }
      return limit
    }

    /// The depth-first pass from the free left row `root`: pairs it along a chain of layers up
    /// to `limit` that ends at a free right row; whether it found one.
    private mutating func chain(
      from root: Int32, limit: Int32, _ engine: Engine, _ a: Amount, _ state: inout Engine.Augmenting, _ pairs: inout [Pair]
    ) -> Bool {
      let base = a.bucket.lowerBound, first = a.lefts.lowerBound
      stack.removeAll(keepingCapacity: true)
      stack.append((root, Int32(firstInWindow(of: Int(root), layer: 1, a)), -1))
      while let top = stack.last, budget > 0 {
        let x = Int(top.left), k = layer[x - first]
        let (lo, hi) = window(of: x, a)
        let least = leastStrength(x, state, pairs)
        if k == limit {
          if let end = nearestFree(to: x, least: least, lo: lo, hi: hi, engine, a) {
            move(to: end, engine, a, &state, &pairs)
            return true
          }
        } else {
          var i = Engine.Completion.root(&used, Int(top.at)), j = Int(byLayer[i])
          while j < hi, budget > 0 {
            budget -= 1
            if let p = engine.candidate(a.rule, a.byAmount[x], at: x, a.rights[base + j], at: base + j), p.strength >= least {
              // A right row leads only to its partner: once a chain goes through it, or its
              // partner has none, no other row can use it in this phase.
              used[i] = Int32(i + 1)
              if layer[Int(state.takenBy[base + j]) - first] == k + 1 { break }
            }
            i = Engine.Completion.root(&used, i + 1)
            j = Int(byLayer[i])
          }
          if j < hi && budget > 0 {
            let mate = state.takenBy[base + j]
            stack[stack.count - 1].at = Int32(i + 1)
            stack.append((mate, Int32(firstInWindow(of: Int(mate), layer: Int(k) + 2, a)), Int32(base + j)))
            continue
          }
        }
        // No chain through `x` in this phase.
        layer[x - first] = -1
        stack.removeLast()
      }
      return false
    }

    /// Moves the chain on the stack: its last left row takes the free right row `end`, and each
    /// row before it the right row the chain moved on through.
    private mutating func move(to end: Int, _ engine: Engine, _ a: Amount, _ state: inout Engine.Augmenting, _ pairs: inout [Pair]) {
      let base = a.bucket.lowerBound
      take(end)
      var r = end
      for step in stack.reversed() {
        let x = Int(step.left)
        guard let p = engine.candidate(a.rule, a.byAmount[x], at: x, a.rights[base + r], at: base + r) else {
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
    private mutating func listByLayer(_ a: Amount, _ state: Engine.Augmenting, limit: Int32) {
      let base = a.bucket.lowerBound, first = a.lefts.lowerBound, layers = Int(limit) + 1
      var count = [Int](repeating: 0, count: layers + 1)
      func partnerLayer(_ j: Int) -> Int? {
        let mate = Int(state.takenBy[base + j])
        guard mate >= 0, case let k = Int(layer[mate - first]), k >= 1, k < layers else { return nil }
        return k
      }
      for j in 0..<a.bucket.count { if let k = partnerLayer(j) { count[k] += 1 } }
      start = [Int](repeating: 0, count: layers + 1)
      for k in 1...layers { start[k] = start[k - 1] + count[k - 1] + 1 }
      Completion.fill(&byLayer, Int32.max, start[layers])
      var fill = start
      for j in 0..<a.bucket.count {
        guard let k = partnerLayer(j) else { continue }
        byLayer[fill[k]] = Int32(j)
        fill[k] += 1
      }
      Completion.identity(&used, byLayer.count)
      // Each layer's closing `Int32.max` is its own root: no search goes past it.
    }

    /// Where left row `x` starts among the right rows whose partners are at `layer`: the first
    /// within its window.
    private func firstInWindow(of x: Int, layer k: Int, _ a: Amount) -> Int {
      guard k >= 1, k + 1 < start.count else { return byLayer.count - 1 }  // past the last layer: its closing row
      let lo = Int32(window(of: x, a).lo)
      return byLayer[start[k]..<start[k + 1] - 1].partitioningIndex { $0 >= lo }
    }

    /// The right rows within the rule's calendar window of left row `x`'s date, by position
    /// from the amount's first.
    private func window(of x: Int, _ a: Amount) -> (lo: Int, hi: Int) {
      let d = a.byAmount[x].date, bucket = a.rights[a.bucket]
      return (bucket.partitioningIndex { $0.date >= d - a.window } - a.bucket.lowerBound,
              bucket.partitioningIndex { $0.date > d + a.window } - a.bucket.lowerBound)
    }

    /// A row that is moved keeps at least the reference evidence it had: a chain never trades
    /// a reference match for a count. A free row takes any.
    private func leastStrength(_ x: Int, _ state: Engine.Augmenting, _ pairs: [Pair]) -> Int8 {
      state.pairOf[x] >= 0 ? pairs[Int(state.pairOf[x])].strength : Int8.min
    }

    /// The free right row in `lo..<hi` nearest in date to left row `x` (the later of two as
    /// near) that may pair with it, at `least` reference strength.
    private mutating func nearestFree(to x: Int, least: Int8, lo: Int, hi: Int, _ engine: Engine, _ a: Amount) -> Int? {
      let base = a.bucket.lowerBound, left = a.byAmount[x]
      let pivot = a.rights[base + lo..<base + hi].partitioningIndex { $0.date >= left.date } - base
      var later = Engine.Completion.root(&up, pivot), earlier = Engine.Completion.root(&down, pivot) - 1
      while budget > 0 {
        let laterOK = later < hi, earlierOK = earlier >= lo
        guard laterOK || earlierOK else { return nil }
        let j: Int
        if laterOK && (!earlierOK || a.rights[base + later].date - left.date <= left.date - a.rights[base + earlier].date) {
          j = later
          later = Engine.Completion.root(&up, later + 1)
        } else {
          j = earlier
          earlier = Engine.Completion.root(&down, earlier) - 1
        }
        budget -= 1
        if let p = engine.candidate(a.rule, left, at: x, a.rights[base + j], at: base + j), p.strength >= least { return j }
      }
      return nil
    }

    /// Marks the right row at `x` taken.
    private mutating func take(_ x: Int) {
      up[x] = Int32(x + 1)
      down[x + 1] = Int32(x)
    }

    /// Sets `a` to 0, 1, … `count` − 1, keeping its storage: most amounts that get here have a
    /// few rows, and allocating their lists cost more than searching them.
    static func identity(_ a: inout [Int32], _ count: Int) {
      a.removeAll(keepingCapacity: true)
      a.append(contentsOf: 0..<Int32(count))
    }

    static func fill(_ a: inout [Int32], _ value: Int32, _ count: Int) {
      a.removeAll(keepingCapacity: true)
      a.append(contentsOf: repeatElement(value, count: count))
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
