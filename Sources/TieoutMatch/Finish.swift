import TieoutCore

extension MatchState {
  /// Turns the links into numbered groups and every row left over into an exception (or the
  /// unpaired list), each exception with its nearest candidates.
  mutating func finish() -> MatchResult {
    let n = store.count
    var laps = Laps(indent: 2)
    // Sources some rule pairs: their leftover rows are exceptions; other rows are listed.
    var paired = Set<Int>()
    for r in rules {
      paired.formUnion(sourceIndexes(r.left))
      paired.formUnion(sourceIndexes(r.right))
    }

    let periodEnd = settings.periodEnd?.daysSinceEpoch ?? (0..<n).reduce(Int32.min) { max($0, date(Int32($1))) }
    let grouping = numberGroups(periodEnd: periodEnd, laps: &laps)
    let (linked, identity) = (grouping.linked, inCanonicalOrder)
    // Exceptions.
    laps.lap("groups numbered")
    var pending = PendingList()
    var leftover: [Int32] = []
    var unpaired: [Int32] = []
    let excepted = rowIndex.sourceOfOrigin.map { s in s >= 0 && paired.contains(s) && sources[s].kind != .invoices }
    for i in 0..<n where !linked[i] {
      if excepted[store.originIndex(i)] { leftover.append(Int32(i)) } else { unpaired.append(Int32(i)) }
    }
    if !identity { leftover.sort { key($0) < key($1) } }
    var used = [Bool](repeating: false, count: n)
    var demoted = grouping.demoted
    mismatchedBooks(&demoted, leftover, &used)
    for (kind, rows) in demoted { pend(kind, rows[0], Array(rows.dropFirst()), into: &pending) }
    pairExceptions(leftover, &used, &pending)
    laps.lap("pair exceptions")
    var singles = leftover.filter { !used[Int($0)] }
    depositsInTransit(&singles, periodEnd: periodEnd, &pending)
    classifySingles(singles, twinOf: twins(of: singles), periodEnd: periodEnd, &pending)
    laps.lap("duplicates and singles")

    mergeInTransit(&pending)
    pending.items.removeAll { $0.merged }
    // By kind, date and file order, on the values each item took of its first row when it was
    // made: reading them again here read the store at random.
    let items = pending.items
    let order = RadixSort.order(
      items.count, by: [items.map { UInt64($0.kind.ordinal) }, items.map { RadixSort.key($0.date) }, items.map(\.key)])
    pending.items = order.map { items[Int($0)] }
    laps.lap("in transit, sorted")
    // Nearest candidates for exceptions of one row (duplicates among them, each one row beside
    // its twin).
    var asked: [Nearest.Query] = []
    var askedBy = [Int32](repeating: -1, count: pending.items.count)
    for (k, p) in pending.items.enumerated() where p.more < 0 {
      askedBy[k] = Int32(asked.count)
      asked.append(Nearest.Query(row: p.first, excluding: p.related, source: p.source, currency: p.currency, amount: p.amount, date: p.date))
    }
    let found = Nearest(engine: self).candidates(for: asked)
    // The candidates' group numbers, looked up in row order: in the order found, each read
    // would miss the cache in a large month.
    var lookups = found.indices.filter { found[$0] >= 0 }
    RadixSort.sort(&lookups, keys: lookups.map { UInt64(found[$0]) }, bits: Int.bitWidth - n.leadingZeroBitCount)
    var groupOfFound = [Int32](repeating: 0, count: found.count)
    for at in lookups { groupOfFound[at] = grouping.groupNumber(found[at]) }
    var exceptions: [ReconException] = []
    exceptions.reserveCapacity(pending.items.count)
    for (k, p) in pending.items.enumerated() {
      var candidates: [ReconException.Candidate] = []
      if askedBy[k] >= 0 {
        let slots = 3 * Int(askedBy[k])
        for at in slots..<slots + 3 where found[at] >= 0 { candidates.append(.init(row: found[at], group: groupOfFound[at])) }
      }
      // Bank first, then GL, then billing; file order within each.
      let members = p.more < 0 ? [p.first] : pending.rows(p).sorted { (rank(kind($0)), key($0)) < (rank(kind($1)), key($1)) }
      exceptions.append(
        ReconException(
          number: Int32(k + 1), kind: p.kind, members: members, difference: p.difference,
          related: p.related < 0 ? nil : .init(row: p.related, group: grouping.groupNumber(p.related)),
          candidates: candidates))
    }
    if !RowIndex.isSorted(unpaired, by: { key($0) < key($1) }) { unpaired.sort { key($0) < key($1) } }
    laps.lap("nearest candidates")
    var result = MatchResult(
      rules: rules, decisions: decisions, groups: grouping.groups, members: grouping.members, links: grouping.links, linkRows: linkSet.linkRows,
      exceptions: exceptions, unpaired: unpaired, notes: notes)
    result.exceptionLinks = grouping.exceptionLinks
    return result
  }
}
