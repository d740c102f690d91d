package search_test

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// fixture is an engine over real records and an in-memory index.
type fixture struct {
	eng   *search.Engine
	store *records.Store
	docs  []*records.Document
}

// openSample ingests the bundled demo corpus plus extra documents.
func openSample(tb testing.TB, extra ...records.Document) *fixture {
	tb.Helper()
	ctx := context.Background()
	store, err := records.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	corpus, err := fs.Sub(sample.Corpus, "corpus")
	if err != nil {
		tb.Fatal(err)
	}
	sum, err := indexer.IngestFS(ctx, store, corpus, "sample", indexer.IngestOptions{})
	if err != nil || len(sum.Rejected) > 0 {
		tb.Fatalf("ingest sample: %v, rejected %v", err, sum.Rejected)
	}
	if len(extra) > 0 {
		var in []records.Incoming
		for _, d := range extra {
			in = append(in, records.Incoming{Doc: d, Original: []byte(d.Title + d.Body)})
		}
		if _, err := store.Put(ctx, "test", in); err != nil {
			tb.Fatal(err)
		}
	}
	idx, err := indexer.OpenIndex(ctx, "", store, indexer.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	if _, err := idx.Sync(ctx); err != nil {
		tb.Fatal(err)
	}
	f := &fixture{eng: search.New(idx, search.Options{}), store: store}
	if err := store.Scan(ctx, func(d *records.Document) error { f.docs = append(f.docs, d); return nil }); err != nil {
		tb.Fatal(err)
	}
	return f
}

// mixed are documents with digits, Latin and full-width text cut through
// in every way the property test tries.
var mixed = []records.Document{
	{ID: "mix-1", Title: "关于启用GB18030编码的通知", Body: "自2019年3月1日起，全校信息系统统一采用GB18030-2022编码。合同编号QYCG-2021-0456。",
		Category: "通知公告", Department: "信息化办公室", Published: "2019-02-20"},
	{ID: "mix-2", Title: "第５届ＡＣＭ程序设计竞赛", Body: "第５届ＡＣＭ程序设计竞赛于２０１８年１０月举行，共有１２３支队伍参赛。",
		Category: "综合新闻", Department: "计算机学院", Published: "2018-10-30"},
	{ID: "mix-3", Title: "內部審計報告", Body: "本報告涉及2020年度經費使用情況，合同編號QYCG-2020-0077。",
		Category: "财务信息", Department: "审计处", Published: "2020-12-01", Visibility: records.OnRequest},
	{ID: "mix-4", Title: "纪委个案材料", Body: "涉及个人隐私的个案材料，编号JW-2021-0009，不予公开。",
		Category: "通知公告", Department: "纪委办公室", Published: "2021-05-06", Visibility: records.Withheld},
}

func (f *fixture) all(tb testing.TB, req search.Request) []search.Hit {
	tb.Helper()
	req.Size = search.MaxPageSize
	var hits []search.Hit
	for page := 1; ; page++ {
		req.Page = page
		res, err := f.eng.Search(context.Background(), req)
		if err != nil {
			tb.Fatalf("Search(%+v): %v", req, err)
		}
		hits = append(hits, res.Hits...)
		if len(res.Hits) == 0 || len(hits) >= res.Total {
			if len(hits) != res.Total {
				tb.Fatalf("Search(%q): paged %d hits, total says %d", req.Query, len(hits), res.Total)
			}
			return hits
		}
	}
}

func ids(hits []search.Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	sort.Strings(out)
	return out
}

// bruteForce lists the documents an audience may see whose normalised title
// or text contains every term.
func (f *fixture) bruteForce(terms []string, a search.Audience) []string {
	var out []string
	for _, d := range f.docs {
		if a == search.Public && d.Visibility != records.Public {
			continue
		}
		title, body := zh.Normalize(d.Title), zh.Normalize(d.Body)
		ok := true
		for _, t := range terms {
			nt := zh.Normalize(t)
			if !strings.Contains(title, nt) && !strings.Contains(body, nt) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, d.ID)
		}
	}
	sort.Strings(out)
	return out
}

// TestExactModeMatchesBruteForce is the completeness property: for random
// substrings of the corpus (1–8 characters, crossing word boundaries, cutting
// through numbers and Latin words, with punctuation), exact mode returns
// exactly the documents that contain them, no more and no fewer.
func TestExactModeMatchesBruteForce(t *testing.T) {
	f := openSample(t, mixed...)
	rng := rand.New(rand.NewPCG(2026, 11))
	tried := 0
	for tried < 250 {
		d := f.docs[rng.IntN(len(f.docs))]
		rs := []rune(d.Body)
		if len(rs) < 10 {
			continue
		}
		n := 1 + rng.IntN(8)
		i := rng.IntN(len(rs) - n)
		term := string(rs[i : i+n])
		if strings.IndexFunc(term, unicode.IsSpace) >= 0 || strings.ContainsAny(term, `"“”「」『』()（）-|`) {
			continue
		}
		if strings.TrimSpace(term) != term || term == "OR" || term == "AND" || term == "NOT" || strings.Contains(term, ":") || strings.Contains(term, "：") {
			continue
		}
		tried++
		for _, a := range []search.Audience{search.Public, search.Staff} {
			got := ids(f.all(t, search.Request{Query: term, Exact: true, Audience: a}))
			want := f.bruteForce([]string{term}, a)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("exact %q (audience %d):\n got %d %v\nwant %d %v", term, a, len(got), got, len(want), want)
			}
		}
	}
}

