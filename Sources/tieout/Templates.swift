import ArgumentParser
import Foundation
import TieoutCore
import TieoutImport
import TieoutPipeline

struct Templates: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the mapping templates, or print one.",
    discussion: """
      Name a template in tieout.yaml (template: NAME). To change one, copy it into your month \
      folder's templates/ and edit the copy:

        tieout templates bank-generic > october/templates/my-bank.yaml
      """
  )

  @Argument(help: "A template to print, as YAML.")
  var name: String?

  @Option(name: .long, help: "List the templates in this folder instead of the bundled ones.")
  var templates: String?

  func run() throws {
    let cat = catalog(templates)
    if let name {
      guard let (yaml, origin) = cat.source(of: name) else {
        let known = ((try? cat.all()) ?? []).map(\.name)
        let near = Spelling.suggestion(for: name, in: known).map { "; did you mean \($0)?" } ?? ""
        throw exitFailure(code: 2, message: "error: no template named \"\(name)\"\(near)\nhint: tieout templates lists them")
      }
      print("# \(name): \(origin). Copy it into your month folder's templates/ and edit the copy.")
      print(yaml, terminator: yaml.hasSuffix("\n") ? "" : "\n")
      return
    }
    do {
      let all = try cat.all()
      let width = (all.map(\.name.count).max() ?? 10) + 2
      for t in all {
        let kind = t.kind.map { "[\($0.rawValue)] " } ?? ""
        print(t.name.padding(toLength: width, withPad: " ", startingAt: 0) + kind + t.title)
      }
      if all.isEmpty { print("no templates found in \(cat.directories.joined(separator: ", "))") }
    } catch {
      throw exitFailure(code: 2, message: error.description)
    }
  }
}
