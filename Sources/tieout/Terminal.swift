/// `s` safe to print on a terminal: control characters, which an export can hold and which
/// would move the cursor or recolour the terminal (an escape sequence), shown as `\u{1B}`;
/// line breaks and tabs kept.
func printable(_ s: String) -> String {
  guard s.unicodeScalars.contains(where: isControl) else { return s }
  var out = ""
  for u in s.unicodeScalars {
    if isControl(u) { out += "\\u{\(String(u.value, radix: 16, uppercase: true))}" } else { out.unicodeScalars.append(u) }
  }
  return out
}

private func isControl(_ u: Unicode.Scalar) -> Bool {
  (u.value < 0x20 && u != "\n" && u != "\t") || (0x7F...0x9F).contains(u.value)
}
