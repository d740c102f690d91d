package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCalendar runs `archive calendar args...` in-process with an empty data
// folder unless args name one.
func runCalendar(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	full := append([]string{"calendar"}, args...)
	if !strings.Contains(strings.Join(args, " "), "--data") {
		full = append(full, "--data", t.TempDir())
	}
	code = m.Run(context.Background(), full)
	return code, out.String(), errOut.String()
}

// TestCalendarDue is the example: received 2025-09-26, 20 working
// days, across 国庆节、中秋节 (10-01..08 off) and the make-up days Sun 09-28
// and Sat 10-11: 2025-10-30.
func TestCalendarDue(t *testing.T) {
	code, out, errOut := runCalendar(t, "due", "--from", "2025-09-26", "--days", "20")
	if code != 0 || out != "2025-10-30\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestCalendarDueExplain(t *testing.T) {
	code, out, errOut := runCalendar(t, "due", "--from", "2025-09-26", "--days", "20", "--explain")
	if code != 0 || !strings.HasPrefix(out, "2025-10-30\n") {
		t.Fatalf("exit %d, stdout:\n%s\nstderr: %s", code, out, errOut)
	}
	for _, want := range []string{
		"收到之日 2025-09-26 周五",
		"2025-09-27 周六 休息",
		"2025-09-28 周日 国庆节、中秋节调休上班（计入）",
		"2025-10-01 周三 国庆节、中秋节 休息",
		"2025-10-08 周三 国庆节、中秋节 休息",
		"2025-10-11 周六 国庆节、中秋节调休上班（计入）",
		"共跳过 14 个休息日，计入 2 个调休上班日",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "2025-10-09") {
		t.Errorf("an ordinary working day is listed:\n%s", out)
	}
}

func TestCalendarDueRule(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		// 政府: 20 working days, the same count as the example.
		{[]string{"--rule", "政府"}, "2025-10-30"},
		// Default 高校: 15 working days; the 15th after 09-26 is Thu 10-23
		// (09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13..17, 10-20..23).
		{nil, "2025-10-23"},
		// --days wins over the rule.
		{[]string{"--rule", "政府", "--days", "1"}, "2025-09-28"},
	} {
		args := append([]string{"due", "--from", "2025-09-26"}, tc.args...)
		code, out, errOut := runCalendar(t, args...)
		if code != 0 || strings.TrimSpace(out) != tc.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %s", tc.args, code, out, errOut, tc.want)
		}
	}
	code, _, errOut := runCalendar(t, "due", "--from", "2025-09-26", "--rule", "省")
	if code != 1 || !strings.Contains(errOut, "高校、政府") {
		t.Errorf("unknown rule: exit %d, stderr %q", code, errOut)
	}
}

func TestCalendarCheck(t *testing.T) {
	code, out, errOut := runCalendar(t, "check", "2025-10-11", "2025-10-01", "2025-09-27", "2025-10-09")
	want := "2025-10-11 周六 工作日（国庆节、中秋节调休上班）\n" +
		"2025-10-01 周三 休息日（国庆节、中秋节）\n" +
		"2025-09-27 周六 休息日（周末）\n" +
		"2025-10-09 周四 工作日\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant:\n%s", code, errOut, out, want)
	}
}

// TestCalendarNotCovered: 2027's notice is not in the data; the command
// says so instead of guessing, and guesses only when asked.
func TestCalendarNotCovered(t *testing.T) {
	code, out, errOut := runCalendar(t, "due", "--from", "2026-12-20", "--rule", "政府")
	if code != 1 || out != "" || !strings.Contains(errOut, "2027") || !strings.Contains(errOut, "--provisional") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Provisional: 12-21..25, 12-28..31 (9), Fri 2027-01-01 (10), 01-04..08, 01-11..15 (20).
	code, out, errOut = runCalendar(t, "due", "--from", "2026-12-20", "--rule", "政府", "--provisional")
	if code != 0 || out != "2027-01-15\n" || !strings.Contains(errOut, "未收录 2027") {
		t.Errorf("provisional: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestCalendarDataFolder: an operator adds 2027 and a rule set as data.
func TestCalendarDataFolder(t *testing.T) {
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "holidays.txt"), []byte("year 2027 示例\n2027-01-01 off 元旦\n"), 0o644)
	os.WriteFile(filepath.Join(data, "rules.txt"), []byte("[市]\n法规 = 《某市政府信息公开规定》\n答复期限 = 3\n"), 0o644)
	// Wed 2026-12-30: Thu 12-31 =1; 01-01 元旦 off; weekend; Mon 01-04 =2, Tue 01-05 =3.
	code, out, errOut := runCalendar(t, "due", "--from", "2026-12-30", "--rule", "市", "--data", data)
	if code != 0 || out != "2027-01-05\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runCalendar(t, "rules", "--data", data)
	if code != 0 || !strings.Contains(out, "《某市政府信息公开规定》") || !strings.Contains(out, "高校（默认）") {
		t.Errorf("rules: exit %d:\n%s", code, out)
	}

	os.WriteFile(filepath.Join(data, "holidays.txt"), []byte("year 2027\n2027-01-01 of 元旦\n"), 0o644)
	code, _, errOut = runCalendar(t, "check", "2025-10-11", "--data", data)
	if code != 1 || !strings.Contains(errOut, "holidays.txt") || !strings.Contains(errOut, "第 2 行") {
		t.Errorf("bad holidays.txt: exit %d, stderr %q", code, errOut)
	}
}

func TestCalendarUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"due"}, {"check"}, {"nonsense"}} {
		var out, errOut bytes.Buffer
		code := (&Main{Stdout: &out, Stderr: &errOut}).Run(context.Background(), append([]string{"calendar"}, args...))
		if code != 2 || errOut.Len() == 0 {
			t.Errorf("calendar %v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
	code, _, errOut := runCalendar(t, "due", "--from", "2025-02-30")
	if code != 1 || !strings.Contains(errOut, "2025-02-30") {
		t.Errorf("bad date: exit %d, stderr %q", code, errOut)
	}
}
