package crawl

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// The crawl state lives in its own SQLite file (DATA/crawl.db), apart from
// the records: it is bookkeeping of the crawler, not part of the archive,
// and deleting it only costs a full re-fetch.
//
//	runs    one row per crawl of a set of seeds; finished when its frontier
//	        is empty. An unfinished run of the same seeds is resumed.
//	queue   the run's frontier and what it has done: every URL it has met,
//	        pending or done, so a resumed run fetches nothing twice.
//	pages   what the crawler knows about every URL across runs: validators
//	        for conditional requests (ETag, Last-Modified), content hashes,
//	        the record it became.
//	links   the links each page had when last fetched, so a page answered
//	        304 Not Modified still leads to its children and attachments.
const schema = `
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    seeds       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS queue (
    url      TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL,
    depth    INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('page', 'attachment')),
    parent   TEXT NOT NULL DEFAULT '',
    anchor   TEXT NOT NULL DEFAULT '',
    state    TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS queue_next ON queue (state, depth, seq);
CREATE TABLE IF NOT EXISTS pages (
    url           TEXT PRIMARY KEY,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL DEFAULT '',
    text_hash     TEXT NOT NULL DEFAULT '',
    status        INTEGER NOT NULL DEFAULT 0,
    content_type  TEXT NOT NULL DEFAULT '',
    doc_id        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    fetched_at    TEXT NOT NULL DEFAULT '',
    checked_at    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS links (
    from_url TEXT NOT NULL,
    to_url   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    anchor   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_url, to_url)
);
`

const timeFormat = "2006-01-02T15:04:05Z"

// state is the crawl state database.
type state struct {
	db *sql.DB
}

// openState opens (creating) the state file. It is opened in SQLite's
// exclusive locking mode: two crawls of the same data folder at once would
// fight over one frontier, so the second is refused.
func openState(ctx context.Context, file string) (*state, error) {
	dsn := "file:" + filepath.ToSlash(file) +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(2000)" +
		"&_pragma=locking_mode(EXCLUSIVE)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("crawl: open state %s: %w", file, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
			return nil, fmt.Errorf("抓取状态文件 %s 正被另一个抓取进程使用", file)
		}
		return nil, fmt.Errorf("crawl: create state %s: %w", file, err)
	}
	return &state{db: db}, nil
}

func (s *state) close() error { return s.db.Close() }

// run is the crawl run in progress.
type run struct {
	id      int64
	resumed bool
}

