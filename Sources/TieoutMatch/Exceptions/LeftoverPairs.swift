import Algorithms
import HeapModule

/// Rows (or exceptions) by day, each day's in the order that breaks ties between them, for the
/// passes that pair leftover lines: the first entry of a day not yet taken is found without
/// reading the taken ones again. Taking is for good (what `taken` answers only ever turns true),
/// so each day's queue only moves forward, and a group of thousands of lines of one amount or
/// reference costs time and memory in its lines, not in the product of its sides.
struct DayQueues {
  /// The distinct days, ascending.
  private var days: [Int32] = []
  /// Where each day's entries start in `entries`, and after the last, how many there are.
  private var starts: [Int] = []
  /// Each day's first entry not known to be taken.
  private var fronts: [Int] = []
  /// By day, then order.
  private var entries: [(value: Int32, order: UInt64)] = []

  /// `values`, each on its `day`, ties broken by `order` (distinct).
  init(_ values: [Int32], day: (Int32) -> Int32, order: (Int32) -> UInt64) {
    self.init(values.map { ($0, day($0)) }, order: order)
  }

  /// Entries on their days; a value may be on several. Ties are broken by `order`.
  init(_ list: [(value: Int32, day: Int32)], order: (Int32) -> UInt64) {
    let orders = list.map { order($0.value) }
    let byDay = list.indices.sorted { (list[$0].day, orders[$0]) < (list[$1].day, orders[$1]) }
    entries = byDay.map { (list[$0].value, orders[$0]) }
    for (k, i) in byDay.enumerated() where k == 0 || list[i].day != list[byDay[k - 1]].day {
      days.append(list[i].day)
      starts.append(k)
    }
    fronts = starts
    starts.append(byDay.count)
  }

  /// The first entry on day `d` that is not taken.
  mutating func first(on d: Int32, taken: (Int32) -> Bool) -> (value: Int32, order: UInt64)? {
    let k = days.partitioningIndex { $0 >= d }
    return k < days.count && days[k] == d ? front(k, taken) : nil
  }

  /// The first entry, of those on the days of `range`, that is not taken.
  mutating func first(in range: ClosedRange<Int32>, taken: (Int32) -> Bool) -> Int32? {
    var best: (value: Int32, order: UInt64)?
    var k = days.partitioningIndex { $0 >= range.lowerBound }
    while k < days.count && days[k] <= range.upperBound {
      if let f = front(k, taken), f.order < best?.order ?? .max { best = f }
      k += 1
    }
    return best?.value
  }

  private mutating func front(_ k: Int, _ taken: (Int32) -> Bool) -> (value: Int32, order: UInt64)? {
    while fronts[k] < starts[k + 1] && taken(entries[fronts[k]].value) { fronts[k] += 1 }
    return fronts[k] < starts[k + 1] ? entries[fronts[k]] : nil
  }

  /// The better of `best` and the first entry on day `d` not taken.
  mutating func better(
    _ best: (value: Int32, order: UInt64)?, on d: Int32, taken: (Int32) -> Bool
  ) -> (value: Int32, order: UInt64)? {
    guard let f = first(on: d, taken: taken), f.order < best?.order ?? .max else { return best }
    return f
  }

  /// Pairs `lefts` (in the order that breaks ties between them, each on its `day`) with these
  /// entries, nearest days first: for each number of days apart in `apart`, smallest first, each
  /// left row not yet taken takes the first entry (by order) that many days before or after it
  /// among those not taken; both are then taken (`used`). That is what taking every pair in
  /// order of (days apart, the left's place, the right's order), when both of its rows are
  /// still free, comes to, without listing the pairs.
  mutating func pairNearest(
    _ lefts: [Int32], day: (Int32) -> Int32, apart: ClosedRange<Int32>, used: inout [Bool]
  ) -> [(left: Int32, right: Int32)] {
    // Only the distances some left day and some entry day are apart: few in a small group.
    var distances = Set<Int32>()
    for d in Set(lefts.map(day)) {
      for e in days where apart.contains(abs(e - d)) { distances.insert(abs(e - d)) }
    }
    var pairs: [(left: Int32, right: Int32)] = []
    for x in distances.sorted() {
      for l in lefts where !used[Int(l)] {
        let d = day(l)
        var r = first(on: d - x, taken: { used[Int($0)] })
        if x > 0 { r = better(r, on: d + x, taken: { used[Int($0)] }) }
        guard let r else { continue }
        used[Int(l)] = true
        used[Int(r.value)] = true
        pairs.append((l, r.value))
      }
    }
    return pairs
  }
}

