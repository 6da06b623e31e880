import Foundation
import Testing
import TieoutCore
import TieoutTestSupport
@testable import TieoutPipeline

/// The SHA-256 in the workbook must be of the bytes reconciled: a file that grows or is
/// rewritten while tieout reads it (an export still running) stops the run.
@Suite struct FileStampTests {
  @Test func aFileThatChangesWhileReadIsAnError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = try dir.write("bank.csv", "Date,Amount\n2026-10-01,12.50\n")
    let (hash, stamp) = try sha256(ofFile: path, displayName: "bank.csv")
    #expect(hash.count == 64)
    try stamp.expectUnchanged(path: path, displayName: "bank.csv")  // untouched: fine
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("2026-10-02,3.00\n".utf8))
    try handle.close()
    #expect {
      try stamp.expectUnchanged(path: path, displayName: "bank.csv")
    } throws: { error in
      let d = (error as? TieoutError)?.diagnostic
      return d?.code == .fileChanged && d?.location?.file == "bank.csv"
        && d?.message == "bank.csv changed while tieout was reading it (29 bytes, then 45 bytes); nothing was written"
    }
  }
}
