package records

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// timeFormat is how timestamps are stored: fixed width, UTC, sortable as text.
const timeFormat = "2006-01-02T15:04:05.000000Z"

// Store is the SQLite-backed record store. It is safe for concurrent use;
// writes are serialised by SQLite (BEGIN IMMEDIATE) and several processes may
// open the same database, which is how `archive ingest` runs beside a server.
type Store struct {
	db    *sql.DB
	blobs *BlobStore

	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Open opens (creating if needed) the store in dir: dir/records.db for the
// database and dir/originals for the content-addressed original files.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("records: create data folder: %w", err)
	}
	blobs, err := NewBlobStore(filepath.Join(dir, "originals"))
	if err != nil {
		return nil, err
	}
	dsn := "file:" + filepath.ToSlash(filepath.Join(dir, "records.db")) +
		"?_txlock=immediate" +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)" +
		"&_pragma=busy_timeout(15000)" +
		"&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("records: open database: %w", err)
	}
	s := &Store{db: db, blobs: blobs, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Blobs returns the store of original files.
func (s *Store) Blobs() *BlobStore { return s.blobs }

// migrate applies the embedded migrations not yet recorded, in name order,
// each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("records: create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("records: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := s.applyMigration(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: begin migration %s: %w", name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("records: check migration %s: %w", name, err)
	}
	if n > 0 {
		return nil
	}
	text, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("records: read migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(text)); err != nil {
		return fmt.Errorf("records: apply migration %s: %w", name, err)
	}
	if step := postMigrations[path.Base(name)]; step != nil {
		if err := step(ctx, &Tx{tx: tx, now: s.Now().UTC().Truncate(time.Microsecond)}); err != nil {
			return fmt.Errorf("records: migration %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, s.Now().UTC().Format(timeFormat)); err != nil {
		return fmt.Errorf("records: record migration %s: %w", name, err)
	}
	return tx.Commit()
}

// postMigrations are steps in Go that run inside a migration's transaction,
// after its SQL: what SQL alone cannot compute (hashes).
var postMigrations = map[string]func(context.Context, *Tx) error{
	"002_history.sql": adoptExisting,
}

// adoptExisting gives every record older than the audit log an audit entry
// ("document.adopt") whose after-hash is its state, and points its version
// row at it, so that verify can hold every record to the chain from now on.
func adoptExisting(ctx context.Context, tx *Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read records to adopt: %w", err)
	}
	// Only the hashes are kept: an old archive may hold gigabytes of text.
	type adopted struct {
		id      string
		version int
		hash    string
	}
	var docs []adopted
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("scan record to adopt: %w", err)
		}
		docs = append(docs, adopted{d.ID, d.Version, StateHash(d)})
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("read records to adopt: %w", err)
	}
	for _, d := range docs {
		e, err := AppendAudit(ctx, tx, AuditEntry{Actor: "system:migration", Action: ActionAdopt,
			Target: DocumentTarget(d.id), AfterHash: d.hash, Detail: detail(map[string]any{"version": d.version})})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE versions SET audit_seq = ? WHERE doc_id = ? AND version = ?`,
			e.Seq, d.id, d.version); err != nil {
			return fmt.Errorf("link adopted version of %s: %w", d.id, err)
		}
	}
	return nil
}

// PutStatus says what Put did with one document.
type PutStatus int

// The outcomes of Put.
const (
	Unchanged PutStatus = iota // identical to the stored record: nothing written
	Inserted                   // a new record
	Updated                    // an existing record changed; its version went up
	// Merged: the original is byte for byte one an existing record already
	// has (same SHA-256) but came from another source; the source was added
	// to that record instead of making a second one.
	Merged
)

func (p PutStatus) String() string {
	switch p {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	case Merged:
		return "merged"
	}
	return "unchanged"
}

// Incoming is a document to store with the original bytes it came from.
type Incoming struct {
	Doc      Document
	Original []byte
}

// Put stores documents in one transaction on behalf of actor (a staff
// account, or "system:ingest"): each new or changed document is written as
// a new version, with its audit entry and its change-feed row; an identical
// one is left alone, so re-ingesting an unchanged source changes nothing. A
// new document whose original is an existing record's original (same
// SHA-256) becomes another source of that record (Merged). Originals are
// written to the blob store and synced before the transaction commits, so
// a committed record never points at a missing file. A Doc's ChecklistItem
// is its source's declared checklist filing, applied when it changed (see
// filing.go).
//
// On return each Doc holds the stored state of its record.
func (s *Store) Put(ctx context.Context, actor string, in []Incoming) ([]PutStatus, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, Errorf(EINVALID, "缺少操作者（actor）")
	}
	for i := range in {
		d := &in[i].Doc
		if d.Visibility == "" {
			d.Visibility = Public
		}
		if in[i].Original != nil {
			d.SHA256 = HashBytes(in[i].Original)
		}
		if err := d.Validate(); err != nil {
			return nil, err
		}
	}
	wrote := false
	for i := range in {
		if in[i].Original == nil {
			continue
		}
		created, err := s.blobs.put(in[i].Doc.SHA256, in[i].Original)
		if err != nil {
			return nil, err
		}
		wrote = wrote || created
	}
	if wrote {
		if err := s.blobs.sync(); err != nil {
			return nil, err
		}
	}
	out := make([]PutStatus, len(in))
	err := s.WithTx(ctx, func(tx *Tx) error {
		for i := range in {
			declared := in[i].Doc.ChecklistItem
			st, err := putOne(ctx, tx, actor, &in[i].Doc)
			if err != nil {
				return err
			}
			// A merged duplicate's metadata is not applied; the record's
			// own source declares its filing (filing.go).
			if st != Merged {
				if err := fileDeclared(ctx, tx, actor, &in[i].Doc, declared); err != nil {
					return err
				}
			}
			out[i] = st
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func putOne(ctx context.Context, tx *Tx, actor string, d *Document) (PutStatus, error) {
	old, err := getDocument(ctx, tx, d.ID)
	switch {
	case err == nil:
		if sameContent(old, d) {
			*d = *old
			return Unchanged, nil
		}
		next := *d
		next.SourceVisibility = d.Visibility
		next.Visibility = old.Visibility
		if d.Visibility != old.SourceVisibility {
			next.Visibility = d.Visibility // the source declared something new
		}
		next.Retraction = old.Retraction
		next.Version = old.Version + 1
		next.IngestedAt = old.IngestedAt
		next.UpdatedAt = tx.now
		if _, err := writeState(ctx, tx, stateChange{old: old, new: &next, action: ActionUpdate, actor: actor}); err != nil {
			return 0, err
		}
		if next.Source != old.Source {
			if _, err := addSource(ctx, tx, next.ID, next.Source, next.SHA256); err != nil {
				return 0, err
			}
		}
		*d = next
		return Updated, nil
	case ErrorCode(err) == ENOTFOUND:
		if d.SHA256 != "" {
			st, err := mergeDuplicate(ctx, tx, actor, d)
			if err != nil || st != Inserted {
				return st, err
			}
		}
		var last int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM versions WHERE doc_id = ?`,
			d.ID).Scan(&last); err != nil {
			return 0, fmt.Errorf("records: last version of %s: %w", d.ID, err)
		}
		d.SourceVisibility = d.Visibility
		d.Retraction = nil
		d.Version = last + 1 // after a deletion, numbering goes on
		d.IngestedAt, d.UpdatedAt = tx.now, tx.now
		if _, err := writeState(ctx, tx, stateChange{new: d, action: ActionInsert, actor: actor}); err != nil {
			return 0, err
		}
		if _, err := addSource(ctx, tx, d.ID, d.Source, d.SHA256); err != nil {
			return 0, err
		}
		return Inserted, nil
	default:
		return 0, err
	}
}

