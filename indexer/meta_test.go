package indexer

import (
	"slices"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/indexer/classify"
	"github.com/xxgk-archive/archive/records"
)

func TestNormalizeDocNumber(t *testing.T) {
	for in, want := range map[string]string{
		"清大校发〔2018〕12号":      "清大校发〔2018〕12号",
		"清大校发[2018]12号":      "清大校发〔2018〕12号",
		"清大校发［2018］12号":      "清大校发〔2018〕12号",
		"清大校发(2018)12号":      "清大校发〔2018〕12号",
		"清大校发（2018）12号":      "清大校发〔2018〕12号",
		"清大校发【2018】12号":      "清大校发〔2018〕12号",
		"清大校发〖2018〗12号":      "清大校发〔2018〕12号",
		"清大财〔２０２２〕５号":        "清大财〔2022〕5号",
		"清大校发 〔 2018 〕 012号": "清大校发〔2018〕12号",
		"清大人[2020]第3号":       "清大人〔2020〕第3号",
		"無":                  "",
		"—":                  "",
	} {
		if got := NormalizeDocNumber(in); got != want {
			t.Errorf("NormalizeDocNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeIndexNumber(t *testing.T) {
	for in, want := range map[string]string{
		"12100000400012345X/2019-00123": "12100000400012345X/2019-00123",
		"12100000400012345x/2019-00123": "12100000400012345X/2019-00123",
		"１２１０００００４０００１２３４５Ｘ／２０１９－００１２３": "12100000400012345X/2019-00123",
		"QY - 2019 - 001": "QY-2019-001",
		"ＱＹ—２０１９—００１":     "QY-2019-001",
		"无":               "",
	} {
		if got := NormalizeIndexNumber(in); got != want {
			t.Errorf("NormalizeIndexNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       extracted
	}{
		{"VSBTemplate", "清源大学本科课程考核管理办法\n发布时间：2019-03-12 来源：教务处 点击数：673\n" +
			"索 引 号： 12100000400012345X/2019-00123 发布机构： 教务处\n文 号： 清大教[2019]7号 发布日期： 2019-03-12\n" +
			"公开类别： 规章制度 公开方式： 主动公开\n第一条 为规范本科课程考核工作……",
			extracted{published: "2019-03-12", department: "教务处", docNumber: "清大教〔2019〕7号",
				indexNumber: "12100000400012345X/2019-00123", columns: []string{"规章制度"}}},
		{"RunTogether", "发布日期：2021年7月1日来源：学校办公室作者：王小明编辑：李四\n正文",
			extracted{published: "2021-07-01", department: "学校办公室", author: "王小明"}},
		{"NewsSourceIsNotADepartment", "来源：新华社 发布时间：2020-01-02\n正文",
			extracted{published: "2020-01-02"}},
		{"SecondSourceLabel", "来源：本站 发布单位：人事处\n正文",
			extracted{department: "人事处"}},
		{"BareDocNumberUnderTitle", "关于印发《清源大学差旅费管理办法》的通知\n清大财（２０２２）５号\n各学院：\n……\n财务处\n2022年3月1日",
			extracted{published: "2022-03-01", docNumber: "清大财〔2022〕5号"}},
		{"QuotedDocNumberInBodyIgnored", "关于转发教育部通知的通知\n各学院：\n现将《教育部关于做好2019年招生工作的通知》（教学〔2019〕2号）转发给你们。",
			extracted{}},
		{"FullWidthSpacedLabels", "文　　号：清大校发【2018】12号　索　引　号：ＱＹ－2018－012",
			extracted{docNumber: "清大校发〔2018〕12号", indexNumber: "QY-2018-012"}},
		{"NoNumber", "文号：无\n", extracted{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sniff(tc.text)
			if got.published != tc.want.published || got.department != tc.want.department ||
				got.author != tc.want.author || got.docNumber != tc.want.docNumber ||
				got.indexNumber != tc.want.indexNumber || !slices.Equal(got.columns, tc.want.columns) {
				t.Errorf("sniff =\n %+v\nwant\n %+v", got, tc.want)
			}
		})
	}
}

func TestBreadcrumb(t *testing.T) {
	for _, tc := range []struct {
		name, page string
		want       []string
	}{
		{"VSB", `<div class="position">当前位置：<a href="/">信息公开</a> &gt;&gt; <a href="/xxgk/1013.htm">基层动态</a> &gt;&gt; 正文</div>`,
			[]string{"基层动态", "信息公开"}},
		{"ClassOnly", `<ol class="breadcrumb"><li><a href="/">首页</a></li><li><a href="/tzgg">通知公告</a></li><li>正文</li></ol>`,
			[]string{"通知公告"}},
		{"Guillemets", `<td>您现在的位置： <a>首页</a> » <a>教务处</a> » <a>招生信息</a></td>`,
			[]string{"招生信息", "教务处"}},
		{"None", `<div class="content"><p>正文</p></div>`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := breadcrumb(tc.page); !slices.Equal(got, tc.want) {
				t.Errorf("breadcrumb = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPrecedence is the table of who decides a field, highest first:
// manifest, run option, page declaration, inherited from the page of an
// attachment, rules; nothing leaves the category empty (未分类).
func TestPrecedence(t *testing.T) {
	rules, err := classify.Parse("test.txt", strings.NewReader("dept jwc 教务处\ntitle 办法 规章制度\ncolumn 招生 招生考试\n"))
	if err != nil {
		t.Fatal(err)
	}
	page := extracted{department: "学生处", columns: []string{"招生信息"}}
	url := "https://jwc.qyu.edu.cn/info/1.htm"
	for _, tc := range []struct {
		name      string
		manifest  records.Document
		opt       IngestOptions
		page      extracted
		inherit   map[string]string
		title     string
		cat, dept string
	}{
		{"ManifestWinsOverAll", records.Document{Category: "人事师资", Department: "人事处"},
			IngestOptions{Category: "财务信息", Department: "财务处"}, page, map[string]string{"category": "x", "department": "y"},
			"管理办法", "人事师资", "人事处"},
		{"OptionWinsOverPageAndRules", records.Document{}, IngestOptions{Category: "财务信息", Department: "财务处"}, page, nil,
			"管理办法", "财务信息", "财务处"},
		{"PageDepartmentWinsOverRules", records.Document{}, IngestOptions{}, page, nil, "管理办法", "招生考试", "学生处"},
		{"InheritedWinsOverRules", records.Document{}, IngestOptions{}, extracted{}, map[string]string{"category": "通知公告", "department": "学校办公室"},
			"管理办法", "通知公告", "学校办公室"},
		{"RulesColumnBeforeTitle", records.Document{}, IngestOptions{}, extracted{columns: []string{"招生信息"}}, nil,
			"管理办法", "招生考试", "教务处"},
		{"RulesTitle", records.Document{}, IngestOptions{}, extracted{}, nil, "管理办法", "规章制度", "教务处"},
		{"Unclassified", records.Document{}, IngestOptions{}, extracted{}, nil, "图书馆开放时间", "", "教务处"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.manifest
			d.Title = tc.title
			opt := tc.opt
			opt.Rules = rules
			it := item{source: url}
			if tc.inherit != nil {
				it.fetched = &Fetched{URL: url, Inherit: tc.inherit}
			}
			fillMetadata(&d, it, tc.page, opt)
			if d.Category != tc.cat || d.Department != tc.dept {
				t.Errorf("got %q, %q; want %q, %q", d.Category, d.Department, tc.cat, tc.dept)
			}
		})
	}
}

func FuzzSniff(f *testing.F) {
	f.Add("发布时间：2019-03-12 来源：教务处作者：张三\n文 号：清大教〔２０１９〕7号索引号：QY-1\n公开类别：规章制度")
	f.Add("清大校发【2018】12号\n各学院：")
	f.Add(`<div class="position">当前位置：<a>首页</a> &gt;&gt; <a>通知公告</a></div>`)
	f.Fuzz(func(t *testing.T, s string) {
		e := sniff(s)
		if e.published != "" {
			if _, err := NormalizeDate(e.published); err != nil {
				t.Errorf("published %q is not a date", e.published)
			}
		}
		if e.docNumber != "" && NormalizeDocNumber(e.docNumber) != e.docNumber {
			t.Errorf("doc number %q is not normalised", e.docNumber)
		}
		breadcrumb(s)
	})
}
