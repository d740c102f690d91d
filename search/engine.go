package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search/query"
)

// Options tune an Engine.
type Options struct {
	// RelaxBelow: when a query of three or more words finds fewer results
	// than this with all of them, it is retried requiring most of them.
	RelaxBelow int
	// LooseBelow: the loosest forms (any one word; quoted phrases read as
	// words) are tried only while fewer results than this were found. It
	// defaults to a page (10): lowering it to 3 keeps short queries tighter
	// but costs the question sets 0.4–0.5 points of Success@10.
	LooseBelow int
	// RerankWindow is how many top hits are re-scored on their text for
	// the whole-query and proximity boosts.
	RerankWindow int
	// TextCacheBytes bounds the cache of normalised record text used to
	// confirm matches (default 256 MB).
	TextCacheBytes int
	Logger         *slog.Logger
}

// SetDefaults fills unset options.
func (o *Options) SetDefaults() {
	if o.RelaxBelow <= 0 {
		o.RelaxBelow = 10
	}
	if o.LooseBelow <= 0 {
		o.LooseBelow = 10
	}
	if o.RerankWindow <= 0 {
		o.RerankWindow = 30
	}
	if o.TextCacheBytes <= 0 {
		o.TextCacheBytes = 256 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Engine runs searches against an index and its record store.
type Engine struct {
	idx   *indexer.Index
	index bleve.Index
	store *records.Store
	opt   Options
	texts *textCache
}

// New returns an engine over idx.
func New(idx *indexer.Index, opt Options) *Engine {
	opt.SetDefaults()
	return &Engine{idx: idx, index: idx.Bleve(), store: idx.Store(), opt: opt, texts: newTextCache(opt.TextCacheBytes)}
}

// facet fields and how many values each facet returns.
var facetFields = []struct {
	field string
	size  int
}{
	{indexer.FieldCategory, 50},
	{indexer.FieldDepartment, 100},
	{indexer.FieldYear, maxFacetSize},
	{indexer.FieldChecklist, 100},
}

// filters are the cheap constraints of a request, kept per facet so each
// facet's counts can be taken without its own filter.
type filters struct {
	always []bq.Query          // visibility and date range
	facet  map[string]bq.Query // facet field → its filter
}

func (f filters) all(except string) bq.Query {
	qs := append([]bq.Query{}, f.always...)
	for field, q := range f.facet {
		if field != except {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewConjunctionQuery(qs)
}

// VisibilityFilter is the one place the public surface is decided: for the
// public only records that are public now (visibility public, not
// retracted) exist; staff see every record, in its current state. Every
// query the engine runs for an audience carries it inside the index query.
//
// The index holds every version of every record as a unit (see
// indexer.FieldScope): this filter keeps the current ones.
func VisibilityFilter(a Audience) bq.Query {
	return ViewFilter(a, time.Time{}, false)
}

// ViewFilter is VisibilityFilter for every view of the archive:
//
//   - now (asOf zero, allVersions false): VisibilityFilter;
//   - as of an instant: the units in force at asOf (valid_from ≤ asOf <
//     valid_to) that the public could see then;
//   - all versions (staff): every unit, past versions and deleted records'
//     included; nil, no filter. For the public it is the current view.
func ViewFilter(a Audience, asOf time.Time, allVersions bool) bq.Query {
	switch {
	case !asOf.IsZero():
		ms := float64(asOf.UnixMilli())
		open := ms + 1
		t := true
		from := bq.NewNumericRangeInclusiveQuery(nil, &ms, nil, &t)
		from.SetField(indexer.FieldValidFrom)
		to := bq.NewNumericRangeInclusiveQuery(&open, nil, &t, nil)
		to.SetField(indexer.FieldValidTo)
		return bq.NewConjunctionQuery([]bq.Query{term(indexer.FieldScope, indexer.ScopeVisible), from, to})
	case allVersions && a == Staff:
		return nil
	case a == Staff:
		return term(indexer.FieldScope, indexer.ScopeCurrent)
	}
	return term(indexer.FieldScope, indexer.ScopePublic)
}

func newFilters(r *Request) filters {
	f := filters{facet: map[string]bq.Query{}}
	if v := ViewFilter(r.Audience, r.asOf, r.AllVersions); v != nil {
		f.always = append(f.always, v)
	}
	if r.From != "" || r.To != "" {
		f.always = append(f.always, termRange(indexer.FieldPublished, r.From, r.To))
	}
	if r.Category != "" {
		f.facet[indexer.FieldCategory] = term(indexer.FieldCategory, r.Category)
	}
	if r.Department != "" {
		f.facet[indexer.FieldDepartment] = term(indexer.FieldDepartment, r.Department)
	}
	if r.Year != 0 {
		f.facet[indexer.FieldYear] = term(indexer.FieldYear, strconv.Itoa(r.Year))
	}
	if r.Checklist != "" {
		f.facet[indexer.FieldChecklist] = term(indexer.FieldChecklist, r.Checklist)
	}
	return f
}

// parseQuery parses the query language; a mistake is an EINVALID error
// whose message (with its position) can be shown to the user.
func parseQuery(q string) (query.Node, error) {
	ast, err := query.Parse(q)
	if err != nil {
		if qe, ok := errors.AsType[*query.Error](err); ok {
			return nil, records.Errorf(records.EINVALID, "%s", qe.Msg)
		}
		return nil, records.Errorf(records.EINVALID, "检索式有误：%v", err)
	}
	return ast, nil
}

// Search runs one request. Errors a user caused are EINVALID records.Errors
// with a message to show.
func (e *Engine) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.Normalize(); err != nil {
		return nil, err
	}
	ast, err := parseQuery(req.Query)
	if err != nil {
		return nil, err
	}
	fl := newFilters(&req)
	c := &compiler{ctx: ctx, e: e, exact: req.Exact, base: fl.all("")}
	q, err := c.top(ast)
	if err != nil {
		return nil, err
	}
	res, err := e.run(ctx, &req, q.strict, fl, c, ast == nil)
	if err != nil {
		return nil, err
	}
	strict := res.Total
	for i, rq := range q.relaxed {
		if res.Total >= e.opt.RelaxBelow || (q.loose[i] && res.Total >= e.opt.LooseBelow) {
			break
		}
		relaxed, err := e.run(ctx, &req, rq, fl, c, false)
		if err != nil {
			return nil, err
		}
		if relaxed.Total > res.Total {
			res = relaxed
			res.Relaxed = true
			res.StrictTotal = strict
		}
	}
	res.Terms = dedupe(c.terms)
	res.Took = time.Since(start)
	return res, nil
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// run executes a compiled query: the page of hits, then each facet.
func (e *Engine) run(ctx context.Context, req *Request, q bq.Query, fl filters, c *compiler, browse bool) (*Result, error) {
	offset := (req.Page - 1) * req.Size
	rerank := req.Sort == SortRelevance && !req.Exact && !browse && offset < e.opt.RerankWindow
	from, size := offset, req.Size
	if rerank {
		from, size = 0, max(e.opt.RerankWindow, offset+req.Size)
	}
	main := bleve.NewSearchRequestOptions(withFilter(q, fl.all("")), size, from, false)
	switch {
	case req.Sort == SortDate || browse:
		main.SortBy([]string{"-" + indexer.FieldPublished, "-_score", "_id"})
	default:
		main.SortBy([]string{"-_score", "-" + indexer.FieldPublished, "_id"})
	}
	for _, ff := range facetFields {
		if _, filtered := fl.facet[ff.field]; !filtered {
			main.AddFacet(ff.field, bleve.NewFacetRequest(ff.field, ff.size))
		}
	}
	sr, err := e.index.SearchInContext(ctx, main)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res := &Result{Total: int(sr.Total), Page: req.Page, Size: req.Size}
	facets := map[string][]FacetValue{}
	for _, ff := range facetFields {
		if fr, ok := sr.Facets[ff.field]; ok {
			facets[ff.field] = facetValues(fr)
		}
	}
	// A facet the user filtered on is counted without its own filter.
	for field := range fl.facet {
		fr := bleve.NewSearchRequestOptions(withFilter(q, fl.all(field)), 0, 0, false)
		size := 0
		for _, ff := range facetFields {
			if ff.field == field {
				size = ff.size
			}
		}
		fr.AddFacet(field, bleve.NewFacetRequest(field, size))
		r, err := e.index.SearchInContext(ctx, fr)
		if err != nil {
			return nil, fmt.Errorf("search: facet %s: %w", field, err)
		}
		facets[field] = facetValues(r.Facets[field])
	}
	res.Facets = Facets{
		Category:   facets[indexer.FieldCategory],
		Department: facets[indexer.FieldDepartment],
		Year:       sortYears(facets[indexer.FieldYear]),
		Checklist:  facets[indexer.FieldChecklist],
	}

	ids := make([]string, len(sr.Hits))
	scores := make(map[string]float64, len(sr.Hits))
	for i, h := range sr.Hits {
		ids[i] = h.ID
		scores[h.ID] = h.Score
	}
	docs, err := e.units(ctx, ids)
	if err != nil {
		return nil, err
	}
	if rerank {
		texts := e.normalizedDocs(docs, ids[:min(len(ids), e.opt.RerankWindow)])
		ids = e.rerank(ids, scores, docs, texts, c)
		if offset >= len(ids) {
			ids = nil
		} else {
			ids = ids[offset:min(len(ids), offset+req.Size)]
		}
	}
	res.Hits = make([]Hit, 0, len(ids))
	terms := dedupe(c.terms)
	versioned := req.AsOf != "" || req.AllVersions
	for _, id := range ids {
		d := docs[id]
		if d == nil {
			continue // deleted since the index last caught up
		}
		if req.Audience != Staff && !d.IsPublic() {
			continue // changed since the index last caught up: never shown
		}
		snippet, matches := Snippet(d.Body, terms, 120)
		link := "/documents/" + url.PathEscape(d.ID)
		if versioned {
			link = Permalink(d.ID, d.Version)
		}
		res.Hits = append(res.Hits, Hit{
			ID: d.ID, Title: d.Title, Category: d.Category, Department: d.Department,
			Published: d.Published, DocNumber: d.DocNumber, Visibility: d.Visibility,
			Snippet: snippet, TitleHTML: Highlight(d.Title, terms), Matches: matches,
			URL: link, Version: d.Version, Score: scores[id],
		})
	}
	return res, nil
}

// Permalink is the address of one version of a record: /documents/{id}/v/{n}.
func Permalink(id string, version int) string {
	return "/documents/" + url.PathEscape(id) + "/v/" + strconv.Itoa(version)
}

// units reads the records the index units uids stand for, keyed by unit
// id: a record's current state for its own id, a version's snapshot for a
// past unit. Ordinary searches find current units only, read in one query.
func (e *Engine) units(ctx context.Context, uids []string) (map[string]*records.Document, error) {
	return e.readUnits(ctx, uids, true)
}

// readUnits is units, with the records' text or without it.
func (e *Engine) readUnits(ctx context.Context, uids []string, withText bool) (map[string]*records.Document, error) {
	current := uids
	var past []records.VersionKey
	if slices.ContainsFunc(uids, isPastUnit) {
		current = make([]string, 0, len(uids))
		for _, uid := range uids {
			if id, v := indexer.ParseUnitID(uid); v != 0 {
				past = append(past, records.VersionKey{ID: id, Version: v})
			} else {
				current = append(current, uid)
			}
		}
	}
	getMany, getVersions := e.store.GetMany, e.store.GetVersions
	if !withText {
		getMany, getVersions = e.store.Metadata, e.store.VersionMetadata
	}
	docs, err := getMany(ctx, current)
	if err != nil {
		return nil, err
	}
	if len(past) > 0 {
		vs, err := getVersions(ctx, past)
		if err != nil {
			return nil, err
		}
		for k, d := range vs {
			docs[indexer.VersionUnitID(k.ID, k.Version)] = d
		}
	}
	return docs, nil
}

func isPastUnit(uid string) bool {
	_, v := indexer.ParseUnitID(uid)
	return v != 0
}

func withFilter(q, filter bq.Query) bq.Query {
	if filter == nil {
		return q
	}
	b := bq.NewBooleanQuery([]bq.Query{q}, nil, nil)
	b.AddFilter(filter)
	return b
}

func facetValues(fr *bsearch.FacetResult) []FacetValue {
	if fr == nil || fr.Terms == nil {
		return []FacetValue{}
	}
	out := make([]FacetValue, 0, fr.Terms.Len())
	for _, t := range fr.Terms.Terms() {
		if t.Term == "" {
			continue
		}
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}

// sortYears orders the year facet newest first, as a timeline reads.
func sortYears(v []FacetValue) []FacetValue {
	sort.SliceStable(v, func(i, j int) bool { return v[i].Value > v[j].Value })
	return v
}

// rerank re-scores the top hits on their text: a bonus when the whole query
// appears contiguously (more in the title), and one for the query's words
// appearing close together. Date breaks ties.
func (e *Engine) rerank(ids []string, scores map[string]float64, docs map[string]*records.Document, texts map[string]*normText, c *compiler) []string {
	window := min(len(ids), e.opt.RerankWindow)
	whole := ""
	if len(c.words) > 1 {
		whole = strings.Join(c.words, "")
	}
	type scored struct {
		id    string
		score float64
		date  string
	}
	top := make([]scored, 0, window)
	for _, id := range ids[:window] {
		d, t := docs[id], texts[id]
		s := scored{id: id, score: scores[id]}
		if d != nil && t != nil {
			s.date = d.Published
			bonus := 1.0
			if whole != "" && strings.Contains(t.title, whole) {
				bonus += 1.0
			}
			if len(c.words) > 1 {
				body := t.body
				if whole != "" && strings.Contains(body, whole) {
					bonus += 0.5
				}
				bonus += 0.5 * proximity(body, c.words)
			}
			s.score *= bonus
		}
		top = append(top, s)
	}
	sort.SliceStable(top, func(i, j int) bool {
		if top[i].score != top[j].score {
			return top[i].score > top[j].score
		}
		return top[i].date > top[j].date
	})
	out := make([]string, 0, len(ids))
	for _, s := range top {
		out = append(out, s.id)
	}
	return append(out, ids[window:]...)
}

// proximity is 1 when all words occur within a short window of the text and
// falls towards 0 as the smallest window holding them all grows.
func proximity(text string, words []string) float64 {
	type occ struct{ pos, word int }
	var occs []occ
	for wi, w := range words {
		from := 0
		for n := 0; n < 200; n++ {
			i := strings.Index(text[from:], w)
			if i < 0 {
				break
			}
			occs = append(occs, occ{from + i, wi})
			from += i + len(w)
		}
	}
	if len(occs) == 0 {
		return 0
	}
	sort.Slice(occs, func(i, j int) bool { return occs[i].pos < occs[j].pos })
	need := len(words)
	count := make([]int, need)
	have, best := 0, -1
	lo := 0
	for hi := range occs {
		if count[occs[hi].word] == 0 {
			have++
		}
		count[occs[hi].word]++
		for have == need {
			span := occs[hi].pos - occs[lo].pos
			if best < 0 || span < best {
				best = span
			}
			count[occs[lo].word]--
			if count[occs[lo].word] == 0 {
				have--
			}
			lo++
		}
	}
	if best < 0 {
		return 0
	}
	// best is in bytes (3 per Han character): 60 bytes ≈ 20 characters.
	return 1 / (1 + float64(best)/60)
}

// confirm finds, among the documents that pass base, those the character
// layer proposes for s but that do not contain s contiguously. Documents
// whose word layer holds s are proven already and never read.
func (e *Engine) confirm(ctx context.Context, s string, fields []fieldPair, base bq.Query, charAlts, wordAlts []bq.Query) ([]string, error) {
	var q bq.Query = bq.NewDisjunctionQuery(charAlts)
	var mustNot []bq.Query
	if len(wordAlts) > 0 {
		mustNot = []bq.Query{bq.NewDisjunctionQuery(wordAlts)}
	}
	q = bq.NewBooleanQuery([]bq.Query{q}, nil, mustNot)
	ids, err := e.allIDs(ctx, withFilter(q, base))
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	texts, err := e.normalized(ctx, ids)
	if err != nil {
		return nil, err
	}
	titleOnly := len(fields) == 1
	var failed []string
	for _, id := range ids {
		t := texts[id]
		switch {
		case t == nil:
			failed = append(failed, id) // deleted since the index caught up
		case strings.Contains(t.title, s):
		case !titleOnly && strings.Contains(t.body, s):
		default:
			failed = append(failed, id)
		}
	}
	return failed, nil
}

// allIDs returns the ids of every document matching q, unscored.
func (e *Engine) allIDs(ctx context.Context, q bq.Query) ([]string, error) {
	count := bleve.NewSearchRequestOptions(q, 0, 0, false)
	cr, err := e.index.SearchInContext(ctx, count)
	if err != nil {
		return nil, fmt.Errorf("search: count candidates: %w", err)
	}
	if cr.Total == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(q, int(cr.Total), 0, false)
	req.Score = bleve.ScoreNone
	sr, err := e.index.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: list candidates: %w", err)
	}
	ids := make([]string, len(sr.Hits))
	for i, h := range sr.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
