/// An input row that did not become an ``Entry``, with the reason.
///
/// Rows are never dropped silently: a row that cannot be read (a bad amount, a bad date) and a
/// row that the template says to ignore (a "Total" line, a repeated header) both end here, so an
/// auditor can see every line of every file accounted for.
public struct RejectedRow: Hashable, Sendable {
  public enum Disposition: String, Hashable, Sendable {
    /// The row could not be read; it needs a person's attention.
    case error
    /// The template says rows like this are not transactions (totals, footers, sub-headers).
    case ignored
  }

  /// The source name from tieout.yaml.
  public let source: String
  /// The row, and the column at fault when there is one.
  public let location: SourceLocation
  public let disposition: Disposition
  public let reason: String
  /// The row's fields as read, for the Rejected sheet.
  public let text: String

  public init(source: String, location: SourceLocation, disposition: Disposition, reason: String, text: String) {
    self.source = source
    self.location = location
    self.disposition = disposition
    self.reason = reason
    self.text = text
  }
}
