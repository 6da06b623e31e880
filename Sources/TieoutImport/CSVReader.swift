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
  public var isBlank: Bool {
    fields.allSatisfy { f in f.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } || f.allSatisfy(\.isWhitespace) }
  }
}

/// How a file's bytes are text.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
  /// UTF-16 when the file starts with its byte-order mark (or looks like UTF-16), else UTF-8
  /// field by field, falling back to Windows-1252 for a field that is not valid UTF-8.
  case auto
  case utf8 = "utf-8"
  case windows1252 = "windows-1252"
  case utf16le = "utf-16le"
  case utf16be = "utf-16be"
}

/// A streaming RFC 4180 reader: quoted fields, doubled quotes, embedded newlines, and CRLF, LF
/// or CR line ends. Reads the file in 1 MiB chunks, so memory does not grow with file size.
///
/// Lines are counted physically: a quoted field spanning three lines moves the next record's
/// line number by three, so every record can be found in an editor. Encodings: UTF-8 with or
/// without a byte-order mark, UTF-16 LE/BE (Excel's "Unicode text", transcoded as it streams),
/// and Windows-1252 (declared, or detected field by field: a field that is not valid UTF-8 is
/// read as Windows-1252, which is what QuickBooks Desktop and many banks write).
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
  private var encoding: TextEncoding
  /// UTF-16 transcoding state: a raw read buffer, an odd byte and a high surrogate left over.
  private var raw: [UInt8] = []
  private var oddByte: UInt8?
  private var highSurrogate: UInt16?
  /// True once a field was read as Windows-1252 because it was not valid UTF-8.
  public private(set) var sawWindows1252 = false

  /// Opens `path` for reading.
  ///
  /// - Parameters:
  ///   - path: the file system path.
  ///   - displayName: the name used in locations and messages (the path as the user wrote it).
  ///   - delimiter: the field separator, one ASCII byte.
  /// - Throws: ``TieoutError`` with code `file-not-found` when the file cannot be opened.
  public init(
    path: String, displayName: String, delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .auto
  ) throws(TieoutError) {
    guard let f = fopen(path, "rb") else {
      let reason = String(cString: strerror(errno))
      throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot open \(displayName): \(reason)")
    }
    file = f
    self.displayName = displayName
    self.delimiter = delimiter
    self.encoding = encoding
    buffer = [UInt8](repeating: 0, count: 1 << 20)
    // Sniff the start: a byte-order mark, or the zero bytes of UTF-16 text.
    var head = [UInt8](repeating: 0, count: 4)
    let n = fread(&head, 1, 4, f)
    rewind(f)
    if encoding == .auto && n >= 2 {
      if head[0] == 0xFF && head[1] == 0xFE { self.encoding = .utf16le }
      else if head[0] == 0xFE && head[1] == 0xFF { self.encoding = .utf16be }
      else if n == 4 && head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 { self.encoding = .utf16le }
      else if n == 4 && head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 { self.encoding = .utf16be }
    }
    if self.encoding == .utf16le || self.encoding == .utf16be {
      raw = [UInt8](repeating: 0, count: 1 << 19)
      if (head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF) {
        var bom = [UInt8](repeating: 0, count: 2)
        _ = fread(&bom, 1, 2, f)
        bytesRead += 2
      }
    }
    refill()
    // Skip a UTF-8 byte-order mark.
    if end >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { position = 3 }
  }

  deinit { fclose(file) }

  private func refill() {
    guard !eof else { return }
    if encoding == .utf16le || encoding == .utf16be { return refillUTF16() }
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    position = 0
    end = n
    bytesRead += n
    if n == 0 { eof = true }
  }

  /// Reads UTF-16 bytes and writes them into `buffer` as UTF-8 (at most 3 bytes per 2 read).
  private func refillUTF16() {
    let n = raw.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
    bytesRead += n
    position = 0
    end = 0
    if n == 0 {
      eof = true
      return
    }
    var units: [UInt16] = []
    units.reserveCapacity(n / 2 + 1)
    var k = 0
    if let b = oddByte, n > 0 {
      units.append(encoding == .utf16le ? UInt16(b) | UInt16(raw[0]) << 8 : UInt16(b) << 8 | UInt16(raw[0]))
      k = 1
      oddByte = nil
    }
    while k + 1 < n {
      units.append(encoding == .utf16le ? UInt16(raw[k]) | UInt16(raw[k + 1]) << 8 : UInt16(raw[k]) << 8 | UInt16(raw[k + 1]))
      k += 2
    }
    if k < n { oddByte = raw[k] }
    var out: [UInt8] = []
    out.reserveCapacity(units.count * 3)
    func put(_ scalar: Unicode.Scalar) { out.append(contentsOf: Array(String(scalar).utf8)) }
    for u in units {
      if let high = highSurrogate {
        highSurrogate = nil
        if (0xDC00...0xDFFF).contains(u) {
          let value = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
          put(Unicode.Scalar(value) ?? "\u{FFFD}")
          continue
        }
        put("\u{FFFD}")
      }
      if (0xD800...0xDBFF).contains(u) {
        highSurrogate = u
      } else if u < 0x80 {
        out.append(UInt8(u))
      } else {
        put(Unicode.Scalar(u) ?? "\u{FFFD}")
      }
    }
    if out.count > buffer.count { buffer = [UInt8](repeating: 0, count: out.count) }
    buffer.replaceSubrange(0..<out.count, with: out)
    end = out.count
    if end == 0 { refillUTF16() }
  }

  /// Reads the next record straight from the buffer when it lies wholly inside it and has no
  /// doubled quote or quoted line break — nearly every record. Returns nil, consuming nothing,
  /// otherwise; `next()` then takes the byte-at-a-time path. This path made the reader 5×
  /// faster than the byte-at-a-time one (perf on a 94 MB GL export: 26% of the import's time
  /// before).
  private func nextInBuffer() -> CSVRecord? {
    let delimiter = self.delimiter
    let result: (fields: [String], consumed: Int, lineEnds: Int)? = buffer.withUnsafeBufferPointer { buf in
      var fields: [String] = []
      fields.reserveCapacity(16)
      var i = position
      let end = self.end
      while true {
        // One field.
        var start = i, stop = i
        if i < end && buf[i] == UInt8(ascii: "\"") {
          start = i + 1
          var k = start
          while k < end && buf[k] != UInt8(ascii: "\"") {
            if buf[k] == 0x0A || buf[k] == 0x0D { return nil }
            k += 1
          }
          guard k < end else { return nil }
          if k + 1 < end && buf[k + 1] == UInt8(ascii: "\"") { return nil }  // a doubled quote
          stop = k
          i = k + 1
          // Text after a closing quote joins the field on the slow path.
          if i < end && buf[i] != delimiter && buf[i] != 0x0A && buf[i] != 0x0D { return nil }
        } else {
          while i < end && buf[i] != delimiter && buf[i] != 0x0A && buf[i] != 0x0D {
            if buf[i] == UInt8(ascii: "\"") { return nil }
            i += 1
          }
          stop = i
        }
        fields.append(text(UnsafeBufferPointer(rebasing: buf[start..<stop])))
        guard i < end else { return nil }  // the record may go on in the next chunk
        if buf[i] == delimiter {
          i += 1
          continue
        }
        // A line end: CRLF, LF or CR. A CR at the very end of the buffer may be half a CRLF.
        if buf[i] == 0x0D {
          guard i + 1 < end else { return nil }
          i += buf[i + 1] == 0x0A ? 2 : 1
        } else {
          i += 1
        }
        return (fields, i - position, 1)
      }
    }
    guard let result else { return nil }
    let record = CSVRecord(line: line, fields: result.fields)
    position += result.consumed
    line += result.lineEnds
    return record
  }

  /// The text of a field's bytes, by the reader's encoding.
  @inline(__always)
  private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    switch encoding {
    case .windows1252: return Self.windows1252(Array(bytes))
    case .utf8, .utf16le, .utf16be: return String(decoding: bytes, as: UTF8.self)
    case .auto:
      if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
      if let s = String(validating: bytes, as: UTF8.self) { return s }
      sawWindows1252 = true
      return Self.windows1252(Array(bytes))
    }
  }

  private func text(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { text($0) } }

  /// Unicode for Windows-1252 bytes 0x80–0x9F; the others are Latin-1 (U+0000–U+00FF).
  static let cp1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  static func windows1252(_ bytes: [UInt8]) -> String {
    var s = String.UnicodeScalarView()
    for b in bytes {
      let v = (0x80...0x9F).contains(b) ? cp1252High[Int(b) - 0x80] : UInt32(b)
      s.append(Unicode.Scalar(v) ?? "\u{FFFD}")
    }
    return String(s)
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
    if let fast = nextInBuffer() { return fast }
    let startLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    field.reserveCapacity(64)
    var inQuotes = false
    var quoteLine = 0
    let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    func finishField() {
      fields.append(text(field))
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
