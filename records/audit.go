package records

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The audit log records every write: who (actor), when, what (action) to
// what (target), and the hash of the target's canonical state before and
// after. Each entry is chained to the one before it:
//
//	hash(n) = hex(SHA-256(canonical("xxgk-audit/1",
//	              seq, at, actor, action, target, before_hash, after_hash, detail, prev_hash)))
//	prev_hash(n) = hash(n-1); prev_hash(1) = 64 zeros (GenesisHash)
//
// canonical(tag, v1, …, vk) is the tag and a newline, then for each value,
// in the order listed, its field name, a space, its length in bytes in
// decimal, a colon, the value's bytes and a newline:
//
//	xxgk-audit/1\n
//	seq 1:7\n
//	at 27:2025-09-26T08:00:01.000000Z\n
//	actor 13:system:ingest\n …
//
// Lengths make the encoding unambiguous whatever the values contain; seq is
// in decimal and times in the stored form (UTC, microseconds, fixed width).
// Anyone can recompute the chain from the table with this description
// alone; `archive verify` does. Editing a row breaks its hash, deleting or
// reordering rows breaks the chain (and leaves a gap in seq), and the state
// hashes tie the chain to the records (see StateHash).

// GenesisHash is the prev_hash of the first audit entry.
var GenesisHash = strings.Repeat("0", 64)

// Audit actions on documents. Other packages add their own (request.*,
// user.*), in the same dotted form.
const (
	ActionInsert      = "document.insert"
	ActionUpdate      = "document.update"
	ActionDelete      = "document.delete"
	ActionRetract     = "document.retract"
	ActionRestore     = "document.restore"
	ActionVisibility  = "document.visibility"
	ActionSourceAdded = "document.source_added" // an exact duplicate merged in
	ActionAdopt       = "document.adopt"        // a record older than the audit log
	ActionLink        = "link.add"
)

// DocumentTarget is the audit target of a document.
func DocumentTarget(id string) string { return "document:" + id }

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	Seq    int64
	At     time.Time
	Actor  string // a staff account, or system:ingest, system:migration…
	Action string // e.g. document.update
	Target string // e.g. document:ID, request:17
	// BeforeHash and AfterHash are hashes of the target's canonical state
	// before and after the write ("" when it did not exist / no longer does).
	BeforeHash string
	AfterHash  string
	// Detail says more for a reader: the reason given, the version made.
	Detail   string
	PrevHash string
	Hash     string
}

// ComputeHash returns the chain hash of the entry as described above.
func (e *AuditEntry) ComputeHash() string {
	return canonicalHash("xxgk-audit/1",
		"seq", strconv.FormatInt(e.Seq, 10),
		"at", formatTime(e.At),
		"actor", e.Actor,
		"action", e.Action,
		"target", e.Target,
		"before_hash", e.BeforeHash,
		"after_hash", e.AfterHash,
		"detail", e.Detail,
		"prev_hash", e.PrevHash)
}

// canonicalHash is the hex SHA-256 of canonical(tag, name1, value1, …).
func canonicalHash(tag string, kv ...string) string {
	h := sha256.New()
	var num [20]byte
	h.Write([]byte(tag))
	h.Write([]byte{'\n'})
	for i := 0; i+1 < len(kv); i += 2 {
		h.Write([]byte(kv[i]))
		h.Write([]byte{' '})
		h.Write(strconv.AppendInt(num[:0], int64(len(kv[i+1])), 10))
		h.Write([]byte{':'})
		h.Write([]byte(kv[i+1]))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// StateHash is the hash of a record's canonical state: every column of its
// documents row, in the order below, encoded as canonical("xxgk-document/1",
// …). The after-hash of the latest audit entry of a record equals the hash
// of its row, so a row changed without an audit entry is found by verify. A
// nil document (deleted, or not yet existing) hashes to "".
func StateHash(d *Document) string {
	if d == nil {
		return ""
	}
	var r Retraction
	if d.Retraction != nil {
		r = *d.Retraction
	}
	return canonicalHash("xxgk-document/1",
		"id", d.ID,
		"version", strconv.Itoa(d.Version),
		"title", d.Title,
		"body", d.Body,
		"category", d.Category,
		"department", d.Department,
		"published", d.Published,
		"doc_number", d.DocNumber,
		"index_number", d.IndexNumber,
		"source", d.Source,
		"visibility", string(d.Visibility),
		"source_visibility", string(d.SourceVisibility),
		"sha256", d.SHA256,
		"format", d.Format,
		"quality", d.Quality,
		"retracted_at", formatTime(r.At),
		"retracted_by", r.By,
		"retraction_reason", r.Reason,
		"ingested_at", formatTime(d.IngestedAt),
		"updated_at", formatTime(d.UpdatedAt))
}

// formatTime is the stored form of a time; the zero time is "".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFormat)
}

// Tx is a write transaction on the store. Other packages that keep their
// own tables in the records database (the request desk, accounts) make
// their change and its audit entry in one Tx, through Store.WithTx and
// AppendAudit, so that neither can exist without the other.
type Tx struct {
	tx  *sql.Tx
	now time.Time
	// tail of the audit chain, read once per transaction.
	tailRead bool
	tailSeq  int64
	tailHash string
}

// Now is the store clock's reading at the start of the transaction; every
// row the transaction writes carries it.
func (tx *Tx) Now() time.Time { return tx.now }

// ExecContext runs a statement inside the transaction.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query inside the transaction.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query inside the transaction.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, query, args...)
}

