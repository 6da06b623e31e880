import Foundation
public import TieoutCore
public import TieoutImport

/// Finds templates by name: first in the month folder's own `templates/`, then in the bundled
/// folders (the repository's `templates/`, or `$TIEOUT_TEMPLATES`).
public struct TemplateCatalog: Sendable {
  /// Folders searched in order.
  public let directories: [String]

  public init(directories: [String]) { self.directories = directories }

  /// The bundled templates folder: `$TIEOUT_TEMPLATES`, else a `templates/` folder beside or
  /// above the running executable (as in a checkout, where the binary is under `.build/`),
  /// else `templates/` in the current folder.
  public static func bundledDirectories(environment: [String: String], executablePath: String) -> [String] {
    if let env = environment["TIEOUT_TEMPLATES"], !env.isEmpty { return [env] }
    var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent("templates").path
      if FileManager.default.fileExists(atPath: candidate + "/bank-generic.yaml") { return [candidate] }
      dir = dir.deletingLastPathComponent()
    }
    return ["templates"]
  }

  /// Loads the template `nameOrPath`: a path to a `.yaml` file (relative to `base`), or a name.
  ///
  /// - Throws: ``TieoutError`` naming `location` when no such template exists.
  public func load(_ nameOrPath: String, base: String, location: SourceLocation) throws(TieoutError) -> Template {
    if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
      let full = nameOrPath.hasPrefix("/") ? nameOrPath : base + "/" + nameOrPath
      return try TemplateLoader.load(path: full, displayPath: nameOrPath)
    }
    for dir in [base + "/templates"] + directories {
      let full = dir + "/" + nameOrPath + ".yaml"
      if FileManager.default.fileExists(atPath: full) {
        return try TemplateLoader.load(path: full, displayPath: full)
      }
    }
    let known = (try? all().map(\.name)) ?? []
    throw TieoutError(
      .badConfig, at: location, "no template named \"\(nameOrPath)\"",
      hint: known.isEmpty ? "put it in templates/\(nameOrPath).yaml" : "bundled templates: \(known.joined(separator: ", "))")
  }

  /// Every template in the searched folders, first occurrence of a name winning.
  public func all() throws(TieoutError) -> [Template] {
    var seen = Set<String>()
    var out: [Template] = []
    for dir in directories {
      for t in try TemplateLoader.loadAll(directory: dir) where seen.insert(t.name).inserted { out.append(t) }
    }
    return out
  }
}
