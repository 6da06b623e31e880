/// Words that tell what a leftover line is from its text: a bank line that names a fee is a
/// bank fee, a GL payment that names a cheque is an outstanding cheque. A word counts where it
/// starts a word of the line's description or counterparty (reference, for cheques), in any
/// case: "FEES" and "Wire fee" name a fee, "Coffee" does not. tieout.yaml's `match.keywords`
/// replaces a list.
public struct Keywords: Hashable, Sendable {
  /// Words of a bank fee or service charge.
  public var fee: [String]
  /// Words of a cheque (check).
  public var cheque: [String]
  /// Words of a returned item: a deposit the payer's bank sent back (unpaid, insufficient
  /// funds, a returned direct debit).
  public var returned: [String]

  public init(fee: [String], cheque: [String], returned: [String] = Keywords.standard.returned) {
    self.fee = fee
    self.cheque = cheque
    self.returned = returned
  }

  /// English, German, French, Spanish and Italian, as the bundled templates' banks write them.
  public static let standard = Keywords(
    fee: [
      "FEE", "SERVICE CHARGE", "CHARGES", "COMMISSION",
      "GEBÜHR", "GEBUEHR", "ENTGELT", "SPESEN", "KONTOFÜHRUNG",
      "FRAIS", "COMISIÓN", "COMISION", "COMMISSIONE",
    ],
    cheque: ["CHECK", "CHEQUE", "CHK", "SCHECK", "CHÈQUE", "ASSEGNO"],
    returned: [
      "RETURNED", "RETURN OF", "RETURN ITEM", "NSF", "UNPAID", "REJECTED",
      "RÜCKLASTSCHRIFT", "RUECKLASTSCHRIFT", "RÜCKBUCHUNG", "IMPAYÉ", "IMPAYE", "REJET", "DEVOLUCIÓN", "DEVOLUCION",
      "DEVOLUTO", "INSOLUTO",
    ])

  /// The words upper-cased as Unicode does it, as the lines' texts are before they are
  /// searched, each as UTF-8.
  var searched: (fee: [[UInt8]], cheque: [[UInt8]], returned: [[UInt8]]) {
    (fee.map { Array($0.uppercased().utf8) }, cheque.map { Array($0.uppercased().utf8) }, returned.map { Array($0.uppercased().utf8) })
  }
}
