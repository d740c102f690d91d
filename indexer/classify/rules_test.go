package classify

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/indexer/sample"
)

func TestDefaultRulesParse(t *testing.T) {
	r := Default()
	if r.Len() < 50 {
		t.Fatalf("default rules: %d rules, want a realistic list", r.Len())
	}
	for _, rule := range r.List() {
		if rule.Value == "" || len(rule.Patterns) == 0 || !strings.HasPrefix(rule.Origin, "rules.txt:") {
			t.Errorf("rule %+v", rule)
		}
	}
}

func TestClassify(t *testing.T) {
	r := Default()
	for _, tc := range []struct {
		name                 string
		in                   Input
		category, department string
	}{
		{"HostLabel", Input{Source: "https://jwc.qyu.edu.cn/info/1011/1003.htm", Title: "关于2019年寒假放假的安排"}, "", "教务处"},
		{"HostLabelUpperCase", Input{Source: "HTTP://CWC.QYU.EDU.CN/a.htm"}, "", "财务处"},
		{"FolderOfSharedDrive", Input{Source: "/srv/share/zsb/2021/章程.pdf"}, "", "招生就业处"},
		{"FolderOfURL", Input{Source: "https://www.qyu.edu.cn/rsc/tzgg/1.htm"}, "通知公告", "人事处"},
		{"FileNameIsNotAFolder", Input{Source: "/srv/share/jwc.txt"}, "", ""},
		{"WholeLabelsOnly", Input{Source: "https://xbxy.qyu.edu.cn/a.htm"}, "", ""},
		// The disclosure portal carries every department's notices: its
		// host name says nothing about the department.
		{"PortalHost", Input{Source: "https://xxgk.qyu.edu.cn/info/1011/1003.htm"}, "", ""},
		{"HostBeforeFolder", Input{Source: "https://jwc.qyu.edu.cn/xsc/a.htm"}, "", "教务处"},
		{"SectionFolder", Input{Source: "https://jwc.qyu.edu.cn/gzzd/a.htm", Title: "关于开展期中教学检查的通知"}, "规章制度", "教务处"},
		{"ColumnBeatsSection", Input{Source: "https://jwc.qyu.edu.cn/gzzd/a.htm", Columns: []string{"招生信息"}}, "招生考试", "教务处"},
		{"SectionBeatsTitle", Input{Source: "https://a.edu.cn/tzgg/1.htm", Title: "清源大学差旅费管理办法"}, "通知公告", ""},
		{"DeepestColumnFirst", Input{Columns: []string{"基层动态", "信息公开"}}, "基层动态", ""},
		{"SpecificColumnBeforeGeneric", Input{Columns: []string{"招生通知"}}, "招生考试", ""},
		{"TitleSpecificBeforeGeneral", Input{Title: "清源大学2021年本科招生章程"}, "招生考试", ""},
		{"TitleRegulation", Input{Title: "清源大学学生违纪处分规定"}, "规章制度", ""},
		{"TitleBudget", Input{Title: "清源大学2021年部门预算"}, "财务信息", ""},
		{"TitleBeatsFallback", Input{Title: "关于开展2019年度本科生奖学金评审工作的通知"}, "学生管理", ""},
		{"Fallback", Input{Title: "关于2015年寒假放假及春季学期开学时间安排的通知"}, "通知公告", ""},
		{"SiteSuffixIgnored", Input{Title: "图书馆开放时间调整-清源大学信息公开网"}, "", ""},
		{"Traditional", Input{Title: "與國立東岸大學簽訂交換學生計劃"}, "对外交流", ""},
		{"FullWidth", Input{Source: "https://ＪＷＣ.qyu.edu.cn/x.htm"}, "", "教务处"},
		{"Nothing", Input{Title: "图书馆开放时间调整"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := r.Classify(tc.in)
			if got.Category != tc.category || got.Department != tc.department {
				t.Errorf("Classify(%+v) = %q (%s), %q (%s); want %q, %q", tc.in, got.Category, got.CategoryBy,
					got.Department, got.DepartmentBy, tc.category, tc.department)
			}
		})
	}
}

