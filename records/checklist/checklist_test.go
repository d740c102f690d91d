package checklist_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/checklist"
)

func TestDefault(t *testing.T) {
	l := checklist.Default()
	if got := len(l.Categories); got != 10 {
		t.Errorf("categories: %d, want 10", got)
	}
	if got := len(l.Items()); got != 50 {
		t.Errorf("items: %d, want 50", got)
	}
	for i, it := range l.Items() {
		if it.Number != i+1 {
			t.Errorf("item %s: number %d, want %d", it.Code, it.Number, i+1)
		}
		if it.Category == nil || !strings.HasPrefix(it.Code, it.Category.Code+"-") {
			t.Errorf("item %s is not linked to its category", it.Code)
		}
	}
	if len(l.Rules()) == 0 {
		t.Error("the shipped list has no rules")
	}
	it, ok := l.Item("01-06")
	if !ok || it.Name != "信息公开年度报告" {
		t.Errorf("01-06 = %+v", it)
	}
}

// sharedFacts is the shared facts file the data file is generated from,
// when this tree sits beside ../shared.
const sharedFacts = "../../../shared/data/moe-checklist/checklist.json"

// TestDataFileMatchesShared checks the shipped data file against the facts
// it was generated from: same categories, items, numbers, wording and
// status. Run go generate ./records/checklist after the facts change.
func TestDataFileMatchesShared(t *testing.T) {
	raw, err := os.ReadFile(sharedFacts)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("共享资料 %s 不存在（仓库不在 shared 目录旁），跳过与共享清单的比对", sharedFacts)
	}
	if err != nil {
		t.Fatal(err)
	}
	var facts struct {
		Categories []struct {
			Number int    `json:"number"`
			Name   string `json:"name"`
			Items  []struct {
				Number int    `json:"number"`
				Name   string `json:"name"`
				Status string `json:"status"`
			} `json:"items"`
		} `json:"categories"`
	}
	if err := json.Unmarshal(raw, &facts); err != nil {
		t.Fatal(err)
	}
	l := checklist.Default()
	if len(l.Categories) != len(facts.Categories) {
		t.Fatalf("%d categories, shared facts have %d", len(l.Categories), len(facts.Categories))
	}
	for i, fc := range facts.Categories {
		c := l.Categories[i]
		if c.Number != fc.Number || c.Name != fc.Name || len(c.Items) != len(fc.Items) {
			t.Errorf("category %d: %d %s (%d items), shared: %d %s (%d items)",
				i+1, c.Number, c.Name, len(c.Items), fc.Number, fc.Name, len(fc.Items))
			continue
		}
		for j, fi := range fc.Items {
			it := c.Items[j]
			if it.Number != fi.Number || it.Name != fi.Name || it.Status != fi.Status {
				t.Errorf("item %s: %d %s (%s), shared: %d %s (%s); run go generate ./records/checklist",
					it.Code, it.Number, it.Name, it.Status, fi.Number, fi.Name, fi.Status)
			}
		}
	}
}

func TestResolve(t *testing.T) {
	l := checklist.Default()
	for _, c := range []struct{ in, want string }{
		{"01-06", "01-06"},
		{"1-6", "01-06"},
		{"1.6", "01-06"},
		{"６", "01-06"},
		{"第6项", "01-06"},
		{"19", "03-05"},
		{" 信息公开年度报告 ", "01-06"},
		{"学生申诉办法", "06-04"},
	} {
		it, err := l.Resolve(c.in)
		if err != nil {
			t.Errorf("Resolve(%q): %v", c.in, err)
			continue
		}
		if it.Code != c.want {
			t.Errorf("Resolve(%q) = %s, want %s", c.in, it.Code, c.want)
		}
	}
	for _, bad := range []string{"", "99-01", "51", "年度报告"} {
		if _, err := l.Resolve(bad); records.ErrorCode(err) != records.EINVALID {
			t.Errorf("Resolve(%q): %v, want EINVALID", bad, err)
		}
	}
}

