// Package records is the archive's source of truth: documents, their original
// files and the numbered change feed that every derived view (the bleve index,
// later read replicas) follows.
//
// Every write is one SQLite transaction that changes the documents table,
// appends the new version (every state a record has been in is kept), the
// hash-chained audit entry and the change-feed row together, so a reader of
// the feed can never see a document change that is not recorded, nor miss
// one, and `archive verify` can prove that nothing was changed behind the
// store's back (docs/audit.md). Originals are stored on disk
// content-addressed by SHA-256 and are never modified.
//
// The package imports only the standard library and the SQLite driver; it
// knows nothing of indexing or search.
package records
