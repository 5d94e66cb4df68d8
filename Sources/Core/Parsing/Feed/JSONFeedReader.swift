import Foundation

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org), an object with `version` and `items`.
enum JSONFeedReader {
    static func isJSONFeed(_ object: [String: Any]) -> Bool {
        (object["version"] as? String)?.contains("jsonfeed.org") == true && object["items"] is [Any]
    }

    static func feed(_ object: [String: Any]) -> Feed {
        var feed = Feed()
        feed.title = object["title"] as? String
        feed.link = object["home_page_url"] as? String
        feed.language = object["language"] as? String
        for case let entry as [String: Any] in object["items"] as? [Any] ?? [] {
            var item = FeedItem()
            item.title = (entry["title"] as? String).map(collapseSpaces)
            item.guid = (entry["id"] as? String) ?? (entry["id"] as? Int).map(String.init)
            item.link = ((entry["url"] as? String) ?? (entry["external_url"] as? String)).map { FeedParser.resolve($0, against: feed.link) }
            item.published = ((entry["date_published"] as? String) ?? (entry["date_modified"] as? String)).flatMap(DateParser.parse)
            let authors = (entry["authors"] as? [[String: Any]]) ?? (entry["author"] as? [String: Any]).map { [$0] } ?? []
            item.author = authors.compactMap { $0["name"] as? String }.first
            if let html = entry["content_html"] as? String {
                item.content = html
            } else if let text = (entry["content_text"] as? String) ?? (entry["summary"] as? String) {
                item.content = text
                item.contentIsHTML = false
            }
            feed.items.append(item)
        }
        return feed
    }
}