// mergeDuplicate makes d another source of the existing record with the
// same original, if there is one; it returns Inserted when there is none
// (d is then a new record).
func mergeDuplicate(ctx context.Context, tx *Tx, actor string, d *Document) (PutStatus, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1`, d.SHA256).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Inserted, nil
	}
	if err != nil {
		return 0, fmt.Errorf("records: find duplicate of %s: %w", d.ID, err)
	}
	existing, err := getDocument(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	added, err := addSource(ctx, tx, id, d.Source, d.SHA256)
	if err != nil {
		return 0, err
	}
	incomingID := d.ID
	*d = *existing
	if !added {
		return Unchanged, nil
	}
	h := StateHash(existing)
	if _, err := AppendAudit(ctx, tx, AuditEntry{Actor: actor, Action: ActionSourceAdded,
		Target: DocumentTarget(id), BeforeHash: h, AfterHash: h,
		Detail: detail(map[string]any{"source": d.Source, "sha256": d.SHA256, "incoming_id": incomingID})}); err != nil {
		return 0, err
	}
	return Merged, nil
}

// addSource records that the record id was received from source; it
// reports whether the source was new.
func addSource(ctx context.Context, tx *Tx, id, source, sha string) (bool, error) {
	if source == "" {
		return false, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO document_sources (doc_id, source, sha256, added_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (doc_id, source) DO NOTHING`, id, source, sha, tx.nowText())
	if err != nil {
		return false, fmt.Errorf("records: add source of %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("records: add source of %s: %w", id, err)
	}
	return n > 0, nil
}

