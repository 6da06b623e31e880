internal import CXLSXWriter

/// An error reported by libxlsxwriter, or by this wrapper before it called the library.
///
/// Each libxlsxwriter error code has a named static member; the comment on each says which
/// `lxw_error` it corresponds to. Compare with `==`:
///
/// ```swift
/// do { try sheet.write(string: "x", row: 0, column: 0) }
/// catch where error == .worksheetIndexOutOfRange { … }
/// ```
public struct XLSXError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The raw `lxw_error` value; negative for errors raised by the wrapper itself.
  public let code: Int32
  /// What went wrong, from libxlsxwriter's `lxw_strerror` or the wrapper.
  public let message: String

  init(code: Int32, message: String) {
    self.code = code
    self.message = message
  }

  init(_ error: lxw_error) {
    let text = lxw_strerror(error).map { String(cString: $0) } ?? "unknown libxlsxwriter error"
    self.init(code: Int32(bitPattern: error.rawValue), message: text)
  }

  public static func == (a: XLSXError, b: XLSXError) -> Bool { a.code == b.code }
  public func hash(into h: inout Hasher) { h.combine(code) }

  public var description: String { "libxlsxwriter: \(message) (code \(code))" }

  /// The corresponding C error is `LXW_ERROR_MEMORY_MALLOC_FAILED`.
  public static let memory = XLSXError(LXW_ERROR_MEMORY_MALLOC_FAILED)
  /// The corresponding C error is `LXW_ERROR_CREATING_XLSX_FILE`.
  public static let creatingFile = XLSXError(LXW_ERROR_CREATING_XLSX_FILE)
  /// The corresponding C error is `LXW_ERROR_CREATING_TMPFILE`.
  public static let creatingTemporaryFile = XLSXError(LXW_ERROR_CREATING_TMPFILE)
  /// The corresponding C error is `LXW_ERROR_ZIP_FILE_OPERATION`.
  public static let zipFileOperation = XLSXError(LXW_ERROR_ZIP_FILE_OPERATION)
  /// The corresponding C error is `LXW_ERROR_PARAMETER_VALIDATION`.
  public static let parameterValidation = XLSXError(LXW_ERROR_PARAMETER_VALIDATION)
  /// The corresponding C error is `LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED`.
  public static let sheetNameTooLong = XLSXError(LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED)
  /// The corresponding C error is `LXW_ERROR_INVALID_SHEETNAME_CHARACTER`.
  public static let sheetNameCharacter = XLSXError(LXW_ERROR_INVALID_SHEETNAME_CHARACTER)
  /// The corresponding C error is `LXW_ERROR_SHEETNAME_ALREADY_USED`.
  public static let sheetNameUsed = XLSXError(LXW_ERROR_SHEETNAME_ALREADY_USED)
  /// The corresponding C error is `LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED`.
  public static let stringTooLong = XLSXError(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
  /// The corresponding C error is `LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE`.
  public static let worksheetIndexOutOfRange = XLSXError(LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
  /// The corresponding C error is `LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED`.
  public static let tooManyURLs = XLSXError(LXW_ERROR_WORKSHEET_MAX_NUMBER_URLS_EXCEEDED)
  /// Raised by the wrapper: libxlsxwriter returned no object (it prints the reason on stderr).
  public static let nullObject = XLSXError(code: -1, message: "libxlsxwriter returned no object")
  /// Raised by the wrapper: a row was written above one already written to a streaming sheet.
  public static let rowOutOfOrder = XLSXError(
    code: -2, message: "rows of a streaming worksheet must be written top to bottom")
}

/// Runs a libxlsxwriter call under the C locale and throws if it returned an error.
///
/// libxlsxwriter 1.1.4 prints numbers with `snprintf("%.16g")`, which follows the thread's
/// `LC_NUMERIC`: under a German locale 1.01 would be written as "1,01" and Excel would read the
/// workbook wrongly. Every call that may format a number goes through here.
@inline(__always)
func check(_ body: () -> lxw_error) throws(XLSXError) {
  let result = withCLocale(body)
  if result != LXW_NO_ERROR { throw XLSXError(result) }
}

/// `check` without the locale switch, for calls that format no number (a string cell): the
/// switch, twice per cell, was a tenth of writing a million-row sheet's text (make bench).
@inline(__always)
func checkText(_ body: () -> lxw_error) throws(XLSXError) {
  let result = body()
  if result != LXW_NO_ERROR { throw XLSXError(result) }
}

/// A `C` locale object, created once and never freed.
nonisolated(unsafe) private let cLocale: locale_t? = tieout_new_c_locale()

/// Runs `body` with the calling thread's locale set to `C`, then restores it.
@inline(__always)
func withCLocale<R>(_ body: () -> R) -> R {
  guard let cLocale else { return body() }
  let previous = uselocale(cLocale)
  defer { uselocale(previous) }
  return body()
}
