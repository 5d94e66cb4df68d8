#!/usr/bin/env python3
"""The pipeline a user would assemble in Python, as newsd's benchmark peer.

usage: peer_pipeline.py CORPUS_DIR DB_FILE [--commit-per-file]

For every file below CORPUS_DIR: read it, sha256 it (exact duplicates), headline = first line, MinHash
(datasketch, 128 permutations, word 5-shingles) queried against and inserted into a MinHashLSH index at
Jaccard 0.8 (near duplicates), and stored in SQLite with an FTS5 index over headline and body, one
transaction for the run (or one per file). Prints "files N seconds S files_per_second R".
"""
import hashlib
import os
import re
import sqlite3
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def main():
    corpus, db = sys.argv[1], sys.argv[2]
    per_file = "--commit-per-file" in sys.argv
    paths = sorted(os.path.join(r, n) for r, _, ns in os.walk(corpus) for n in ns if not n.startswith("."))
    started = time.monotonic()
    connection = sqlite3.connect(db)
    connection.executescript("""
        PRAGMA journal_mode=WAL;
        CREATE TABLE article (id INTEGER PRIMARY KEY, path TEXT, sha256 TEXT UNIQUE, title TEXT, body TEXT, duplicate_of INTEGER);
        CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article', content_rowid='id', tokenize='porter unicode61');
    """)
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    seen = {}
    for path in paths:
        data = open(path, "rb").read()
        digest = hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8", "replace")
        title, _, body = text.partition("\n")
        duplicate = seen.get(digest)
        if duplicate is None:
            words = WORD.findall(body.lower())
            minhash = MinHash(num_perm=128)
            minhash.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
            near = lsh.query(minhash)
            duplicate = int(near[0]) if near else None
        cursor = connection.execute("INSERT OR IGNORE INTO article (path, sha256, title, body, duplicate_of) VALUES (?, ?, ?, ?, ?)",
                                    (path, digest, title.strip(), body.strip(), duplicate))
        row = cursor.lastrowid
        if digest not in seen:
            seen[digest] = row
            connection.execute("INSERT INTO article_fts (rowid, title, body) VALUES (?, ?, ?)", (row, title.strip(), body.strip()))
            if duplicate is None:
                lsh.insert(str(row), minhash)
        if per_file:
            connection.commit()
    connection.commit()
    connection.close()
    seconds = time.monotonic() - started
    print(f"files {len(paths)} seconds {seconds:.2f} files_per_second {len(paths) / seconds:.1f}")


if __name__ == "__main__":
    main()