// startRun resumes the unfinished run of the same seeds, or starts a new
// one with the seeds as its frontier (an unfinished run of other seeds is
// abandoned: its frontier is dropped).
func (s *state) startRun(ctx context.Context, seeds []string, now time.Time) (run, error) {
	key := strings.Join(seeds, "\n")
	var id int64
	var prev string
	err := s.db.QueryRowContext(ctx, `SELECT id, seeds FROM runs WHERE finished_at = '' ORDER BY id DESC LIMIT 1`).Scan(&id, &prev)
	switch {
	case err == nil && prev == key:
		return run{id: id, resumed: true}, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return run{}, fmt.Errorf("crawl: find unfinished run: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return run{}, fmt.Errorf("crawl: begin run: %w", err)
	}
	defer tx.Rollback()
	ts := now.UTC().Format(timeFormat)
	if _, err := tx.ExecContext(ctx, `UPDATE runs SET finished_at = ? WHERE finished_at = ''`, ts); err != nil {
		return run{}, fmt.Errorf("crawl: close old run: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM queue`); err != nil {
		return run{}, fmt.Errorf("crawl: clear frontier: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO runs (seeds, started_at) VALUES (?, ?)`, key, ts)
	if err != nil {
		return run{}, fmt.Errorf("crawl: insert run: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return run{}, fmt.Errorf("crawl: run id: %w", err)
	}
	for _, u := range seeds {
		if err := enqueue(ctx, tx, entry{url: u, kind: kindPage}); err != nil {
			return run{}, err
		}
	}
	if err := tx.Commit(); err != nil {
		return run{}, fmt.Errorf("crawl: commit run: %w", err)
	}
	return run{id: id}, nil
}

// finishRun marks the run finished: the next crawl of its seeds starts
// afresh (with conditional requests, so unchanged pages cost little).
func (s *state) finishRun(ctx context.Context, r run, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE runs SET finished_at = ? WHERE id = ?`,
		now.UTC().Format(timeFormat), r.id); err != nil {
		return fmt.Errorf("crawl: finish run: %w", err)
	}
	return nil
}

// Kinds of frontier entries.
const (
	kindPage       = "page"
	kindAttachment = "attachment"
)

// entry is a URL of the frontier.
type entry struct {
	url      string
	depth    int
	kind     string
	parent   string // the page an attachment hangs from
	anchor   string // the text of the link that led here
	attempts int
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// enqueue adds a URL to the frontier unless the run has met it already.
func enqueue(ctx context.Context, x execer, e entry) error {
	_, err := x.ExecContext(ctx, `INSERT OR IGNORE INTO queue (url, seq, depth, kind, parent, anchor)
		VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM queue), ?, ?, ?, ?)`,
		e.url, e.depth, e.kind, e.parent, e.anchor)
	if err != nil {
		return fmt.Errorf("crawl: enqueue %s: %w", e.url, err)
	}
	return nil
}

// pending returns up to n pending entries, shallowest and oldest first.
func (s *state) pending(ctx context.Context, n int) ([]entry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT url, depth, kind, parent, anchor, attempts FROM queue
		WHERE state = 'pending' ORDER BY depth, seq LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("crawl: read frontier: %w", err)
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.url, &e.depth, &e.kind, &e.parent, &e.anchor, &e.attempts); err != nil {
			return nil, fmt.Errorf("crawl: read frontier: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("crawl: read frontier: %w", err)
	}
	return out, nil
}

// page is what the crawler knows about one URL.
type page struct {
	url          string
	etag         string
	lastModified string
	sha256       string
	textHash     string
	status       int
	contentType  string
	docID        string
	note         string
}

func (s *state) page(ctx context.Context, url string) (page, bool, error) {
	p := page{url: url}
	err := s.db.QueryRowContext(ctx, `SELECT etag, last_modified, sha256, text_hash, status, content_type, doc_id, note
		FROM pages WHERE url = ?`, url).Scan(&p.etag, &p.lastModified, &p.sha256, &p.textHash, &p.status,
		&p.contentType, &p.docID, &p.note)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("crawl: read state of %s: %w", url, err)
	}
	return p, true, nil
}

// links returns the links a page had when last fetched.
func (s *state) links(ctx context.Context, from string) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT to_url, kind, anchor FROM links WHERE from_url = ? ORDER BY rowid`, from)
	if err != nil {
		return nil, fmt.Errorf("crawl: read links of %s: %w", from, err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var kind string
		if err := rows.Scan(&l.URL, &kind, &l.Text); err != nil {
			return nil, fmt.Errorf("crawl: read links of %s: %w", from, err)
		}
		l.Attachment = kind == kindAttachment
		out = append(out, l)
	}
	return out, rows.Err()
}

// outcome is what processing one frontier entry decided, written in one
// transaction: the URL is done (or put back for a retry), its page state
// updated, its links recorded and the new ones enqueued.
type outcome struct {
	entry    entry
	retry    bool      // put back at the end of the frontier
	page     *page     // new state of the URL, nil to leave it
	fetched  bool      // a body was fetched: fetched_at is now
	links    []Link    // the page's links, nil to keep those recorded
	newLinks bool      // links were parsed from a fresh body and replace the recorded ones
	enqueue  []entry   // children to add to the frontier
	now      time.Time //
}

func (s *state) commit(ctx context.Context, o outcome) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("crawl: begin: %w", err)
	}
	defer tx.Rollback()
	ts := o.now.UTC().Format(timeFormat)
	if o.retry {
		_, err = tx.ExecContext(ctx, `UPDATE queue SET attempts = attempts + 1,
			seq = (SELECT MAX(seq) + 1 FROM queue) WHERE url = ?`, o.entry.url)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE queue SET state = 'done' WHERE url = ?`, o.entry.url)
	}
	if err != nil {
		return fmt.Errorf("crawl: mark %s: %w", o.entry.url, err)
	}
	if p := o.page; p != nil {
		fetchedAt := ""
		if o.fetched {
			fetchedAt = ts
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO pages (url, etag, last_modified, sha256, text_hash, status,
			content_type, doc_id, note, fetched_at, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
			sha256 = excluded.sha256, text_hash = excluded.text_hash, status = excluded.status,
			content_type = excluded.content_type, doc_id = excluded.doc_id, note = excluded.note,
			fetched_at = CASE WHEN excluded.fetched_at <> '' THEN excluded.fetched_at ELSE pages.fetched_at END,
			checked_at = excluded.checked_at`,
			p.url, p.etag, p.lastModified, p.sha256, p.textHash, p.status, p.contentType, p.docID, p.note, fetchedAt, ts)
		if err != nil {
			return fmt.Errorf("crawl: save state of %s: %w", p.url, err)
		}
	}
	if o.newLinks {
		if _, err := tx.ExecContext(ctx, `DELETE FROM links WHERE from_url = ?`, o.entry.url); err != nil {
			return fmt.Errorf("crawl: replace links of %s: %w", o.entry.url, err)
		}
		for _, l := range o.links {
			kind := kindPage
			if l.Attachment {
				kind = kindAttachment
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO links (from_url, to_url, kind, anchor) VALUES (?, ?, ?, ?)`,
				o.entry.url, l.URL, kind, l.Text); err != nil {
				return fmt.Errorf("crawl: save links of %s: %w", o.entry.url, err)
			}
		}
	}
	for _, e := range o.enqueue {
		if err := enqueue(ctx, tx, e); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("crawl: commit %s: %w", o.entry.url, err)
	}
	return nil
}

// attachmentsOfRun returns, for every page done in the current frontier
// that has a record, the records of its attachments, page ids sorted.
func (s *state) attachmentsOfRun(ctx context.Context) ([]Attachments, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.doc_id, a.doc_id
		FROM queue q
		JOIN pages p ON p.url = q.url
		JOIN links l ON l.from_url = q.url AND l.kind = 'attachment'
		JOIN pages a ON a.url = l.to_url
		WHERE q.state = 'done' AND q.kind = 'page' AND p.doc_id <> '' AND a.doc_id <> ''
		ORDER BY p.doc_id, l.rowid`)
	if err != nil {
		return nil, fmt.Errorf("crawl: read attachments: %w", err)
	}
	defer rows.Close()
	var out []Attachments
	for rows.Next() {
		var pageID, attID string
		if err := rows.Scan(&pageID, &attID); err != nil {
			return nil, fmt.Errorf("crawl: read attachments: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].PageID != pageID {
			out = append(out, Attachments{PageID: pageID})
		}
		last := &out[len(out)-1]
		if len(last.AttachmentIDs) == 0 || last.AttachmentIDs[len(last.AttachmentIDs)-1] != attID {
			last.AttachmentIDs = append(last.AttachmentIDs, attID)
		}
	}
	return out, rows.Err()
}

// counts returns how many frontier entries are pending and done.
func (s *state) counts(ctx context.Context) (pending, done int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'done'), 0) FROM queue`).Scan(&pending, &done)
	if err != nil {
		err = fmt.Errorf("crawl: count frontier: %w", err)
	}
	return
}
