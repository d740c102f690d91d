package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/textdiff"
	"github.com/xxgk-archive/archive/search"
)

// versionRow is one line of a record's history on its page.
type versionRow struct {
	N        int
	Action   string
	When     string
	Source   string
	SHA256   string
	Actor    string
	Reason   string
	URL      string
	Current  bool
	Selected bool
}

// history lists the versions audience a may see, for the document page.
func (s *Server) history(r *http.Request, id string, a search.Audience, selected int) ([]versionRow, error) {
	vs, err := s.engine.History(r.Context(), id, a)
	if err != nil {
		return nil, err
	}
	rows := make([]versionRow, 0, len(vs))
	for _, v := range vs {
		rows = append(rows, versionRow{
			N: v.Doc.Version, Action: v.ActionLabel(), When: chineseDateTime(v.ValidFrom),
			Source: v.Doc.Source, SHA256: v.Doc.SHA256, Actor: v.Actor, Reason: v.Reason,
			URL: search.Permalink(id, v.Doc.Version), Current: v.Current(), Selected: v.Doc.Version == selected,
		})
	}
	return rows, nil
}

// handleVersionPage shows one version of a record: its permanent link. The
// public sees a past version only if it was public while in force.
func (s *Server) handleVersionPage(w http.ResponseWriter, r *http.Request) {
	id := idVar(r)
	n, err := strconv.Atoi(mux.Vars(r)["n"])
	if err != nil || n < 1 {
		s.pageError(w, r, records.Errorf(records.ENOTFOUND, "没有这个版本"))
		return
	}
	a := s.audience(r)
	v, err := s.engine.DocumentVersion(r.Context(), id, n, a)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.logAccess(r, records.AccessView, records.DocumentTarget(id), "version "+strconv.Itoa(n))
	d := v.Doc
	page := &documentPage{
		base: s.pageBase(w, r, d.Title+"（第 "+strconv.Itoa(n)+" 版）"), Doc: &d, Date: chineseDate(d.Published),
		Body: template.HTML(search.Highlight(d.Body, nil)), Meta: documentMeta(&d),
		Self: "/documents/" + url.PathEscape(id), Version: v, VersionNote: versionNote(v),
	}
	if page.History, err = s.history(r, id, a, n); err != nil {
		s.pageError(w, r, err)
		return
	}
	if d.SHA256 != "" {
		page.Original = page.Self + "/original"
		if !v.Current() {
			page.Original = ""
			page.OriginalHash = d.SHA256
		}
	}
	s.render(w, r, http.StatusOK, "document", page)
}

// versionNote says where a version stands in the record's life.
func versionNote(v *records.Version) string {
	note := "第 " + strconv.Itoa(v.Doc.Version) + " 版（" + v.ActionLabel() + "），自 " + chineseDateTime(v.ValidFrom) + " 起生效"
	if v.Current() {
		return note + "，为现行版本。"
	}
	return note + "，至 " + chineseDateTime(v.ValidTo) + " 被新版本取代。"
}

// diffPage is the data of diff.html.
type diffPage struct {
	base
	Doc        *records.Document
	Self       string
	From, To   *records.Version
	FromNote   string
	ToNote     string
	Title      []textdiff.Span
	Lines      []diffLine
	Same       bool
	Removed    int
	Added      int
	History    []versionRow
	FromN, ToN int
}

// diffLine is one line of the unified comparison.
type diffLine struct {
	Class string // "eq", "del", "ins"
	Sign  string
	Old   int
	New   int
	Spans []textdiff.Span
	Text  string
}

func (s *Server) handleDiff(w http.ResponseWriter, r *http.Request) {
	id := idVar(r)
	q := r.URL.Query()
	from, err1 := strconv.Atoi(q.Get("from"))
	to, err2 := strconv.Atoi(q.Get("to"))
	if err1 != nil || err2 != nil || from < 1 || to < 1 {
		s.pageError(w, r, records.Errorf(records.EINVALID, "请给出要比较的两个版本号（from、to）"))
		return
	}
	a := s.audience(r)
	d, err := s.engine.Diff(r.Context(), id, from, to, a)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.logAccess(r, records.AccessView, records.DocumentTarget(id), "diff "+strconv.Itoa(from)+".."+strconv.Itoa(to))
	doc := d.To.Doc
	page := &diffPage{
		base: s.pageBase(w, r, "版本比较："+doc.Title), Doc: &doc, Self: "/documents/" + url.PathEscape(id),
		From: d.From, To: d.To, FromNote: versionNote(d.From), ToNote: versionNote(d.To),
		Title: d.Title, Same: d.Body.Same() && d.Title == nil, Removed: d.Body.Removed, Added: d.Body.Added,
		FromN: from, ToN: to,
	}
	for _, l := range d.Body.Lines {
		dl := diffLine{Old: l.Old, New: l.New, Spans: l.Spans, Text: l.Text}
		switch l.Op {
		case textdiff.Delete:
			dl.Class, dl.Sign = "del", "−"
		case textdiff.Insert:
			dl.Class, dl.Sign = "ins", "+"
		default:
			dl.Class, dl.Sign = "eq", " "
		}
		page.Lines = append(page.Lines, dl)
	}
	if page.History, err = s.history(r, id, a, 0); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "diff", page)
}

// spanClass is the CSS class of a changed run inside a line.
func spanClass(op textdiff.Op) string {
	switch op {
	case textdiff.Delete:
		return "del"
	case textdiff.Insert:
		return "ins"
	}
	return ""
}

// exportFilename names a download after the query and the day.
func exportFilename(p params, ext string) string {
	name := "检索结果"
	if q := strings.TrimSpace(p.Q); q != "" {
		name += "-" + truncate(strings.NewReplacer("/", "-", `\`, "-", `"`, "", "\n", " ").Replace(q), 30)
	}
	return name + ext
}
