/// The metadata block some Markdown and text files open with: YAML between `---` lines, or TOML
/// between `+++` lines. Only flat `key: value` (or `key = value`) scalars are read; that is what
/// static-site generators and note apps write for a title, a date, a source and a link.
struct FrontMatter {
    var fields: [String: String] = [:]

    /// Splits `lines` into front matter and the rest; nil when the file has none.
    static func split(_ lines: [Substring]) -> (FrontMatter, rest: ArraySlice<Substring>)? {
        guard let first = lines.first?.trimmingSpaces(), first == "---" || first == "+++" else { return nil }
        let fence = first
        let limit = min(lines.count, 200)
        guard limit > 1, let close = (1..<limit).first(where: {
            let line = lines[$0].trimmingSpaces()
            return line == fence || (fence == "---" && line == "...")
        }) else { return nil }
        var matter = FrontMatter()
        for line in lines[1..<close] {
            let separator: Character = fence == "+++" ? "=" : ":"
            guard let cut = line.firstIndex(of: separator) else { continue }
            let key = line[..<cut].trimmingSpaces().lowercased()
            var value = line[line.index(after: cut)...].trimmingSpaces()
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            guard !key.isEmpty, !key.hasPrefix("#"), !value.isEmpty else { continue }
            matter.fields[key] = value
        }
        return (matter, lines[(close + 1)...])
    }

    /// The first of `keys` that is present.
    func value(_ keys: String...) -> String? {
        for key in keys { if let value = fields[key] { return value } }
        return nil
    }
}
