package search

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search/query"
)

// This file is the one place our query language becomes bleve queries.

// fieldPair is one text field's two layers.
type fieldPair struct{ words, chars string }

var (
	titleOnly = []fieldPair{{indexer.FieldTitleWords, indexer.FieldTitleChars}}
	allFields = []fieldPair{
		{indexer.FieldTitleWords, indexer.FieldTitleChars},
		{indexer.FieldBodyWords, indexer.FieldBodyChars},
	}
)

// titleBoost weights a match in the title against one in the body.
const titleBoost = 1.5

// compiler turns one parsed query into bleve queries. It runs the
// verification searches it needs as it goes, so it holds the engine.
type compiler struct {
	ctx   context.Context
	e     *Engine
	exact bool
	// base holds the cheap filters the final query also carries
	// (visibility, facets, dates): verification only reads documents that
	// pass them.
	base bq.Query
	// terms are the positive strings found, for highlighting and for the
	// whole-query and proximity boosts.
	terms []string
	// words are the content words of the bare text at the top level: the
	// ones relaxation may drop.
	words []string
	// stopOnly collects bare text made only of question words and
	// particles, used only when the query has nothing else.
	stopOnly []string
	// termsOnly compiles for the highlight terms alone: no verification
	// searches are run.
	termsOnly bool
}

// compiled is a query in its strict form and, when the query is made of
// words that may be relaxed, in its relaxed form.
type compiled struct {
	strict bq.Query
	// relaxed are looser forms, tried in order while too little is found.
	relaxed []bq.Query
	// loose marks the forms that drop to "any one word": tried only when
	// the results are still very few, not merely fewer than a page.
	loose []bool
}

