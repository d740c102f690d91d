// Package neardup finds near-duplicate documents: the same notice reposted
// by another department with a different header, a corrected date, a
// changed signature line. Exact duplicates (the same original bytes) are the
// record store's business; this package catches the copies whose bytes
// differ but whose text barely does.
//
// A document's Fingerprint is a 64-bit SimHash (Charikar 2002, as used for
// web pages by Manku et al. 2007) over overlapping 4-character shingles of
// its normalised text: every letter and digit kept, everything else
// (spaces, punctuation, markup leftovers) dropped, full-width forms folded,
// traditional characters simplified. Similar texts get fingerprints that
// differ in few bits; two documents are near duplicates when their
// fingerprints are at most MaxDistance bits apart.
//
// The title, the header lines and the signature block are left out (see
// withoutFrame): a repost changes exactly those. Character shingles, not
// words: they need no segmenter, work the same on Chinese and Latin text,
// and a changed line touches only the shingles that overlap it.
//
// Fingerprints are not yet stored with the records: indexer.LoadNearDup
// computes them from every body when a command starts. A fingerprint
// depends only on the text, shingleHash (fixed) and the zh normaliser
// (versioned), so it can be kept in a column, with the normaliser's
// version, once the store has one.
package neardup