extension MatchState {
  /// Dates outside the window among many leftover lines of one currency and amount: a bank line
  /// with a GL line more than `window` days and at most `farWindow` apart, lines of the same
  /// reference first, then the nearest dates, then file order.
  func datesOutsideWindow(_ banks: [Int32], _ gls: [Int32], window: Int32, used: inout [Bool]) -> [(left: Int32, right: Int32)] {
    guard window < MatchState.farWindow else { return [] }
    let apart = window + 1...Int32(MatchState.farWindow)
    var pairs: [(left: Int32, right: Int32)] = []
    let glByRef = Dictionary(grouping: gls.filter { refKey($0) != 0 }, by: refKey)
    for (ref, lefts) in Dictionary(grouping: banks.filter { glByRef[refKey($0)] != nil }, by: refKey) {
      var rights = DayQueues(glByRef[ref] ?? [], day: date, order: key)
      pairs += rights.pairNearest(lefts, day: date, apart: apart, used: &used)
    }
    var rights = DayQueues(gls, day: date, order: key)
    return pairs + rights.pairNearest(banks, day: date, apart: apart, used: &used)
  }

  /// Reversals among many leftover lines of one source, currency and size: +x with −x of the
  /// same text (`textKey`) at most `window` days apart, the nearest dates first, then file
  /// order; each pair in file order.
  func reversalPairs(among rows: [Int32], window: Int32, used: inout [Bool]) -> [(first: Int32, second: Int32)] {
    var pairs: [(first: Int32, second: Int32)] = []
    let byText = Dictionary(grouping: rows, by: textKey)
    for lines in byText.values {
      let plus = lines.filter { amount($0) > 0 }, minus = lines.filter { amount($0) < 0 }
      guard !plus.isEmpty && !minus.isEmpty else { continue }
      var rights = DayQueues(minus, day: date, order: key)
      for (a, b) in rights.pairNearest(plus, day: date, apart: 0...window, used: &used) { pairs.append(key(a) < key(b) ? (a, b) : (b, a)) }
    }
    return pairs
  }

  /// Amount mismatches among many leftover lines of one reference key (told apart by their
  /// text where two references share a key): a bank line with a GL line of the same currency
  /// and sign, a different amount, at most `window` days apart. Pairs are taken in order of
  /// (amount difference, days apart, the bank line's place, the GL line's place) when both
  /// lines are still free (`used`), without listing them: a heap gives the next smallest
  /// difference between a bank amount and the GL amounts below and above it, and at each
  /// difference, for each number of days apart up to the window, each free bank line of those
  /// amounts takes the first free GL line of the amount that far away on the day that far away
  /// (`DayQueues`).
  ///
  /// A bank amount walks past at most `scanLimit` GL amounts (each one it has no pair with,
  /// or that has no line left), as the rules' searches stop.
  func amountMismatches(_ banks: [Int32], _ gls: [Int32], window: Int32, used: inout [Bool]) -> [(bank: Int32, gl: Int32)] {
    // The first line of each text stands for it.
    var texts: [(text: Int32, bank: [Int32], gl: [Int32])] = []
    for g in gls {
      if let k = texts.firstIndex(where: { sameKey(g, .reference, $0.text, .reference) }) { texts[k].gl.append(g) } else { texts.append((g, [], [g])) }
    }
    for b in banks {
      if let k = texts.firstIndex(where: { sameKey(b, .reference, $0.text, .reference) }) { texts[k].bank.append(b) }
    }
    return texts.flatMap { amountMismatches(ofOneText: $0.bank, $0.gl, window: window, used: &used) }
  }

