/// The pure middle of the pipeline: a file's bytes in, what the store should record out.
///
/// decode → parse → analyse, with no I/O, so the daemon and `newsd ingest` run exactly the same steps,
/// in parallel on as many threads as they like. Grouping (copies, stories) depends on order and happens
/// after, in the writer (``ArticleRecorder``).
public struct ArticlePipeline: Sendable {
    let parser = ArticleParser()
    /// Whether to run the analysers (off for `newsd extract`, which only shows what was read).
    let analyse: Bool

    public init(analyse: Bool = true) {
        self.analyse = analyse
    }

    /// The articles of a file, or the reason it cannot be read, one line a person understands.
    public func content(of bytes: [UInt8], origin: String) -> IncomingFile.Content {
        do {
            let parsed = try parser.parse(bytes, fileName: Self.fileName(of: origin))
            let hint = Self.sourceHint(forOrigin: origin)
            return .articles(parsed.map { article in
                var article = article
                // A wire dateline names the place, and the agency when the file itself names no outlet.
                if let dateline = Dateline.detect(in: article.body) {
                    if article.dateline == nil { article.dateline = dateline.place }
                    if article.source?.isEmpty ?? true { article.source = dateline.agency }
                }
                if article.source?.isEmpty ?? true { article.source = hint }
                return IncomingArticle(parsed: article, analysis: analyse ? ArticleAnalyzer.analyze(article) : nil)
            })
        } catch {
            return .failure(error.description)
        }
    }

    /// Whether files with the same bytes under these two origins parse alike: their names have the
    /// same extension, the one thing besides the bytes that the parser reads (``FormatSniffer``). Their
    /// folders may differ: a file whose bytes the store holds is recorded as a duplicate of the stored
    /// articles, source and all, so only whether it parses at all depends on its name.
    public static func parsesAlike(_ a: String, _ b: String) -> Bool {
        FormatSniffer.fileExtension(fileName(of: a)) == FormatSniffer.fileExtension(fileName(of: b))
    }

    /// The name the parser is given: the origin's last component.
    static func fileName(of origin: String) -> String {
        origin.split(separator: "/").last.map(String.init) ?? origin
    }

    /// The inbox subfolder a file was dropped in names its outlet when the file itself (its metadata,
    /// its feed, its wire dateline) does not:
    /// `reuters/x.txt` → "reuters"; `x.txt` → nil.
    public static func sourceHint(forOrigin origin: String) -> String? {
        let parts = origin.split(separator: "/")
        guard parts.count >= 2, let first = parts.first else { return nil }
        return String(first)
    }
}
