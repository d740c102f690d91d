// Package sample embeds the bundled demo corpus of a fictional university
// (清源大学, Qingyuan University, xxgk.qyu.edu.cn).
//
// The corpus lives under corpus/: manifest.jsonl carries one JSON object per
// document (metadata, and either the body text or a path to a file under
// html/ or text/). A few files are deliberately left out of the manifest so
// that folder-walking ingestion can be exercised, and several HTML pages are
// GBK-encoded, some without any charset declaration. See README.md.
//
// All people, companies and figures in the corpus are invented.
package sample

import "embed"

// Corpus holds the sample documents; paths start with "corpus/".
//
//go:embed corpus
var Corpus embed.FS
