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
      Exit codes: 0 done, 2 bad input or configuration, 1 internal error.
      """,
    version: Tieout.version,
    subcommands: [Run.self, Inspect.self, Templates.self, Generate.self],
    defaultSubcommand: nil
  )
}
