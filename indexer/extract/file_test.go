package extract

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestFileRouting(t *testing.T) {
	htmlDoc := []byte(`<!DOCTYPE html><html><head><title>通知</title></head><body><p>正文内容</p></body></html>`)
	fragment := []byte(`<div class="content"><p>正文内容</p></div>`)
	md := []byte("# 通知\n\n**正文**内容")
	txt := []byte("通知\n# 不是标题\n<不是标签>")
	cases := []struct {
		name   string
		data   []byte
		format string
		title  string
	}{
		{"a/b/notice.html", htmlDoc, FormatHTML, "通知"},
		{"NOTICE.HTM", htmlDoc, FormatHTML, "通知"},
		{"index.shtml", fragment, FormatHTML, ""},
		{"page.xhtml", htmlDoc, FormatHTML, "通知"},
		{`C:\archive\show.asp?id=12`, fragment, FormatHTML, ""},
		{"content.jsp", []byte("纯文本\n第二行"), FormatText, "纯文本"},
		{"readme.md", md, FormatMarkdown, "通知"},
		{"readme.markdown", md, FormatMarkdown, "通知"},
		{"notes.txt", txt, FormatText, "通知"},
		{"notes.text", txt, FormatText, "通知"},
		// The extension lies.
		{"saved.txt", htmlDoc, FormatHTML, "通知"},
		{"saved.md", htmlDoc, FormatHTML, "通知"},
		{"plain.html", []byte("没有任何标签的文本\n第二行"), FormatText, "没有任何标签的文本"},
		// No usable extension: sniff.
		{"download", htmlDoc, FormatHTML, "通知"},
		{"download", fragment, FormatHTML, ""},
		{"download", md, FormatMarkdown, "通知"},
		{"download", txt, FormatText, "通知"},
		{"notice.2019", txt, FormatText, "通知"},
		{"", append([]byte{0xEF, 0xBB, 0xBF}, htmlDoc...), FormatHTML, "通知"},
		{"x", utf16LEWithBOM(t, string(htmlDoc)), FormatHTML, "通知"},
		{"x.html", utf16LEWithBOM(t, string(htmlDoc))[2:], FormatHTML, "通知"},
		{"x", gbk(t, "<!-- saved -->\n<html><body>中文页面</body></html>"), FormatHTML, ""},
		{"word-export.doc", gbk(t, `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><title>成绩单</title></head><body><p class=MsoNormal>张三<o:p></o:p></p></body></html>`), FormatHTML, "成绩单"},
	}
	for _, c := range cases {
		res, err := File(c.name, c.data, Options{})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		checkShape(t, res)
		if res.Format != c.format || res.Title != c.title {
			t.Errorf("%s: format %s title %q, want %s %q", c.name, res.Format, res.Title, c.format, c.title)
		}
	}
}

func TestFileRejections(t *testing.T) {
	cases := []struct {
		name   string
		data   []byte
		opt    Options
		code   string
		reason string
	}{
		{"empty.html", nil, Options{}, CodeEmpty, "文件为空（0 字节）"},
		{"big.txt", []byte(strings.Repeat("大", 100)), Options{MaxBytes: 200}, CodeTooLarge, "文件过大（300 字节，上限 200 字节）"},
		{"setup.exe", []byte("MZ\x90\x00\x03\x00"), Options{}, CodeUnsupported, "不支持的格式：可执行程序"},
		{"tool.EXE", []byte("hello"), Options{}, CodeUnsupported, "不支持的格式：.exe"},
		{"fake.txt", []byte("PK\x03\x04\x14\x00\x06\x00"), Options{}, CodeMalformed, "ZIP/Office 文件不完整或已损坏，无法打开（可能下载不完整）"},
		{"photo", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Options{}, CodeMalformed, "图片已损坏或不完整，无法读取"},
		{"archive.bin", []byte("Rar!\x1A\x07\x00"), Options{}, CodeUnsupported, "不支持的格式：RAR 压缩包（请解压后再导入）"},
		{"garbage.txt", binaryGarbage(2048), Options{}, CodeBinary, "不是文本文件（检测到二进制内容）"},
		{"garbage", binaryGarbage(100), Options{}, CodeBinary, "不是文本文件（检测到二进制内容）"},
		{"latin.txt", []byte("abc \xff\xff\xff def \xff\xff ghi \xff\xff\xff\xff"), Options{}, CodeEncoding, "无法识别字符编码"},
	}
	for _, c := range cases {
		_, err := File(c.name, c.data, c.opt)
		r := wantRejection(t, err, c.code)
		if r.Reason != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, r.Reason, c.reason)
		}
	}
}

func binaryGarbage(n int) []byte {
	b := make([]byte, n)
	x := uint32(2463534242)
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func TestFileTruncatedGBK(t *testing.T) {
	page := gbk(t, `<html><head><meta charset="gbk"><title>通知</title></head><body><p>`+noticeSimplified+`</p></body></html>`)
	for cut := 1; cut < 80; cut++ {
		res, err := File("notice.html", page[:len(page)-cut], Options{})
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		checkShape(t, res)
		if strings.Contains(res.Text, "\uFFFD") {
			t.Fatalf("cut %d: replacement character in %q", cut, res.Text)
		}
	}
}

func TestExtension(t *testing.T) {
	cases := map[string]string{
		"a.HTML": ".html", "dir.d/file": "", "file.": "", ".bashrc": "", "a.b/c.txt": ".txt",
		"x.2019": "", "show.asp?id=1.2": ".asp", `C:\d\e.Md`: ".md", "a.tar.gz": ".gz",
		"a.verylongextension": "", "a.t-t": "", "a.mp4": ".mp4",
	}
	for in, want := range cases {
		if got := extension(in); got != want {
			t.Errorf("extension(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanSize(t *testing.T) {
	cases := map[int64]string{
		0: "0 字节", 1023: "1023 字节", 1024: "1 KB", 1536: "1.5 KB",
		32 << 20: "32 MB", 1288490189: "1.2 GB", 5 << 40: "5 TB",
	}
	for in, want := range cases {
		if got := humanSize(in); got != want {
			t.Errorf("humanSize(%d) = %q, want %q", in, got, want)
		}
	}
	err := rejectTooLarge(1288490189, DefaultMaxBytes)
	if err.Error() != "文件过大（1.2 GB，上限 32 MB）" {
		t.Errorf("reason %q", err.Error())
	}
}

func TestGuardTurnsPanicIntoRejection(t *testing.T) {
	res, err := guard(func() (Result, error) { panic("boom") })
	wantRejection(t, err, CodeMalformed)
	if !reflect.DeepEqual(res, Result{}) {
		t.Fatalf("result %+v", res)
	}
	res, err = guard(func() (Result, error) { return Result{Text: "a\xffb"}, nil })
	if err != nil || res.Text != "a\uFFFDb" {
		t.Fatalf("got %q %v", res.Text, err)
	}
	var r *Rejection
	if !errors.As(error(&Rejection{Code: CodeEmpty, Reason: "x"}), &r) {
		t.Fatal("errors.As")
	}
}

func TestOptionsSetDefaults(t *testing.T) {
	var o Options
	o.SetDefaults()
	if o.MaxBytes != 32<<20 || o.MaxDepth != 512 {
		t.Fatalf("%+v", o)
	}
	o = Options{MaxBytes: 10, MaxDepth: 3}
	o.SetDefaults()
	if o.MaxBytes != 10 || o.MaxDepth != 3 {
		t.Fatalf("%+v", o)
	}
}
