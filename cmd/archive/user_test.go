package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// runIn executes one command with stdin and returns its exit code and outputs.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

func TestUserCommands(t *testing.T) {
	data := t.TempDir()
	if code, out, _ := run(t, "user", "list", "--data", data); code != 0 || !strings.Contains(out, "archive user add admin --role admin") {
		t.Errorf("list on an empty archive: %d %q", code, out)
	}
	if code, out, errOut := runIn(t, "管理员的密码-2025\n", "user", "add", "admin", "--role", "admin", "--name", "张主任", "--password-stdin", "--data", data); code != 0 || !strings.Contains(out, "已创建管理员账号 admin") {
		t.Fatalf("add: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runIn(t, "短\n", "user", "add", "li", "--role", "staff", "--password-stdin", "--data", data); code != 1 || !strings.Contains(errOut, "密码至少 10 个字符") {
		t.Errorf("short password: %d %q", code, errOut)
	}
	if code, _, errOut := runIn(t, "另一个密码另一个密码\n", "user", "add", "admin", "--role", "staff", "--password-stdin", "--data", data); code != 1 || !strings.Contains(errOut, "已存在") {
		t.Errorf("duplicate: %d %q", code, errOut)
	}
	if code, _, errOut := runIn(t, "x\n", "user", "add", "wu", "--role", "boss", "--password-stdin", "--data", data); code != 1 || !strings.Contains(errOut, "未知的角色") {
		t.Errorf("bad role: %d %q", code, errOut)
	}
	if code, out, _ := run(t, "user", "disable", "admin", "--data", data); code != 0 || !strings.Contains(out, "已停用 admin") {
		t.Errorf("disable: %d %q", code, out)
	}
	code, out, _ := run(t, "user", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "admin") || !strings.Contains(out, "张主任") || !strings.Contains(out, "已停用") || !strings.Contains(out, "从未登录") {
		t.Errorf("list: %d\n%s", code, out)
	}
}
