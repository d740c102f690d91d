package extract

import (
	"strings"
	"testing"
)

// The pages below imitate the templates of Chinese university sites:
// every one has navigation words (首页, 通知公告 …) that also name the
// site's columns, so a search for them would match every page unless the
// chrome is dropped.

// mustKeepLines asserts that every line of body is in text, whole.
func mustKeepLines(t *testing.T, text, body string) {
	t.Helper()
	for _, line := range strings.Split(body, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.Contains(text, line) {
			t.Errorf("lost article line %q:\n%s", line, text)
		}
	}
}

func paragraphs(body string) string {
	var b strings.Builder
	for _, line := range strings.Split(body, "\n") {
		b.WriteString("<p>　　" + line + "</p>\n")
	}
	return b.String()
}

const scholarshipBody = `各培养单位：
根据《研究生国家奖学金管理暂行办法》，现将2024年度研究生国家奖学金评审工作有关事项通知如下。
一、评审名额：学校今年获得博士研究生国家奖学金名额32个，硕士研究生国家奖学金名额185个。
二、申请条件：热爱社会主义祖国，遵守宪法和法律，学习成绩优异，科研能力显著。
三、请各培养单位于2024年10月15日前将评审结果及申请材料报送研究生院培养办公室，联系电话：0799-86552345。
研究生院
2024年9月10日`

