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
            if FormatSniffer.isFeedExtension(fileName) {
                throw .malformed("expected a feed (.\(FormatSniffer.fileExtension(fileName))), found an HTML page")
            }
            return [try HTMLArticleParser.parse(bytes)]
        case .feed:
            return try FeedArticles.articles(from: FeedParser.parse(bytes))
        case .json:
            return try JSONArticleParser.parse(TextDecoder.decode(bytes).text)
        case .jsonLines:
            return try JSONArticleParser.parseLines(TextDecoder.decode(bytes).text)
        }
    }
}
