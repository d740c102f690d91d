package records

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, s.Now().UTC().Format(timeFormat)); err != nil {
		return fmt.Errorf("records: record migration %s: %w", name, err)
	}
	return tx.Commit()
}

// PutStatus says what Put did with one document.
type PutStatus int

// The outcomes of Put.
const (
	Unchanged PutStatus = iota // identical to the stored record: nothing written
	Inserted                   // a new record
	Updated                    // an existing record changed; its version went up
)

func (p PutStatus) String() string {
	switch p {
	case Inserted:
		return "inserted"
	case Updated:
		return "updated"
	}
	return "unchanged"
}

// Incoming is a document to store with the original bytes it came from.
type Incoming struct {
	Doc      Document
	Original []byte
}

// Put stores documents in one transaction: each new or changed document is
// written and appended to the change feed; an identical one is left alone, so
// re-ingesting an unchanged source changes nothing. Originals are written to
// the blob store and synced before the transaction commits, so a committed
// record never points at a missing file.
func (s *Store) Put(ctx context.Context, in []Incoming) ([]PutStatus, error) {
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

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("records: begin put: %w", err)
	}
	defer tx.Rollback()
	now := s.Now().UTC().Format(timeFormat)
	out := make([]PutStatus, len(in))
	for i := range in {
		st, err := putOne(ctx, tx, &in[i].Doc, now)
		if err != nil {
			return nil, err
		}
		out[i] = st
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("records: commit put: %w", err)
	}
	return out, nil
}

func putOne(ctx context.Context, tx *sql.Tx, d *Document, now string) (PutStatus, error) {
	old, err := getDocument(ctx, tx, d.ID)
	switch {
	case err == nil:
		if sameContent(old, d) {
			*d = *old
			return Unchanged, nil
		}
		d.Version = old.Version + 1
		d.IngestedAt = old.IngestedAt
		_, err = tx.ExecContext(ctx, `UPDATE documents SET title = ?, body = ?, category = ?, department = ?,
			published = ?, doc_number = ?, index_number = ?, source = ?, visibility = ?, sha256 = ?,
			format = ?, version = ?, updated_at = ? WHERE id = ?`,
			d.Title, d.Body, d.Category, d.Department, d.Published, d.DocNumber, d.IndexNumber,
			d.Source, string(d.Visibility), d.SHA256, d.Format, d.Version, now, d.ID)
		if err != nil {
			return 0, fmt.Errorf("records: update %s: %w", d.ID, err)
		}
		if err := appendChange(ctx, tx, d.ID, "put", d.Version, now); err != nil {
			return 0, err
		}
		d.UpdatedAt, _ = time.Parse(timeFormat, now)
		return Updated, nil
	case ErrorCode(err) == ENOTFOUND:
		d.Version = 1
		_, err = tx.ExecContext(ctx, `INSERT INTO documents (id, title, body, category, department,
			published, doc_number, index_number, source, visibility, sha256, format, version,
			ingested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Title, d.Body, d.Category, d.Department, d.Published, d.DocNumber,
			d.IndexNumber, d.Source, string(d.Visibility), d.SHA256, d.Format, d.Version, now, now)
		if err != nil {
			return 0, fmt.Errorf("records: insert %s: %w", d.ID, err)
		}
		if err := appendChange(ctx, tx, d.ID, "put", d.Version, now); err != nil {
			return 0, err
		}
		d.IngestedAt, _ = time.Parse(timeFormat, now)
		d.UpdatedAt = d.IngestedAt
		return Inserted, nil
	default:
		return 0, err
	}
}

func appendChange(ctx context.Context, tx *sql.Tx, id, op string, version int, now string) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO changes (doc_id, op, version, at) VALUES (?, ?, ?, ?)`,
		id, op, version, now); err != nil {
		return fmt.Errorf("records: append change for %s: %w", id, err)
	}
	return nil
}

// Delete removes a record and appends the deletion to the change feed. Its
// original file stays in the blob store.
func (s *Store) Delete(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: begin delete: %w", err)
	}
	defer tx.Rollback()
	old, err := getDocument(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
		return fmt.Errorf("records: delete %s: %w", id, err)
	}
	if err := appendChange(ctx, tx, id, "delete", old.Version+1, s.Now().UTC().Format(timeFormat)); err != nil {
		return err
	}
	return tx.Commit()
}

// queryer is what reads need from *sql.DB and *sql.Tx alike.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const documentColumns = `id, title, body, category, department, published, doc_number, index_number,
	source, visibility, sha256, format, version, ingested_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanDocument(row scanner) (*Document, error) {
	var d Document
	var vis, ingested, updated string
	if err := row.Scan(&d.ID, &d.Title, &d.Body, &d.Category, &d.Department, &d.Published,
		&d.DocNumber, &d.IndexNumber, &d.Source, &vis, &d.SHA256, &d.Format, &d.Version,
		&ingested, &updated); err != nil {
		return nil, err
	}
	d.Visibility = Visibility(vis)
	d.IngestedAt, _ = time.Parse(timeFormat, ingested)
	d.UpdatedAt, _ = time.Parse(timeFormat, updated)
	return &d, nil
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
	out := make(map[string]*Document, len(ids))
	err := s.inChunks(ctx, ids, `SELECT `+documentColumns+` FROM documents WHERE id IN `, func(rows *sql.Rows) error {
		d, err := scanDocument(rows)
		if err != nil {
			return fmt.Errorf("records: scan document: %w", err)
		}
		out[d.ID] = d
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("records: get many: %w", err)
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
