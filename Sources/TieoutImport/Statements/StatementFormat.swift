import Foundation
public import TieoutCore

/// A file format tieout reads without a template, recognised by its content. Each format is
/// one type conforming to this (and to ``BankFileReader`` when it holds bank statements), listed
/// once in ``InputFormat/readers``: a new format is one file and one line there.
public protocol StatementFormat {
  /// The format's name in tieout.yaml (`format: mt940`).
  static var format: InputFormat { get }

  /// Whether a file whose first 4 KB, as text and trimmed, are `head` is of this format.
  /// `upper` is `head` upper-cased.
  static func recognises(head: String, upper: String) -> Bool
}

/// A format whose files hold bank statements.
public protocol BankFileReader: StatementFormat {
  /// Reads every statement of the file, with the file's own failed checks and its rejected
  /// transactions.
  ///
  /// - Throws: ``TieoutError`` at the location of what cannot be read.
  static func contents(path: String, displayName: String) throws(TieoutError) -> BankFileContents
}

extension InputFormat {
  /// The readers, in the order their recognition is tried: the X12 envelope and OFX headers
  /// before the XML of camt, and MT940's loose tags last.
  public static var readers: [any StatementFormat.Type] { [X12835.self, OFX.self, CAMT.self, BAI2.self, MT940.self] }

  /// The format the first 4 KB of a file show, if any.
  public static func recognise(head: String) -> InputFormat? {
    let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
    let upper = trimmed.uppercased()
    return readers.first { $0.recognises(head: trimmed, upper: upper) }?.format
  }

  /// The reader of this format when it holds bank statements; nil for a remittance format.
  var bankFileReader: (any BankFileReader.Type)? {
    Self.readers.lazy.compactMap { $0 as? any BankFileReader.Type }.first { $0.format == self }
  }
}

extension MT940: BankFileReader {
  public static var format: InputFormat { .mt940 }

  public static func recognises(head: String, upper: String) -> Bool {
    guard head.hasPrefix(":20:") || head.hasPrefix("{1:") || head.contains("\n:20:") || head.contains("\r\n:20:") else { return false }
    return head.contains(":60F:") || head.contains(":25:")
  }

  public static func contents(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    BankFileContents(statements: try read(path: path, displayName: displayName))
  }
}

extension CAMT: BankFileReader {
  public static var format: InputFormat { .camt }

  public static func recognises(head: String, upper: String) -> Bool {
    (head.hasPrefix("<?xml") || head.hasPrefix("<Document")) && (head.contains("camt.05") || head.contains("BkToCstmr"))
  }

  public static func contents(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    BankFileContents(statements: try read(path: path, displayName: displayName))
  }
}

extension BAI2: BankFileReader {
  public static var format: InputFormat { .bai2 }

  public static func recognises(head: String, upper: String) -> Bool { head.hasPrefix("01,") && head.contains("/") }

  public static func contents(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    try read(path: path, displayName: displayName)
  }
}

extension OFX: BankFileReader {
  public static var format: InputFormat { .ofx }

  public static func recognises(head: String, upper: String) -> Bool {
    upper.contains("OFXHEADER") || upper.contains("DATA:OFXSGML") || upper.hasPrefix("<OFX>") || upper.contains("<?OFX")
  }

  public static func contents(path: String, displayName: String) throws(TieoutError) -> BankFileContents {
    try read(path: path, displayName: displayName)
  }
}

extension X12835: StatementFormat {
  public static var format: InputFormat { .x12835 }

  public static func recognises(head: String, upper: String) -> Bool {
    upper.hasPrefix("ISA") && upper.contains("ST") && upper.contains("835")
  }
}
