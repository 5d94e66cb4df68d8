import CLibXML2
import Foundation
import Glibc

/// Builds a ``PageTree`` straight from libxml2's HTML parser events (SAX), without libxml2 building,
/// and later freeing, a tree of its own.
///
/// The parser is the same and recovers from broken markup the same way. Only the tree is ours: the
/// elements and texts a reader could see, with `<head>` metadata and JSON-LD collected on the way, and
/// never deeper than ``maximumDepth``.
///
/// Not `Sendable`: one builder serves one parse on one thread.
final class PageTreeBuilder {
    /// What an open element on the parser's stack stands for.
    private enum Frame {
        /// An element kept in the tree, with the parent to return to when it closes.
        case element(index: Int, parent: Int)
        /// An element whose content is not text (script, style, svg, …): everything inside is skipped.
        case dropped
        /// An element past ``maximumDepth``: no node of its own; its text joins the deepest kept element.
        case flattened
        case head
        case title
        case jsonLD
    }

    /// Deeper elements are flattened, so a page nested 200,000 deep costs no more than its text.
    static let maximumDepth = 512

    private(set) var tree = PageTree()
    private var frames: [Frame] = []
    private var parent = 0
    private var droppedDepth = 0
    private var headDepth = 0
    private var capture: [UInt8]?
    private var lastChild: [Int] = [-1]
    /// libxml2 keeps each element name once in its dictionary: names are read once per pointer.
    private var names: [UnsafeRawPointer: String] = [:]
    private var classNames: [String: BoilerplateHints.Names] = [:]

    private init() {
        // A root of our own, so that text before any element still has a parent; `<html>` merges into it.
        tree.nodes.append(PageTree.Node(tag: "html", parent: -1))
    }