  private func amountMismatches(ofOneText banks: [Int32], _ gls: [Int32], window: Int32, used: inout [Bool]) -> [(bank: Int32, gl: Int32)] {
    struct Side: Hashable {
      let currency: Int32
      let negative: Bool
    }
    struct Step: Comparable {
      let difference: UInt64
      let bankAmount: Int
      static func < (a: Step, b: Step) -> Bool { (a.difference, a.bankAmount) < (b.difference, b.bankAmount) }
    }
    func side(_ r: Int32) -> Side { Side(currency: currency(r), negative: amount(r) < 0) }
    func byAmount(_ rows: [Int32]) -> (amounts: [Int64], rows: [[Int32]]) {
      let amounts = Array(Set(rows.map(amount))).sorted()
      var lists = [[Int32]](repeating: [], count: amounts.count)
      for r in rows { lists[amounts.partitioningIndex { $0 >= amount(r) }].append(r) }
      return (amounts, lists)
    }
    var pairs: [(bank: Int32, gl: Int32)] = []
    let glSides = Dictionary(grouping: gls, by: side)
    for (s, bankRows) in Dictionary(grouping: banks, by: side) {
      guard let glRows = glSides[s] else { continue }
      let gl = byAmount(glRows), bank = byAmount(bankRows)
      var queues = gl.rows.map { DayQueues($0, day: date, order: key) }
      var glLeft = gl.rows.map(\.count), bankLeft = bank.rows.map(\.count)
      // Each bank amount's next GL amount below and above, and how many it has walked past.
      var below = bank.amounts.map { a in gl.amounts.partitioningIndex { $0 >= a } - 1 }
      var above = bank.amounts.map { a in gl.amounts.partitioningIndex { $0 > a } }
      var walked = [Int](repeating: 0, count: bank.amounts.count)
      func next(_ i: Int) -> Step? {
        let a = bank.amounts[i]
        let down = below[i] >= 0 ? UInt64(a - gl.amounts[below[i]]) : .max
        let up = above[i] < gl.amounts.count ? UInt64(gl.amounts[above[i]] - a) : .max
        return min(down, up) == .max ? nil : Step(difference: min(down, up), bankAmount: i)
      }
      var heap = Heap(bank.amounts.indices.compactMap(next))
      while let step = heap.popMin() {
        var level = [step.bankAmount]
        while let m = heap.min, m.difference == step.difference { level.append(heap.removeMin().bankAmount) }
        let d = step.difference
        // The GL amounts `d` below and above each bank amount of this level.
        func partners(_ i: Int) -> (Int, Int) {
          let a = bank.amounts[i]
          return (
            below[i] >= 0 && UInt64(a - gl.amounts[below[i]]) == d ? below[i] : -1,
            above[i] < gl.amounts.count && UInt64(gl.amounts[above[i]] - a) == d ? above[i] : -1
          )
        }
        var lefts: [(row: Int32, amount: Int)] = []
        for i in level { for b in bank.rows[i] where !used[Int(b)] { lefts.append((b, i)) } }
        if level.count > 1 { lefts.sort { key($0.row) < key($1.row) } }
        for x in 0...window {
          for (b, i) in lefts where !used[Int(b)] {
            let day = date(b)
            var best: (value: Int32, order: UInt64)?
            var from = -1
            let (p, q) = partners(i)
            for j in [p, q] where j >= 0 {
              let was = best?.value
              best = queues[j].better(best, on: day - x, taken: { used[Int($0)] })
              if x > 0 { best = queues[j].better(best, on: day + x, taken: { used[Int($0)] }) }
              if best?.value != was { from = j }
            }
            guard let g = best?.value else { continue }
            used[Int(b)] = true
            used[Int(g)] = true
            glLeft[from] -= 1
            bankLeft[i] -= 1
            pairs.append((b, g))
          }
        }
        for i in level {
          let (p, q) = partners(i)
          if p >= 0 { below[i] -= 1 }
          if q >= 0 { above[i] += 1 }
          walked[i] += 1
          while below[i] >= 0 && glLeft[below[i]] == 0 && walked[i] < MatchState.scanLimit {
            below[i] -= 1
            walked[i] += 1
          }
          while above[i] < gl.amounts.count && glLeft[above[i]] == 0 && walked[i] < MatchState.scanLimit {
            above[i] += 1
            walked[i] += 1
          }
          if bankLeft[i] > 0 && walked[i] < MatchState.scanLimit, let s = next(i) { heap.insert(s) }
        }
      }
    }
    return pairs
  }
}
