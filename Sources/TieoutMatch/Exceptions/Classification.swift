import Algorithms
import TieoutCore

/// What a leftover row that pairs with nothing is, by its source's kind, its sign, its date and
/// its text: a bank fee, an outstanding cheque, a deposit in transit, or missing on the other side.
extension MatchState {
  /// Each row of `rows` as a duplicate of its twin (`twinOf`) or as an exception of its own. A
  /// bank charge is a fee even beside another of its amount, text and day: banks post a wire
  /// fee for every wire.
  func classifySingles(_ rows: [Int32], twinOf: [Int32: Int32], periodEnd: Int32, _ out: inout PendingList) {
    let window = Int32(settings.windowDays)
    let returned = returnedDeposits(rows.filter { kind($0) == .bank && amount($0) < 0 && isReturn($0) })
    for r in rows {
      if let deposit = returned[r] {
        pend(.returnedItem, r, related: deposit, into: &out)
        continue
      }
      if let twin = twinOf[r], !(kind(r) == .bank && amount(r) < 0 && isFee(r)) {
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

  /// Most days a returned item follows the deposit it sends back.
  static let returnDays: Int32 = 45
  /// Deposits of its amount whose words a returned item's are compared with, the latest: at
  /// volume an amount has thousands.
  static let returnCandidates = 64

  /// The deposit each of `returns` (bank debits naming a return) sends back: of the bank
  /// credits of its currency and amount up to `returnDays` days before it, one whose text gives
  /// a name of the return's (the payer's; the rarest such name first), else (of the latest
  /// `returnCandidates`) shares a word of four letters or more with it, the latest first; each
  /// deposit taken once, returns in canonical order. Returns of no such deposit are left out.
  func returnedDeposits(_ returns: [Int32]) -> [Int32: Int32] {
    guard !returns.isEmpty else { return [:] }
    let wanted = Set(returns.map { Amount(currency($0), -amount($0)) })
    var credits: [Amount: [Int32]] = [:]
    for s in sources.indices where sources[s].kind == .bank {
      for r in rowsBySource[s] where amount(r) > 0 {
        let a = Amount(currency(r), amount(r))
        if wanted.contains(a) { credits[a, default: []].append(r) }
      }
    }
    var out: [Int32: Int32] = [:]
    var taken = Set<Int32>()
    for r in returns.sorted(by: { key($0) < key($1) }) {
      let candidates = (credits[Amount(currency(r), -amount(r))] ?? [])
        .filter { c in !taken.contains(c) && date(c) < date(r) && date(r) - date(c) <= MatchState.returnDays }
      // The payer's name as a name both texts give (`Evidence`, a cheap test), the rarest
      // shared name first ("GOLDFINCH FOODS" before "FOODS CORP"), else a word both share,
      // asked of the latest `returnCandidates` only.
      var named: [Int32] = []
      if let evidence {
        let ranked = candidates.compactMap { c in evidence.sharedNameRank(r, c).map { (c, $0) } }
        if let best = ranked.map(\.1).min() { named = ranked.filter { $0.1 == best }.map(\.0) }
      }
      if named.isEmpty {
        named = candidates.max(count: MatchState.returnCandidates) { (date($0), key($1)) < (date($1), key($0)) }
          .filter { counterpartiesSimilar(r, $0) }
      }
      guard let deposit = (named.isEmpty ? candidates : named).max(by: { (date($0), key($1)) < (date($1), key($0)) }) else { continue }
      taken.insert(deposit)
      out[r] = deposit
    }
    return out
  }

  /// A returned item, by its description and counterparty ("RETURNED ITEM", "NSF").
  func isReturn(_ r: Int32) -> Bool { text(r, 2, 1, contains: keywords.returned) }

  /// A bank fee or service charge, by its description and counterparty.
  func isFee(_ r: Int32) -> Bool { text(r, 2, 1, contains: keywords.fee) }

  /// A check, by its text ("Check 10483 Medline", "CHK-7", "cheque"): numeric references alone
  /// do not tell, as journal numbers are numeric too.
  func isCheck(_ r: Int32) -> Bool { text(r, 2, 0, contains: keywords.cheque) }

  /// Whether text fields `first` and `second` of row `r` (0 reference, 1 counterparty,
  /// 2 description), joined by a space and upper-cased, hold one of `words` (upper case) at the
  /// start of a word: "FEES" and "Wire fee" do, "Coffee" does not. ASCII text is searched on its
  /// bytes, without building strings (docs/PERFORMANCE.md); other text is upper-cased as
  /// Unicode does it ("ı" is "I"). A word that is not ASCII is never in ASCII text.
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
