/// A problem found in an input, located like a compiler diagnostic.
///
/// Printed as `bank.csv:12:4: error: cannot read "12,5O" as an amount in column "Amount"`,
/// followed by an optional `hint:` line. Per-row problems are data (the row is rejected and the
/// run goes on); a diagnostic becomes a thrown ``TieoutError`` only when the run cannot go on.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  /// Stable, machine-readable codes. An open set: new importers add their own.
  public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let badAmount = Code(rawValue: "bad-amount")
    public static let badDate = Code(rawValue: "bad-date")
    public static let missingField = Code(rawValue: "missing-field")
    public static let missingColumn = Code(rawValue: "missing-column")
    /// A row with more or fewer fields than the header.
    public static let fieldCount = Code(rawValue: "field-count")
    public static let badEncoding = Code(rawValue: "bad-encoding")
    public static let unterminatedQuote = Code(rawValue: "unterminated-quote")
    /// A quoted field that spans many lines or holds row-shaped lines: likely an open quote.
    public static let openQuote = Code(rawValue: "open-quote")
    public static let tooManyErrors = Code(rawValue: "too-many-errors")
    public static let badConfig = Code(rawValue: "bad-config")
    public static let badTemplate = Code(rawValue: "bad-template")
    public static let fileNotFound = Code(rawValue: "file-not-found")
    /// A file that is no export: an Excel workbook, a PDF, an empty or binary file.
    public static let notAnExport = Code(rawValue: "not-an-export")
    /// A path names a folder, a pipe or a device rather than a regular file.
    public static let notAFile = Code(rawValue: "not-a-file")
    /// A file's size or modification time changed while it was read (an export still running).
    public static let fileChanged = Code(rawValue: "file-changed")
    public static let noHeader = Code(rawValue: "no-header")
    public static let cannotWrite = Code(rawValue: "cannot-write")
    /// A running balance that does not follow from the amounts.
    public static let balanceBreak = Code(rawValue: "balance-break")
    /// A month whose sources are in more than one currency.
    public static let severalCurrencies = Code(rawValue: "several-currencies")
    /// A file with no rows, or none in the period.
    public static let noRows = Code(rawValue: "no-rows")
    /// A text longer than a workbook cell holds; it is cut in the workbook.
    public static let longText = Code(rawValue: "long-text")
  }

  public enum Severity: String, Hashable, Sendable { case error, warning, note }

  public let code: Code
  public let severity: Severity
  public let location: SourceLocation?
  public let message: String
  public let hint: String?

  public init(
    _ code: Code, _ severity: Severity = .error, at location: SourceLocation?, _ message: String,
    hint: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.location = location
    self.message = message
    self.hint = hint
  }

  /// The compiler-style text, with the hint on its own line.
  public var description: String {
    var s = location.map { "\($0): " } ?? ""
    s += "\(severity.rawValue): \(message)"
    if let hint { s += "\nhint: \(hint)" }
    return s
  }
}

/// An error that stops a run: bad configuration, an unreadable file, too many bad rows.
public struct TieoutError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong and where.
  public let diagnostic: Diagnostic
  /// Whether the cause is the user's input (exit 2) or tieout itself (exit 1).
  public let isInputError: Bool

  public init(_ diagnostic: Diagnostic, isInputError: Bool = true) {
    self.diagnostic = diagnostic
    self.isInputError = isInputError
  }

  public init(
    _ code: Diagnostic.Code, at location: SourceLocation?, _ message: String, hint: String? = nil
  ) {
    self.init(Diagnostic(code, at: location, message, hint: hint))
  }

  /// An internal failure, such as a broken invariant: exit 1.
  public static func `internal`(_ message: String) -> TieoutError {
    TieoutError(Diagnostic(.init(rawValue: "internal"), at: nil, message), isInputError: false)
  }

  public var description: String { diagnostic.description }
}
