import GRDB

extension NewsStore {
    /// The schema, as a list of migrations that only ever grows. A migration that has shipped is never
    /// edited: a change is a new migration, so every database upgrades the same way.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()

        migrator.registerMigration("v1: ledger, articles, stories, search, digest runs") { db in
            // The ledger: one row per file newsd took. `state` walks claimed → processed → done; the
            // daemon commits each step before it touches the file, so a crash at any point leaves a
            // row that says what to finish (see LedgerRecovery).
            try db.execute(sql: """
                CREATE TABLE file (
                    id INTEGER PRIMARY KEY,
                    origin TEXT NOT NULL,            -- path relative to the inbox, or to the folder given to ingest
                    size INTEGER NOT NULL,
                    mtime DOUBLE NOT NULL,
                    inode INTEGER NOT NULL,
                    sha256 TEXT,                     -- of the bytes read; NULL until read
                    state TEXT NOT NULL CHECK (state IN ('claimed', 'processed', 'done')),
                    outcome TEXT CHECK (outcome IN ('stored', 'duplicate', 'failed')),
                    error TEXT,                      -- why it failed, in one line
                    inbox_path TEXT,                 -- where it was dropped (daemon only)
                    work_path TEXT,                  -- where it waits while claimed (daemon only)
                    final_path TEXT,                 -- archive/ or failed/ destination (daemon only)
                    claimed_at DATETIME NOT NULL,
                    finished_at DATETIME
                );
                CREATE INDEX file_unfinished ON file(state) WHERE state <> 'done';
                CREATE INDEX file_origin ON file(origin);
                CREATE INDEX file_failed ON file(finished_at) WHERE outcome = 'failed';

                -- One row per distinct content that was stored: the UNIQUE hash that makes a
                -- byte-identical re-drop a duplicate of the first.
                CREATE TABLE content (
                    sha256 TEXT PRIMARY KEY,
                    file_id INTEGER NOT NULL REFERENCES file(id)
                ) WITHOUT ROWID;

                CREATE TABLE story (
                    id INTEGER PRIMARY KEY,
                    headline TEXT NOT NULL,
                    first_seen DATETIME NOT NULL,
                    last_seen DATETIME NOT NULL,
                    article_count INTEGER NOT NULL DEFAULT 0
                );

                CREATE TABLE article (
                    id INTEGER PRIMARY KEY,
                    file_id INTEGER NOT NULL REFERENCES file(id),
                    item INTEGER,                    -- index within a multi-article file (feeds, JSON Lines)
                    title TEXT NOT NULL,
                    body TEXT,                       -- NULL for an exact duplicate: the text lives in the original
                    source TEXT,
                    url TEXT,
                    author TEXT,
                    published DATETIME,
                    language TEXT,
                    dateline TEXT,
                    guid TEXT,
                    ingested_at DATETIME NOT NULL,
                    story_id INTEGER NOT NULL REFERENCES story(id),
                    duplicate_of INTEGER REFERENCES article(id)
                );
                CREATE INDEX article_ingested ON article(ingested_at);
                CREATE INDEX article_story ON article(story_id);
                CREATE INDEX article_file ON article(file_id);

                CREATE TABLE digest_run (
                    day TEXT PRIMARY KEY,            -- YYYY-MM-DD in the configured zone
                    written_at DATETIME NOT NULL,
                    article_count INTEGER NOT NULL,
                    path TEXT NOT NULL
                );
                """)
            // Full-text search over headline and body, kept in step with `article` by triggers.
            try db.create(virtualTable: "article_fts", using: FTS5()) { t in
                t.synchronize(withTable: "article")
                t.tokenizer = .porter(wrapping: .unicode61())
                t.column("title")
                t.column("body")
            }
        }
        migrator.registerMigration("v2: analysis, copies, document frequencies") { db in
            try db.execute(sql: """
                -- Hash of the normalised body: finds a copy whatever its headline or spacing.
                ALTER TABLE article ADD COLUMN body_hash INTEGER;
                -- How close a near copy is to its original (estimated shingle Jaccard), NULL otherwise.
                ALTER TABLE article ADD COLUMN similarity DOUBLE;
                -- What the analysers found, as JSON arrays (see Entity, Quote, Figure).
                ALTER TABLE article ADD COLUMN entities TEXT;
                ALTER TABLE article ADD COLUMN quotes TEXT;
                ALTER TABLE article ADD COLUMN figures TEXT;
                CREATE INDEX article_duplicate ON article(duplicate_of) WHERE duplicate_of IS NOT NULL;

                -- How many stored articles use each term (story grouping's IDF). Saved from memory in
                -- batches; after a crash the last few hundred articles' counts may be missing, which
                -- shifts weights imperceptibly.
                CREATE TABLE term_frequency (
                    term INTEGER PRIMARY KEY,        -- TermHash of the term
                    documents INTEGER NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE analysis_state (
                    key TEXT PRIMARY KEY,
                    value INTEGER NOT NULL
                );

                -- The search index follows the text, not every column: GRDB's trigger re-indexed an
                -- article whenever anything changed, and story grouping moves articles all the time.
                DROP TRIGGER __article_fts_au;
                CREATE TRIGGER article_fts_text_changed AFTER UPDATE OF title, body ON article BEGIN
                    INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                    INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;
                """)
        }
        migrator.registerMigration("v3: the writer indexes new articles for search") { db in
            // SQLite 3.40's FTS5 flushes its pending terms at every statement savepoint, and the insert
            // trigger opened one per article: the writer now inserts into article_fts itself (see
            // ArticleWriter.indexForSearch), which doubled the rate of inserts.
            try db.execute(sql: "DROP TRIGGER __article_fts_ai")
        }
        migrator.registerMigration("v4: the search index merges its segments less often") { db in
            // Every commit writes the new articles' terms to a fresh index segment, and FTS5 merges
            // segments whenever 4 of one level exist (automerge 4): each term is rewritten once per
            // level, and the levels grow with the store. Merging 16 at a time rewrites it about half as
            // often (20,000 articles in batches of 256: a fifth less CPU for index and insert, 100,000:
            // 14 %); a query reads at most 15 segments per level instead of 3 (tens of ms at 100,000
            // articles). crisismerge is the count at which a commit merges whatever the setting.
            try db.execute(sql: """
                INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', 16);
                INSERT INTO article_fts(article_fts, rank) VALUES ('crisismerge', 64);
                """)
        }
        migrator.registerMigration("v5: the ledger checks its states without a lookup table per row") { db in
            // SQLite checks `x IN ('a', 'b', 'c')` by building a temporary index of the list, at every
            // execution when the list has more than two items: two per ledger INSERT or UPDATE, which
            // was five sixths of SQLite's work for the row (63,000 of 77,000 instructions; a ledger
            // row is written for every file, on the writer). The same checks as comparisons cost
            // nothing of the kind. A CHECK cannot be altered in place, so the table is rebuilt
            // (SQLite's documented way: new table, copy, drop, rename, indexes again); the foreign
            // keys that point at it are checked once the migration is done.
            try db.execute(sql: """
                CREATE TABLE file_v5 (
                    id INTEGER PRIMARY KEY,
                    origin TEXT NOT NULL,            -- path relative to the inbox, or to the folder given to ingest
                    size INTEGER NOT NULL,
                    mtime DOUBLE NOT NULL,
                    inode INTEGER NOT NULL,
                    sha256 TEXT,                     -- of the bytes read; NULL until read
                    state TEXT NOT NULL CHECK (state = 'claimed' OR state = 'processed' OR state = 'done'),
                    outcome TEXT CHECK (outcome = 'stored' OR outcome = 'duplicate' OR outcome = 'failed'),
                    error TEXT,                      -- why it failed, in one line
                    inbox_path TEXT,                 -- where it was dropped (daemon only)
                    work_path TEXT,                  -- where it waits while claimed (daemon only)
                    final_path TEXT,                 -- archive/ or failed/ destination (daemon only)
                    claimed_at DATETIME NOT NULL,
                    finished_at DATETIME
                );
                INSERT INTO file_v5 (id, origin, size, mtime, inode, sha256, state, outcome, error, inbox_path,
                                     work_path, final_path, claimed_at, finished_at)
                    SELECT id, origin, size, mtime, inode, sha256, state, outcome, error, inbox_path,
                           work_path, final_path, claimed_at, finished_at FROM file;
                DROP TABLE file;
                ALTER TABLE file_v5 RENAME TO file;
                CREATE INDEX file_unfinished ON file(state) WHERE state <> 'done';
                CREATE INDEX file_origin ON file(origin);
                CREATE INDEX file_failed ON file(finished_at) WHERE outcome = 'failed';
                """)
        }
        migrator.registerMigration("v6: which analyser made each article's findings") { db in
            // The entities, quotes and figures of an article are what the analysers of the newsd that
            // stored it found. `analyzer` records their version (``ArticleAnalyzer/version``), so that
            // `newsd reanalyze` finds the articles an older newsd analysed; NULL for those stored before
            // this column. Indexed because `newsd status` counts them: new rows all carry the current
            // version and go to the index's right edge.
            try db.execute(sql: """
                ALTER TABLE article ADD COLUMN analyzer INTEGER;
                CREATE INDEX article_analyzer ON article(analyzer);
                """)
        }
        migrator.registerMigration("v7: the rows a re-sent near copy did not get") { db in
            // Before e4a7cd8 a byte-identical copy of a file took rows only from the original file's
            // articles that were no copy themselves, so a re-send of a file stored as a near copy was
            // recorded as a duplicate with no article row: no story, no count among its sources, not
            // searchable. Such a file gets the rows it would have got then (see
            // `NewsStore.insertDuplicates`): one per article of the file first stored with its bytes,
            // ingested when the file was recorded, indexed for search by its headline, and counted in
            // its story.
            let last = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM article") ?? 0
            try db.execute(sql: """
                INSERT INTO article (duplicate_of, item, title, source, url, author, published, language, dateline, guid,
                                     story_id, body_hash, similarity, entities, quotes, figures, analyzer, file_id, body,
                                     ingested_at)
                SELECT o.id, o.item, o.title, o.source, o.url, o.author, o.published, o.language, o.dateline, o.guid,
                       o.story_id, o.body_hash, NULL, o.entities, o.quotes, o.figures, o.analyzer, f.id, NULL,
                       COALESCE(f.finished_at, f.claimed_at)
                FROM file f
                JOIN content c ON c.sha256 = f.sha256 AND c.file_id <> f.id
                JOIN article o ON o.file_id = c.file_id
                WHERE f.outcome = 'duplicate' AND NOT EXISTS (SELECT 1 FROM article a WHERE a.file_id = f.id)
                ORDER BY f.id, o.item, o.id
                """)
            try db.execute(sql: "INSERT INTO article_fts (rowid, title, body) SELECT id, title, NULL FROM article WHERE id > ?",
                           arguments: [last])
            try db.execute(sql: """
                UPDATE story SET (article_count, first_seen, last_seen) = (
                    SELECT COUNT(*), COALESCE(MIN(ingested_at), story.first_seen), COALESCE(MAX(ingested_at), story.last_seen)
                    FROM article WHERE story_id = story.id
                )
                WHERE id IN (SELECT story_id FROM article WHERE id > ?)
                """, arguments: [last])
        }
        migrator.registerMigration("v8: which analyser made the findings a digest shows") { db in
            // A digest shows the entities, quotes and figures stored when it was written. `analyzer` is the
            // oldest analyser version among its day's articles then (see `DigestWriter`), so that once
            // the daemon or `newsd reanalyze` has brought every article up to date, the digests that
            // still show older findings are written again. NULL for digests written before this column:
            // their findings' version is unknown.
            try db.execute(sql: "ALTER TABLE digest_run ADD COLUMN analyzer INTEGER")
        }
        migrator.registerMigration("v9: a story's count and dates from its index alone") { db in
            // A refinement recounts every story it touched: COUNT, MIN and MAX of `ingested_at` over the
            // story's articles (see `applyStoryChanges`). With `story_id` alone in the index, each of
            // those articles' rows was read for its date: tens of thousands of 16 KB pages per
            // refinement once the store outgrows the page cache (1,600 stories of a 100,000-article
            // store, 42 articles each on average: 270–450 ms; with the date in the index, 31–43 ms; over a
            // whole 100,000-file ingest, 1.6 s of the writer's time against 0.25 s).
            // Every query that used the old index finds the story's articles by the same first column.
            try db.execute(sql: """
                DROP INDEX article_story;
                CREATE INDEX article_story ON article(story_id, ingested_at);
                """)
        }
        return migrator
    }
}
