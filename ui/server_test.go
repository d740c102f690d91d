package ui_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
)

// contains reports whether the normalised title or body holds s, as exact
// mode promises.
func contains(d *records.Document, s string) bool {
	s = zh.Normalize(s)
	return strings.Contains(zh.Normalize(d.Title), s) || strings.Contains(zh.Normalize(d.Body), s)
}

func TestSearchPageShowsBestNoticeFirst(t *testing.T) {
	a := sampleArchive
	var api apiResult
	if st := a.getJSON(t, searchPath(url.Values{"q": {"奖学金 评审"}}), &api); st != 200 {
		t.Fatalf("api status %d", st)
	}
	if api.Total == 0 || len(api.Hits) == 0 {
		t.Fatal("no hits for 奖学金 评审")
	}
	top := api.Hits[0]
	if !strings.Contains(top.Title, "奖学金") || !strings.Contains(top.Title, "评审") {
		t.Errorf("top hit %q lacks the query's words in its title", top.Title)
	}
	status, page, _ := a.get(t, "/?q="+url.QueryEscape("奖学金 评审"))
	if status != 200 {
		t.Fatalf("page status %d", status)
	}
	if !strings.Contains(page, `找到 <strong class="total">`+strconv.Itoa(api.Total)+`</strong> 条结果`) {
		t.Errorf("page does not state the API's total %d", api.Total)
	}
	first := strings.Index(page, `<li class="hit">`)
	if first < 0 || !strings.Contains(page[first:], `href="`+top.URL+"?q=") {
		t.Errorf("first result on the page is not the API's first hit %s", top.URL)
	}
	if !strings.Contains(page, "<mark>奖学金") {
		t.Error("no highlighted 奖学金 on the page")
	}
}

func TestExactSearchFindsEveryPublicDocumentAndNothingElse(t *testing.T) {
	a := sampleArchive
	for _, term := range []string{"奖学金", "信息公开", "〔2018〕"} {
		want := map[string]bool{}
		for _, d := range publicDocs(t, a.store) {
			if contains(d, term) {
				want[d.ID] = true
			}
		}
		got := map[string]bool{}
		for page := 1; ; page++ {
			var res apiResult
			a.getJSON(t, searchPath(url.Values{"q": {term}, "mode": {"exact"}, "size": {"7"}, "page": {strconv.Itoa(page)}}), &res)
			if res.Total != len(want) {
				t.Fatalf("%s: total %d, brute force %d", term, res.Total, len(want))
			}
			for _, h := range res.Hits {
				if got[h.ID] {
					t.Errorf("%s: %s on two pages", term, h.ID)
				}
				got[h.ID] = true
			}
			if len(res.Hits) < 7 {
				break
			}
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%s: paging never reached %s", term, id)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: paged through %d, want %d", term, len(got), len(want))
		}
	}
}

func TestFacetClicksNarrowResults(t *testing.T) {
	a := sampleArchive
	_, page, _ := a.get(t, "/?q="+url.QueryEscape("通知"))
	dept := links(t, page, "facet", "教务处")
	if len(dept) != 1 {
		t.Fatalf("教务处 facet links: %v", dept)
	}
	_, page, _ = a.get(t, dept[0])
	year := links(t, page, "facet", "2019")
	if len(year) != 1 {
		t.Fatalf("2019 facet links after 教务处: %v", year)
	}
	u, _ := url.Parse(year[0])
	q := u.Query()
	if q.Get("department") != "教务处" || q.Get("year") != "2019" || q.Get("q") != "通知" {
		t.Fatalf("facet link lost state: %s", year[0])
	}
	var res apiResult
	a.getJSON(t, "/api/search?"+u.RawQuery+"&size=100", &res)
	want := 0
	for _, d := range publicDocs(t, a.store) {
		if d.Department == "教务处" && d.Year() == 2019 && contains(d, "通知") {
			want++
		}
	}
	if want == 0 {
		t.Fatal("sample corpus has no 2019 教务处 通知: the test needs one")
	}
	// Relevance mode may relax beyond documents holding 通知 only when too
	// few hold it; every hit must be a 2019 教务处 record.
	if res.Total < want {
		t.Errorf("after two clicks: %d results, brute force %d", res.Total, want)
	}
	for _, h := range res.Hits {
		if h.Department != "教务处" || !strings.HasPrefix(h.Published, "2019") {
			t.Errorf("hit %s is %s %s", h.ID, h.Department, h.Published)
		}
	}
	// The page shows both filters as removable chips, and each facet's own
	// counts ignore its own filter: the year facet still lists other years.
	_, page, _ = a.get(t, year[0])
	for _, chip := range []string{"部门：教务处", "年份：2019"} {
		if len(links(t, page, "chips", chip)) != 1 {
			t.Errorf("no chip %q", chip)
		}
	}
	if len(links(t, page, "facet", "20")) < 2 {
		t.Error("year facet lost the other years once 2019 was chosen")
	}
}

