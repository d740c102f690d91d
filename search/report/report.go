package report

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/checklist"
	"github.com/xxgk-archive/archive/records/deadline"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
)

// Schema names the JSON form of a Report; it changes only when a field
// changes meaning or goes away (new fields may be added).
const Schema = "xxgk-annual-report/1"

// Report is the statistics section of an annual report (信息公开工作年度报告)
// for one period. Its JSON form is stable: see docs/report.md.
type Report struct {
	Schema string `json:"schema"`
	Title  string `json:"title"`
	// Institution is the body reporting ("" when not given).
	Institution string `json:"institution,omitempty"`
	Period      Period `json:"period"`
	// GeneratedAt is when the report was computed (UTC, RFC 3339).
	GeneratedAt string `json:"generated_at"`
	// IndexVersion is the index the proactive figures were counted on.
	IndexVersion string        `json:"index_version"`
	Checklist    ChecklistInfo `json:"checklist"`
	Narrative    Narrative     `json:"narrative"`
	Proactive    Proactive     `json:"proactive"`
	Requests     Requests      `json:"requests"`
	Cases        []Cases       `json:"cases"`
	// Items is the 清单事项公开情况表: every item of the checklist, with
	// what the period published under it.
	Items []ItemRow `json:"items"`
}

// ChecklistInfo names the checklist the report follows.
type ChecklistInfo struct {
	Title          string `json:"title"`
	DocumentNumber string `json:"document_number,omitempty"`
	Categories     int    `json:"categories"`
	Items          int    `json:"items"`
}

// Proactive is 主动公开: the public records published in the period (by
// their publication date), counted by the search engine exactly as a
// public search with the same filters counts them (SearchURL).
type Proactive struct {
	Total        int       `json:"total"`
	SearchURL    string    `json:"search_url"`
	ByCategory   Breakdown `json:"by_category"`
	ByDepartment Breakdown `json:"by_department"`
	ByChecklist  Breakdown `json:"by_checklist"`
	ByMonth      []Month   `json:"by_month"`
}

// Breakdown counts the period's records by the values of one field.
// Unspecified counts those without a value (未标注; for the checklist: not
// filed under any item), so the counts add up to the total.
type Breakdown struct {
	Values      []Count `json:"values"`
	Unspecified int     `json:"unspecified"`
}

// Count is one value and how many records have it.
type Count struct {
	Value string `json:"value"`
	// Label is the value as a reader knows it (the item's name for a
	// checklist code; the value itself otherwise).
	Label     string `json:"label"`
	Count     int    `json:"count"`
	SearchURL string `json:"search_url,omitempty"`
}

// Month is one month of the period with its count.
type Month struct {
	Month     string `json:"month"` // 2024-09
	Label     string `json:"label"` // 2024年9月
	From      string `json:"from"`
	To        string `json:"to"`
	Count     int    `json:"count"`
	SearchURL string `json:"search_url"`
}

// ItemRow is one line of the 清单事项公开情况表.
type ItemRow struct {
	Code     string `json:"code"`
	Number   int    `json:"number"`
	Category string `json:"category"`
	Name     string `json:"name"`
	// Count is the public records filed under the item published in the
	// period; Latest the newest publication date among them ("" if none).
	Count     int    `json:"count"`
	Latest    string `json:"latest"`
	SearchURL string `json:"search_url"`
}

// Options configure a Generator.
type Options struct {
	// Checklist is the list the report follows (nil: the shipped one).
	Checklist *checklist.List
	// Desk counts request deadlines (nil: the built-in calendar and rules).
	Desk *desk.Desk
	// Institution names the reporting body in the title ("" for none).
	Institution string
	// BaseURL prefixes the search links (e.g. https://xxgk.example.edu.cn);
	// "" keeps them relative to the archive's site.
	BaseURL string
	// Now is the clock (nil: the store's).
	Now func() time.Time
}

// Generator computes reports over an archive.
type Generator struct {
	engine *search.Engine
	store  *records.Store
	desk   *desk.Desk
	list   *checklist.List
	opt    Options
}

// New returns a generator over the engine and the records it searches.
func New(eng *search.Engine, store *records.Store, opt Options) *Generator {
	if opt.Checklist == nil {
		opt.Checklist = checklist.Default()
	}
	if opt.Desk == nil {
		opt.Desk = desk.New(store, calendar.Default(), deadline.DefaultRules())
	}
	if opt.Now == nil {
		opt.Now = store.Now
	}
	return &Generator{engine: eng, store: store, desk: opt.Desk, list: opt.Checklist, opt: opt}
}

// Checklist returns the checklist the generator follows.
func (g *Generator) Checklist() *checklist.List { return g.list }

