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
        return migrator
    }
}
