import ArgumentParser
import Foundation
import TieoutCore
import TieoutIO
import TieoutPipeline

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a first tieout.yaml for a folder of exports.",
    discussion: """
      Looks at each export in DIR, picks its bank-file format or the template that fits its \
      header, guesses its kind and the period from its dates, and writes DIR/tieout.yaml with \
      a comment on each guess. Check the guesses, then run: tieout run DIR
      """
  )

  @Argument(help: "The month folder holding the exports.", completion: .directory)
  var directory: String

  @Option(name: .long, help: "A folder of templates to use instead of the bundled ones.")
  var templates: String?

  @Flag(name: .long, help: "Replace an existing tieout.yaml.")
  var force = false

  func run() throws {
    let path = (directory as NSString).appendingPathComponent("tieout.yaml")
    if FileManager.default.fileExists(atPath: path) && !force {
      throw exitFailure(code: 2, message: "error: \(path) exists; tieout init does not replace it\nhint: add --force to replace it")
    }
    do throws(TieoutError) {
      let setup = try MonthSetup.guess(directory: directory, catalog: catalog(templates))
      let staged = try StagedFile(for: path)
      do {
        try Data(setup.yaml.utf8).write(to: URL(fileURLWithPath: staged.temporaryPath))
      } catch {
        staged.discard()
        throw TieoutError(.cannotWrite, at: .wholeFile(path), "cannot write \(path): \(error.localizedDescription)")
      }
      try staged.commit()
      print(setup.yaml, terminator: "")
      print("wrote \(path)")
      let unread = setup.exports.filter { $0.reading == nil }
      if !unread.isEmpty {
        FileHandle.standardError.write(
          Data("note: \(unread.map(\.file).joined(separator: ", ")) fit no template; their sources are commented out\n".utf8))
      }
    } catch {
      throw exitFailure(code: error.isInputError ? 2 : 1, message: error.description)
    }
  }
}