func TestExactModeCutsThroughNumbersAndWords(t *testing.T) {
	f := openSample(t, mixed...)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"18030-20", []string{"mix-1"}},       // through a number and a hyphen
		{"b1803", []string{"mix-1"}},          // inside a Latin+digit token
		{"QYCG-2021-0456", []string{"mix-1"}}, // a contract number
		{"ＡＣＭ程", []string{"mix-2"}},           // full-width query
		{"acm程序", []string{"mix-2"}},          // case folded
		{"１２３支", []string{"mix-2"}},           // full-width digits in text and query
		{"审计报告", nil},                         // only in traditional, non-public text
	} {
		want := f.bruteForce(strings.Fields(tc.q), search.Public)
		got := ids(f.all(t, search.Request{Query: tc.q, Exact: true}))
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("exact %q = %v, want %v", tc.q, got, want)
		}
		for _, id := range tc.want {
			if !slices.Contains(got, id) {
				t.Errorf("exact %q = %v, want it to include %s", tc.q, got, id)
			}
		}
	}
}

// TestNonPublicNeverReachesThePublic: on_request and withheld records are
// absent from the public's hits, totals and facet counts, and present for
// staff.
func TestNonPublicNeverReachesThePublic(t *testing.T) {
	f := openSample(t, mixed...)
	ctx := context.Background()
	for _, q := range []string{"QYCG-2020-0077", "内部审计报告", "JW-2021-0009", "个案材料", "部门:纪委办公室", "审计"} {
		for _, exact := range []bool{false, true} {
			res, err := f.eng.Search(ctx, search.Request{Query: q, Exact: exact})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.Visibility != records.Public {
					t.Errorf("public search %q returned %s (%s)", q, h.ID, h.Visibility)
				}
			}
			for _, fv := range append(append(res.Facets.Category, res.Facets.Department...), res.Facets.Year...) {
				if fv.Value == "审计处" {
					t.Errorf("public facets for %q count 审计处 (%d), a department with only non-public records", q, fv.Count)
				}
			}
		}
	}
	staff, err := f.eng.Search(ctx, search.Request{Query: "QYCG-2020-0077", Exact: true, Audience: search.Staff})
	if err != nil || staff.Total != 1 || staff.Hits[0].ID != "mix-3" {
		t.Fatalf("staff search = %+v, %v; want mix-3", staff, err)
	}
	public, _ := f.eng.Search(ctx, search.Request{Query: "QYCG-2020-0077", Exact: true})
	if public.Total != 0 {
		t.Errorf("public total for an on_request contract number = %d, want 0", public.Total)
	}
	// Browsing with no query must not count them either.
	browse, _ := f.eng.Search(ctx, search.Request{})
	if want := len(f.bruteForce(nil, search.Public)); browse.Total != want {
		t.Errorf("public browse total = %d, want %d", browse.Total, want)
	}
}

// TestFacetCountsMatchBruteForce: each facet counts the results under every
// filter but its own.
func TestFacetCountsMatchBruteForce(t *testing.T) {
	f := openSample(t, mixed...)
	ctx := context.Background()
	for _, req := range []search.Request{
		{Query: "通知", Exact: true},
		{Query: "通知", Exact: true, Department: "学生处"},
		{Query: "工作", Exact: true, Category: "通知公告", Year: 2019},
		{Query: "公开", Exact: true, Audience: search.Staff, Year: 2020},
		{},
	} {
		res, err := f.eng.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		if req.Query != "" {
			terms = []string{req.Query}
		}
		match := map[string]bool{}
		for _, id := range f.bruteForce(terms, req.Audience) {
			match[id] = true
		}
		want := map[string]map[string]int{"category": {}, "department": {}, "year": {}}
		total := 0
		for _, d := range f.docs {
			if !match[d.ID] {
				continue
			}
			year := strconv.Itoa(d.Year())
			catOK := req.Category == "" || d.Category == req.Category
			depOK := req.Department == "" || d.Department == req.Department
			yearOK := req.Year == 0 || d.Year() == req.Year
			if depOK && yearOK && d.Category != "" {
				want["category"][d.Category]++
			}
			if catOK && yearOK && d.Department != "" {
				want["department"][d.Department]++
			}
			if catOK && depOK && d.Year() != 0 {
				want["year"][year]++
			}
			if catOK && depOK && yearOK {
				total++
			}
		}
		if res.Total != total {
			t.Errorf("%+v: total %d, want %d", req, res.Total, total)
		}
		for name, got := range map[string][]search.FacetValue{"category": res.Facets.Category, "department": res.Facets.Department, "year": res.Facets.Year} {
			gotMap := map[string]int{}
			for _, v := range got {
				gotMap[v.Value] = v.Count
			}
			if fmt.Sprint(gotMap) != fmt.Sprint(want[name]) {
				t.Errorf("%+v: facet %s\n got %v\nwant %v", req, name, gotMap, want[name])
			}
		}
	}
}