// top compiles the whole query. Bare text directly under the top level is
// the relaxable part; everything else (phrases, filters, exclusions, OR
// groups) is always required.
func (c *compiler) top(n query.Node) (compiled, error) {
	if n == nil {
		return compiled{strict: bq.NewMatchAllQuery()}, nil
	}
	var children []query.Node
	switch n := n.(type) {
	case query.And:
		children = n.Nodes
	default:
		children = []query.Node{n}
	}
	var must, mustNot, pool, optional, parts []bq.Query
	var singles []string // single-character words
	var typed []string   // the bare text, for the scoring bigrams
	// Phrases are required as typed; when even the loosest level finds too
	// little, a last level reads their words instead (Chinese prose quotes
	// with 「」 and “”, so a quoted sentence is often not an operator).
	var unphrased, phraseWords []bq.Query
	for _, ch := range children {
		if p, ok := ch.(query.Phrase); ok && !c.exact {
			q, err := c.node(p, false)
			if err != nil {
				return compiled{}, err
			}
			if q != nil {
				must = append(must, q)
			}
			ws, err := c.wordClauses(p.Value, false)
			if err != nil {
				return compiled{}, err
			}
			for _, w := range ws {
				if !w.single {
					phraseWords = append(phraseWords, w.q)
				}
			}
			typed = append(typed, p.Value)
			continue
		}
		if t, ok := ch.(query.Text); ok && !c.exact {
			typed = append(typed, t.Value)
			words, err := c.wordClauses(t.Value, true)
			if err != nil {
				return compiled{}, err
			}
			for _, w := range words {
				parts = append(parts, w.parts...)
				if w.single {
					optional = append(optional, w.q)
					singles = append(singles, w.text)
				} else {
					pool = append(pool, w.q)
				}
			}
			continue
		}
		if not, ok := ch.(query.Not); ok {
			q, err := c.node(not.Node, true)
			if err != nil {
				return compiled{}, err
			}
			if q != nil {
				mustNot = append(mustNot, q)
			}
			continue
		}
		q, err := c.node(ch, false)
		if err != nil {
			return compiled{}, err
		}
		if q != nil {
			must = append(must, q)
			unphrased = append(unphrased, q)
		}
	}
	if len(must)+len(pool)+len(optional) == 0 && len(c.stopOnly) > 0 {
		// The query is nothing but particles (的, 什么…): search for them.
		for _, w := range dedupe(c.stopOnly) {
			q, err := c.contiguous(w, allFields, false)
			if err != nil {
				return compiled{}, err
			}
			if q != nil {
				pool = append(pool, q)
			}
		}
	}
	// Single characters only block a match when the query has nothing else:
	// 由, 哪 or 3 in a question are too weak to exclude a document that has
	// every real word. They still add to the score when present.
	if len(pool) == 0 {
		pool, optional = optional, nil
	} else {
		// With real words present, lone characters only add score. Their
		// full clause is a prefix lookup over every bigram starting with
		// the character (slow for common ones); the unigram term, which
		// holds the character where it ends a run, is enough for scoring.
		optional = optional[:0]
		for _, ch := range singles {
			optional = append(optional, term(indexer.FieldBodyChars, ch), term(indexer.FieldTitleChars, ch))
		}
	}
	strictMust := append(append([]bq.Query{}, must...), pool...)
	out := compiled{strict: bq.NewBooleanQuery(strictMust, optional, mustNot)}
	// strictFirst keeps the documents with every word ahead of the rest
	// inside a relaxed level.
	strictFirst := func() bq.Query {
		all := bq.NewConjunctionQuery(strictMust)
		all.SetBoost(2)
		return all
	}
	// Relax to "most of the words" (two of three, three of four…), then to
	// any one word of two or more characters, ranked by how many match;
	// never to a lone character.
	var levels []int
	if k := int(math.Ceil(float64(len(pool)) * 2 / 3)); len(pool) >= 2 && k < len(pool) {
		levels = append(levels, k)
	}
	if (len(pool) >= 2 || len(parts) > 0) && (len(levels) == 0 || levels[0] > 1) {
		levels = append(levels, 1)
	}
	if len(must) > 0 && len(pool) > 0 {
		// A quoted phrase or a filter stays required; the words around it
		// (「福爾摩沙」原文是何種語言) may all be missing from the answer.
		levels = append(levels, 0)
	}
	for _, min := range levels {
		should := append(append([]bq.Query{}, pool...), optional...)
		if min == 1 {
			should = append(should, parts...)
		}
		b := bq.NewBooleanQuery(must, append(should, strictFirst()), mustNot)
		b.SetMinShould(float64(min))
		out.relaxed = append(out.relaxed, b)
		out.loose = append(out.loose, min <= 1)
	}
	// Last, quoted phrases read as their words.
	if len(phraseWords) > 0 {
		words := append(append([]bq.Query{}, pool...), phraseWords...)
		should := append(append(append(append([]bq.Query{}, words...), optional...), parts...), strictFirst())
		b := bq.NewBooleanQuery(unphrased, should, mustNot)
		b.SetMinShould(math.Ceil(float64(len(words)) * 2 / 3))
		out.relaxed = append(out.relaxed, b)
		out.loose = append(out.loose, true)
	}
	// Rank by the typed text's own character bigrams too, as a plain
	// bigram BM25 would: it rewards a document that shares more of a long
	// question than the words alone show. Scoring only: the clauses sit
	// beside each level's query and never change which documents match.
	if scoring := scoringBigrams(typed); len(scoring) > 0 {
		out.strict = bq.NewBooleanQuery([]bq.Query{out.strict}, scoring, nil)
		for i, q := range out.relaxed {
			out.relaxed[i] = bq.NewBooleanQuery([]bq.Query{q}, scoring, nil)
		}
	}
	return out, nil
}