func TestFacetCountsMatchBruteForce(t *testing.T) {
	a := sampleArchive
	var res apiResult
	a.getJSON(t, "/api/search", &res) // no query: browse everything
	docs := publicDocs(t, a.store)
	if res.Total != len(docs) {
		t.Errorf("browse total %d, public records %d", res.Total, len(docs))
	}
	byDept := map[string]int{}
	for _, d := range docs {
		byDept[d.Department]++
	}
	for _, fv := range res.Facets["department"] {
		if fv.Count != byDept[fv.Value] {
			t.Errorf("部门 %s: facet %d, brute force %d", fv.Value, fv.Count, byDept[fv.Value])
		}
	}
}

func TestDocumentPageAndOriginal(t *testing.T) {
	a := sampleArchive
	var res apiResult
	a.getJSON(t, searchPath(url.Values{"q": {"文号:清大校发〔2018〕12号"}}), &res)
	if len(res.Hits) == 0 {
		t.Fatal("sample corpus lacks 清大校发〔2018〕12号: the test needs it")
	}
	id := res.Hits[0].ID
	d, err := a.store.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	status, page, _ := a.get(t, "/documents/"+url.PathEscape(id)+"?q="+url.QueryEscape(d.Title[:6]))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{d.DocNumber, d.Department, d.SHA256, "下载原始文件", "<mark>"} {
		if !strings.Contains(page, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
	status, body, h := a.get(t, "/documents/"+url.PathEscape(id)+"/original")
	if status != 200 {
		t.Fatalf("original: status %d", status)
	}
	sum := sha256.Sum256([]byte(body))
	if hex.EncodeToString(sum[:]) != d.SHA256 {
		t.Error("downloaded original does not hash to the recorded SHA-256")
	}
	if !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || h.Get("Content-Security-Policy") != "sandbox" {
		t.Errorf("original served inline or unsandboxed: %v", h)
	}
}

func TestNonPublicRecordsAnswer404LikeMissingOnes(t *testing.T) {
	a := sampleArchive
	var hidden []*records.Document
	a.store.Scan(t.Context(), func(d *records.Document) error {
		if d.Visibility != records.Public {
			c := *d
			hidden = append(hidden, &c)
		}
		return nil
	})
	if len(hidden) == 0 {
		t.Fatal("sample corpus has no non-public records")
	}
	_, missingPage, _ := a.get(t, "/documents/no-such-id")
	for _, d := range hidden {
		for _, path := range []string{"/documents/", "/api/documents/"} {
			status, body, _ := a.get(t, path+url.PathEscape(d.ID))
			if status != 404 {
				t.Errorf("%s%s: status %d", path, d.ID, status)
			}
			if strings.Contains(body, d.Title) {
				t.Errorf("%s%s: 404 page reveals the title", path, d.ID)
			}
		}
		status, page, _ := a.get(t, "/documents/"+url.PathEscape(d.ID))
		if status != 404 || strings.ReplaceAll(page, d.ID, "ID") != strings.ReplaceAll(missingPage, "no-such-id", "ID") {
			t.Errorf("%s: the 404 differs from a missing id's", d.ID)
		}
		if st, _, _ := a.get(t, "/documents/"+url.PathEscape(d.ID)+"/original"); st != 404 {
			t.Errorf("original of %s: status %d", d.ID, st)
		}
		// Nor does any search reach it: its own title, exactly.
		var res apiResult
		a.getJSON(t, searchPath(url.Values{"q": {`"` + d.Title + `"`}, "mode": {"exact"}, "size": {"100"}}), &res)
		for _, h := range res.Hits {
			if h.ID == d.ID {
				t.Errorf("search for its title found %s (%s)", d.ID, d.Visibility)
			}
		}
	}
}

func TestAPIErrorsAreJSONWithStatus(t *testing.T) {
	a := sampleArchive
	cases := []struct {
		path   string
		status int
		msg    string
	}{
		{"/api/search?q=" + url.QueryEscape(`"奖学金`), 400, "引号"},
		{"/api/search?q=" + url.QueryEscape("(奖学金"), 400, "括号"},
		{"/api/search?size=1000", 400, "每页条数"},
		{"/api/search?page=abc", 400, "页码"},
		{"/api/search?year=二〇一九", 400, "年份"},
		{"/api/search?mode=fuzzy", 400, "检索模式"},
		{"/api/search?from=2019-13-01", 400, "日期"},
		{"/api/search?q=" + strings.Repeat("学", 1001), 400, "过长"},
		{"/api/documents/none", 404, "没有"},
		{"/api/nothing", 404, "没有这个接口"},
	}
	for _, c := range cases {
		var res apiResult
		if st := a.getJSON(t, c.path, &res); st != c.status || !strings.Contains(res.Error, c.msg) {
			t.Errorf("GET %s: %d %q, want %d with %q", c.path[:min(len(c.path), 60)], st, res.Error, c.status, c.msg)
		}
	}
	resp, err := a.server.Client().Post(a.server.URL+"/api/search", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST /api/search: %d", resp.StatusCode)
	}
}

func TestQueryErrorShownInWordsOnThePage(t *testing.T) {
	status, page, _ := sampleArchive.get(t, "/?q="+url.QueryEscape(`年份:abc`))
	if status != 400 || !strings.Contains(page, "检索式有误") {
		t.Errorf("status %d, page lacks the error box", status)
	}
}

func TestPagingLinksReachEveryHit(t *testing.T) {
	a := sampleArchive
	path := "/?q=" + url.QueryEscape("通知") + "&size=10"
	seen := map[string]bool{}
	var total int
	var res apiResult
	a.getJSON(t, "/api/search?q="+url.QueryEscape("通知"), &res)
	total = res.Total
	for i := 0; path != "" && i < 100; i++ {
		_, page, _ := a.get(t, path)
		for _, href := range links(t, page, "hits", "") {
			seen[strings.SplitN(href, "?", 2)[0]] = true
		}
		next := links(t, page, "pager", "下一页")
		path = ""
		if len(next) == 1 {
			path = next[0]
		}
	}
	if len(seen) != total {
		t.Errorf("following 下一页 reached %d documents, total %d", len(seen), total)
	}
}

func TestEveryStateIsAShareableURL(t *testing.T) {
	a := sampleArchive
	_, page, _ := a.get(t, "/?q="+url.QueryEscape("奖学金")+"&sort=date&mode=exact&department="+url.QueryEscape("学生处"))
	var dates []string
	root := links(t, page, "hits", "")
	if len(root) == 0 {
		t.Fatal("no hits")
	}
	// Sorted by date: the API with the same parameters agrees, newest first.
	var res apiResult
	a.getJSON(t, "/api/search?q="+url.QueryEscape("奖学金")+"&sort=date&mode=exact&department="+url.QueryEscape("学生处"), &res)
	for i, h := range res.Hits {
		dates = append(dates, h.Published)
		if !strings.HasPrefix(root[i], h.URL) {
			t.Errorf("page hit %d is %s, API says %s", i, root[i], h.URL)
		}
	}
	if !slices.IsSortedFunc(dates, func(x, y string) int { return strings.Compare(y, x) }) {
		t.Errorf("not newest first: %v", dates)
	}
}

func TestHealthAndSecurityHeaders(t *testing.T) {
	a := sampleArchive
	var h struct {
		Status    string `json:"status"`
		Documents int    `json:"documents"`
		Pending   int64  `json:"pending"`
	}
	n, _ := a.store.Count(t.Context())
	if st := a.getJSON(t, "/healthz", &h); st != 200 || h.Status != "ok" || h.Documents != n || h.Pending != 0 {
		t.Errorf("healthz: %d %+v (records %d)", st, h, n)
	}
	_, _, hdr := a.get(t, "/")
	if !strings.Contains(hdr.Get("Content-Security-Policy"), "script-src 'self'") || hdr.Get("X-Frame-Options") != "DENY" ||
		hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers: %v", hdr)
	}
}

func TestStaticAssetsAreContentHashed(t *testing.T) {
	a := sampleArchive
	_, page, _ := a.get(t, "/")
	i := strings.Index(page, `href="/static/style.`)
	if i < 0 {
		t.Fatal("no hashed stylesheet link")
	}
	href := page[i+len(`href="`):]
	href = href[:strings.IndexByte(href, '"')]
	status, css, h := a.get(t, href)
	if status != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.Contains(css, "mark") {
		t.Errorf("GET %s: %d %q", href, status, h.Get("Cache-Control"))
	}
	if st, _, _ := a.get(t, "/static/style.00000000.css"); st != 404 {
		t.Errorf("a stale hash answered %d", st)
	}
}