// stateChange is one write of a record's state: old is nil for a new
// record, new is nil for a deletion.
type stateChange struct {
	old, new *Document
	action   string
	actor    string
	reason   string
}

// writeState is the one way a record's state changes: the documents row,
// the new version row, the audit entry and the change-feed row, all in tx.
// For a deletion the version row is a content-less marker numbered
// old.Version+1, so numbering continues if the id comes back.
func writeState(ctx context.Context, tx *Tx, c stateChange) (AuditEntry, error) {
	id, version := "", 0
	switch {
	case c.new != nil:
		id, version = c.new.ID, c.new.Version
	case c.old != nil:
		id, version = c.old.ID, c.old.Version+1
	default:
		return AuditEntry{}, fmt.Errorf("records: empty state change")
	}
	var err error
	switch {
	case c.new == nil:
		_, err = tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id)
	case c.old == nil:
		_, err = tx.ExecContext(ctx, `INSERT INTO documents (`+documentColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, documentArgs(c.new)...)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE documents SET `+documentAssignments+` WHERE id = ?`,
			append(documentArgs(c.new)[1:], id)...)
	}
	if err != nil {
		return AuditEntry{}, fmt.Errorf("records: write %s: %w", id, err)
	}
	fields := map[string]any{"version": version}
	if c.reason != "" {
		fields["reason"] = c.reason
	}
	if c.new != nil && (c.old == nil || c.old.Visibility != c.new.Visibility) {
		fields["visibility"] = string(c.new.Visibility)
	}
	e, err := AppendAudit(ctx, tx, AuditEntry{Actor: c.actor, Action: c.action, Target: DocumentTarget(id),
		BeforeHash: StateHash(c.old), AfterHash: StateHash(c.new), Detail: detail(fields)})
	if err != nil {
		return e, err
	}
	snap := c.new
	if snap == nil {
		snap = &Document{ID: id, Version: version, UpdatedAt: tx.now}
	}
	// documentArgs is id, the 16 content columns, version, ingested_at,
	// updated_at; a version row keeps updated_at as valid_from.
	da := documentArgs(snap)
	args := []any{id, version, versionAction(c.action), c.actor, c.reason}
	args = append(args, da[1:17]...)
	args = append(args, da[18], da[19], e.Seq)
	if _, err := tx.ExecContext(ctx, `INSERT INTO versions (doc_id, version, action, actor, reason,
		`+versionContentColumns+`, ingested_at, valid_from, audit_seq)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
		return e, fmt.Errorf("records: write version %d of %s: %w", version, id, err)
	}
	op := "put"
	if c.new == nil {
		op = "delete"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO changes (doc_id, op, version, at, audit_seq) VALUES (?, ?, ?, ?, ?)`,
		id, op, version, tx.nowText(), e.Seq); err != nil {
		return e, fmt.Errorf("records: append change for %s: %w", id, err)
	}
	return e, nil
}

// versionAction is the versions.action of an audit action.
func versionAction(action string) string {
	return strings.TrimPrefix(action, "document.")
}

// detail encodes an audit entry's detail as compact JSON with sorted keys.
func detail(fields map[string]any) string {
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Sprint(fields)
	}
	return string(b)
}

// Delete removes a record on behalf of actor and appends the deletion to the
// change feed and the audit log. Its versions and its original file stay:
// auditors can still read what it said.
func (s *Store) Delete(ctx context.Context, actor, id string) error {
	if strings.TrimSpace(actor) == "" {
		return Errorf(EINVALID, "缺少操作者（actor）")
	}
	return s.WithTx(ctx, func(tx *Tx) error {
		old, err := getDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = writeState(ctx, tx, stateChange{old: old, action: ActionDelete, actor: actor})
		return err
	})
}

// queryer is what reads need from *sql.DB and *sql.Tx alike.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// documentColumns are the columns of a documents row, in the order
// documentArgs and scanDocument use.
const documentColumns = `id, title, body, category, department, published, doc_number, index_number,
	source, visibility, source_visibility, sha256, format, quality, retracted_at, retracted_by,
	retraction_reason, version, ingested_at, updated_at`

// documentAssignments sets every column but id, in documentArgs order.
const documentAssignments = `title = ?, body = ?, category = ?, department = ?, published = ?,
	doc_number = ?, index_number = ?, source = ?, visibility = ?, source_visibility = ?, sha256 = ?,
	format = ?, quality = ?, retracted_at = ?, retracted_by = ?, retraction_reason = ?, version = ?,
	ingested_at = ?, updated_at = ?`

// versionContentColumns are the columns a version shares with a documents
// row, from title to retraction_reason.
const versionContentColumns = `title, body, category, department, published, doc_number, index_number,
	source, visibility, source_visibility, sha256, format, quality, retracted_at, retracted_by,
	retraction_reason`

func documentArgs(d *Document) []any {
	var r Retraction
	if d.Retraction != nil {
		r = *d.Retraction
	}
	return []any{d.ID, d.Title, d.Body, d.Category, d.Department, d.Published, d.DocNumber,
		d.IndexNumber, d.Source, string(d.Visibility), string(d.SourceVisibility), d.SHA256, d.Format,
		d.Quality, formatTime(r.At), r.By, r.Reason, d.Version, formatTime(d.IngestedAt),
		formatTime(d.UpdatedAt)}
}

type scanner interface{ Scan(dest ...any) error }

// scanDocument reads the documentColumns of a row, and any extra columns
// into extra.
func scanDocument(row scanner, extra ...any) (*Document, error) {
	dest, finish := docDest()
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	return finish(), nil
}

// docDest returns scan destinations for the documentColumns and a function
// that makes the Document once the row is scanned.
func docDest() ([]any, func() *Document) {
	var d Document
	var vis, srcVis, retractedAt, retractedBy, reason, ingested, updated string
	dest := []any{&d.ID, &d.Title, &d.Body, &d.Category, &d.Department, &d.Published,
		&d.DocNumber, &d.IndexNumber, &d.Source, &vis, &srcVis, &d.SHA256, &d.Format, &d.Quality,
		&retractedAt, &retractedBy, &reason, &d.Version, &ingested, &updated}
	return dest, func() *Document {
		d.Visibility = Visibility(vis)
		d.SourceVisibility = Visibility(srcVis)
		if retractedAt != "" {
			d.Retraction = &Retraction{At: parseTime(retractedAt), By: retractedBy, Reason: reason}
		}
		d.IngestedAt = parseTime(ingested)
		d.UpdatedAt = parseTime(updated)
		return &d
	}
}

// columnsOf lists the documentColumns as alias.column, for a LEFT JOIN
// (coalesced to empty values) or for the versions table (whose doc_id and
// valid_from stand for id and updated_at).
func columnsOf(alias string, versions, coalesce bool) string {
	var out []string
	for _, c := range strings.Split(documentColumns, ",") {
		c = strings.TrimSpace(c)
		if versions {
			switch c {
			case "id":
				c = "doc_id"
			case "updated_at":
				c = "valid_from"
			}
		}
		col := alias + "." + c
		if coalesce {
			zero := "''"
			if c == "version" {
				zero = "0"
			}
			col = "COALESCE(" + col + ", " + zero + ")"
		}
		out = append(out, col)
	}
	return strings.Join(out, ", ")
}

func getDocument(ctx context.Context, q queryer, id string) (*Document, error) {
	d, err := scanDocument(q.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Errorf(ENOTFOUND, "文档 %q 不存在", id)
	}
	if err != nil {
		return nil, fmt.Errorf("records: get %s: %w", id, err)
	}
	return d, nil
}

// Get returns the current record with the given id, or an ENOTFOUND error.
func (s *Store) Get(ctx context.Context, id string) (*Document, error) {
	return getDocument(ctx, s.db, id)
}

// GetMany returns the current records among ids; missing ids are absent from
// the map.
func (s *Store) GetMany(ctx context.Context, ids []string) (map[string]*Document, error) {
	return s.getMany(ctx, ids, documentColumns, "get many")
}

// Metadata is GetMany without the text: Body is left empty. Exports and
// listings that never show the text read far less.
func (s *Store) Metadata(ctx context.Context, ids []string) (map[string]*Document, error) {
	return s.getMany(ctx, ids, strings.Replace(documentColumns, "body,", "'' AS body,", 1), "metadata")
}

// getMany reads the records among ids with the given columns.
func (s *Store) getMany(ctx context.Context, ids []string, cols, what string) (map[string]*Document, error) {
	out := make(map[string]*Document, len(ids))
	err := s.inChunks(ctx, ids, `SELECT `+cols+` FROM documents WHERE id IN `, func(rows *sql.Rows) error {
		d, err := scanDocument(rows)
		if err != nil {
			return fmt.Errorf("records: scan document: %w", err)
		}
		out[d.ID] = d
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("records: %s: %w", what, err)
	}
	return out, nil
}

// Versions returns the current version of each existing record among ids:
// a cheap freshness check for caches of derived text.
func (s *Store) Versions(ctx context.Context, ids []string) (map[string]int, error) {
	out := make(map[string]int, len(ids))
	err := s.inChunks(ctx, ids, `SELECT id, version FROM documents WHERE id IN `, func(rows *sql.Rows) error {
		var id string
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		out[id] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("records: versions: %w", err)
	}
	return out, nil
}

// inChunks runs query + "(?, ?, …)" for ids in chunks of 500, within
// SQLite's limit on bound variables, calling row for every row.
func (s *Store) inChunks(ctx context.Context, ids []string, query string, row func(*sql.Rows) error) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		rows, err := s.db.QueryContext(ctx, query+`(?`+strings.Repeat(", ?", len(part)-1)+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := row(rows); err != nil {
				rows.Close()
				return err
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Count returns the number of current records.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM documents`).Scan(&n); err != nil {
		return 0, fmt.Errorf("records: count: %w", err)
	}
	return n, nil
}

