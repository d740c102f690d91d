-- Records auditors can trust (issue 5): every version kept, retractions and
-- visibility decisions with who/when/why, a hash-chained audit log, a
-- separate access log, several sources per record, and links between
-- records.

-- What the source declared (source_visibility) is kept apart from the
-- visibility in force (visibility), which staff may change with a reason:
-- re-ingesting the same declaration must not undo their decision.
ALTER TABLE documents ADD COLUMN quality TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN source_visibility TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN retracted_at TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN retracted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN retraction_reason TEXT NOT NULL DEFAULT '';
UPDATE documents SET source_visibility = visibility;

-- The audit entry a change was written with (0 for changes older than the
-- audit log): verify checks that every referenced entry exists.
ALTER TABLE changes ADD COLUMN audit_seq INTEGER NOT NULL DEFAULT 0;

-- Every state a record has been in, append-only: the current one too. A
-- version is in force from valid_from until the next version's valid_from.
-- action says what made it: insert, update, retract, restore, visibility,
-- delete (a deletion row carries no content), adopt (a record that existed
-- before this table).
CREATE TABLE versions (
    doc_id            TEXT NOT NULL,
    version           INTEGER NOT NULL,
    action            TEXT NOT NULL,
    actor             TEXT NOT NULL DEFAULT '',
    reason            TEXT NOT NULL DEFAULT '',
    title             TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL DEFAULT '',
    category          TEXT NOT NULL DEFAULT '',
    department        TEXT NOT NULL DEFAULT '',
    published         TEXT NOT NULL DEFAULT '',
    doc_number        TEXT NOT NULL DEFAULT '',
    index_number      TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',
    visibility        TEXT NOT NULL DEFAULT '',
    source_visibility TEXT NOT NULL DEFAULT '',
    sha256            TEXT NOT NULL DEFAULT '',
    format            TEXT NOT NULL DEFAULT '',
    quality           TEXT NOT NULL DEFAULT '',
    retracted_at      TEXT NOT NULL DEFAULT '',
    retracted_by      TEXT NOT NULL DEFAULT '',
    retraction_reason TEXT NOT NULL DEFAULT '',
    ingested_at       TEXT NOT NULL DEFAULT '',
    valid_from        TEXT NOT NULL,
    audit_seq         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, version)
);

-- The audit log: one row per write, hash-chained (see records/audit.go for
-- the canonical encoding). seq is assigned by the writer as the previous
-- seq + 1, so a gap is a deleted row.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    before_hash TEXT NOT NULL DEFAULT '',
    after_hash  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target, seq);

-- Reads by staff (viewed, exported, downloaded): who read what, when.
CREATE TABLE access_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_log_actor ON access_log (actor, at);
CREATE INDEX access_log_target ON access_log (target, at);

-- Every source a record was received from: an exact duplicate (same
-- original bytes) from another source is one record with several sources.
CREATE TABLE document_sources (
    doc_id   TEXT NOT NULL,
    source   TEXT NOT NULL,
    sha256   TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);

-- Links between records: an attachment of a notice, a near duplicate.
CREATE TABLE document_links (
    from_id    TEXT NOT NULL,
    to_id      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('attachment', 'near_duplicate')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id, kind)
);
CREATE INDEX document_links_to ON document_links (to_id);

-- Records that existed before this migration become their own first
-- version ("adopt"); their audit entries are written by the Go step that
-- runs with this migration (records/store.go, postMigrations).
INSERT INTO versions (doc_id, version, action, actor, title, body, category, department, published,
    doc_number, index_number, source, visibility, source_visibility, sha256, format, quality,
    retracted_at, retracted_by, retraction_reason, ingested_at, valid_from)
SELECT id, version, 'adopt', 'system:migration', title, body, category, department, published,
    doc_number, index_number, source, visibility, source_visibility, sha256, format, quality,
    retracted_at, retracted_by, retraction_reason, ingested_at, updated_at
FROM documents;

INSERT INTO document_sources (doc_id, source, sha256, added_at)
SELECT id, source, sha256, ingested_at FROM documents WHERE source <> '';
