package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

func (m *Main) ingest(ctx context.Context, args []string) error {
	var c common
	fields := fieldMap{}
	var opt indexer.IngestOptions
	fs := m.newFlagSet("ingest", "[选项] 路径...")
	c.register(fs)
	fs.Var(fields, "field", "清单字段映射 本系统字段=清单字段，可重复，例如 --field body=text --field published=date")
	fs.StringVar(&opt.Category, "category", "", "清单未给出类别时使用的类别（优先于页面内容与分类规则）")
	fs.StringVar(&opt.Department, "department", "", "清单未给出部门时使用的部门（优先于页面标注的来源与分类规则）")
	fs.StringVar(&opt.Visibility, "visibility", "", "来源未给出公开属性时使用的值 public|on_request|withheld（默认 public）")
	fs.StringVar(&opt.Actor, "actor", "system:ingest", "记入审计记录的操作者")
	nearDup := fs.Bool("near-dup", true, "检测近似重复（转载、仅改动页眉落款的重复发布）并建立关联")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fmt.Fprintln(m.Stderr, "archive ingest: 请给出要导入的文件、文件夹或清单")
		return errUsage
	}
	if _, err := records.ParseVisibility(opt.Visibility); err != nil {
		return err
	}
	log := m.logger(c.logLevel)
	opt.Fields = fields
	opt.Logger = log
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	if opt.Rules, err = loadRules(c.data); err != nil {
		return err
	}
	if *nearDup {
		if opt.NearDup, err = indexer.LoadNearDup(ctx, store); err != nil {
			return err
		}
	}
	opt.Progress = progressPrinter(m.Stderr)
	sum, err := indexer.Ingest(ctx, store, paths, opt)
	if isTerminal(m.Stderr) {
		fmt.Fprintln(m.Stderr)
	}
	printSummary(m.Stdout, sum)
	if err != nil {
		return err
	}
	return m.updateIndex(ctx, store, c.data)
}

// updateIndex brings the index up to date, unless a running server owns it:
// then the server follows the change feed and picks the records up itself.
func (m *Main) updateIndex(ctx context.Context, store *records.Store, data string) error {
	start := time.Now()
	opt := indexer.Options{Logger: m.log}
	if isTerminal(m.Stderr) {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(m.Stderr, "\r\033[K%s 建立索引：%d / %d 项变更", bar(int64(done), int64(total), 30), done, total)
		}
	}
	idx, err := indexer.OpenIndex(ctx, indexPath(data), store, opt)
	if errors.Is(err, indexer.ErrLocked) {
		fmt.Fprintln(m.Stdout, "索引正由运行中的服务使用：记录已保存，服务会在几秒内自动编入索引。")
		return nil
	}
	if err != nil {
		return err
	}
	defer idx.Close()
	n, err := idx.Sync(ctx)
	if opt.Progress != nil && n > 0 {
		fmt.Fprintln(m.Stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "索引已更新：应用 %d 项变更，用时 %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

func printSummary(w io.Writer, s indexer.Summary) {
	mb := float64(s.TextBytes) / (1 << 20)
	rate := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = mb / secs
	}
	fmt.Fprintf(w, "导入完成：读取 %d 篇，新增 %d，更新 %d，未变 %d，拒收 %d；文本 %.1f MB，用时 %s（%.1f MB/s）\n",
		s.Documents, s.Inserted, s.Updated, s.Unchanged, len(s.Rejected), mb, s.Elapsed.Round(time.Millisecond), rate)
	if s.Documents > 0 && (s.Uncategorised > 0 || s.NoDept > 0 || s.NoDate > 0) {
		fmt.Fprintf(w, "缺少元数据：未分类 %d 篇，无部门 %d 篇，无发布日期 %d 篇\n", s.Uncategorised, s.NoDept, s.NoDate)
	}
	if s.Merged > 0 {
		fmt.Fprintf(w, "完全相同的原始文件来自其他来源：%d 篇，已作为已有记录的来源合并\n", s.Merged)
	}
	printUnclassified(w, s.Unclassified)
	printNearDuplicates(w, s.NearDuplicates)
	if len(s.Rejected) > 0 {
		fmt.Fprintln(w, "拒收的文件：")
		for i, r := range s.Rejected {
			if i == 200 {
				fmt.Fprintf(w, "  ……另有 %d 个，完整列表已记入数据目录\n", len(s.Rejected)-i)
				break
			}
			fmt.Fprintf(w, "  %s：%s\n", r.Source, r.Reason)
		}
	}
}

// progressPrinter draws a bar on a terminal (input bytes read of the
// total) and prints a plain line every few seconds otherwise.
func progressPrinter(w io.Writer) func(indexer.Progress) {
	tty := isTerminal(w)
	var last time.Time
	return func(p indexer.Progress) {
		mb := float64(p.TextBytes) / (1 << 20)
		rate := 0.0
		if s := p.Elapsed.Seconds(); s > 0 {
			rate = mb / s
		}
		line := fmt.Sprintf("已读取 %d 篇，拒收 %d，文本 %.1f MB（%.1f MB/s）", p.Documents, p.Rejected, mb, rate)
		if tty {
			fmt.Fprintf(w, "\r\033[K%s %s", bar(p.InputDone, p.InputTotal, 30), line)
			return
		}
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			fmt.Fprintln(w, line)
		}
	}
}

// bar renders done/total as [=====>    ] 45%.
func bar(done, total int64, width int) string {
	if total <= 0 {
		return ""
	}
	frac := min(1, float64(done)/float64(total))
	n := int(frac * float64(width))
	b := strings.Repeat("=", n)
	if n < width {
		b += ">" + strings.Repeat(" ", width-n-1)
	}
	return fmt.Sprintf("[%s] %3.0f%%", b, frac*100)
}
