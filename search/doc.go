// Package search answers queries over the archive: it parses our query
// language (package query), translates it to bleve in one place
// (compile.go), runs it with the visibility filter inside the index query,
// and returns its own result types with facets and highlighted snippets.
//
// Finding every exact string and ranking by words are two jobs. The index has
// no positions (they would make it several times larger), so a string of
// three or more characters is found in two steps, as code-search engines do:
// the character layer (unigrams and bigrams) proposes candidates, and the
// records' normalised text confirms them. Documents whose word layer already
// holds the string need no confirmation, because every word token is a
// contiguous piece of the text; only the rest are read. Candidates that fail
// are excluded inside the index query, so totals, pages and facet counts are
// exact.
//
// The default (relevance) mode segments the query into words, requires every
// content word (question words and particles never block a match), relaxes
// to most of the words when that finds too little, and ranks by BM25 over
// both layers with boosts for title matches, for the whole query appearing
// contiguously and for the words appearing close together. Exact mode
// requires every whitespace-separated term contiguously, relaxes nothing,
// and promises a complete result set.
package search
