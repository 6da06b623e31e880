import ArgumentParser
import Foundation
import TieoutCore
import TieoutPipeline

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a synthetic month (bank, GL, billing exports and tieout.yaml) with planted discrepancies.",
    discussion: """
      The same --rows and --seed always give the same files. Used for the example and the benchmarks. \
      With --realistic: a B2B month as its exports show it (bank-generic, a QuickBooks Online General Ledger, billing \
      receipts and invoices) with truth.json, which lines belong together and which discrepancies are planted: \
      what `make accuracy` scores a run against.
      """
  )

  @Option(name: .long, help: "Number of bank lines.")
  var rows: Int = 320

  @Option(name: .long, help: "Seed of the random generator.")
  var seed: UInt64 = 2026

  @Flag(name: .long, help: "Write a realistic B2B month with its truth (truth.json) instead.")
  var realistic = false

  @Argument(help: "The folder to write.")
  var directory: String

  @Flag(name: .long, help: "Print nothing.")
  var quiet = false

  func validate() throws {
    // A month of 50 million bank lines is some 15 GB of CSV: past any real month and this tool's tests.
    guard (1...50_000_000).contains(rows) else { throw ValidationError("--rows must be between 1 and 50,000,000") }
  }

  func run() throws {
    do {
      if realistic {
        let w = try RealisticMonth(bankLines: rows, seed: seed).write(to: directory)
        if !quiet {
          print(
            "wrote \(directory): \(w.bankRows) bank, \(w.ledgerRows) GL, \(w.receiptRows) receipt, \(w.invoiceRows) invoice rows; truth.json: \(w.pairs) bank-GL pairs, \(w.planted) planted discrepancies"
          )
        }
        return
      }
      let w = try MonthGenerator(bankRows: rows, seed: seed).write(to: directory)
      if !quiet {
        print("wrote \(directory): \(w.bankRows) bank, \(w.ledgerRows) GL, \(w.receiptRows) receipt, \(w.invoiceRows) invoice rows")
        for p in w.planted { print("  planted \(p.kind): \(p.what)") }
      }
    } catch {
      throw exitFailure(code: error.isInputError ? 2 : 1, message: error.description)
    }
  }
}
