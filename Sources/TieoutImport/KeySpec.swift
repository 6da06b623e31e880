public import TieoutCore
public import Yams

/// The keys a YAML file may hold, as a tree, so that a misspelt key is an error naming it
/// rather than a setting silently ignored: `window_dayz: 5` would otherwise leave the window at
/// its default.
///
/// ```swift
/// try KeySpec.template.check(node, file: "templates/acme.yaml", code: .badTemplate)
/// // templates/acme.yaml:3:3: error: unknown key `tempalte`; did you mean `template`?
/// ```
public indirect enum KeySpec: Sendable {
  /// A mapping with these keys, each with the spec of its value.
  case mapping([String: KeySpec])
  /// A list whose items have this spec (a single item is accepted too, where a list may be one value).
  case list(KeySpec)
  /// Anything: a scalar, or a value whose shape the reader itself checks.
  case any

  /// Checks every key of `node` against the spec, depth first, in document order.
  ///
  /// - Throws: ``TieoutError`` with `code` at the first unknown key, with the key meant when one
  ///   is near, else the keys allowed there.
  public func check(_ node: Node, file: String, code: Diagnostic.Code) throws(TieoutError) {
    switch self {
    case .any: return
    case .list(let item):
      if let seq = node.sequence {
        for n in seq { try item.check(n, file: file, code: code) }
      } else {
        try item.check(node, file: file, code: code)
      }
    case .mapping(let keys):
      // A value of another shape is the reader's to explain.
      guard let map = node.mapping else { return }
      for (k, v) in map {
        let key = k.string ?? ""
        guard let spec = keys[key] else {
          let at = SourceLocation(file: file, line: k.mark?.line ?? 0, column: k.mark?.column)
          if let meant = Spelling.suggestion(for: key, in: keys.keys.sorted()) {
            throw TieoutError(code, at: at, "unknown key `\(key)`; did you mean `\(meant)`?")
          }
          throw TieoutError(code, at: at, "unknown key `\(key)`; the keys here are \(keys.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))")
        }
        try spec.check(v, file: file, code: code)
      }
    }
  }
}

extension KeySpec {
  /// A mapping template (templates/*.yaml).
  public static let template = KeySpec.mapping([
    "title": .any, "kind": .any, "delimiter": .any, "encoding": .any, "header_row": .any,
    "columns": .mapping(
      Dictionary(
        uniqueKeysWithValues: [
          "date", "amount", "inflow", "outflow", "reference", "counterparty", "description", "account", "due_date",
          "service_date", "resolved_date", "group", "balance",
        ].map { ($0, KeySpec.any) })),
    "dates": .mapping(["format": .any]),
    "amounts": .mapping([
      "mark": .mapping(["column": .any, "debit": .any, "credit": .any]), "decimal": .any, "thousands": .any,
      "currency": .any, "negatives": .any, "invert": .any,
    ]),
    "ignore": .list(.mapping(["column": .any, "equals": .any, "starts_with": .any, "contains": .any, "empty": .any])),
  ])
}
