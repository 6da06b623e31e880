import TieoutCore

/// Deposits in transit that the books and billing agree on: a GL deposit near the period's
/// end and the billing receipt behind it become one exception, not two.
extension MatchState {
  /// GL deposits near the period's end, each with the first receipt in file order of its
  /// amount within the window, as deposits in transit; `rows` loses the rows so paired.
  func depositsInTransit(_ rows: inout [Int32], periodEnd: Int32, _ out: inout PendingList) {
    let window = Int32(settings.windowDays)
    // Each GL line takes its receipt without reading the receipts taken before it.
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
  }

  /// A GL deposit in transit and the billing items in transit (a receipt with its invoice)
  /// behind it become one item; the items merged into others are marked `merged`.
  func mergeInTransit(_ pending: inout PendingList) {
    let window = Int(settings.windowDays)
    // The billing-side items in transit, listed under each of their receipts' amounts and days
    // in pending order: each GL line takes the first item not yet taken with a receipt of its
    // amount within the window, without reading the items taken before it or those of other
    // days, so thousands of items of one amount cost their number, not its square.
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
  }
}
