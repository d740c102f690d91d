// Package zh is the archive's Chinese text analysis: one normaliser shared by
// indexing and querying, and the two tokenizers the index is built from.
//
// Normalisation (Normalize, Analyze) folds what a reader treats as the same
// text: Unicode NFKC (full-width ＡＢＣ１２３ becomes ABC123), traditional
// characters to simplified, Latin to lower case, diacritics dropped from
// Latin letters, zero-width characters removed. It works rune by rune and
// remembers, for every output rune, where in the original it came from, so
// that tokens and highlights point at the original text, never at the
// normalised copy. Version names the rules; any change to them must bump it,
// because an index built under other rules would no longer match its queries.
//
// CharTokens emits every Han character as a unigram and every pair of
// adjacent Han characters as a bigram, and every run of Latin letters and
// digits as one token: the recall layer, which finds a string whatever the
// segmenter made of it. WordTokens segments with gse in search mode over a
// simplified dictionary plus the archive's domain dictionary (信息公开,
// 依申请公开, department names…): the ranking layer.
//
// The package knows nothing of bleve; the indexer registers these tokenizers
// with bleve under stable names.
package zh
