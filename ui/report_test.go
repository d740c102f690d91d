package ui_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/search/report"
)

// download fetches a report download and returns its body and headers.
func download(t *testing.T, c *http.Client, u string) ([]byte, http.Header) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", u, resp.Status, b)
	}
	return b, resp.Header
}

// TestReportFiguresEqualTheirSearches reads the report of the demo corpus
// in its JSON form and follows every figure's link through the public
// API: each count is what that search counts.
func TestReportFiguresEqualTheirSearches(t *testing.T) {
	a := sampleArchive
	staff := signedIn(t, a, "report-reader", accounts.Auditor)
	body, h := download(t, staff, a.server.URL+"/report?year=2024&format=json")
	if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("json download headers: %v", h)
	}
	var r report.Report
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if r.Period.From != "2024-09-01" || r.Period.To != "2025-08-31" || len(r.Items) != 50 {
		t.Fatalf("report %+v", r.Period)
	}
	count := func(link string) int {
		t.Helper()
		u, err := url.Parse(link)
		if err != nil || u.Path != "/" {
			t.Fatalf("figure link %q", link)
		}
		var res apiResult
		a.getJSON(t, "/api/search?"+u.RawQuery, &res)
		return res.Total
	}
	if got := count(r.Proactive.SearchURL); got != r.Proactive.Total || got == 0 {
		t.Errorf("total: report %d, search %d", r.Proactive.Total, got)
	}
	for _, b := range []report.Breakdown{r.Proactive.ByCategory, r.Proactive.ByDepartment, r.Proactive.ByChecklist} {
		for _, c := range b.Values {
			if got := count(c.SearchURL); got != c.Count {
				t.Errorf("%s: report %d, search %d", c.Value, c.Count, got)
			}
		}
	}
	for _, m := range r.Proactive.ByMonth {
		if got := count(m.SearchURL); got != m.Count {
			t.Errorf("%s: report %d, search %d", m.Month, m.Count, got)
		}
	}
	for _, it := range r.Items {
		if got := count(it.SearchURL); got != it.Count {
			t.Errorf("item %s: report %d, search %d", it.Code, it.Count, got)
		}
	}
}

