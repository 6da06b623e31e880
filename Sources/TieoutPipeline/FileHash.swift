import Crypto
import Foundation
import TieoutCore
import TieoutIO

/// A file's size and modification time: what must not change while tieout reads it.
struct FileStamp: Equatable, Sendable {
  let size: Int64
  let seconds: Int
  let nanoseconds: Int

  init(_ st: stat) {
    size = Int64(st.st_size)
    seconds = Int(st.st_mtim.tv_sec)
    nanoseconds = Int(st.st_mtim.tv_nsec)
  }

  init?(path: String) {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    self.init(st)
  }

  /// Throws when the file at `path` is no longer as stamped: the hash in the workbook and the
  /// rows reconciled would not be the same bytes (an export still being written, say).
  func expectUnchanged(path: String, displayName: String) throws(TieoutError) {
    guard let now = FileStamp(path: path), now == self else {
      let after = FileStamp(path: path).map { "\($0.size) bytes" } ?? "gone"
      throw TieoutError(
        .fileChanged, at: .wholeFile(displayName),
        "\(displayName) changed while tieout was reading it (\(size) bytes, then \(after)); nothing was written",
        hint: "run again once whatever writes the file has finished")
    }
  }
}

/// Lower-case hex SHA-256 of a file, read in 1 MiB chunks, and the file's stamp when opened.
func sha256(ofFile path: String, displayName: String) throws(TieoutError) -> (hash: String, stamp: FileStamp) {
  let f = try RegularFile.open(path: path, displayName: displayName)
  defer { fclose(f) }
  var st = stat()
  fstat(fileno(f), &st)
  let stamp = FileStamp(st)
  var hasher = SHA256()
  var buffer = [UInt8](repeating: 0, count: 1 << 20)
  while true {
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
    if n == 0 { break }
    buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
  }
  let hash = hasher.finalize().map { b in
    let s = String(b, radix: 16)
    return s.count == 1 ? "0" + s : s
  }.joined()
  return (hash, stamp)
}
