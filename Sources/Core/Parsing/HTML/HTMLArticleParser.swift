/// A saved web page as a newsd article.
enum HTMLArticleParser {
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> ParsedArticle {
        guard !bytes.isEmpty else { throw .empty }
        guard let page = HTMLExtractor.extract(bytes) else { throw .malformed("the page could not be parsed as HTML") }
        let body = page.paragraphs.joined(separator: "\n\n")
        guard !body.isEmpty else { throw .malformed("the page holds no article text") }
        let title = page.metadata.title.flatMap { $0.isEmpty ? nil : $0 }
            ?? SentenceSplitter.split(body).first.map { HeadlineRules.headline(fromSentence: String($0)) }
            ?? ""
        return ParsedArticle(title: title, body: body, source: page.metadata.siteName, url: page.metadata.canonicalURL,
                             author: page.metadata.author, published: page.metadata.published,
                             language: page.metadata.language)
    }
}
