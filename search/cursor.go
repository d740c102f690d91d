package search

import (
	"context"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

// DefaultCursorPage is how many hits a Cursor reads per index request. A
// page costs one pass of the query over the index (scored, when the order is
// relevance), so pages are large; records are read without their text.
const DefaultCursorPage = 2000

// Cursor walks every hit of a request in order, a page at a time, for
// exports: each page is one index request that starts after the last hit of
// the one before (search_after), so memory stays bounded however many hits
// there are and nothing is capped. It finds the same set Search finds
// (same relaxation), in the same order without the re-ranking of the first
// page: by score then id (relevance), or by date then id.
type Cursor struct {
	e       *Engine
	req     Request
	q       bq.Query
	sort    []string
	score   bool
	after   []string
	total   int
	relaxed bool
	done    bool
	// PageSize is the number of hits per index request (default
	// DefaultCursorPage).
	PageSize int
}

// Cursor plans req (its Page and Size are ignored) and counts its hits.
func (e *Engine) Cursor(ctx context.Context, req Request) (*Cursor, error) {
	req.Page, req.Size = 0, 0
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	ast, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	fl := newFilters(&req)
	base := fl.all("")
	c := &compiler{ctx: ctx, e: e, exact: req.Exact, base: base}
	compiled, err := c.top(ast)
	if err != nil {
		return nil, err
	}
	cur := &Cursor{e: e, req: req, PageSize: DefaultCursorPage}
	cur.q = withFilter(compiled.strict, base)
	if cur.total, err = e.count(ctx, cur.q); err != nil {
		return nil, err
	}
	// Relax exactly as Search does, on counts alone.
	for i, rq := range compiled.relaxed {
		if cur.total >= e.opt.RelaxBelow || (compiled.loose[i] && cur.total >= e.opt.LooseBelow) {
			break
		}
		q := withFilter(rq, base)
		n, err := e.count(ctx, q)
		if err != nil {
			return nil, err
		}
		if n > cur.total {
			cur.q, cur.total, cur.relaxed = q, n, true
		}
	}
	if req.Sort == SortDate || ast == nil {
		cur.sort = []string{"-" + indexer.FieldPublished, "_id"}
	} else {
		cur.sort = []string{"-_score", "-" + indexer.FieldPublished, "_id"}
		cur.score = true
	}
	return cur, nil
}

// Total is the number of hits the index reports for the request.
func (c *Cursor) Total() int { return c.total }

// Relaxed reports whether the hits include documents with only most of the
// query's words (see Result.Relaxed).
func (c *Cursor) Relaxed() bool { return c.relaxed }

// Next returns the next page of hits as the records they stand for,
// without their text (a past version's snapshot for a past unit:
// Document.Version says which), or nil at the end. A record the audience may no longer see (changed
// since the index caught up) is left out.
func (c *Cursor) Next(ctx context.Context) ([]*records.Document, error) {
	for !c.done {
		size := c.PageSize
		if size <= 0 {
			size = DefaultCursorPage
		}
		sr := bleve.NewSearchRequestOptions(c.q, size, 0, false)
		sr.SortBy(c.sort)
		if !c.score {
			sr.Score = bleve.ScoreNone
		}
		if c.after != nil {
			sr.SearchAfter = c.after
		}
		res, err := c.e.index.SearchInContext(ctx, sr)
		if err != nil {
			return nil, fmt.Errorf("search: export page: %w", err)
		}
		if len(res.Hits) < size {
			c.done = true
		}
		if len(res.Hits) == 0 {
			return nil, nil
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		last := res.Hits[len(res.Hits)-1]
		c.after = make([]string, len(c.sort))
		for i, s := range c.sort {
			switch s {
			case "-_score":
				c.after[i] = strconv.FormatFloat(last.Score, 'g', -1, 64)
			case "_id":
				c.after[i] = last.ID
			default:
				c.after[i] = last.Sort[i]
			}
		}
		docs, err := c.e.readUnits(ctx, ids, false)
		if err != nil {
			return nil, err
		}
		out := make([]*records.Document, 0, len(ids))
		for _, id := range ids {
			d := docs[id]
			if d == nil || (c.req.Audience != Staff && !d.IsPublic()) {
				continue
			}
			out = append(out, d)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, nil
}

// count is the number of documents matching q.
func (e *Engine) count(ctx context.Context, q bq.Query) (int, error) {
	r, err := e.index.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return int(r.Total), nil
}

// IndexVersion names the mapping and text rules of the index and the last
// change of the records it has applied, e.g. "2+zh1@1234": an export
// records it so that its results can be reproduced and checked.
func (e *Engine) IndexVersion() string {
	seq := int64(0)
	if e.idx != nil {
		seq = e.idx.Seq()
	}
	return fmt.Sprintf("%s@%d", indexer.IndexVersion(), seq)
}
