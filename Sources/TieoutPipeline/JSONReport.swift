import Foundation
public import TieoutCore
public import TieoutIO
import TieoutMatch
public import TieoutReports

/// Writes a run's results as JSON for scripts and checks, streaming, so a million-row month
/// does not need the whole document in memory.
///
/// Shape: `{"period":{"start","end"}, "sources":[{"name","kind","files":[{"path","sha256","rows"}],
/// "rows","total"}], "kpis":[{"name","value","unit","formula","missing"}],
/// "aging":{"as_of","buckets","totals","total","customers":[{"name","buckets","total","delinquent"}]},
/// "rules":[…], "business_days", "notes":[…], "groups":[{"id","rule","status","score",
/// "members":[{"source","file","line","date","amount"}],"reconciling","decision"?,"explanation"}],
/// "exceptions":[{"id","kind","members":[…],"difference","related"?,"candidates":[…],"explanation"}],
/// "unpaired":[…], "rejected":[{"file","line","column","reason"}], "checks":[…]}`.
/// Amounts are decimal strings ("-1234.50"); `line` is the physical line where the record starts.
public struct JSONReport {
  public let reconciliation: Reconciliation

  public init(_ reconciliation: Reconciliation) { self.reconciliation = reconciliation }

  /// Writes atomically: to a temporary file beside `path`, then renamed.
  public func write(to path: String) throws(TieoutError) {
    try write(staged: StagedFile(for: path)).commit()
  }

  /// Writes the JSON to `staged`'s temporary file, for the caller to commit.
  ///
  /// - Throws: ``TieoutError`` when the file cannot be written; the temporary file is removed.
  public func write(staged: StagedFile) throws(TieoutError) -> StagedFile {
    guard let f = fopen(staged.temporaryPath, "wb") else {
      let reason = String(cString: strerror(errno))
      staged.discard()
      throw TieoutError(.cannotWrite, at: .wholeFile(staged.path), "cannot write \(staged.path): \(reason)")
    }
    var out = JSONStream(file: f)
    emit(&out)
    let flushed = out.flush()
    let closed = fclose(f) == 0
    guard flushed && closed else {
      let reason = String(cString: strerror(errno))
      staged.discard()
      throw TieoutError(.cannotWrite, at: .wholeFile(staged.path), "cannot write \(staged.path): \(reason)")
    }
    return staged
  }

  /// The JSON text, for tests and small runs.
  public func render() -> String {
    var out = JSONStream(file: nil)
    emit(&out)
    return String(decoding: out.buffer, as: UTF8.self)
  }

