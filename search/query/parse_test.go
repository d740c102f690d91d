package query

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Short constructors keep the table readable.
func and(n ...Node) Node          { return And{Nodes: n} }
func or(n ...Node) Node           { return Or{Nodes: n} }
func not(n Node) Node             { return Not{Node: n} }
func txt(s string) Node           { return Text{Value: s} }
func phr(s string) Node           { return Phrase{Value: s} }
func fld(name, v string) Node     { return Field{Name: name, Value: v} }
func years(a, b int) Node         { return YearRange{From: a, To: b} }
func dates(a, b string) Node      { return DateRange{From: a, To: b} }
func nest(s string, n int) string { return strings.Repeat("(", n) + s + strings.Repeat(")", n) }

var parseTests = []struct {
	in   string
	want Node
}{
	// Empty and ignored input.
	{"", nil},
	{"   ", nil},
	{"\u3000\t\n", nil},
	{`""`, nil},
	{`“”`, nil},
	{`" "`, nil},
	{"-", nil},
	{"- －", nil},
	{"()", nil},
	{"（ ）", nil},
	{`-""`, nil},
	{`NOT ""`, nil},

	// Bare text: one run, implicit AND, passed through unchanged.
	{"国家奖学金的评审条件是什么", txt("国家奖学金的评审条件是什么")},
	{"  信息公开  ", txt("信息公开")},
	{"信息公开 年度报告", and(txt("信息公开"), txt("年度报告"))},
	{"信息公开\u3000年度报告", and(txt("信息公开"), txt("年度报告"))},
	{"GB18030编码", txt("GB18030编码")},
	{"2019年度 报告", and(txt("2019年度"), txt("报告"))},
	{"資訊公開 年度報告", and(txt("資訊公開"), txt("年度報告"))},
	{"學生資助 獎學金", and(txt("學生資助"), txt("獎學金"))},
	{"\uF900学", txt("\uF900学")}, // a compatibility ideograph stays as typed
	{"ＡＢＣ１２３", txt("ＡＢＣ１２３")},
	{"a or b", and(txt("a"), txt("or"), txt("b"))},
	{"招生 -", txt("招生")},
	{`招生 ""`, txt("招生")},
	{"招生 ()", txt("招生")},
	{"C:\\Windows", txt("C:\\Windows")},
	{"2015-2019 招生", and(txt("2015-2019"), txt("招生"))},
	{"e-mail", txt("e-mail")},

	// Colons that do not follow a known field name are text.
	{"http://example.edu.cn", txt("http://example.edu.cn")},
	{"招生 https://zsb.example.edu.cn/a?b=1", and(txt("招生"), txt("https://zsb.example.edu.cn/a?b=1"))},
	{"比例1:3", txt("比例1:3")},
	{"时间：2019", txt("时间：2019")},
	{"OR:1", txt("OR:1")},

	// Parentheses inside a word that close inside it are part of it.
	{"关于印发《学生管理办法（试行）》的通知", txt("关于印发《学生管理办法（试行）》的通知")},
	{"a(b)c", txt("a(b)c")},
	{"a(b(c))", txt("a(b(c))")},
	{"奖学金(本科 OR 研究生)", and(txt("奖学金"), or(txt("本科"), txt("研究生")))},

	// Phrases.
	{`"招生章程"`, phr("招生章程")},
	{`“招生章程”`, phr("招生章程")},
	{`「招生章程」`, phr("招生章程")},
	{`『招生章程』`, phr("招生章程")},
	{`＂招生章程＂`, phr("招生章程")},
	{`" 招生 章程 "`, phr("招生 章程")},
	{`"招生章程" -艺术类`, and(phr("招生章程"), not(txt("艺术类")))},
	{`招生 -"艺术 类"`, and(txt("招生"), not(phr("艺术 类")))},
	{`招生 －“艺术类”`, and(txt("招生"), not(phr("艺术类")))},
	{`“双一流”建设`, and(phr("双一流"), txt("建设"))},
	{`关于"双一流"建设`, and(txt("关于"), phr("双一流"), txt("建设"))},
	{`"a \"b\" \\ c"`, phr(`a "b" \ c`)},
	{`"C:\Windows"`, phr(`C:\Windows`)},
	{`“他说\”好\””`, phr(`他说”好”`)},
	// Double quotation marks of any kind close each other: input methods
	// mix them (regression: two CMRC questions were errors).
	{`“引用"内容"”`, and(phr(`引用`), txt(`内容`))},
	{`“吾无汗马劳。"这句话是什么意思？`, and(phr(`吾无汗马劳。`), txt(`这句话是什么意思？`))},
	{`刺角瓜为什么又叫”角瓜“？`, and(txt(`刺角瓜为什么又叫`), phr(`角瓜`), txt(`？`))},
	{`“章程"`, phr(`章程`)},
	{`"a OR b (c) | -d"`, phr("a OR b (c) | -d")},
	{`"OR"`, phr("OR")},
	{"\"第一行\n第二行\"", phr("第一行\n第二行")},

	// OR, AND, NOT and precedence.
	{"奖学金 OR 助学金", or(txt("奖学金"), txt("助学金"))},
	{"奖学金 | 助学金", or(txt("奖学金"), txt("助学金"))},
	{"奖学金|助学金", or(txt("奖学金"), txt("助学金"))},
	{"奖学金｜助学金", or(txt("奖学金"), txt("助学金"))},
	{"奖学金 || 助学金", or(txt("奖学金"), txt("助学金"))},
	{"奖学金 ＯＲ 助学金", or(txt("奖学金"), txt("助学金"))},
	{"a OR b OR c", or(txt("a"), txt("b"), txt("c"))},
	{"(a OR b) OR c", or(txt("a"), txt("b"), txt("c"))},
	{"a OR (b OR c)", or(txt("a"), txt("b"), txt("c"))},
	{"a b OR c", or(and(txt("a"), txt("b")), txt("c"))},
	{"a OR b c", or(txt("a"), and(txt("b"), txt("c")))},
	{"a b OR c d", or(and(txt("a"), txt("b")), and(txt("c"), txt("d")))},
	{"(奖学金 OR 助学金) 评审", and(or(txt("奖学金"), txt("助学金")), txt("评审"))},
	{"（奖学金 OR 助学金）评审", and(or(txt("奖学金"), txt("助学金")), txt("评审"))},
	{"（奖学金|助学金)评审", and(or(txt("奖学金"), txt("助学金")), txt("评审"))},
	{"a (b c)", and(txt("a"), txt("b"), txt("c"))},
	{"((a))", txt("a")},
	{"(a)(b)", and(txt("a"), txt("b"))},
	{"a AND b", and(txt("a"), txt("b"))},
	{"a AND b OR c", or(and(txt("a"), txt("b")), txt("c"))},
	{"a ＡＮＤ b", and(txt("a"), txt("b"))},
	{"招生 NOT 艺术", and(txt("招生"), not(txt("艺术")))},
	{"招生 -艺术", and(txt("招生"), not(txt("艺术")))},
	{"招生 NOT -艺术", and(txt("招生"), txt("艺术"))},
	{"--艺术 招生", and(txt("艺术"), txt("招生"))},
	{"招生 -(-艺术)", and(txt("招生"), txt("艺术"))},
	{"-(a OR b) c", and(not(or(txt("a"), txt("b"))), txt("c"))},
	{"c -(a b)", and(txt("c"), not(and(txt("a"), txt("b"))))},
	{"(-a -b) c", and(not(txt("a")), not(txt("b")), txt("c"))},
	{"a (-b OR c)", and(txt("a"), or(not(txt("b")), txt("c")))},
	{"-(-(a OR b))", or(txt("a"), txt("b"))},
	{`"" OR a`, txt("a")},
	{`a OR ()`, txt("a")},
	{nest("a", MaxDepth), txt("a")},

	// Field filters.
	{"类别:通知公告", fld("category", "通知公告")},
	{"分类：通知公告", fld("category", "通知公告")},
	{"category:通知公告", fld("category", "通知公告")},
	{"Category：通知公告", fld("category", "通知公告")},
	{"ｃａｔｅｇｏｒｙ：通知公告", fld("category", "通知公告")},
	{"部门:教务处", fld("department", "教务处")},
	{"department:教务处", fld("department", "教务处")},
	{"dept:教务处", fld("department", "教务处")},
	{"发布机构:教务处", fld("department", "教务处")},
	{`部门:"国际交流处"`, fld("department", "国际交流处")},
	{`部门：“国际 交流处”`, fld("department", "国际 交流处")},
	{`部门:" 国际交流处 "`, fld("department", "国际交流处")},
	{`部门:「国际交流处」招生`, and(fld("department", "国际交流处"), txt("招生"))},
	{"部门:教务处(本科)", fld("department", "教务处(本科)")},
	{"(部门:教务处 OR 部门:学生处) 奖学金", and(or(fld("department", "教务处"), fld("department", "学生处")), txt("奖学金"))},
	{"文号:〔2018〕12号", fld("doc_number", "〔2018〕12号")},
	{"doc_number:〔2018〕12号", fld("doc_number", "〔2018〕12号")},
	{"文号:浙教办（2018）12号", fld("doc_number", "浙教办（2018）12号")},
	{"发文字号:校发[2019]3号", fld("doc_number", "校发[2019]3号")},
	{"索引号:000014348/2019-00123", fld("index_number", "000014348/2019-00123")},
	{"index_number:000014348/2019-00123", fld("index_number", "000014348/2019-00123")},
	{"标题:招生章程", fld("title", "招生章程")},
	{`title:"2019 年 招生章程"`, fld("title", "2019 年 招生章程")},
	{"标题:a:b", fld("title", "a:b")},
	{"title:OR", fld("title", "OR")},
	{"title:-a", fld("title", "-a")},
	{"标题:２０１９年", fld("title", "２０１９年")},
	{"部门:教务处 -艺术", and(fld("department", "教务处"), not(txt("艺术")))},
	{"奖学金 -部门:教务处", and(txt("奖学金"), not(fld("department", "教务处")))},

	// Years.
	{"年份:2019", years(2019, 2019)},
	{"year:2019", years(2019, 2019)},
	{"YEAR:2019", years(2019, 2019)},
	{"年度:2019年", years(2019, 2019)},
	{"年份:２０１９", years(2019, 2019)},
	{"ｙｅａｒ：２０１５－２０１９", years(2015, 2019)},
	{"year:2015..2019", years(2015, 2019)},
	{"年份:2015-2019", years(2015, 2019)},
	{"年份:2015年-2019年", years(2015, 2019)},
	{"年份:2015~2019", years(2015, 2019)},
	{"年份:2015至2019", years(2015, 2019)},
	{"年份:2019..2019", years(2019, 2019)},
	{`年份:"2015 .. 2019"`, years(2015, 2019)},

	// Dates.
	{"日期:2019-01-01..2019-06-30", dates("2019-01-01", "2019-06-30")},
	{"date:2019-01-01..2019-06-30", dates("2019-01-01", "2019-06-30")},
	{"发布日期:2019-01-01..2019-06-30", dates("2019-01-01", "2019-06-30")},
	{"date:2019-01-01", dates("2019-01-01", "2019-01-01")},
	{"date:2019-1-1", dates("2019-01-01", "2019-01-01")},
	{"date:2019/01/01", dates("2019-01-01", "2019-01-01")},
	{"date:2019.1.1", dates("2019-01-01", "2019-01-01")},
	{"日期:2019年1月1日", dates("2019-01-01", "2019-01-01")},
	{"日期:2019年12月31号", dates("2019-12-31", "2019-12-31")},
	{"date:2019-03", dates("2019-03-01", "2019-03-31")},
	{"date:2019-3", dates("2019-03-01", "2019-03-31")},
	{"日期:2019年2月", dates("2019-02-01", "2019-02-28")},
	{"日期:2020年2月", dates("2020-02-01", "2020-02-29")},
	{"date:2020-02-29", dates("2020-02-29", "2020-02-29")},
	{"date:2019", dates("2019-01-01", "2019-12-31")},
	{"日期:2019年", dates("2019-01-01", "2019-12-31")},
	{"date:2019-01-01..", dates("2019-01-01", "")},
	{"date:..2019-06-30", dates("", "2019-06-30")},
	{"date:2019..2020-06", dates("2019-01-01", "2020-06-30")},
	{"date:2019.1.1..2019.1.5", dates("2019-01-01", "2019-01-05")},
	{"日期:２０１９－０１－０１", dates("2019-01-01", "2019-01-01")},
	{"日期：２０１９年１月．．２０１９年６月", dates("2019-01-01", "2019-06-30")},
	{"日期:2019年1月至2019年6月", dates("2019-01-01", "2019-06-30")},
	{"date:2019-01~2019-03", dates("2019-01-01", "2019-03-31")},
	{`date:"2019-01-01 .. 2019-06-30"`, dates("2019-01-01", "2019-06-30")},

	// Everything together.
	{`招生章程 类别:通知公告 部门:"本科生院" year:2015..2019 -艺术 (奖学金 OR 助学金)`, and(
		txt("招生章程"), fld("category", "通知公告"), fld("department", "本科生院"),
		years(2015, 2019), not(txt("艺术")), or(txt("奖学金"), txt("助学金")))},
	{"日期:2019-01..2019-06 标题:“年度报告” OR 文号:〔2019〕1号", or(
		and(dates("2019-01-01", "2019-06-30"), fld("title", "年度报告")),
		fld("doc_number", "〔2019〕1号"))},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q)\n got  %#v\n want %#v", tt.in, got, tt.want)
			continue
		}
		if got == nil {
			continue
		}
		// Round trip through the canonical form.
		s := got.String()
		again, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q).String() = %q does not parse: %v", tt.in, s, err)
			continue
		}
		if !reflect.DeepEqual(again, got) {
			t.Errorf("Parse(%q).String() = %q parses to %#v, want %#v", tt.in, s, again, got)
		}
	}
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"信息公开  年度报告", "信息公开 年度报告"},
		{"(a|b) c", "(a OR b) c"},
		{"a b | c", "a b OR c"},
		{"a AND b", "a b"},
		{"NOT a b", "-a b"},
		{"b -(a OR c)", "b -(a OR c)"},
		{"b -(a c)", "b -(a c)"},
		{"“招生章程”", `"招生章程"`},
		{`「他说"好"」`, `"他说\"好\""`},
		{`"a\\b"`, `"a\\b"`},
		{"部门：“国际 交流处”", `department:"国际 交流处"`},
		{"部门:教务处(本科)", `department:"教务处(本科)"`},
		{"文号:〔2018〕12号", "doc_number:〔2018〕12号"},
		{"索引号:000014348/2019-00123", "index_number:000014348/2019-00123"},
		{"年份:2015-2019", "year:2015..2019"},
		{"年份:２０１９", "year:2019"},
		{"日期:2019-03", "date:2019-03-01..2019-03-31"},
		{"date:2019-1-1", "date:2019-01-01"},
		{"date:..2019年6月", "date:..2019-06-30"},
		{"date:2019年6月..", "date:2019-06-01.."},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func terms(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = "词"
	}
	return strings.Join(parts, " ")
}

