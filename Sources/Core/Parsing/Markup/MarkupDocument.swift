import CLibXML2
import Foundation

/// An XML feed parsed by libxml2, read through ``MarkupNode``. (HTML pages are read from the parser's
/// events instead, by ``PageTreeBuilder``.)
///
/// The parser recovers from broken markup. It does not touch the network, load a DTD or substitute
/// entities: an external entity (`<!ENTITY x SYSTEM "file:///etc/passwd">`) is never read, because
/// entities stay unexpanded references, and the entity loader refuses every URL besides. libxml2's own
/// depth and amplification limits stay on (no `XML_PARSE_HUGE`), so a page nested 200,000 deep or a
/// "billion laughs" feed ends early instead of exhausting memory. Code that walks the tree walks it
/// with loops, never recursion.
///
/// Not `Sendable`: a document is parsed, read and freed on one thread.
final class MarkupDocument {
    let document: xmlDocPtr

    private init(document: xmlDocPtr) {
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Parses `bytes` as XML; `encoding` overrides the declaration when given.
    static func xml(_ bytes: [UInt8], encoding: String?) -> (document: MarkupDocument?, wellFormed: Bool) {
        LibXML.setUp()
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)
        guard let context = xmlNewParserCtxt() else { return (nil, false) }
        defer { xmlFreeParserCtxt(context) }
        let document = bytes.withUnsafeBufferPointer { buffer -> xmlDocPtr? in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    xmlCtxtReadMemory(context, chars, Int32(clamping: buffer.count), nil, encoding, options)
                }
            }
        }
        let wellFormed = context.pointee.wellFormed != 0
        return (document.map(MarkupDocument.init), wellFormed)
    }

    /// The root element.
    var root: MarkupNode? {
        xmlDocGetRootElement(document).map(MarkupNode.init)
    }
}

/// One-time libxml2 set-up, shared by every thread.
enum LibXML {
    private static let once: Void = {
        xmlInitParser()
        // Defence in depth against XXE: even if some option ever asked for an external entity or DTD,
        // the loader hands back nothing.
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()

    static func setUp() {
        _ = once
    }
}
