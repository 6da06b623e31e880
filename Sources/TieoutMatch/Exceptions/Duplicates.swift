import TieoutCore

/// Duplicates: a leftover row with a twin in its own source (the same date, currency, amount,
/// and reference or text), the twin being the first such row in canonical order.
extension MatchState {
  /// Each row of `rows` that has a twin, with its twin.
  func twins(of rows: [Int32]) -> [Int32: Int32] {
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
    return twinOf
  }

  /// Twins of `rows`, all of one source, found in `list`, that source sorted whole: the rows of
  /// one currency, amount and date sit together there in canonical order, a run, and the sort
  /// noted which rows are in runs and where each run starts (`runs`), so neither every row of
  /// the source nor the whole list is read again.
  private func twinsInSortedList(_ rows: [Int32], _ list: [SortedRow], _ runs: [Int32: Int32], _ twinOf: inout [Int32: Int32]) {
    var asked: [Int32: [Int32]] = [:]
    for r in rows { if let start = runs[r] { asked[start, default: []].append(r) } }
    for (start, inRun) in asked {
      let s = Int(start), x = list[s]
      var end = s + 1
      while end < list.count, (list[end].currency, list[end].amount, list[end].date) == (x.currency, x.amount, x.date) { end += 1 }
      // Asked by a set: an array's `contains` for each row made a large run quadratic.
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
    // The (amount, date) screen is asked before the dictionary, which most rows then skip.
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

  /// A row's text, as the duplicates and reversals passes compare it: its reference when it has
  /// one, else its description and counterparty, case and punctuation aside.
  enum TextKey: Hashable {
    case reference(UInt32)
    /// The UTF-8 of the squeezed description, a zero byte, and the squeezed counterparty
    /// (`ReferenceText.squeezed`).
    case description([UInt8])
  }

  func textKey(_ r: Int32) -> TextKey {
    guard refKey(r) == 0 else { return .reference(refKey(r)) }
    // The counterparty too: two customers' payments of one amount and day, both "Customer
    // payment", are two payments.
    return .description(
      store.withFieldBytes(Int(r), 2, ReferenceText.squeezed) + [0] + store.withFieldBytes(Int(r), 1, ReferenceText.squeezed))
  }

  /// The same reference (when either has one), else the same description.
  func sameText(_ a: Int32, _ b: Int32) -> Bool { textKey(a) == textKey(b) }

  /// Twins among `group`, rows of one source, date, currency and amount in canonical order:
  /// each row `asked` about gets the first row of the group with its text, when that is another.
  /// Both twins searches end here. Each row's text is read once, so a large group costs its
  /// size, not its pairs.
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
}
