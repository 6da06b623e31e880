public import TieoutCore

extension MatchResult {
  /// Why a group's rows belong together, link by link: "bank-gl-1:1: amount equal; gl date
  /// +2 days; reference 10481 equal".
  public func explanation(of g: MatchGroup, _ store: EntryStore) -> String {
    links(of: g).map { explanation(of: $0, store) }.joined(separator: " | ")
  }

  func explanation(of l: MatchLink, _ store: EntryStore) -> String {
    let (left, right) = rows(of: l)
    guard let first = left.first ?? right.first else { return "" }
    let digits = store.originOf(Int(first)).currency.minorDigits
    func money(_ m: Int64) -> String { Money.decimalString(m, digits: digits) }
    if l.isManual {
      let d = decisions[Int(-1 - l.rule)]
      return "manual: forced by \(d.by.isEmpty ? "a decision" : d.by)\(d.reason.isEmpty ? "" : " — \(d.reason)") (\(d.location))"
    }
    let rule = rules[Int(l.rule)]
    var why: [String] = []
    func side(_ rows: ArraySlice<Int32>) -> String {
      let name = rows.first.map { store.originOf(Int($0)).source } ?? ""
      return rows.count == 1 ? name : "\(rows.count) rows of \(name)"
    }
    if l.reasons.contains(.byGroupKey) && l.reasons.contains(.referenceEqual) {
      // Payments naming an invoice.
      let (many, one) = manySide(l, left, right)
      let paid = many.reduce(Int64(0)) { $0 + store.amount(Int($1)) }
      let billed = one.reduce(Int64(0)) { $0 + store.amount(Int($1)) }
      let name = one.map { store.reference(Int($0)) }.joined(separator: ", ")
      let what = many.count == 1 ? "\(store.location(Int(many.first!))) names \(name)" : "\(side(many)) name \(name)"
      if l.reasons.contains(.partial) {
        return "\(rule.name): \(what); partial payment: \(money(paid)) of \(money(billed)), \(money(billed - paid)) still open"
      }
      return "\(rule.name): \(what); paid in full (\(money(paid)))"
    }
    if left.count > 1 || right.count > 1 {
      let (many, one) = left.count > 1 ? (left, right) : (right, left)
      let sum = many.reduce(Int64(0)) { $0 + store.amount(Int($1)) }
      // A few rows of both signs (a gross and its fee) are named: what they net is not obvious.
      let amounts = many.map { store.amount(Int($0)) }
      let mixed = amounts.contains { $0 < 0 } && amounts.contains { $0 > 0 } && many.count <= 3
      why.append("\(side(many))\(mixed ? " (" + amounts.map(money).joined(separator: ", ") + ")" : "") add up to \(money(sum))")
      if l.reasons.contains(.byGroupKey), let r = many.first {
        why.append("one \(rule.groupBy?.rawValue ?? "batch") \(groupText(store, Int(r), rule.groupBy))")
      }
      let oneAmount = one.reduce(Int64(0)) { $0 + store.amount(Int($1)) }
      let fee = sum - oneAmount
      if fee != 0 && rule.feeBasisPoints > 0 {
        let bp = sum == 0 ? 0 : Int((Double(fee) / Double(sum) * 10_000).rounded())
        why.append("\(side(one)) \(money(oneAmount)) is net of a fee of \(money(fee)) (\(Money.decimalString(Int64(bp), digits: 2))%)")
      } else if fee != 0 {
        why.append("difference \(money(fee)) within tolerance")
      } else {
        why.append("equal to \(side(one))")
      }
    } else if l.difference == 0 {
      why.append("amount equal")
    } else {
      why.append("amount within tolerance (difference \(money(l.difference)))")
    }
    let d = Int(l.dayDifference)
    let rightName = right.first.map { store.originOf(Int($0)).source } ?? "right"
    if d < 0 && rule.pass == SharedIdentifierPass.passName, let l = left.first {
      // A strong key over a wide window: the left row came later (a cheque clearing).
      why.append("\(store.originOf(Int(l)).source) \(-d) day\(d == -1 ? "" : "s") after \(rightName)")
    } else {
      why.append(d == 0 ? "same date" : "\(rightName) date \(d > 0 ? "+" : "")\(d) day\(abs(d) == 1 ? "" : "s")")
    }
    if l.reasons.contains(.referenceEqual), let r = left.first { why.append("reference \(store.reference(Int(r))) equal") }
    // What the rows' texts share, as the left row writes it: read only for a link that says so.
    let shared =
      l.reasons.contains(.referenceInMemo) || l.reasons.contains(.counterpartySimilar)
      ? left.first.flatMap { r in right.first.map { Evidence.shared(store, Int(r), Int($0)) } } : nil
    if l.reasons.contains(.referenceInMemo), let r = left.first, let o = right.first {
      if rule.reference == .inMemo {
        let (a, b) = store.reference(Int(r)).isEmpty ? (o, r) : (r, o)
        why.append("\(store.reference(Int(a))) found in \(store.originOf(Int(b)).source) memo")
      } else if let ids = shared?.identifiers, !ids.isEmpty {
        why.append("\(ids[0]) in both texts")
      } else {
        why.append("an identifier in both texts")
      }
    }
    if l.reasons.contains(.referenceSimilar) { why.append("references similar") }
    if l.reasons.contains(.counterpartySimilar) {
      if rule.counterparty != .similar, let names = shared?.names, !names.isEmpty {
        why.append("counterparty \(names[0]) in both")
      } else {
        why.append("counterparty similar")
      }
    }
    if l.reasons.contains(.ambiguous) { why.append("another combination fits as well: confirm") }
    if !rule.confirmed { why.append("suggested: confirm") }
    return "\(rule.name): " + why.joined(separator: "; ")
  }

