import TieoutCore

/// An exception on its way to the result, with its first row's date, canonical key, currency
/// and amount and its rows' Σ effect, read once as it is made, while the rows are in cache:
/// sorting, searching and summing read these, not the rows again. Most exceptions have one
/// row, and no list.
struct Pending {
  let kind: ExceptionKind
  let first: Int32
  /// The rows after the first: an index into `PendingList`'s lists, −1 for none. Kept apart,
  /// so that an item holds no reference and putting the items in order retains nothing.
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

extension MatchState {
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
}
