public import TieoutCore
public import TieoutMatch

/// One input file of a source, as read.
public struct InputFile: Hashable, Sendable {
  /// The path as written in tieout.yaml.
  public let path: String
  /// Lower-case hex SHA-256 of the file's bytes.
  public let sha256: String
  /// Data rows read (entries plus rejected rows).
  public let rows: Int
  public let bytes: Int

  public init(path: String, sha256: String, rows: Int, bytes: Int) {
    self.path = path
    self.sha256 = sha256
    self.rows = rows
    self.bytes = bytes
  }
}

/// A source of tieout.yaml after import: its files and control totals.
public struct SourceSummary: Hashable, Sendable {
  public let name: String
  public let kind: SourceKind
  public let template: String
  public let files: [InputFile]
  /// Rows read from all files.
  public let rows: Int
  /// Rows that became entries.
  public let entries: Int
  /// Sum of the entries' amounts, minor units.
  public let total: Int64
  public let currency: Currency

  public init(name: String, kind: SourceKind, template: String, files: [InputFile], rows: Int, entries: Int, total: Int64, currency: Currency) {
    self.name = name
    self.kind = kind
    self.template = template
    self.files = files
    self.rows = rows
    self.entries = entries
    self.total = total
    self.currency = currency
  }
}

/// Everything one run established: the inputs, the match and the rows that were rejected.
///
/// It is the single value the workbook, the JSON and the terminal summary are written from.
public struct Reconciliation: Sendable {
  public let company: String
  public let period: Period
  public let asOf: Day
  public let sources: [SourceSummary]
  /// Every row that became an entry; groups and exceptions refer to rows by index.
  public let store: EntryStore
  public let match: MatchResult
  public let rejected: [RejectedRow]
  public let settings: MatchSettings
  /// Input files' own control checks that failed: statements that do not balance, trailers that
  /// do not tie, remittances whose claims do not add up.
  public let checks: [Diagnostic]
  /// The claims of the month's 835 remittances, when it has any.
  public var claims: ClaimStats?

  public init(
    company: String, period: Period, asOf: Day, sources: [SourceSummary], store: EntryStore, match: MatchResult,
    rejected: [RejectedRow], settings: MatchSettings, checks: [Diagnostic] = [], aging: AgingSettings = AgingSettings()
  ) {
    self.checks = checks
    self.company = company
    self.period = period
    self.asOf = asOf
    self.sources = sources
    self.store = store
    self.match = match
    self.rejected = rejected
    self.settings = settings
    let kinds = Dictionary(sources.map { ($0.name, $0.kind) }, uniquingKeysWith: { a, _ in a })
    originKinds = store.origins.map { kinds[$0.source] }
    let report = sources.first?.currency.code ?? Currency.usd.code
    originInReportCurrency = store.origins.map { $0.currency.code == report }
    self.aging = AgingReport(
      store: store, match: match, invoiceSources: Set(sources.filter { $0.kind == .invoices }.map(\.name)), asOf: asOf,
      settings: aging)
  }

  /// The reporting currency: the first source's.
  public var currency: Currency { sources.first?.currency ?? .usd }

  /// Accounts receivable aging of the invoice sources as of ``asOf``, computed once.
  public let aging: AgingReport
  /// The kind of each of the store's origins (nil for a source not listed), so that per-row
  /// loops compare a small integer rather than hash a source name.
  public let originKinds: [SourceKind?]

  /// Whether each of the store's origins is in the reporting currency.
  public let originInReportCurrency: [Bool]

  /// Whether row `i` is in the reporting currency: the money KPIs read only such rows.
  public func isInReportCurrency(_ i: Int) -> Bool { originInReportCurrency[store.originIndex(i)] }

  /// Rows in another currency than the reporting one, by currency code: what the money KPIs
  /// leave out.
  public var rowsInOtherCurrencies: [(code: String, rows: Int)] {
    guard originInReportCurrency.contains(false) else { return [] }
    var counts: [String: Int] = [:]
    for i in 0..<store.count where !isInReportCurrency(i) { counts[store.originOf(i).currency.code, default: 0] += 1 }
    return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// The kind of row `i`'s source.
  public func kind(ofRow i: Int) -> SourceKind? { originKinds[store.originIndex(i)] }

  /// The sum of the bank rows in groups.
  public var matchedAmount: Int64 { groupedTotal(of: .bank) }

  /// The sum of the rows of sources of `kind` that are in groups.
  public func groupedTotal(of kind: SourceKind) -> Int64 {
    match.members.reduce(Int64(0)) { self.kind(ofRow: Int($1)) == kind ? $0 + store.amount(Int($1)) : $0 }
  }

  /// Bank minus GL inside the groups: amounts a rule let differ (a tolerance). Together with
  /// the exceptions' differences it makes up the bank total minus the GL total.
  public var groupedBankMinusLedger: Int64 { groupedTotal(of: .bank) - groupedTotal(of: .ledger) }

  /// Groups by status: count.
  public func groupCount(_ status: MatchStatus) -> Int { match.groups.count { $0.status == status } }

  /// Exceptions by kind: count and the sum of their differences.
  public var exceptionsByKind: [(kind: ExceptionKind, count: Int, amount: Int64)] {
    ExceptionKind.allCases.map { k in
      let xs = match.exceptions.filter { $0.kind == k }
      return (k, xs.count, xs.reduce(0) { $0 + $1.difference })
    }
  }

  /// The sum of the exceptions' differences: bank lines not matched minus GL lines not matched.
  /// With ``groupedBankMinusLedger`` it equals the bank sources' total minus the ledger
  /// sources' total, which ``Accountability`` checks.
  public var unreconciledAmount: Int64 { match.exceptions.reduce(0) { $0 + $1.difference } }

  public var rejectedErrors: Int { rejected.count { $0.disposition == .error } }
}
