package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	manifest := `{"id":"a","title":"清源大学2024-2025学年信息公开工作年度报告","body":"年度报告。","category":"信息公开年度报告","department":"学校办公室","published":"2025-08-31"}
{"id":"b","title":"清源大学2025年部门预算","body":"预算。","category":"财务信息","department":"财务处","published":"2025-09-01"}
{"id":"c","title":"某学院新闻","body":"新闻。","department":"计算机学院","published":"2024-09-01","checklist_item":"第2项"}
{"id":"d","title":"内部审计报告","body":"审计。","visibility":"withheld","published":"2025-01-10"}
{"id":"e","title":"清单外","body":"正文。","published":"2025-01-10","checklist_item":"99-99"}
`
	os.WriteFile(filepath.Join(src, "m.jsonl"), []byte(manifest), 0o644)
	code, out, errOut := run(t, "ingest", "--data", data, src)
	if code != 0 || !strings.Contains(out, "清单中没有事项") {
		t.Fatalf("ingest exit %d (want the unknown checklist item rejected with its reason): %s %s", code, out, errOut)
	}

	t.Run("JSON", func(t *testing.T) {
		code, out, errOut := run(t, "report", "--data", data, "--year", "2024", "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var r struct {
			Schema string `json:"schema"`
			Period struct {
				From, To string
			} `json:"period"`
			Proactive struct {
				Total       int `json:"total"`
				ByChecklist struct {
					Values []struct {
						Value string `json:"value"`
						Count int    `json:"count"`
					} `json:"values"`
				} `json:"by_checklist"`
			} `json:"proactive"`
			Requests struct {
				Recorded bool   `json:"recorded"`
				Note     string `json:"note"`
			} `json:"requests"`
			Items []json.RawMessage `json:"items"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		// a (31 August) and c (1 September 2024) are in 2024-2025; b (1
		// September 2025) is not; d is withheld.
		if r.Schema != "xxgk-annual-report/1" || r.Period.From != "2024-09-01" || r.Period.To != "2025-08-31" || r.Proactive.Total != 2 {
			t.Errorf("report = %+v", r)
		}
		filed := map[string]int{}
		for _, v := range r.Proactive.ByChecklist.Values {
			filed[v.Value] = v.Count
		}
		if filed["01-06"] != 1 || filed["01-02"] != 1 {
			t.Errorf("by checklist = %v (want the annual report by rule, the news by its manifest)", filed)
		}
		if r.Requests.Recorded || r.Requests.Note != "本年度未记录依申请公开数据" || len(r.Items) != 50 {
			t.Errorf("requests %+v, %d items", r.Requests, len(r.Items))
		}
	})
	t.Run("CalendarYearMarkdown", func(t *testing.T) {
		code, out, _ := run(t, "report", "--data", data, "--year", "2025", "--calendar-year", "--format", "md")
		if code != 0 || !strings.Contains(out, "# 2025年信息公开工作年度报告") || !strings.Contains(out, "本期主动公开信息 2 条") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
	t.Run("DOCXFile", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "r.docx")
		code, _, errOut := run(t, "report", "--data", data, "--year", "2024", "--format", "docx", "--out", file)
		if code != 0 || !strings.Contains(errOut, file) {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		z, err := zip.OpenReader(file)
		if err != nil {
			t.Fatal(err)
		}
		z.Close()
	})
	t.Run("Usage", func(t *testing.T) {
		for _, args := range [][]string{{"report", "--data", data}, {"report", "--data", data, "--year", "2024", "--format", "pdf"}} {
			if code, _, _ := run(t, args...); code != 2 {
				t.Errorf("%v: exit %d, want 2", args, code)
			}
		}
		if code, _, errOut := run(t, "report", "--data", data, "--year", "1066"); code != 1 || !strings.Contains(errOut, "不合理") {
			t.Errorf("year 1066: exit %d, %s", code, errOut)
		}
	})
}
