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
    let threeWay = rules.contains { r in
      let sides = [r.left, r.right].flatMap(sourceIndexes).map { sources[$0].kind }
      return sides.contains(.receipts) && sides.contains(.bank)
    }

    let periodEnd = settings.periodEnd?.daysSinceEpoch ?? (0..<n).reduce(Int32.min) { max($0, date(Int32($1))) }
    // Groups: the connected rows, numbered by their first row in canonical order (the store's
    // own order, unless rows arrived otherwise).
    var linked = [Bool](repeating: false, count: n)
    let links = linkSet.links, linkRows = linkSet.linkRows
    for r in linkRows { linked[Int(r)] = true }
    let identity = inCanonicalOrder
    let canonical: [Int32] = identity ? [] : (0..<Int32(n)).sorted { key($0) < key($1) }
    @inline(__always) func at(_ k: Int) -> Int { identity ? k : Int(canonical[k]) }
    // Groups that leave the bank reconciliation open become exceptions with all their rows:
    // bank rows without a GL line (even when billing explains them) are missing in GL, GL rows
    // without a bank line missing in bank; and in a three-way month a deposit that bank and GL
    // agree on but no billing receipt explains is unapplied cash, missing in billing.
    let bankLedger = rules.contains { r in
      let sides = Set([r.left, r.right].flatMap(sourceIndexes).map { sources[$0].kind })
      return sides.contains(.bank) && sides.contains(.ledger)
    }
    let classify = threeWay || bankLedger
    // Each linked row's group, written over the union-find as `~group` (negative): unlinked
    // rows keep `parent[i] == i`. Groups are numbered as their first rows come in canonical
    // order, and what they hold is noted in the same pass. One row-sized array instead of
    // three, read once: make bench, 1M × 1M: groups found and numbered 0.116 → 0.086 s.
    // The union-find is done with: its array is taken over, not copied.
    var groupCode = linkSet.parent
    linkSet.parent = []
    let (groupCount, sizes, holds, latestReceipt) = groupCode.withUnsafeMutableBufferPointer { code in
      // Made here rather than captured: an array the closure captures is checked for a unique
      // reference at every write (perf, make bench 1M).
      var groupCount: Int32 = 0
      var sizes: [Int32] = []
      var holds: [Holds] = []
      var latestReceipt: [Int32] = []
      // A group holds a link or more: room for as many groups as links, so that the lists are
      // not copied as they grow (make bench, 1M × 1M, least of 20: groups found 26.0 → 17.3 ms).
      sizes.reserveCapacity(links.count)
      holds.reserveCapacity(links.count)
      latestReceipt.reserveCapacity(links.count)
      for k in 0..<n where linked[at(k)] {
        let i = at(k)
        var root = i
        while code[root] >= 0 && code[root] != root { root = Int(code[root]) }
        let g: Int32
        if code[root] < 0 {
          g = ~code[root]
        } else {
          g = groupCount
          groupCount += 1
          sizes.append(0)
          holds.append([])
          latestReceipt.append(Int32.min)
          code[root] = ~g
        }
        var j = i
        while code[j] >= 0 {
          let up = Int(code[j])
          code[j] = ~g
          j = up
        }
        let gi = Int(g)
        sizes[gi] += 1
        guard classify else { continue }
        switch kind(Int32(i)) {
        case .bank: holds[gi].formUnion(amount(Int32(i)) > 0 ? [.bank, .deposit] : .bank)
        case .ledger: holds[gi].insert(.ledger)
        case .receipts:
          holds[gi].insert(.receipt)
          latestReceipt[gi] = max(latestReceipt[gi], date(Int32(i)))
        default: break
        }
      }
      return (groupCount, sizes, holds, latestReceipt)
    }
    laps.lap("groups found")
    var demoted = [ExceptionKind?](repeating: nil, count: Int(groupCount))
    if classify {
      // A person's decision settles a group: it is not second-guessed. Decisions are applied
      // before the rules, so their links come first.
      var decided = [Bool](repeating: false, count: Int(groupCount))
      for l in links.prefix(while: \.isManual) { decided[Int(~groupCode[Int(linkRows[Int(l.start)])])] = true }
      for g in 0..<Int(groupCount) where !decided[g] {
        let h = holds[g]
        if bankLedger && h.contains(.bank) && !h.contains(.ledger) {
          demoted[g] = .missingInLedger
        } else if bankLedger && h.contains(.ledger) && !h.contains(.bank) {
          demoted[g] = .missingInBank
        } else if threeWay && h.contains(.deposit) && !h.contains(.receipt) {
          demoted[g] = .missingInBilling
        } else if threeWay && h.contains(.receipt) && !h.contains(.bank) {
          // Receipts (with the invoices they pay) that no deposit holds.
          demoted[g] = latestReceipt[g] > periodEnd - Int32(settings.windowDays) ? .depositInTransit : .missingInBank
        }
      }
    }
    // Final numbers, skipping the demoted groups, and member ranges. When no group is demoted
    // (a month whose rules pair bank with GL only), a group's final number is its number and
    // `number` stays empty.
    let anyDemoted = demoted.contains { $0 != nil }
    var number: [Int32] = []
    var finalSizes = sizes
    if anyDemoted {
      number = [Int32](repeating: -1, count: Int(groupCount))
      finalSizes = []
      for g in 0..<Int(groupCount) where demoted[g] == nil {
        number[g] = Int32(finalSizes.count)
        finalSizes.append(sizes[g])
      }
    }
    let next = Int32(finalSizes.count)
    // Where each group's members start, and after the last, how many there are.
    var starts = [Int32](repeating: 0, count: Int(next) + 1)
    for g in 0..<Int(next) { starts[g + 1] = starts[g] + finalSizes[g] }
    let total = Int(starts[Int(next)])
    // Each linked row's code becomes its group's final number, `~number`, or for a demoted
    // group `~(next + group)`: the passes below read one random place per row instead of two
    // (make bench, 1M × 1M: the exceptions' candidates' groups, 7 ms).
    let numbered = next
    let (members, demotedRows) = groupCode.withUnsafeMutableBufferPointer { code in
      var demotedRows: [Int32: [Int32]] = [:]
      // The rows, each with its group's final number, staged by ranges of 2^15 groups (in
      // canonical order within each), then put in place range by range while the range's part
      // of `members` is in cache. Put in place at once, the rows of groups begun before them
      // (the GL lines, after the bank lines) landed at random (make bench, 1M × 1M: this pass
      // 25 → 7 ms).
      let shift = 15
      var cursor = stride(from: 0, to: Int(next), by: 1 << shift).map { Int(starts[$0]) }
      let staged = [UInt64](unsafeUninitializedCapacity: total) { staged, count in
        cursor.withUnsafeMutableBufferPointer { cursor in
          for k in 0..<n where code[at(k)] < 0 {
            let i = at(k)
            let g = Int(~code[i])
            if anyDemoted {
              if demoted[g] != nil {
                demotedRows[Int32(g), default: []].append(Int32(i))
                code[i] = ~(numbered + Int32(g))
                continue
              }
              code[i] = ~number[g]
            }
            let f = anyDemoted ? Int(number[g]) : g
            staged[cursor[f >> shift]] = UInt64(f) << 32 | UInt64(UInt32(i))
            cursor[f >> shift] += 1
          }
        }
        count = total
      }
      var fill = starts
      let members = [Int32](unsafeUninitializedCapacity: total) { members, count in
        fill.withUnsafeMutableBufferPointer { fill in
          for x in staged {
            let f = Int(x >> 32)
            members[Int(fill[f])] = Int32(truncatingIfNeeded: x)
            fill[f] += 1
          }
        }
        count = total
      }
      return (members, demotedRows)
    }
    // Read from here on, through the functions below: a `let` they capture is not boxed as the
    // `var` would be.
    let code = groupCode
    /// A linked row's final group number (0-based); −1 when its group was demoted.
    @inline(__always) func finalGroup(_ row: Int32) -> Int32 { ~code[Int(row)] < numbered ? ~code[Int(row)] : -1 }
    /// A row's group number (1-based) for the candidates' "already in G…"; 0 for none.
    func groupNumber(_ row: Int32) -> Int32 { code[Int(row)] < 0 ? finalGroup(row) + 1 : 0 }
    // Links, group by group. The rules make links in their left rows' canonical order, so when
    // one rule made them all they are in group order already and are kept as they are:
    // gathering them was the largest part of numbering groups (make bench, 1M × 1M).
    var linkCounts = [Int32](repeating: 0, count: Int(next))
    var linkGroup = [Int32](repeating: -1, count: links.count)
    var inGroupOrder = true
    var someDemoted = false
    var lastGroup: Int32 = -1
    for (k, l) in links.enumerated() {
      let g = finalGroup(linkRows[Int(l.start)])
      guard g >= 0 else {
        someDemoted = true
        continue
      }
      linkGroup[k] = g
      linkCounts[Int(g)] += 1
      inGroupOrder = inGroupOrder && g >= lastGroup
      lastGroup = g
    }
    var linkStarts = [Int32](repeating: 0, count: Int(next))
    var acc: Int32 = 0
    for g in 0..<Int(next) {
      linkStarts[g] = acc
      acc += linkCounts[g]
    }
    var demotedLinks: [Int32: [MatchLink]] = [:]
    if someDemoted {
      for (k, l) in links.enumerated() where linkGroup[k] < 0 {
        demotedLinks[~code[Int(linkRows[Int(l.start)])] - numbered, default: []].append(l)
      }
    }
    let finalLinks: [MatchLink]
    if inGroupOrder {
      finalLinks = someDemoted ? links.indices.filter { linkGroup[$0] >= 0 }.map { links[$0] } : links
    } else {
      var linkOrder = [Int32](repeating: 0, count: Int(acc))
      var linkFill = linkStarts
      for k in links.indices where linkGroup[k] >= 0 {
        let g = Int(linkGroup[k])
        linkOrder[Int(linkFill[g])] = Int32(k)
        linkFill[g] += 1
      }
      finalLinks = linkOrder.map { links[Int($0)] }
    }
    // Each group's status and score, from its links, which are one range of `finalLinks`.
    // Read per link: a `MatchRule` read from the array is a copy, with its strings retained.
    let confirmedRule = rules.map(\.confirmed)
    var groups: [MatchGroup] = []
    groups.reserveCapacity(Int(next))
    for g in 0..<Int(next) {
      var manual = false, suggested = false
      var score: UInt8 = 100
      for l in finalLinks[Int(linkStarts[g])..<Int(linkStarts[g] + linkCounts[g])] {
        manual = manual || l.isManual
        suggested = suggested || l.reasons.contains(.ambiguous) || (!l.isManual && !confirmedRule[Int(l.rule)])
        score = min(score, l.score)
      }
      groups.append(
        MatchGroup(
          number: Int32(g + 1), memberStart: starts[g], memberCount: finalSizes[g],
          linkStart: linkStarts[g], linkCount: linkCounts[g],
          status: manual ? .manual : suggested ? .suggested : .confirmed, score: score))
    }

    // Exceptions.
    laps.lap("groups numbered")
    var pending = PendingList()
    for (g, rows) in demotedRows.sorted(by: { $0.key < $1.key }) { pend(demoted[Int(g)]!, rows[0], Array(rows.dropFirst()), into: &pending) }
    var leftover: [Int32] = []
    var unpaired: [Int32] = []
    let excepted = rowIndex.sourceOfOrigin.map { s in s >= 0 && paired.contains(s) && sources[s].kind != .invoices }
    for i in 0..<n where !linked[i] {
      if excepted[store.originIndex(i)] { leftover.append(Int32(i)) } else { unpaired.append(Int32(i)) }
    }
    if !identity { leftover.sort { key($0) < key($1) } }
    var used = [Bool](repeating: false, count: n)
    pairExceptions(leftover, &used, &pending)
    laps.lap("pair exceptions")
    duplicatesAndSingles(leftover.filter { !used[Int($0)] }, periodEnd: periodEnd, &pending)
    laps.lap("duplicates and singles")

    // A GL deposit in transit and the billing receipt (with its invoice) behind it: one item.
    let window = Int(settings.windowDays)
    // The billing-side items in transit, listed under each of their receipts' amounts and days
    // in pending order: each GL line takes the first item not yet taken with a receipt of its
    // amount within the window, without reading the items taken before it or those of other
    // days (2,000 such items of one amount and 2,000 GL lines took 1.3 s, 8,000 took 18 s).
    var inTransitByAmount: [Amount: [(value: Int32, day: Int32)]] = [:]
    for (j, p) in pending.items.enumerated() where p.kind == .depositInTransit {
      let rows = pending.rows(p)
      guard !rows.contains(where: { kind($0) == .ledger }) else { continue }
      for r in rows where kind(r) == .receipts { inTransitByAmount[Amount(currency(r), amount(r)), default: []].append((Int32(j), date(r))) }
    }
    var inTransit = inTransitByAmount.mapValues { DayQueues($0, order: { UInt64($0) }) }
    for (k, p) in pending.items.enumerated() where p.kind == .depositInTransit && p.more < 0 && kind(p.first) == .ledger {
      let g = p.first, w = Int32(window)
      guard let j = inTransit[Amount(currency(g), amount(g))]?.first(in: date(g) - w...date(g) + w, taken: { pending.items[Int($0)].merged })
      else { continue }
      pending.merge(Int(j), into: k)
    }
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
    // The candidates' group numbers, looked up in row order: looked up in the order found,
    // each read missed the cache at 1M rows (make bench, 1M × 1M: nearest candidates 54 → 45 ms,
    // with the queries read from their sorted copy in `Nearest`).
    var lookups = found.indices.filter { found[$0] >= 0 }
    RadixSort.sort(&lookups, keys: lookups.map { UInt64(found[$0]) }, bits: Int.bitWidth - n.leadingZeroBitCount)
    var groupOfFound = [Int32](repeating: 0, count: found.count)
    for at in lookups { groupOfFound[at] = groupNumber(found[at]) }
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
          related: p.related < 0 ? nil : .init(row: p.related, group: groupNumber(p.related)),
          candidates: candidates))
    }
    if !RowIndex.isSorted(unpaired, by: { key($0) < key($1) }) { unpaired.sort { key($0) < key($1) } }
    laps.lap("nearest candidates")
    var result = MatchResult(
      rules: rules, decisions: decisions, groups: groups, members: members, links: finalLinks, linkRows: linkRows,
      exceptions: exceptions, unpaired: unpaired, notes: notes)
    result.exceptionLinks = demotedLinks.keys.sorted().flatMap { demotedLinks[$0] ?? [] }
    return result
  }

  /// An exception of `first` and `more` rows, with what the passes after read of its first row,
  /// added to `out`.
  func pend(_ kind: ExceptionKind, _ first: Int32, _ more: [Int32] = [], related: Int32 = -1, into out: inout PendingList) {
    out.append(
      Pending(
        kind: kind, first: first, related: related, date: date(first), key: key(first), source: Int32(source(first)),
        currency: currency(first), amount: amount(first), difference: more.reduce(effect(first)) { $0 + effect($1) }),
      more: more)
  }

  /// Bank first, then GL, then billing, within an exception.
  func rank(_ k: SourceKind?) -> Int {
    switch k {
    case .bank: 0
    case .ledger: 1
    case .receipts: 2
    case .invoices: 3
    case .disputes: 4
    case nil: 5
    }
  }

  /// Amount mismatches, dates outside the window and reversals: leftover rows in pairs, each
  /// row marked in `used` (by row) when it is paired.
  ///
  /// Each search looks only at the rows a screen says may have a partner (the other side's
  /// rows with the same reference, amount or size, by a bit per hash): at 1M rows, listing
  /// every leftover row by its key in dictionaries was most of this pass (make bench, 1M × 1M:
  /// pair exceptions 37 → 12 ms).
  mutating func pairExceptions(
    _ leftover: [Int32], _ used: inout [Bool], _ out: inout PendingList
  ) {
    let window = settings.windowDays
    let bank = leftover.filter { kind($0) == .bank }, gl = leftover.filter { kind($0) == .ledger }
    // Amount mismatch: a bank line and a GL line with the same reference, inside the window.
    var bankRefs = Screen(), glRefs = Screen()
    for b in bank where refKey(b) != 0 { bankRefs.insert(UInt64(refKey(b))) }
    for g in gl where refKey(g) != 0 { glRefs.insert(UInt64(refKey(g))) }
    var byRef: [UInt32: [Int32]] = [:]
    for g in gl where refKey(g) != 0 && bankRefs.contains(UInt64(refKey(g))) { byRef[refKey(g), default: []].append(g) }
    var pairs: [(b: Int32, g: Int32, diff: UInt64, days: Int, kb: UInt64, kg: UInt64)] = []
    var large: [UInt32: [Int32]] = [:]
    for b in bank where refKey(b) != 0 && glRefs.contains(UInt64(refKey(b))) {
      guard let gls = byRef[refKey(b)] else { continue }
      guard gls.count <= MatchState.linesListed else {
        large[refKey(b), default: []].append(b)
        continue
      }
      for g in gls {
        let dd = Int(date(g)) - Int(date(b))
        guard abs(dd) <= window, currency(b) == currency(g), (amount(b) < 0) == (amount(g) < 0), amount(b) != amount(g),
          sameKey(b, .reference, g, .reference)
        else { continue }
        pairs.append((b, g, (amount(b) - amount(g)).magnitude, abs(dd), key(b), key(g)))
      }
    }
    pairs = RadixSort.order(pairs.count, by: [pairs.map(\.diff), pairs.map { UInt64($0.days) }, pairs.map(\.kb), pairs.map(\.kg)])
      .map { pairs[Int($0)] }
    for p in pairs where !used[Int(p.b)] && !used[Int(p.g)] {
      used[Int(p.b)] = true
      used[Int(p.g)] = true
      pend(.amountMismatch, p.b, [p.g], into: &out)
    }
    for (ref, banks) in large {
      for (b, g) in amountMismatches(banks, byRef[ref] ?? [], window: Int32(window), used: &used) { pend(.amountMismatch, b, [g], into: &out) }
    }
    // Date outside the window: equal amounts up to two months apart, the same reference first,
    // then the nearest dates, then file order.
    var bankAmounts = Screen(), glAmounts = Screen()
    for b in bank where !used[Int(b)] { bankAmounts.insert(UInt64(bitPattern: amount(b))) }
    for g in gl where !used[Int(g)] { glAmounts.insert(UInt64(bitPattern: amount(g))) }
    var glByAmount: [Int64: [Int32]] = [:]
    for g in gl where !used[Int(g)] && bankAmounts.contains(UInt64(bitPattern: amount(g))) { glByAmount[amount(g), default: []].append(g) }
    var far: [(b: Int32, g: Int32, refEqual: Bool, days: Int, kb: UInt64, kg: UInt64)] = []
    var farLarge: [Amount: [Int32]] = [:]
    for b in bank where !used[Int(b)] && glAmounts.contains(UInt64(bitPattern: amount(b))) {
      guard let gls = glByAmount[amount(b)] else { continue }
      guard gls.count <= MatchState.linesListed else {
        farLarge[Amount(currency(b), amount(b)), default: []].append(b)
        continue
      }
      for g in gls where currency(g) == currency(b) {
        let dd = abs(Int(date(g)) - Int(date(b)))
        guard dd > window, dd <= MatchState.farWindow else { continue }
        far.append((b, g, refKey(b) != 0 && refKey(b) == refKey(g), dd, key(b), key(g)))
      }
    }
    // Equal references first.
    far = RadixSort.order(far.count, by: [far.map { RadixSort.key(!$0.refEqual) }, far.map { UInt64($0.days) }, far.map(\.kb), far.map(\.kg)])
      .map { far[Int($0)] }
    for p in far where !used[Int(p.b)] && !used[Int(p.g)] {
      used[Int(p.b)] = true
      used[Int(p.g)] = true
      pend(.dateOutsideWindow, p.b, [p.g], into: &out)
    }
    for (a, banks) in farLarge {
      let gls = (glByAmount[a.amount] ?? []).filter { currency($0) == a.currency }
      for (b, g) in datesOutsideWindow(banks, gls, window: Int32(window), used: &used) { pend(.dateOutsideWindow, b, [g], into: &out) }
    }
    // Reversals: +x and −x in one source, inside the window, with the same reference or text.
    struct Size: Hashable {
      let source: Int
      let currency: Int32
      let magnitude: UInt64
    }
    func sizeHash(_ r: Int32) -> UInt64 { amount(r).magnitude ^ UInt64(source(r)) << 56 ^ UInt64(UInt32(bitPattern: currency(r))) << 48 }
    var positive = Screen(), negative = Screen()
    for r in leftover where !used[Int(r)] && amount(r) != 0 {
      if amount(r) > 0 { positive.insert(sizeHash(r)) } else { negative.insert(sizeHash(r)) }
    }
    var bySize: [Size: [Int32]] = [:]
    for r in leftover where !used[Int(r)] && amount(r) != 0 && (amount(r) > 0 ? negative : positive).contains(sizeHash(r)) {
      bySize[Size(source: source(r), currency: currency(r), magnitude: amount(r).magnitude), default: []].append(r)
    }
    var reversals: [(a: Int32, b: Int32, days: Int, ka: UInt64, kb: UInt64)] = []
    for (_, rows) in bySize where rows.count > 1 {
      guard rows.count <= 2 * MatchState.linesListed else {
        for (a, b) in reversalPairs(among: rows, window: Int32(window), used: &used) { pend(.reversal, a, [b], into: &out) }
        continue
      }
      for a in rows where amount(a) > 0 {
        for b in rows where amount(b) < 0 {
          let dd = abs(Int(date(a)) - Int(date(b)))
          guard dd <= window, sameText(a, b) else { continue }
          reversals.append((a, b, dd, key(a), key(b)))
        }
      }
    }
    reversals = RadixSort.order(reversals.count, by: [reversals.map { UInt64($0.days) }, reversals.map(\.ka), reversals.map(\.kb)])
      .map { reversals[Int($0)] }
    for p in reversals where !used[Int(p.a)] && !used[Int(p.b)] {
      used[Int(p.a)] = true
      used[Int(p.b)] = true
      p.ka < p.kb ? pend(.reversal, p.a, [p.b], into: &out) : pend(.reversal, p.b, [p.a], into: &out)
    }
  }

  /// Up to how many lines of the other side with its reference or amount a leftover line's
  /// pairs are listed (for reversals, twice as many lines of one size), and all listed pairs
  /// sorted and taken in order; past that, a group of one reference, amount or size is paired
  /// without listing its pairs (`amountMismatches`, `datesOutsideWindow`, `reversalPairs`), with
  /// the same result, in time near its lines' rather than their pairs'. Setting those searches up for each of the bench's thousands of groups of one line a
  /// side was slower than listing: make bench, 1M × 1M, pair exceptions, least of 40: 37 ms
  /// against 15.
  static let linesListed = 16

  /// A currency and an amount: what lines must share to be paired as one line.
  struct Amount: Hashable {
    let currency: Int32
    let amount: Int64
    init(_ currency: Int32, _ amount: Int64) {
      self.currency = currency
      self.amount = amount
    }
  }

  /// Days apart that still count as "the same line, dated outside the window".
  static let farWindow = 62

  /// A row's text, as the duplicates and reversals passes compare it: its reference when it has
  /// one, else its description, case and punctuation aside.
  enum TextKey: Hashable {
    case reference(UInt32)
    /// The UTF-8 of the squeezed description (`MatchState.squeezed`).
    case description([UInt8])
  }

  func textKey(_ r: Int32) -> TextKey {
    refKey(r) != 0 ? .reference(refKey(r)) : .description(store.withFieldBytes(Int(r), 2, ReferenceText.squeezed))
  }

  /// The same reference (when either has one), else the same description.
  func sameText(_ a: Int32, _ b: Int32) -> Bool { textKey(a) == textKey(b) }

  /// Twins among `group`, rows of one source, date, currency and amount in canonical order:
  /// each row `asked` about gets the first row of the group with its text, when that is another.
  /// Both twins searches end here. Each row's text is read once: compared pair by pair, the
  /// twins of 6,000 unmatched lines of one amount and date took 129 s, now 0.4 s (debug build,
  /// `twinsInALargeGroupOfOneDateAndAmount`). For the bench's groups of two or three rows, pair
  /// by pair was 1 ms faster of 13 (make bench, 1M × 1M, duplicates and singles, least of 30),
  /// not worth a second way of finding twins.
  private func twins(among group: some Collection<Int32>, asked: (Int32) -> Bool, _ twinOf: inout [Int32: Int32]) {
    guard group.count > 1, group.contains(where: asked) else { return }
    var first: [TextKey: Int32] = [:]
    for r in group {
      let text = textKey(r)
      if let f = first[text] {
        if asked(r) { twinOf[r] = f }
      } else {
        first[text] = r
      }
    }
  }

  /// Duplicates (a row with a twin in its source), then each remaining row by its kind.
  mutating func duplicatesAndSingles(
    _ rows: [Int32], periodEnd: Int32, _ out: inout PendingList
  ) {
    let window = Int32(settings.windowDays)
    var rows = rows
    // A deposit in transit the books and billing agree on: the GL line and its receipt, together.
    // Each GL line takes the first receipt in file order of its amount within the window, without
    // reading the receipts taken before it.
    var receiptsByAmount: [Amount: [Int32]] = [:]
    for r in rows where kind(r) == .receipts && amount(r) > 0 { receiptsByAmount[Amount(currency(r), amount(r)), default: []].append(r) }
    var receipts = receiptsByAmount.mapValues { DayQueues($0, day: date, order: key) }
    var taken = Set<Int32>()
    for g in rows where kind(g) == .ledger && amount(g) > 0 && date(g) > periodEnd - window {
      guard let rc = receipts[Amount(currency(g), amount(g))]?.first(in: date(g) - window...date(g) + window, taken: taken.contains)
      else { continue }
      taken.insert(rc)
      taken.insert(g)
      pend(.depositInTransit, g, [rc], into: &out)
    }
    if !taken.isEmpty { rows.removeAll { taken.contains($0) } }
    // Twins: another row of the same source with the same date, amount and reference or text;
    // a row's twin is the first such row in canonical order, before it.
    var twinOf: [Int32: Int32] = [:]
    var elsewhere: [Int32] = []
    var inSorted: [Int: [Int32]] = [:]
    let hasList = sources.indices.map { sortedSides.bySource[$0] != nil }
    for r in rows {
      let s = source(r)
      if s >= 0 && hasList[s] { inSorted[s, default: []].append(r) } else { elsewhere.append(r) }
    }
    for (s, asked) in inSorted { twinsInSortedList(asked, sortedSides.bySource[s] ?? [], sortedSides.runs[s] ?? [:], &twinOf) }
    if !elsewhere.isEmpty { twinsByScreening(elsewhere, &twinOf) }
    for r in rows {
      if let twin = twinOf[r] {
        pend(.duplicate, r, related: twin, into: &out)
        continue
      }
      let a = amount(r)
      let k: ExceptionKind
      switch kind(r) {
      case .bank:
        k = a < 0 && isFee(r) ? .fee : .missingInLedger
      case .ledger:
        if a < 0 && isCheck(r) {
          k = .outstandingCheck
        } else if a > 0 && date(r) > periodEnd - window {
          k = .depositInTransit
        } else {
          k = .missingInBank
        }
      default:
        k = date(r) > periodEnd - window && a > 0 ? .depositInTransit : .missingInBank
      }
      pend(k, r, into: &out)
    }
  }

  /// Twins of `rows`, all of one source, found in `list`, that source sorted whole: the rows of
  /// one currency, amount and date sit together there in canonical order, a run, and the sort
  /// noted which rows are in runs and where each run starts (`runs`). Screening every row of the
  /// source instead read 2M rows (make bench, 1M × 1M: duplicates and singles 87 → 67 ms);
  /// reading the sorted list for its runs here read all 32 MB of it again (duplicates and
  /// singles, least of 25: 12.7 against 21.4 ms).
  private func twinsInSortedList(_ rows: [Int32], _ list: [SortedRow], _ runs: [Int32: Int32], _ twinOf: inout [Int32: Int32]) {
    var asked: [Int32: [Int32]] = [:]
    for r in rows { if let start = runs[r] { asked[start, default: []].append(r) } }
    for (start, inRun) in asked {
      let s = Int(start), x = list[s]
      var end = s + 1
      while end < list.count, (list[end].currency, list[end].amount, list[end].date) == (x.currency, x.amount, x.date) { end += 1 }
      // Asked by a set: an array's `contains` for each row with a twin made 240,000 unmatched
      // lines of one date and amount quadratic (matching 9.4 s, now 0.6 s).
      twins(among: list[s..<end].lazy.map(\.row), asked: Set(inRun).contains, &twinOf)
    }
  }

  /// Twins of `rows` in sources no rule sorted whole: every row of those sources is looked at.
  private func twinsByScreening(_ rows: [Int32], _ twinOf: inout [Int32: Int32]) {
    struct TwinKey: Hashable {
      let source: Int
      let date: Int32
      let currency: Int32
      let amount: Int64
    }
    var wanted = Set<TwinKey>()
    wanted.reserveCapacity(rows.count)
    var sourcesWanted = Set<Int>()
    func twinKey(_ r: Int32) -> TwinKey { TwinKey(source: source(r), date: date(r), currency: currency(r), amount: amount(r)) }
    // The (amount, date) screen is asked before the dictionary: hashing 2M keys was a quarter
    // of this pass (make bench, 1M × 1M).
    var screen = Screen()
    func screenKey(_ r: Int32) -> UInt64 { UInt64(bitPattern: amount(r)) ^ (UInt64(UInt32(bitPattern: date(r))) << 40) }
    for r in rows {
      wanted.insert(twinKey(r))
      sourcesWanted.insert(source(r))
      screen.insert(screenKey(r))
    }
    // Each group's rows in file order, the rows asked about among them.
    var members: [TwinKey: [Int32]] = [:]
    for s in sourcesWanted.sorted() {
      for i in rowsBySource[s] where screen.contains(screenKey(i)) && wanted.contains(twinKey(i)) {
        members[twinKey(i), default: []].append(i)
      }
    }
    let asked = Set(rows)
    for group in members.values { twins(among: group, asked: asked.contains, &twinOf) }
  }

  /// A bank fee or service charge, by its description and counterparty.
  func isFee(_ r: Int32) -> Bool { text(r, 2, 1, contains: MatchState.feeWords) }

  /// A check, by its text ("Check 10483 Medline", "CHK-7", "cheque"): numeric references alone
  /// do not tell, as journal numbers are numeric too.
  func isCheck(_ r: Int32) -> Bool { text(r, 2, 0, contains: MatchState.checkWords) }

  private static let feeWords = ["FEE", "SERVICE CHARGE", "CHARGES", "COMMISSION"].map { Array($0.utf8) }
  private static let checkWords = ["CHECK", "CHEQUE", "CHK"].map { Array($0.utf8) }

  /// Whether text fields `first` and `second` of row `r` (0 reference, 1 counterparty,
  /// 2 description), joined by a space and upper-cased, hold one of `words` (upper case) at the
  /// start of a word: "FEES" and "Wire fee" do, "Coffee" does not. ASCII text is searched on its
  /// bytes: building, upper-casing and searching strings was two thirds of "duplicates and
  /// singles" (make bench, 1M × 1M: 40 of 66 ms). Other text is upper-cased as Unicode does it
  /// ("ı" is "I").
  private func text(_ r: Int32, _ first: Int, _ second: Int, contains words: [[UInt8]]) -> Bool {
    store.withFieldBytes(Int(r), first) { a in
      store.withFieldBytes(Int(r), second) { b in
        guard a.allSatisfy({ $0 < 0x80 }), b.allSatisfy({ $0 < 0x80 }) else {
          let text = Array((String(decoding: a, as: UTF8.self) + " " + String(decoding: b, as: UTF8.self)).uppercased())
          return words.contains { w in
            let word = Array(String(decoding: w, as: UTF8.self))
            return MatchState.holds(word, in: text.count) { text[$0] } isLetter: { $0.isLetter }
          }
        }
        return words.contains { w in
          MatchState.holds(w, in: a.count + 1 + b.count) { i in
            let c = i < a.count ? a[i] : i == a.count ? 0x20 : b[i - a.count - 1]
            return c &- 0x61 < 26 ? c &- 0x20 : c
          } isLetter: { $0 &- 0x41 < 26 }
        }
      }
    }
  }

  /// Whether `word` starts a word of the text of `count` elements read by `at`.
  @inline(__always) private static func holds<C: Equatable>(
    _ word: [C], in count: Int, at: (Int) -> C, isLetter: (C) -> Bool
  ) -> Bool {
    guard word.count <= count else { return false }
    return (0...count - word.count).contains { s in
      (s == 0 || !isLetter(at(s - 1))) && word.indices.allSatisfy { at(s + $0) == word[$0] }
    }
  }
}

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
  /// starts from the last one: one search per query over a whole sorted source missed the cache
  /// at every step (make bench, 1M × 1M: 56,565 exceptions, 0.18 s). The three best of a query
  /// are kept in place, in one flat array in the same amount order, so that its slots are
  /// written one query after another; they are put in the queries' order once, at the end.
  /// Each query carries what the search reads of it, its source among it: at 1M rows, reading
  /// the store for it read at random. With the search walking (`lowerBound(walkingFrom:)`):
  /// make bench, 1M × 1M, nearest candidates 46 → 38 ms.
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

