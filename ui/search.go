package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/checklist"
	"github.com/xxgk-archive/archive/search"
)

// searchPage is the data of search.html.
type searchPage struct {
	base
	P params
	// Browse is a listing without a query: the newest records first.
	Browse bool
	Error  string
	Result *search.Result
	Hits   []hitView
	Chips  []link
	Facets []facetView
	Years  *histogram
	Pager  pager
	Sorts  []link
	// Suggestions are the ways out of an empty result; Examples are
	// searches to try.
	Suggestions []link
	Examples    []link
	// ClearAll keeps the query and drops every filter.
	ClearAll string
	// Staff shows the staff's search options; Export links download the
	// whole result set.
	Staff       bool
	ExportCSV   string
	ExportJSONL string
}

// link is a labelled URL; Active marks the current choice.
type link struct {
	Label  string
	URL    string
	Active bool
	Count  int
}

// hitView is one result as the page shows it.
type hitView struct {
	URL        string
	TitleHTML  template.HTML
	Snippet    template.HTML
	Category   string
	Department string
	Date       string
	DocNumber  string
	Restricted string // visibility label when the record is not public
}

// facetView is one facet box of the sidebar.
type facetView struct {
	Label  string
	Values []link
}

// examples are the searches offered on an empty home page or result.
var examples = []string{"奖学金 评审", "信息公开 年度报告", "招生章程", "预算 决算"}

func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r.URL.Query())
	page := &searchPage{base: s.pageBase(w, r, ""), P: p}
	page.Query = p.Q
	page.SearchPage = true
	page.Staff = session(r) != nil
	if p.Q != "" {
		page.Title = p.Q + " - 检索"
	}
	if err != nil {
		page.Error = records.ErrorMessage(err)
		s.render(w, r, http.StatusBadRequest, "search", page)
		return
	}
	ctx, cancel := s.searchContext(r)
	defer cancel()
	res, err := s.engine.Search(ctx, p.request(s.audience(r)))
	if err != nil {
		status, code, msg := classify(err)
		if code != records.EINVALID {
			s.pageError(w, r, err)
			return
		}
		page.Error = msg
		s.render(w, r, status, "search", page)
		return
	}
	page.fill(res)
	s.render(w, r, http.StatusOK, "search", page)
}

// fill derives everything the template shows from the result.
func (pg *searchPage) fill(res *search.Result) {
	p := pg.P
	pg.Result = res
	pg.Browse = p.Q == ""
	for _, h := range res.Hits {
		pg.Hits = append(pg.Hits, newHitView(h, p))
	}
	pg.Chips = chips(p)
	pg.ClearAll = params{Q: p.Q, Sort: p.Sort}.url()
	if res.Total > 0 {
		v := p.values()
		v.Del("page")
		v.Del("size")
		v.Set("format", "csv")
		pg.ExportCSV = "/api/export?" + v.Encode()
		v.Set("format", "jsonl")
		pg.ExportJSONL = "/api/export?" + v.Encode()
	}
	pg.Facets = []facetView{
		{Label: "类别", Values: facetLinks(res.Facets.Category, p.Category, p, func(q *params, v string) { q.Category = v })},
		{Label: "部门", Values: facetLinks(res.Facets.Department, p.Department, p, func(q *params, v string) { q.Department = v })},
		{Label: "年份", Values: facetLinks(res.Facets.Year, yearString(p.Year), p, func(q *params, v string) { q.Year, _ = strconv.Atoi(v) })},
	}
	if len(res.Facets.Checklist) > 0 || p.Checklist != "" {
		items := facetLinks(res.Facets.Checklist, p.Checklist, p, func(q *params, v string) { q.Checklist = v })
		for i := range items {
			items[i].Label = checklistLabel(items[i].Label)
		}
		pg.Facets = append(pg.Facets, facetView{Label: "清单事项", Values: items})
	}
	pg.Years = newHistogram(res.Facets.Year, p)
	pg.Pager = newPager(p, res.Total, res.Size)
	if !pg.Browse {
		pg.Sorts = []link{
			{Label: "按相关度", URL: p.with(func(q *params) { q.Sort = "" }), Active: p.Sort == ""},
			{Label: "按日期", URL: p.with(func(q *params) { q.Sort = search.SortDate }), Active: p.Sort == search.SortDate},
		}
	}
	if res.Total == 0 {
		pg.Suggestions = suggestions(p)
	}
	if res.Total == 0 || pg.Browse {
		for _, e := range examples {
			pg.Examples = append(pg.Examples, link{Label: e, URL: params{Q: e}.url()})
		}
	}
}

