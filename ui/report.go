package ui

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search/report"
)

// The annual report on disclosure (信息公开工作年度报告) for staff: the
// figures of an academic or calendar year, the downloads (html, md, json,
// docx), and the forms for the parts staff write (narrative, cases).

// reportRoutes registers the report's page and forms (called from
// catalogueRoutes, which holds the checklist they share).
func (c *catalogue) reportRoutes(r *mux.Router) {
	s := c.s
	r.HandleFunc("/report", s.require(signedIn, c.handleReport)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/report/narrative", s.require(writer, c.handleNarrative)).Methods(http.MethodPost)
	r.HandleFunc("/report/cases", s.require(writer, c.handleCases)).Methods(http.MethodPost)
}

// reportPage is the data of report.html.
type reportPage struct {
	base
	R     *report.Report
	Chart report.Chart
	// Overview and Problems are the narrative's paragraphs.
	Overview, Problems []string
	Requests           [][2]string
	Year               int
	Calendar           bool
	// Downloads are the report in each format; Other switches between the
	// academic and the calendar year.
	Downloads []link
	Other     link
	Prev      link
	Next      link
	CanWrite  bool
	Saved     string
	Cases     []caseRow
}

// caseRow is one kind of case in the staff form, with its figures as
// entered ("" when not entered).
type caseRow struct {
	Kind, Label                       string
	Upheld, Corrected, Other, Pending string
	Note                              string
}

// generator is the report generator over the server's archive.
func (c *catalogue) generator(r *http.Request) *report.Generator {
	return report.New(c.s.engine, c.s.store, report.Options{Checklist: c.checklist(r.Context()), Desk: c.s.desk})
}

// reportPeriod reads year and calendar from the query or the form. Without
// a year it is the last academic year that has ended.
func (c *catalogue) reportPeriod(r *http.Request, v url.Values) (report.Period, error) {
	calendarYear := v.Get("calendar") == "1"
	raw := strings.TrimSpace(v.Get("year"))
	if raw == "" {
		today := c.s.store.Now().In(beijing)
		year := today.Year() - 1 // the academic year that began last September…
		if today.Month() < 9 {
			year-- // …or the September before
		}
		if calendarYear {
			year = today.Year() - 1
		}
		return report.NewPeriod(year, calendarYear)
	}
	year, err := strconv.Atoi(raw)
	if err != nil {
		return report.Period{}, records.Errorf(records.EINVALID, "年份应为数字，而不是 %q", truncate(raw, 20))
	}
	return report.NewPeriod(year, calendarYear)
}

func reportURL(p report.Period) string {
	v := url.Values{"year": {strconv.Itoa(p.Year)}}
	if p.IsCalendar() {
		v.Set("calendar", "1")
	}
	return "/report?" + v.Encode()
}

func (c *catalogue) handleReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := c.reportPeriod(r, q)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	format := q.Get("format")
	if format != "" && !slices.Contains(report.Formats, format) {
		c.s.pageError(w, r, records.Errorf(records.EINVALID, "未知的格式 %q（可用 %s）", truncate(format, 20),
			strings.Join(report.Formats, "、")))
		return
	}
	ctx, cancel := c.s.searchContext(r)
	defer cancel()
	rep, err := c.generator(r).Build(ctx, p)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	if format != "" {
		c.download(w, r, rep, format)
		return
	}
	page := &reportPage{base: c.s.pageBase(w, r, rep.Period.Label+"信息公开工作年度报告"), R: rep, Chart: rep.Chart(),
		Requests: rep.RequestRows(), Overview: report.Paragraphs(rep.Narrative.Overview),
		Problems: report.Paragraphs(rep.Narrative.Problems), Year: p.Year, Calendar: p.IsCalendar(), CanWrite: canWrite(r), Saved: q.Get("saved")}
	for _, f := range report.Formats {
		label := map[string]string{report.FormatHTML: "网页（可打印）", report.FormatMarkdown: "Markdown",
			report.FormatJSON: "JSON", report.FormatDOCX: "Word（.docx）"}[f]
		page.Downloads = append(page.Downloads, link{Label: label, URL: reportURL(p) + "&format=" + f})
	}
	other, _ := report.NewPeriod(p.Year, !p.IsCalendar())
	page.Other = link{Label: "按学年：" + other.Label, URL: reportURL(other)}
	if other.IsCalendar() {
		page.Other.Label = "按自然年：" + other.Label
	}
	if prev, err := report.NewPeriod(p.Year-1, p.IsCalendar()); err == nil {
		page.Prev = link{Label: prev.Label, URL: reportURL(prev)}
	}
	if next, err := report.NewPeriod(p.Year+1, p.IsCalendar()); err == nil {
		page.Next = link{Label: next.Label, URL: reportURL(next)}
	}
	for _, cs := range rep.Cases {
		row := caseRow{Kind: cs.Kind, Label: cs.Label, Note: cs.Note}
		if cs.Recorded {
			row.Upheld, row.Corrected = strconv.Itoa(cs.Upheld), strconv.Itoa(cs.Corrected)
			row.Other, row.Pending = strconv.Itoa(cs.Other), strconv.Itoa(cs.Pending)
		}
		page.Cases = append(page.Cases, row)
	}
	c.s.render(w, r, http.StatusOK, "report", page)
}

