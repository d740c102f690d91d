package extract

import (
	"strings"
	"testing"
)

// mkLine lays out text at (x, y) in a 10-unit font: wide characters are
// 10 wide, others 5; words are separated by the spaces in text.
func mkLine(text string, x, y float64) textLine {
	l := textLine{x0: x, y0: y, y1: y + 10}
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			x += 2.5
		}
		start := x
		for _, r := range w {
			if isWide(r) {
				x += 10
			} else {
				x += 5
			}
		}
		l.words = append(l.words, word{text: w, x0: start, x1: x})
	}
	l.x1 = x
	return l
}

func TestLayoutParagraphs(t *testing.T) {
	page1 := layoutPage{lines: []textLine{
		mkLine("通知", 45, 0),   // centred title
		mkLine("各学院：", 0, 20), // short line
		mkLine("根据文件精神现将有关事项通知如下请各学院", 20, 40),  // indented, full (x1 = 200)
		mkLine("高度重视认真组织确保评审结果公平公正工作顺利", 0, 60), // full
		mkLine("完成。", 0, 80), // short: the paragraph ends
		mkLine("一、评审条件", 0, 100),
		mkLine("The committee reviews every one of", 0, 120),
		mkLine("applications carefully.", 0, 140), // "applications" would not have fitted
		mkLine("二、表格", 0, 160),
		mkLine("姓名", 0, 180),
		// Same line, far apart: table columns keep a space.
		{words: []word{{"张三", 0, 20}, {"计算机学院", 100, 150}}, x0: 0, x1: 150, y0: 200, y1: 210},
		mkLine("最后一段文字从这一页开始一直写到页面的最右边为止", 20, 240),
	}}
	page2 := layoutPage{lines: []textLine{
		mkLine("并在下一页继续。", 0, 0), // continues across the page break
		mkLine("大字标题", 0, 20),
	}}
	// A bigger font: a heading of its own.
	page2.lines[1].y1 = 45
	got := layoutText([]layoutPage{page1, page2})
	want := strings.Join([]string{
		"通知",
		"各学院：",
		"根据文件精神现将有关事项通知如下请各学院高度重视认真组织确保评审结果公平公正工作顺利完成。",
		"一、评审条件",
		"The committee reviews every one of applications carefully.",
		"二、表格",
		"姓名",
		"张三 计算机学院",
		"最后一段文字从这一页开始一直写到页面的最右边为止并在下一页继续。",
		"大字标题",
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestJoinWords(t *testing.T) {
	cases := []struct {
		words []word
		want  string
	}{
		// A font change before the digits is not a typed space.
		{[]word{{"关于", 0, 20}, {"2019", 22, 42}, {"年", 44, 54}}, "关于2019年"},
		// Letter-spaced title.
		{[]word{{"通", 0, 10}, {"知", 25, 35}}, "通知"},
		{[]word{{"Hello", 0, 25}, {"world", 28, 53}}, "Hello world"},
		// Letters placed one by one, touching.
		{[]word{{"A", 0, 5}, {"B", 5, 10}, {"C", 10.5, 15}}, "ABC"},
		{[]word{{"", 0, 0}, {"  x ", 1, 2}}, "x"},
	}
	for _, c := range cases {
		l := textLine{words: c.words, y0: 0, y1: 10}
		if got := joinWords(&l); got != c.want {
			t.Errorf("joinWords = %q, want %q", got, c.want)
		}
	}
}

func TestIsPageNumber(t *testing.T) {
	yes := []string{"- 3 -", "—12—", "－３－", "第 3 页", "第3页 共10页", "第 3 页/共 10 页", "共10页 第3页", "3/10", "3 / 10", "Page 3", "page 3 of 10", "3 of 10", "7"}
	no := []string{"2019年9月20日", "第三条", "3.5", "一、评审条件", "电话：010-12345678", "12345", "第 3 页内容", ""}
	for _, s := range yes {
		if !isPageNumber(s, 5) {
			t.Errorf("%q should be a page number", s)
		}
	}
	for _, s := range no {
		if isPageNumber(s, 5) {
			t.Errorf("%q is not a page number", s)
		}
	}
	if isPageNumber("7", 1) {
		t.Error("a bare number in a one-page document is text")
	}
}

func TestRunningKey(t *testing.T) {
	if a, b := runningKey("清源大学 2019年 第 3 期"), runningKey("清源大学2020年第12期"); a != b || a != "清源大学#年第#期" {
		t.Errorf("%q %q", a, b)
	}
}

func pageOf(texts ...string) layoutPage {
	var p layoutPage
	for i, s := range texts {
		p.lines = append(p.lines, mkLine(s, 0, float64(20*i)))
	}
	return p
}

func TestDropRunningLines(t *testing.T) {
	var pages []layoutPage
	for i := 1; i <= 4; i++ {
		n := string(rune('0' + i))
		pages = append(pages, pageOf("清源大学学报 2019年第"+n+"期", "正文第"+n+"页第一行", "正文中间的相同行", "正文中间的相同行", "正文最后一行"+n, "第 "+n+" 页 共 4 页"))
	}
	// A line at the top of one page only stays.
	pages[2].lines[1] = mkLine("只在一页出现的行", 0, 20)
	for p := range pages {
		for i := range pages[p].lines {
			pages[p].lines[i].text = joinWords(&pages[p].lines[i])
		}
	}
	dropRunningLines(pages)
	for p, page := range pages {
		var kept []string
		for _, l := range page.lines {
			if l.text != "" {
				kept = append(kept, l.text)
			}
		}
		got := strings.Join(kept, "|")
		if strings.Contains(got, "学报") || strings.Contains(got, "页 共") || !strings.Contains(got, "正文中间的相同行|正文中间的相同行") {
			t.Errorf("page %d: %s", p+1, got)
		}
	}

	// Two pages: only the very same line on both is a header.
	two := []layoutPage{pageOf("某某大学文件", "第一页正文", "1"), pageOf("某某大学文件", "第二页正文", "2")}
	for p := range two {
		for i := range two[p].lines {
			two[p].lines[i].text = joinWords(&two[p].lines[i])
		}
	}
	dropRunningLines(two)
	if two[0].lines[0].text != "" || two[1].lines[2].text != "" || two[0].lines[1].text != "第一页正文" {
		t.Errorf("%+v", two)
	}
}