func TestLimits(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("字", MaxRunes),
		nest("a", MaxDepth),
		terms(MaxTerms),
	} {
		if _, err := Parse(in); err != nil {
			t.Errorf("Parse(%.40q…): %v", in, err)
		}
	}
}

var errorTests = []struct {
	in  string
	msg string // a substring of Msg
	pos int
}{
	// Parentheses.
	{"(奖学金 OR 助学金", "括号不匹配：第 1 个字符处的“(”没有对应的“)”", 0},
	{"评审 (奖学金 OR 助学金", "括号不匹配：第 4 个字符处的“(”没有对应的“)”", 3},
	{"（奖学金", "“（”没有对应的“）”", 0},
	{"奖学金)", "括号不匹配：第 4 个字符处的“)”没有对应的“(”", 3},
	{"奖学金）", "“）”没有对应的“（”", 3},
	{"a (b (c)", "第 3 个字符处的“(”没有对应的“)”", 2},
	{"(a))", "第 4 个字符处的“)”没有对应的“(”", 3},
	{"比例(1:3", "第 3 个字符处的“(”没有对应的“)”", 2},
	{"a(b(c)", "第 2 个字符处的“(”没有对应的“)”", 1},

	// Quotes.
	{`"招生章程`, "引号不匹配：第 1 个字符处的开引号", 0},
	{`招生 “章程`, "第 4 个字符处的开引号 “ 没有对应的结束引号 ”", 3},
	{`「章程`, "没有对应的结束引号 」", 0},
	{`"a\"`, "引号不匹配", 0},

	// Field values.
	{"部门:", "筛选条件“部门:”缺少值", 0},
	{"招生 部门：", "筛选条件“部门：”缺少值：第 4 个字符处", 3},
	{"部门: 教务处", "冒号后面不能有空格", 0},
	{"部门:(教务处 OR 学生处)", "冒号后面不能直接接括号", 0},
	{`部门:""`, "引号中没有内容", 0},
	{`title:" "`, "缺少值", 0},
	{"year:", "缺少值", 0},
	{"year:20x9", "年份格式不正确：第 6 个字符处的“20x9”", 5},
	{"年份:19", "年份格式不正确", 3},
	{"年份:0999", "年份格式不正确", 3},
	{"年份:2019-03", "年份格式不正确", 3},
	{"year:2015..", "年份格式不正确", 5},
	{"年份:2019..2015", "起始年份 2019 晚于结束年份 2015", 3},
	{`year:"2019..2015"`, "晚于", 6},
	{"日期:2019-13-01", "月份 13 不存在", 3},
	{"date:2019-02-29", "2 月没有 29 日", 5},
	{"date:2019-04-31", "4 月没有 31 日", 5},
	{"date:2019-00", "月份 00 不存在", 5},
	{"date:2019-1/1", "日期格式不正确", 5},
	{"date:abc", "日期格式不正确：第 6 个字符处的“abc”无法识别", 5},
	{"date:19-01-01", "日期格式不正确", 5},
	{"date:0999-01-01", "不是有效年份", 5},
	{"date:..", "两端都没有日期", 5},
	{"日期:2019-06-30..2019-01-01", "起始日期 2019-06-30 晚于结束日期 2019-01-01", 3},
	{"date:2019-02..2019-01-31", "晚于", 5},

	// Operators with a side missing.
	{"OR 奖学金", "第 1 个字符处的“OR”左边缺少检索词", 0},
	{"奖学金 OR", "第 5 个字符处的“OR”右边缺少检索词", 4},
	{"奖学金 |", "“|”右边缺少检索词", 4},
	{"| 奖学金", "“|”左边缺少检索词", 0},
	{"a OR OR b", "第 3 个字符处的“OR”右边缺少检索词", 2},
	{"a | | b", "“|”右边缺少检索词", 2},
	{"(OR a)", "“OR”左边缺少检索词", 1},
	{"(a OR) b", "“OR”右边缺少检索词", 3},
	{"a OR -", "右边缺少检索词", 2},
	{"AND a", "“AND”左边缺少检索词", 0},
	{"a AND", "“AND”右边缺少检索词", 2},
	{"a AND OR b", "“AND”右边缺少检索词", 2},
	{"NOT", "“NOT”后面缺少检索词", 0},
	{"a NOT", "第 3 个字符处的“NOT”后面缺少检索词", 2},
	{"a NOT OR b", "“NOT”后面缺少检索词", 2},
	{"a -OR b", "“-”后面缺少检索词", 2},
	{"a (NOT)", "“NOT”后面缺少检索词", 3},

	// Only negations.
	{"-艺术", "至少需要一个不带减号的检索词或筛选条件", 0},
	{"NOT 艺术", "至少需要一个不带减号的检索词或筛选条件", 0},
	{"-艺术 -体育", "至少需要一个不带减号的检索词或筛选条件", 0},
	{"(-艺术 -体育)", "至少需要一个不带减号的检索词或筛选条件", 0},
	{"-部门:教务处", "至少需要一个不带减号的检索词或筛选条件", 0},
	{`- -"艺术"`, "至少需要一个不带减号的检索词或筛选条件", 2},
	{"-艺术 OR 招生", "OR 的每一边都至少需要一个不带减号的检索词或筛选条件：第 1 个字符开始的“-艺术”", 0},
	{"招生 OR -艺术", "第 7 个字符开始的“-艺术”只有排除条件", 6},
	{"招生 OR (-艺术 -体育)", "第 7 个字符开始的“-艺术 -体育”只有排除条件", 6},
	{"a OR (b OR -c)", "第 12 个字符开始的“-c”", 11},
	{"-(-(a OR -c))", "第 10 个字符开始的“-c”", 9},

	// Limits.
	{strings.Repeat("字", MaxRunes+1), "检索式过长：最多 1000 个字符，当前有 1001 个字符", MaxRunes},
	{strings.Repeat("字 ", MaxRunes/2) + "字", "检索式过长", MaxRunes},
	{nest("a", MaxDepth+1), "括号嵌套过深：第 21 个字符处的“(”超过了最多 20 层的限制", MaxDepth},
	{terms(MaxTerms + 1), "检索词过多：最多 64 个检索词或筛选条件，第 129 个字符处是第 65 个", 2 * MaxTerms},
	{`"` + strings.Repeat(`\x`, 333) + `"`, "整理为标准写法后超过 1000 个字符", 0},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range errorTests {
		n, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%.60q) = %v, want an error containing %q", tt.in, n, tt.msg)
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("Parse(%.60q): error %T is not *Error", tt.in, err)
			continue
		}
		if !strings.Contains(e.Msg, tt.msg) {
			t.Errorf("Parse(%.60q): Msg = %q, want it to contain %q", tt.in, e.Msg, tt.msg)
		}
		if e.Pos != tt.pos {
			t.Errorf("Parse(%.60q): Pos = %d, want %d (Msg %q)", tt.in, e.Pos, tt.pos, e.Msg)
		}
		if n != nil {
			t.Errorf("Parse(%.60q) returned a node with an error", tt.in)
		}
		if !strings.HasPrefix(e.Error(), "query: ") || !strings.Contains(e.Error(), e.Msg) {
			t.Errorf("Error() = %q", e.Error())
		}
	}
}

