// Command archive is the disclosure archive (信息公开检索档案库): it ingests
// disclosure documents into records, keeps the search index in step, and
// answers searches from the command line (and, with serve, over HTTP).
//
// Run `archive help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := &Main{Stdout: os.Stdout, Stderr: os.Stderr}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the program with its outputs, so end-to-end tests can run every
// command in-process.
type Main struct {
	Stdin          io.Reader // nil: os.Stdin
	Stdout, Stderr io.Writer
	log            *slog.Logger
	// listening, when set, is told the server's URL once it accepts
	// connections (tests serve on port 0).
	listening func(url string)
}

// usage is the text of `archive help`.
const usage = `信息公开检索档案库 archive

用法: archive <命令> [选项] [参数]

命令:
  demo      将内置示例语料导入数据目录（为空时），然后启动网页服务
  serve     启动网页检索服务与 JSON 接口（--addr 127.0.0.1:8080）
  user      管理工作人员、审计员与管理员账号（add|passwd|disable|enable|list）
  ingest    导入文件、文件夹或 JSONL 清单（.jsonl / .jsonl.gz）
  crawl     抓取网站（同站、遵守 robots.txt、限速、可断点续抓）：crawl 网址... [--depth N] [--max-pages N]
  search    检索，默认按相关度；--exact 精确匹配并列出全部结果；--json 输出 JSON
  reindex   由记录重建检索索引
  eval      用问答数据集评测检索效果（Success@1、Success@10、MRR@10）
  calendar  工作日历与答复期限：due --from 日期 [--days N] [--explain]；check 日期；rules
  report    信息公开年度报告（统计部分）：--year 2024 [--calendar-year] [--format html|md|json|docx] [--out 文件]
  verify    核对原始文件、审计链、记录与索引，有问题时列出并以非零状态退出；另有 export、batch、history、retract、restore、visibility（见 archive verify --help）
  help      显示本帮助

通用选项:
  --data DIR       数据目录（默认 ./archive-data）
  --log-level L    日志级别 debug|info|warn|error（默认 info）

运行 "archive <命令> --help" 查看各命令的选项。

检索语法: 空格分隔的词须同时出现；"短语" 或 “短语” 须连续出现；-词 排除；
  A OR B 任一；( ) 分组；类别:通知公告 部门:教务处 年份:2019 年份:2015..2019
  日期:2019-01-01..2019-06-30 文号:清大校发〔2018〕12号 标题:招生章程
`

// Run runs one command and returns the process exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var run func(context.Context, []string) error
	switch cmd {
	case "demo":
		run = m.demo
	case "ingest":
		run = m.ingest
	case "crawl":
		run = m.crawl
	case "search":
		run = m.search
	case "serve":
		run = m.serve
	case "user":
		run = m.user
	case "reindex":
		run = m.reindex
	case "eval":
		run = m.eval
	case "calendar":
		run = m.calendar
	case "report":
		run = m.report
	case "verify", "export", "batch", "history", "retract", "restore", "visibility":
		run = m.recordsCommand(cmd)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(m.Stdout, usage)
		return 0
	default:
		fmt.Fprintf(m.Stderr, "archive: 未知命令 %q\n\n%s", cmd, usage)
		return 2
	}
	err := run(ctx, rest)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		fmt.Fprintln(m.Stderr, "archive: 已中断")
		return 130
	}
	fmt.Fprintf(m.Stderr, "archive %s: %v\n", cmd, err)
	return 1
}

// errUsage marks an error already explained to the user.
var errUsage = errors.New("usage")

// common are the options every command takes.
type common struct {
	data     string
	logLevel string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "./archive-data", "数据目录")
	fs.StringVar(&c.logLevel, "log-level", "info", "日志级别 debug|info|warn|error")
}

// newFlagSet returns a flag set that reports its errors to m.Stderr.
func (m *Main) newFlagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "用法: archive %s %s\n\n选项:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags anywhere among the arguments (archive search 奖学金
// --exact works as well as archive search --exact 奖学金) and returns the
// positional arguments. A lone "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// logger builds the process logger: text on stderr, at the chosen level.
func (m *Main) logger(level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	m.log = slog.New(slog.NewTextHandler(m.Stderr, &slog.HandlerOptions{Level: l}))
	return m.log
}

func indexPath(data string) string { return filepath.Join(data, "index") }

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// fieldMap is the repeated --field ours=theirs flag.
type fieldMap map[string]string

func (f fieldMap) String() string {
	var parts []string
	for k, v := range f {
		parts = append(parts, k+"="+v)
	}
	return strings.Join(parts, ",")
}

func (f fieldMap) Set(s string) error {
	ours, theirs, ok := strings.Cut(s, "=")
	if !ok || ours == "" || theirs == "" {
		return fmt.Errorf("应为 本系统字段=清单字段，例如 body=text")
	}
	f[strings.TrimSpace(ours)] = strings.TrimSpace(theirs)
	return nil
}
