package extract

import (
	"strings"
	"testing"
)

// benchPage builds a ~100 KB notice page typical of a university CMS:
// navigation, a long article of paragraphs and tables, scripts, a footer.
func benchPage(size int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于公布2024年度信息公开工作年度报告的通知 - 某某大学信息公开网</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.js"></script>
<script>var _hmt = _hmt || []; (function() { var hm = document.createElement("script"); })();</script>
<style>.nav li { float: left; } .content p { text-indent: 2em; }</style></head><body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/xxgk">信息公开</a></li><li><a href="/tzgg">通知公告</a></li></ul></div>
<div class="content"><h1>关于公布2024年度信息公开工作年度报告的通知</h1>`)
	lines := strings.Split(noticeSimplified, "\n")
	for i := 0; b.Len() < size; i++ {
		line := lines[i%len(lines)]
		switch i % 7 {
		case 3:
			b.WriteString(`<table class="list"><tr><th>序号</th><th>姓名</th><th>学院</th></tr><tr><td>1</td><td>张三</td><td><span>计算机</span>学院</td></tr></table>`)
		case 5:
			b.WriteString(`<p style="text-indent:2em">&nbsp;&nbsp;<span style="font-family:宋体">` + line + `</span><b>（第` + strings.Repeat("一", i%3+1) + `条）</b></p>` + "\n")
		default:
			b.WriteString("<p>　　" + line + "</p>\n")
		}
	}
	b.WriteString(`</div><div class="footer">版权所有 &copy; 某某大学 地址：北京市海淀区 邮编：100000</div></body></html>`)
	return b.String()
}

func BenchmarkHTML(b *testing.B) {
	data := []byte(benchPage(100 << 10))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := HTML(data, "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTMLGBKDetect is the slow path: an undeclared GBK page, scored
// as UTF-8, GB18030 and Big5 before the winner is used.
func BenchmarkHTMLGBKDetect(b *testing.B) {
	page := strings.Replace(benchPage(100<<10), `<meta charset="utf-8">`, "", 1)
	data := gbk(b, page)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := HTML(data, "", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchPageExtracts(t *testing.T) {
	page := benchPage(100 << 10)
	res := mustHTML(t, []byte(page), "")
	if res.Encoding != EncUTF8 || !strings.HasPrefix(res.Text, "关于公布") || strings.Contains(res.Text, "版权所有") {
		t.Fatalf("%s %q", res.Encoding, res.Text[:60])
	}
	res = mustHTML(t, gbk(t, strings.Replace(page, `<meta charset="utf-8">`, "", 1)), "")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDetected {
		t.Fatalf("%s %s", res.Encoding, res.EncodingSource)
	}
}
