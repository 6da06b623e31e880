/// Counts of the claims in a month's 835 remittances, for the denial-rate and first-pass KPIs.
public struct ClaimStats: Hashable, Sendable {
  /// Claims adjudicated (reversals, CLP02 = 22, left out).
  public var claims: Int = 0
  /// Denied: CLP02 = 4, or nothing paid on a non-zero charge.
  public var denied: Int = 0
  /// Paid on first adjudication: processed as primary, secondary or tertiary (CLP02 1–3) with a payment.
  public var paidFirstPass: Int = 0

  public init() {}

  public static func + (a: ClaimStats, b: ClaimStats) -> ClaimStats {
    var s = a
    s.claims += b.claims
    s.denied += b.denied
    s.paidFirstPass += b.paidFirstPass
    return s
  }
}
