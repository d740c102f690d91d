package sample

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

type entry struct {
	ID          string  `json:"id"`
	Title       *string `json:"title"`
	Body        *string `json:"body"`
	File        *string `json:"file"`
	URL         string  `json:"url"`
	Category    string  `json:"category"`
	Department  string  `json:"department"`
	Published   string  `json:"published"`
	DocNumber   *string `json:"doc_number"`
	IndexNumber *string `json:"index_number"`
	Visibility  string  `json:"visibility"`
}

// unlisted are the files deliberately absent from manifest.jsonl.
var unlisted = []string{
	"html/wy_news_20160422.html",
	"html/cl_news_0608.htm",
	"html/jg_20200520_dabian.html",
	"html/mse_news_20220518.html",
	"html/sem-20240618.html",
	"text/jg-news-20151210.txt",
	"text/jsj_ai_report_2018.txt",
	"text/xb_20210701.txt",
	"text/sfl-translation-contest-2023.txt",
	"text/xb-notice-20251215.txt",
}

// gbkDeclared are GBK pages that declare charset=gb2312.
var gbkDeclared = []string{
	"html/qyu-2015-rsc-0001.html",
	"html/qyu-2015-xb-0002.html",
	"html/qyu-2015-jwc-0001.html",
	"html/qyu-2016-xb-0004.html",
	"html/wy_news_20160422.html",
	"html/qyu-2016-xsc-0002.html",
	"html/qyu-2017-xb-0006.html",
	"html/qyu-2017-yjsy-0001.html",
	"html/qyu-2017-xb-0007.html",
	"html/qyu-2018-xb-0008.html",
	"html/qyu-2018-rsc-0005.html",
	"html/qyu-2019-jwc-0004.html",
	"html/qyu-2020-xb-0012.html",
	"html/qyu-2021-zcc-0004.html",
}

// gbkUndeclared are GBK pages without any charset declaration.
var gbkUndeclared = []string{
	"html/qyu-2015-xsc-0001.html",
	"html/qyu-2016-zjc-0002.html",
	"html/cl_news_0608.htm",
	"html/qyu-2019-hqc-0004.html",
}

