package records

import (
	"context"
	"fmt"
)

// NeedsAttention lists the records whose extraction staff should check (a
// garbage text layer, pages left for OCR, low OCR confidence, warnings; the
// verdict is written into the quality record at ingest), newest first, with
// their total. The body is not read.
func (s *Store) NeedsAttention(ctx context.Context, limit, offset int) ([]*Document, int, error) {
	const where = ` FROM documents WHERE quality <> '' AND json_extract(quality, '$.needs_attention') = 1`
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+where).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("records: count needs-attention: %w", err)
	}
	cols := columnsOf("documents", false, false)
	rows, err := s.db.QueryContext(ctx, `SELECT `+cols+where+` ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("records: list needs-attention: %w", err)
	}
	defer rows.Close()
	var out []*Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("records: read needs-attention: %w", err)
		}
		d.Body = ""
		out = append(out, d)
	}
	return out, total, rows.Err()
}
