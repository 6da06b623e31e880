import Foundation
import Testing
import TieoutCore
import TieoutMatch
import TieoutPipeline
import TieoutReports
import TieoutTestSupport

/// `match.rules` in tieout.yaml and the decisions file beside it.
@Suite struct ConfigRulesTests {
  static let head = """
    company: Clinic
    period: 2026-10
    sources:
      - { name: bank, kind: bank, template: bank-generic, files: [bank.csv] }
      - { name: stripe, kind: receipts, template: stripe-payout-reconciliation, files: [p.csv] }

    """

  @Test func rulesAreReadInOrder() throws {
    let c = try RunConfig.parse(
      yaml: Self.head + """
        match:
          window_days: 2
          rules:
            - { name: payouts, pair: [stripe, bank], cardinality: "N:1", group_by: reference, fee_percent: 3.5 }
            - name: wires
              pair: [bank, gl]
              amount: { within: 0.50 }
              days: { days: 2, business: true }
              reference: in-memo
              status: suggested
            - { name: cheques, pair: [bank, gl], pass: shared-identifier, days: 120 }
        """, path: "t/tieout.yaml")
    let rules = try #require(c.match.rules)
    #expect(rules.map(\.name) == ["payouts", "wires", "cheques"])
    #expect(rules[2].pass == "shared-identifier" && rules[2].windowDays == 120)
    #expect(rules[0].left == .source("stripe") && rules[0].right == .source("bank"))
    #expect(rules[0].cardinality == .manyToOne && rules[0].groupBy == .reference && rules[0].feeBasisPoints == 350)
    #expect(rules[0].windowDays == 2)
    #expect(rules[1].amount == .within(50) && rules[1].businessDays && rules[1].reference == .inMemo && !rules[1].confirmed)
    #expect(rules[1].summary == "wires: bank ↔ gl 1:1, amount within 0.50, 2 business days, reference in-memo, suggested")
  }