// vsbPage is laid out like a 博达 VSB site: a menu bar, a column list on
// the left, a breadcrumb, the article in v_news_content inside the form
// VSB wraps it in, an attachment list, share buttons, previous/next links
// and a footer.
func vsbPage(charset string) string {
	return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=` + charset + `" />
<title>关于开展2024年度研究生国家奖学金评审工作的通知-清源大学研究生院</title>
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script type="text/javascript">_jsq_(1011,'/content.jsp',1234,1765432);</script>
</head>
<body>
<div class="top">
  <div class="topbar"><a href="#">设为首页</a> | <a href="#">加入收藏</a> | <a href="/en">English</a></div>
  <div class="logo"><img src="/images/logo.png" alt="清源大学研究生院" /></div>
</div>
<div class="menu" id="menu"><ul>
  <li><a href="/index.htm">首页</a></li><li><a href="/xygk.htm">学院概况</a></li>
  <li><a href="/zsxx.htm">招生信息</a></li><li><a href="/pygl.htm">培养管理</a></li>
  <li><a href="/xwgz.htm">学位工作</a></li><li><a href="/tzgg.htm">通知公告</a></li>
</ul></div>
<div class="main">
  <div class="main_left">
    <div class="lm_title">通知公告</div>
    <ul class="sub_list">
      <li><a href="/tzgg.htm">通知公告</a></li><li><a href="/zhxw.htm">综合新闻</a></li>
      <li><a href="/xsjz.htm">学术讲座</a></li><li><a href="/xzzq.htm">下载专区</a></li>
    </ul>
  </div>
  <div class="main_right">
    <div class="dqwz">当前位置：<a href="/index.htm">首页</a>&gt;&gt;<a href="/tzgg.htm">通知公告</a>&gt;&gt;正文</div>
    <form name="_newscontent_fromname">
      <div class="content-title"><h1>关于开展2024年度研究生国家奖学金评审工作的通知</h1></div>
      <div class="content-info">发布时间：2024-09-10&nbsp;&nbsp;作者：研究生院&nbsp;&nbsp;点击：<script>_showDynClicks("wbnews", 1765432, 1234)</script></div>
      <div id="vsb_content"><div class="v_news_content">
` + paragraphs(scholarshipBody) + `
      </div></div>
      <div id="div_vote_id"></div>
      <ul style="list-style-type:none;"><li>附件【<a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&amp;wbfileid=567">2024年研究生国家奖学金申请审批表.docx</a>】已下载<span id="nattach567"><script>getClickTimes(567,1234,"wbnewsfile","attach")</script></span>次</li></ul>
      <div class="fenxiang">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
      <div class="pre-next"><p>上一条：<a href="/info/1011/1233.htm">关于2024年秋季学期研究生注册工作的通知</a></p>
      <p>下一条：<a href="/info/1011/1235.htm">关于举办第十届研究生学术论坛的通知</a></p></div>
    </form>
  </div>
</div>
<div class="footer">
  <p>Copyright &copy; 2024 清源大学研究生院 版权所有</p>
  <p>地址：清源市学府路88号 邮编：330100 电话：0799-86551234</p>
</div>
</body></html>`
}

func TestBoilerplateVSB(t *testing.T) {
	for _, enc := range []string{"utf-8", "gbk"} {
		page := vsbPage(enc)
		data := []byte(page)
		if enc == "gbk" {
			data = gbk(t, page)
		}
		res := mustHTML(t, data, "")
		mustKeepLines(t, res.Text, scholarshipBody)
		mustContain(t, res.Text,
			"关于开展2024年度研究生国家奖学金评审工作的通知\n发布时间：2024-09-10 作者：研究生院 点击：\n各培养单位：",
			"附件【2024年研究生国家奖学金申请审批表.docx】已下载次")
		mustNotContain(t, res.Text, "首页", "当前位置", "版权所有", "Copyright", "邮编",
			"学院概况", "综合新闻", "学术讲座", "下载专区", "通知公告", "分享到", "上一条", "下一条",
			"研究生注册", "加入收藏")
		if res.Title != "关于开展2024年度研究生国家奖学金评审工作的通知-清源大学研究生院" {
			t.Errorf("title %q", res.Title)
		}
	}
}

const examBody = `各学院、各有关单位：
2024-2025学年第一学期期末考试将于第十八周至第十九周进行，现将有关事项通知如下。
一、各学院须于12月25日前在教务系统中确认考试安排，考试时间一经公布不得随意调整。
二、监考教师须提前15分钟到达考场，认真核对学生证件，严肃考场纪律。
三、考试期间教务处将组织巡考，对违纪作弊行为依规严肃处理。
如有疑问请与教务处考务科联系，联系电话：0799-86551111。
教务处
2024年12月20日`

// densityPage has no element marked as the article: the chrome is known
// by its ids, by link density and by its wording.
func densityPage() string {
	return `<html><head><meta charset="utf-8"><title>期末考试安排 - 清源大学教务处</title></head>
<body>
<div id="header"><div class="logo">清源大学教务处</div>
<div class="search"><input type="text" name="q"><input type="submit" value="搜索"></div></div>
<div id="nav"><a href="/">首页</a><a href="/jgsz">机构设置</a><a href="/jxgl">教学管理</a><a href="/kwgl">考务管理</a><a href="/tzgg">通知公告</a><a href="/xzzx">下载中心</a></div>
<div class="wrap">
  <div class="col1">
    <h3>通知公告</h3>
    <ul><li><a href="/jwtz">教务通知</a></li><li><a href="/kwtz">考务通知</a></li><li><a href="/sjjx">实践教学</a></li><li><a href="/jyjg">教研教改</a></li></ul>
  </div>
  <div class="col2">
    <div class="wz">您的位置：<a href="/">首页</a> &gt; <a href="/tzgg">通知公告</a></div>
    <h2>关于2024-2025学年第一学期期末考试安排的通知</h2>
    <div class="info">发布日期：2024-12-20　浏览次数：356</div>
` + paragraphs(examBody) + `
    <div>相关链接：<a href="/a">考试安排查询</a> <a href="/b">考场分布图</a> <a href="/c">考试违纪处理办法</a></div>
  </div>
</div>
<div>友情链接：<a href="http://www.moe.gov.cn">教育部</a> <a href="http://jyt.example.gov.cn">省教育厅</a> <a href="https://www.cnki.net">中国知网</a></div>
<div>
  <p>版权所有 &copy; 清源大学教务处</p>
  <p>地址：清源市学府路88号　邮编：330100</p>
  <p>电话：0799-86550000　传真：0799-86550001</p>
</div>
</body></html>`
}

func TestBoilerplateDensityFallback(t *testing.T) {
	for _, enc := range []string{"utf-8", "gbk"} {
		page := densityPage()
		data := []byte(page)
		if enc == "gbk" {
			data = gbk(t, strings.Replace(page, `<meta charset="utf-8">`, "", 1))
		}
		res := mustHTML(t, data, "")
		mustKeepLines(t, res.Text, examBody)
		mustContain(t, res.Text, "关于2024-2025学年第一学期期末考试安排的通知\n发布日期：2024-12-20 浏览次数：356\n各学院")
		mustNotContain(t, res.Text, "首页", "您的位置", "版权所有", "邮编", "传真", "0799-86550000",
			"机构设置", "下载中心", "教务通知", "实践教学", "教研教改", "友情链接", "中国知网", "清源大学教务处\n")
	}
}

const financeBody = `根据《高等学校信息公开办法》，现将我校2023年度部门决算公开如下。
一、收入支出决算总体情况：2023年度收入总计18.6亿元，支出总计18.2亿元。
二、“三公”经费支出情况：因公出国（境）费用86万元，公务接待费23万元。
三、政府采购支出情况：全年政府采购支出合计2.4亿元，其中授予中小企业合同金额1.1亿元。`

// tablePage is an old table layout: the header, the column list on the
// left and the footer are table rows and cells; the article itself is in
// nested tables, including a data table of figures, and is the only
// thing in the cell whose class says "right".
func tablePage() string {
	return `<html><head><title>清源大学2023年度部门决算公开</title></head>
<body>
<table width="1000" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/banner.jpg"></td></tr>
<tr><td class="daohang"><a href="/">首页</a> | <a href="/xxgk">信息公开</a> | <a href="/cwxx">财务信息</a> | <a href="/ysqgk">依申请公开</a></td></tr>
</table>
<table width="1000" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="200" valign="top" class="left">
  <table width="100%">
  <tr><td class="lmmc">财务信息</td></tr>
  <tr><td><a href="/cwxx/ys">预算公开</a></td></tr>
  <tr><td><a href="/cwxx/js">决算公开</a></td></tr>
  <tr><td><a href="/cwxx/sf">收费信息</a></td></tr>
  <tr><td><a href="/cwxx/cg">采购信息</a></td></tr>
  </table>
</td>
<td width="800" valign="top" class="right">
  <table width="100%"><tr><td>当前位置：<a href="/">首页</a> &gt;&gt; <a href="/cwxx">财务信息</a></td></tr></table>
  <table width="96%" align="center">
  <tr><td align="center"><font size="4"><b>清源大学2023年度部门决算公开</b></font></td></tr>
  <tr><td align="center">发布时间：2024-08-30　来源：财务处</td></tr>
  <tr><td>` + paragraphs(financeBody) + `
    <table border="1" cellspacing="0">
    <tr><td>项目</td><td>决算数（万元）</td></tr>
    <tr><td>基本支出</td><td>121500</td></tr>
    <tr><td>项目支出</td><td>60500</td></tr>
    </table>
    <p align="right">清源大学财务处</p>
  </td></tr>
  </table>
</td>
</tr>
</table>
<table width="1000" align="center"><tr><td align="center">版权所有：清源大学 地址：清源市学府路88号 邮编：330100<br>技术支持：清源网络中心</td></tr></table>
</body></html>`
}

func TestBoilerplateTableLayout(t *testing.T) {
	for _, enc := range []string{"utf-8", "gbk"} {
		data := []byte(tablePage())
		if enc == "gbk" {
			data = gbk(t, tablePage())
		}
		res := mustHTML(t, data, "")
		mustKeepLines(t, res.Text, financeBody)
		mustContain(t, res.Text, "清源大学2023年度部门决算公开\n发布时间：2024-08-30 来源：财务处\n",
			"项目 决算数（万元）\n基本支出 121500\n项目支出 60500\n清源大学财务处")
		mustNotContain(t, res.Text, "首页", "当前位置", "版权所有", "技术支持", "依申请公开",
			"预算公开", "收费信息", "采购信息", "财务信息")
	}
}

// columnPage is a column index: apart from the chrome, the page is a list
// of links, and those links are what the page says.
func columnPage(dates bool) (page string, items []string) {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>通知公告 - 清源大学</title></head><body>
<header class="header"><nav class="nav"><a href="/">首页</a> <a href="/xxgk">信息公开</a> <a href="/tzgg">通知公告</a> <a href="/zhxw">综合新闻</a></nav></header>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 通知公告</div>
<div class="list"><ul>
`)
	for i := 1; i <= 15; i++ {
		item := "关于做好第" + strings.Repeat("一", i%4+1) + "批次" + string(rune('A'+i)) + "类项目申报工作的通知"
		items = append(items, item)
		b.WriteString(`<li><a href="/info/1011/` + string(rune('0'+i%10)) + `.htm">` + item + `</a>`)
		if dates {
			b.WriteString(`<span class="date">2024-06-` + string(rune('0'+i%3)) + string(rune('0'+i%10)) + `</span>`)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString(`</ul>
<div class="pagination"><a href="?p=1">首页</a> <a href="?p=1">上一页</a> <a href="?p=2">下一页</a> <a href="?p=9">尾页</a></div>
</div>
<footer class="footer">版权所有 &copy; 清源大学 地址：清源市学府路88号</footer>
</body></html>`)
	return b.String(), items
}

func TestBoilerplateColumnIndex(t *testing.T) {
	for _, dates := range []bool{false, true} {
		page, items := columnPage(dates)
		res := mustHTML(t, []byte(page), "")
		for _, item := range items {
			mustContain(t, res.Text, item)
		}
		mustNotContain(t, res.Text, "首页", "当前位置", "版权所有", "下一页", "综合新闻")
		if dates {
			mustContain(t, res.Text, "2024-06-")
		}
	}
}

// A page that is nothing but navigation keeps its words: a search for
// any of them should find the page rather than nothing.
func TestBoilerplateNeverEmpty(t *testing.T) {
	pages := []string{
		`<nav><a href="/">首页</a> <a href="/a">信息公开</a> <a href="/b">通知公告</a></nav>`,
		`<div class="footer">版权所有 © 清源大学</div>`,
		`<div class="crumb">当前位置：首页 &gt; 通知公告</div>`,
		`<ul class="menu"><li><a href="/1">一</a><li><a href="/2">二</a><li><a href="/3">三</a></ul>`,
	}
	for _, p := range pages {
		res := mustHTML(t, []byte(p), "")
		all := mustHTMLKeep(t, []byte(p))
		if res.Text == "" || res.Text != all.Text {
			t.Errorf("%q → %q, want everything (%q)", p, res.Text, all.Text)
		}
	}
}

// sliverPage has a marked article of 140 characters beside an unmarked
// block of links.
func sliverPage(links int) string {
	var b strings.Builder
	b.WriteString(`<html><body><div class="content"><p>` + strings.Repeat("本校决定对上述事项予以公告。", 10) + `</p></div><div>`)
	for i := 0; i < links; i++ {
		b.WriteString(`<a href="/info/` + strings.Repeat("1", i%7+1) + `.htm">关于做好项目申报工作的通知</a>`)
	}
	b.WriteString(`</div></body></html>`)
	return b.String()
}

// When the article marker keeps under a fifth of a long page, the marker
// is more likely wrong than the page mostly chrome: the full text is
// returned. A short page is cleaned whatever the share.
func TestBoilerplateSliverFallsBack(t *testing.T) {
	page := sliverPage(150)
	res := mustHTML(t, []byte(page), "")
	all := mustHTMLKeep(t, []byte(page))
	if res.Text != all.Text {
		t.Errorf("long page: got %d of %d bytes", len(res.Text), len(all.Text))
	}
	res = mustHTML(t, []byte(sliverPage(20)), "")
	if res.Text != strings.Repeat("本校决定对上述事项予以公告。", 10) {
		t.Errorf("short page: %q", res.Text)
	}
}

// Text that holds most of the page is never dropped, whatever the class
// of its container says.
func TestBoilerplateMajorityKept(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><body><div class="nav"><a href="/">首页</a> <a href="/a">通知公告</a> <a href="/b">综合新闻</a></div><div class="left">`)
	for i := 0; i < 60; i++ {
		b.WriteString("<p>第" + strings.Repeat("十", i%5+1) + "条 本段没有标记为正文，但它是这一页的正文，必须保留。</p>")
	}
	b.WriteString(`</div></body></html>`)
	res := mustHTML(t, []byte(b.String()), "")
	if strings.Count(res.Text, "必须保留") != 60 || strings.Contains(res.Text, "首页") {
		t.Errorf("text %q", res.Text)
	}
}

// Inside the article only navigation is dropped: a <header> is the
// article's own, a class "left" is a float, a table cell named "right"
// is data.
func TestBoilerplateInsideArticle(t *testing.T) {
	page := `<body>
<nav><a href="/">首页</a> <a href="/a">通知公告</a> <a href="/b">信息公开</a></nav>
<article>
  <header><h1>关于公布校级教学成果奖的通知</h1><p>发布时间：2023-06-01</p></header>
  <div class="left"><img src="a.jpg"><span>获奖团队合影</span></div>
  <p>经评审委员会评审，现将获奖名单公布如下。</p>
  <table><tr><td class="left">一等奖</td><td class="right">智能制造课程群建设</td></tr></table>
  <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
  <footer>责任编辑：王明</footer>
</article>
<footer>版权所有 © 清源大学</footer>
</body>`
	res := mustHTML(t, []byte(page), "")
	want := "关于公布校级教学成果奖的通知\n发布时间：2023-06-01\n获奖团队合影\n经评审委员会评审，现将获奖名单公布如下。\n一等奖 智能制造课程群建设\n责任编辑：王明"
	if res.Text != want {
		t.Errorf("text\n%s\nwant\n%s", res.Text, want)
	}
}

// The recorded outline replays to exactly the full text, and boilerplate
// removal only removes lines (or cells of a table row).
func TestBoilerplateReplayMatchesFullText(t *testing.T) {
	column, _ := columnPage(true)
	pages := []string{vsbPage("utf-8"), densityPage(), tablePage(), column, benchPage(20 << 10),
		"<pre>a\r\nb\rc\u2028d</pre><p>x<td>y</p>",
		`<table><tr><td class="nav"><a href="/">首页</a> <a href="/a">通知</a></td><td>正文一</td><td class="left">侧栏</td><td>正文二</td></tr></table>`, `<p>信息<span>公开</span> <b>Open</b>
<i>Data</i></p>`}
	for _, p := range pages {
		_, full := htmlText(p, DefaultMaxDepth, false)
		o := walkHTML(p, DefaultMaxDepth, true).outline
		keep := make([]bool, len(o.nodes))
		for i := range keep {
			keep[i] = true
		}
		out, lines := o.render(keep, 0)
		if string(out) != full {
			t.Errorf("replay differs:\n%q\n%q", out, full)
		}
		for i, l := range lines {
			if l.start > l.end || (i > 0 && out[l.start-1] != '\n') {
				t.Fatalf("bad line %d %+v", i, l)
			}
		}
		title, cleaned := htmlText(p, DefaultMaxDepth, true)
		checkCleaned(t, Result{Title: title, Text: cleaned}, Result{Title: title, Text: full})
	}
}

func TestClassifyToken(t *testing.T) {
	cases := map[string]nodeFlags{
		"nav": fChromeSure, "wz_nav": fChromeSure, "leftmenu": fChromeSure, "dqwz": fChromeSure,
		"breadcrumb": fChromeSure, "lmmc": fChromeSure, "share-box": fChromeSure, "pagination": fChromeSure,
		"nav-content": fChromeSure, "fenxiang": fChromeSure,
		"left": fChromeMaybe, "right": fChromeMaybe, "header": fChromeMaybe, "site-footer": fChromeMaybe,
		"lm": fChromeMaybe, "position": fChromeMaybe, "links": fChromeMaybe,
		"main-right": 0, "text-left": 0, "main_left": 0, "navy": 0, "list": 0, "news-head": 0,
		"article-header": 0, "footer-content": 0,
		"content": fContent, "v_news_content": fContent, "wp_articlecontent": fContent, "vsb_content": fContent,
		"news_detail": fContent, "zw": fContent, "trs_editor": fContent, "contentstyle": fContent,
		"main": fContentWeak, "text": fContentWeak, "body": fContentWeak,
		"arti-title": fTitle, "titlestyle": fTitle, "content-title": fContent | fTitle,
	}
	for tok, want := range cases {
		if got := classifyToken(tok); got != want {
			t.Errorf("%q: %b, want %b", tok, got, want)
		}
	}
}

func mustHTMLKeep(t *testing.T, data []byte) Result {
	t.Helper()
	res, err := HTML(data, "", Options{KeepBoilerplate: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ASP.NET sites wrap the whole page in <form id="form1">, and some
// footers list every campus address: the form holds the article and less
// than half of the page's text, and must not be dropped as a form.
func TestBoilerplateFormWrapper(t *testing.T) {
	var footer strings.Builder
	for _, campus := range []string{"学府路校区", "滨湖校区", "江北校区", "医学院校区", "科技园校区", "国际校区"} {
		footer.WriteString("<p>" + campus + "：清源市某区某某大道一段二百号附近，邮政编码三三零一零零，总机号码零七九九八六五五一二三四</p>")
	}
	page := `<html><body><form id="form1" method="post" action="./show.aspx?id=3">
<div class="menu"><a href="/">首页</a> <a href="/a">通知公告</a> <a href="/b">综合新闻</a></div>
<h2>关于2024年暑期校园网升级改造的通知</h2>
` + paragraphs(examBody) + `
</form>
<div>` + footer.String() + `<p>版权所有 © 清源大学</p></div>
</body></html>`
	res := mustHTML(t, []byte(page), "")
	mustKeepLines(t, res.Text, examBody)
	mustContain(t, res.Text, "关于2024年暑期校园网升级改造的通知")
	mustNotContain(t, res.Text, "首页", "版权所有")
}

// Only blocks and table cells are dropped: a link styled as navigation in
// the middle of a sentence is part of the sentence.
func TestBoilerplateInlineChromeKept(t *testing.T) {
	body := `<p>请登录<a class="nav-link" href="http://jwxt.example.edu.cn">教务系统</a>查询成绩，或在<span class="menu-item">菜单</span>中选择“成绩查询”。</p>`
	for _, page := range []string{
		`<div class="v_news_content">` + body + `</div>`,
		`<div class="nav"><a href="/">首页</a></div>` + body,
	} {
		res := mustHTML(t, []byte(page), "")
		mustContain(t, res.Text, "请登录教务系统查询成绩，或在菜单中选择“成绩查询”。")
	}
}