    /// Parses UTF-8 `bytes` as HTML.
    static func build(utf8 bytes: [UInt8]) -> PageTree {
        LibXML.setUp()
        let builder = PageTreeBuilder()
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                guard let context = htmlCreateMemoryParserCtxt(chars, Int32(clamping: buffer.count)) else { return }
                defer { htmlFreeParserCtxt(context) }
                let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)
                // Options first: they touch the SAX table, which is then replaced with ours.
                _ = htmlCtxtUseOptions(context, options)
                _ = xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
                guard let sax = context.pointee.sax else { return }
                sax.pointee = Self.makeHandler()
                context.pointee.userData = Unmanaged.passUnretained(builder).toOpaque()
                _ = htmlParseDocument(context)
                context.pointee.userData = nil
            }
        }
        return builder.tree
    }

    /// The SAX table: elements, text and raw text; everything else (comments, errors, DTDs) ignored.
    /// (A fresh value per parse: the C struct is not `Sendable`, so it cannot be a shared constant.)
    private static func makeHandler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            Unmanaged<PageTreeBuilder>.fromOpaque(context).takeUnretainedValue().start(name, attributes)
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            Unmanaged<PageTreeBuilder>.fromOpaque(context).takeUnretainedValue().end()
        }
        handler.characters = { context, text, length in
            guard let context, let text, length > 0 else { return }
            Unmanaged<PageTreeBuilder>.fromOpaque(context).takeUnretainedValue().characters(text, Int(length))
        }
        handler.cdataBlock = handler.characters
        return handler
    }

    // MARK: Events

    private func start(_ rawName: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if droppedDepth > 0 {
            frames.append(.dropped)
            droppedDepth += 1
            return
        }
        let tag = name(rawName)
        switch tag {
        case "head":
            frames.append(.head)
            headDepth += 1
            return
        case "meta", "link":
            readHeadElement(tag, attributes)
            frames.append(.dropped)
            droppedDepth += 1
            return
        case "title" where headDepth > 0 || tree.head.title == nil:
            frames.append(.title)
            capture = []
            return
        case "script":
            if Self.value(of: "type", in: attributes)?.lowercased().contains("ld+json") == true {
                frames.append(.jsonLD)
                capture = []
            } else {
                frames.append(.dropped)
                droppedDepth += 1
            }
            return
        default:
            break
        }
        if headDepth > 0 || PageTree.dropped.contains(tag) || tag == "title" {
            frames.append(.dropped)
            droppedDepth += 1
            return
        }
        if tag == "time", let datetime = Self.value(of: "datetime", in: attributes) { tree.head.times.append(datetime) }
        if tag == "html", parent == 0, frames.isEmpty {
            // The document's <html> is the root we already have.
            tree.head.language = Self.value(of: "lang", in: attributes) ?? Self.value(of: "xml:lang", in: attributes)
            frames.append(.element(index: 0, parent: 0))
            return
        }
        if frames.count >= Self.maximumDepth {
            frames.append(.flattened)
            return
        }
        var node = PageTree.Node(tag: tag, parent: parent)
        readVisibility(&node, attributes)
        if tag == "a" { node.href = Self.value(of: "href", in: attributes) }
        let index = append(node)
        frames.append(.element(index: index, parent: parent))
        parent = index
    }

    private func end() {
        guard let frame = frames.popLast() else { return }
        switch frame {
        case .element(_, let previous):
            parent = previous
        case .dropped:
            droppedDepth -= 1
        case .flattened:
            break
        case .head:
            headDepth -= 1
        case .title:
            if let bytes = capture, tree.head.title == nil { tree.head.title = String(decoding: bytes, as: UTF8.self) }
            capture = nil
        case .jsonLD:
            if let bytes = capture { tree.head.jsonLD.append(String(decoding: bytes, as: UTF8.self)) }
            capture = nil
        }
    }

    private func characters(_ text: UnsafePointer<xmlChar>, _ length: Int) {
        let bytes = UnsafeBufferPointer(start: text, count: length)
        if capture != nil {
            capture?.append(contentsOf: bytes)
            return
        }
        guard droppedDepth == 0, headDepth == 0 else { return }
        // libxml2 hands text over in pieces: a piece right after a text node extends it.
        let previous = lastChild[parent]
        if previous >= 0, tree.nodes[previous].isText {
            tree.nodes[previous].text += String(decoding: bytes, as: UTF8.self)
        } else {
            _ = append(PageTree.Node(tag: "", parent: parent, text: String(decoding: bytes, as: UTF8.self)))
        }
    }

    // MARK: Pieces

    private func append(_ node: PageTree.Node) -> Int {
        let index = tree.nodes.count
        tree.nodes.append(node)
        lastChild.append(-1)
        let parent = node.parent
        if lastChild[parent] < 0 { tree.nodes[parent].firstChild = index } else { tree.nodes[lastChild[parent]].nextSibling = index }
        lastChild[parent] = index
        return index
    }

    private func name(_ raw: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(raw)
        if let cached = names[key] { return cached }
        let name = String(cString: raw).lowercased()
        names[key] = name
        return name
    }

    private func readVisibility(_ node: inout PageTree.Node, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard var cursor = attributes else { return }
        var classAndID = ""
        var style: String?
        while let name = cursor.pointee {
            let value = cursor.advanced(by: 1).pointee.map { String(cString: $0) }
            switch String(cString: name) {
            case "class", "id": classAndID += (classAndID.isEmpty ? "" : " ") + (value ?? "")
            case "role": node.role = value?.lowercased() ?? ""
            case "itemprop": node.itemprop = value?.lowercased() ?? ""
            case "hidden": node.hidden = true
            case "aria-hidden": if value == "true" { node.hidden = true }
            case "style": style = value
            default: break
            }
            cursor = cursor.advanced(by: 2)
        }
        if PageTree.hiddenByStyle(style) { node.hidden = true }
        guard !classAndID.isEmpty else { return }
        if let cached = classNames[classAndID] {
            node.names = cached
        } else {
            let names = BoilerplateHints.names(classAndID)
            classNames[classAndID] = names
            node.names = names
        }
    }

    private func readHeadElement(_ tag: String, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if tag == "meta" {
            guard let content = Self.value(of: "content", in: attributes) else { return }
            let key = Self.value(of: "property", in: attributes) ?? Self.value(of: "name", in: attributes)
                ?? Self.value(of: "itemprop", in: attributes) ?? Self.value(of: "http-equiv", in: attributes)
            if let key { tree.head.metas.append((key.lowercased(), content)) }
        } else if let rel = Self.value(of: "rel", in: attributes), let href = Self.value(of: "href", in: attributes) {
            tree.head.links.append((rel.lowercased(), href))
        }
    }

    /// The value of attribute `name` in libxml2's NULL-terminated name/value list.
    private static func value(of name: String, in attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> String? {
        guard var cursor = attributes else { return nil }
        while let attribute = cursor.pointee {
            if strcmp(UnsafeRawPointer(attribute).assumingMemoryBound(to: CChar.self), name) == 0 {
                return cursor.advanced(by: 1).pointee.map { String(cString: $0) } ?? ""
            }
            cursor = cursor.advanced(by: 2)
        }
        return nil
    }
}
