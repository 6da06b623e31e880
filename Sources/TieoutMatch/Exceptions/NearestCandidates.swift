import TieoutCore

/// Up to three rows nearest to an exception's row among the sources its source is paired with:
/// the nearest amounts of the same sign and currency, then the nearest dates, then file order.
struct Nearest {
  let engine: MatchState
  /// Whether source `s`'s rows are offered candidates from source `o`: `partner[s * count + o]`.
  let partner: [Bool]
  let count: Int

  init(engine: MatchState) {
    self.engine = engine
    count = engine.sources.count
    var p = [Bool](repeating: false, count: count * count)
    for r in engine.rules {
      let l = engine.sourceIndexes(r.left), rr = engine.sourceIndexes(r.right)
      for a in l { for b in rr { (p[a * count + b], p[b * count + a]) = (true, true) } }
    }
    partner = p
  }

  struct Found {
    let row: Int32
    let diff: UInt64
    let days: Int
    /// File order: the source's index, then the row's position in the source's list, which
    /// was made in canonical order.
    let key: UInt64
    func precedes(_ o: Found) -> Bool { (diff, days, key) < (o.diff, o.days, o.key) }
  }

  /// A row to find candidates for, with its source, currency, amount and date; `excluding` is
  /// a row not to offer (a duplicate's twin).
  struct Query {
    let row: Int32
    let excluding: Int32
    let source: Int32
    let currency: Int32
    let amount: Int64
    let date: Int32
  }

  /// Each query's candidates, three slots a query in the order of `queries` (−1: none, after
  /// the others).
  ///
  /// The queries are taken in amount order, once for every partner source, and each search
  /// starts from the last one (`lowerBound(walkingFrom:)`), so that consecutive searches read
  /// neighbouring rows instead of missing the cache at every step. The three best of a query
  /// are kept in place, in one flat array in the same amount order, so that its slots are
  /// written one query after another; they are put in the queries' order once, at the end.
  /// Each query carries what the search reads of it, its source among it, so the store is not
  /// read at random.
  func candidates(for queries: [Query]) -> [Int32] {
    let placed = RadixSort.order(queries.count, by: [queries.map { RadixSort.key($0.currency) }, queries.map { RadixSort.key($0.amount) }])
      .map { q in (Int(q), queries[Int(q)]) }
    var best = [Found](repeating: Found(row: -1, diff: 0, days: 0, key: 0), count: 3 * queries.count)
    var searched = [Bool](repeating: false, count: count)
    for q in queries where q.source >= 0 {
      for o in 0..<count where partner[Int(q.source) * count + o] { searched[o] = true }
    }
    for o in 0..<count where searched[o] {
      let rows = engine.sortedSides.bySource[o] ?? engine.sortedByAmount(engine.rowsBySource[o])
      var from = 0
      best.withUnsafeMutableBufferPointer { best in
        for (p, (_, query)) in placed.enumerated() where query.source >= 0 && partner[Int(query.source) * count + o] {
          let (c, a, d, r, excluding) = (query.currency, query.amount, query.date, query.row, query.excluding)
          let at = SortedRow.lowerBound(walkingFrom: from, rows, c, a, Int32.min)
          from = at
          let slots = 3 * p
          for k in max(0, at - 6)..<min(rows.count, at + 6)
          where rows[k].currency == c && rows[k].row != r && rows[k].row != excluding && (rows[k].amount < 0) == (a < 0) {
            let found = Found(
              row: rows[k].row, diff: (rows[k].amount - a).magnitude, days: abs(Int(rows[k].date) - Int(d)),
              key: UInt64(o) << 32 | UInt64(UInt32(rows[k].index)))
            // Into its place among the three, the last falling out; empty slots are last.
            guard best[slots + 2].row < 0 || found.precedes(best[slots + 2]) else { continue }
            var i = slots + 2
            while i > slots && (best[i - 1].row < 0 || found.precedes(best[i - 1])) {
              best[i] = best[i - 1]
              i -= 1
            }
            best[i] = found
          }
        }
      }
    }
    var out = [Int32](repeating: -1, count: 3 * queries.count)
    for (p, (q, _)) in placed.enumerated() {
      for i in 0..<3 { out[3 * q + i] = best[3 * p + i].row }
    }
    return out
  }
}