// scoringBigrams returns term queries for the distinct CJK bigrams of the
// typed text (body and title layers), capped so a pasted paragraph cannot
// make a query of thousands of clauses.
func scoringBigrams(texts []string) []bq.Query {
	seen := map[string]bool{}
	var out []bq.Query
	for _, t := range texts {
		rs := []rune(zh.Normalize(t))
		for i := 0; i+1 < len(rs) && len(seen) < 32; i++ {
			if !zh.IsCJK(rs[i]) || !zh.IsCJK(rs[i+1]) {
				continue
			}
			bg := string(rs[i : i+2])
			if seen[bg] {
				continue
			}
			seen[bg] = true
			body := term(indexer.FieldBodyChars, bg)
			body.SetBoost(1.0)
			title := term(indexer.FieldTitleChars, bg)
			title.SetBoost(1.0)
			out = append(out, body, title)
		}
	}
	if len(seen) < 3 {
		return nil // a short query's words already say it all
	}
	return out
}

// boolean builds a conjunction with exclusions, simplifying trivial cases.
func boolean(must, should, mustNot []bq.Query) bq.Query {
	if len(must) == 0 && len(should) == 0 {
		must = []bq.Query{bq.NewMatchAllQuery()}
	}
	if len(must) == 1 && len(should) == 0 && len(mustNot) == 0 {
		return must[0]
	}
	return bq.NewBooleanQuery(must, should, mustNot)
}

// node compiles one node; negated is set under a NOT, where matches are not
// highlighted.
func (c *compiler) node(n query.Node, negated bool) (bq.Query, error) {
	switch n := n.(type) {
	case query.And:
		var must, mustNot []bq.Query
		for _, ch := range n.Nodes {
			if not, ok := ch.(query.Not); ok {
				q, err := c.node(not.Node, !negated)
				if err != nil {
					return nil, err
				}
				if q != nil {
					mustNot = append(mustNot, q)
				}
				continue
			}
			q, err := c.node(ch, negated)
			if err != nil {
				return nil, err
			}
			if q != nil {
				must = append(must, q)
			}
		}
		if len(must) == 0 && len(mustNot) == 0 {
			return nil, nil
		}
		return boolean(must, nil, mustNot), nil
	case query.Or:
		var alts []bq.Query
		for _, ch := range n.Nodes {
			q, err := c.node(ch, negated)
			if err != nil {
				return nil, err
			}
			if q == nil {
				// A side that constrains nothing makes the OR match all.
				return nil, nil
			}
			alts = append(alts, q)
		}
		return bq.NewDisjunctionQuery(alts), nil
	case query.Not:
		q, err := c.node(n.Node, !negated)
		if err != nil || q == nil {
			return nil, err
		}
		return bq.NewBooleanQuery([]bq.Query{bq.NewMatchAllQuery()}, nil, []bq.Query{q}), nil
	case query.Text:
		if c.exact {
			return c.contiguous(zh.Normalize(n.Value), allFields, negated)
		}
		ws, err := c.wordClauses(n.Value, !negated)
		if err != nil || len(ws) == 0 {
			return nil, err
		}
		var must, should []bq.Query
		for _, w := range ws {
			if w.single {
				should = append(should, w.q)
			} else {
				must = append(must, w.q)
			}
		}
		if len(must) == 0 {
			must = should
		}
		return boolean(must, nil, nil), nil
	case query.Phrase:
		return c.contiguous(zh.Normalize(n.Value), allFields, negated)
	case query.Field:
		return c.field(n, negated)
	case query.YearRange:
		return termRange(indexer.FieldYear, fmt.Sprintf("%04d", n.From), fmt.Sprintf("%04d", n.To)), nil
	case query.DateRange:
		return termRange(indexer.FieldPublished, n.From, n.To), nil
	}
	return nil, records.Errorf(records.EINVALID, "无法处理的检索式成分 %T", n)
}

// termRange matches keyword values between lo and hi inclusive; "" is open.
func termRange(field, lo, hi string) bq.Query {
	t := true
	var q *bq.TermRangeQuery
	if hi == "" {
		hi = "\U0010FFFF"
	}
	q = bq.NewTermRangeInclusiveQuery(lo, hi, &t, &t)
	q.SetField(field)
	return q
}

func term(field, value string) *bq.TermQuery {
	q := bq.NewTermQuery(value)
	q.SetField(field)
	return q
}

