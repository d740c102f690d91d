package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
)

const userUsage = `用法:
  archive user add NAME --role admin|staff|auditor [--name 显示名] [--password-stdin]
  archive user passwd NAME [--password-stdin]
  archive user disable NAME
  archive user enable NAME
  archive user list

账号只能由命令行创建第一个管理员；密码至少 10 个字符，以 argon2id 保存。`

// user manages staff, auditor and administrator accounts. It runs on the
// server's machine, so it is how the first administrator comes to exist.
func (m *Main) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(m.Stderr, userUsage)
		return errUsage
	}
	sub, args := args[0], args[1:]
	var c common
	fs := m.newFlagSet("user "+sub, "NAME")
	c.register(fs)
	role := fs.String("role", "staff", "角色 admin|staff|auditor")
	display := fs.String("name", "", "显示名（如 王老师）")
	fromStdin := fs.Bool("password-stdin", false, "从标准输入读取密码（一行）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	m.logger(c.logLevel)
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	acc := accounts.New(store)
	actor := cliActor()
	name := ""
	if len(pos) > 0 {
		name = pos[0]
	}
	needName := func() error {
		if name == "" {
			fmt.Fprintln(m.Stderr, userUsage)
			return errUsage
		}
		return nil
	}
	switch sub {
	case "add":
		if err := needName(); err != nil {
			return err
		}
		r, err := accounts.ParseRole(*role)
		if err != nil {
			return err
		}
		pw, err := m.readPassword(*fromStdin, true)
		if err != nil {
			return err
		}
		if _, err := acc.Create(ctx, actor, name, *display, r, pw); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已创建%s账号 %s\n", r.Label(), name)
	case "passwd":
		if err := needName(); err != nil {
			return err
		}
		pw, err := m.readPassword(*fromStdin, true)
		if err != nil {
			return err
		}
		if err := acc.SetPassword(ctx, actor, name, pw); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "已更改 %s 的密码，其所有登录已失效\n", name)
	case "disable", "enable":
		if err := needName(); err != nil {
			return err
		}
		if err := acc.SetDisabled(ctx, actor, name, sub == "disable"); err != nil {
			return err
		}
		if sub == "disable" {
			fmt.Fprintf(m.Stdout, "已停用 %s，其所有登录已失效\n", name)
		} else {
			fmt.Fprintf(m.Stdout, "已启用 %s\n", name)
		}
	case "list":
		users, err := acc.List(ctx)
		if err != nil {
			return err
		}
		if len(users) == 0 {
			fmt.Fprintln(m.Stdout, "还没有账号。创建第一个管理员：archive user add admin --role admin")
			return nil
		}
		tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "用户名\t显示名\t角色\t状态\t最近登录")
		for _, u := range users {
			state, last := "正常", "从未登录"
			if u.Disabled {
				state = "已停用"
			}
			if !u.LastLoginAt.IsZero() {
				last = u.LastLoginAt.In(beijing).Format("2006-01-02 15:04")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, u.Role.Label(), state, last)
		}
		tw.Flush()
	default:
		fmt.Fprintf(m.Stderr, "archive user: 未知的子命令 %q\n%s\n", sub, userUsage)
		return errUsage
	}
	return nil
}

// readPassword reads a password from a terminal without echo (twice, to
// catch typos) or, with fromStdin or when stdin is not a terminal, one line
// of standard input.
func (m *Main) readPassword(fromStdin, confirm bool) (string, error) {
	in := m.Stdin
	if in == nil {
		in = os.Stdin
	}
	if f, ok := in.(*os.File); ok && !fromStdin && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(m.Stderr, "密码：")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(m.Stderr)
		if err != nil {
			return "", fmt.Errorf("读取密码：%w", err)
		}
		if confirm {
			fmt.Fprint(m.Stderr, "再输一次：")
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(m.Stderr)
			if err != nil {
				return "", fmt.Errorf("读取密码：%w", err)
			}
			if string(a) != string(b) {
				return "", fmt.Errorf("两次输入的密码不一致")
			}
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("读取密码：%w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// beijing is China Standard Time, fixed, so times read the same wherever
// the server's zone database is missing.
var beijing = time.FixedZone("CST", 8*3600)

// cliActor is how a command-line action appears in the audit log.
func cliActor() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return "cli:" + name
}
