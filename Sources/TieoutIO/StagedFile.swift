import Foundation
public import TieoutCore

/// An output written beside its final path under a temporary name, and put in place by
/// ``commit()`` (a rename, atomic on one file system) or removed by ``discard()``.
///
/// A run with several outputs stages them all and commits them only when every one was
/// written, so a failed run leaves none of them at its final name. The temporary name is
/// `.NAME.PID.tmp` in the output's folder; it is removed if the run is interrupted
/// (``TempFiles``), and one left by a run that was killed is removed by the next run that writes
/// into the folder (``removeLeftovers(beside:)``).
///
/// ```swift
/// let staged = try StagedFile(for: "out/r.json")
/// try write(to: staged.temporaryPath)
/// try staged.commit()
/// ```
public struct StagedFile: Sendable {
  /// Where the output ends up.
  public let path: String
  /// Where it is written first.
  public let temporaryPath: String

  /// Creates the output's folder when missing, removes leftovers of killed runs there, and
  /// registers the temporary file for removal on interrupt.
  ///
  /// - Throws: ``TieoutError`` `cannot-write` when the folder cannot be created.
  public init(for path: String) throws(TieoutError) {
    self.path = path
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    } catch {
      throw TieoutError(.cannotWrite, at: .wholeFile(path), "cannot create folder \(dir): \(error.localizedDescription)")
    }
    Self.removeLeftovers(beside: path)
    temporaryPath = dir + "/" + Self.temporaryName(url.lastPathComponent, pid: getpid())
    TempFiles.register(temporaryPath)
  }

  static func temporaryName(_ name: String, pid: Int32) -> String { ".\(name).\(pid).tmp" }

  /// Renames the temporary file to ``path``.
  ///
  /// - Throws: ``TieoutError`` `cannot-write`; the temporary file is removed then.
  public func commit() throws(TieoutError) {
    defer { TempFiles.unregister(temporaryPath) }
    guard rename(temporaryPath, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw TieoutError(.cannotWrite, at: .wholeFile(path), "cannot move \(path) into place: \(reason)")
    }
  }

  /// Removes the temporary file.
  public func discard() {
    unlink(temporaryPath)
    TempFiles.unregister(temporaryPath)
  }

  /// Removes `.NAME.PID.tmp` files beside `path` whose process no longer runs: what a killed run
  /// (SIGKILL, a power cut) left. A file of a run still going is left alone.
  public static func removeLeftovers(beside path: String) {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    let prefix = "." + url.lastPathComponent + "."
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for n in names where n.hasPrefix(prefix) && n.hasSuffix(".tmp") {
      guard let pid = Int32(n.dropFirst(prefix.count).dropLast(4)), pid > 0 else { continue }
      if pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) { unlink(dir + "/" + n) }
    }
  }
}