func (c *compiler) field(f query.Field, negated bool) (bq.Query, error) {
	switch f.Name {
	case "category":
		return term(indexer.FieldCategoryN, zh.Normalize(f.Value)), nil
	case "department":
		return term(indexer.FieldDepartmentN, zh.Normalize(f.Value)), nil
	case "doc_number":
		return term(indexer.FieldDocNumber, zh.NormalizeDocNumber(f.Value)), nil
	case "index_number":
		return term(indexer.FieldIndexNumber, zh.Normalize(f.Value)), nil
	case "title":
		return c.contiguous(zh.Normalize(f.Value), titleOnly, negated)
	}
	return nil, records.Errorf(records.EINVALID, "未知的字段 %q", f.Name)
}

// wordClause is the clause of one query word.
type wordClause struct {
	text   string
	q      bq.Query
	single bool // a single character: optional when the query has real words
	// parts are the bigrams of a run of characters the dictionary does not
	// know (a name, or a name with the verb after it: 白岳峰打); the last
	// relaxation level may match on them.
	parts []bq.Query
}

// wordClauses segments typed text into words and returns one contiguous
// clause per content word. Question words and particles are dropped unless
// nothing else is left.
func (c *compiler) wordClauses(text string, highlight bool) ([]wordClause, error) {
	words, err := zh.Segment(text)
	if err != nil {
		return nil, err
	}
	words = zh.JoinUnknown(words)
	var content []string
	for _, w := range words {
		if !zh.IsStopword(w) {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		// Only particles and question words: they constrain nothing
		// unless the whole query is made of them (see top).
		c.stopOnly = append(c.stopOnly, words...)
		return nil, nil
	}
	var out []wordClause
	for _, w := range dedupe(content) {
		q, err := c.contiguous(w, allFields, !highlight)
		if err != nil {
			return nil, err
		}
		if q != nil {
			rs := []rune(w)
			single := len(rs) == 1
			wc := wordClause{text: w, q: q, single: single}
			if len(rs) >= 3 && !zh.IsWord(w) {
				for i := 0; i+1 < len(rs); i++ {
					if p, err := c.contiguous(string(rs[i:i+2]), allFields, true); err == nil && p != nil {
						wc.parts = append(wc.parts, p)
					}
				}
			}
			out = append(out, wc)
			if highlight && !single {
				c.words = append(c.words, w)
			}
		}
	}
	return out, nil
}

// unitKind says how an alphanumeric run of the query must match a token.
type unitKind int

const (
	whole  unitKind = iota // the token is exactly this
	prefix                 // the token starts with this (run ends the string)
	suffix                 // the token ends with this (run starts the string)
	infix                  // the token contains this (run is the whole string)
)

type unit struct {
	text string
	kind unitKind
}

// charUnits lists the character-layer terms a document containing s must
// have, and reports whether having them proves the document contains s
// (true for one character, one bigram, or one alphanumeric run).
//
// In exact mode a run of letters or digits at either end of s may be part of
// a longer token in the document (searching 201 must find 2018), so it
// matches by prefix, suffix or infix; in relevance mode runs match whole
// tokens, which is what a person typing 2019 means.
func charUnits(s string, exact bool) ([]unit, bool) {
	rs := []rune(s)
	var out []unit
	pieces := 0
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case zh.IsCJK(r):
			j := i + 1
			for j < len(rs) && zh.IsCJK(rs[j]) {
				j++
			}
			if j-i == 1 {
				// One character. With a non-CJK neighbour in s it is at
				// the end of a run in the document too, where the index
				// keeps unigrams; bare, it may sit inside a run, where only
				// the bigrams starting with it hold it (zh.CharTokens).
				u := unit{text: string(rs[i:j])}
				if i == 0 && j == len(rs) {
					u.kind = prefix
				}
				out = append(out, u)
			}
			for k := i; k+1 < j; k++ {
				out = append(out, unit{text: string(rs[k : k+2])})
			}
			if j-i > 2 {
				pieces++ // a longer run needs its bigrams confirmed in order
			}
			pieces++
			i = j
		case zh.IsAlnum(r):
			j := i + 1
			for j < len(rs) && zh.IsAlnum(rs[j]) {
				j++
			}
			kind := whole
			if exact {
				atStart, atEnd := i == 0, j == len(rs)
				switch {
				case atStart && atEnd:
					kind = infix
				case atStart:
					kind = suffix
				case atEnd:
					kind = prefix
				}
			}
			run := string(rs[i:j])
			if j-i > zh.MaxRunLen {
				// The index cut this run into pieces; the first piece is
				// a prefix of a token, and the text check does the rest.
				run = string(rs[i : i+zh.MaxRunLen])
				if kind == whole || kind == prefix {
					kind = prefix
				} else {
					kind = infix
				}
				pieces++
			}
			out = append(out, unit{text: run, kind: kind})
			pieces++
			i = j
		default:
			pieces++ // punctuation or space: only the text check sees it
			i++
		}
	}
	return out, pieces == 1 && len(out) > 0
}

