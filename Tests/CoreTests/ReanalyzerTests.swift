import Foundation
import GRDB
import Synchronization
import Testing
@testable import Core

/// `newsd reanalyze`: the findings an older analyser stored are found again, copies follow their
/// original, and nothing but the analysis columns changes.
@Suite("Reanalysis")
struct ReanalyzerTests {
    static let report = """
        Flood toll rises in the valley

        Rescuers in the valley said on Friday that at least 42 people were killed by the flood. "We are still \
        searching the villages," said Maria Lopez, who leads the regional rescue service. The government \
        has promised $15m in aid.
        """


    /// id, entities, quotes, figures and analyser version of every row, in id order.
    private func analysisColumns(_ store: NewsStore) throws -> [[String?]] {
        try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, entities, quotes, figures, analyzer FROM article ORDER BY id").map { row in
                (0..<row.count).map { index in (row[index] as DatabaseValue).isNull ? nil : String(describing: row[index] as DatabaseValue) }
            }
        }
    }

    @Test func olderFindingsAreFoundAgainAndCopiesFollow() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        _ = try store.record([incomingFile("a.txt", Self.report), incomingFile("copy.txt", Self.report),
                              incomingFile("b.txt", "Markets calm\n\nShares barely moved on Tuesday in London.")])
        let fresh = try analysisColumns(store)
        #expect(fresh.count == 3)
        #expect(fresh.allSatisfy { $0[4] == String(ArticleAnalyzer.version) })   // copies carry the version too
        #expect(fresh[0][3]?.contains("42 people") == true && fresh[0][2]?.contains("Maria Lopez") == true)
        #expect(try store.articlesAnalyzedBefore(version: ArticleAnalyzer.version) == 0)

        // What an older newsd would have left: other findings for the report and its copy, and the
        // second article's findings the same but of unknown version.
        try store.write { db in
            try db.execute(sql: """
                UPDATE article SET figures = NULL, quotes = NULL, entities = '[]', analyzer = NULL WHERE body IS NULL OR id = 1;
                UPDATE article SET analyzer = 0 WHERE id = 3;
                """)
        }
        #expect(try store.articlesAnalyzedBefore(version: ArticleAnalyzer.version) == 3)
        #expect(try store.status().analyzedBefore == 3)
        let searchBefore = try store.search("flood").map(\.origin)

        let pages = Mutex<[Reanalyzer.Report]>([])
        let report = try Reanalyzer(store: store, workers: 2, pageSize: 1).run { page in pages.withLock { $0.append(page) } }
        #expect(report == Reanalyzer.Report(articles: 2, changed: 1, copies: 1))
        #expect(pages.withLock { $0.map(\.articles) } == [1, 2])            // one page at a time
        #expect(try analysisColumns(store) == fresh)
        #expect(try store.articlesAnalyzedBefore(version: ArticleAnalyzer.version) == 0)
        #expect(try store.status().analyzedBefore == 0)

        // Only the analysis columns changed: the search index answers as before and is sound.
        #expect(try store.search("flood").map(\.origin) == searchBefore)
        #expect(searchBefore.sorted() == ["a.txt", "copy.txt"])
        try store.write { db in try db.execute(sql: "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')") }

        // Nothing is left to do; --all analyses every text again and finds the same.
        #expect(try Reanalyzer(store: store, workers: 2).run() == Reanalyzer.Report())
        #expect(try Reanalyzer(store: store, workers: 1).run(all: true) == Reanalyzer.Report(articles: 2, changed: 0, copies: 1))
        #expect(try analysisColumns(store) == fresh)
    }

    /// A run goes on from what is still stale: only the articles an older analyser made are read.
    @Test func onlyTheArticlesOfAnOlderAnalyserAreRead() throws {
        let folder = TemporaryFolder()
        let store = try NewsStore(path: folder.path + "/n.sqlite")
        _ = try store.record((1...5).map { incomingFile("\($0).txt", "Report \($0)\n\nThe council met on day \($0) and agreed.") })
        try store.write { db in try db.execute(sql: "UPDATE article SET analyzer = NULL WHERE id IN (2, 4)") }
        let stale = try store.texts(after: 0, analyzedBefore: ArticleAnalyzer.version, limit: 10)
        #expect(stale.map(\.id) == [2, 4])
        #expect(try store.texts(after: 2, analyzedBefore: ArticleAnalyzer.version, limit: 10).map(\.id) == [4])
        #expect(try store.texts(after: 0, analyzedBefore: nil, limit: 3).map(\.id) == [1, 2, 3])
        #expect(try Reanalyzer(store: store, workers: 2).run() == Reanalyzer.Report(articles: 2, changed: 0, copies: 0))
    }
}