func TestReportPageAndDownloads(t *testing.T) {
	a := openFilingArchive(t)
	staff := signedIn(t, a, "clerk", accounts.Staff)
	page := getPage(t, staff, a.server.URL+"/report?year=2024")
	for _, want := range []string{"2024-2025学年信息公开工作年度报告", "<svg", report.NoRequestData, "未录入",
		"清单事项公开情况表", `action="/report/narrative"`, `action="/report/cases"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	if strings.Count(page, `<tr class="none">`)+strings.Count(page, "本期未公开") < 50 {
		t.Error("the 清单事项公开情况表 does not list the 50 items")
	}
	// The default period is the last academic year that has ended: on
	// 2026-03-01, 2024-2025.
	if page := getPage(t, staff, a.server.URL+"/report"); !strings.Contains(page, "2024-2025学年信息公开工作年度报告") {
		t.Error("/report does not default to 2024-2025")
	}
	if page := getPage(t, staff, a.server.URL+"/report?year=2025&calendar=1"); !strings.Contains(page, "2025年信息公开工作年度报告") {
		t.Error("the calendar year 2025 is not shown")
	}
	body, h := download(t, staff, a.server.URL+"/report?year=2024&format=docx")
	if !strings.Contains(h.Get("Content-Disposition"), "attachment") || !strings.Contains(h.Get("Content-Type"), "wordprocessingml") {
		t.Errorf("docx headers: %v", h)
	}
	if _, err := zip.NewReader(bytes.NewReader(body), int64(len(body))); err != nil {
		t.Errorf("docx download is not a zip: %v", err)
	}
	for _, f := range []string{"html", "md"} {
		body, _ := download(t, staff, a.server.URL+"/report?year=2024&format="+f)
		if !bytes.Contains(body, []byte("清单事项公开情况表")) {
			t.Errorf("%s download lacks the table", f)
		}
	}
	if st := status(t, staff, http.MethodGet, a.server.URL+"/report?year=2024&format=pdf", nil); st != http.StatusBadRequest {
		t.Errorf("format=pdf: %d, want 400", st)
	}
	// Downloads are in the access log.
	log, err := a.store.AccessLog(context.Background(), records.AccessQuery{Actor: "user:clerk"})
	if err != nil {
		t.Fatal(err)
	}
	exported := 0
	for _, e := range log {
		if e.Action == records.AccessExport && e.Target == "report:2024-2025" {
			exported++
		}
	}
	if exported != 3 {
		t.Errorf("%d report exports in the access log, want 3", exported)
	}
}

func TestReportFormsSaveAndAudit(t *testing.T) {
	a := openFilingArchive(t)
	ctx := context.Background()
	staff := signedIn(t, a, "clerk", accounts.Staff)
	tok := formCSRF(t, staff, a.server.URL+"/")
	post := func(c *http.Client, path string, form url.Values) int {
		t.Helper()
		return status(t, c, http.MethodPost, a.server.URL+path, form)
	}
	narrative := url.Values{"csrf": {tok}, "year": {"2024"}, "overview": {"本学年共主动公开信息两条。\n全年运行平稳。"},
		"problems": {"<b>栏目</b>更新不够及时。"}}
	if st := post(staff, "/report/narrative", narrative); st != http.StatusSeeOther {
		t.Fatalf("saving the narrative: %d", st)
	}
	cases := url.Values{"csrf": {tok}, "year": {"2024"}, "review_upheld": {"1"}, "review_pending": {"0"}, "review_note": {"申请人对答复不服"},
		"litigation_upheld": {""}}
	if st := post(staff, "/report/cases", cases); st != http.StatusSeeOther {
		t.Fatalf("saving the cases: %d", st)
	}
	bad := url.Values{"csrf": {tok}, "year": {"2024"}, "complaint_upheld": {"-3"}}
	if st := post(staff, "/report/cases", bad); st != http.StatusBadRequest {
		t.Errorf("a negative count: %d, want 400", st)
	}
	page := getPage(t, staff, a.server.URL+"/report?year=2024")
	for _, want := range []string{"<p>本学年共主动公开信息两条。</p>", "<p>全年运行平稳。</p>", "&lt;b&gt;栏目&lt;/b&gt;", "行政复议：申请人对答复不服"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report page lacks %q", want)
		}
	}
	body, _ := download(t, staff, a.server.URL+"/report?year=2024&format=json")
	var r report.Report
	json.Unmarshal(body, &r)
	for _, c := range r.Cases {
		switch c.Kind {
		case "review":
			if !c.Recorded || c.Upheld != 1 || c.Total != 1 {
				t.Errorf("review cases = %+v", c)
			}
		default: // left empty: still not entered
			if c.Recorded {
				t.Errorf("%s cases recorded though left empty: %+v", c.Kind, c)
			}
		}
	}
	if r.Narrative.UpdatedBy != "user:clerk" {
		t.Errorf("narrative = %+v", r.Narrative)
	}
	// Another period keeps its own text.
	body, _ = download(t, staff, a.server.URL+"/report?year=2023&format=json")
	var other report.Report
	json.Unmarshal(body, &other)
	if other.Narrative.Overview != "" {
		t.Errorf("2023-2024 shows 2024-2025's narrative")
	}
	log, err := a.store.AuditLog(ctx, records.AuditQuery{Target: "report:2024-2025"})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Actor != "user:clerk" || log[0].Action != report.ActionNarrative || log[1].Action != report.ActionCases {
		t.Errorf("audit log: %+v", log)
	}
	// An auditor reads the report but cannot write it.
	auditor := signedIn(t, a, "reader", accounts.Auditor)
	if page := getPage(t, auditor, a.server.URL+"/report?year=2024"); strings.Contains(page, `action="/report/narrative"`) {
		t.Error("the auditor is offered the narrative form")
	}
	narrative.Set("csrf", formCSRF(t, auditor, a.server.URL+"/"))
	if st := post(auditor, "/report/narrative", narrative); st != http.StatusForbidden {
		t.Errorf("auditor saving: %d, want 403", st)
	}
}