func unitQuery(u unit, field string, boost float64) bq.Query {
	var q bq.FieldableQuery
	switch u.kind {
	case prefix:
		q = bq.NewPrefixQuery(u.text)
	case suffix:
		q = bq.NewRegexpQuery(".*" + regexp.QuoteMeta(u.text))
	case infix:
		q = bq.NewRegexpQuery(".*" + regexp.QuoteMeta(u.text) + ".*")
	default:
		q = bq.NewTermQuery(u.text)
	}
	q.SetField(field)
	if b, ok := q.(bq.BoostableQuery); ok {
		b.SetBoost(boost)
	}
	return q
}

// contiguous returns a query for the documents whose fields contain the
// normalised string s contiguously. Candidates come from the character
// layer (and the word layer when s is one dictionary word); when the
// candidates do not prove the match, the ones not already proven by a word
// token are read from the records and those that fail are excluded.
func (c *compiler) contiguous(s string, fields []fieldPair, negated bool) (bq.Query, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	units, proven := charUnits(s, c.exact)
	if len(units) == 0 && !c.exact {
		return nil, nil // punctuation typed in relevance mode constrains nothing
	}
	if !negated {
		c.terms = append(c.terms, s)
	}
	wordOK := !strings.ContainsAny(s, " \t\n") && zh.IsWord(s)
	var alts, charAlts, wordAlts []bq.Query
	for _, f := range fields {
		boost := 1.0
		if f.chars == indexer.FieldTitleChars {
			boost = titleBoost
		}
		if len(units) > 0 {
			qs := make([]bq.Query, len(units))
			for i, u := range units {
				qs[i] = unitQuery(u, f.chars, boost)
			}
			var cq bq.Query = bq.NewConjunctionQuery(qs)
			if len(qs) == 1 {
				cq = qs[0]
			}
			alts = append(alts, cq)
			charAlts = append(charAlts, cq)
		}
		if wordOK {
			w := term(f.words, s)
			w.SetBoost(boost)
			alts = append(alts, w)
			wordAlts = append(wordAlts, w)
		}
	}
	if len(alts) == 0 {
		// Punctuation only, in exact mode: every document is a candidate.
		alts = []bq.Query{bq.NewMatchAllQuery()}
		charAlts = alts
	}
	var cand bq.Query = bq.NewDisjunctionQuery(alts)
	if len(alts) == 1 {
		cand = alts[0]
	}
	if proven || c.termsOnly {
		return cand, nil
	}
	failed, err := c.e.confirm(c.ctx, s, fields, c.base, charAlts, wordAlts)
	if err != nil {
		return nil, err
	}
	if len(failed) == 0 {
		return cand, nil
	}
	return bq.NewBooleanQuery([]bq.Query{cand}, nil, []bq.Query{bq.NewDocIDQuery(failed)}), nil
}
