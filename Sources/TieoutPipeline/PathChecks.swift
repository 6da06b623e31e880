import Foundation
import TieoutCore

/// Where a run may read and write: inputs inside the month folder, outputs that overwrite none
/// of the run's own files.
enum PathChecks {
  /// `path` absolute, with `.`, `..` and symbolic links resolved as far as the file system has
  /// them (an output that does not exist yet is resolved through its folder).
  static func canonical(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    let standard = (absolute as NSString).standardizingPath
    if let real = realPath(standard) { return real }
    let parent = (standard as NSString).deletingLastPathComponent
    if let real = realPath(parent) { return real + "/" + (standard as NSString).lastPathComponent }
    return standard
  }

  private static func realPath(_ path: String) -> String? {
    guard let p = realpath(path, nil) else { return nil }
    defer { free(p) }
    return String(cString: p)
  }

  /// True when `path` (relative to `folder` unless absolute) lies inside `folder`, after
  /// resolving `..` and symbolic links.
  static func isInside(_ path: String, folder: String) -> Bool {
    let full = path.hasPrefix("/") ? path : folder + "/" + path
    let dir = canonical(folder)
    return canonical(full).hasPrefix(dir == "/" ? "/" : dir + "/")
  }

  /// Throws when an output would overwrite one of the run's inputs, tieout.yaml, the decisions
  /// file, the other output, or a folder.
  ///
  /// - Parameters:
  ///   - outputs: the output paths, with what each is ("the workbook", "the JSON").
  ///   - inputs: the run's own files by canonical path, with what each is.
  static func checkOutputs(_ outputs: [(path: String, what: String)], inputs: [String: String]) throws(TieoutError) {
    var taken = inputs
    for (path, what) in outputs {
      let c = canonical(path)
      if let other = taken[c] {
        throw TieoutError(
          .badConfig, at: .wholeFile(path), "\(what) would be written over \(other); nothing was written",
          hint: "name another output file")
      }
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: c, isDirectory: &isDir), isDir.boolValue {
        throw TieoutError(.cannotWrite, at: .wholeFile(path), "\(what) would be written over a folder; nothing was written")
      }
      taken[c] = what
    }
  }
}
