package extract

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets call the unguarded extractors so that a panic shows up
// as a crash instead of being turned into a "malformed" Rejection, and they
// check the shape promises made by Result.

func fuzzSeeds(f *testing.F) [][]byte {
	seeds := [][]byte{
		nil,
		[]byte("<p>信息</p>"),
		[]byte(noticeSimplified),
		gbk(f, noticeSimplified),
		big5(f, noticeTraditional),
		utf16LEWithBOM(f, "<title>通知</title><p>正文</p>"),
		utf16BEWithBOM(f, "通知"),
		gbk(f, `<meta charset="gbk"><title>关于</title><script>x()</script><table><tr><td>一</td><td>二</td></tr></table>`),
		[]byte(`<meta http-equiv="Content-Type" content="text/html; charset=utf-16"><svg><p>a</svg><pre>1
2</pre>`),
		[]byte("# 标题\n\n- [链接](http://x) **粗** `code`\n| a | b |\n|---|---|\n```\nx\n```"),
		[]byte(strings.Repeat("<div>", 600) + "深" + strings.Repeat("</div>", 3)),
		[]byte("\xef\xbb\xbf\xff\xfe\x00\x00"),
		[]byte("abc\xe4\xb8"),
		[]byte("\xd6\xd0\xce\xc4"),
	}
	return seeds
}

func checkFuzzResult(t *testing.T, res Result, err error) {
	t.Helper()
	if err != nil {
		var r *Rejection
		if !errors.As(err, &r) {
			t.Fatalf("error is %T, not *Rejection: %v", err, err)
		}
		if r.Code == CodeMalformed || r.Reason == "" {
			t.Fatalf("unexpected rejection %+v", r)
		}
		return
	}
	checkShape(t, res)
	if !utf8.ValidString(res.Encoding) || res.Encoding == "" || res.EncodingSource == "" {
		t.Fatalf("encoding %q source %q", res.Encoding, res.EncodingSource)
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, "")
	}
	f.Add(gbk(f, "<p>中文</p>"), "gb2312")
	f.Add([]byte("<p>x</p>"), "utf-16")
	column, _ := columnPage(false)
	for _, p := range []string{vsbPage("utf-8"), densityPage(), tablePage(), column, sliverPage(3),
		`<nav><a href=/>首页</a></nav><article><header><h1>题</h1></header><p>文</p></article><footer>版权所有</footer>`} {
		f.Add([]byte(p), "")
	}
	f.Fuzz(func(t *testing.T, data []byte, declared string) {
		res, err := extractHTML(data, declared, Options{MaxDepth: 64})
		checkFuzzResult(t, res, err)
		all, allErr := extractHTML(data, declared, Options{MaxDepth: 64, KeepBoilerplate: true})
		if (err == nil) != (allErr == nil) {
			t.Fatalf("errors differ: %v / %v", err, allErr)
		}
		if err == nil {
			checkCleaned(t, res, all)
		}
	})
}

// checkCleaned asserts what boilerplate removal promises: the same title,
// text whenever the page has text, and nothing but whole lines of the
// full text, in their order, less some of their table cells.
func checkCleaned(t *testing.T, res, all Result) {
	t.Helper()
	if res.Title != all.Title {
		t.Fatalf("title %q, full %q", res.Title, all.Title)
	}
	if (res.Text == "") != (all.Text == "") {
		t.Fatalf("text %q, full %q", res.Text, all.Text)
	}
	if res.Text == "" {
		return
	}
	full := strings.Split(all.Text, "\n")
	j := 0
	for _, line := range strings.Split(res.Text, "\n") {
		for j < len(full) && !tokenSubsequence(line, full[j]) {
			j++
		}
		if j == len(full) {
			t.Fatalf("line %q is not from the full text %q", line, all.Text)
		}
		j++
	}
}

// tokenSubsequence reports whether the space-separated tokens of line
// occur in order among those of full.
func tokenSubsequence(line, full string) bool {
	if line == full {
		return true
	}
	ft := strings.Split(full, " ")
	k := 0
	for _, tok := range strings.Split(line, " ") {
		for k < len(ft) && ft[k] != tok {
			k++
		}
		if k == len(ft) {
			return false
		}
		k++
	}
	return true
}

func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := extractText(data, Options{})
		checkFuzzResult(t, res, err)
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := extractMarkdown(data, Options{})
		checkFuzzResult(t, res, err)
	})
}

func FuzzFile(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add("a.html", s)
		f.Add("", s)
	}
	f.Add("b.md", []byte("# t"))
	f.Add("c.txt", []byte("<html>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if s := sniff(data, extension(name), DefaultMaxZipEntries); s.kind != kindText || s.err != nil {
			// Binary documents have fuzz targets of their own (and
			// PDF and images would start external programs).
			return
		}
		res, err := extractFile(context.Background(), name, data, Options{})
		checkFuzzResult(t, res, err)
	})
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s, "")
	}
	f.Add(gbk(f, "中文"), "utf-8")
	f.Add([]byte(noticeSimplified), "gbk")
	f.Add(big5(f, noticeTraditional), "gb2312")
	f.Fuzz(func(t *testing.T, data []byte, declared string) {
		d, err := decode(data, normalizeLabel(declared))
		if err != nil {
			var r *Rejection
			if !errors.As(err, &r) || r.Code == CodeMalformed {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if !utf8.ValidString(d.text) {
			t.Fatalf("invalid UTF-8 %q", d.text)
		}
		if d.conf < 0 || d.conf > 1 {
			t.Fatalf("confidence %v", d.conf)
		}
		switch d.enc {
		case EncUTF8, EncGB18030, EncBig5, EncUTF16LE, EncUTF16BE:
		default:
			t.Fatalf("encoding %q", d.enc)
		}
		switch d.source {
		case SourceBOM, SourceDeclared, SourceDetected:
		default:
			t.Fatalf("source %q", d.source)
		}
		// Valid UTF-8 input comes back unchanged unless it has a BOM
		// that says otherwise.
		if len(data) > 0 && utf8.Valid(data) && d.enc == EncUTF8 && d.source != SourceBOM && d.text != string(data) {
			t.Fatalf("valid UTF-8 changed: %q → %q", data, d.text)
		}
	})
}
