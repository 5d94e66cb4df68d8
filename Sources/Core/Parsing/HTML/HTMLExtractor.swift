import Foundation

/// What the extractor found on a page.
struct ExtractedPage {
    var metadata: PageMetadata
    var paragraphs: [String]
}

/// Reads a saved web page the way the leading extractors do: structured data first, then the page's
/// own names for its body, then readability-style scoring, with furniture pruned throughout.
enum HTMLExtractor {
    /// The article of a whole page.
    static func extract(_ bytes: [UInt8]) -> ExtractedPage? {
        let tree = PageTreeBuilder.build(utf8: HTMLPrefilter.strip(utf8(bytes)))
        guard tree.nodes.count > 1 else { return nil }
        return extract(tree)
    }

    /// The page's bytes as UTF-8, converted from the encoding ``CharsetSniffer`` finds.
    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        let encoding = CharsetSniffer.htmlEncoding(bytes)
        if encoding == "UTF-8" {
            return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        }
        let data = Data(bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) ? bytes.dropFirst(2) : bytes[...])
        let candidates = [TextDecoder.encoding(named: encoding), .windowsCP1252, .isoLatin1].compactMap { $0 }
        for candidate in candidates {
            if let text = String(data: data, encoding: candidate) { return Array(text.utf8) }
        }
        return Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    static func extract(_ tree: PageTree) -> ExtractedPage {
        let jsonLD = JSONLD(blocks: tree.head.jsonLD)
        let scorer = ContentScorer(tree: tree)
        let firstHeading = tree.nodes.indices.first { tree.nodes[$0].tag == "h1" && !scorer.excluded[$0] }
            .map { tree.text(of: $0) }
        let metadata = PageMetadata(tree: tree, jsonLD: jsonLD, firstHeading: firstHeading)
        let renderer = BlockRenderer(tree: tree, scorer: scorer)
        let roots = scorer.roots()
        var paragraphs = renderer.paragraphs(of: roots, title: metadata.title)

        // The publisher's own copy of the body wins when the markup yields clearly less of it.
        if let body = jsonLD.body {
            let fromData = bodyParagraphs(fromStructuredData: body)
            let dataLength = fromData.reduce(0) { $0 + $1.count }
            let markupLength = paragraphs.reduce(0) { $0 + $1.count }
            if dataLength >= 200, Double(dataLength) > Double(markupLength) * 1.3 { paragraphs = fromData }
        }
        return ExtractedPage(metadata: metadata, paragraphs: paragraphs)
    }

    /// The text of an HTML fragment (a feed item's content), every part of it, in paragraphs.
    static func fragmentText(_ html: String) -> [String] {
        let tree = PageTreeBuilder.build(utf8: Array(("<html><body>" + html + "</body></html>").utf8))
        let scorer = ContentScorer(tree: tree)
        var renderer = BlockRenderer(tree: tree, scorer: scorer)
        renderer.filterLinkLists = false
        return tree.nodes.isEmpty ? [] : renderer.paragraphs(of: [0], title: nil)
    }

    /// JSON-LD bodies are plain text, or HTML some sites put there anyway.
    static func bodyParagraphs(fromStructuredData body: String) -> [String] {
        if body.contains("</p>") || body.contains("<br") { return fragmentText(body) }
        return body.components(separatedBy: "\n").map(collapseSpaces).filter { !$0.isEmpty }
    }
}
