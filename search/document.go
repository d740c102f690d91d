package search

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
)

// Document returns the record id as audience a may see it. A record the
// audience may not see is reported exactly like a missing one (ENOTFOUND),
// so the public cannot even learn that a withheld id exists.
//
// The visibility check is the same index filter searches use, applied in the
// index query; the stored record is checked too, so a record withdrawn a
// moment ago (before the index caught up) is not shown either.
func (e *Engine) Document(ctx context.Context, id string, a Audience) (*records.Document, error) {
	notFound := records.Errorf(records.ENOTFOUND, "没有编号为 %q 的文档", id)
	if id == "" {
		return nil, notFound
	}
	if a != Staff {
		ids := bq.NewDocIDQuery([]string{id})
		req := bleve.NewSearchRequestOptions(withFilter(ids, VisibilityFilter(a)), 1, 0, false)
		sr, err := e.index.SearchInContext(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("search: document %s: %w", id, err)
		}
		if sr.Total == 0 {
			return nil, notFound
		}
	}
	d, err := e.store.Get(ctx, id)
	if err != nil {
		if records.ErrorCode(err) == records.ENOTFOUND {
			return nil, notFound
		}
		return nil, err
	}
	if a != Staff && !d.IsPublic() {
		return nil, notFound
	}
	return d, nil
}

// Terms returns the normalised strings a query highlights, as Search would
// mark them. A document page reached from a search uses it to mark the same
// words in the full text. A query that does not parse highlights nothing.
func (e *Engine) Terms(ctx context.Context, q string, exact bool) []string {
	q = strings.TrimSpace(q)
	if q == "" || len([]rune(q)) > MaxQueryLen {
		return nil
	}
	ast, err := parseQuery(q)
	if err != nil || ast == nil {
		return nil
	}
	c := &compiler{ctx: ctx, e: e, exact: exact, termsOnly: true}
	if _, err := c.top(ast); err != nil {
		return nil
	}
	return dedupe(c.terms)
}

// Related returns up to n documents related to d that audience a may see:
// first the others of its 文号 series (same issuer and year, e.g. every
// 清大校发〔2018〕), newest first, then the most similar by title.
func (e *Engine) Related(ctx context.Context, d *records.Document, a Audience, n int) ([]Hit, error) {
	seen := map[string]bool{d.ID: true}
	var out []Hit
	add := func(hits []Hit) {
		for _, h := range hits {
			if len(out) < n && !seen[h.ID] {
				seen[h.ID] = true
				out = append(out, h)
			}
		}
	}
	if series := docSeries(d.DocNumber); series != "" {
		res, err := e.Search(ctx, Request{Query: quote(series), Exact: true, Sort: SortDate, Size: n + 1, Audience: a})
		if err != nil && records.ErrorCode(err) != records.EINVALID {
			return nil, err
		}
		if res != nil {
			add(res.Hits)
		}
	}
	if len(out) < n && strings.TrimSpace(d.Title) != "" {
		res, err := e.Search(ctx, Request{Query: similarQuery(d.Title), Size: n + 1, Audience: a})
		if err != nil {
			var re *records.Error
			if errors.As(err, &re) && re.Code == records.EINVALID {
				return out, nil
			}
			return nil, err
		}
		add(res.Hits)
	}
	return out, nil
}

// docSeries returns the issuer-and-year part of a 文号 (清大校发〔2018〕 of
// 清大校发〔2018〕12号), or "" when the number has no bracketed year.
func docSeries(num string) string {
	num = zh.NormalizeDocNumber(num)
	i := strings.Index(num, "〔")
	j := strings.Index(num, "〕")
	if i <= 0 || j < i {
		return ""
	}
	return num[:j+len("〕")]
}

// quote makes s one phrase of the query language.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, "") + `"`
}

// similarQuery turns a title into a query of its words joined by OR, so that
// documents sharing the most distinctive words rank first without having to
// contain all of them.
func similarQuery(title string) string {
	words, err := zh.Segment(title)
	if err != nil {
		return ""
	}
	var parts []string
	for _, w := range words {
		w = strings.TrimSpace(w)
		if len([]rune(w)) < 2 || zh.IsStopword(w) || !hasLetter(w) {
			continue
		}
		parts = append(parts, quote(w))
	}
	return strings.Join(parts, " OR ")
}

func hasLetter(s string) bool {
	for _, r := range s {
		if zh.IsCJK(r) || zh.IsAlnum(r) {
			return true
		}
	}
	return false
}
