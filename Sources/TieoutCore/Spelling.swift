/// Suggestions for a misspelt name: `window_dayz` → `window_days`.
public enum Spelling {
  /// The name in `candidates` nearest to `word` by edit distance, when it is near enough to be
  /// what was meant: at most 2 edits, and at most a third of the word's length (so short words
  /// are not "corrected" into unrelated ones). Ties go to the first candidate.
  ///
  /// ```swift
  /// Spelling.suggestion(for: "tempalte", in: ["template", "files"])   // "template"
  /// ```
  public static func suggestion(for word: String, in candidates: some Sequence<String>) -> String? {
    let w = Array(word.lowercased().unicodeScalars)
    let limit = min(2, max(1, w.count / 3))
    var best: (String, Int)?
    for c in candidates {
      let d = distance(w, Array(c.lowercased().unicodeScalars))
      if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
  }

  /// The Damerau–Levenshtein distance (optimal string alignment): insertions, deletions,
  /// substitutions and swaps of neighbours each count one.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var before = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
  }
}
