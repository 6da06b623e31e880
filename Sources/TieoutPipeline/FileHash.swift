import Crypto
import Foundation
import TieoutCore

/// Lower-case hex SHA-256 of a file, read in 1 MiB chunks.
func sha256(ofFile path: String, displayName: String) throws(TieoutError) -> String {
  guard let f = fopen(path, "rb") else {
    throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot open \(displayName): \(String(cString: strerror(errno)))")
  }
  defer { fclose(f) }
  var hasher = SHA256()
  var buffer = [UInt8](repeating: 0, count: 1 << 20)
  while true {
    let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
    if n == 0 { break }
    buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
  }
  return hasher.finalize().map { b in
    let s = String(b, radix: 16)
    return s.count == 1 ? "0" + s : s
  }.joined()
}
