/// Turns a feed's items into articles: one per item that has a title or text, numbered by its place
/// in the file, each with the feed's title as its source.
enum FeedArticles {
    static func articles(from feed: Feed) throws(ParseError) -> [ParsedArticle] {
        var articles: [ParsedArticle] = []
        let source = feed.title.map(FeedParser.htmlToText).flatMap { $0.isEmpty ? nil : $0 }
        for (index, item) in feed.items.enumerated() {
            let paragraphs: [String]
            if let content = item.content {
                paragraphs = item.contentIsHTML
                    ? HTMLExtractor.fragmentText(content)
                    : content.components(separatedBy: "\n").map(collapseSpaces).filter { !$0.isEmpty }
            } else {
                paragraphs = []
            }
            var body = paragraphs.joined(separator: "\n\n")
            let title = item.title.flatMap { $0.isEmpty ? nil : $0 }
                ?? SentenceSplitter.split(body).first.map { HeadlineRules.headline(fromSentence: String($0)) }
            guard let title, !title.isEmpty else { continue }
            if body.isEmpty { body = title }
            articles.append(ParsedArticle(title: title, body: body, source: source, url: item.link, author: item.author,
                                          published: item.published, language: feed.language, item: index, guid: item.guid))
        }
        guard !articles.isEmpty else {
            throw .malformed(feed.items.isEmpty ? "the feed has no items"
                                                : "none of the feed's \(feed.items.count) items has a title or text")
        }
        return articles
    }
}
