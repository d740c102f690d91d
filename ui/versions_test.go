package ui_test

import (
	"context"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
)

// TestVersionsHistoryDiffAndPointInTime follows one notice through a
// change of its source, a visibility decision and a retraction, and checks
// what its pages, the diff and an as_of search show to whom.
func TestVersionsHistoryDiffAndPointInTime(t *testing.T) {
	ctx := context.Background()
	v1 := records.Document{ID: "zs-2019", Title: "清源大学2019年本科招生章程", Published: "2019-05-01",
		Body:     "第一条 为规范招生工作，制定本章程。\n第二条 学校全称为清源大学。\n第三条 艺术类专业另行公布。",
		Category: "招生考试", Department: "招生就业处", Visibility: records.OnRequest}
	clock := time.Date(2019, 5, 1, 2, 0, 0, 0, time.UTC)
	var store *records.Store
	a, err := openArchive(t.TempDir(), func(ctx context.Context, s *records.Store) error {
		store = s
		s.Now = func() time.Time { return clock }
		_, err := s.Put(ctx, "test:ingest", []records.Incoming{{Doc: v1, Original: []byte(v1.Body)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	step := func(at time.Time, fn func() error) {
		t.Helper()
		clock = at
		if err := fn(); err != nil {
			t.Fatal(err)
		}
		if _, err := a.index.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// v2 (2019-06-10): the source changes one clause. v3 (2020-01-15): staff
	// make it public. v4 (2021-03-01): retracted.
	v2 := v1
	v2.Body = strings.Replace(v1.Body, "艺术类专业另行公布", "艺术类专业招生简章另行公布", 1)
	step(time.Date(2019, 6, 10, 2, 0, 0, 0, time.UTC), func() error {
		_, err := store.Put(ctx, "test:ingest", []records.Incoming{{Doc: v2, Original: []byte(v2.Body)}})
		return err
	})
	step(time.Date(2020, 1, 15, 2, 0, 0, 0, time.UTC), func() error {
		_, err := store.SetVisibility(ctx, "user:wang", v1.ID, records.Public, "依申请公开：申请 2020-0003 答复后公开")
		return err
	})
	staff := signedIn(t, a, "wang", accounts.Staff)
	public := browser(t)

	// Staff see every version; the public only those that were public
	// while in force (just version 3), so no history table at all.
	if page := getPage(t, staff, a.server.URL+"/documents/zs-2019"); !strings.Contains(page, "版本历史") ||
		!strings.Contains(page, "第 1 版") || !strings.Contains(page, "依申请公开：申请 2020-0003 答复后公开") {
		t.Error("staff page lacks the full history with the visibility decision's reason")
	}
	if page := getPage(t, public, a.server.URL+"/documents/zs-2019"); strings.Contains(page, "第 1 版") || strings.Contains(page, "2020-0003") {
		t.Error("the public page shows versions that were never public, or staff's reasons")
	}
	if st := status(t, public, "GET", a.server.URL+"/documents/zs-2019/v/2", nil); st != 404 {
		t.Errorf("public reading version 2 (on_request while in force): %d", st)
	}
	v2page := getPage(t, staff, a.server.URL+"/documents/zs-2019/v/2")
	if !strings.Contains(v2page, "艺术类专业招生简章另行公布") || !strings.Contains(v2page, "第 2 版") {
		t.Error("staff version 2 page lacks its own text")
	}
	diff := getPage(t, staff, a.server.URL+"/documents/zs-2019/diff?from=1&to=2")
	if !strings.Contains(diff, `<span class="ins">招生简章</span>`) || !strings.Contains(diff, "新增 4 字") {
		t.Errorf("diff does not mark the inserted 招生简章:\n%s", diff[strings.Index(diff, "<main>"):])
	}

	// as_of: on 2019-12-31 the public saw nothing; on 2020-06-01 it saw it.
	search := func(asOf string) (int, int) {
		var res apiResult
		var st int
		resp, err := staff.Get(a.server.URL + "/api/search?" + url.Values{"q": {"招生章程"}, "as_of": {asOf}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		st = resp.StatusCode
		decodeJSON(t, resp, &res)
		return st, res.Total
	}
	if st, n := search("2019-12-31"); st != 200 || n != 0 {
		t.Errorf("as_of 2019-12-31: %d, %d hits; the record was not yet public", st, n)
	}
	if st, n := search("2020-06-01"); st != 200 || n != 1 {
		t.Errorf("as_of 2020-06-01: %d, %d hits; the record was public", st, n)
	}
	step(time.Date(2021, 3, 1, 2, 0, 0, 0, time.UTC), func() error {
		_, err := store.Retract(ctx, "user:wang", v1.ID, "章程已废止")
		return err
	})
	staff = signedIn(t, a, "wang", accounts.Staff) // the clock jumped past the old session's life
	if st, n := search("2020-06-01"); st != 200 || n != 1 {
		t.Errorf("after retraction, as_of 2020-06-01 still shows what was public then: %d, %d", st, n)
	}
	if st := status(t, public, "GET", a.server.URL+"/documents/zs-2019", nil); st != 404 {
		t.Errorf("retracted record, public page: %d", st)
	}
	if !strings.Contains(getPage(t, staff, a.server.URL+"/documents/zs-2019"), "章程已废止") {
		t.Error("staff history lacks the retraction's reason")
	}
	// The public may not ask for the past: as_of is staff's.
	var res apiResult
	if st := a.getJSON(t, "/api/search?q="+url.QueryEscape("招生章程")+"&as_of=2020-06-01", &res); st != 400 {
		t.Errorf("public as_of: %d", st)
	}
}

func TestExportStreamsEveryHitWithHeader(t *testing.T) {
	a := sampleArchive
	var res apiResult
	a.getJSON(t, "/api/search?q="+url.QueryEscape("通知")+"&mode=exact", &res)
	status, body, h := a.get(t, "/api/export?q="+url.QueryEscape("通知")+"&mode=exact&format=csv")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("export: %d %v", status, h)
	}
	var rows [][]string
	var comments []string
	for _, line := range strings.Split(strings.TrimPrefix(body, "\ufeff"), "\n") {
		if strings.HasPrefix(line, "#") {
			comments = append(comments, line)
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		r, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			t.Fatalf("csv line %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	if len(rows)-1 != res.Total {
		t.Errorf("export has %d rows, the search counts %d", len(rows)-1, res.Total)
	}
	head := strings.Join(comments, "\n")
	for _, want := range []string{"# query: 通知", "# mode: exact", "# index_version:"} {
		if !strings.Contains(head, want) {
			t.Errorf("export header lacks %q:\n%s", want, head)
		}
	}
	if status, _, _ := a.get(t, "/api/export?q="+url.QueryEscape(`"通知`)+"&format=csv"); status != 400 {
		t.Errorf("bad query export: %d", status)
	}
}

func TestStaffRetractFromThePageWithReason(t *testing.T) {
	ctx := context.Background()
	doc := records.Document{ID: "tz-1", Title: "关于2020年寒假放假安排的通知", Body: "各单位：寒假自1月18日起。",
		Published: "2020-01-06", Visibility: records.Public}
	a, err := openArchive(t.TempDir(), func(ctx context.Context, s *records.Store) error {
		_, err := s.Put(ctx, "test:ingest", []records.Incoming{{Doc: doc, Original: []byte(doc.Body)}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	staff := signedIn(t, a, "li", accounts.Staff)
	tok := formCSRF(t, staff, a.server.URL+"/documents/tz-1")
	if st := status(t, staff, "POST", a.server.URL+"/documents/tz-1/retract", url.Values{"csrf": {tok}}); st != 400 {
		t.Errorf("retract without a reason: %d", st)
	}
	if st := status(t, staff, "POST", a.server.URL+"/documents/tz-1/retract", url.Values{"csrf": {tok}, "reason": {"通知有误，已重新发布"}}); st != 303 {
		t.Fatalf("retract: %d", st)
	}
	a.index.Sync(ctx)
	if st := status(t, browser(t), "GET", a.server.URL+"/documents/tz-1", nil); st != 404 {
		t.Errorf("retracted record still public: %d", st)
	}
	if page := getPage(t, staff, a.server.URL+"/documents/tz-1"); !strings.Contains(page, "通知有误，已重新发布") {
		t.Error("staff page does not show the retraction's reason")
	}
	entries, _ := a.store.AuditLog(ctx, records.AuditQuery{Target: records.DocumentTarget("tz-1")})
	last := entries[len(entries)-1]
	if last.Actor != "user:li" || !strings.Contains(last.Detail, "通知有误") {
		t.Errorf("audit entry of the retraction: %+v", last)
	}
}