/// An exception on its way to the result, with its first row's date, canonical key, currency
/// and amount and its rows' Σ effect, read once as it is made, while the rows are in cache: at
/// 1M rows, sorting, searching and summing them later read each row (and its list) from memory
/// again (make bench, 1M × 1M: in transit, sorted 10.3 → 9.7 ms). Most exceptions have one
/// row, and no list.
struct Pending {
  let kind: ExceptionKind
  let first: Int32
  /// The rows after the first: an index into `PendingList`'s lists, −1 for none. Kept apart,
  /// so that an item holds no reference: at 1M rows, putting 56,565 items in order retained
  /// and released a list for each (make bench, 1M × 1M, least of 30 runs: in transit, sorted
  /// 8.9 → 3.9 ms, nearest candidates 37 → 27 ms).
  var more: Int32 = -1
  let related: Int32
  let date: Int32
  let key: UInt64
  let source: Int32
  let currency: Int32
  let amount: Int64
  var difference: Int64
  /// Merged into another item.
  var merged = false
}

/// Exceptions on their way to the result, and the rows after each one's first.
struct PendingList {
  var items: [Pending] = []
  private var lists: [[Int32]] = []

  mutating func append(_ item: Pending, more: [Int32]) {
    var item = item
    if !more.isEmpty {
      item.more = Int32(lists.count)
      lists.append(more)
    }
    items.append(item)
  }

