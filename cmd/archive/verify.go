package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

// recordsUsage lists the commands for auditors (the main usage has one line
// for them).
const recordsUsage = `核对与审计命令:
  verify      核对原始文件的 SHA-256、审计哈希链、每条记录与其最近审计记录、记录与索引是否一致
  export      导出检索结果（CSV 或 JSONL，完整不截断）：export [--format csv|jsonl] [--out 文件] 检索式
  batch       批量检索：文件每行一条检索式，结果输出为 CSV：batch [--out 文件] 文件（- 为标准输入）
  history     列出文档的全部版本；--diff A,B 比较两个版本的正文
  retract     撤回文档（须 --reason 说明理由）：retract --reason 理由 编号
  restore     恢复已撤回的文档：restore --reason 理由 编号
  visibility  变更公开属性：visibility --reason 理由 编号 public|on_request|withheld
`

// recordsCommand returns the runner of one of the auditors' commands.
func (m *Main) recordsCommand(cmd string) func(context.Context, []string) error {
	switch cmd {
	case "verify":
		return m.verify
	case "export":
		return m.export
	case "batch":
		return m.batch
	case "history":
		return m.history
	case "retract", "restore":
		return func(ctx context.Context, args []string) error { return m.retract(ctx, cmd, args) }
	case "visibility":
		return m.visibility
	}
	return nil
}

// defaultActor is who the audit and access logs record for a command run
// from a shell: the operating-system user.
func defaultActor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "os:" + u.Username
	}
	return "os:unknown"
}

func (m *Main) verify(ctx context.Context, args []string) error {
	var c common
	var recordsOnly bool
	fs := m.newFlagSet("verify", "[--data DIR] [--records-only]")
	c.register(fs)
	fs.BoolVar(&recordsOnly, "records-only", false, "只核对记录，不核对索引（服务运行时索引被其占用）")
	fs.Usage = func() {
		fmt.Fprintf(m.Stderr, "用法: archive verify [--data DIR] [--records-only]\n\n%s\n选项:\n", recordsUsage)
		fs.PrintDefaults()
	}
	if _, err := parse(fs, args); err != nil {
		return err
	}
	log := m.logger(c.logLevel)
	if _, err := os.Stat(filepath.Join(c.data, "records.db")); err != nil {
		return fmt.Errorf("数据目录 %s 中没有档案（records.db）", c.data)
	}
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	report := func(p records.Problem) { fmt.Fprintln(m.Stdout, p.String()) }
	st, err := store.Verify(ctx, report)
	if err != nil {
		return err
	}
	problems := st.Problems
	fmt.Fprintf(m.Stdout, "记录：原始文件 %d 个，审计记录 %d 条，文档 %d 篇，版本 %d 个，问题 %d 处\n",
		st.Originals, st.AuditEntries, st.Documents, st.Versions, st.Problems)
	if !recordsOnly {
		idx, err := indexer.OpenIndex(ctx, indexPath(c.data), store, indexer.Options{Logger: log})
		if errors.Is(err, indexer.ErrLocked) {
			return fmt.Errorf("索引正由运行中的服务使用；停止服务后再核对，或加 --records-only 只核对记录")
		}
		if err != nil {
			return err
		}
		defer idx.Close()
		if _, err := idx.Sync(ctx); err != nil {
			return err
		}
		ist, err := idx.Verify(ctx, report)
		if err != nil {
			return err
		}
		problems += ist.Problems
		fmt.Fprintf(m.Stdout, "索引：应有 %d 条，实有 %d 条，问题 %d 处\n", ist.Expected, ist.Indexed, ist.Problems)
	}
	if problems > 0 {
		return fmt.Errorf("核对发现 %d 处问题（用时 %s）", problems, time.Since(start).Round(time.Millisecond))
	}
	fmt.Fprintf(m.Stdout, "核对通过：档案完整（用时 %s）\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// flagActor registers the --actor flag.
func flagActor(fs *flag.FlagSet, actor *string) {
	fs.StringVar(actor, "actor", defaultActor(), "记入审计与访问记录的操作者")
}