func TestWalk(t *testing.T) {
	n, err := Parse(`招生 (奖学金 OR 助学金) -"艺术类" 部门:教务处 year:2019`)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	Walk(n, func(n Node) bool {
		kinds = append(kinds, reflect.TypeOf(n).Name())
		return true
	})
	want := []string{"And", "Text", "Or", "Text", "Text", "Not", "Phrase", "Field", "YearRange"}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("Walk visited %v, want %v", kinds, want)
	}

	// Returning false skips the operands.
	kinds = nil
	Walk(n, func(n Node) bool {
		kinds = append(kinds, reflect.TypeOf(n).Name())
		_, isOr := n.(Or)
		return !isOr
	})
	want = []string{"And", "Text", "Or", "Not", "Phrase", "Field", "YearRange"}
	if !reflect.DeepEqual(kinds, want) {
		t.Errorf("Walk with pruning visited %v, want %v", kinds, want)
	}

	// Pointers are walked too, and nil is not visited.
	count := 0
	Walk(&And{Nodes: []Node{&Not{Node: Text{"a"}}, &Or{Nodes: []Node{Text{"b"}}}}}, func(Node) bool { count++; return true })
	Walk(nil, func(Node) bool { count++; return true })
	if count != 5 {
		t.Errorf("Walk over pointers visited %d nodes, want 5", count)
	}
}