func TestLoadPutsLocalRulesFirst(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rules.txt")
	os.WriteFile(file, []byte("\ufeff# 本校规则\n部门 jwc 本科生院   # 本校的教务处改名为本科生院\n路径 1021|1022 规章制度\n"), 0o644)
	r, err := Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if r.Len() != Default().Len()+2 {
		t.Errorf("%d rules, want defaults + 2", r.Len())
	}
	d := r.Classify(Input{Source: "https://jwc.qyu.edu.cn/info/1021/2173.htm", Title: "关于…的通知"})
	if d.Department != "本科生院" || d.DepartmentBy != "rules.txt:2" || d.Category != "规章制度" {
		t.Errorf("local rules: %+v", d)
	}
	if d := r.Classify(Input{Source: "https://cwc.qyu.edu.cn/a.htm"}); d.Department != "财务处" {
		t.Errorf("defaults after local rules: %+v", d)
	}

	os.WriteFile(file, []byte("reset\ndept jwc 本科生院\n"), 0o644)
	r, err = Load(file)
	if err != nil || r.Len() != 1 {
		t.Fatalf("reset: %d rules, %v", r.Len(), err)
	}
	if d := r.Classify(Input{Source: "https://cwc.qyu.edu.cn/a.htm", Title: "通知"}); d != (Decision{}) {
		t.Errorf("after reset the defaults still decide: %+v", d)
	}

	r, err = Load(filepath.Join(dir, "missing.txt"))
	if err != nil || r != Default() {
		t.Errorf("missing file: %v, %v; want the defaults", r, err)
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"dept jwc":             "第 1 行：应为“种类 匹配词 结果”三项",
		"\n\nfoo jwc 教务处":      "第 3 行：未知的规则种类 \"foo\"",
		"title ||| 通知公告":       "缺少匹配词",
		"dept jwc 教务 处 # 多了一项": "实际 4 项",
	} {
		_, err := Parse("my.txt", strings.NewReader(in))
		if pe, ok := errors.AsType[*ParseError](err); !ok || !strings.Contains(err.Error(), want) || pe.File != "my.txt" {
			t.Errorf("Parse(%q) = %v; want a ParseError containing %q", in, err, want)
		}
	}
}

func TestMainTitle(t *testing.T) {
	for in, want := range map[string]string{
		"清源大学本科课程考核管理办法-清源大学信息公开网":          "清源大学本科课程考核管理办法",
		"关于2023年度专业技术职务评审结果的公示 - 清源大学信息公开网": "关于2023年度专业技术职务评审结果的公示",
		"通知 | 教务处": "通知",
		"清源大学2018-2019学年信息公开工作年度报告": "清源大学2018-2019学年信息公开工作年度报告",
		"COVID-19防控": "COVID-19防控",
	} {
		if got := MainTitle(in); got != want {
			t.Errorf("MainTitle(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDefaultRulesOnSampleTitles measures the default rules against the
// categories the bundled corpus's editors chose, from the title and URL
// alone (no breadcrumb): a rule edit that makes them much worse fails here.
func TestDefaultRulesOnSampleTitles(t *testing.T) {
	f, err := sample.Corpus.Open("corpus/manifest.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	right, total := 0, 0
	for sc.Scan() {
		var e struct{ Title, URL, Category, Department string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		if e.Title == "" {
			continue
		}
		d := Default().Classify(Input{Source: e.URL, Title: e.Title})
		total++
		if d.Category == e.Category {
			right++
		} else {
			t.Logf("%s: %q, corpus says %q", e.Title, d.Category, e.Category)
		}
		if d.Department != "" && d.Department != e.Department {
			t.Errorf("%s %s: department %q, corpus says %q", e.URL, e.Title, d.Department, e.Department)
		}
	}
	if total < 100 || float64(right) < 0.85*float64(total) {
		t.Errorf("default rules agree with the corpus on %d of %d titles, want at least 85%%", right, total)
	}
}

func BenchmarkClassify(b *testing.B) {
	r := Default()
	in := Input{Source: "https://jwc.qyu.edu.cn/info/1011/1003.htm", Title: "关于2015年寒假放假及春季学期开学时间安排的通知-清源大学教务处",
		Columns: []string{"正文", "通知公告", "首页"}}
	b.ReportAllocs()
	for b.Loop() {
		r.Classify(in)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultText())
	f.Add("reset\n部门 jwc|ＪＷＣ、jw 教务处\n")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse("fuzz.txt", strings.NewReader(text))
		if err != nil {
			return
		}
		r.Classify(Input{Source: "https://jwc.qyu.edu.cn/tzgg/1.htm", Title: text, Columns: []string{text}})
	})
}
