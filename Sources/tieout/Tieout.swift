import ArgumentParser
import Foundation
import TieoutPipeline

@main
struct TieoutCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tieout",
    abstract: "Month-end reconciliation: bank, general ledger and billing exports in, an Excel workbook out.",
    discussion: """
      Put a month's exports and a tieout.yaml in a folder, then run `tieout run FOLDER`.
      Exit codes: 0 done, 2 bad input, configuration or command line, 1 internal error.
      """,
    version: Tieout.version,
    subcommands: [Init.self, Run.self, Inspect.self, Templates.self, Generate.self],
    defaultSubcommand: nil
  )

  /// Parses and runs the command, with tieout's exit codes: a command line that cannot be
  /// parsed is bad input (2), not ArgumentParser's 64, so that scripts see 0, 1 or 2 only.
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var async = command as? any AsyncParsableCommand {
        try await async.run()
      } else {
        try command.run()
      }
    } catch {
      let code = exitCode(for: error)
      guard code == .validationFailure else { exit(withError: error) }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(2)
    }
  }
}
