/// The visible part of an HTML page as flat Swift arrays: what the extractor reasons about.
///
/// ``PageTreeBuilder`` fills it from the parser's events with the elements and texts a reader could
/// see, in document order, each with its parent's index (parents come before their children, so a
/// reverse sweep over the array is a bottom-up pass). Scripts, styles, forms, media and other things
/// that hold no article text are left out; the `<head>` metadata and JSON-LD blocks are collected for the
/// metadata reader.
struct PageTree {
    struct Node {
        /// Lower-case tag name; empty for a text node.
        var tag: String
        var parent: Int
        /// First child and next sibling, -1 for none: a linked tree, no array per node.
        var firstChild = -1
        var nextSibling = -1
        /// A text node's text, white space as in the source.
        var text: String = ""
        /// What the element's `class` and `id` say (see ``BoilerplateHints/names(_:)``).
        var names: BoilerplateHints.Names = []
        var role: String = ""
        var itemprop: String = ""
        var href: String?
        /// Hidden by `hidden`, `aria-hidden="true"` or an inline `display:none`.
        var hidden = false

        var isText: Bool { tag.isEmpty }
    }

    /// What `<head>` said: `<meta>` name/property → content, `<link rel>` → href, `<title>`.
    struct Head {
        var metas: [(key: String, value: String)] = []
        var links: [(rel: String, href: String)] = []
        var title: String?
        var language: String?
        var jsonLD: [String] = []
        /// `<time datetime>` values anywhere in the page, in order.
        var times: [String] = []
    }

    var nodes: [Node] = []
    var head = Head()

    /// Elements whose content is never article text.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
        "audio", "source", "picture", "img", "input", "select", "option", "textarea", "button", "link", "meta",
        "head", "map", "area", "track", "param", "dialog",
    ]

    static func hiddenByStyle(_ style: String?) -> Bool {
        guard let style = style?.lowercased(), style.contains("display") || style.contains("visibility") else { return false }
        let compact = style.filter { $0 != " " }
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }

    /// The children of `index`, in order.
    func children(of index: Int) -> [Int] {
        var out: [Int] = []
        var child = nodes[index].firstChild
        while child >= 0 {
            out.append(child)
            child = nodes[child].nextSibling
        }
        return out
    }

    /// The text below `index`, each text node's white space collapsed, skipping subtrees `skip` rejects.
    func text(of index: Int, skip: (Int) -> Bool = { _ in false }) -> String {
        var parts: [String] = []
        var stack = [index]
        while let current = stack.popLast() {
            let node = nodes[current]
            if node.isText {
                parts.append(node.text)
                continue
            }
            if current != index, skip(current) { continue }
            stack += children(of: current).reversed()
        }
        return collapseSpaces(parts.joined())
    }
}
