import CLibXML2
import Glibc

/// A node of a libxml2 tree: an element, a text, a comment. Valid while its document lives.
struct MarkupNode {
    let raw: xmlNodePtr

    init(_ raw: xmlNodePtr) {
        self.raw = raw
    }

    var isElement: Bool { raw.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { raw.pointee.type == XML_TEXT_NODE || raw.pointee.type == XML_CDATA_SECTION_NODE }

    /// The local name, lower-cased for HTML ("div"); as written for XML ("pubDate").
    var name: String {
        raw.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI of an XML element, if it has one.
    var namespace: String? {
        raw.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// Whether the element's name is exactly `name` (compared without building a String).
    func named(_ name: StaticString) -> Bool {
        guard let own = raw.pointee.name else { return false }
        return strcmp(UnsafeRawPointer(own).assumingMemoryBound(to: CChar.self),
                      UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)) == 0
    }

    var parent: MarkupNode? { raw.pointee.parent.flatMap { $0.pointee.type == XML_ELEMENT_NODE ? MarkupNode($0) : nil } }
    var firstChild: MarkupNode? { raw.pointee.children.map(MarkupNode.init) }
    var nextSibling: MarkupNode? { raw.pointee.next.map(MarkupNode.init) }

    /// The child nodes, in order.
    var children: [MarkupNode] {
        var out: [MarkupNode] = []
        var child = raw.pointee.children
        while let node = child {
            out.append(MarkupNode(node))
            child = node.pointee.next
        }
        return out
    }

    /// The child elements, in order.
    var childElements: [MarkupNode] { children.filter(\.isElement) }

    /// The text of a text node.
    var content: String {
        raw.pointee.content.map { String(cString: $0) } ?? ""
    }

    /// The value of attribute `name` (case as parsed; HTML names are lower-case), read without copying
    /// through libxml2's allocator.
    func attribute(_ name: String) -> String? {
        var property = raw.pointee.properties
        while let attribute = property {
            if let own = attribute.pointee.name, String(cString: own) == name {
                var value = ""
                var child = attribute.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                return value
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// All text below this node, in document order, walked with a loop.
    var textContent: String {
        var out = ""
        walk { node in
            if node.isText { out += node.content }
            return .descend
        }
        return out
    }

    enum Walk { case descend, skipChildren, stop }

    /// Visits this node and its descendants in document order without recursion: the walk follows the
    /// child, next and parent pointers libxml2 already keeps.
    func walk(_ visit: (MarkupNode) -> Walk) {
        var current: xmlNodePtr? = raw
        let top = raw
        while let node = current {
            let decision = visit(MarkupNode(node))
            if decision == .stop { return }
            if decision == .descend, let child = node.pointee.children, node.pointee.type == XML_ELEMENT_NODE || node == top {
                current = child
                continue
            }
            // Next sibling, or the nearest ancestor's next sibling, not leaving the subtree.
            var climb: xmlNodePtr? = node
            current = nil
            while let up = climb, up != top {
                if let next = up.pointee.next {
                    current = next
                    break
                }
                climb = up.pointee.parent
            }
        }
    }

    /// The first descendant element (or this one) for which `predicate` holds.
    func first(where predicate: (MarkupNode) -> Bool) -> MarkupNode? {
        var found: MarkupNode?
        walk { node in
            if node.isElement, predicate(node) {
                found = node
                return .stop
            }
            return .descend
        }
        return found
    }

    /// Every descendant element (and this one) for which `predicate` holds, in document order.
    func all(where predicate: (MarkupNode) -> Bool) -> [MarkupNode] {
        var found: [MarkupNode] = []
        walk { node in
            if node.isElement, predicate(node) { found.append(node) }
            return .descend
        }
        return found
    }
}

extension MarkupNode: Hashable {
    static func == (a: MarkupNode, b: MarkupNode) -> Bool { a.raw == b.raw }
    func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