  /// The many side and the one side of a link: the one side is the single row.
  func manySide(_ l: MatchLink, _ left: ArraySlice<Int32>, _ right: ArraySlice<Int32>) -> (ArraySlice<Int32>, ArraySlice<Int32>) {
    let rule = rules[Int(l.rule)]
    return rule.cardinality == .oneToMany ? (right, left) : (left, right)
  }

  func groupText(_ store: EntryStore, _ r: Int, _ key: MatchRule.GroupKey?) -> String {
    let f = store.fields(r)
    switch key {
    case .reference, nil: return f.reference
    case .counterparty: return f.counterparty
    case .description: return f.description
    case .account: return f.account
    }
  }

  /// A readable account of an exception, with its nearest candidates and why each was not
  /// matched.
  public func explanation(of x: ReconException, _ store: EntryStore, windowDays: Int) -> String {
    let a = store[Int(x.members[0])]
    let digits = a.amount.currency.minorDigits
    func money(_ m: Int64) -> String { Money.decimalString(m, digits: digits) }
    var why: String
    switch x.kind {
    case .amountMismatch:
      let b = store[Int(x.members[1])]
      // The reference both carry, else the identifier their texts share.
      let shared =
        !a.reference.isEmpty && ReferenceText.normalized(a.reference) == ReferenceText.normalized(b.reference)
        ? "reference \(a.reference) on both"
        : Evidence.shared(store, Int(x.members[0]), Int(x.members[1])).identifiers.first.map { "\($0) in both texts" } ?? "a reference on both"
      why = "\(shared); \(a.source) \(a.amount.decimalString), \(b.source) \(b.amount.decimalString), difference \(money(x.difference))"
      let apart = a.date.days(to: b.date)
      if abs(apart) > windowDays { why += "; \(a.source) \(-apart) days after \(b.source)" }
      if Matcher.isTransposition(a.amount.minorUnits, b.amount.minorUnits) { why += "; looks like two transposed digits" }
    case .dateOutsideWindow:
      let b = store[Int(x.members[1])]
      why = "\(a.source) \(a.date) and \(b.source) \(b.date) are both \(a.amount.decimalString) but \(abs(a.date.days(to: b.date))) days apart, outside the \(windowDays)-day window"
    case .reversal:
      let b = store[Int(x.members[1])]
      why = "\(b.amount.decimalString) on \(b.date) reverses \(a.amount.decimalString) on \(a.date) (\(a.location)); the two cancel"
    case .duplicate:
      let twin = x.related.map { store.location(Int($0.row)).description } ?? "another row"
      why = "same amount, date and reference as \(twin)"
      if let g = x.related?.group, g > 0 { why += ", which is matched in G\(g)" }
      why += "; a second posting?"
    case .missingInBilling:
      why = "deposit \(a.amount.decimalString) on \(a.date) is in bank and GL, but no billing receipt, or receipts adding up to it, within \(windowDays) days"
    case .fee:
      why = "bank charge \(a.amount.decimalString) on \(a.date) (\(a.description)) has no GL line: book it"
    case .depositInTransit:
      why = "\(a.source) deposit \(a.amount.decimalString) on \(a.date), at the period's end, is not on the bank statement yet"
    case .returnedItem:
      why = "\(a.amount.decimalString) on \(a.date) (\(a.description)) sends back a deposit"
      if let d = x.related {
        let e = store[Int(d.row)]
        why += " of \(e.amount.decimalString) on \(e.date) (\(e.location)\(d.group > 0 ? ", matched in G\(d.group)" : ""))"
      }
      why += ": book the return and collect the payment again"
    case .outstandingCheck:
      why = "check \(a.reference.isEmpty ? a.description : a.reference) for \(a.amount.decimalString) on \(a.date) has not cleared the bank"
    case .missingInLedger:
      why = "no GL line of \(a.amount.decimalString) within \(windowDays) days of \(a.date)"
      if x.members.count > 1 { why += " (the billing rows with it agree with the bank)" }
    case .missingInBank:
      why = "no bank line of \(a.amount.decimalString) within \(windowDays) days of \(a.date)"
      if x.members.count > 1 { why += " (the rows with it agree with each other)" }
    }
    if !x.candidates.isEmpty {
      let near = x.candidates.map { c -> String in
        let e = store[Int(c.row)]
        var not: [String] = []
        if c.group > 0 { not.append("already in G\(c.group)") }
        let diff = e.amount.minorUnits - a.amount.minorUnits
        if diff != 0 { not.append("amount differs by \(money(diff))") }
        let days = a.date.days(to: e.date)
        if abs(days) > windowDays { not.append("\(days > 0 ? "+" : "")\(days) days, outside the window") }
        if not.isEmpty { not.append("paired elsewhere, or a rule's other condition (reference, counterparty, a decision) failed") }
        return "\(e.location) \(e.amount.decimalString) on \(e.date): \(not.joined(separator: ", "))"
      }
      why += ". Nearest: " + near.joined(separator: "; ")
    }
    return why
  }

}