var (
	categories = set("通知公告", "综合新闻", "基层动态", "教学科研", "规章制度", "招生考试",
		"财务信息", "人事师资", "学生管理", "对外交流", "信息公开年度报告")
	departments = set("学校办公室", "教务处", "招生就业处", "财务处", "人事处", "学生处",
		"科技处", "国际交流处", "纪委办公室", "研究生院", "资产管理处", "后勤保障处",
		"计算机学院", "经济管理学院", "外国语学院", "材料科学与工程学院")
	visibilities = set("public", "on_request", "withheld")
	idPattern    = regexp.MustCompile(`^qyu-(\d{4})-[a-z]+-\d{4}$`)
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func loadManifest(t *testing.T) []entry {
	t.Helper()
	data, err := fs.ReadFile(Corpus, "corpus/manifest.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []entry
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			t.Fatalf("manifest line %d is blank", n)
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var e entry
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("manifest line %d: %v", n, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// contentFiles lists every file under corpus/html and corpus/text, relative to corpus/.
func contentFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{"corpus/html", "corpus/text"} {
		err := fs.WalkDir(Corpus, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				files = append(files, strings.TrimPrefix(p, "corpus/"))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func bodyLen(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func TestManifest(t *testing.T) {
	entries := loadManifest(t)
	ids := map[string]bool{}
	perYear := map[int]int{}
	vis := map[string]int{}
	for _, e := range entries {
		if e.ID == "" || ids[e.ID] {
			t.Errorf("missing or duplicate id %q", e.ID)
		}
		ids[e.ID] = true
		pub, err := time.Parse("2006-01-02", e.Published)
		if err != nil {
			t.Errorf("%s: bad published date %q", e.ID, e.Published)
			continue
		}
		m := idPattern.FindStringSubmatch(e.ID)
		if m == nil || m[1] != e.Published[:4] {
			t.Errorf("%s: id does not match qyu-YYYY-dept-NNNN with the publication year", e.ID)
		}
		perYear[pub.Year()]++
		if !visibilities[e.Visibility] {
			t.Errorf("%s: bad visibility %q", e.ID, e.Visibility)
		}
		vis[e.Visibility]++
		if !categories[e.Category] {
			t.Errorf("%s: unknown category %q", e.ID, e.Category)
		}
		if !departments[e.Department] {
			t.Errorf("%s: unknown department %q", e.ID, e.Department)
		}
		if e.DocNumber == nil || e.IndexNumber == nil {
			t.Errorf("%s: doc_number and index_number must be present (may be empty)", e.ID)
		}
		if !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") || !strings.Contains(e.URL, ".qyu.edu.cn/") {
			t.Errorf("%s: bad url %q", e.ID, e.URL)
		}
		switch {
		case e.Body != nil && e.File != nil:
			t.Errorf("%s: has both body and file", e.ID)
		case e.Body == nil && e.File == nil:
			t.Errorf("%s: has neither body nor file", e.ID)
		case e.Body != nil:
			if e.Title == nil || *e.Title == "" {
				t.Errorf("%s: body document without title", e.ID)
			}
			if n := bodyLen(*e.Body); n < 150 || n > 900 {
				t.Errorf("%s: body has %d characters, want 150-900", e.ID, n)
			}
		default:
			if _, err := fs.Stat(Corpus, path.Join("corpus", *e.File)); err != nil {
				t.Errorf("%s: file %q: %v", e.ID, *e.File, err)
			}
		}
	}
	if len(entries) < 130 {
		t.Errorf("manifest has %d documents, want >= 130", len(entries))
	}
	for y := 2015; y <= 2025; y++ {
		if perYear[y] < 8 {
			t.Errorf("year %d has %d documents, want >= 8", y, perYear[y])
		}
	}
	if vis["on_request"] < 4 {
		t.Errorf("on_request documents: %d, want >= 4", vis["on_request"])
	}
	if vis["withheld"] < 3 {
		t.Errorf("withheld documents: %d, want >= 3", vis["withheld"])
	}
	t.Logf("%d manifest documents, visibility %v", len(entries), vis)
}

func TestFilesReferenced(t *testing.T) {
	entries := loadManifest(t)
	refs := map[string]int{}
	for _, e := range entries {
		if e.File != nil {
			refs[*e.File]++
		}
	}
	skip := set(unlisted...)
	files := contentFiles(t)
	var html, txt, md int
	for _, f := range files {
		switch path.Ext(f) {
		case ".html", ".htm":
			html++
		case ".txt":
			txt++
		case ".md":
			md++
		}
		if skip[f] {
			if refs[f] != 0 {
				t.Errorf("%s is meant to be unlisted but the manifest references it", f)
			}
			continue
		}
		if refs[f] != 1 {
			t.Errorf("%s is referenced %d times by the manifest, want exactly 1", f, refs[f])
		}
	}
	for f := range skip {
		if _, err := fs.Stat(Corpus, "corpus/"+f); err != nil {
			t.Errorf("unlisted file %s: %v", f, err)
		}
	}
	if html < 40 || txt < 20 || md < 3 {
		t.Errorf("have %d html, %d txt, %d md files; want >= 40, 20, 3", html, txt, md)
	}
	if total := len(entries) + len(unlisted); total < 130 {
		t.Errorf("%d documents in total, want >= 130", total)
	}
}

func TestEncodings(t *testing.T) {
	gbk := set(append(append([]string{}, gbkDeclared...), gbkUndeclared...)...)
	if len(gbk) < 12 {
		t.Errorf("%d GBK files, want >= 12", len(gbk))
	}
	if len(gbkUndeclared) < 3 {
		t.Errorf("%d undeclared GBK files, want >= 3", len(gbkUndeclared))
	}
	for _, f := range gbkDeclared {
		data := mustRead(t, f)
		if !bytes.Contains(data, []byte(`charset=gb2312`)) {
			t.Errorf("%s: missing gb2312 declaration", f)
		}
	}
	for _, f := range gbkUndeclared {
		if bytes.Contains(bytes.ToLower(mustRead(t, f)), []byte("charset")) {
			t.Errorf("%s: should carry no charset declaration", f)
		}
	}
	for _, f := range contentFiles(t) {
		data := mustRead(t, f)
		if gbk[f] {
			if utf8.Valid(data) {
				t.Errorf("%s: listed as GBK but is valid UTF-8", f)
			}
			continue
		}
		if !utf8.Valid(data) {
			t.Errorf("%s: not valid UTF-8", f)
		}
		if strings.HasSuffix(f, ".html") && !bytes.Contains(data, []byte(`<meta charset="utf-8">`)) {
			t.Errorf("%s: UTF-8 page without <meta charset=\"utf-8\">", f)
		}
		if strings.HasSuffix(f, ".txt") {
			first, _, _ := strings.Cut(string(data), "\n")
			if strings.TrimSpace(first) == "" {
				t.Errorf("%s: first line (title) is empty", f)
			}
		}
	}
}

func mustRead(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := fs.ReadFile(Corpus, "corpus/"+rel)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDemoContent checks documents the demo and other tests rely on.
func TestDemoContent(t *testing.T) {
	entries := loadManifest(t)
	reports := map[int]string{}
	var jwc2019, grantOnly bool
	scholarships := 0
	for _, e := range entries {
		if e.Category == "信息公开年度报告" {
			if e.Department != "学校办公室" || e.Published[5:7] != "10" {
				t.Errorf("%s: annual report should come from 学校办公室 in October", e.ID)
			}
			y, _ := strconv.Atoi(e.Published[:4])
			if prev, dup := reports[y]; dup {
				t.Errorf("two annual reports in %d: %s and %s", y, prev, e.ID)
			}
			reports[y] = e.ID
		}
		text := ""
		if e.Title != nil {
			text = *e.Title
		}
		if e.Body != nil {
			text += "\n" + *e.Body
		} else if e.File != nil {
			if data := mustRead(t, *e.File); utf8.Valid(data) {
				text += "\n" + string(data)
			}
		}
		if e.Department == "教务处" && strings.HasPrefix(e.Published, "2019") &&
			strings.Contains(text, "2019年度本科生奖学金评审") {
			jwc2019 = true
		}
		if e.Title != nil && strings.Contains(*e.Title, "奖学金") && strings.Contains(text, "评审") {
			scholarships++
		}
		if strings.Contains(text, "助学金") && !strings.Contains(text, "奖学金") {
			grantOnly = true
		}
	}
	for y := 2016; y <= 2025; y++ {
		if reports[y] == "" {
			t.Errorf("no annual report published in %d", y)
		}
	}
	if scholarships < 6 {
		t.Errorf("%d scholarship (奖学金 评审) notices with readable text, want >= 6", scholarships)
	}
	if !jwc2019 {
		t.Error("missing the 2019 教务处 本科生奖学金评审 notice")
	}
	if !grantOnly {
		t.Error("missing a document about 助学金 that does not mention 奖学金")
	}
}