// Build computes the report of a period.
func (g *Generator) Build(ctx context.Context, p Period) (*Report, error) {
	r := &Report{
		Schema: Schema, Institution: g.opt.Institution, Period: p,
		Title:        p.Label + "信息公开工作年度报告（统计部分）",
		GeneratedAt:  g.opt.Now().UTC().Format(time.RFC3339),
		IndexVersion: indexer.IndexVersion(),
		Checklist: ChecklistInfo{Title: g.list.Title, DocumentNumber: g.list.DocumentNumber,
			Categories: len(g.list.Categories), Items: len(g.list.Items())},
	}
	if r.Institution != "" {
		r.Title = r.Institution + r.Title
	}
	var err error
	if r.Proactive, err = g.proactive(ctx, p); err != nil {
		return nil, err
	}
	if r.Items, err = g.items(ctx, p, r.Proactive.ByChecklist); err != nil {
		return nil, err
	}
	if r.Requests, err = g.requests(ctx, p); err != nil {
		return nil, err
	}
	if r.Cases, err = g.cases(ctx, p); err != nil {
		return nil, err
	}
	if r.Narrative, err = g.narrative(ctx, p); err != nil {
		return nil, err
	}
	return r, nil
}

// filter is the search a figure counts: the period (or a month of it) and
// at most one facet value.
type filter struct {
	from, to                        string
	category, department, checklist string
}

func (f filter) request(size int) search.Request {
	return search.Request{Audience: search.Public, From: f.from, To: f.to, Category: f.category,
		Department: f.department, Checklist: f.checklist, Sort: search.SortDate, Size: size}
}

// url is the public search page showing the same records.
func (g *Generator) url(f filter) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"category", f.category}, {"department", f.department},
		{"checklist", f.checklist}, {"from", f.from}, {"to", f.to}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	return g.opt.BaseURL + "/?" + v.Encode()
}

func (g *Generator) search(ctx context.Context, f filter, size int) (*search.Result, error) {
	res, err := g.engine.Search(ctx, f.request(size))
	if err != nil {
		return nil, fmt.Errorf("report: count %s–%s: %w", f.from, f.to, err)
	}
	return res, nil
}

func (g *Generator) proactive(ctx context.Context, p Period) (Proactive, error) {
	all := filter{from: p.From, to: p.To}
	res, err := g.search(ctx, all, 1)
	if err != nil {
		return Proactive{}, err
	}
	out := Proactive{Total: res.Total, SearchURL: g.url(all)}
	breakdown := func(values []search.FacetValue, label func(string) string, set func(*filter, string)) Breakdown {
		b := Breakdown{Values: []Count{}, Unspecified: res.Total}
		for _, fv := range values {
			f := all
			set(&f, fv.Value)
			b.Values = append(b.Values, Count{Value: fv.Value, Label: label(fv.Value), Count: fv.Count, SearchURL: g.url(f)})
			b.Unspecified -= fv.Count
		}
		return b
	}
	same := func(s string) string { return s }
	out.ByCategory = breakdown(res.Facets.Category, same, func(f *filter, v string) { f.category = v })
	out.ByDepartment = breakdown(res.Facets.Department, same, func(f *filter, v string) { f.department = v })
	out.ByChecklist = breakdown(g.inListOrder(res.Facets.Checklist), g.itemLabel, func(f *filter, v string) { f.checklist = v })
	for _, m := range p.Months() {
		f := filter{from: m.From, to: m.To}
		mr, err := g.search(ctx, f, 1)
		if err != nil {
			return Proactive{}, err
		}
		m.Count, m.SearchURL = mr.Total, g.url(f)
		out.ByMonth = append(out.ByMonth, m)
	}
	return out, nil
}

// inListOrder orders checklist facet values as the checklist lists its
// items; codes the list does not have come last.
func (g *Generator) inListOrder(values []search.FacetValue) []search.FacetValue {
	byCode := map[string]search.FacetValue{}
	for _, fv := range values {
		byCode[fv.Value] = fv
	}
	out := make([]search.FacetValue, 0, len(values))
	for _, it := range g.list.Items() {
		if fv, ok := byCode[it.Code]; ok {
			out = append(out, fv)
			delete(byCode, it.Code)
		}
	}
	for _, fv := range values {
		if _, ok := byCode[fv.Value]; ok {
			out = append(out, fv)
		}
	}
	return out
}

func (g *Generator) itemLabel(code string) string {
	if it, ok := g.list.Item(code); ok {
		return it.Name
	}
	return "清单外事项 " + code
}

func (g *Generator) items(ctx context.Context, p Period, counts Breakdown) ([]ItemRow, error) {
	n := map[string]int{}
	for _, c := range counts.Values {
		n[c.Value] = c.Count
	}
	out := make([]ItemRow, 0, len(g.list.Items()))
	for _, it := range g.list.Items() {
		f := filter{from: p.From, to: p.To, checklist: it.Code}
		row := ItemRow{Code: it.Code, Number: it.Number, Category: it.Category.Name, Name: it.Name,
			Count: n[it.Code], SearchURL: g.url(f)}
		if row.Count > 0 {
			res, err := g.search(ctx, f, 1)
			if err != nil {
				return nil, err
			}
			if len(res.Hits) > 0 {
				row.Latest = res.Hits[0].Published
			}
		}
		out = append(out, row)
	}
	return out, nil
}