// Scan calls fn for every current record in id order, reading in pages so no
// long read transaction is held. fn's error stops the scan and is returned.
func (s *Store) Scan(ctx context.Context, fn func(*Document) error) error {
	after := ""
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+documentColumns+` FROM documents
			WHERE id > ? ORDER BY id LIMIT 500`, after)
		if err != nil {
			return fmt.Errorf("records: scan: %w", err)
		}
		var page []*Document
		for rows.Next() {
			d, err := scanDocument(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("records: scan document: %w", err)
			}
			page = append(page, d)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("records: scan: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		after = page[len(page)-1].ID
	}
}

// Rejection is a source an ingest run could not take in.
type Rejection struct {
	Source string
	Code   string
	Reason string
	At     time.Time
}

// RecordRejections appends rejected sources to the rejection log.
func (s *Store) RecordRejections(ctx context.Context, rs []Rejection) error {
	if len(rs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: begin rejections: %w", err)
	}
	defer tx.Rollback()
	now := s.Now().UTC().Format(timeFormat)
	for _, r := range rs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rejections (source, code, reason, at) VALUES (?, ?, ?, ?)`,
			r.Source, r.Code, r.Reason, now); err != nil {
			return fmt.Errorf("records: record rejection: %w", err)
		}
	}
	return tx.Commit()
}
