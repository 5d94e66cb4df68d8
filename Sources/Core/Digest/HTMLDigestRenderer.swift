import Foundation

/// Renders a digest as one self-contained HTML page: inline CSS, no scripts, no remote resources.
///
/// Everything that comes from an article is data, never markup: text is escaped (`<script>` shows as
/// those characters), only http(s) URLs become links, and a strict Content-Security-Policy (nothing
/// allowed but this page's own stylesheet, named by its hash) would stop anything that slipped through.
/// Light and dark follow the reader's system setting; the layout is one readable column on a phone.
public struct HTMLDigestRenderer: Sendable {
    public init() {}

    public func render(_ digest: Digest) -> String {
        let title = "News digest — \(DigestText.longDate(digest.day))"
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(Self.contentSecurityPolicy)">
            <meta name="referrer" content="no-referrer">
            <title>\(Self.escape(title))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <header class="page">
            <h1>News digest</h1>
            <p class="date">\(Self.escape(DigestText.longDate(digest.day)))</p>
            <p class="counts">\(Self.escape(DigestText.countsLine(digest)))</p>
            </header>

            """
        out += "<main>\n"
        out += fragment(digest)
        out += "</main>\n"
        out += "<footer class=\"page\">Times are \(Self.escape(digest.timeZone)); generated \(Self.escape(DigestText.time(digest.generatedAt, zone: digest.timeZone))) by newsd.</footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    /// The body of the digest without the page around it (the Atom feed carries this).
    public func fragment(_ digest: Digest) -> String {
        var out = ""
        if digest.stories.isEmpty {
            out += "<p class=\"empty\">No articles arrived on this day.</p>\n"
        } else if digest.stories.count > 1 {
            out += "<nav aria-label=\"Stories\"><ol>\n"
            for story in digest.stories {
                out += "<li><a href=\"#story-\(story.id)\">\(Self.escape(story.headline))</a></li>\n"
            }
            out += "</ol></nav>\n"
        }
        for (rank, story) in digest.stories.enumerated() {
            out += render(story, rank: rank + 1, zone: digest.timeZone)
        }
        if !digest.moreStories.isEmpty {
            out += "<section class=\"more\">\n<h2>More stories</h2>\n<ul>\n"
            for story in digest.moreStories {
                out += "<li>\(Self.escape(story.headline)) <span class=\"outlet\">\(Self.escape(DigestText.storyFacts(story, zone: digest.timeZone)))</span></li>\n"
            }
            out += "</ul>\n</section>\n"
        }
        if !digest.failures.isEmpty {
            out += "<section class=\"failures\">\n<h2>Could not be read</h2>\n<ul>\n"
            for failure in digest.failures {
                out += "<li><code>\(Self.escape(failure.origin))</code>: \(Self.escape(failure.reason))</li>\n"
            }
            out += "</ul>\n</section>\n"
        }
        return out
    }

    private func render(_ story: DigestStory, rank: Int, zone: String) -> String {
        var out = "<article class=\"story\" id=\"story-\(story.id)\">\n"
        out += "<h2><span class=\"rank\">\(rank)</span> \(Self.escape(story.headline))</h2>\n"
        out += "<p class=\"meta\">\(Self.escape(DigestText.storyFacts(story, zone: zone)))</p>\n"
        if !story.summary.isEmpty {
            out += "<p class=\"summary\">\(story.summary.map(Self.escape).joined(separator: " "))</p>\n"
        }
        for quote in story.quotes {
            out += "<blockquote><p>“\(Self.escape(quote.text))”</p>"
            out += "<footer>— \(Self.escape(quote.speaker ?? "unnamed speaker")), <cite>\(Self.escape(quote.source))</cite></footer></blockquote>\n"
        }
        if !story.disagreements.isEmpty {
            out += "<section class=\"disagreements\">\n<h3>Figures that differ between sources</h3>\n"
            for disagreement in story.disagreements {
                out += "<table>\n<caption>\(Self.escape(disagreement.what))</caption>\n"
                out += "<thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">According to</th><th scope=\"col\">Outlet</th></tr></thead>\n<tbody>\n"
                for report in disagreement.reports {
                    out += "<tr><td>\(Self.escape(report.text))</td><td>\(Self.escape(report.attribution ?? "—"))</td><td>\(Self.escape(report.source))</td></tr>\n"
                }
                out += "</tbody>\n</table>\n"
            }
            out += "</section>\n"
        }
        if !story.figures.isEmpty {
            out += "<section class=\"figures\">\n<h3>Figures</h3>\n<ul>\n"
            for figure in story.figures {
                out += "<li><strong>\(Self.escape(figure.text))</strong>"
                if let attribution = figure.attribution { out += " — according to \(Self.escape(attribution))" }
                out += " <span class=\"outlet\">(\(Self.escape(figure.source)))</span></li>\n"
            }
            out += "</ul>\n</section>\n"
        }
        if !story.entities.isEmpty {
            out += "<ul class=\"entities\" aria-label=\"People, organisations and places\">\n"
            for entity in story.entities {
                out += "<li class=\"\(entity.type.rawValue)\">\(Self.escape(entity.name))</li>\n"
            }
            out += "</ul>\n"
        }
        out += "<h3 class=\"sources-title\">Sources</h3>\n<ul class=\"sources\">\n"
        for article in story.articles {
            out += "<li>"
            if let source = article.source { out += "<span class=\"outlet\">\(Self.escape(source))</span> " }
            if let url = article.url, DigestText.isWebLink(url) {
                out += "<a href=\"\(Self.escape(url))\" rel=\"noopener noreferrer\">\(Self.escape(article.title))</a>"
            } else {
                out += Self.escape(article.title)
            }
            out += " <code>\(Self.escape(article.origin))</code>"
            if article.copies > 0 { out += " <span class=\"copies\">also received \(DigestText.plural(article.copies, "copy", "copies"))</span>" }
            out += "</li>\n"
        }
        out += "</ul>\n</article>\n"
        return out
    }

    /// Escapes the five characters that matter in HTML text and attribute values.
    public static func escape(_ text: String) -> String { MarkupEscaper.escape(text) }

    /// Nothing may load or run; the only style allowed is the page's own, by its hash.
    static let contentSecurityPolicy: String = {
        let hash = Data(SHA256.digest(Array(css.utf8))).base64EncodedString()
        return "default-src 'none'; style-src 'sha256-\(hash)'; img-src 'none'; base-uri 'none'; form-action 'none'"
    }()

    static let css = """
        :root{color-scheme:light dark;--bg:#fdfcf9;--fg:#1d1d1f;--muted:#5f6368;--rule:#e3e0d8;--accent:#8a2c0d;--quote:#f4f1ea;--chip:#efece4}\
        @media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#e8e6e3;--muted:#a0a4aa;--rule:#33353a;--accent:#f08a5d;--quote:#202227;--chip:#26282d}}\
        *{box-sizing:border-box}\
        body{margin:0 auto;max-width:44rem;padding:1.5rem 1.1rem 3rem;background:var(--bg);color:var(--fg);font:1.0625rem/1.6 Georgia,'Iowan Old Style','Times New Roman',serif}\
        header.page,footer.page,.meta,nav,.sources,.entities,table,h3,.outlet,.copies{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\
        h1{font-size:1.9rem;line-height:1.2;margin:0}\
        .date{margin:.2rem 0 0;font-size:1.05rem}\
        .counts,.meta,footer.page,.outlet,.copies{color:var(--muted);font-size:.9rem}\
        header.page{border-bottom:3px double var(--rule);padding-bottom:.8rem;margin-bottom:1rem}\
        nav ol{margin:0 0 1rem;padding-left:1.4rem;font-size:.95rem}\
        nav a{color:var(--fg)}\
        .story{border-top:1px solid var(--rule);padding-top:1rem;margin-top:1.4rem}\
        h2{font-size:1.35rem;line-height:1.3;margin:.2rem 0 .3rem}\
        .rank{color:var(--accent);font-family:system-ui,sans-serif;font-size:1rem;vertical-align:.1em;margin-right:.3rem}\
        .meta{margin:0 0 .6rem}\
        .summary{margin:.4rem 0 .9rem}\
        blockquote{margin:.8rem 0;padding:.6rem .9rem;background:var(--quote);border-left:3px solid var(--accent);border-radius:2px}\
        blockquote p{margin:0;font-style:italic}\
        blockquote footer{margin-top:.3rem;font-size:.9rem;color:var(--muted)}\
        h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:1rem 0 .3rem}\
        table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.3rem 0 .6rem}\
        caption{text-align:left;font-weight:600;padding:.2rem 0}\
        th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--rule);vertical-align:top}\
        .figures ul{margin:.2rem 0;padding-left:1.2rem}\
        .entities{list-style:none;padding:0;margin:.7rem 0;display:flex;flex-wrap:wrap;gap:.35rem}\
        .entities li{background:var(--chip);border-radius:1rem;padding:.05rem .6rem;font-size:.82rem}\
        .entities li.person::before{content:'● ';color:#c0703a}\
        .entities li.organization::before{content:'■ ';color:#3a7cc0}\
        .entities li.place::before{content:'▲ ';color:#3aa06a}\
        .sources{padding-left:1.1rem;font-size:.92rem}\
        .sources li{margin:.2rem 0}\
        a{color:var(--accent)}\
        code{font-size:.8rem;color:var(--muted);word-break:break-all}\
        .failures,.more{margin-top:2rem;border-top:1px solid var(--rule)}\
        .more ul{padding-left:1.1rem;font-size:.95rem}\
        footer.page{margin-top:2.5rem;border-top:1px solid var(--rule);padding-top:.6rem}\
        @media (max-width:30rem){body{font-size:1rem;padding:1rem .8rem}h1{font-size:1.5rem}h2{font-size:1.2rem}}
        """
}
