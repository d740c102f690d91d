-- The 清单 catalogue and the annual report (issue 7).

-- Filings of records under an item of the MoE checklist (records/checklist),
-- made explicitly: declared by the record's source (the manifest field
-- checklist_item) or decided by staff. A record without a filing in force is
-- filed by the checklist's rules when it is indexed. Kept beside the record,
-- not in it: a filing is no new version of the record, but every change is
-- audited (document.checklist, on the record's audit target) and goes
-- through the change feed (a change row of version 0) so the index follows.
--
-- item is the filing in force: an item code (01-06), '-' when staff decided
-- the record belongs to no item, '' when nothing explicit is in force (the
-- rules decide). source says who decided it: 'manifest', 'staff', or ''.
-- declared is what the source declared last: a staff decision stays until
-- the source declares something new, as with visibility.
CREATE TABLE checklist_filings (
    doc_id    TEXT PRIMARY KEY,
    item      TEXT NOT NULL DEFAULT '',
    source    TEXT NOT NULL DEFAULT '' CHECK (source IN ('', 'manifest', 'staff')),
    declared  TEXT NOT NULL DEFAULT '',
    actor     TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    filed_at  TEXT NOT NULL,
    audit_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX checklist_filings_item ON checklist_filings (item);

-- The annual report's parts that staff write (search/report): the narrative
-- (概述, 主要问题和改进措施) of a reporting period. A period is an academic
-- year (calendar = 0: year-09-01 to (year+1)-08-31) or a calendar year
-- (calendar = 1). Changes are audited (report.narrative, target
-- report:<period>).
CREATE TABLE report_narratives (
    year       INTEGER NOT NULL,
    calendar   INTEGER NOT NULL DEFAULT 0 CHECK (calendar IN (0, 1)),
    overview   TEXT NOT NULL DEFAULT '',
    problems   TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, calendar)
);

-- Complaints and reports (举报/投诉), administrative reconsiderations
-- (行政复议) and lawsuits (行政诉讼) about disclosure in a period, as staff
-- enter them, by result: upheld (维持), corrected (纠正), other (其他结果),
-- pending (尚未审结). Changes are audited (report.cases).
CREATE TABLE report_cases (
    year       INTEGER NOT NULL,
    calendar   INTEGER NOT NULL DEFAULT 0 CHECK (calendar IN (0, 1)),
    kind       TEXT NOT NULL CHECK (kind IN ('complaint', 'review', 'litigation')),
    upheld     INTEGER NOT NULL DEFAULT 0 CHECK (upheld >= 0),
    corrected  INTEGER NOT NULL DEFAULT 0 CHECK (corrected >= 0),
    other      INTEGER NOT NULL DEFAULT 0 CHECK (other >= 0),
    pending    INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
    note       TEXT NOT NULL DEFAULT '',
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, calendar, kind)
);