func TestClassify(t *testing.T) {
	l := checklist.Default()
	for _, c := range []struct{ title, category, want string }{
		{"清源大学2023-2024学年信息公开工作年度报告", "", "01-06"},
		{"年度报告", "信息公开年度报告", "01-06"},
		{"清源大学2017年本科招生章程", "招生考试", "02-01"},
		{"清源大学2019年硕士研究生招生简章", "招生考试", "02-05"},
		{"清源大学2024年部门预算", "财务信息", "03-05"},
		{"清源大学2018年度部门决算", "财务信息", "03-06"},
		{"国家重点研发计划课题经费预算明细", "教学科研", ""},
		{"关于开展2019年度本科生奖学金评审工作的通知", "学生管理", "06-02"},
		{"清源大学学生违纪处分规定", "规章制度", "06-03"},
		{"清源大学本科课程考核管理办法", "规章制度", "01-02"},
		{"清源大学纪检监察信访举报工作办法", "规章制度", "01-02"},
		{"关于举办2025届毕业生冬季大型双选会的通知", "学生管理", "05-05"},
		{"ＡＣＭ 程序设计竞赛", "基层动态", ""},
	} {
		if got := l.Classify(c.title, c.category); got != c.want {
			code, origin := l.Explain(c.title, c.category)
			t.Errorf("Classify(%q, %q) = %q (%s %s), want %q", c.title, c.category, got, code, origin, c.want)
		}
	}
}

func TestParseText(t *testing.T) {
	text := `# 本校修订
01 基本信息
01-01 [1] 办学基本情况 | 每年更新
01-02 学校章程及规章制度
02 招生考试信息
02-01 招生章程
`
	l, err := checklist.ParseText("checklist.txt", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Categories) != 2 || len(l.Items()) != 3 {
		t.Fatalf("got %d categories, %d items", len(l.Categories), len(l.Items()))
	}
	it, _ := l.Item("01-01")
	if it.Number != 1 || it.Name != "办学基本情况" || it.Description != "每年更新" {
		t.Errorf("01-01 = %+v", it)
	}
	if it, _ := l.Item("02-01"); it.Number != 3 || it.Category.Name != "招生考试信息" {
		t.Errorf("02-01 = %+v", it)
	}
	for _, bad := range []string{"01-01 事项在类别之前\n", "01 基本信息\n1-1 编号不对\n", "01 基本信息\n01-01 甲\n01-01 乙\n"} {
		if _, err := checklist.ParseText("bad.txt", strings.NewReader(bad)); err == nil {
			t.Errorf("ParseText(%q) accepted", bad)
		}
	}
}

func TestLoadDir(t *testing.T) {
	t.Run("Default", func(t *testing.T) {
		l, err := checklist.LoadDir(t.TempDir())
		if err != nil || l != checklist.Default() {
			t.Fatalf("LoadDir of an empty folder: %v, %v", l, err)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		dir := t.TempDir()
		data := strings.Replace(string(checklist.DefaultJSON()), `"name": "信息公开年度报告"`, `"name": "信息公开工作年度报告"`, 1)
		if err := os.WriteFile(filepath.Join(dir, checklist.OverrideJSON), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := checklist.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if it, _ := l.Item("01-06"); it.Name != "信息公开工作年度报告" {
			t.Errorf("override not applied: %+v", it)
		}
		if l.Classify("清源大学2024年部门预算", "财务信息") != "03-05" {
			t.Error("the override lost the shipped rules")
		}
	})
	t.Run("Text", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, checklist.OverrideText), []byte("01 基本信息\n01-06 信息公开年度报告\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := checklist.LoadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Items()) != 1 || l.Classify("2024年部门预算", "财务信息") != "" || l.Classify("信息公开年度报告", "") != "01-06" {
			t.Errorf("text override: %d items, rules %v", len(l.Items()), l.Rules())
		}
	})
	t.Run("Malformed", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, checklist.OverrideJSON), []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := checklist.LoadDir(dir); err == nil {
			t.Error("a malformed override was accepted")
		}
	})
}

func TestParseRulesRejectsUnknownItem(t *testing.T) {
	if _, err := checklist.ParseRules("r.txt", strings.NewReader("99-99 预算\n"), checklist.Default()); err == nil {
		t.Error("a rule for an unknown item was accepted")
	}
	if _, err := checklist.ParseRules("r.txt", strings.NewReader("01-06\n"), checklist.Default()); err == nil {
		t.Error("a rule without keywords or category was accepted")
	}
}
