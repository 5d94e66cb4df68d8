/// Groups lines of text into paragraphs.
///
/// Blank lines separate paragraphs. Inside a block, a line break is a paragraph break when the line
/// ends a sentence and the next begins like one (files that put one paragraph per line), and a space
/// otherwise (text hard-wrapped at 72 columns).
enum Paragraphs {
    static func from<S: StringProtocol>(lines: [S]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        func flush() {
            let text = collapseSpaces(current)
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
        var previous: Substring = ""
        for line in lines {
            let trimmed = Substring(line).trimmingSpaces()
            if trimmed.isEmpty {
                flush()
                previous = ""
                continue
            }
            if !current.isEmpty {
                let startsLikeSentence = trimmed.first.map { $0.isUppercase || $0.isNumber || "\"“‘'(-•*".contains($0) } ?? false
                if HeadlineRules.endsLikeSentence(previous) && startsLikeSentence || isListItem(trimmed) {
                    flush()
                } else if previous.count < 40 && startsLikeSentence && !previous.hasSuffix(",") {
                    // A short line without closing punctuation is a heading or a list line, not a wrap.
                    flush()
                } else {
                    current += " "
                }
            }
            current += trimmed
            previous = Substring(trimmed)
        }
        flush()
        return paragraphs
    }

    private static func isListItem(_ line: String) -> Bool {
        line.hasPrefix("- ") || line.hasPrefix("• ") || line.hasPrefix("* ")
    }
}
