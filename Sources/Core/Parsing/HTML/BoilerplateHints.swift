/// What a page's markup says about which parts are the article and which are the furniture around it.
///
/// Sites name their parts: `class="share-bar"`, `id="comments"`, `role="navigation"`,
/// `itemprop="articleBody"`. These names are the strongest signal an extractor has, so they are read
/// here once. Class and id strings are split into tokens (`article__share-bar` → article, share, bar)
/// and matched whole, so "head" never matches "ad" and "shadow" never matches "ad" either.
enum BoilerplateHints {
    /// Elements that are page furniture wherever they appear.
    static let boilerplateTags: Set<String> = [
        "nav", "aside", "footer", "header", "figure", "figcaption", "menu", "fieldset", "label", "address",
    ]

    static let boilerplateRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alert",
        "alertdialog", "toolbar", "tablist", "status",
    ]

    /// Tokens that mark furniture wherever they appear: comments, sharing, related links, ads, sign-up
    /// boxes, captions, bylines.
    static let furnitureTokens: Set<String> = [
        "comment", "comments", "commentlist", "disqus", "respond", "reply", "replies",
        "share", "shares", "sharing", "sharebar", "sharetools", "social", "socialmedia", "addthis", "sociable",
        "related", "relatedposts", "recommended", "recommendation", "recommendations", "trending", "popular",
        "mostread", "mostpopular", "outbrain", "taboola", "zergnet", "readnext", "readmore", "morestories",
        "newsletter", "newsletters", "subscribe", "subscription", "signup", "optin", "cta", "promo", "promotion",
        "promoted", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "adunit", "adsbygoogle", "dfp",
        "sponsor", "sponsored", "breadcrumb", "breadcrumbs", "pagination", "pager", "cookie", "cookies", "consent",
        "gdpr", "popup", "modal", "overlay", "lightbox", "tags", "taglist", "keywords", "byline", "bio", "authorbio",
        "caption", "credit", "credits", "print", "toolbar", "sronly", "screenreader", "visuallyhidden", "login",
        "paywall", "tooltip", "rating", "feedback", "popover", "hovercard", "rollover",
    ]

    /// Tokens that name layout regions (a rail, a sidebar, a widget area, the header): furniture only
    /// when the region holds little prose, since sites also give such names to the column the article is in.
    static let layoutTokens: Set<String> = [
        "sidebar", "widget", "widgets", "rail", "nav", "navbar", "navigation", "menu", "footer", "masthead", "header",
        "banner", "meta", "metadata", "utility", "utilities", "tools", "gallery", "slideshow", "carousel", "author",
        "dateline", "timestamp", "skip", "jump", "notice", "alert", "follow", "embed", "account", "topics", "hidden",
    ]

    /// Tokens that mark the article body itself; they outweigh furniture tokens on the same element.
    static let bodyTokens: Set<String> = [
        "articlebody", "articlecontent", "articletext", "storybody", "storycontent", "storytext", "entrycontent",
        "postcontent", "postbody", "posttext", "bodytext", "bodycopy", "richtext", "maincontent", "newscontent",
        "contentbody", "articledetail", "textcontent", "prose", "entrybody", "tdpostcontent",
    ]

    /// Tokens that lean towards content, for scoring.
    static let contentTokens: Set<String> = [
        "article", "body", "content", "entry", "main", "post", "story", "text", "blog", "page", "news", "paragraph",
        "hentry", "column", "detail",
    ]

    /// Splits `class` and `id` into lower-case tokens at punctuation and camelCase breaks, and also joins
    /// each run (`article-body` and `ArticleBody` → article, body, articlebody), since sites write the
    /// same name every way.
    static func tokens(_ classAndID: String) -> [String] {
        var out: [String] = []
        var parts: [String] = []
        var current: [UInt8] = []
        var previousLower = false
        func endPart() {
            if !current.isEmpty { parts.append(String(decoding: current, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        func endWord() {
            endPart()
            out += parts
            if parts.count > 1 { out.append(parts.joined()) }
            parts.removeAll(keepingCapacity: true)
            previousLower = false
        }
        for byte in classAndID.utf8 {
            let upper = byte >= 0x41 && byte <= 0x5A
            let lower = byte >= 0x61 && byte <= 0x7A
            let digit = byte >= 0x30 && byte <= 0x39
            if byte == 0x20 || byte == 0x09 || byte == 0x0A {
                endWord()
            } else if upper || lower || digit || byte >= 0x80 {
                // A capital after a lower-case letter starts a new part: camelCase.
                if upper && previousLower { endPart() }
                current.append(upper ? byte + 0x20 : byte)
                previousLower = lower || digit
            } else {
                endPart()
                previousLower = false
            }
        }
        endWord()
        return out
    }

    /// What an element's class and id say, read once when the page tree is built.
    struct Names: OptionSet, Sendable {
        let rawValue: UInt8
        static let body = Names(rawValue: 1)
        static let furniture = Names(rawValue: 2)
        static let layout = Names(rawValue: 4)
        static let content = Names(rawValue: 8)
    }

    static func names(_ classAndID: String) -> Names {
        guard !classAndID.isEmpty else { return [] }
        var names: Names = []
        for token in tokens(classAndID) {
            if bodyTokens.contains(token) { names.insert(.body) }
            if furnitureTokens.contains(token) { names.insert(.furniture) }
            if layoutTokens.contains(token) { names.insert(.layout) }
            if contentTokens.contains(token) { names.insert(.content) }
        }
        return names
    }

    /// Prose (characters in paragraphs of 80+ characters that are mostly not links) above which a named
    /// region is taken to hold the article rather than furniture.
    static let proseThreshold = 500

    /// Whether an element is furniture, judged on its tag, role and names, and on how much prose it holds:
    /// - a furniture name excludes it, unless it also has a content name and holds prose
    ///   (WordPress puts `category-social-media` on the `<article>` itself);
    /// - a layout name excludes it only when it holds little prose (`pg-rail-tall__wrapper` may be the
    ///   column the article is in, Blogger's post is a `widget Blog`).
    ///
    /// `pageProse` is the prose of the whole page: a region holding most of it is never furniture.
    static func isBoilerplate(_ node: PageTree.Node, prose: Int, pageProse: Int) -> Bool {
        if node.hidden { return true }
        if boilerplateTags.contains(node.tag) { return true }
        if !node.role.isEmpty, boilerplateRoles.contains(node.role) { return true }
        let names = node.names
        guard !names.isEmpty else { return false }
        if names.contains(.body) || node.itemprop == "articlebody" { return false }
        let holdsProse = prose >= proseThreshold || (prose >= 80 && prose * 2 >= pageProse)
        if names.contains(.furniture) {
            let namedAsContent = node.tag == "article" || node.tag == "main" || names.contains(.content)
            return !(namedAsContent && holdsProse)
        }
        return names.contains(.layout) && !holdsProse
    }

    /// Whether an element names itself the article body.
    static func isBody(_ node: PageTree.Node) -> Bool {
        node.itemprop == "articlebody" || node.names.contains(.body)
    }

    /// +25 for content-like names, −25 for furniture-like names, as readability weighs them.
    static func classWeight(_ node: PageTree.Node) -> Double {
        let names = node.names
        var weight = 0.0
        if names.contains(.body) { weight += 50 } else if names.contains(.content) { weight += 25 }
        if names.contains(.furniture) || names.contains(.layout) { weight -= 25 }
        return weight
    }
}
