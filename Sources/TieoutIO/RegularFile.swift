import Foundation
public import TieoutCore
#if canImport(Glibc)
  import Glibc
#endif

/// Opening input files: regular files only.
///
/// A FIFO, a character device such as `/dev/zero` or `/dev/urandom`, a socket or a folder named
/// as an export would make a run wait forever or read without end. The file is opened without
/// blocking (opening a FIFO with no writer would otherwise wait), checked with `fstat` on the
/// open descriptor (so a path swapped after a check cannot slip through), and only then read.
///
/// ```swift
/// let f = try RegularFile.open(path: "/data/bank.csv", displayName: "bank.csv")
/// defer { fclose(f) }
/// ```
public enum RegularFile {
  /// Opens `path` for reading as a C stream.
  ///
  /// - Parameters:
  ///   - path: the file system path.
  ///   - displayName: the name used in messages (the path as the user wrote it).
  /// - Returns: the open stream, positioned at the start; the caller closes it.
  /// - Throws: ``TieoutError`` `file-not-found` when the file cannot be opened, and `not-a-file`
  ///   when it is not a regular file.
  public static func open(path: String, displayName: String) throws(TieoutError) -> UnsafeMutablePointer<FILE> {
    let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot open \(displayName): \(reason)")
    }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot open \(displayName): \(reason)")
    }
    guard st.st_mode & S_IFMT == S_IFREG else {
      close(fd)
      throw TieoutError(
        .notAFile, at: .wholeFile(displayName), "\(displayName) is \(kind(st.st_mode)), not a file; tieout reads regular files only",
        hint: "name the export file itself (copy it into the month folder first if it is produced by a pipe or a device)")
    }
    // Reads of a regular file never block; the flag only mattered for the open.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    guard let f = fdopen(fd, "rb") else {
      let reason = String(cString: strerror(errno))
      close(fd)
      throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot open \(displayName): \(reason)")
    }
    return f
  }

  /// Reads the whole regular file at `path`.
  ///
  /// - Throws: as ``open(path:displayName:)``, and `file-not-found` when a read fails.
  public static func read(path: String, displayName: String) throws(TieoutError) -> [UInt8] {
    let f = try open(path: path, displayName: displayName)
    defer { fclose(f) }
    var st = stat()
    fstat(fileno(f), &st)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(max(0, st.st_size)))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    if ferror(f) != 0 {
      throw TieoutError(.fileNotFound, at: .wholeFile(displayName), "cannot read \(displayName): \(String(cString: strerror(errno)))")
    }
    return bytes
  }

  /// What a file of mode `mode` is, in words, for the message.
  static func kind(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a folder"
    case S_IFIFO: "a pipe (FIFO)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    default: "not a regular file"
    }
  }
}
