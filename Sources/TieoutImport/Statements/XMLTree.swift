import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A small read-only XML tree with the line of every element, built with Foundation's parser.
/// Namespaces are dropped from names: `camt:Ntry` and `Ntry` are the same element.
final class XMLNode {
  let name: String
  let attributes: [String: String]
  let line: Int
  let column: Int
  var children: [XMLNode] = []
  var text = ""

  init(name: String, attributes: [String: String], line: Int, column: Int) {
    self.name = name
    self.attributes = attributes
    self.line = line
    self.column = column
  }

  /// The first child named `name`.
  func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

  /// All children named `name`.
  func all(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

  /// The node at a path of child names: `node["Bal", "Tp", "CdOrPrtry", "Cd"]`.
  subscript(_ path: String...) -> XMLNode? {
    var n: XMLNode? = self
    for p in path { n = n?.child(p) }
    return n
  }

  /// The trimmed text at a path, or "" when absent.
  func string(_ path: String...) -> String {
    var n: XMLNode? = self
    for p in path { n = n?.child(p) }
    return n?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
  }

  /// The deepest nesting read. A camt message is about 12 elements deep; a document nested
  /// thousands deep is hostile, and its tree would overflow the stack when freed.
  static let maxDepth = 100

  /// Parses `data`, or returns the parser's error with its line and column.
  ///
  /// The bytes must be UTF-8 (as ISO 20022 requires): they are checked before the parser sees
  /// them, since Foundation's parser stops the process on a name that is not valid UTF-8.
  static func parse(_ data: Data) -> Result<XMLNode, XMLParseFailure> {
    if let bad = firstInvalidUTF8(data) { return .failure(bad) }
    let delegate = Builder()
    let parser = XMLParser(data: data)
    parser.delegate = delegate
    parser.shouldProcessNamespaces = false
    if parser.parse(), delegate.failure == nil, let root = delegate.root {
      return .success(root)
    }
    if let f = delegate.failure { return .failure(f) }
    let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML"
    return .failure(XMLParseFailure(line: parser.lineNumber, column: parser.columnNumber, message: message))
  }

  /// The line and column of the first byte of `data` that is not UTF-8, or nil when all are.
  static func firstInvalidUTF8(_ data: Data) -> XMLParseFailure? {
    let bytes = [UInt8](data)
    var it = bytes.makeIterator()
    var decoder = UTF8()
    var line = 1, column = 1, offset = 0
    while true {
      switch decoder.decode(&it) {
      case .emptyInput: return nil
      case .error:
        return XMLParseFailure(
          line: line, column: column,
          message: "byte \(offset < bytes.count ? "0x" + String(bytes[offset], radix: 16, uppercase: true) : "") is not UTF-8; a camt file is UTF-8 text")
      case .scalarValue(let s):
        offset += UTF8.width(s)
        if s == "\n" { line += 1; column = 1 } else { column += 1 }
      }
    }
  }

  struct XMLParseFailure: Error {
    let line: Int
    let column: Int
    let message: String
  }

  private final class Builder: NSObject, XMLParserDelegate {
    var root: XMLNode?
    var stack: [XMLNode] = []
    var failure: XMLParseFailure?

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
      guard stack.count < XMLNode.maxDepth else {
        if failure == nil {
          failure = XMLParseFailure(
            line: parser.lineNumber, column: parser.columnNumber,
            message: "elements are nested more than \(XMLNode.maxDepth) deep; a bank statement is not")
          parser.abortParsing()
        }
        return
      }
      let node = XMLNode(name: local, attributes: attributes, line: parser.lineNumber, column: parser.columnNumber)
      stack.last?.children.append(node)
      if root == nil { root = node }
      stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
      let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
      if let open = stack.last, open.name != local, failure == nil {
        failure = XMLParseFailure(
          line: parser.lineNumber, column: parser.columnNumber,
          message: "</\(local)> closes <\(open.name)> opened on line \(open.line)")
        parser.abortParsing()
      }
      _ = stack.popLast()
    }

    /// Foundation on Linux reports errors here and may still return true from `parse()`.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
      guard failure == nil else { return }
      let code = (parseError as NSError).code
      let what: String
      switch code {
      case 76: what = "a closing tag does not match the element it closes" + (stack.last.map { " (<\($0.name)> opened on line \($0.line))" } ?? "")
      case 5: what = "the document ends before its elements are closed"
      case 4: what = "the document is empty"
      case 9, 23: what = "a character or entity that XML does not allow"
      default: what = "XML parse error \(code)"
      }
      failure = XMLParseFailure(line: parser.lineNumber, column: parser.columnNumber, message: what)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      stack.last?.text += string
    }
  }
}
