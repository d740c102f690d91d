package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/checklist"
	"github.com/xxgk-archive/archive/search"
)

// The 信息公开目录 (issue 7): the MoE checklist's categories and items, each
// with what the archive has published under it, counted by the search
// engine as the public searches (so a count equals what its link finds);
// the staff page that files a record under an item; and the annual report
// (report.go).

// catalogueRoutes registers the catalogue, the filing of a record under a
// checklist item and the annual report. The catalogue is public; the rest
// needs an account.
func (s *Server) catalogueRoutes(r *mux.Router) {
	c := &catalogue{s: s}
	r.HandleFunc("/catalogue", c.handleCatalogue).Methods(http.MethodGet, http.MethodHead)
	if s.accounts == nil {
		return
	}
	r.HandleFunc("/documents/{id}/checklist", s.require(signedIn, c.handleFilingPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/documents/{id}/checklist", s.require(writer, c.handleFile)).Methods(http.MethodPost)
	c.reportRoutes(r)
}

// catalogue holds what the catalogue's pages share: the checklist of the
// data folder, reloaded when its file changes, and the last computed
// catalogue, reused until the index or the day changes.
type catalogue struct {
	s *Server

	dirOnce sync.Once
	dir     string // the data folder, "" when the store has none

	mu      sync.Mutex
	list    *checklist.List
	listKey string
	page    []catalogueCategory
	pageKey string
}

// dataDir is the folder the records database lives in: the data folder,
// where an operator's checklist.json or checklist.txt replaces the shipped
// list. The server is not told its data folder, so it asks SQLite.
func (c *catalogue) dataDir(ctx context.Context) string {
	c.dirOnce.Do(func() {
		var file string
		err := c.s.store.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file)
		if err != nil {
			c.s.log.Warn("checklist: cannot locate the data folder; using the shipped checklist", "err", err)
			return
		}
		if file != "" {
			c.dir = filepath.Dir(file)
		}
	})
	return c.dir
}

// checklist returns the checklist in force: the operator's, when the data
// folder has one (reread when it changes), else the shipped one. A file
// that does not parse is logged and the shipped list is used, so a typo
// does not take the public catalogue down.
func (c *catalogue) checklist(ctx context.Context) *checklist.List {
	dir := c.dataDir(ctx)
	key := ""
	if dir != "" {
		for _, name := range []string{checklist.OverrideJSON, checklist.OverrideText} {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				key += fmt.Sprintf("%s:%d:%d;", name, st.Size(), st.ModTime().UnixNano())
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && key == c.listKey {
		return c.list
	}
	l := checklist.Default()
	if key != "" {
		var err error
		if l, err = checklist.LoadDir(dir); err != nil {
			c.s.log.Error("checklist: the data folder's checklist does not parse; using the shipped one", "err", err)
			l = checklist.Default()
		}
	}
	c.list, c.listKey = l, key
	return l
}

// cataloguePage is the data of catalogue.html.
type cataloguePage struct {
	base
	Categories []catalogueCategory
	// Items, Published, Stale and Never count the items: all, with public
	// records, with nothing new for over a year, never published.
	Items, Published, Stale, Never int
	Today                          string
	Source                         string // the checklist's title and 文号
	// Staff links to the annual report.
	Staff bool
}

// catalogueCategory is one category of the catalogue.
type catalogueCategory struct {
	Code, Name string
	Items      []catalogueItem
}

// catalogueItem is one item with what was published under it.
type catalogueItem struct {
	Code        string
	Number      int
	Name        string
	Description string
	Count       int
	URL         string // the search filtered by the item
	Latest      []catalogueRecord
	LastUpdate  string // date of the newest record, 2025年3月12日
	// Flag warns: 超过一年未更新 (Stale) or 尚未公开 (Never).
	Flag  string
	Class string // stale, never
}

// catalogueRecord is one of an item's latest records.
type catalogueRecord struct {
	Title, URL, Date string
}

// Catalogue geometry: how many records an item lists.
const catalogueLatest = 3

// staleAfter is how long an item may go without a new record before the
// catalogue flags it.
const staleAfter = 1 // year

func (c *catalogue) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := c.s.searchContext(r)
	defer cancel()
	list := c.checklist(ctx)
	day := c.s.store.Now().In(beijing).Format("2006-01-02")
	cats, err := c.compute(ctx, list, day)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	page := &cataloguePage{base: c.s.pageBase(w, r, "信息公开目录"), Categories: cats, Today: chineseDate(day),
		Source: list.Title, Staff: session(r) != nil}
	if list.DocumentNumber != "" {
		page.Source += "（" + list.DocumentNumber + "）"
	}
	for _, cat := range cats {
		for _, it := range cat.Items {
			page.Items++
			switch it.Class {
			case "never":
				page.Never++
			case "stale":
				page.Stale++
			}
			if it.Count > 0 {
				page.Published++
			}
		}
	}
	c.s.render(w, r, http.StatusOK, "catalogue", page)
}

// compute counts every item of list as the public sees the archive on day
// (YYYY-MM-DD), or returns the catalogue computed last for the same index
// state, day and list.
func (c *catalogue) compute(ctx context.Context, list *checklist.List, day string) ([]catalogueCategory, error) {
	key := fmt.Sprintf("%d|%s|%p", c.s.index.Seq(), day, list)
	c.mu.Lock()
	if c.page != nil && c.pageKey == key {
		page := c.page
		c.mu.Unlock()
		return page, nil
	}
	c.mu.Unlock()

	all, err := c.s.engine.Search(ctx, search.Request{Audience: search.Public, Sort: search.SortDate, Size: 1})
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, fv := range all.Facets.Checklist {
		counts[fv.Value] = fv.Count
	}
	t, _ := time.Parse("2006-01-02", day)
	staleBefore := t.AddDate(-staleAfter, 0, 0).Format("2006-01-02")
	var out []catalogueCategory
	for _, cat := range list.Categories {
		cc := catalogueCategory{Code: cat.Code, Name: cat.Name}
		for _, it := range cat.Items {
			ci := catalogueItem{Code: it.Code, Number: it.Number, Name: it.Name, Description: it.Description,
				Count: counts[it.Code], URL: params{Checklist: it.Code, Sort: search.SortDate}.url()}
			if ci.Count == 0 {
				ci.Flag, ci.Class = "尚未公开", "never"
				cc.Items = append(cc.Items, ci)
				continue
			}
			res, err := c.s.engine.Search(ctx, search.Request{Audience: search.Public, Checklist: it.Code,
				Sort: search.SortDate, Size: catalogueLatest})
			if err != nil {
				return nil, err
			}
			for _, h := range res.Hits {
				ci.Latest = append(ci.Latest, catalogueRecord{Title: h.Title, URL: "/documents/" + url.PathEscape(h.ID),
					Date: chineseDate(h.Published)})
			}
			// Newest first: the first hit has the latest date, when any
			// record of the item has one.
			switch latest := firstDate(res.Hits); {
			case latest == "":
				ci.LastUpdate = "日期不详"
			case latest < staleBefore:
				ci.LastUpdate = chineseDate(latest)
				ci.Flag, ci.Class = "超过一年未更新", "stale"
			default:
				ci.LastUpdate = chineseDate(latest)
			}
			cc.Items = append(cc.Items, ci)
		}
		out = append(out, cc)
	}
	c.mu.Lock()
	c.page, c.pageKey = out, key
	c.mu.Unlock()
	return out, nil
}

func firstDate(hits []search.Hit) string {
	for _, h := range hits {
		if h.Published != "" {
			return h.Published
		}
	}
	return ""
}

// ------------------------------------------------------------ filing a record

// filingPage is the data of checklist_filing.html.
type filingPage struct {
	base
	Doc  *records.Document
	Self string // the record's page
	// Current describes the filing in force; Rule what the rules would
	// decide (with the rule's line).
	Current string
	Source  string
	Rule    string
	Filing  *records.Filing
	// Options are the choices without an item; Groups the items by
	// category.
	Options  []filingOption
	Groups   []filingGroup
	CanWrite bool
	Done     bool
}

// filingOption is one choice of the form.
type filingOption struct {
	Value, Label string
	Selected     bool
}

// filingGroup is a category's items, an <optgroup> of the form.
type filingGroup struct {
	Label   string
	Options []filingOption
}

func (c *catalogue) handleFilingPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, err := c.s.engine.Document(ctx, idVar(r), search.Staff)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	f, err := c.s.store.Filing(ctx, d.ID)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	list := c.checklist(ctx)
	page := &filingPage{base: c.s.pageBase(w, r, "清单事项归类 - "+d.Title), Doc: d, Filing: f,
		Self: "/documents/" + url.PathEscape(d.ID), CanWrite: canWrite(r), Done: r.URL.Query().Get("done") == "1"}
	label := func(code string) string {
		if code == records.ChecklistNone {
			return "不属于任何清单事项"
		}
		if it, ok := list.Item(code); ok {
			return it.Label()
		}
		return code + "（清单中已无此事项）"
	}
	ruleCode, origin := list.Explain(d.Title, d.Category)
	if ruleCode != "" {
		page.Rule = label(ruleCode) + "（规则 " + origin + "）"
	} else {
		page.Rule = "无规则适用"
	}
	selected := ""
	switch {
	case f.Explicit():
		page.Current = label(f.Item)
		page.Source = map[string]string{records.FiledByManifest: "来源清单（checklist_item）指定",
			records.FiledByStaff: "工作人员指定"}[f.Source]
		if f.Source == records.FiledByStaff {
			selected = f.Item
		}
	case ruleCode != "":
		page.Current, page.Source = label(ruleCode), "按规则自动归类"
	default:
		page.Current, page.Source = "未归入清单事项", "无规则适用"
	}
	page.Options = append(page.Options,
		filingOption{Value: "", Label: "按来源清单或规则自动归类", Selected: selected == ""},
		filingOption{Value: records.ChecklistNone, Label: "不属于任何清单事项", Selected: selected == records.ChecklistNone})
	for _, cat := range list.Categories {
		g := filingGroup{Label: cat.Code + " " + cat.Name}
		for _, it := range cat.Items {
			g.Options = append(g.Options, filingOption{Value: it.Code, Label: it.Label(), Selected: selected == it.Code})
		}
		page.Groups = append(page.Groups, g)
	}
	c.s.render(w, r, http.StatusOK, "checklist_filing", page)
}

// handleFile files the record under the item chosen, with the reason, on
// behalf of the signed-in staff member; the store audits it and sends it
// through the change feed, so the index (and the catalogue) follow.
func (c *catalogue) handleFile(w http.ResponseWriter, r *http.Request) {
	if err := c.s.parseForm(w, r); err != nil {
		c.s.pageError(w, r, err)
		return
	}
	ctx := r.Context()
	id := idVar(r)
	item := strings.TrimSpace(r.PostFormValue("item"))
	if item != "" && item != records.ChecklistNone {
		it, err := c.checklist(ctx).Resolve(item)
		if err != nil {
			c.s.pageError(w, r, err)
			return
		}
		item = it.Code
	}
	if _, err := c.s.store.FileChecklist(ctx, session(r).User.Actor(), id, item, r.PostFormValue("reason")); err != nil {
		c.s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/documents/"+url.PathEscape(id)+"/checklist?done=1", http.StatusSeeOther)
}