// download sends the report as a file. Every format is an attachment: the
// HTML form carries its own styles, which the site's CSP would block if the
// browser showed it here; opened from disk, it prints as it should.
func (c *catalogue) download(w http.ResponseWriter, r *http.Request, rep *report.Report, format string) {
	var buf bytes.Buffer
	if err := rep.Write(&buf, format); err != nil {
		c.s.pageError(w, r, err)
		return
	}
	c.s.logAccess(r, records.AccessExport, rep.Period.Target(), format)
	h := w.Header()
	h.Set("Content-Type", report.ContentType(format))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": rep.FileName(format)}))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// handleNarrative saves the period's 概述 and 主要问题和改进措施.
func (c *catalogue) handleNarrative(w http.ResponseWriter, r *http.Request) {
	if err := c.s.parseForm(w, r); err != nil {
		c.s.pageError(w, r, err)
		return
	}
	p, err := c.formPeriod(r)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	err = c.generator(r).SaveNarrative(r.Context(), session(r).User.Actor(), p,
		r.PostFormValue("overview"), r.PostFormValue("problems"))
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, reportURL(p)+"&saved=narrative#narrative", http.StatusSeeOther)
}

// formPeriod is the period a report form posts; unlike the page, a form
// must name its year.
func (c *catalogue) formPeriod(r *http.Request) (report.Period, error) {
	if strings.TrimSpace(r.PostFormValue("year")) == "" {
		return report.Period{}, records.Errorf(records.EINVALID, "表单缺少年度")
	}
	return c.reportPeriod(r, r.PostForm)
}

// handleCases saves the counts of complaints, reconsiderations and
// lawsuits. A kind whose fields are all left empty stays 未录入.
func (c *catalogue) handleCases(w http.ResponseWriter, r *http.Request) {
	if err := c.s.parseForm(w, r); err != nil {
		c.s.pageError(w, r, err)
		return
	}
	p, err := c.formPeriod(r)
	if err != nil {
		c.s.pageError(w, r, err)
		return
	}
	// Every kind is read and checked before any is saved.
	var entered []report.Cases
	for _, k := range report.CaseKinds {
		field := func(name string) string { return strings.TrimSpace(r.PostFormValue(k.Kind + "_" + name)) }
		if field("upheld")+field("corrected")+field("other")+field("pending")+field("note") == "" {
			continue
		}
		cs := report.Cases{Kind: k.Kind, Note: field("note")}
		for _, f := range []struct {
			name, label string
			to          *int
		}{{"upheld", "结果维持", &cs.Upheld}, {"corrected", "结果纠正", &cs.Corrected},
			{"other", "其他结果", &cs.Other}, {"pending", "尚未审结", &cs.Pending}} {
			v := field(f.name)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				c.s.pageError(w, r, records.Errorf(records.EINVALID, "%s的“%s”应为非负整数，而不是 %q", k.Label, f.label, truncate(v, 20)))
				return
			}
			*f.to = n
		}
		entered = append(entered, cs)
	}
	gen := c.generator(r)
	for _, cs := range entered {
		if err := gen.SaveCases(r.Context(), session(r).User.Actor(), p, cs); err != nil {
			c.s.pageError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, reportURL(p)+"&saved=cases#cases", http.StatusSeeOther)
}
