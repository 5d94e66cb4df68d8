import Foundation

/// A feed as its file describes it, before its items become articles.
struct Feed {
    var title: String?
    var link: String?
    var language: String?
    var items: [FeedItem] = []
    /// The file ended before the feed was closed: its last item may be cut short.
    var truncated = false
}

/// One item (RSS) or entry (Atom, JSON Feed).
struct FeedItem {
    var title: String?
    /// The item's link, made absolute against `xml:base` or the feed's link.
    var link: String?
    var guid: String?
    var published: Date?
    var author: String?
    /// The fullest body the item carries (`content:encoded`, Atom `content`, else the summary).
    var content: String?
    var contentIsHTML = true
}
