import TieoutCore

extension MatchState {
  /// Amount mismatches, dates outside the window and reversals: leftover rows in pairs, each
  /// row marked in `used` (by row) when it is paired.
  ///
  /// Each search looks only at the rows a screen says may have a partner (the other side's
  /// rows with the same reference, amount or size, by a bit per hash), rather than listing
  /// every leftover row by its key in dictionaries.
  mutating func pairExceptions(
    _ leftover: [Int32], _ used: inout [Bool], _ out: inout PendingList
  ) {
    let window = settings.windowDays
    // A reference both lines carry holds as long as the rules that pair by it look: a cheque's
    // bank line up to that many days after its GL line.
    let forward = max(window, rules.filter { $0.pass == SharedIdentifierPass.passName && $0.cardinality == .oneToOne }.map(\.windowDays).max() ?? 0)
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
        let later = Int(date(b)) - Int(date(g))
        guard -window <= later, later <= forward, currency(b) == currency(g), (amount(b) < 0) == (amount(g) < 0),
          amount(b) != amount(g), sameKey(b, .reference, g, .reference)
        else { continue }
        pairs.append((b, g, (amount(b) - amount(g)).magnitude, abs(later), key(b), key(g)))
      }
    }
    // Then lines whose texts carry one identifier (`Evidence`: a wire's invoice number in the
    // bank's text and the GL memo), inside the window: the bank netted its wire fee, or a digit
    // was mistyped.
    if let evidence {
      var glByIdentifier: [UInt32: [Int32]] = [:]
      for g in gl { for k in evidence.identifiers(g) { glByIdentifier[k, default: []].append(g) } }
      for b in bank {
        for k in evidence.identifiers(b) {
          for g in glByIdentifier[k] ?? [] {
            let dd = Int(date(g)) - Int(date(b))
            // A pair listed twice (by its reference too) is taken once: `used` marks it.
            guard abs(dd) <= window, currency(b) == currency(g), (amount(b) < 0) == (amount(g) < 0), amount(b) != amount(g) else {
              continue
            }
            pairs.append((b, g, (amount(b) - amount(g)).magnitude, abs(dd), key(b), key(g)))
          }
        }
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

  /// A deposit whose billing rows agree with the bank but whose GL line differs in amount (a
  /// wire the bank received short of its fee, booked at the invoice's amount): a group missing
  /// in the GL whose bank line shares its reference, or an identifier of its text, with a
  /// leftover GL line of its currency and sign, inside the window, becomes one amount mismatch
  /// holding that GL line too, the nearest amount first. The GL line is marked in `used`.
  func mismatchedBooks(_ demoted: inout [(kind: ExceptionKind, rows: [Int32])], _ leftover: [Int32], _ used: inout [Bool]) {
    guard demoted.contains(where: { $0.kind == .missingInLedger }) else { return }
    let byKey = byIdentifier(leftover.filter { kind($0) == .ledger })
    guard !byKey.isEmpty else { return }
    for k in demoted.indices where demoted[k].kind == .missingInLedger {
      guard let b = demoted[k].rows.first(where: { kind($0) == .bank }) else { continue }
      var best: (row: Int32, diff: UInt64, days: Int, key: UInt64)?
      for id in identifierKeys(b) {
        for g in byKey[id] ?? [] where !used[Int(g)] {
          let dd = abs(Int(date(g)) - Int(date(b)))
          guard dd <= settings.windowDays, currency(g) == currency(b), (amount(g) < 0) == (amount(b) < 0), amount(g) != amount(b)
          else { continue }
          let c = (row: g, diff: (amount(b) - amount(g)).magnitude, days: dd, key: key(g))
          if let x = best, (x.diff, x.days, x.key) <= (c.diff, c.days, c.key) { continue }
          best = c
        }
      }
      guard let best else { continue }
      used[Int(best.row)] = true
      demoted[k] = (.amountMismatch, demoted[k].rows + [best.row])
    }
  }

  /// Up to how many lines of the other side with its reference or amount a leftover line's
  /// pairs are listed (for reversals, twice as many lines of one size), and all listed pairs
  /// sorted and taken in order; past that, a group of one reference, amount or size is paired
  /// without listing its pairs (`amountMismatches`, `datesOutsideWindow`, `reversalPairs`), with
  /// the same result, in time near its lines' rather than their pairs'. Listing is cheaper for
  /// the many small groups a month has.
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
}
