/// The one entry point from a file's bytes to its articles.
///
/// The sniffer picks the format; each format has its own parser beside this file. A parser either
/// returns at least one article or throws a ``ParseError`` whose description is the reason a person
/// reads in `failed/NAME.error`.
public struct ArticleParser: Sendable {
    public init() {}

    public func parse(_ bytes: [UInt8], fileName: String) throws(ParseError) -> [ParsedArticle] {
        let format = FormatSniffer.sniff(bytes, fileName: fileName)
        switch format {
        case .text, .markdown:
            let decoded = try TextDecoder.decode(bytes)
            return [try PlainTextParser.parse(decoded.text, markdown: format == .markdown)]
        case .html:
            throw .unsupported("HTML pages are not read yet")
        case .feed:
            throw .unsupported("RSS and Atom feeds are not read yet")
        case .json, .jsonLines:
            throw .unsupported("JSON articles are not read yet")
        }
    }
}