  private func emit(_ o: inout JSONStream) {
    let r = reconciliation
    let digits = r.currency.minorDigits
    o.raw("{\"period\":{\"start\":"); o.string(r.period.start.description)
    o.raw(",\"end\":"); o.string(r.period.end.description)
    o.raw("},\"as_of\":"); o.string(r.asOf.description)
    o.raw(",\"currency\":"); o.string(r.currency.code)
    o.raw(",\"sources\":[")
    for (i, s) in r.sources.enumerated() {
      if i > 0 { o.raw(",") }
      o.raw("{\"name\":"); o.string(s.name)
      o.raw(",\"kind\":"); o.string(s.kind.rawValue)
      o.raw(",\"template\":"); o.string(s.template)
      o.raw(",\"files\":[")
      for (j, f) in s.files.enumerated() {
        if j > 0 { o.raw(",") }
        o.raw("{\"path\":"); o.string(f.path)
        o.raw(",\"sha256\":"); o.string(f.sha256)
        o.raw(",\"rows\":\(f.rows)}")
      }
      o.raw("],\"rows\":\(s.rows),\"entries\":\(s.entries),\"total\":")
      o.string(Money.decimalString(s.total, digits: s.currency.minorDigits))
      o.raw("}")
    }
    o.raw("],\n\"kpis\":[")
    for (i, k) in r.kpis.enumerated() {
      if i > 0 { o.raw(",") }
      o.raw("{\"name\":"); o.string(k.name)
      o.raw(",\"value\":")
      switch (k.value, k.unit) {
      case (nil, _): o.raw("null")
      case (let v?, .money): o.string(Money.decimalString(Int64(v), digits: digits))
      case (let v?, _): o.raw(v.isFinite ? String(v) : "null")
      }
      o.raw(",\"unit\":"); o.string("\(k.unit)")
      o.raw(",\"formula\":"); o.string(k.formula)
      o.raw(",\"missing\":"); if let m = k.missing { o.string(m) } else { o.raw("null") }
      o.raw("}")
    }
    let aging = r.aging
    o.raw("],\n\"aging\":{\"as_of\":"); o.string(aging.asOf.description)
    o.raw(",\"buckets\":"); strings(&o, aging.labels)
    o.raw(",\"totals\":"); strings(&o, aging.bucketTotals.map { Money.decimalString($0, digits: digits) })
    o.raw(",\"total\":"); o.string(Money.decimalString(aging.total, digits: digits))
    o.raw(",\"customers\":[")
    for (i, c) in aging.customers.enumerated() {
      if i > 0 { o.raw(",") }
      o.raw("{\"name\":"); o.string(c.name)
      o.raw(",\"buckets\":"); strings(&o, c.buckets.map { Money.decimalString($0, digits: digits) })
      o.raw(",\"total\":"); o.string(Money.decimalString(c.total, digits: digits))
      o.raw(",\"delinquent\":\(aging.isDelinquent(c))}")
    }
    o.raw("]},\n\"rules\":"); strings(&o, r.match.rules.map(\.summary))
    o.raw(",\n\"business_days\":"); o.string(r.settings.calendar.summary)
    o.raw(",\n\"notes\":"); strings(&o, r.match.notes)
    o.raw(",\n\"groups\":[")
    for (i, g) in r.match.groups.enumerated() {
      if i > 0 { o.raw(",\n") }
      o.raw("{\"id\":"); o.string(g.id)
      o.raw(",\"rule\":"); o.string(r.match.ruleName(of: g))
      o.raw(",\"status\":"); o.string(g.status.name)
      o.raw(",\"score\":\(g.score)")
      o.raw(",\"members\":"); members(&o, r.match.members(of: g).lazy.map { Int($0) })
      o.raw(",\"reconciling\":")
      o.string(Money.decimalString(r.match.reconcilingAmount(of: g), digits: digitsOf(r.match.members(of: g).first, or: digits)))
      if g.status == .manual, let l = r.match.links(of: g).first(where: \.isManual) {
        let d = r.match.decisions[Int(-1 - l.rule)]
        o.raw(",\"decision\":{\"by\":"); o.string(d.by)
        o.raw(",\"reason\":"); o.string(d.reason)
        o.raw(",\"at\":"); o.string(d.location.description)
        o.raw("}")
      }
      o.raw(",\"explanation\":"); o.string(r.match.explanation(of: g, r.store))
      o.raw("}")
    }
    o.raw("],\n\"exceptions\":[")
    for (i, x) in r.match.exceptions.enumerated() {
      if i > 0 { o.raw(",\n") }
      o.raw("{\"id\":"); o.string(x.id)
      o.raw(",\"kind\":"); o.string(x.kind.rawValue)
      o.raw(",\"members\":"); members(&o, x.members.lazy.map { Int($0) })
      o.raw(",\"difference\":"); o.string(Money.decimalString(x.difference, digits: digitsOf(x.members.first, or: digits)))
      if let related = x.related { o.raw(",\"related\":"); members(&o, [Int(related.row)]) }
      o.raw(",\"candidates\":"); members(&o, x.candidates.lazy.map { Int($0.row) })
      o.raw(",\"explanation\":"); o.string(r.match.explanation(of: x, r.store, windowDays: r.settings.windowDays))
      o.raw("}")
    }
    o.raw("],\n\"unpaired\":")
    members(&o, r.match.unpaired.lazy.map { Int($0) })
    o.raw(",\n\"rejected\":[")
    for (i, rj) in r.rejected.enumerated() {
      if i > 0 { o.raw(",\n") }
      o.raw("{\"source\":"); o.string(rj.source)
      o.raw(",\"file\":"); o.string(rj.location.file)
      o.raw(",\"line\":\(rj.location.line),\"column\":")
      o.raw(rj.location.column.map(String.init) ?? "null")
      o.raw(",\"disposition\":"); o.string(rj.disposition.rawValue)
      o.raw(",\"reason\":"); o.string(rj.reason)
      o.raw("}")
    }
    o.raw("],\n\"checks\":[")
    for (i, c) in r.checks.enumerated() {
      if i > 0 { o.raw(",\n") }
      o.raw("{\"file\":"); o.string(c.location?.file ?? "")
      o.raw(",\"line\":\(c.location?.line ?? 0),\"column\":")
      o.raw(c.location?.column.map(String.init) ?? "null")
      o.raw(",\"severity\":"); o.string(c.severity.rawValue)
      o.raw(",\"message\":"); o.string(c.message)
      o.raw("}")
    }
    o.raw("]}\n")
  }

