/// What the pipeline hands the store for one file: its identity, and either its articles or why it failed.
public struct IncomingFile: Sendable {
    public enum Content: Sendable {
        case articles([IncomingArticle])
        case failure(String)
        /// Bytes the store holds already (their sha256 is in `content`), not parsed again: recorded as a
        /// duplicate of the file first stored with them, as ``articles(_:)`` of such bytes would be.
        /// Only `newsd ingest` hands these over, for a file that repeats one parsed earlier in the batch
        /// or recorded by the store before it, and only after checking that the store holds its bytes
        /// (``NewsStore/storedContents(among:)``); ``ArticlePipeline`` never makes one.
        case copy
    }

    /// The ledger row the daemon claimed for this file; nil for `newsd ingest`, which claims nothing.
    public var claimID: Int64?
    public var origin: String
    public var size: Int64
    public var mtime: Double
    public var inode: Int64
    public var sha256: String
    public var content: Content
    /// Where the daemon will move the file if it is stored (or a duplicate); nil when it stays put.
    public var archivePath: String?
    /// Where the daemon will move the file if it failed; nil when it stays put.
    public var failedPath: String?

    public init(claimID: Int64?, origin: String, size: Int64, mtime: Double, inode: Int64, sha256: String,
                content: Content, archivePath: String? = nil, failedPath: String? = nil) {
        self.claimID = claimID
        self.origin = origin
        self.size = size
        self.mtime = mtime
        self.inode = inode
        self.sha256 = sha256
        self.content = content
        self.archivePath = archivePath
        self.failedPath = failedPath
    }
}

/// One article ready to store: what the parser read (source resolved), what analysis found, and,
/// once the grouper has seen it, which story it joins and which article it copies.
public struct IncomingArticle: Sendable {
    public var parsed: ParsedArticle
    public var analysis: ArticleAnalysis? {
        didSet { findings = StoredFindings(analysis) }
    }
    public var decision: ArticleGrouper.Decision?
    /// The analysis's entities, quotes and figures as the JSON the article row stores, encoded here, on
    /// the parallel workers, so that the single writer only writes.
    public private(set) var findings: StoredFindings

    public init(parsed: ParsedArticle, analysis: ArticleAnalysis? = nil, decision: ArticleGrouper.Decision? = nil) {
        self.parsed = parsed
        self.analysis = analysis
        self.decision = decision
        findings = StoredFindings(analysis)
    }
}

/// The JSON columns of an article row (see ``AnalysisJSON``); nil where there is nothing to store.
public struct StoredFindings: Sendable, Equatable {
    public var entities: String?
    public var quotes: String?
    public var figures: String?

    public init(entities: String?, quotes: String?, figures: String?) {
        self.entities = entities
        self.quotes = quotes
        self.figures = figures
    }

    init(_ analysis: ArticleAnalysis?) {
        entities = analysis.flatMap { AnalysisJSON.encode($0.entities) }
        quotes = analysis.flatMap { AnalysisJSON.encode($0.quotes) }
        figures = analysis.flatMap { AnalysisJSON.encode($0.figures) }
    }
}

/// What the store did with one ``IncomingFile``.
public enum RecordedOutcome: Sendable, Equatable {
    /// New articles, with their ids.
    case stored(articles: [Int64])
    /// The same bytes were stored before: the new rows point at these originals.
    case duplicate(of: [Int64])
    case failed(String)
    /// `newsd ingest` saw this very file (same origin, same bytes) before; nothing was recorded again.
    case alreadyIngested
}
