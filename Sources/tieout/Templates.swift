import ArgumentParser
import Foundation
import TieoutCore
import TieoutImport
import TieoutPipeline

struct Templates: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the bundled mapping templates.",
    discussion: "Name one in tieout.yaml (template: NAME), or copy its YAML file into DIR/templates/ and edit it."
  )

  @Option(name: .long, help: "List the templates in this folder instead of the bundled ones.")
  var templates: String?

  func run() throws {
    let cat = catalog(templates)
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