func newHitView(h search.Hit, p params) hitView {
	v := hitView{
		URL: documentURL(h.ID, p),
		// The search package escapes titles and snippets itself and adds
		// only <mark> elements (tested there and in this package's XSS
		// test), so they are trusted here.
		TitleHTML:  template.HTML(h.TitleHTML),
		Snippet:    template.HTML(h.Snippet),
		Category:   h.Category,
		Department: h.Department,
		Date:       chineseDate(h.Published),
		DocNumber:  h.DocNumber,
	}
	if h.Visibility != "" && h.Visibility != records.Public {
		v.Restricted = h.Visibility.Label()
	}
	return v
}

// documentURL links a result to its page, carrying the query so the page
// can mark the same words.
func documentURL(id string, p params) string {
	u := "/documents/" + url.PathEscape(id)
	if p.Q == "" {
		return u
	}
	v := url.Values{"q": {p.Q}}
	if p.Exact {
		v.Set("mode", "exact")
	}
	return u + "?" + v.Encode()
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

// facetLinks lists a facet's values; clicking a value filters on it,
// clicking the active one removes the filter. The active value stays listed
// even when no result has it any more.
func facetLinks(values []search.FacetValue, active string, p params, set func(*params, string)) []link {
	out := make([]link, 0, len(values)+1)
	found := false
	for _, fv := range values {
		l := link{Label: fv.Value, Count: fv.Count, Active: fv.Value == active}
		if l.Active {
			found = true
			l.URL = p.with(func(q *params) { set(q, "") })
		} else {
			l.URL = p.with(func(q *params) { set(q, fv.Value) })
		}
		out = append(out, l)
	}
	if active != "" && !found {
		out = append([]link{{Label: active, Active: true, URL: p.with(func(q *params) { set(q, "") })}}, out...)
	}
	return out
}

// chips are the active filters, each with the URL that removes it.
func chips(p params) []link {
	var out []link
	add := func(label string, fn func(*params)) {
		out = append(out, link{Label: label, URL: p.with(fn)})
	}
	if p.Category != "" {
		add("类别："+p.Category, func(q *params) { q.Category = "" })
	}
	if p.Department != "" {
		add("部门："+p.Department, func(q *params) { q.Department = "" })
	}
	if p.Year != 0 {
		add("年份："+strconv.Itoa(p.Year), func(q *params) { q.Year = 0 })
	}
	if p.Checklist != "" {
		add("清单事项："+checklistLabel(p.Checklist), func(q *params) { q.Checklist = "" })
	}
	if p.From != "" || p.To != "" {
		add("日期："+dateRangeLabel(p.From, p.To), func(q *params) { q.From, q.To = "", "" })
	}
	if p.Exact {
		add("精确匹配", func(q *params) { q.Exact = false })
	}
	if p.AsOf != "" {
		add("公众于"+chineseDate(p.AsOf)+"所见", func(q *params) { q.AsOf = "" })
	}
	if p.AllVersions {
		add("含历史版本", func(q *params) { q.AllVersions = false })
	}
	return out
}

func dateRangeLabel(from, to string) string {
	switch {
	case from == "":
		return chineseDate(to) + "及以前"
	case to == "":
		return chineseDate(from) + "及以后"
	}
	return chineseDate(from) + "至" + chineseDate(to)
}

// suggestions are the ways out of an empty result.
func suggestions(p params) []link {
	var out []link
	if p.filtered() {
		out = append(out, link{Label: "取消全部筛选条件", URL: params{Q: p.Q, Exact: p.Exact, Sort: p.Sort}.url()})
	}
	if p.Exact {
		out = append(out, link{Label: "关闭精确匹配，按词语检索", URL: p.with(func(q *params) { q.Exact = false })})
	}
	if words := strings.Fields(p.Q); len(words) > 1 {
		for _, w := range words {
			if strings.HasPrefix(w, "-") {
				continue
			}
			out = append(out, link{Label: "只检索“" + w + "”", URL: p.with(func(q *params) { q.Q = w })})
		}
	}
	return out
}

// checklistLabel names a 清单事项 by its code ("01-06 信息公开年度报告"), from
// the shipped checklist; an unknown code is shown as it is.
func checklistLabel(code string) string {
	if it, ok := checklist.Default().Item(code); ok {
		return it.Label()
	}
	return code
}