func (tx *Tx) nowText() string { return formatTime(tx.now) }

// WithTx runs fn in one write transaction (BEGIN IMMEDIATE: writers of every
// process are serialised) and commits when it returns nil.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("records: begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, now: s.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("records: commit: %w", err)
	}
	return nil
}

// AppendAudit appends e to the audit log inside tx, filling Seq, At (the
// transaction's time when zero), PrevHash and Hash, and returns it. Actor,
// Action and Target are required.
func AppendAudit(ctx context.Context, tx *Tx, e AuditEntry) (AuditEntry, error) {
	switch {
	case strings.TrimSpace(e.Actor) == "":
		return e, Errorf(EINVALID, "审计记录缺少操作者")
	case e.Action == "" || e.Target == "":
		return e, Errorf(EINVALID, "审计记录缺少操作或对象")
	}
	if !tx.tailRead {
		err := tx.tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).
			Scan(&tx.tailSeq, &tx.tailHash)
		if errors.Is(err, sql.ErrNoRows) {
			tx.tailSeq, tx.tailHash, err = 0, GenesisHash, nil
		}
		if err != nil {
			return e, fmt.Errorf("records: read audit tail: %w", err)
		}
		tx.tailRead = true
	}
	if e.At.IsZero() {
		e.At = tx.now
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seq = tx.tailSeq + 1
	e.PrevHash = tx.tailHash
	e.Hash = e.ComputeHash()
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, action, target,
		before_hash, after_hash, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, formatTime(e.At), e.Actor, e.Action, e.Target, e.BeforeHash, e.AfterHash, e.Detail,
		e.PrevHash, e.Hash); err != nil {
		return e, fmt.Errorf("records: append audit entry: %w", err)
	}
	tx.tailSeq, tx.tailHash = e.Seq, e.Hash
	return e, nil
}

// AppendAudit appends one entry in a transaction of its own, for actions
// that change nothing else in the records database.
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	var out AuditEntry
	err := s.WithTx(ctx, func(tx *Tx) error {
		var err error
		out, err = AppendAudit(ctx, tx, e)
		return err
	})
	return out, err
}

// AuditQuery selects audit entries: all of them by default, oldest first.
type AuditQuery struct {
	Target string // only this target ("" = all)
	Actor  string // only this actor ("" = all)
	After  int64  // entries with seq > After
	Limit  int    // at most this many (default 100, at most 10,000)
}

// AuditLog returns audit entries in seq order.
func (s *Store) AuditLog(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	q.Limit = min(q.Limit, 10000)
	where := []string{"seq > ?"}
	args := []any{q.After}
	if q.Target != "" {
		where = append(where, "target = ?")
		args = append(args, q.Target)
	}
	if q.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, q.Actor)
	}
	args = append(args, q.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT seq, at, actor, action, target, before_hash, after_hash,
		detail, prev_hash, hash FROM audit_log WHERE `+strings.Join(where, " AND ")+` ORDER BY seq LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("records: read audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: read audit log: %w", err)
	}
	return out, nil
}

func scanAudit(row scanner) (AuditEntry, error) {
	var e AuditEntry
	var at string
	if err := row.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Target, &e.BeforeHash, &e.AfterHash,
		&e.Detail, &e.PrevHash, &e.Hash); err != nil {
		return e, fmt.Errorf("records: scan audit entry: %w", err)
	}
	e.At = parseTime(at)
	return e, nil
}

// AccessEntry is one read by staff: who viewed, exported or downloaded what.
type AccessEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string // AccessView, AccessExport, AccessDownload, AccessSearch
	Target string // document:ID, or the query of an export
	Detail string
}

// Access actions.
const (
	AccessView     = "view"
	AccessExport   = "export"
	AccessDownload = "download"
	AccessSearch   = "search"
)

// LogAccess appends a read to the access log. The access log is kept apart
// from the audit log: reads are many, change nothing, and are not chained.
func (s *Store) LogAccess(ctx context.Context, e AccessEntry) error {
	if strings.TrimSpace(e.Actor) == "" || e.Action == "" {
		return Errorf(EINVALID, "访问记录缺少操作者或操作")
	}
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO access_log (at, actor, action, target, detail)
		VALUES (?, ?, ?, ?, ?)`, formatTime(e.At), e.Actor, e.Action, e.Target, e.Detail); err != nil {
		return fmt.Errorf("records: log access: %w", err)
	}
	return nil
}

// AccessQuery selects access-log entries, newest first.
type AccessQuery struct {
	Actor  string // "" = all
	Target string // "" = all
	Before int64  // entries with id < Before (0 = from the newest)
	Limit  int    // default 100, at most 10,000
}

// AccessLog returns access-log entries, newest first.
func (s *Store) AccessLog(ctx context.Context, q AccessQuery) ([]AccessEntry, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	q.Limit = min(q.Limit, 10000)
	where := []string{"1 = 1"}
	var args []any
	if q.Before > 0 {
		where = append(where, "id < ?")
		args = append(args, q.Before)
	}
	if q.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, q.Actor)
	}
	if q.Target != "" {
		where = append(where, "target = ?")
		args = append(args, q.Target)
	}
	args = append(args, q.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, target, detail FROM access_log
		WHERE `+strings.Join(where, " AND ")+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("records: read access log: %w", err)
	}
	defer rows.Close()
	var out []AccessEntry
	for rows.Next() {
		var e AccessEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("records: scan access entry: %w", err)
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: read access log: %w", err)
	}
	return out, nil
}
