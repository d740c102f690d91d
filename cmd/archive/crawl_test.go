package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// cmsSite is a small department site: a list page, three notices (one in
// GBK), an attachment.
func cmsSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<html><head><meta charset="utf-8"><title>教务处</title></head><body><ul>
<li><a href="/tzgg/1.htm">关于开展2019年度本科生奖学金评审工作的通知</a></li>
<li><a href="/tzgg/2.htm">关于2019年暑假放假安排的通知</a></li>
<li><a href="/tzgg/3.htm">教务处召开期中教学检查工作会议</a></li>
<li><a href="/admin/">管理</a></li></ul></body></html>`)
	})
	notice := func(title, body string) string {
		return `<html><head><meta charset="utf-8"><title>` + title + `-清源大学教务处</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; 正文</div>
<h1>` + title + `</h1><p>发布时间：2019-03-12 来源：教务处</p><p>` + body + `</p></body></html>`
	}
	mux.HandleFunc("/tzgg/1.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, notice("关于开展2019年度本科生奖学金评审工作的通知",
			`各学院：现将2019年度本科生奖学金评审工作有关事项通知如下。附件：<a href="/files/mingdan.txt">评审名单</a>`))
	})
	mux.HandleFunc("/tzgg/2.htm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=gbk")
		w.Write(gbkBytes(t, strings.Replace(notice("关于2019年暑假放假安排的通知", "各学院：暑假自7月13日开始，9月2日正式上课。"),
			`charset="utf-8"`, `charset="gbk"`, 1)))
	})
	mux.HandleFunc("/tzgg/3.htm", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, notice("教务处召开期中教学检查工作会议", "3月12日，教务处召开期中教学检查工作会议，部署本学期期中教学检查。"))
	})
	mux.HandleFunc("/files/mingdan.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "2019年度本科生奖学金评审名单\n张三 李四 王五\n")
	})
	mux.HandleFunc("/admin/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("robots.txt disallows %s", r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func gbkBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCrawlCommand(t *testing.T) {
	srv := cmsSite(t)
	data := t.TempDir()

	t.Run("RefusesLoopbackWithoutAllowPrivate", func(t *testing.T) {
		code, out, errOut := run(t, "crawl", "--data", data, srv.URL)
		if code != 1 || !strings.Contains(out, "拒绝连接内网或本机地址") || !strings.Contains(out, "--allow-private") ||
			!strings.Contains(errOut, "没有抓取到任何内容") {
			t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
		}
	})

	code, out, errOut := run(t, "crawl", "--data", data, "--allow-private", "--rate", "1000", srv.URL)
	if code != 0 {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"新增 4", "目录页 1", "附件：1 个网页共有 1 个附件", "本站已抓取完毕", "索引已更新", "robots.txt 不允许抓取"} {
		if !strings.Contains(out, want) {
			t.Errorf("crawl output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(data, crawlStateFile)); err != nil {
		t.Errorf("no crawl state: %v", err)
	}

	code, out, _ = run(t, "search", "--data", data, "--json", "暑假", "放假")
	if code != 0 || !strings.Contains(out, `"category": "通知公告"`) || !strings.Contains(out, `"department": "教务处"`) ||
		!strings.Contains(out, "关于2019年暑假放假安排的通知") {
		t.Errorf("search for the GBK page: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, "crawl", "--data", data, "--allow-private", "--rate", "1000", srv.URL)
	if code != 0 || !strings.Contains(out, "新增 0，更新 0") || !strings.Contains(out, "未变化 4 个") {
		t.Errorf("re-crawl of an unchanged site: exit %d\n%s", code, out)
	}

	if code, _, errOut := run(t, "crawl", "--data", data); code != 2 || !strings.Contains(errOut, "请给出要抓取的网址") {
		t.Errorf("crawl without URL: exit %d %q", code, errOut)
	}
}

// TestIngestClassifiesAndListsUnclassified: the rules classify what a
// manifest leaves open, what they cannot decide is listed as 未分类, and
// DATA/rules.txt extends the rules.
func TestIngestClassifiesAndListsUnclassified(t *testing.T) {
	data, src := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(src, "m.jsonl"), []byte(`{"id":"a","title":"清源大学2021年本科招生章程","body":"第一条 为规范招生工作……","url":"https://zsb.qyu.edu.cn/zsxx/2021.htm"}
{"id":"b","title":"图书馆开放时间调整","body":"自3月1日起，图书馆周末开放时间调整为8:00至22:00。"}
{"id":"c","title":"图书馆开放时间调整","body":"自3月1日起，图书馆周末开放时间调整为8:00至22:00。","category":"通知公告","department":"图书馆"}
`), 0o644)
	code, out, errOut := run(t, "ingest", "--data", data, src)
	if code != 0 {
		t.Fatalf("ingest exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "未分类 1 篇") || !strings.Contains(out, "未分类（") || !strings.Contains(out, "m.jsonl:2") {
		t.Errorf("unclassified not listed:\n%s", out)
	}
	code, out, _ = run(t, "search", "--data", data, "--json", "招生章程")
	if code != 0 || !strings.Contains(out, `"category": "招生考试"`) || !strings.Contains(out, `"department": "招生就业处"`) {
		t.Errorf("rules did not classify a:\n%s", out)
	}

	os.WriteFile(filepath.Join(data, rulesFile), []byte("# 本校规则\ntitle 图书馆 公共服务\n"), 0o644)
	code, out, _ = run(t, "ingest", "--data", data, src)
	if code != 0 || !strings.Contains(out, "更新 1") || strings.Contains(out, "未分类（") {
		t.Errorf("with DATA/rules.txt: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "search", "--data", data, "--json", "--staff", "图书馆")
	if code != 0 || !strings.Contains(out, `"category": "公共服务"`) || !strings.Contains(out, `"category": "通知公告"`) {
		t.Errorf("local rule or explicit category lost:\n%s", out)
	}

	os.WriteFile(filepath.Join(data, rulesFile), []byte("title 图书馆\n"), 0o644)
	if code, _, errOut := run(t, "ingest", "--data", data, src); code != 1 || !strings.Contains(errOut, "rules.txt 第 1 行") {
		t.Errorf("bad rules file: exit %d %q", code, errOut)
	}
}
