package records

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Change is one entry of the change feed, joined with the record's current
// state: Doc is nil when the record no longer exists.
type Change struct {
	Seq     int64
	DocID   string
	Op      string // "put" or "delete"
	Version int    // the version this change made (for a delete, the deletion's number; 0 for a checklist filing, see filing.go)
	At      time.Time
	Doc     *Document
	// Closed is the version this change ended (Version-1), with its
	// interval [ValidFrom, ValidTo = At), or nil when there was none (a
	// first version, a return after a deletion, or a record older than the
	// versions table). Versions never change, so it is what it was.
	Closed *Version
}

// LastSeq returns the number of the newest change, 0 for an empty feed.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(seq) FROM changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("records: last seq: %w", err)
	}
	return seq.Int64, nil
}

// Changes returns the changes after seq in order, at most maxChanges of them
// and stopping once the documents read add up to maxBytes of text (at least
// one change is returned when any exists). Each change carries the record's
// current state rather than the state at that change: a follower that applies
// it is idempotent, and applying a batch twice does no harm.
func (s *Store) Changes(ctx context.Context, after int64, maxChanges, maxBytes int) ([]Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.seq, c.doc_id, c.op, c.version, c.at,
		d.id IS NOT NULL, `+columnsOf("d", false, true)+`,
		COALESCE((SELECT f.item FROM checklist_filings f WHERE f.doc_id = c.doc_id), ''),
		pv.doc_id IS NOT NULL, `+columnsOf("pv", true, true)+`, COALESCE(pv.action, ''),
		COALESCE(pv.actor, ''), COALESCE(pv.reason, ''), COALESCE(pv.audit_seq, 0)
		FROM changes c LEFT JOIN documents d ON d.id = c.doc_id
		LEFT JOIN versions pv ON pv.doc_id = c.doc_id AND pv.version = c.version - 1 AND pv.action <> 'delete'
		WHERE c.seq > ? ORDER BY c.seq LIMIT ?`, after, maxChanges)
	if err != nil {
		return nil, fmt.Errorf("records: read changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	bytes := 0
	for rows.Next() {
		var c Change
		var at string
		var exists, closed bool
		var v Version
		var filed string
		cur, curDoc := docDest()
		prev, prevDoc := docDest()
		dest := []any{&c.Seq, &c.DocID, &c.Op, &c.Version, &at, &exists}
		dest = append(dest, cur...)
		dest = append(dest, &filed, &closed)
		dest = append(dest, prev...)
		dest = append(dest, &v.Action, &v.Actor, &v.Reason, &v.AuditSeq)
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("records: scan change: %w", err)
		}
		c.At = parseTime(at)
		if exists {
			c.Doc = curDoc()
			c.Doc.ChecklistItem = filed
			bytes += len(c.Doc.Body) + len(c.Doc.Title)
		}
		if closed {
			v.Doc = *prevDoc()
			v.ValidFrom, v.ValidTo = v.Doc.UpdatedAt, c.At
			c.Closed = &v
			bytes += len(v.Doc.Body) + len(v.Doc.Title)
		}
		out = append(out, c)
		if bytes >= maxBytes {
			break
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: read changes: %w", err)
	}
	return out, nil
}
