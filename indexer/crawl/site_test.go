package crawl

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// site is a generated department CMS site: an index, list pages, notices
// (UTF-8, GBK declared in the HTTP header, GBK declared only in <meta>),
// attachments, a robots.txt that closes /private/, links to another site,
// and a notice whose text can be changed between two crawls.
type site struct {
	srv     *httptest.Server
	offsite *httptest.Server

	mu       sync.Mutex
	requests []request // every request, in order
	offHits  atomic.Int64
	changed  atomic.Bool // notice changing's text has been edited
}

// request is one request the site received.
type request struct {
	path        string
	conditional bool // If-None-Match or If-Modified-Since sent
	status      int
}

// Site layout.
const (
	notices      = 44 // /tzgg/info/N.htm, N = 1…notices
	perList      = 15
	changingPage = 7 // the notice edited between two crawls
	repostPage   = 30
)

// noticeKind says how notice n is served.
func noticeKind(n int) string {
	switch n % 4 {
	case 1:
		return "gbk-header" // GBK, charset only in Content-Type
	case 2:
		return "gbk-meta" // GBK, Content-Type without charset, <meta charset=gb2312>
	}
	return "utf8"
}

func noticeBody(n int, edited bool) string {
	body := fmt.Sprintf(`<p>　　各学院：现将2019年度第%d批本科教学工作安排通知如下。第一，各学院应于%d月%d日前完成课程安排的核对，`+
		`并将核对结果报送教务处教学运行科。第二，任课教师须按照教学大纲组织教学，不得随意调课停课。</p>`+
		`<p>　　第三，教学检查分为期初、期中和期末三个阶段，由学院教学督导组具体实施，检查结果纳入学院年度考核。`+
		`编号%d的安排自发布之日起执行。</p>`, n, n%12+1, n%28+1, n*7919)
	if edited {
		body += `<p>　　补充通知：因场地调整，第三阶段检查顺延一周，具体时间另行通知。</p>`
	}
	return body
}

func (s *site) notice(n int) string {
	title := fmt.Sprintf("关于做好2019年度第%d批本科教学工作安排的通知", n)
	header := fmt.Sprintf("发布时间：2019-03-%02d 来源：教务处 点击数：%d", n%28+1, 100+n)
	docNo := ""
	if n%5 == 0 {
		docNo = fmt.Sprintf("<p>文号：清大教（２０１９）%d号</p>", n)
	}
	attach := ""
	if n%6 == 0 {
		attach = fmt.Sprintf(`<p>附件：<a href="/files/%d.txt">附件1：第%d批课程安排表.txt</a> `+
			`<a href="/files/%d-detail.html">第%d批检查细则</a></p>`, n, n, n, n)
	}
	body := noticeBody(n, n == changingPage && s.changed.Load())
	if n == repostPage {
		// A repost of notice 12 by another office: new title, header and
		// signature, the same text.
		title = "转发：关于做好2019年度第12批本科教学工作安排的通知"
		header = "发布日期：2019-04-02 发布单位：学生处"
		body = noticeBody(12, false)
	}
	meta := `<meta charset="utf-8">`
	if noticeKind(n) == "gbk-meta" {
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
	}
	return `<!DOCTYPE html><html><head>` + meta + `<title>` + title + `-清源大学教务处</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/tzgg/list1.htm">通知公告</a> | <a href="/xwdt/list.htm">新闻动态</a></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/list1.htm">通知公告</a> &gt; 正文</div>
<div class="article"><h1>` + title + `</h1><p>` + header + `</p>` + docNo + body + attach + `
<p style="text-align:right">教务处</p><p style="text-align:right">2019年3月1日</p></div>
<div class="footer">版权所有 &copy; 清源大学教务处 清ICP备05012345号</div></body></html>`
}