  /// A JSON array of strings.
  private func strings(_ o: inout JSONStream, _ items: [String]) {
    o.raw("[")
    for (i, s) in items.enumerated() {
      if i > 0 { o.raw(",") }
      o.string(s)
    }
    o.raw("]")
  }

  /// The decimal digits of `row`'s currency: a group's or an exception's amounts are in its
  /// rows' currency (rules pair rows of one currency), not the report's.
  private func digitsOf(_ row: Int32?, or fallback: Int) -> Int {
    row.map { reconciliation.store.originOf(Int($0)).currency.minorDigits } ?? fallback
  }

  private func members(_ o: inout JSONStream, _ rows: some Sequence<Int>) {
    o.raw("[")
    for (k, i) in rows.enumerated() {
      let e = reconciliation.store[i]
      if k > 0 { o.raw(",") }
      o.raw("{\"source\":"); o.string(e.source)
      o.raw(",\"file\":"); o.string(e.location.file)
      o.raw(",\"line\":\(e.location.line),\"date\":"); o.string(e.date.description)
      o.raw(",\"amount\":"); o.string(e.amount.decimalString)
      o.raw(",\"reference\":"); o.string(e.reference)
      o.raw("}")
    }
    o.raw("]")
  }
}

/// A byte buffer that flushes to a file every 1 MiB (or keeps everything when `file` is nil).
struct JSONStream {
  let file: UnsafeMutablePointer<FILE>?
  var buffer: [UInt8] = []
  var failed = false

  init(file: UnsafeMutablePointer<FILE>?) {
    self.file = file
    buffer.reserveCapacity(1 << 20)
  }

  mutating func raw(_ s: String) {
    buffer.append(contentsOf: s.utf8)
    if file != nil && buffer.count >= 1 << 20 { _ = flush() }
  }

  /// Appends `s` as a JSON string literal, escaping quotes, backslashes and control characters.
  mutating func string(_ s: String) {
    buffer.append(UInt8(ascii: "\""))
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): buffer.append(contentsOf: [92, 34])
      case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
      case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
      case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
      case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
      case 0..<0x20:
        let hex = String(b, radix: 16)
        buffer.append(contentsOf: Array("\\u00".utf8) + Array((hex.count == 1 ? "0" + hex : hex).utf8))
      default: buffer.append(b)
      }
    }
    buffer.append(UInt8(ascii: "\""))
  }

  mutating func flush() -> Bool {
    guard let file else { return true }
    if !buffer.isEmpty {
      let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
      if n != buffer.count { failed = true }
      buffer.removeAll(keepingCapacity: true)
    }
    return !failed
  }
}
