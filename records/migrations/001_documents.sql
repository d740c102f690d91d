-- Documents are the current state of each record; changes is the feed every
-- derived view follows, appended in the same transaction as the change.
CREATE TABLE documents (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT '',
    department   TEXT NOT NULL DEFAULT '',
    published    TEXT NOT NULL DEFAULT '',
    doc_number   TEXT NOT NULL DEFAULT '',
    index_number TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    visibility   TEXT NOT NULL DEFAULT 'public'
                 CHECK (visibility IN ('public', 'on_request', 'withheld')),
    sha256       TEXT NOT NULL DEFAULT '',
    format       TEXT NOT NULL DEFAULT '',
    version      INTEGER NOT NULL DEFAULT 1,
    ingested_at  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_source ON documents (source);

CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id  TEXT NOT NULL,
    op      TEXT NOT NULL CHECK (op IN ('put', 'delete')),
    version INTEGER NOT NULL,
    at      TEXT NOT NULL
);

-- Files an ingest run could not take in, with the reason shown to the user.
CREATE TABLE rejections (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    code   TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);
