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

  /// Parses `data`, or returns the parser's error with its line and column.
  static func parse(_ data: Data) -> Result<XMLNode, XMLParseFailure> {
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
