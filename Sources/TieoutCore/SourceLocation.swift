/// Where a record or a problem sits in an input file: `bank.csv:12:4`.
///
/// - `file` is the path as the user wrote it in tieout.yaml (or on the command line), so that
///   messages and outputs point at what the user knows.
/// - `line` is 1-based and is the *physical* line on which the record starts: a quoted field
///   with an embedded newline makes later records start further down.
/// - `column` is the 1-based field number within the record, or nil when the whole record is meant.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let file: String
  public let line: Int
  public let column: Int?

  public init(file: String, line: Int, column: Int? = nil) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// The file as a whole (line 0), for problems of no one line: it cannot be opened or written.
  public static func wholeFile(_ file: String) -> SourceLocation { SourceLocation(file: file, line: 0) }

  public func with(column: Int?) -> SourceLocation { SourceLocation(file: file, line: line, column: column) }

  /// `file:line` or `file:line:column`; just `file` when `line` is 0 (the file as a whole).
  public var description: String {
    if line == 0 { return file }
    if let column { return "\(file):\(line):\(column)" }
    return "\(file):\(line)"
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    if a.file != b.file { return a.file < b.file }
    if a.line != b.line { return a.line < b.line }
    return (a.column ?? 0) < (b.column ?? 0)
  }
}
