package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/records/checklist"
)

// catalogueEntry is one item of the catalogue page: its code, flag, link,
// count and the number of latest records listed.
type catalogueEntry struct {
	code, flag, url string
	count           int
	latest          int
}

// catalogueEntries reads the items of a catalogue page.
func catalogueEntries(t *testing.T, page string) []catalogueEntry {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []catalogueEntry
	var walk func(*html.Node, *catalogueEntry)
	walk = func(n *html.Node, cur *catalogueEntry) {
		if n.Type == html.ElementNode && hasClass(n, "catalogue-item") {
			out = append(out, catalogueEntry{})
			cur = &out[len(out)-1]
		}
		if cur != nil && n.Type == html.ElementNode {
			switch {
			case hasClass(n, "code"):
				cur.code = text(n)
			case hasClass(n, "count"):
				cur.count, _ = strconv.Atoi(strings.TrimSuffix(text(n), " 条"))
			case hasClass(n, "flag"):
				cur.flag = text(n)
			case hasClass(n, "item-name"):
				cur.url = attr(n, "href")
			case n.Data == "li" && !hasClass(n, "catalogue-item"):
				cur.latest++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, cur)
		}
	}
	walk(root, nil)
	return out
}

// TestCatalogueListsAllItems: the public catalogue lists the 10 categories
// and 50 items, each count equal to what its link's search counts, with
// the latest records and the flags.
func TestCatalogueListsAllItems(t *testing.T) {
	a := sampleArchive
	status, page, _ := a.get(t, "/catalogue")
	if status != http.StatusOK {
		t.Fatalf("GET /catalogue: %d", status)
	}
	entries := catalogueEntries(t, page)
	if len(entries) != 50 {
		t.Fatalf("%d items on the catalogue, want 50", len(entries))
	}
	for _, cat := range checklist.Default().Categories {
		if !strings.Contains(page, cat.Name) {
			t.Errorf("category %s %s missing", cat.Code, cat.Name)
		}
	}
	stale, never, published := 0, 0, 0
	for i, e := range entries {
		want := checklist.Default().Items()[i].Code
		if e.code != want {
			t.Errorf("item %d is %q, want %q", i, e.code, want)
		}
		u, err := url.Parse(e.url)
		if err != nil || u.Path != "/" || u.Query().Get("checklist") != want {
			t.Errorf("item %s links to %q", want, e.url)
			continue
		}
		var res apiResult
		a.getJSON(t, "/api/search?"+u.RawQuery, &res)
		if res.Total != e.count {
			t.Errorf("item %s: catalogue says %d, its search finds %d", want, e.count, res.Total)
		}
		if e.latest != min(e.count, 3) {
			t.Errorf("item %s lists %d latest records, want %d", want, e.latest, min(e.count, 3))
		}
		switch {
		case e.count == 0 && e.flag != "尚未公开":
			t.Errorf("item %s has nothing and is flagged %q", want, e.flag)
		case e.count > 0 && e.flag == "尚未公开":
			t.Errorf("item %s has %d records and is flagged 尚未公开", want, e.count)
		}
		switch e.flag {
		case "超过一年未更新":
			stale++
			// The newest record of a stale item is more than a year before
			// the archive's clock (2026-03-01).
			var res apiResult
			a.getJSON(t, "/api/search?"+u.RawQuery+"&size=1", &res)
			if len(res.Hits) == 0 || res.Hits[0].Published >= "2025-03-01" {
				t.Errorf("item %s flagged stale, newest %+v", want, res.Hits)
			}
		case "尚未公开":
			never++
		case "":
			published++
		}
	}
	if stale == 0 || never == 0 || published == 0 {
		t.Errorf("flags: %d stale, %d never, %d current; the demo corpus has each", stale, never, published)
	}
	// The annual reports (01-06): ten, one each October, the latest in 2025.
	var res apiResult
	a.getJSON(t, "/api/search?checklist=01-06", &res)
	if res.Total != 10 {
		t.Errorf("01-06 counts %d annual reports, want 10", res.Total)
	}
	if !strings.Contains(page, `href="/catalogue"`) {
		t.Error("the layout has no link to the catalogue")
	}
}

