import Foundation
public import TieoutCore
import TieoutIO
public import TieoutImport

/// Finds templates by name: first in the month folder's own `templates/`, then in the given
/// folders (`--templates`, `$TIEOUT_TEMPLATES`, or a checkout's `templates/`), then among the
/// templates built into tieout, so that a binary copied anywhere still has them.
public struct TemplateCatalog: Sendable {
  /// Folders searched in order.
  public let directories: [String]
  /// Whether the built-in templates are searched after the folders.
  public let includesBuiltIn: Bool
  /// How many of the first `directories` are the user's own (a month folder's templates/):
  /// the rest of a catalog with the built-in templates ship with tieout.
  let ownDirectories: Int

  public init(directories: [String], includesBuiltIn: Bool = false) {
    self.init(directories: directories, includesBuiltIn: includesBuiltIn, ownDirectories: includesBuiltIn ? 0 : directories.count)
  }

  init(directories: [String], includesBuiltIn: Bool, ownDirectories: Int) {
    self.directories = directories
    self.includesBuiltIn = includesBuiltIn
    self.ownDirectories = ownDirectories
  }

  /// Whether a template found in `directories[k]` ships with tieout.
  private func isBundled(directory k: Int) -> Bool { includesBuiltIn && k >= ownDirectories }

  /// The catalog of a run with no `--templates`: `$TIEOUT_TEMPLATES`, else a `templates/`
  /// folder beside or above the running executable (a checkout, where the binary is under
  /// `.build/`), then the built-in templates.
  public static func bundled(environment: [String: String], executablePath: String) -> TemplateCatalog {
    TemplateCatalog(directories: bundledDirectories(environment: environment, executablePath: executablePath), includesBuiltIn: true)
  }

  static func bundledDirectories(environment: [String: String], executablePath: String) -> [String] {
    if let env = environment["TIEOUT_TEMPLATES"], !env.isEmpty { return [env] }
    var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent("templates").path
      if FileManager.default.fileExists(atPath: candidate + "/bank-generic.yaml") { return [candidate] }
      dir = dir.deletingLastPathComponent()
    }
    return []
  }

  /// The catalog with `directory`, the user's own (a month folder's templates/), searched first.
  public func searching(first directory: String) -> TemplateCatalog {
    TemplateCatalog(directories: [directory] + directories, includesBuiltIn: includesBuiltIn, ownDirectories: ownDirectories + 1)
  }

  /// The YAML of the template `name` and where it is from (a file's path, or "built into
  /// tieout"); nil when the catalog has none of that name.
  public func source(of name: String) -> (yaml: String, origin: String)? {
    for dir in directories {
      let full = dir + "/" + name + ".yaml"
      if let data = try? RegularFile.read(path: full, displayName: full) { return (String(decoding: data, as: UTF8.self), full) }
    }
    guard includesBuiltIn, let t = BundledTemplates.all.first(where: { $0.name == name }) else { return nil }
    return (t.yaml, "built into tieout")
  }

  /// Loads the template `nameOrPath`: a path to a `.yaml` file (relative to `base`), or a name.
  ///
  /// - Throws: ``TieoutError`` naming `location` when no such template exists.
  public func load(_ nameOrPath: String, base: String, location: SourceLocation) throws(TieoutError) -> Template {
    if nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") || nameOrPath.contains("/") {
      let full = nameOrPath.hasPrefix("/") ? nameOrPath : base + "/" + nameOrPath
      return try TemplateLoader.load(path: full, displayPath: nameOrPath)
    }
    for (k, dir) in ([base + "/templates"] + directories).enumerated() {
      let full = dir + "/" + nameOrPath + ".yaml"
      if FileManager.default.fileExists(atPath: full) {
        var t = try TemplateLoader.load(path: full, displayPath: full)
        t.isBundled = k > 0 && isBundled(directory: k - 1)
        return t
      }
    }
    if includesBuiltIn, let b = BundledTemplates.all.first(where: { $0.name == nameOrPath }) {
      var t = try TemplateLoader.parse(yaml: b.yaml, name: b.name, origin: "template \(b.name) (built in)")
      t.isBundled = true
      return t
    }
    let known = (try? all().map(\.name)) ?? []
    var hint = known.isEmpty ? "put it in templates/\(nameOrPath).yaml" : "bundled templates: \(known.joined(separator: ", "))"
    if let near = Spelling.suggestion(for: nameOrPath, in: known) { hint = "did you mean \(near)? " + hint }
    throw TieoutError(.badConfig, at: location, "no template named \"\(nameOrPath)\"", hint: hint)
  }

  /// Every template in the searched folders, then the built-in ones, first occurrence of a
  /// name winning.
  public func all() throws(TieoutError) -> [Template] {
    var seen = Set<String>()
    var out: [Template] = []
    for (k, dir) in directories.enumerated() {
      for var t in try TemplateLoader.loadAll(directory: dir) where seen.insert(t.name).inserted {
        t.isBundled = isBundled(directory: k)
        out.append(t)
      }
    }
    if includesBuiltIn {
      for b in BundledTemplates.all where seen.insert(b.name).inserted {
        var t = try TemplateLoader.parse(yaml: b.yaml, name: b.name, origin: "template \(b.name) (built in)")
        t.isBundled = true
        out.append(t)
      }
    }
    return out
  }
}