  /// The rows of `item` after its first.
  func more(_ item: Pending) -> [Int32] { item.more < 0 ? [] : lists[Int(item.more)] }
  func rows(_ item: Pending) -> [Int32] { [item.first] + more(item) }

  /// Item `j`'s rows and difference added to item `k`; `j` is marked merged.
  mutating func merge(_ j: Int, into k: Int) {
    let added = rows(items[j])
    if items[k].more < 0 {
      items[k].more = Int32(lists.count)
      lists.append(added)
    } else {
      lists[Int(items[k].more)] += added
    }
    items[k].difference += items[j].difference
    items[j].merged = true
  }
}

/// A bit per hash of a key, asked before a dictionary is: whether some row may have the key
/// (never no when one has). 128 KB, which stay in cache where a dictionary of the rows' keys
/// would not.
private struct Screen {
  private static let bits = 20
  private var words = [UInt64](repeating: 0, count: 1 << (Screen.bits - 6))

  @inline(__always) private static func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
  }

  /// Inlined: once the pair-exceptions pass grew, the compiler called it instead, and the call
  /// was a tenth of the pass (perf annotate; make bench, 1M × 1M, pair exceptions, 40 runs:
  /// lower quartile 13.7 → 12.9 ms, where it was before the pass grew).
  @inline(__always) mutating func insert(_ key: UInt64) {
    let b = Screen.slot(key)
    words[b >> 6] |= 1 << UInt64(b & 63)
  }

  @inline(__always) func contains(_ key: UInt64) -> Bool {
    let b = Screen.slot(key)
    return words[b >> 6] & (1 << UInt64(b & 63)) != 0
  }
}

/// What a group holds, for the demotion of groups that leave the reconciliation open.
private struct Holds: OptionSet {
  let rawValue: UInt8
  static let bank = Holds(rawValue: 1)
  /// A bank row of a positive amount.
  static let deposit = Holds(rawValue: 2)
  static let ledger = Holds(rawValue: 4)
  static let receipt = Holds(rawValue: 8)
}