// TestChecklistFacetInTheAPI: the API counts by checklist item, and a
// checklist filter keeps the other facets' counts for that item.
func TestChecklistFacetInTheAPI(t *testing.T) {
	a := sampleArchive
	var all, one apiResult
	a.getJSON(t, "/api/search", &all)
	a.getJSON(t, "/api/search?checklist=06-02", &one)
	counts := map[string]int{}
	for _, fv := range all.Facets["checklist"] {
		counts[fv.Value] = fv.Count
	}
	if counts["06-02"] == 0 || counts["06-02"] != one.Total {
		t.Errorf("06-02: facet %d, filter %d", counts["06-02"], one.Total)
	}
	// The facet of the filtered field ignores its own filter.
	if len(one.Facets["checklist"]) != len(all.Facets["checklist"]) {
		t.Errorf("checklist facet under its own filter: %d values, unfiltered %d", len(one.Facets["checklist"]), len(all.Facets["checklist"]))
	}
	for _, h := range one.Hits {
		if !strings.Contains(h.Title, "奖学金") && !strings.Contains(h.Title, "助学金") {
			t.Errorf("06-02 holds %q", h.Title)
		}
	}
}

// openFilingArchive is a small archive for tests that write.
func openFilingArchive(t *testing.T, extra ...records.Incoming) *archive {
	t.Helper()
	a, err := openArchive(t.TempDir(), func(ctx context.Context, s *records.Store) error {
		docs := []records.Incoming{
			{Doc: records.Document{ID: "budget-2024", Title: "清源大学2024年部门预算", Body: "部门预算公开。",
				Category: "财务信息", Department: "财务处", Published: "2024-04-15"}},
			{Doc: records.Document{ID: "news-2025", Title: "学校举行毕业典礼", Body: "新闻。",
				Category: "综合新闻", Department: "党委宣传部", Published: "2025-06-20"}},
		}
		_, err := s.Put(ctx, "system:test", append(docs, extra...))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.close)
	return a
}

func checklistTotal(t *testing.T, a *archive, code string) (int, []string) {
	t.Helper()
	if _, err := a.index.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var res apiResult
	a.getJSON(t, "/api/search?checklist="+code, &res)
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return res.Total, ids
}

// TestStaffFilingOverridesRuleAndIsAudited files a record the rules put
// under 03-05 (部门预算) under 01-05 from its page: the index follows, the
// catalogue counts it there, the audit log says who and why, and an
// auditor may look but not file.
func TestStaffFilingOverridesRuleAndIsAudited(t *testing.T) {
	a := openFilingArchive(t)
	ctx := context.Background()
	if n, ids := checklistTotal(t, a, "03-05"); n != 1 || ids[0] != "budget-2024" {
		t.Fatalf("by rule, 03-05 holds %v", ids)
	}
	staff := signedIn(t, a, "clerk", accounts.Staff)
	page := getPage(t, staff, a.server.URL+"/documents/budget-2024/checklist")
	if !strings.Contains(page, "按规则自动归类") || !strings.Contains(page, "03-05") {
		t.Errorf("the filing page does not show the rule's filing:\n%s", page)
	}
	if doc := getPage(t, staff, a.server.URL+"/documents/budget-2024"); !strings.Contains(doc, `href="/documents/budget-2024/checklist"`) {
		t.Error("the document page has no link to the filing page for staff")
	}
	form := url.Values{"csrf": {formCSRF(t, staff, a.server.URL+"/documents/budget-2024/checklist")},
		"item": {"5"}, "reason": {"预算随年度工作计划一并公开"}}
	resp, err := staff.PostForm(a.server.URL+"/documents/budget-2024/checklist", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("filing: %s", resp.Status)
	}
	if n, _ := checklistTotal(t, a, "03-05"); n != 0 {
		t.Errorf("03-05 still counts %d after staff filed the record elsewhere", n)
	}
	if n, ids := checklistTotal(t, a, "01-05"); n != 1 || ids[0] != "budget-2024" {
		t.Errorf("01-05 holds %v after the filing", ids)
	}
	if page := getPage(t, staff, a.server.URL+"/documents/budget-2024/checklist"); !strings.Contains(page, "工作人员指定") ||
		!strings.Contains(page, "预算随年度工作计划一并公开") {
		t.Errorf("the filing page does not show the staff filing")
	}
	_, cat, _ := a.get(t, "/catalogue")
	for _, e := range catalogueEntries(t, cat) {
		if (e.code == "01-05" && e.count != 1) || (e.code == "03-05" && e.count != 0) {
			t.Errorf("catalogue: %s counts %d", e.code, e.count)
		}
	}
	log, err := a.store.AuditLog(ctx, records.AuditQuery{Target: records.DocumentTarget("budget-2024")})
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != records.ActionChecklist || last.Actor != "user:clerk" || !strings.Contains(last.Detail, `"item":"01-05"`) {
		t.Errorf("audit entry = %+v", last)
	}
	auditor := signedIn(t, a, "reader", accounts.Auditor)
	if st := status(t, auditor, http.MethodGet, a.server.URL+"/documents/budget-2024/checklist", nil); st != http.StatusOK {
		t.Errorf("auditor reading the filing page: %d", st)
	}
	form.Set("csrf", formCSRF(t, auditor, a.server.URL+"/"))
	form.Set("item", "03-05")
	if st := status(t, auditor, http.MethodPost, a.server.URL+"/documents/budget-2024/checklist", form); st != http.StatusForbidden {
		t.Errorf("auditor filing: %d, want 403", st)
	}
	// An unknown item is refused with the reason.
	form.Set("csrf", formCSRF(t, staff, a.server.URL+"/"))
	form.Set("item", "88-88")
	if st := status(t, staff, http.MethodPost, a.server.URL+"/documents/budget-2024/checklist", form); st != http.StatusBadRequest {
		t.Errorf("unknown item: %d, want 400", st)
	}
	// Back to the rules.
	form.Set("item", "")
	form.Set("reason", "恢复自动归类")
	if st := status(t, staff, http.MethodPost, a.server.URL+"/documents/budget-2024/checklist", form); st != http.StatusSeeOther {
		t.Errorf("withdrawing: %d", st)
	}
	if n, _ := checklistTotal(t, a, "03-05"); n != 1 {
		t.Errorf("03-05 counts %d after the staff filing was withdrawn, want 1", n)
	}
	var ps []records.Problem
	if _, err := a.store.Verify(ctx, func(p records.Problem) { ps = append(ps, p) }); err != nil || len(ps) != 0 {
		t.Errorf("verify: %v %v", ps, err)
	}
}

// TestCatalogueUsesTheDataFolderChecklist: an operator's checklist.txt in
// the data folder replaces the shipped list on the catalogue.
func TestCatalogueUsesTheDataFolderChecklist(t *testing.T) {
	a := openFilingArchive(t)
	var file string
	if err := a.store.QueryRowContext(context.Background(), `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		t.Fatal(err)
	}
	text := "03 财务、资产及收费信息\n03-05 [19] 部门预算（本校表述）\n03-06 [20] 部门决算\n"
	if err := os.WriteFile(filepath.Join(filepath.Dir(file), checklist.OverrideText), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, page, _ := a.get(t, "/catalogue")
	entries := catalogueEntries(t, page)
	if len(entries) != 2 || !strings.Contains(page, "部门预算（本校表述）") || entries[0].count != 1 {
		t.Errorf("the operator's list is not used: %+v", entries)
	}
}
