package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditCommands drives the auditors' commands end to end: ingest,
// verify, retract, history with a diff, search as of a date and across
// versions, export, batch, and verify catching a changed original.
func TestAuditCommands(t *testing.T) {
	data := t.TempDir()
	src := t.TempDir()
	manifest := `{"id":"a","title":"关于开展2019年度本科生奖学金评审工作的通知","body":"各学院：\n现启动奖学金评审工作。\n联系人：张老师","category":"学生管理","department":"教务处","published":"2019-09-16"}
{"id":"b","title":"内部审计报告","body":"奖学金专项审计。","visibility":"on_request","published":"2020-01-01"}
`
	os.WriteFile(filepath.Join(src, "m.jsonl"), []byte(manifest), 0o644)
	if code, out, errOut := run(t, "ingest", "--data", data, "--actor", "张三", src); code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut := run(t, "verify", "--data", data)
	if code != 0 || !strings.Contains(out, "核对通过") {
		t.Fatalf("verify on a fresh archive: exit %d\n%s%s", code, out, errOut)
	}

	// The source changes: a second version.
	os.WriteFile(filepath.Join(src, "m.jsonl"), []byte(strings.Replace(manifest, "现启动奖学金评审工作。", "现启动2019年度奖学金评审工作。", 1)), 0o644)
	if code, out, errOut := run(t, "ingest", "--data", data, src); code != 0 || !strings.Contains(out, "更新 1") {
		t.Fatalf("second ingest exit %d: %s %s", code, out, errOut)
	}
	if code, out, errOut := run(t, "retract", "--data", data, "--actor", "李四", "--reason", "评审通知有误", "a"); code != 0 || !strings.Contains(out, "已撤回 a（第 3 版）") {
		t.Fatalf("retract exit %d: %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "retract", "--data", data, "a"); code == 0 || !strings.Contains(errOut, "请说明理由") {
		t.Errorf("retract without a reason: exit %d, %s", code, errOut)
	}
	if code, out, _ := run(t, "visibility", "--data", data, "--reason", "申请已答复", "b", "public"); code != 0 || !strings.Contains(out, "依申请公开 → 主动公开") {
		t.Errorf("visibility: exit %d, %s", code, out)
	}
	code, out, _ = run(t, "history", "--data", data, "a")
	if code != 0 || strings.Count(out, "\n") != 3 || !strings.Contains(out, "撤回  李四") || !strings.Contains(out, "理由：评审通知有误") {
		t.Errorf("history: exit %d\n%s", code, out)
	}
	code, out, _ = run(t, "history", "--data", data, "--diff", "1,2", "a")
	if code != 0 || !strings.Contains(out, "+ 现启动【2019年度】奖学金评审工作。") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}

	// The public no longer finds the retracted record; staff searching all
	// versions find all three of its versions.
	if code, out, _ := run(t, "search", "--data", data, "奖学金", "评审"); code != 0 || strings.Contains(out, "id=a") {
		t.Errorf("public search after retraction: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "search", "--data", data, "--all-versions", "--exact", "奖学金评审"); code != 0 || !strings.Contains(out, "共 3 条结果") || !strings.Contains(out, "第 2 版") {
		t.Errorf("all versions: exit %d\n%s", code, out)
	}
	if code, out, _ := run(t, "search", "--data", data, "--as-of", "2000-01-01", "奖学金"); code != 0 || !strings.Contains(out, "没有找到结果") {
		t.Errorf("as of 2000: exit %d\n%s", code, out)
	}

	code, out, _ = run(t, "export", "--data", data, "--staff", "--format", "csv", "奖学金")
	if code != 0 || !strings.Contains(out, "# total: 2") || !strings.Contains(out, "/documents/a/v/3") || !strings.Contains(out, "# rows: 2") {
		t.Errorf("export: exit %d\n%s", code, out)
	}
	queries := filepath.Join(src, "queries.txt")
	os.WriteFile(queries, []byte("奖学金\n审计报告\n"), 0o644)
	code, out, errOut = run(t, "batch", "--data", data, "--exact", queries)
	if code != 0 || !strings.Contains(out, "2,审计报告,1,1,b,") || !strings.Contains(errOut, "2 条检索式") {
		t.Errorf("batch: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := run(t, "verify", "--data", data); code != 0 {
		t.Fatalf("verify after audited changes: exit %d\n%s", code, out)
	}

	// One byte of an original changes on disk.
	var blob string
	filepath.Walk(filepath.Join(data, "originals"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && blob == "" {
			blob = p
		}
		return nil
	})
	b, _ := os.ReadFile(blob)
	b[0] ^= 0x20
	os.WriteFile(blob, b, 0o644)
	code, out, errOut = run(t, "verify", "--data", data)
	if code != 1 || !strings.Contains(out, "[原始文件] original:"+filepath.Base(blob)) || !strings.Contains(errOut, "核对发现 1 处问题") {
		t.Errorf("verify after tampering: exit %d\n%s%s", code, out, errOut)
	}
}
