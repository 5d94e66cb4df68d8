/// Finds the elements that hold the article body.
///
/// First the page's own word: elements named as the body (`itemprop="articleBody"`, `class="story-body"`,
/// `entry-content`, …) that hold real text. Failing that, readability's scoring: every block whose own
/// inline text (not counting its child blocks) runs to 25+ characters scores `1 + commas + length/100`
/// (at most 3 for length) for its parent, half for its grandparent and less further up; candidates start from a bonus for their tag and names and
/// end scaled down by their link density. The best candidate's siblings join it when they score close
/// to it or are plain prose, since many sites split one article over several sibling blocks.
struct ContentScorer {
    let tree: PageTree
    /// Visible characters below each element (white space runs count once), furniture included.
    private(set) var rawLength: [Int]
    /// Visible characters below each element, furniture excluded.
    private(set) var textLength: [Int]
    /// Of `textLength`, the characters inside links.
    private(set) var linkLength: [Int]
    private(set) var commas: [Int]
    /// A block element's own inline text (not its child blocks'), furniture excluded, and its commas.
    private(set) var ownText: [Int]
    private(set) var ownCommas: [Int]
    /// Furniture itself, or inside furniture.
    private(set) var excluded: [Bool]

    init(tree: PageTree) {
        self.tree = tree
        let count = tree.nodes.count
        rawLength = Array(repeating: 0, count: count)
        textLength = Array(repeating: 0, count: count)
        linkLength = Array(repeating: 0, count: count)
        commas = Array(repeating: 0, count: count)
        ownText = Array(repeating: 0, count: count)
        ownCommas = Array(repeating: 0, count: count)
        excluded = Array(repeating: false, count: count)
        guard count > 0 else { return }

        // Raw lengths and prose, bottom-up: parents come before children, so sweep backwards. Prose is
        // counted per block element, from its own inline text (text and inline children, not child
        // blocks), so `<br>`-separated text beside a picture counts like paragraphs do.
        var inline = Array(repeating: 0, count: count)
        var inlineLinks = Array(repeating: 0, count: count)
        var prose = Array(repeating: 0, count: count)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let node = tree.nodes[index]
            let parent = node.parent
            if node.isText {
                rawLength[index] = Self.visibleLength(node.text)
                if parent >= 0 { inline[parent] += rawLength[index] }
            } else if Self.blockTags.contains(node.tag) {
                if inline[index] >= 80, inlineLinks[index] * 10 < inline[index] * 3 { prose[index] += inline[index] }
            } else if parent >= 0 {
                inline[parent] += inline[index]
                inlineLinks[parent] += node.tag == "a" ? inline[index] : inlineLinks[index]
            }
            if parent >= 0 {
                rawLength[parent] += rawLength[index]
                prose[parent] += prose[index]
            }
        }
        // Furniture, top-down. A "furniture" element holding most of the page is a layout wrapper that
        // happens to carry a name like "page-sidebar-left": it is not excluded.
        let pageLength = rawLength[0]
        for index in 0..<count {
            let node = tree.nodes[index]
            if node.parent >= 0, excluded[node.parent] {
                excluded[index] = true
            } else if !node.isText, BoilerplateHints.isBoilerplate(node, prose: prose[index], pageProse: prose[0]) {
                let wrapsThePage = rawLength[index] > 1000 && rawLength[index] * 2 > pageLength && !node.hidden
                excluded[index] = !wrapsThePage
            }
        }
        // Without furniture: visible lengths, link lengths and commas below each element, and each block's
        // own inline text, bottom-up.
        for index in stride(from: count - 1, through: 0, by: -1) {
            let node = tree.nodes[index]
            guard !excluded[index] else { continue }
            let parent = node.parent
            if node.isText {
                textLength[index] = rawLength[index]
                commas[index] = node.text.utf8.reduce(0) { $0 + ($1 == 0x2C ? 1 : 0) }
                if parent >= 0 {
                    ownText[parent] += textLength[index]
                    ownCommas[parent] += commas[index]
                }
            } else {
                if node.tag == "a" { linkLength[index] = textLength[index] }
                if !Self.blockTags.contains(node.tag), parent >= 0 {
                    ownText[parent] += ownText[index]
                    ownCommas[parent] += ownCommas[index]
                }
            }
            if parent >= 0 {
                textLength[parent] += textLength[index]
                linkLength[parent] += linkLength[index]
                commas[parent] += commas[index]
            }
        }
    }

    func linkDensity(_ index: Int) -> Double {
        textLength[index] == 0 ? 0 : Double(linkLength[index]) / Double(textLength[index])
    }

    /// The content roots, in document order.
    func roots() -> [Int] {
        if let named = namedBody() { return named }
        return scoredBody()
    }

    // MARK: The page's own word

    /// The outermost elements named as the body, when together they hold a real article.
    private func namedBody() -> [Int]? {
        var found: [Int] = []
        for index in tree.nodes.indices where !excluded[index] && !tree.nodes[index].isText {
            guard BoilerplateHints.isBody(tree.nodes[index]), textLength[index] >= 200, linkDensity(index) < 0.5 else { continue }
            if found.contains(where: { isAncestor($0, of: index) }) { continue }
            found.append(index)
        }
        guard !found.isEmpty else { return nil }
        let total = found.reduce(0) { $0 + textLength[$1] }
        return total >= 400 ? found : nil
    }

    // MARK: Readability scoring

    static let blockTags: Set<String> = [
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt",
        "dd", "blockquote", "pre", "table", "tr", "td", "th", "tbody", "thead", "figure", "header", "footer", "aside",
        "nav", "hr", "br", "center", "form", "fieldset", "details", "summary",
    ]

    private func scoredBody() -> [Int] {
        var score: [Int: Double] = [:]
        for index in tree.nodes.indices where !excluded[index] {
            let node = tree.nodes[index]
            guard !node.isText, Self.blockTags.contains(node.tag), ownText[index] >= 25 else { continue }
            let value = 1 + Double(ownCommas[index]) + min(3, Double(ownText[index]) / 100)
            var ancestor = node.parent
            var level = 0
            while ancestor >= 0, level < 5 {
                if !excluded[ancestor] {
                    if score[ancestor] == nil { score[ancestor] = baseScore(ancestor) }
                    let share = level == 0 ? value : level == 1 ? value / 2 : value / Double(level * 3)
                    score[ancestor, default: 0] += share
                }
                ancestor = tree.nodes[ancestor].parent
                level += 1
            }
        }
        var final: [Int: Double] = [:]
        for (index, value) in score { final[index] = value * (1 - linkDensity(index)) }
        guard let top = final.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else {
            return tree.nodes.indices.first.map { [$0] } ?? []
        }
        // Siblings that score near the top, or read as prose, are part of the same article.
        let parent = tree.nodes[top.key].parent
        guard parent >= 0 else { return [top.key] }
        let threshold = max(10, top.value * 0.2)
        var roots: [Int] = []
        for sibling in tree.children(of: parent) where !excluded[sibling] {
            if sibling == top.key {
                roots.append(sibling)
                continue
            }
            let node = tree.nodes[sibling]
            guard !node.isText else { continue }
            let density = linkDensity(sibling)
            if let value = final[sibling], value >= threshold {
                roots.append(sibling)
            } else if node.tag == "p" {
                let length = textLength[sibling]
                if (length > 80 && density < 0.25) || (length > 0 && density == 0 && tree.text(of: sibling).hasSuffix(".")) {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    private func baseScore(_ index: Int) -> Double {
        let node = tree.nodes[index]
        var value: Double
        switch node.tag {
        case "article", "main": value = 10
        case "div", "section": value = 5
        case "pre", "td", "blockquote": value = 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": value = -3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": value = -5
        default: value = 0
        }
        return value + BoilerplateHints.classWeight(node)
    }

    func isAncestor(_ candidate: Int, of index: Int) -> Bool {
        var current = tree.nodes[index].parent
        while current >= 0 {
            if current == candidate { return true }
            current = tree.nodes[current].parent
        }
        return false
    }

    /// Characters a reader sees: runs of white space count as one.
    static func visibleLength(_ text: String) -> Int {
        var length = 0
        var inSpace = true
        for byte in text.utf8 where byte & 0xC0 != 0x80 {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if space {
                if !inSpace { length += 1 }
                inSpace = true
            } else {
                length += 1
                inSpace = false
            }
        }
        return length
    }
}
