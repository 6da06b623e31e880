import Foundation
import Testing
import TieoutTestSupport
import ZIPFoundation
@testable import XLSXWriter

/// Dropping parts from a package in one pass: the other parts must come out byte for byte,
/// whatever the writer of the archive did.
@Suite struct PackageRewriteTests {
  func contents(_ path: String) throws -> [String: Data] {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    var out: [String: Data] = [:]
    for entry in archive {
      var data = Data()
      _ = try archive.extract(entry) { data.append($0) }  // checks each CRC
      out[entry.path] = data
    }
    return out
  }

  @Test func removesThePartsNamedAndKeepsTheRestWhole() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("p.xlsx")
    var rng = SystemRandomNumberGenerator()
    let big = Data((0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &rng) })
    let parts: [(String, Data, CompressionMethod)] = [
      ("[Content_Types].xml", Data("<Types/>".utf8), .deflate), ("xl/worksheets/sheet1.xml", big, .deflate),
      ("xl/workbook.xml", Data("<workbook/>".utf8), .deflate), ("docProps/app.xml", Data(repeating: 65, count: 5000), .none),
    ]
    do {
      let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
      for (name, data, method) in parts {
        try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { p, n in
          data.subdata(in: Int(p)..<Int(p) + n)
        }
      }
    }
    try PackageRewrite.remove(["xl/workbook.xml", "[Content_Types].xml", "not/there.xml"], from: path)
    let after = try contents(path)
    #expect(after.keys.sorted() == ["docProps/app.xml", "xl/worksheets/sheet1.xml"])
    #expect(after["xl/worksheets/sheet1.xml"] == big)
    #expect(after["docProps/app.xml"] == Data(repeating: 65, count: 5000))
    #expect(try runProcess("/usr/bin/unzip", ["-tq", path]).status == 0)
    // New parts are then appended, as the pivot's are.
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .update)
    let wb = Data("<workbook><pivotCaches/></workbook>".utf8)
    try archive.addEntry(with: "xl/workbook.xml", type: .file, uncompressedSize: Int64(wb.count)) { p, n in wb.subdata(in: Int(p)..<Int(p) + n) }
    #expect(try contents(path)["xl/workbook.xml"] == wb)
  }

  /// An archive with a ZIP64 end record (more than 65,535 entries) whose entries carry data
  /// descriptors (written to a pipe), as Python's zipfile writes it.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
  func zip64AndDataDescriptors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("many.zip")
    let script = """
      import sys, zipfile
      with zipfile.ZipFile(sys.stdout.buffer, "w", zipfile.ZIP_DEFLATED) as z:
          for k in range(70000):
              z.writestr(f"p/{k}.txt", f"part {k} " * (k % 7 + 1))
      """
    let out = try runProcess("/bin/sh", ["-c", "python3 -c '\(script)' > '\(path)'"])
    #expect(out.status == 0, "\(out.stderr)")
    try PackageRewrite.remove(["p/0.txt", "p/12345.txt", "p/69999.txt"], from: path)
    let check = try runProcess(
      "/usr/bin/python3",
      ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; n = z.namelist(); print(len(n), z.read('p/5.txt').decode(), 'p/12345.txt' in n)", path])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "69997 \(String(repeating: "part 5 ", count: 6)) False")
  }
}
