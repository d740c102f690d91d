package records

import (
	"context"
	"database/sql"
	"fmt"
)

// Change is one entry of the change feed, joined with the record's current
// state: Doc is nil when the record no longer exists.
type Change struct {
	Seq   int64
	DocID string
	Op    string // "put" or "delete"
	Doc   *Document
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
	rows, err := s.db.QueryContext(ctx, `SELECT c.seq, c.doc_id, c.op, d.id IS NOT NULL,
		COALESCE(d.id, ''), COALESCE(d.title, ''), COALESCE(d.body, ''), COALESCE(d.category, ''),
		COALESCE(d.department, ''), COALESCE(d.published, ''), COALESCE(d.doc_number, ''),
		COALESCE(d.index_number, ''), COALESCE(d.source, ''), COALESCE(d.visibility, ''),
		COALESCE(d.sha256, ''), COALESCE(d.format, ''), COALESCE(d.version, 0),
		COALESCE(d.ingested_at, ''), COALESCE(d.updated_at, '')
		FROM changes c LEFT JOIN documents d ON d.id = c.doc_id
		WHERE c.seq > ? ORDER BY c.seq LIMIT ?`, after, maxChanges)
	if err != nil {
		return nil, fmt.Errorf("records: read changes: %w", err)
	}
	defer rows.Close()
	var out []Change
	bytes := 0
	for rows.Next() {
		var c Change
		var exists bool
		var d Document
		var vis, ingested, updated string
		if err := rows.Scan(&c.Seq, &c.DocID, &c.Op, &exists, &d.ID, &d.Title, &d.Body,
			&d.Category, &d.Department, &d.Published, &d.DocNumber, &d.IndexNumber, &d.Source,
			&vis, &d.SHA256, &d.Format, &d.Version, &ingested, &updated); err != nil {
			return nil, fmt.Errorf("records: scan change: %w", err)
		}
		if exists {
			d.Visibility = Visibility(vis)
			d.IngestedAt = parseTime(ingested)
			d.UpdatedAt = parseTime(updated)
			c.Doc = &d
			bytes += len(d.Body) + len(d.Title)
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
