import Testing
import TieoutCore

extension MoneyTests {
  /// A share of an amount (a fee in basis points, the sum a net payout came from) is exact in
  /// integers, rounded the way asked, where a `Double` rounds large amounts.
  @Test func sharesAreExactAndRoundedAsAsked() {
    // 2.9% of 1,234.57: 35.80253 → 35.80 down, 35.81 up.
    #expect(Money.share(123_457, times: 290, over: 10_000, roundingUp: false) == 3_580)
    #expect(Money.share(123_457, times: 290, over: 10_000, roundingUp: true) == 3_581)
    // Whole results are not rounded up.
    #expect(Money.share(10_000, times: 300, over: 10_000, roundingUp: true) == 300)
    // The gross of a payout net of a 4% fee: 96.00 → 100.00; 100.00 → 104.16.
    #expect(Money.share(9_600, times: 10_000, over: 9_600, roundingUp: false) == 10_000)
    #expect(Money.share(10_000, times: 10_000, over: 9_600, roundingUp: false) == 10_416)
    // Past 2^53, where a Double no longer holds every integer: 9,007,199,254,740,993 × 3 / 3.
    let big: Int64 = 9_007_199_254_740_993
    #expect(Money.share(big, times: 3, over: 3, roundingUp: false) == big)
    #expect(Money.share(big, times: 10_000, over: 10_000, roundingUp: true) == big)
    // Beyond Int64: saturates instead of trapping.
    #expect(Money.share(Int64.max, times: 10_000, over: 9_999, roundingUp: false) == Int64.max)
    #expect(Money.share(0, times: 10_000, over: 1, roundingUp: true) == 0)
  }
}