// TestRelevanceOnDemoCorpus: what a member of the public types finds the
// right notices first.
func TestRelevanceOnDemoCorpus(t *testing.T) {
	f := openSample(t)
	ctx := context.Background()
	for _, tc := range []struct {
		req      search.Request
		topTitle string // a substring every one of the first n titles has
		n        int
	}{
		{search.Request{Query: "奖学金 评审"}, "奖学金", 5},
		{search.Request{Query: "信息公开 年度报告"}, "信息公开工作年度报告", 5},
		{search.Request{Query: "国家奖学金的评审条件是什么"}, "国家奖学金", 2},
		{search.Request{Query: "招生章程"}, "招生章程", 3},
		{search.Request{Query: "奖学金", Department: "教务处", Year: 2019}, "2019年度本科生奖学金评审", 1},
	} {
		res, err := f.eng.Search(ctx, tc.req)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) < tc.n {
			t.Errorf("%q: %d hits, want at least %d", tc.req.Query, len(res.Hits), tc.n)
			continue
		}
		for i := range tc.n {
			if !strings.Contains(res.Hits[i].Title, tc.topTitle) {
				t.Errorf("%q: hit %d is %q, want a title with %q", tc.req.Query, i+1, res.Hits[i].Title, tc.topTitle)
			}
		}
	}
}

func TestQueryErrorsAreInvalid(t *testing.T) {
	f := openSample(t)
	for _, req := range []search.Request{
		{Query: "(奖学金"},
		{Query: "\"招生章程"},
		{Query: "部门:"},
		{Query: "年份:20x9"},
		{Query: "奖学金", Size: 1000},
		{Query: "奖学金", Sort: "random"},
		{Query: "奖学金", From: "2019-13-01"},
		{Query: strings.Repeat("长", 2000)},
	} {
		_, err := f.eng.Search(context.Background(), req)
		if records.ErrorCode(err) != records.EINVALID || records.ErrorMessage(err) == "" {
			t.Errorf("Search(%.40q, size %d, sort %q): %v, want EINVALID with a message", req.Query, req.Size, req.Sort, err)
		}
	}
}

// TestSnippetEscapesMarkup: document text with markup and quotes is shown
// as text; only our <mark> is HTML.
func TestSnippetEscapesMarkup(t *testing.T) {
	f := openSample(t, records.Document{ID: "xss", Title: `<script>alert("标题")</script>奖学金`,
		Body: `正文<img src=x onerror="alert('x')">奖学金评审" onmouseover="x`, Category: "通知公告", Published: "2024-01-01"})
	res, err := f.eng.Search(context.Background(), search.Request{Query: "奖学金 评审", Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	var hit *search.Hit
	for i := range res.Hits {
		if res.Hits[i].ID == "xss" {
			hit = &res.Hits[i]
		}
	}
	if hit == nil {
		t.Fatal("document with markup not found")
	}
	for _, s := range []string{hit.Snippet, hit.TitleHTML} {
		clean := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
		if strings.ContainsAny(clean, `<>"'`) {
			t.Errorf("unescaped markup in %q", s)
		}
	}
	if !strings.Contains(hit.Snippet, "<mark>奖学金评审</mark>") {
		t.Errorf("snippet %q lacks the marked terms", hit.Snippet)
	}
}

// TestTraditionalAndSimplifiedFindEachOther: a simplified query finds text
// written in traditional characters and the reverse, and the highlight
// wraps the characters as written.
func TestTraditionalAndSimplifiedFindEachOther(t *testing.T) {
	f := openSample(t)
	ctx := context.Background()
	for _, tc := range []struct {
		q      string
		exact  bool
		id     string
		marked string
	}{
		{"交换学生 计划", false, "qyu-2023-gjc-0006", "<mark>交換學生計劃</mark>"},
		{"签订交换学生", true, "qyu-2023-gjc-0006", "<mark>簽訂交換學生</mark>"},
		{"學術交流 協議", false, "", "<mark>學術交流</mark>"},
		{"國家獎學金", false, "", "<mark>国家奖学金</mark>"},
	} {
		res, err := f.eng.Search(ctx, search.Request{Query: tc.q, Exact: tc.exact})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%q: no hits", tc.q)
			continue
		}
		if tc.id != "" && res.Hits[0].ID != tc.id {
			t.Errorf("%q: first hit %s, want %s", tc.q, res.Hits[0].ID, tc.id)
		}
		if got := res.Hits[0].TitleHTML + res.Hits[0].Snippet; !strings.Contains(got, tc.marked) {
			t.Errorf("%q: first hit's highlights %q lack %s", tc.q, got, tc.marked)
		}
	}
}
