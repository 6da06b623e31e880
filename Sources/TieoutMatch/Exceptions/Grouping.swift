import TieoutCore

/// The links turned into numbered groups: the rows each group holds, its links, status and
/// score; and the groups that leave the reconciliation open, which become exceptions.
struct Grouping {
  var groups: [MatchGroup]
  /// Group members, group after group.
  var members: [Int32]
  /// The groups' links, group after group.
  var links: [MatchLink]
  /// Links of the groups that became exceptions.
  var exceptionLinks: [MatchLink]
  /// The groups that became exceptions: each one's kind and rows, in group order.
  var demoted: [(kind: ExceptionKind, rows: [Int32])]
  /// Whether each row is linked.
  var linked: [Bool]
  /// Each linked row's group as `~number` (0-based), or for a demoted group `~(numbered + g)`.
  let code: [Int32]
  /// How many groups are numbered.
  let numbered: Int32

  /// A linked row's final group number (0-based); −1 when its group was demoted.
  @inline(__always) func finalGroup(_ row: Int32) -> Int32 { ~code[Int(row)] < numbered ? ~code[Int(row)] : -1 }
  /// A row's group number (1-based) for the candidates' "already in G…"; 0 for none.
  func groupNumber(_ row: Int32) -> Int32 { code[Int(row)] < 0 ? finalGroup(row) + 1 : 0 }
}

extension MatchState {
  /// Numbers the groups the links form, by their first row in canonical order, and demotes
  /// those that leave the reconciliation open (`demotion`).
  mutating func numberGroups(periodEnd: Int32, laps: inout Laps) -> Grouping {
    let n = store.count
    let threeWay = rules.contains { r in
      let sides = [r.left, r.right].flatMap(sourceIndexes).map { sources[$0].kind }
      return sides.contains(.receipts) && sides.contains(.bank)
    }
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
    // order, and what they hold is noted in the same pass: one row-sized array, read once.
    // The union-find is done with: its array is taken over, not copied.
    var groupCode = linkSet.parent
    linkSet.parent = []
    let (groupCount, sizes, holds, latestReceipt) = groupCode.withUnsafeMutableBufferPointer { code in
      // Made here rather than captured: an array the closure captures is checked for a unique
      // reference at every write.
      var groupCount: Int32 = 0
      var sizes: [Int32] = []
      var holds: [Holds] = []
      var latestReceipt: [Int32] = []
      // A group holds a link or more: room for as many groups as links, so that the lists are
      // not copied as they grow.
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
        demoted[g] = demotion(holds[g], latestReceipt: latestReceipt[g], periodEnd: periodEnd, bankLedger: bankLedger, threeWay: threeWay)
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
    // group `~(next + group)`: the passes below read one random place per row instead of two.
    let numbered = next
    let (members, demotedRows) = groupCode.withUnsafeMutableBufferPointer { code in
      var demotedRows: [Int32: [Int32]] = [:]
      // The rows, each with its group's final number, staged by ranges of 2^15 groups (in
      // canonical order within each), then put in place range by range while the range's part
      // of `members` is in cache: put in place at once, the rows of groups begun before them
      // (the GL lines, after the bank lines) would land at random.
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
    // one rule made them all they are in group order already and are kept as they are.
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

    var demotedList: [(kind: ExceptionKind, rows: [Int32])] = []
    for (gr, rows) in demotedRows.sorted(by: { $0.key < $1.key }) {
      if let kind = demoted[Int(gr)] { demotedList.append((kind, rows)) }
    }
    return Grouping(
      groups: groups, members: members, links: finalLinks,
      exceptionLinks: demotedLinks.keys.sorted().flatMap { demotedLinks[$0] ?? [] }, demoted: demotedList, linked: linked,
      code: code, numbered: numbered)
  }

  /// The exception a group becomes when it leaves the reconciliation open, or nil: bank rows
  /// without a GL line (even when billing explains them) are missing in GL, GL rows without a
  /// bank line missing in bank; and in a three-way month a deposit that bank and GL agree on
  /// but no billing receipt explains is unapplied cash, missing in billing, and receipts (with
  /// the invoices they pay) that no deposit holds are in transit near the period's end.
  func demotion(_ h: Holds, latestReceipt: Int32, periodEnd: Int32, bankLedger: Bool, threeWay: Bool) -> ExceptionKind? {
    if bankLedger && h.contains(.bank) && !h.contains(.ledger) { return .missingInLedger }
    if bankLedger && h.contains(.ledger) && !h.contains(.bank) { return .missingInBank }
    if threeWay && h.contains(.deposit) && !h.contains(.receipt) { return .missingInBilling }
    if threeWay && h.contains(.receipt) && !h.contains(.bank) {
      return latestReceipt > periodEnd - Int32(settings.windowDays) ? .depositInTransit : .missingInBank
    }
    return nil
  }
}

/// What a group holds, for the demotion of groups that leave the reconciliation open.
struct Holds: OptionSet {
  let rawValue: UInt8
  static let bank = Holds(rawValue: 1)
  /// A bank row of a positive amount.
  static let deposit = Holds(rawValue: 2)
  static let ledger = Holds(rawValue: 4)
  static let receipt = Holds(rawValue: 8)
}
