import Foundation
public import TieoutCore

/// One record of a CSV file: its fields and the physical line on which it starts.
public struct CSVRecord: Sendable, Hashable {
  /// 1-based physical line where the record starts.
  public let line: Int
  public let fields: [String]

  public init(line: Int, fields: [String]) {
    self.line = line
    self.fields = fields
  }

  /// True for a record that is an empty line (or only delimiters and spaces).
  public var isBlank: Bool { fields.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// A streaming RFC 4180 reader: quoted fields, doubled quotes, embedded newlines, and CRLF, LF
/// or CR line ends. Reads the file in 1 MiB chunks, so memory does not grow with file size.
///
/// Lines are counted physically: a quoted field spanning three lines moves the next record's
/// line number by three, so every record can be found in an editor. A UTF-8 byte-order mark
/// is skipped; invalid UTF-8 is replaced with U+FFFD.
///
/// ```swift
/// let reader = try CSVReader(path: "bank.csv", displayName: "bank.csv")
/// while let record = try reader.next() { print(record.line, record.fields) }
/// ```
public final class CSVReader {
  private let file: UnsafeMutablePointer<FILE>
  private let displayName: String
  private let delimiter: UInt8
  private var buffer: [UInt8]
  private var position = 0
  private var end = 0
  private var eof = false
  private var line = 1
  /// Total bytes read from the file so far.
  public private(set) var bytesRead = 0

  /// Opens `path` for reading.
  ///
  /// - Parameters:
  ///   - path: the file system path.
  ///   - displayName: the name used in locations and messages (the path as the user wrote it).
  ///   - delimiter: the field separator, one ASCII byte.
  /// - Throws: ``TieoutError`` with code `file-not-found` when the file cannot be opened.
  public init(path: String, displayName: String, delimiter: UInt8 = UInt8(ascii: ",")) throws(TieoutError) {
    guard let f = fopen(path, "rb") else {
      let reason = String(cString: strerror(errno))
      throw TieoutError(.fileNotFound, at: SourceLocation(file: displayName, line: 0), "cannot open \(displayName): \(reason)")
    }
    file = f
    self.displayName = displayName
    self.delimiter = delimiter
    buffer = [UInt8](repeating: 0, count: 1 << 20)
    refill()
    // Skip a UTF-8 byte-order mark.
    if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
  }

  deinit { fclose(file) }

  private func refill() {
    guard !eof else { return }
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    position = 0
    end = n
    bytesRead += n
    if n == 0 { eof = true }
  }

  @inline(__always)
  private func nextByte() -> UInt8? {
    if position == end {
      refill()
      if end == 0 { return nil }
    }
    let b = buffer[position]
    position += 1
    return b
  }

  @inline(__always)
  private func peekByte() -> UInt8? {
    if position == end {
      refill()
      if end == 0 { return nil }
    }
    return buffer[position]
  }

  /// Reads the next record, or nil at the end of the file.
  ///
  /// - Throws: ``TieoutError`` `unterminated-quote` when a quoted field runs to the end of the file.
  public func next() throws(TieoutError) -> CSVRecord? {
    guard peekByte() != nil else { return nil }
    let startLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    field.reserveCapacity(64)
    var inQuotes = false
    var quoteLine = 0
    let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    func finishField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
    }

    while let c = nextByte() {
      if inQuotes {
        if c == quote {
          if peekByte() == quote {
            _ = nextByte()
            field.append(quote)
          } else {
            inQuotes = false
          }
        } else {
          field.append(c)
          if c == cr {
            if peekByte() == lf { field.append(lf); _ = nextByte() }
            line += 1
          } else if c == lf {
            line += 1
          }
        }
        continue
      }
      switch c {
      case delimiter:
        finishField()
      case quote where field.isEmpty:
        inQuotes = true
        quoteLine = line
      case cr:
        if peekByte() == lf { _ = nextByte() }
        line += 1
        finishField()
        return CSVRecord(line: startLine, fields: fields)
      case lf:
        line += 1
        finishField()
        return CSVRecord(line: startLine, fields: fields)
      default:
        field.append(c)
      }
    }
    if inQuotes {
      throw TieoutError(
        .unterminatedQuote, at: SourceLocation(file: displayName, line: quoteLine, column: fields.count + 1),
        "a quoted field opened here is never closed",
        hint: "check for a stray \" in this field; a literal quote inside a quoted field is written \"\"")
    }
    finishField()
    return CSVRecord(line: startLine, fields: fields)
  }
}
