internal import CXLSXWriter
import Foundation

/// An Excel workbook being written with libxlsxwriter.
///
/// The workbook owns the C object, so it is noncopyable: it is either closed, which writes the
/// file, or dropped, which frees it and writes nothing. Worksheets are lent to a closure and
/// cannot outlive the workbook.
///
/// ```swift
/// var book = try Workbook(path: "/tmp/out.xlsx", options: .init(constantMemory: true))
/// try book.addWorksheet("Summary") { sheet in
///   try sheet.write(string: "Hello", row: 0, column: 0)
/// }
/// try book.close()
/// ```
public struct Workbook: ~Copyable {
  /// Options fixed when the workbook is created.
  public struct Options: Sendable {
    /// Stream each worksheet's rows to a temporary file as they are written, keeping memory
    /// flat. Rows must then be written top to bottom, and strings are stored inline.
    public var constantMemory: Bool
    /// Directory for libxlsxwriter's temporary files; nil for the system default.
    public var temporaryDirectory: String?
    /// Allow ZIP64, needed when a part exceeds 4 GB.
    public var zip64: Bool

    public init(constantMemory: Bool = false, temporaryDirectory: String? = nil, zip64: Bool = true) {
      self.constantMemory = constantMemory
      self.temporaryDirectory = temporaryDirectory
      self.zip64 = zip64
    }
  }

  /// Document properties shown in File ▸ Properties.
  public struct Properties: Sendable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var company: String?
    public var comments: String?
    /// The creation time, seconds since 1970. Fix it to make identical inputs give identical files.
    public var created: Int64?

    public init(
      title: String? = nil, subject: String? = nil, author: String? = nil, company: String? = nil,
      comments: String? = nil, created: Int64? = nil
    ) {
      self.title = title
      self.subject = subject
      self.author = author
      self.company = company
      self.comments = comments
      self.created = created
    }
  }

  nonisolated(unsafe) private let handle: UnsafeMutablePointer<lxw_workbook>
  private var formats: [CellStyle: Format] = [:]
  private let instruments = Instruments()
  /// Set by `close()`, which hands the C object to `workbook_close` (that frees it).
  private var closed = false

  /// Creates a workbook that will be written to `path` when closed.
  ///
  /// - Throws: ``XLSXError/nullObject`` when libxlsxwriter cannot create it.
  public init(path: String, options: Options = Options()) throws(XLSXError) {
    var opts = lxw_workbook_options()
    opts.constant_memory = options.constantMemory ? 1 : 0
    opts.use_zip64 = options.zip64 ? 1 : 0
    let made: UnsafeMutablePointer<lxw_workbook>? = options.temporaryDirectory.withOptionalCString {
      tmp in
      opts.tmpdir = tmp.map { UnsafeMutablePointer(mutating: $0) }
      return withUnsafeMutablePointer(to: &opts) { workbook_new_opt(path, $0) }
    }
    guard let made else { throw .nullObject }
    handle = made
  }

  deinit { if !closed { lxw_workbook_free(handle) } }

  /// Sets the document properties.
  public mutating func setProperties(_ p: Properties) throws(XLSXError) {
    // Properties are XML text too, and a company name comes from the user's tieout.yaml.
    let strings = [p.title, p.subject, p.author, p.company, p.comments].map { $0.map { strdup(CellText.clean($0)) } }
    defer { for s in strings { free(s ?? nil) } }
    var props = lxw_doc_properties()
    props.title = strings[0] ?? nil
    props.subject = strings[1] ?? nil
    props.author = strings[2] ?? nil
    props.company = strings[3] ?? nil
    props.comments = strings[4] ?? nil
    props.created = time_t(p.created ?? 0)
    let h = handle
    try check { workbook_set_properties(h, &props) }
  }

  /// Adds a custom document property (File ▸ Properties ▸ Custom); a name or value longer than
  /// the 255 characters a property holds is cut, ending in "…".
  public mutating func setCustomProperty(_ name: String, _ value: String) throws(XLSXError) {
    let h = handle
    // libxlsxwriter refuses a name or value of more than 255 characters (a long file path).
    func fit(_ s: String) -> String {
      let clean = CellText.clean(s)
      return clean.count <= 255 ? clean : String(clean.prefix(254)) + "…"
    }
    let (name, value) = (fit(name), fit(value))
    try check { workbook_set_custom_property_string(h, name, value) }
  }

  /// Returns the registered format for `style`, creating it on first use.
  public mutating func format(_ style: CellStyle) throws(XLSXError) -> Format {
    if let f = formats[style] { return f }
    guard let f = workbook_add_format(handle) else { throw .nullObject }
    if let nf = style.numberFormat { format_set_num_format(f, nf) }
    if style.bold { format_set_bold(f) }
    if style.italic { format_set_italic(f) }
    if let c = style.fontColor { format_set_font_color(f, c) }
    if let s = style.fontSize { format_set_font_size(f, s) }
    if let fill = style.fill {
      format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue))
      format_set_bg_color(f, fill)
    }
    switch style.alignment {
    case .general: break
    case .left: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
    case .center: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
    case .right: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
    }
    if style.wrap { format_set_text_wrap(f) }
    if style.bottomBorder { format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue)) }
    if style.topBorder { format_set_top(f, UInt8(LXW_BORDER_THIN.rawValue)) }
    let format = Format(pointer: f)
    formats[style] = format
    instruments.log?.format(UnsafeMutableRawPointer(f), bold: style.bold, numberFormat: style.numberFormat)
    return format
  }

  /// Adds a worksheet and lends it to `body`.
  ///
  /// In constant-memory mode, finish one worksheet before starting the next one's rows.
  /// - Throws: ``XLSXError`` for an invalid or duplicate name, or whatever `body` throws.
  public mutating func addWorksheet<R>(
    _ name: String, _ body: (inout Worksheet) throws -> R
  ) throws -> R {
    let h = handle
    var validation = LXW_NO_ERROR
    validation = workbook_validate_sheet_name(h, name)
    if validation != LXW_NO_ERROR { throw XLSXError(validation) }
    guard let ws = workbook_add_worksheet(h, name) else { throw XLSXError.nullObject }
    instruments.log?.sheet(name)
    var sheet = Worksheet(pointer: ws, book: h, instruments: instruments)
    return try body(&sheet)
  }

  /// Writes the file and frees the workbook.
  ///
  /// - Throws: ``XLSXError`` if the file could not be written; nothing usable is left at `path`.
  public consuming func close() throws(XLSXError) {
    closed = true
    let h = handle
    // workbook_close frees the workbook whatever it returns.
    try check { workbook_close(h) }
    instruments.finish()
  }
}

extension Optional where Wrapped == String {
  fileprivate func withOptionalCString<R>(_ body: (UnsafePointer<CChar>?) -> R) -> R {
    switch self {
    case .some(let s): return s.withCString { body($0) }
    case .none: return body(nil)
    }
  }
}
