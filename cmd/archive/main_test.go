package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// serveInBackground runs a serving command until the test ends and returns
// the server's URL once it accepts connections.
func serveInBackground(t *testing.T, args ...string) (string, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut bytes.Buffer
	ready := make(chan string, 1)
	m := &Main{Stdout: &out, Stderr: &errOut, listening: func(u string) { ready <- u }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, args) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("%s exited %d after SIGINT: %s", args[0], code, errOut.String())
		}
	})
	select {
	case u := <-ready:
		return strings.TrimSuffix(u, "/"), &out
	case code := <-done:
		t.Fatalf("%s exited %d before serving: %s", args[0], code, errOut.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not start serving: %s", args[0], errOut.String())
	}
	return "", nil
}

func TestDemoIngestsThenServes(t *testing.T) {
	data := t.TempDir()
	base, out := serveInBackground(t, "demo", "--data", data, "--addr", "127.0.0.1:0")
	for _, want := range []string{"读取 143 篇", "拒收 0", "已启动：" + base, "?q=%E5%A5%96%E5%AD%A6%E9%87%91+%E8%AF%84%E5%AE%A1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Title string `json:"title"`
		} `json:"hits"`
	}
	getJSON(t, base+"/api/search?q="+url.QueryEscape("奖学金 评审"), &res)
	if res.Total == 0 || !strings.Contains(res.Hits[0].Title, "奖学金") {
		t.Errorf("demo server: %+v", res)
	}
}

func TestDemoReusesExistingData(t *testing.T) {
	data := t.TempDir()
	// Each server stops when its subtest ends.
	t.Run("first", func(t *testing.T) {
		serveInBackground(t, "demo", "--data", data, "--addr", "127.0.0.1:0")
	})
	t.Run("second", func(t *testing.T) {
		_, out := serveInBackground(t, "demo", "--data", data, "--addr", "127.0.0.1:0")
		if !strings.Contains(out.String(), "已有 143 篇记录") || strings.Contains(out.String(), "读取 143 篇") {
			t.Errorf("second demo imported again:\n%s", out)
		}
	})
}

// getJSON fetches url and decodes the JSON body into v.
func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func TestIngestBesideRunningServerBecomesSearchable(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "a.jsonl"), []byte(`{"id":"a","title":"关于开展2019年度本科生奖学金评审工作的通知","body":"各学院：现启动奖学金评审工作。","published":"2019-09-16"}`+"\n"), 0o644)
	if code, _, errOut := run(t, "ingest", "--data", data, src); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	base, _ := serveInBackground(t, "serve", "--data", data, "--addr", "127.0.0.1:0")

	// A second file, ingested while the server holds the index.
	src2 := t.TempDir()
	os.WriteFile(filepath.Join(src2, "b.jsonl"), []byte(`{"id":"b","title":"清源大学2025年研究生招生章程","body":"硕士研究生招生章程全文。","published":"2025-03-01"}`+"\n"), 0o644)
	code, out, errOut := run(t, "ingest", "--data", data, src2)
	if code != 0 || !strings.Contains(out, "服务会在几秒内自动编入索引") {
		t.Fatalf("ingest beside server: exit %d\n%s\n%s", code, out, errOut)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var res struct {
			Total int `json:"total"`
		}
		getJSON(t, base+"/api/search?q="+url.QueryEscape("招生章程"), &res)
		if res.Total == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the record ingested beside the server never became searchable")
		}
		time.Sleep(100 * time.Millisecond)
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
