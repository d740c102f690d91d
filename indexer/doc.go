// Package indexer takes sources in (folders, files, JSONL manifests), turns
// them into records, and keeps the bleve index in step with the records'
// change feed.
//
// The index is a view: it stores the sequence number of the last change it
// applied, inside the same bleve batch as the documents of that change, so a
// crash at any point leaves it at a consistent sequence and catching up from
// there applies nothing twice and misses nothing. An index built under a
// different MappingVersion is deleted and rebuilt from the records.
//
// This package also registers the Chinese analyzers with bleve (see
// analysis.go); every binary that opens the index must import it, because
// bleve rebuilds analyzers by their registered names when it opens an index.
package indexer