  @Test(arguments: [
    ("    - { name: a, pair: [bank, gl], cardinality: \"2:1\" }", "cardinality must be one of"),
    ("    - { name: a, pair: [bank, treasury] }", "\"treasury\" is neither a source name nor a kind"),
    ("    - { name: a, pair: [bank, gl], windw: 3 }", "unknown key `windw`; the keys here are `amount`, `cardinality`, `counterparty`, `days`"),
    ("    - { name: a, pair: [bank, gl], cardinality: \"N:M\" }", "an N:M rule needs group_by"),
    ("    - { name: a, pair: [bank, gl], fee_percent: 3 }", "fee_percent applies to 1:N and N:1 rules"),
    ("    - { name: a, pair: [bank, gl], pass: cheques }", "pass is one of keyed-to-reference"),
    ("    - { name: a, pair: [bank, gl], cardinality: \"N:M\", group_by: reference, pass: shared-identifier }", "pass shared-identifier does not run N:M rules"),
    ("    - { name: a, pair: [bank, gl], days: 90 }", "days must be between 0 and 60 (up to 366 with pass: shared-identifier)"),
  ])
  func badRulesAreLocated(rule: String, message: String) {
    let yaml = Self.head + "match:\n  rules:\n" + rule + "\n"
    #expect {
      _ = try RunConfig.parse(yaml: yaml, path: "t/tieout.yaml")
    } throws: { error in
      let d = (error as? TieoutError)?.diagnostic
      return d?.message.contains(message) == true && d?.location?.line == 8
    }
  }

  /// A tolerance keeps the digits it is written with, and applies in each row's currency.
  @Test func toleranceKeepsItsDigits() throws {
    func amount(_ text: String) throws -> MatchRule.AmountTest? {
      let c = try RunConfig.parse(
        yaml: Self.head + "match:\n  rules:\n    - { name: a, pair: [bank, gl], amount: { within: \(text) } }\n", path: "t/tieout.yaml")
      return c.match.rules?.first?.amount
    }
    #expect(try amount("0.50") == .within(50, digits: 2))
    #expect(try amount("5") == .within(5, digits: 0))
    #expect(try amount("0.005") == .within(5, digits: 3))
  }

  @Test func keywordsReplaceTheStandardLists() throws {
    let c = try RunConfig.parse(yaml: Self.head + "match:\n  keywords: { fee: [Bankspesen, Gebühr] }\n", path: "t/tieout.yaml")
    #expect(c.match.keywords.fee == ["Bankspesen", "Gebühr"])
    #expect(c.match.keywords.cheque == Keywords.standard.cheque)
    #expect {
      _ = try RunConfig.parse(yaml: Self.head + "match:\n  keywords: { fees: [X] }\n", path: "t/tieout.yaml")
    } throws: { error in
      (error as? TieoutError)?.diagnostic.location?.line == 7
    }
    #expect {
      _ = try RunConfig.parse(yaml: Self.head + "match:\n  keywords: { cheque: [] }\n", path: "t/tieout.yaml")
    } throws: { error in
      (error as? TieoutError)?.diagnostic.message.contains("a keyword list is a list of words") == true
    }
  }

  @Test func holidaysAreACalendarOrDates() throws {
    let c = try RunConfig.parse(yaml: Self.head + "match:\n  holidays: [us-federal, 2026-12-24]\n", path: "t/tieout.yaml")
    #expect(c.match.calendar.names == ["us-federal"] && c.match.calendar.dates.map(\.description) == ["2026-12-24"])
    // The period's year and those either side, for windows that cross the new year.
    #expect(c.match.calendar.holidays.contains(Day(iso: "2025-12-25")!) && c.match.calendar.holidays.contains(Day(iso: "2027-01-01")!))
    let one = try RunConfig.parse(yaml: Self.head + "match:\n  holidays: us-federal\n", path: "t/tieout.yaml")
    #expect(one.match.calendar.names == ["us-federal"])
    #expect {
      _ = try RunConfig.parse(yaml: Self.head + "match:\n  holidays: [us-federl]\n", path: "t/tieout.yaml")
    } throws: { error in
      let d = (error as? TieoutError)?.diagnostic
      return d?.message.contains("holidays are dates (2026-12-24) or a calendar (us-federal), not \"us-federl\"") == true
        && d?.location?.line == 7
    }
  }

  @Test func decisionsFileIsReadBesideTieoutYaml() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let config = try dir.write("tieout.yaml", Self.head)
    _ = try dir.write(
      "decisions.yaml",
      """
      decisions:
        - force: [bank.csv:12, p.csv:4]
          by: Dana Whitfield
          reason: payout split across two days
        - forbid: [bank.csv:15, p.csv:9]
          by: Dana Whitfield
          reason: different customers
      """)
    let c = try RunConfig.load(path: config)
    #expect(c.decisions.map(\.action) == [.force, .forbid])
    #expect(c.decisions[0].rows == [SourceLocation(file: "bank.csv", line: 12), SourceLocation(file: "p.csv", line: 4)])
    #expect(c.decisions[1].location.line == 5)
    _ = try dir.write("decisions.yaml", "decisions:\n  - force: [bank.csv:12, p.csv:4]\n    by: Dana\n")
    #expect { _ = try RunConfig.load(path: config) } throws: { error in
      (error as? TieoutError)?.description.contains("missing key `reason`") == true
    }
    _ = try dir.write("decisions.yaml", "decisions:\n  - forbid: [bank.csv-12, p.csv:4]\n    by: D\n    reason: r\n")
    #expect { _ = try RunConfig.load(path: config) } throws: { error in
      (error as? TieoutError)?.description.contains("decisions.yaml:2:14: error: \"bank.csv-12\" is not file:line") == true
    }
  }
}

@Suite struct AgingConfigTests {
  @Test func agingSettingsAreRead() throws {
    let c = try RunConfig.parse(
      yaml: ConfigRulesTests.head + "aging: { terms_days: 45, buckets: [15, 45], limit: 5000.00 }\n", path: "t/tieout.yaml")
    #expect(c.aging.termsDays == 45 && c.aging.buckets == [15, 45] && c.aging.limit == 500_000)
    #expect(c.aging.labels == ["Current", "1–15", "16–45", "45+"])
    #expect(c.aging.bucket(daysPastDue: 0) == 0 && c.aging.bucket(daysPastDue: 15) == 1 && c.aging.bucket(daysPastDue: 46) == 3)
    #expect {
      _ = try RunConfig.parse(yaml: ConfigRulesTests.head + "aging: { buckets: [60, 30] }\n", path: "t/tieout.yaml")
    } throws: { ($0 as? TieoutError)?.description.contains("t/tieout.yaml:6:19: error: buckets must be increasing") == true }
  }
}
