/// Turns Markdown lines into the plain text a reader sees: links keep their text, images and
/// reference definitions go, emphasis and code marks are dropped, headings become their own lines.
enum MarkdownText {
    /// The plain form of each line; nil for a line that carries no text (a fence, a rule, a definition).
    static func plainLines(_ lines: ArraySlice<Substring>) -> [Substring] {
        var out: [Substring] = []
        out.reserveCapacity(lines.count)
        var inComment = false
        for raw in lines {
            var line = raw
            if inComment {
                guard let end = line.range(of: "-->") else { continue }
                line = line[end.upperBound...]
                inComment = false
            }
            if let start = line.range(of: "<!--") {
                if let end = line[start.upperBound...].range(of: "-->") {
                    line = line[..<start.lowerBound] + line[end.upperBound...]
                } else {
                    line = line[..<start.lowerBound]
                    inComment = true
                }
            }
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { continue }
            if isRule(trimmed) { out.append(""); continue }
            if isReferenceDefinition(trimmed) { continue }
            var text = trimmed
            while text.hasPrefix(">") { text = text.dropFirst().drop(while: { $0 == " " }) }
            if text.hasPrefix("#") {
                text = text.drop(while: { $0 == "#" }).drop(while: { $0 == " " })
                while text.hasSuffix("#") { text = text.dropLast() }
            }
            if text.hasPrefix("* ") || text.hasPrefix("+ ") { text = "- " + text.dropFirst(2) }
            out.append(Substring(inline(text)))
        }
        return out
    }

    /// The heading text when `line` is an ATX heading (`# Title`).
    static func atxHeading(_ line: Substring) -> Substring? {
        let trimmed = line.drop(while: { $0 == " " })
        guard trimmed.hasPrefix("#") else { return nil }
        let level = trimmed.prefix(while: { $0 == "#" }).count
        let rest = trimmed.dropFirst(level)
        guard level <= 6, rest.first == " " else { return nil }
        var text = rest.drop(while: { $0 == " " })
        while text.hasSuffix("#") || text.hasSuffix(" ") { text = text.dropLast() }
        return text.isEmpty ? nil : Substring(inline(text))
    }

    /// Whether `line` underlines the previous one as a setext heading (`===` or `---`).
    static func isSetextUnderline(_ line: Substring) -> Bool {
        let t = line.trimmingSpaces()
        return t.count >= 2 && (t.allSatisfy { $0 == "=" } || t.allSatisfy { $0 == "-" })
    }

    static func isRule(_ line: Substring) -> Bool {
        let t = line.filter { $0 != " " }
        guard t.count >= 3, let c = t.first, c == "-" || c == "*" || c == "_" else { return false }
        return t.allSatisfy { $0 == c }
    }

    static func isReferenceDefinition(_ line: Substring) -> Bool {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return false }
        return line[line.index(after: close)...].hasPrefix(":")
    }

    /// Inline markup removed: `![alt](src)` → "", `[text](url)` → text, `**b**`, `*e*`, `` `c` `` → b, e, c.
    static func inline(_ text: Substring) -> String {
        let chars = Array(text)
        var out = ""
        out.reserveCapacity(chars.count)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "!", i + 1 < chars.count, chars[i + 1] == "[", let (_, end) = link(chars, at: i + 1) {
                i = end
                continue
            }
            if c == "[", let (label, end) = link(chars, at: i) {
                out += inline(Substring(String(label)))
                i = end
                continue
            }
            if c == "`" { i += 1; continue }
            if c == "*" || c == "_" {
                let run = chars[i...].prefix(while: { $0 == c }).count
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + run < chars.count ? chars[i + run] : " "
                // Emphasis marks touch a word on one side and a space or punctuation on the other;
                // an underscore inside a word (snake_case) or a lone "*" in "5 * 3" stays.
                let opens = !after.isWhitespace && (before.isWhitespace || before.isPunctuation)
                let closes = !before.isWhitespace && (after.isWhitespace || after.isPunctuation)
                if opens || closes {
                    i += run
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// A `[label](target)` or `[label][ref]` starting at `start`: the label and the index after it.
    private static func link(_ chars: [Character], at start: Int) -> ([Character], Int)? {
        var depth = 0
        var i = start
        while i < chars.count {
            if chars[i] == "[" { depth += 1 }
            if chars[i] == "]" { depth -= 1; if depth == 0 { break } }
            i += 1
        }
        guard i < chars.count, i + 1 < chars.count else { return nil }
        let label = Array(chars[(start + 1)..<i])
        let opener = chars[i + 1]
        guard opener == "(" || opener == "[" else { return nil }
        let closer: Character = opener == "(" ? ")" : "]"
        guard let close = chars[(i + 2)...].firstIndex(of: closer) else { return nil }
        return (label, close + 1)
    }
}
