package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

func mustStore(tb testing.TB) *records.Store {
	tb.Helper()
	s, err := records.Open(context.Background(), tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// testOptions crawl a local test server fast.
func testOptions() Options {
	return Options{AllowPrivate: true, Rate: 2000}
}

func mustCrawler(tb testing.TB, store *records.Store, stateFile string, opt Options) *Crawler {
	tb.Helper()
	c, err := Open(context.Background(), store, stateFile, opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

func paths(rs []request, keep func(request) bool) []string {
	var out []string
	for _, r := range rs {
		if keep(r) {
			out = append(out, r.path)
		}
	}
	slices.Sort(out)
	return out
}

func TestCrawlSite(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	store := mustStore(t)
	opt := testOptions()
	nd, err := indexer.LoadNearDup(ctx, store)
	if err != nil {
		t.Fatal(err)
	}
	opt.Ingest.NearDup = nd
	c := mustCrawler(t, store, filepath.Join(t.TempDir(), "crawl.db"), opt)

	st, err := c.Run(ctx, []string{s.srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	first := s.served()
	t.Logf("first crawl: %+v", st)
	// 44 notices, 7 of them with two attachments; the index, 3 list
	// pages and the news list are hubs, crawled but not archived; the
	// dead link answers 404.
	const pages, attachments, hubs = notices, 2 * (notices / 6), 1 + 3 + 1
	if st.Inserted != pages+attachments || st.Attachments != attachments || st.Hubs != hubs || !st.Finished {
		t.Errorf("first crawl: %+v", st)
	}
	if n := len(first); n != pages+attachments+hubs+2 {
		t.Errorf("first crawl sent %d requests for %d documents and %d hubs", n, pages+attachments, hubs)
	}

	t.Run("Robots", func(t *testing.T) {
		if got := paths(first, func(r request) bool { return strings.HasPrefix(r.path, "/private/") }); len(got) != 0 {
			t.Errorf("fetched %v, which robots.txt disallows", got)
		}
		if !slices.ContainsFunc(st.Skipped, func(f Failure) bool { return strings.HasSuffix(f.URL, "/private/staff.htm") }) {
			t.Errorf("disallowed page not listed as skipped: %+v", st.Skipped)
		}
	})
	t.Run("OffSiteNotFollowed", func(t *testing.T) {
		if n := s.offHits.Load(); n != 0 {
			t.Errorf("the other site got %d requests", n)
		}
		if st.OffSite < 2 {
			t.Errorf("OffSite = %d, want the two links to other sites counted", st.OffSite)
		}
	})
	t.Run("DeadLinkListed", func(t *testing.T) {
		if !slices.ContainsFunc(st.Failed, func(f Failure) bool {
			return strings.HasSuffix(f.URL, "/tzgg/info/999.htm") && strings.Contains(f.Reason, "404")
		}) {
			t.Errorf("404 not listed: %+v", st.Failed)
		}
	})
	t.Run("Charsets", func(t *testing.T) {
		for n, kind := range map[int]string{1: "gbk-header", 2: "gbk-meta", 3: "utf8"} {
			if noticeKind(n) != kind {
				t.Fatalf("site layout changed: notice %d is %s", n, noticeKind(n))
			}
			d := get(t, store, s.srv.URL+"/tzgg/info/"+strconv.Itoa(n)+".htm")
			if !strings.Contains(d.Title, "本科教学工作安排的通知") || !strings.Contains(d.Body, "各学院应于") {
				t.Errorf("%s page: title %q body %.60q", kind, d.Title, d.Body)
			}
			if strings.Contains(d.Body, "首页 |") || strings.Contains(d.Body, "版权所有") {
				t.Errorf("%s page kept navigation or footer: %q", kind, d.Body)
			}
		}
	})
	t.Run("Metadata", func(t *testing.T) {
		d := get(t, store, s.srv.URL+"/tzgg/info/10.htm")
		if d.Category != "通知公告" || d.Department != "教务处" || d.Published != "2019-03-11" || d.DocNumber != "清大教〔2019〕10号" {
			t.Errorf("notice 10: category %q department %q published %q doc number %q", d.Category, d.Department, d.Published, d.DocNumber)
		}
		if d.Source != s.srv.URL+"/tzgg/info/10.htm" || d.ID != indexer.DeriveID(d.Source) {
			t.Errorf("source %q id %q", d.Source, d.ID)
		}
	})
	t.Run("Attachments", func(t *testing.T) {
		page := get(t, store, s.srv.URL+"/tzgg/info/12.htm")
		txt := get(t, store, s.srv.URL+"/files/12.txt")
		detail := get(t, store, s.srv.URL+"/files/12-detail.html")
		if txt.Title != "第12批课程安排表" || detail.Title != "第12批检查细则" {
			t.Errorf("attachment titles %q, %q; want the link texts", txt.Title, detail.Title)
		}
		if txt.Department != "教务处" || txt.Category != "通知公告" || txt.Published != page.Published {
			t.Errorf("attachment does not inherit the page's metadata: %+v", txt)
		}
		links, err := store.Links(ctx, page.ID)
		if err != nil {
			t.Fatal(err)
		}
		var to []string
		for _, l := range links {
			if l.Kind == records.LinkAttachment && l.From == page.ID {
				to = append(to, l.To)
			}
		}
		slices.Sort(to)
		want := []string{txt.ID, detail.ID}
		slices.Sort(want)
		if !slices.Equal(to, want) {
			t.Errorf("page %s links to %v, want its attachments %v", page.ID, to, want)
		}
		if len(st.Links) != notices/6 {
			t.Errorf("%d pages with attachments, want %d", len(st.Links), notices/6)
		}
	})
	t.Run("NearDuplicate", func(t *testing.T) {
		repost := get(t, store, s.srv.URL+"/tzgg/info/30.htm")
		orig := get(t, store, s.srv.URL+"/tzgg/info/12.htm")
		if len(st.NearDuplicates) != 1 {
			t.Fatalf("near duplicates %+v, want the repost only", st.NearDuplicates)
		}
		nd := st.NearDuplicates[0]
		if !(nd.ID == repost.ID && nd.Of == orig.ID) && !(nd.ID == orig.ID && nd.Of == repost.ID) {
			t.Errorf("near duplicate %+v, want %s ≈ %s", nd, repost.ID, orig.ID)
		}
		links, _ := store.Links(ctx, repost.ID)
		if !slices.ContainsFunc(links, func(l records.Link) bool { return l.Kind == records.LinkNearDuplicate }) {
			t.Errorf("no near_duplicate link for the repost: %+v", links)
		}
	})

	// The site edits one notice; everything else stays as it was.
	s.changed.Store(true)
	st2, err := c.Run(ctx, []string{s.srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	second := s.served()
	t.Logf("second crawl: %+v", st2)
	t.Run("RecrawlUpdatesOnlyTheChangedPage", func(t *testing.T) {
		if st2.Resumed || st2.Updated != 1 || st2.Inserted != 0 || !st2.Finished {
			t.Errorf("second crawl: %+v", st2)
		}
		changed := get(t, store, s.srv.URL+"/tzgg/info/"+strconv.Itoa(changingPage)+".htm")
		if changed.Version != 2 || !strings.Contains(changed.Body, "补充通知") {
			t.Errorf("changed page: version %d body %q", changed.Version, changed.Body)
		}
		n := 0
		store.Scan(ctx, func(d *records.Document) error {
			n++
			if d.ID != changed.ID && d.Version != 1 {
				t.Errorf("%s changed to version %d", d.Source, d.Version)
			}
			return nil
		})
		if n != pages+attachments {
			t.Errorf("%d records after the re-crawl, want %d (no duplicates)", n, pages+attachments)
		}
		if st2.NotModified == 0 || st2.SameContent == 0 || st2.NotModified+st2.SameContent+1 != pages+attachments || st2.Hubs != hubs {
			t.Errorf("re-crawl: %d not modified, %d same content, want all but the changed page", st2.NotModified, st2.SameContent)
		}
		cond := paths(second, func(r request) bool { return r.conditional })
		if len(cond) < st2.NotModified {
			t.Errorf("%d conditional requests for %d answers 304", len(cond), st2.NotModified)
		}
	})
}

func get(t *testing.T, store *records.Store, url string) *records.Document {
	t.Helper()
	d, err := store.Get(context.Background(), indexer.DeriveID(url))
	if err != nil {
		t.Fatalf("no record for %s: %v", url, err)
	}
	return d
}

// TestCrawlResumes interrupts a crawl after a few pages and runs it again:
// the second run continues the frontier and fetches nothing the first one
// finished.
func TestCrawlResumes(t *testing.T) {
	s := newSite(t)
	store := mustStore(t)
	stateFile := filepath.Join(t.TempDir(), "crawl.db")

	ctx, cancel := context.WithCancel(context.Background())
	opt := testOptions()
	done := 0
	opt.Progress = func(Stats) {
		done++
		if done == 12 {
			cancel()
		}
	}
	c := mustCrawler(t, store, stateFile, opt)
	st, err := c.Run(ctx, []string{s.srv.URL})
	if err != context.Canceled || st.Finished || st.Pending == 0 {
		t.Fatalf("interrupted run: %+v, %v", st, err)
	}
	c.Close()
	first := paths(s.served(), func(r request) bool { return r.path != "/robots.txt" })
	// Twelve URLs done: the robots-disallowed one needed no request.
	if len(first) != st.Requests || len(first) < 10 {
		t.Errorf("interrupted after %d requests (%d counted): %v", len(first), st.Requests, first)
	}

	c2 := mustCrawler(t, store, stateFile, testOptions())
	st2, err := c2.Run(context.Background(), []string{s.srv.URL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	if !st2.Resumed || !st2.Finished {
		t.Errorf("second run: %+v", st2)
	}
	second := paths(s.served(), func(r request) bool { return r.path != "/robots.txt" })
	for _, p := range first {
		if slices.Contains(second, p) {
			t.Errorf("%s fetched again after resuming", p)
		}
	}
	n, _ := store.Count(context.Background())
	if want := notices + 2*(notices/6); n != want {
		t.Errorf("%d records after resuming, want %d", n, want)
	}
}

// TestCrawlRefusesPrivateAddress: without AllowPrivate, a URL on a loopback
// address is refused at connection time, before a single byte is sent.
func TestCrawlRefusesPrivateAddress(t *testing.T) {
	s := newSite(t)
	store := mustStore(t)
	opt := testOptions()
	opt.AllowPrivate = false
	c := mustCrawler(t, store, filepath.Join(t.TempDir(), "crawl.db"), opt)
	// localhost resolves to 127.0.0.1 (or ::1): the name is fine, the
	// address it leads to is not.
	seed := strings.Replace(s.srv.URL, "127.0.0.1", "localhost", 1)
	st, err := c.Run(context.Background(), []string{s.srv.URL, seed})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.served()) != 0 || st.Fetched != 0 {
		t.Errorf("the server got requests: %+v", st)
	}
	if len(st.Failed) != 2 || !strings.Contains(st.Failed[0].Reason, "内网") || !strings.Contains(st.Failed[0].Reason, "--allow-private") {
		t.Errorf("failures %+v, want both seeds refused with a reason", st.Failed)
	}
}

func TestRedirectFollowedWithinScope(t *testing.T) {
	s := newSite(t)
	store := mustStore(t)
	c := mustCrawler(t, store, filepath.Join(t.TempDir(), "crawl.db"), testOptions())
	// http.Server answers /tzgg/info/1.htm/ … with a 404; the mux
	// redirects /files to /files/.
	st, err := c.Run(context.Background(), []string{s.srv.URL + "/files"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Requests != 2 || len(st.Failed) != 1 || !strings.Contains(st.Failed[0].Reason, "404") {
		t.Errorf("redirect: %+v", st)
	}
}

func TestBodyCapAndTimeout(t *testing.T) {
	var slow atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><p>附件：<a href="/big.txt">大文件.txt</a> <a href="/slow.txt">慢文件.txt</a></p></body></html>`)
		case "/big.txt":
			w.Write([]byte(strings.Repeat("大", 2000)))
		case "/slow.txt":
			slow.Add(1)
			<-r.Context().Done()
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	opt := testOptions()
	opt.MaxBodyBytes = 1000
	opt.Timeout = 100 * time.Millisecond
	c := mustCrawler(t, mustStore(t), filepath.Join(t.TempDir(), "crawl.db"), opt)
	st, err := c.Run(context.Background(), []string{srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, f := range st.Failed {
		reasons[strings.TrimPrefix(f.URL, srv.URL)] = f.Reason
	}
	if !strings.Contains(reasons["/big.txt"], "文件过大") || !strings.Contains(reasons["/slow.txt"], "超时") {
		t.Errorf("failures %v", reasons)
	}
	if slow.Load() != maxAttempts {
		t.Errorf("slow URL tried %d times, want %d", slow.Load(), maxAttempts)
	}
}

func TestCrawlDelayHonoured(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.2\n")
			return
		}
		fmt.Fprint(w, `<html><body><a href="/a.htm">甲</a><a href="/b.htm">乙</a><p>正文内容</p></body></html>`)
	}))
	defer srv.Close()
	c := mustCrawler(t, mustStore(t), filepath.Join(t.TempDir(), "crawl.db"), testOptions())
	if _, err := c.Run(context.Background(), []string{srv.URL}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 4 {
		t.Fatalf("%d requests, want robots.txt and 3 pages", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 190*time.Millisecond {
			t.Errorf("request %d came %v after the previous one; robots.txt asks for 200ms", i, gap)
		}
	}
}

// TestSameAttachmentOnTwoPages: one file offered by two notices under two
// URLs is one record (the store merges exact copies), and both notices
// link to it.
func TestSameAttachmentOnTwoPages(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notice := func(file string) string {
			return `<html><head><meta charset="utf-8"><title>通知</title></head><body><h1>关于公布评审结果的通知</h1>` +
				`<p>各学院：现将2019年度评审结果公布如下，公示期五个工作日，如有异议请向教务处反映。` + file + `</p>` +
				`<p>附件：<a href="/files/` + file + `">评审结果.txt</a></p></body></html>`
		}
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<html><body><ul><li><a href="/a.htm">甲通知</a></li><li><a href="/b.htm">乙通知</a></li><li><a href="/c.htm">丙通知</a></li></ul></body></html>`)
		case "/a.htm":
			fmt.Fprint(w, notice("result.txt"))
		case "/b.htm":
			fmt.Fprint(w, notice("result-copy.txt"))
		case "/files/result.txt", "/files/result-copy.txt":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprint(w, "2019年度评审结果\n张三 一等奖\n李四 二等奖\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	store := mustStore(t)
	c := mustCrawler(t, store, filepath.Join(t.TempDir(), "crawl.db"), testOptions())
	st, err := c.Run(context.Background(), []string{srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if st.Attachments != 2 || len(st.Links) != 2 {
		t.Fatalf("stats %+v", st)
	}
	a, b := st.Links[0].AttachmentIDs, st.Links[1].AttachmentIDs
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] {
		t.Fatalf("attachments %v and %v, want one record for both", a, b)
	}
	if _, err := store.Get(context.Background(), a[0]); err != nil {
		t.Errorf("attachment record %s: %v", a[0], err)
	}
	for _, p := range st.Links {
		links, _ := store.Links(context.Background(), p.PageID)
		if !slices.ContainsFunc(links, func(l records.Link) bool { return l.Kind == records.LinkAttachment && l.To == a[0] }) {
			t.Errorf("page %s not linked to %s: %+v", p.PageID, a[0], links)
		}
	}
}
