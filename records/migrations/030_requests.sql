-- The request desk (依申请公开, records/desk): requests, their timeline and
-- the records linked to them. The desk writes every change together with its
-- audit entry (target request:<number>) in one transaction.

-- A request. number (2025-0001) is what the applicant is told; check_code is
-- a random secret given with it, so the public status page cannot be walked
-- by guessing numbers. Dates are civil dates (YYYY-MM-DD, China), times are
-- UTC as elsewhere. due and clock are a cache for sorting: the desk
-- recomputes them from the events on every change and never reads them as
-- the truth.
CREATE TABLE requests (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    check_code      TEXT NOT NULL,
    applicant_type  TEXT NOT NULL CHECK (applicant_type IN ('person', 'organization')),
    applicant_name  TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL,
    purpose         TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    rule            TEXT NOT NULL,
    fee_fen         INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0),
    assignee        TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL CHECK (state IN ('received', 'processing', 'answered', 'closed')),
    outcome         TEXT NOT NULL DEFAULT '',
    outcome_reason  TEXT NOT NULL DEFAULT '',
    outcome_text    TEXT NOT NULL DEFAULT '',
    answered_on     TEXT NOT NULL DEFAULT '',
    closed_on       TEXT NOT NULL DEFAULT '',
    due             TEXT NOT NULL DEFAULT '',
    clock           TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX requests_open ON requests (state, due);

-- The timeline: every step of a request, append-only. on_date is the day
-- the step happened (for the deadline events, the date the clock counts);
-- at is when it was entered. audit_seq is its audit entry.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    kind        TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    days        INTEGER NOT NULL DEFAULT 0,
    approval    TEXT NOT NULL DEFAULT '',
    doc_id      TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    audit_seq   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX request_events_request ON request_events (request_id, id);

-- Archive records linked to a request (the records that answer it). A
-- record deleted later keeps its link; the page says it is gone.
CREATE TABLE request_links (
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    doc_id      TEXT NOT NULL,
    linked_by   TEXT NOT NULL,
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (request_id, doc_id)
);
CREATE INDEX request_links_doc ON request_links (doc_id);
