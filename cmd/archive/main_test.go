package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes one command in-process and returns its exit code and outputs.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestIngestThenSearch(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	manifest := `{"id":"a","title":"关于开展2019年度本科生奖学金评审工作的通知","body":"各学院：现启动奖学金评审工作。","category":"学生管理","department":"教务处","published":"2019-09-16"}
{"id":"b","title":"内部审计报告","body":"奖学金专项审计。","visibility":"withheld","published":"2020-01-01"}
{"id":"c","title":"清源大学2018-2019学年信息公开工作年度报告","body":"本学年信息公开工作年度报告如下。","category":"信息公开年度报告","department":"学校办公室","published":"2019-10-20"}
`
	os.WriteFile(filepath.Join(src, "m.jsonl"), []byte(manifest), 0o644)
	os.WriteFile(filepath.Join(src, "broken.jsonl"), []byte("{not json\n"), 0o644)

	code, out, errOut := run(t, "ingest", "--data", data, src)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}
	for _, want := range []string{"新增 3", "拒收 1", "broken.jsonl:1", "索引已更新"} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest output lacks %q:\n%s", want, out)
		}
	}

	t.Run("Text", func(t *testing.T) {
		code, out, _ := run(t, "search", "--data", data, "奖学金", "评审")
		if code != 0 || !strings.Contains(out, "共 1 条结果") || !strings.Contains(out, "【奖学金评审】") {
			t.Errorf("exit %d, output:\n%s", code, out)
		}
		if strings.Contains(out, "内部审计报告") {
			t.Errorf("withheld record shown to the public:\n%s", out)
		}
	})
	t.Run("FlagsAfterQuery", func(t *testing.T) {
		code, out, _ := run(t, "search", "奖学金", "--data", data, "--staff", "--exact")
		if code != 0 || !strings.Contains(out, "共 2 条结果") || !strings.Contains(out, "〔不予公开〕") {
			t.Errorf("exit %d, output:\n%s", code, out)
		}
	})
	t.Run("JSON", func(t *testing.T) {
		code, out, _ := run(t, "search", "--data", data, "--json", "信息公开", "年度报告")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, out)
		}
		var res struct {
			Total int `json:"total"`
			Hits  []struct {
				ID, Title, Category, Department, Published, Snippet, URL string
			} `json:"hits"`
			Facets map[string][]struct {
				Value string `json:"value"`
				Count int    `json:"count"`
			} `json:"facets"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if res.Total != 1 || res.Hits[0].ID != "c" || res.Hits[0].URL != "/documents/c" || res.Hits[0].Published != "2019-10-20" {
			t.Errorf("result = %+v", res)
		}
		if y := res.Facets["year"]; len(y) != 1 || y[0].Value != "2019" || y[0].Count != 1 {
			t.Errorf("year facet = %+v", y)
		}
	})
	t.Run("BadQuery", func(t *testing.T) {
		code, _, errOut := run(t, "search", "--data", data, "(奖学金")
		if code != 1 || !strings.Contains(errOut, "括号") {
			t.Errorf("exit %d, stderr %q; want 1 and a message about the parenthesis", code, errOut)
		}
	})
	t.Run("Reindex", func(t *testing.T) {
		code, out, _ := run(t, "reindex", "--data", data)
		if code != 0 || !strings.Contains(out, "应用 3 项变更") {
			t.Errorf("exit %d, output:\n%s", code, out)
		}
	})
}

func TestUsage(t *testing.T) {
	if code, _, _ := run(t); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
	if code, _, errOut := run(t, "frobnicate"); code != 2 || !strings.Contains(errOut, "未知命令") {
		t.Errorf("unknown command: exit %d %q", code, errOut)
	}
	if code, out, _ := run(t, "help"); code != 0 || !strings.Contains(out, "ingest") {
		t.Errorf("help: exit %d", code)
	}
	if code, _, errOut := run(t, "ingest", "--data", t.TempDir()); code != 2 || !strings.Contains(errOut, "请给出") {
		t.Errorf("ingest without paths: exit %d %q", code, errOut)
	}
}

func TestDemo(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := run(t, "demo", "--data", data)
	if code != 0 {
		t.Fatalf("demo exit %d: %s", code, errOut)
	}
	for _, want := range []string{"读取 143 篇", "拒收 0", "$ archive search 奖学金 评审", "【奖学金】"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	// A second run uses the existing data rather than importing again.
	if code, out, _ := run(t, "demo", "--data", data); code != 0 || !strings.Contains(out, "已有 143 篇记录") {
		t.Errorf("second demo: exit %d\n%s", code, out)
	}
}

func TestProgressBar(t *testing.T) {
	for _, tc := range []struct {
		done, total int64
		want        string
	}{
		{0, 100, "[>         ]   0%"},
		{45, 100, "[====>     ]  45%"},
		{100, 100, "[==========] 100%"},
		{150, 100, "[==========] 100%"},
		{5, 0, ""},
	} {
		if got := bar(tc.done, tc.total, 10); got != tc.want {
			t.Errorf("bar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
}

func TestSearchEmptyArchiveSaysWhatToDo(t *testing.T) {
	code, out, errOut := run(t, "search", "--data", t.TempDir(), "奖学金")
	if code != 0 || !strings.Contains(out, "共 0 条结果") || !strings.Contains(errOut, "还没有记录") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}
