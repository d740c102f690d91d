package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// params are the search parameters of the page and of the API: the same
// names in both (design.md), so a page URL and an API URL differ only in
// their path.
type params struct {
	Q          string
	Category   string
	Department string
	Year       int
	Checklist  string // checklist=01-06: a 清单事项 code
	From, To   string
	Sort       string // "" is relevance
	Exact      bool   // mode=exact
	Page       int    // 0 or 1 is the first page
	Size       int    // 0 is the default
	// AsOf (as_of=YYYY-MM-DD) and AllVersions (versions=all) are staff's:
	// the archive as the public saw it that day, and every past version.
	AsOf        string
	AllVersions bool
}

// maxParamLen bounds every text parameter; the query has its own limit in
// search.
const maxParamLen = 200

// parseParams reads the parameters, rejecting malformed numbers and modes
// with a message the user can act on.
func parseParams(v url.Values) (params, error) {
	p := params{
		Q:          strings.TrimSpace(v.Get("q")),
		Category:   strings.TrimSpace(v.Get("category")),
		Department: strings.TrimSpace(v.Get("department")),
		Checklist:  strings.TrimSpace(v.Get("checklist")),
		From:       strings.TrimSpace(v.Get("from")),
		To:         strings.TrimSpace(v.Get("to")),
		Sort:       strings.TrimSpace(v.Get("sort")),
	}
	p.AsOf = strings.TrimSpace(v.Get("as_of"))
	switch vs := strings.TrimSpace(v.Get("versions")); vs {
	case "", "current":
	case "all":
		p.AllVersions = true
	default:
		return p, records.Errorf(records.EINVALID, "versions 只能是 all 或 current，而不是 %q", truncate(vs, 20))
	}
	for _, s := range []string{p.Category, p.Department, p.Checklist, p.From, p.To, p.Sort, p.AsOf} {
		if len([]rune(s)) > maxParamLen {
			return p, records.Errorf(records.EINVALID, "参数过长（超过 %d 个字符）", maxParamLen)
		}
	}
	if p.Sort == search.SortRelevance {
		p.Sort = ""
	}
	switch m := strings.TrimSpace(v.Get("mode")); m {
	case "", "relevance":
	case "exact":
		p.Exact = true
	default:
		return p, records.Errorf(records.EINVALID, "未知的检索模式 %q（可用 exact）", m)
	}
	var err error
	if p.Year, err = intParam(v, "year", "年份"); err != nil {
		return p, err
	}
	if p.Page, err = intParam(v, "page", "页码"); err != nil {
		return p, err
	}
	if p.Size, err = intParam(v, "size", "每页条数"); err != nil {
		return p, err
	}
	return p, nil
}

func intParam(v url.Values, key, label string) (int, error) {
	s := strings.TrimSpace(v.Get(key))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, records.Errorf(records.EINVALID, "%s应为正整数，而不是 %q", label, truncate(s, 20))
	}
	return n, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// request is the search the parameters ask for.
func (p params) request(a search.Audience) search.Request {
	return search.Request{
		Query: p.Q, Category: p.Category, Department: p.Department, Year: p.Year, Checklist: p.Checklist,
		From: p.From, To: p.To, Sort: p.Sort, Exact: p.Exact,
		Page: p.Page, Size: p.Size, Audience: a, AsOf: p.AsOf, AllVersions: p.AllVersions,
	}
}

// filtered reports whether any filter is set.
func (p params) filtered() bool {
	return p.Category != "" || p.Department != "" || p.Year != 0 || p.Checklist != "" || p.From != "" || p.To != ""
}

// values encodes the parameters, leaving out defaults so that every state
// has one short, shareable URL.
func (p params) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", p.Q)
	set("category", p.Category)
	set("department", p.Department)
	if p.Year != 0 {
		v.Set("year", strconv.Itoa(p.Year))
	}
	set("checklist", p.Checklist)
	set("from", p.From)
	set("to", p.To)
	set("sort", p.Sort)
	if p.Exact {
		v.Set("mode", "exact")
	}
	set("as_of", p.AsOf)
	if p.AllVersions {
		v.Set("versions", "all")
	}
	if p.Page > 1 {
		v.Set("page", strconv.Itoa(p.Page))
	}
	if p.Size != 0 && p.Size != search.DefaultSize {
		v.Set("size", strconv.Itoa(p.Size))
	}
	return v
}

// url is the search page showing this state.
func (p params) url() string {
	q := p.values().Encode()
	if q == "" {
		return "/"
	}
	return "/?" + q
}

// with returns the URL of the state changed by fn, back on the first page
// (a new filter or sort makes the old page number meaningless).
func (p params) with(fn func(*params)) string {
	fn(&p)
	p.Page = 0
	return p.url()
}
