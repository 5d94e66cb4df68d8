/// Two or more articles of one story that count the same thing and give different numbers:
/// "1,200 people killed, according to Israeli officials" against "1,400 killed, Israel's government says".
public struct FigureDisagreement: Sendable, Equatable {
    /// One article's figure, with where it came from.
    public struct Report: Sendable, Equatable {
        public var figure: Figure
        public var article: Int64
        public var source: String?

        public init(figure: Figure, article: Int64, source: String?) {
            self.figure = figure
            self.article = article
            self.source = source
        }
    }

    /// The thing counted ("people") and what happened to it ("killed"), as the first report words them.
    public var what: String
    public var event: String?
    /// One report per distinct value, smallest first.
    public var reports: [Report]

    public init(what: String, event: String?, reports: [Report]) {
        self.what = what
        self.event = event
        self.reports = reports
    }

    /// Finds the disagreements among the figures of one story's articles.
    ///
    /// Figures count the same thing when their nouns share a stem and their events match. Values within
    /// `tolerance` of each other (1,200 and "about 1,200"; 12,300 and "over 12,000") are one value.
    /// Two values disagree only when
    /// - no single article gives both: one article that reports 1,200 Israelis and 12,300 Palestinians
    ///   killed shows they are two counts, not two versions of one;
    /// - they are neighbours within `maximumRatio` of each other: a later toll of 1,400 answers 1,200,
    ///   not 12,300.
    public static func find(in reports: [Report], tolerance: Double = 0.05, maximumRatio: Double = 3) -> [FigureDisagreement] {
        let stemmer = Stemmer()
        var groups: [String: [Report]] = [:]
        var order: [String] = []
        // A range ("between 200 and 300") already says the count is uncertain: set against a single figure,
        // either of its ends would make a disagreement the sources do not have.
        for report in reports where report.figure.value > 0 && report.figure.upper == nil {
            let key = stemmer.stem(report.figure.what.lowercased()) + "|" + (report.figure.event ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(report)
        }
        return order.flatMap { key in disagreements(in: groups[key] ?? [], tolerance: tolerance, maximumRatio: maximumRatio) }
    }

    /// A run of reports whose values are within tolerance of the run's first value.
    private struct Value {
        var reports: [Report]
        var articles: Set<Int64>
        var value: Double { reports[0].figure.value }
    }

    private static func disagreements(in reports: [Report], tolerance: Double, maximumRatio: Double) -> [FigureDisagreement] {
        let sorted = reports.sorted { $0.figure.value < $1.figure.value }
        var values: [Value] = []
        for report in sorted {
            if let last = values.last, report.figure.value <= last.value * (1 + tolerance) {
                values[values.count - 1].reports.append(report)
                values[values.count - 1].articles.insert(report.article)
            } else {
                values.append(Value(reports: [report], articles: [report.article]))
            }
        }
        guard values.count > 1 else { return [] }
        // Neighbouring values, close enough and never in one article, form a chain.
        var result: [FigureDisagreement] = []
        var chain: [Value] = []
        func closeChain() {
            if chain.count > 1, let first = chain.first?.reports.first {
                result.append(FigureDisagreement(what: first.figure.what, event: first.figure.event,
                                                 reports: chain.map { representative($0) }))
            }
            chain = []
        }
        for index in 0..<(values.count - 1) {
            let low = values[index], high = values[index + 1]
            let linked = high.value / low.value <= maximumRatio
                && low.articles.isDisjoint(with: high.articles)
                && !chain.contains { !$0.articles.isDisjoint(with: high.articles) }
            if linked {
                if chain.isEmpty { chain = [low] }
                chain.append(high)
            } else {
                closeChain()
            }
        }
        closeChain()
        return result
    }

    /// The report that speaks for a value: the one that says who reports it, then the earliest article.
    private static func representative(_ value: Value) -> Report {
        value.reports.min { a, b in
            if (a.figure.attribution != nil) != (b.figure.attribution != nil) { return a.figure.attribution != nil }
            return a.article < b.article
        } ?? value.reports[0]
    }
}
