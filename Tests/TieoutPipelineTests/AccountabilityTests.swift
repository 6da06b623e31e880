import Testing
import TieoutCore
import TieoutMatch
import TieoutReports

/// The nothing-lost check must catch a dropped, a duplicated or a stray row.
@Suite struct AccountabilityTests {
  func e(_ line: Int, _ minor: Int64, source: String = "bank") -> Entry {
    Entry(source: source, location: .init(file: source + ".csv", line: line), date: Day(iso: "2026-10-01")!, amount: Money(minorUnits: minor, currency: .usd))
  }

  func reconciliation(_ m: (store: EntryStore, result: MatchResult), rejected: [RejectedRow] = []) -> Reconciliation {
    let p = Period(monthOf: Day(iso: "2026-10-01")!)
    let sources = [
      SourceSummary(name: "bank", kind: .bank, template: "t", files: [], rows: 2, entries: 2, total: 300, currency: .usd),
      SourceSummary(name: "gl", kind: .ledger, template: "t", files: [], rows: 1, entries: 1, total: 100, currency: .usd),
    ]
    return Reconciliation(company: "T", period: p, asOf: p.end, sources: sources, store: m.store, match: m.result, rejected: rejected, settings: .init())
  }

  let read = [Accountability.Input(source: "bank", entries: 2, total: 300, rejected: 0), Accountability.Input(source: "gl", entries: 1, total: 100, rejected: 0)]

  @Test func passesWhenEverythingIsPlacedOnce() throws {
    let m = Matcher().match(bank: [e(2, 100), e(3, 200)], ledger: [e(2, 100, source: "gl")])
    try Accountability.verify(reconciliation(m), read: read)
  }

  @Test func failsOnADroppedRow() {
    var m = Matcher().match(bank: [e(2, 100), e(3, 200)], ledger: [e(2, 100, source: "gl")])
    m.result.exceptions.removeAll()
    #expect { try Accountability.verify(reconciliation(m), read: read) } throws: {
      ($0 as? TieoutError)?.description.contains("bank.csv:3 (bank) is in no group, exception or list") == true
    }
  }

  @Test func failsOnADuplicatedRow() {
    var m = Matcher().match(bank: [e(2, 100), e(3, 200)], ledger: [e(2, 100, source: "gl")])
    m.result.unpaired.append(m.result.exceptions[0].members[0])
    #expect { try Accountability.verify(reconciliation(m), read: read) } throws: {
      ($0 as? TieoutError)?.description.contains("bank.csv:3 (bank) appears twice") == true
    }
  }

  @Test func failsWhenTheExceptionsDoNotAddUpToBankMinusGL() {
    var m = Matcher().match(bank: [e(2, 100), e(3, 200)], ledger: [e(2, 100, source: "gl")])
    let x = m.result.exceptions[0]
    m.result.exceptions[0] = ReconException(number: x.number, kind: x.kind, members: x.members, difference: x.difference + 1)
    #expect { try Accountability.verify(reconciliation(m), read: read) } throws: {
      ($0 as? TieoutError)?.description.contains("control totals do not tie") == true
    }
  }

  @Test func failsWhenRejectedRowsDoNotTie() {
    let m = Matcher().match(bank: [e(2, 100), e(3, 200)], ledger: [e(2, 100, source: "gl")])
    let extra = RejectedRow(source: "bank", location: .init(file: "bank.csv", line: 9), disposition: .error, reason: "x", text: "")
    #expect(throws: TieoutError.self) { try Accountability.verify(reconciliation(m, rejected: [extra]), read: read) }
  }
}
