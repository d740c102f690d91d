package records

import (
	"context"
	"database/sql"
)

// QueryContext runs a read-only query on the records database. Packages that
// keep their own tables beside the records (accounts, the request desk) read
// through it and write through WithTx, so every write carries its audit
// entry.
func (s *Store) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a read-only one-row query on the records database.
func (s *Store) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, query, args...)
}
