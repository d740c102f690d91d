package extract

import (
	"strings"
	"testing"
	"time"
)

func mustHTML(t *testing.T, data []byte, declared string) Result {
	t.Helper()
	res, err := HTML(data, declared, Options{})
	if err != nil {
		t.Fatalf("HTML: %v", err)
	}
	checkShape(t, res)
	if res.Format != FormatHTML {
		t.Fatalf("format %q", res.Format)
	}
	return res
}

// noticePage renders a notice as a typical university CMS page.
func noticePage(meta, title, body string) string {
	return `<!DOCTYPE html>
<html>
<head>
` + meta + `
<title>` + title + ` - 某某大学研究生院</title>
<style>body { font-size: 14px; } .hidden { display: none }</style>
<script type="text/javascript">var 统计 = "不应出现"; document.write("<p>脚本</p>");</script>
</head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>
<div class="article">
<h1>` + title + `</h1>
` + body + `
</div>
</body>
</html>`
}

func noticeBody(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(text, "\n")[1:] {
		b.WriteString("<p>　　" + line + "</p>\n")
	}
	return b.String()
}

func TestHTMLGBKWithMetaCharset(t *testing.T) {
	page := noticePage(`<meta charset="gb2312">`, "关于做好研究生课程考试工作的通知", noticeBody(noticeSimplified))
	res := mustHTML(t, gbk(t, page), "")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDeclared {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	if res.Title != "关于做好研究生课程考试工作的通知 - 某某大学研究生院" {
		t.Errorf("title %q", res.Title)
	}
	mustContain(t, res.Text,
		"\n一、考试时间：第十八周至第十九周，具体时间由各学院统一安排。\n",
		"联系人：王老师，联系电话：010-12345678。")
	// The breadcrumb bar is navigation, not part of the notice.
	mustNotContain(t, res.Text, "不应出现", "脚本", "font-size", "　", "首页", "通知公告")
	all, err := HTML(gbk(t, page), "", Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, all.Text, "首页 > 通知公告\n关于做好研究生课程考试工作的通知\n各学院、各部门：")
}

func TestHTMLGBKHttpEquiv(t *testing.T) {
	page := noticePage(`<meta http-equiv="Content-Type" content="text/html; charset=GBK" />`,
		"考试通知", noticeBody(noticeSimplified))
	res := mustHTML(t, gbk(t, page), "")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDeclared {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	mustContain(t, res.Text, "各学院、各部门：")
}

func TestHTMLGBKUndeclared(t *testing.T) {
	page := noticePage("", "关于做好研究生课程考试工作的通知", noticeBody(noticeSimplified))
	res := mustHTML(t, gbk(t, page), "")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDetected {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	if res.Confidence < 0.8 {
		t.Errorf("confidence %.2f", res.Confidence)
	}
	mustContain(t, res.Text, "研究生院\n2024年12月10日")
}

func TestHTMLBig5(t *testing.T) {
	page := `<html><head><title>國立臺灣大學公告 - 教務處</title>
<script>var 統計 = "不應出現";</script></head>
<body><div class="nav"><a href="/">首頁</a> &gt; 最新消息</div>
<h1>國立臺灣大學公告</h1>
` + noticeBody(noticeTraditional) + `</body></html>`
	for _, declared := range []string{"", "big5"} {
		res := mustHTML(t, big5(t, page), declared)
		if res.Encoding != EncBig5 {
			t.Fatalf("declared %q: encoding %s", declared, res.Encoding)
		}
		if !strings.HasPrefix(res.Title, "國立臺灣大學公告") {
			t.Errorf("title %q", res.Title)
		}
		mustContain(t, res.Text, "二、各系所應於考試前完成試場安排，並請學生攜帶學生證應考。")
		mustNotContain(t, res.Text, "不應出現", "\uFFFD", "首頁", "最新消息")
	}
}

func TestHTMLHeaderBeatsMeta(t *testing.T) {
	page := noticePage(`<meta charset="big5">`, "通知", noticeBody(noticeSimplified))
	res := mustHTML(t, gbk(t, page), "GBK")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDeclared {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
}

func TestHTMLUTF8BOM(t *testing.T) {
	page := noticePage(`<meta charset="gbk">`, "通知", noticeBody(noticeSimplified))
	res := mustHTML(t, append([]byte{0xEF, 0xBB, 0xBF}, page...), "")
	if res.Encoding != EncUTF8 || res.EncodingSource != SourceBOM || res.Confidence != 1 {
		t.Fatalf("encoding %s/%s %.2f", res.Encoding, res.EncodingSource, res.Confidence)
	}
	mustContain(t, res.Text, "各学院、各部门：")
}

func TestHTMLUTF16LEBOM(t *testing.T) {
	page := noticePage(`<meta charset="utf-16">`, "通知", noticeBody(noticeSimplified))
	res := mustHTML(t, utf16LEWithBOM(t, page), "")
	if res.Encoding != EncUTF16LE || res.EncodingSource != SourceBOM {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	if res.Title != "通知 - 某某大学研究生院" {
		t.Errorf("title %q", res.Title)
	}
	mustContain(t, res.Text, "各学院、各部门：")
}

func TestHTMLMetaUTF16MeansUTF8(t *testing.T) {
	page := noticePage(`<meta charset="utf-16">`, "通知", noticeBody(noticeSimplified))
	res := mustHTML(t, []byte(page), "")
	if res.Encoding != EncUTF8 {
		t.Fatalf("encoding %s", res.Encoding)
	}
	mustContain(t, res.Text, "各学院、各部门：")
}

func TestHTMLDeclaresUTF8ButIsGBK(t *testing.T) {
	page := noticePage(`<meta charset="utf-8">`, "关于做好研究生课程考试工作的通知", noticeBody(noticeSimplified))
	res := mustHTML(t, gbk(t, page), "")
	if res.Encoding != EncGB18030 || res.EncodingSource != SourceDetected {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	mustNotContain(t, res.Text, "\uFFFD")
	mustContain(t, res.Text, "三、学生须携带学生证和身份证参加考试")
}

func TestHTMLDeclaresGBKButIsUTF8(t *testing.T) {
	page := noticePage(`<meta charset="gb2312">`, "通知", noticeBody(noticeSimplified))
	res := mustHTML(t, []byte(page), "")
	if res.Encoding != EncUTF8 || res.EncodingSource != SourceDetected {
		t.Fatalf("encoding %s/%s", res.Encoding, res.EncodingSource)
	}
	mustContain(t, res.Text, "各学院、各部门：")
}

func TestHTMLFullWidthAndMixed(t *testing.T) {
	page := `<html><head><meta charset="gbk"><title>关于2019年GB18030编码规范的通知</title></head>
<body><p>依据ＧＢ１８０３０－２００５标准，Version 2.0 版本于2019年1月1日起施行（详见附件1）。</p></body></html>`
	res := mustHTML(t, gbk(t, page), "")
	if res.Title != "关于2019年GB18030编码规范的通知" {
		t.Errorf("title %q", res.Title)
	}
	if res.Text != "依据ＧＢ１８０３０－２００５标准，Version 2.0 版本于2019年1月1日起施行（详见附件1）。" {
		t.Errorf("text %q", res.Text)
	}
}

func TestHTMLIndentation(t *testing.T) {
	page := `<body>
<p>　　根据《中华人民共和国政府信息公开条例》，现将有关事项公告如下。</p>
<p>&nbsp;&nbsp;&nbsp;&nbsp;一、公开范围。</p>
<p>&#12288;&#12288;二、公开方式。　</p>
<div>　　　三、监督方式：  电话   举报。</div>
</body>`
	res := mustHTML(t, []byte(page), "")
	want := "根据《中华人民共和国政府信息公开条例》，现将有关事项公告如下。\n一、公开范围。\n二、公开方式。\n三、监督方式： 电话 举报。"
	if res.Text != want {
		t.Errorf("text\n%q\nwant\n%q", res.Text, want)
	}
}

func TestHTMLInlineChinese(t *testing.T) {
	cases := map[string]string{
		`<p><span>信息</span><b>公开</b></p>`:                                  "信息公开",
		"<p><span>信息</span>\n    <b>公开</b></p>":                            "信息公开",
		"<p>信息\n公开工作\n年度报告</p>":                                            "信息公开工作年度报告",
		`<p><font color=red>关于</font><a href="#">开展</a>工作的<em>通知</em></p>`: "关于开展工作的通知",
		"<p>GB18030\n编码</p>":                                               "GB18030 编码",
		"<p><b>Open</b>\n<i>Data</i></p>":                                  "Open Data",
		`<p><span>Hello</span><span>World</span></p>`:                      "HelloWorld",
		"<p>信息 公开</p>":                                                     "信息 公开",
		`<p>联系<o:p></o:p>电话</p>`:                                           "联系电话",
	}
	for in, want := range cases {
		res := mustHTML(t, []byte(in), "")
		if res.Text != want {
			t.Errorf("%q → %q, want %q", in, res.Text, want)
		}
	}
}

func TestHTMLSkipsInvisible(t *testing.T) {
	page := `<html><head><title>标题</title>
<script>alert("x")</script><style>p{}</style><link rel=stylesheet href=a.css></head>
<body>
<noscript>请启用脚本</noscript>
<template><p>模板内容</p></template>
<svg width="10"><title>图标</title><text>矢量文字</text></svg>
<!-- 注释内容 -->
<p>正文<script>var a = "<p>不显示</p>";</script>内容</p>
<select><option>选项一</option></select>
<p>可见<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby>字</p>
<video>您的浏览器不支持视频</video>
<script/>var self = "closing";</script>
<p>结尾</p>
</body></html>`
	res := mustHTML(t, []byte(page), "")
	if res.Text != "正文内容\n可见汉字\n结尾" {
		t.Errorf("text %q", res.Text)
	}
	if res.Title != "标题" {
		t.Errorf("title %q", res.Title)
	}
}

func TestHTMLEntities(t *testing.T) {
	page := `<p>A&amp;B &lt;通知&gt; &quot;引号&quot; &#20013;&#x6587; &copy;2024 &ldquo;信息&rdquo;&hellip; &yen;100</p>`
	res := mustHTML(t, []byte(page), "")
	want := `A&B <通知> "引号" 中文 ©2024 “信息”… ¥100`
	if res.Text != want {
		t.Errorf("text %q, want %q", res.Text, want)
	}
}

func TestHTMLBlocksAndTables(t *testing.T) {
	page := `<div>第一段<br>第二段<br/>第三段</div>
<ul><li>项目一<li>项目二</ul>
<table>
  <tr><th>姓名</th><th>学号</th><th>学院</th></tr>
  <tr><td>张三</td>
      <td>2019001</td>
      <td><span>计算机</span>学院</td></tr>
  <tr><td></td><td>空</td></tr>
</table>
<h2>标题二</h2><section>节</section>
<pre>  第一行
  第二行
</pre>`
	res := mustHTML(t, []byte(page), "")
	want := "第一段\n第二段\n第三段\n项目一\n项目二\n姓名 学号 学院\n张三 2019001 计算机学院\n空\n标题二\n节\n第一行\n第二行"
	if res.Text != want {
		t.Errorf("text\n%q\nwant\n%q", res.Text, want)
	}
}

func TestHTMLTitleFallbacks(t *testing.T) {
	res := mustHTML(t, []byte(`<body><h1></h1><h1>关于<br>公示的通知</h1><h1>第二个</h1><p>正文</p></body>`), "")
	if res.Title != "关于公示的通知" {
		t.Errorf("h1 title %q", res.Title)
	}
	res = mustHTML(t, []byte("<title>\n  多行\n  标题 </title><h1>H1</h1>"), "")
	if res.Title != "多行标题" {
		t.Errorf("title %q", res.Title)
	}
	res = mustHTML(t, []byte(`<p>只有正文</p>`), "")
	if res.Title != "" {
		t.Errorf("title %q", res.Title)
	}
	long := "<title>" + strings.Repeat("长", 1000) + "</title>"
	res = mustHTML(t, []byte(long), "")
	if n := len([]rune(res.Title)); n != maxTitleRunes {
		t.Errorf("title has %d runes", n)
	}
}

func TestHTMLBrokenMarkup(t *testing.T) {
	cases := map[string]string{
		`<head><title>T</title><p>没有 body 标签`: "没有 body 标签",
		`<p>未闭合<div>块</span></b></p></p>后文`:   "未闭合\n块\n后文",
		`<svg><p>吞掉</p></body><p>之后`:          "之后",
		`<p>文本 <a href="x>坏属性</a> 之后</p>`:     "文本",
		`<title>只有标题`:                         "",
		`<script>未闭合脚本`:                       "",
		`<<<>>><p>&&;&#xZZ;&#99999999;</p>`:   "<<<>>>\n&&;&#xZZ;\uFFFD",
	}
	for in, want := range cases {
		res := mustHTML(t, []byte(in), "")
		if res.Text != want {
			t.Errorf("%q → %q, want %q", in, res.Text, want)
		}
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	const depth = 100000
	page := strings.Repeat("<div><span>", depth) + "深处的文字" + strings.Repeat("</span></div>", depth) + "<p>之后</p>"
	for _, maxDepth := range []int{0, 16} {
		res, err := HTML([]byte(page), "", Options{MaxDepth: maxDepth})
		if err != nil {
			t.Fatal(err)
		}
		checkShape(t, res)
		if res.Text != "深处的文字\n之后" {
			t.Errorf("MaxDepth %d: text %q", maxDepth, res.Text)
		}
	}
	// Script content is dropped even beyond the depth limit.
	page = strings.Repeat("<div>", 50) + "<p>a<script>secret()</script>b</p>"
	res, err := HTML([]byte(page), "", Options{MaxDepth: 8})
	if err != nil || res.Text != "ab" {
		t.Fatalf("got %q %v", res.Text, err)
	}
}

func TestHTMLUnclosedParagraphs(t *testing.T) {
	page := strings.Repeat("<p>段落", 5000)
	res := mustHTML(t, []byte(page), "")
	if got := strings.Count(res.Text, "\n"); got != 4999 {
		t.Fatalf("%d line breaks", got)
	}
}

func TestHTMLRejections(t *testing.T) {
	_, err := HTML(nil, "", Options{})
	wantRejection(t, err, CodeEmpty)
	_, err = HTML([]byte("<p>0123456789</p>"), "", Options{MaxBytes: 8})
	wantRejection(t, err, CodeTooLarge)
	_, err = HTML([]byte("<p>\x00\x01\x02\x03\x00\x00\x00\x00</p>"), "", Options{})
	wantRejection(t, err, CodeBinary)
}

func TestCharsetFromContentType(t *testing.T) {
	cases := map[string]string{
		"text/html; charset=gb2312":       "gb2312",
		`text/html;charset="GBK"`:         "GBK",
		"text/html; charset = big5 ; x=y": "big5",
		"text/html; charset='utf-8'":      "utf-8",
		"text/html":                       "",
		"charset":                         "",
		"\x92ChArset=gbk":                 "gbk",
		"\x92\x92CHARSET0":                "",
	}
	for in, want := range cases {
		if got := charsetFromContentType(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestHTMLHostileInputStaysFast(t *testing.T) {
	for _, unit := range []string{"<span>", "</span>", "<p>", "<b><i>", "<td>", "<svg>", "<a href=", "&#", "<!--", "<h1>",
		// Units aimed at boilerplate removal: article candidates, chrome,
		// footer lines, link clutter, titles.
		`<div class="content">正`, `<div class=nav>`, "<p>版权所有", "<div>版权所有", `<a href="/">首页</a>`,
		`<li><a href=x>栏目</a>`, `<h2 class=title>题</h2><div class=left>`, "<article><p>文</p></article>"} {
		page := strings.Repeat(unit, (2<<20)/len(unit)) + "尾"
		start := time.Now()
		res, err := HTML([]byte(page), "", Options{})
		if err != nil {
			t.Fatalf("%q: %v", unit, err)
		}
		checkShape(t, res)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%q ×%d took %v", unit, len(page)/len(unit), d)
		}
	}
}