func (s *site) list(k int) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>通知公告-清源大学教务处</title></head><body><ul>`)
	for n := (k-1)*perList + 1; n <= min(k*perList, notices); n++ {
		fmt.Fprintf(&b, `<li><a href="info/%d.htm">第%d批通知</a></li>`, n, n)
	}
	b.WriteString(`</ul>`)
	if k < (notices+perList-1)/perList {
		fmt.Fprintf(&b, `<a href="list%d.htm">下一页</a>`, k+1)
	}
	b.WriteString(`</body></html>`)
	return b.String()
}

func newSite(t *testing.T) *site {
	s := &site{}
	s.offsite = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.offHits.Add(1)
		fmt.Fprint(w, "<html><body>外站</body></html>")
	}))
	t.Cleanup(s.offsite.Close)
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "# 清源大学教务处\nUser-agent: *\nDisallow: /private/\n\nUser-agent: BadBot\nDisallow: /\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		s.html(w, r, `<html><head><meta charset="utf-8"><title>清源大学教务处</title></head><body>
<a href="/tzgg/list1.htm">通知公告</a> <a href="/xwdt/list.htm">新闻动态</a>
<a href="/private/staff.htm">内部资料</a> <a href="`+s.offsite.URL+`/news.htm">学校主页</a>
<a href="https://www.example.com/">友情链接</a> <a href="mailto:jwc@qyu.edu.cn">联系我们</a>
<a href="/static/style.css">样式</a><a href="/tzgg/list1.htm#top">通知公告</a></body></html>`, "etag")
	})
	mux.HandleFunc("/tzgg/", func(w http.ResponseWriter, r *http.Request) {
		var k, n int
		switch {
		case sscan(r.URL.Path, "/tzgg/list%d.htm", &k) && k >= 1 && k <= (notices+perList-1)/perList:
			s.html(w, r, s.list(k), "etag")
		case sscan(r.URL.Path, "/tzgg/info/%d.htm", &n) && n >= 1 && n <= notices:
			page := s.notice(n)
			validator := []string{"etag", "last-modified", "none"}[n%3]
			switch noticeKind(n) {
			case "gbk-header":
				s.serve(w, r, gbk(t, page), "text/html; charset=GBK", validator)
			case "gbk-meta":
				s.serve(w, r, gbk(t, page), "text/html", validator)
			default:
				s.html(w, r, page, validator)
			}
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/xwdt/list.htm", func(w http.ResponseWriter, r *http.Request) {
		s.html(w, r, `<html><head><meta charset="utf-8"><title>新闻动态</title></head><body>
<a href="/tzgg/info/30.htm">转发通知</a> <a href="/tzgg/info/3.htm">第3批通知</a> <a href="/tzgg/info/999.htm">失效链接</a></body></html>`, "etag")
	})
	mux.HandleFunc("/files/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		switch {
		case sscan(r.URL.Path, "/files/%d-detail.html", &n):
			s.html(w, r, fmt.Sprintf(`<html><head><meta charset="utf-8"><title>第%d批检查细则</title></head><body>`+
				`<p>第%d批教学检查细则：检查内容包括教案、课堂教学和作业批改，各项满分一百分。</p></body></html>`, n, n), "etag")
		case sscan(r.URL.Path, "/files/%d.txt", &n):
			s.serve(w, r, []byte(fmt.Sprintf("第%d批课程安排表\n课程名称、任课教师、上课时间和教室，详见下表。\n", n)),
				"text/plain; charset=utf-8", "etag")
		default:
			http.NotFound(w, r)
		}
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		s.html(w, r, "<html><body>内部资料，不应被抓取</body></html>", "none")
	})
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &statusWriter{ResponseWriter: w, status: 200}
		mux.ServeHTTP(rw, r)
		s.mu.Lock()
		s.requests = append(s.requests, request{path: r.URL.Path, status: rw.status,
			conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != ""})
		s.mu.Unlock()
	}))
	t.Cleanup(s.srv.Close)
	return s
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func sscan(p, format string, n *int) bool {
	var rest string
	k, _ := fmt.Sscanf(p, format+"%s", n, &rest)
	if k == 1 {
		// Sscanf matched the number; check the whole path is the format.
		return fmt.Sprintf(format, *n) == p
	}
	return false
}

func (s *site) html(w http.ResponseWriter, r *http.Request, page, validator string) {
	s.serve(w, r, []byte(page), "text/html; charset=utf-8", validator)
}

// lastModified is the fixed modification time of every page with that
// validator; a changed page gets a later one.
const (
	lastModified    = "Mon, 04 Mar 2019 08:00:00 GMT"
	lastModifiedNew = "Tue, 05 Mar 2019 08:00:00 GMT"
)

// serve answers with data, honouring conditional requests with the chosen
// validator: "etag", "last-modified", or "none" (the crawler must then
// compare content hashes).
func (s *site) serve(w http.ResponseWriter, r *http.Request, data []byte, contentType, validator string) {
	sum := sha256.Sum256(data)
	switch validator {
	case "etag":
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	case "last-modified":
		lm := lastModified
		if strings.Contains(string(data), "补充通知") {
			lm = lastModifiedNew
		}
		w.Header().Set("Last-Modified", lm)
		if r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", contentType)
	w.Write(data)
}

// served returns the requests received so far and forgets them.
func (s *site) served() []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

func gbk(tb testing.TB, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
