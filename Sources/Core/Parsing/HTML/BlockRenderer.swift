/// Turns the content roots into paragraphs, the way a reader sees them.
///
/// Block elements (`p`, `h2`, `li`, `div`, `br`, …) end a paragraph; inline elements flow into it.
/// Furniture inside the body (a share bar, a "related" box, a caption) is skipped. A paragraph that is
/// mostly link text ("Read more: …", a list of related headlines) is dropped, and so is a short line
/// that is only a label ("Advertisement", "Share this article") or a date.
struct BlockRenderer {
    struct Block {
        var text: String
        var linkCharacters: Int
        var tag: String
    }

    let tree: PageTree
    let scorer: ContentScorer

    /// Whether to drop link-heavy blocks: on for whole pages, off for a feed item's content, which is the
    /// article already. Label lines ("Continue reading…") are dropped either way.
    var filterLinkLists = true

    func paragraphs(of roots: [Int], title: String?) -> [String] {
        var blocks: [Block] = []
        for root in roots { blocks += render(root) }
        let titleKey = title.map(Self.key)
        var out: [String] = []
        for (position, block) in blocks.enumerated() {
            let length = block.text.count
            if filterLinkLists {
                // Mostly link text, with under 100 characters of its own: a link list, "Read more: …".
                let density = length == 0 ? 0 : Double(block.linkCharacters) / Double(length)
                if density > 0.5 && length - block.linkCharacters < 100 { continue }
            }
            if length < 80, Self.isLabel(block.text) || Self.isDate(block.text) { continue }
            // The headline repeated at the top of the body is not body text.
            if position < 3, block.tag.first == "h", let titleKey, Self.key(block.text) == titleKey { continue }
            out.append(block.text)
        }
        return out
    }

    private enum Step {
        case visit(Int, inLink: Bool)
        case close
    }

    private func render(_ root: Int) -> [Block] {
        var blocks: [Block] = []
        var parts: [String] = []
        var linkCharacters = 0
        var tags: [String] = ["div"]

        func flush() {
            let text = collapseSpaces(parts.joined())
            if !text.isEmpty {
                blocks.append(Block(text: text, linkCharacters: min(linkCharacters, text.count), tag: tags.last ?? "div"))
            }
            parts.removeAll(keepingCapacity: true)
            linkCharacters = 0
        }

        var stack: [Step] = [.visit(root, inLink: false)]
        while let step = stack.popLast() {
            switch step {
            case .close:
                flush()
                tags.removeLast()
            case .visit(let index, let inLink):
                let node = tree.nodes[index]
                if node.isText {
                    parts.append(node.text)
                    if inLink { linkCharacters += ContentScorer.visibleLength(node.text) }
                    continue
                }
                if scorer.excluded[index] && index != root { continue }
                if node.tag == "br" || node.tag == "hr" {
                    flush()
                    continue
                }
                let isBlock = ContentScorer.blockTags.contains(node.tag)
                if isBlock {
                    flush()
                    tags.append(node.tag)
                    stack.append(.close)
                }
                let link = inLink || node.tag == "a"
                let mark = stack.count
                var child = node.firstChild
                while child >= 0 {
                    stack.append(.visit(child, inLink: link))
                    child = tree.nodes[child].nextSibling
                }
                stack[mark...].reverse()
            }
        }
        flush()
        return blocks
    }

    /// A line that is only a date ("2018-08-16", "November 19, 2019").
    static func isDate(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } && DateParser.parse(text) != nil
    }

    /// Short lines that label page furniture rather than say anything.
    static func isLabel(_ text: String) -> Bool {
        let lower = String(text.lowercased().unicodeScalars.drop { !$0.properties.isAlphabetic }
            .reversed().drop { !$0.properties.isAlphabetic && $0 != ")" }.reversed().map(Character.init))
        if labels.contains(lower) { return true }
        return labelPrefixes.contains { lower.hasPrefix($0) }
    }

    static let labels: Set<String> = [
        "advertisement", "advertisements", "advert", "adverts", "ad", "sponsored", "sponsored content", "share", "share this", "share this article",
        "share this story", "share on facebook", "share on twitter", "tweet", "email", "print", "comments", "comment",
        "related", "related articles", "related stories", "related content", "more", "read more", "continue reading",
        "story continues below advertisement", "story continues below", "article continues below", "skip advertisement",
        "supported by", "follow us", "subscribe", "sign up", "log in", "loading", "close", "menu", "back to top",
        "image", "photo", "video", "listen", "play", "getty images", "reuters", "ap", "afp", "copy link", "link copied",
    ]

    static let labelPrefixes = [
        "read more:", "related:", "see also:", "advertisement -", "click here to", "sign up for", "subscribe to",
        "follow us on", "all rights reserved", "copyright ©", "© copyright", "image copyright", "image caption",
        "photo:", "image:", "getty images", "(photo:", "this article is more than",
    ]

    /// Letters and digits only, lower-cased: "Storm hits coast!" and "storm hits coast" are one key.
    static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }
}
