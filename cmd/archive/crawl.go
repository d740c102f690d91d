package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/classify"
	"github.com/xxgk-archive/archive/indexer/crawl"
	"github.com/xxgk-archive/archive/records"
)

// crawlStateFile is the crawler's own state in the data folder: frontier,
// validators and content hashes of every URL.
const crawlStateFile = "crawl.db"

// rulesFile is an archive's own classification rules in the data folder,
// tried before the embedded defaults.
const rulesFile = "rules.txt"

func (m *Main) crawl(ctx context.Context, args []string) error {
	var c common
	opt := crawl.Options{}
	var maxMB int64
	var nearDup bool
	fs := m.newFlagSet("crawl", "[选项] 网址...")
	c.register(fs)
	fs.IntVar(&opt.Depth, "depth", crawl.DefaultDepth, "从起始网址起跟随链接的层数（附件不计层数）")
	fs.IntVar(&opt.MaxPages, "max-pages", crawl.DefaultMaxPages, "本次最多请求的网页和附件数；达到上限后再运行同一命令将接着抓取")
	fs.Float64Var(&opt.Rate, "rate", crawl.DefaultRate, "对同一站点每秒最多请求数（robots.txt 的 Crawl-delay 会使其更慢）")
	fs.BoolVar(&opt.AllowPrivate, "allow-private", false, "允许连接本机、内网和链路本地地址（默认拒绝）")
	fs.DurationVar(&opt.Timeout, "timeout", crawl.DefaultTimeout, "单个请求（含下载）的超时")
	fs.Int64Var(&maxMB, "max-size", crawl.DefaultMaxBodyBytes>>20, "单个网页或附件的大小上限（MB）")
	fs.StringVar(&opt.Ingest.Category, "category", "", "抓取到的文档一律使用的类别（优先于页面与分类规则）")
	fs.StringVar(&opt.Ingest.Department, "department", "", "抓取到的文档一律使用的部门（优先于页面与分类规则）")
	fs.StringVar(&opt.Ingest.Visibility, "visibility", "", "公开属性 public|on_request|withheld（默认 public）")
	fs.BoolVar(&nearDup, "near-dup", true, "检测近似重复（转载、仅改动页眉落款的重复发布）并建立关联")
	urls, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		fmt.Fprintln(m.Stderr, "archive crawl: 请给出要抓取的网址，例如 archive crawl https://jwc.example.edu.cn/")
		return errUsage
	}
	if _, err := records.ParseVisibility(opt.Ingest.Visibility); err != nil {
		return err
	}
	opt.MaxBodyBytes = maxMB << 20
	log := m.logger(c.logLevel)
	opt.Logger = log
	store, err := records.Open(ctx, c.data)
	if err != nil {
		return err
	}
	defer store.Close()
	if opt.Ingest.Rules, err = loadRules(c.data); err != nil {
		return err
	}
	if nearDup {
		if opt.Ingest.NearDup, err = indexer.LoadNearDup(ctx, store); err != nil {
			return err
		}
	}
	opt.Progress = crawlProgress(m.Stderr)
	cr, err := crawl.Open(ctx, store, filepath.Join(c.data, crawlStateFile), opt)
	if err != nil {
		return err
	}
	defer cr.Close()
	st, err := cr.Run(ctx, urls)
	if isTerminal(m.Stderr) {
		fmt.Fprintln(m.Stderr)
	}
	printCrawl(m.Stdout, st)
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(m.Stdout, "抓取已中断：已抓取的内容均已保存，再次运行同一命令将从中断处继续。")
	}
	if err != nil {
		return err
	}
	if len(st.Failed) > 0 && st.Fetched+st.NotModified+st.SameContent+st.Hubs == 0 {
		return errors.New("没有抓取到任何内容，原因见上")
	}
	return m.updateIndex(ctx, store, c.data)
}

// loadRules reads DATA/rules.txt on top of the default classification
// rules.
func loadRules(data string) (*classify.Rules, error) {
	return classify.Load(filepath.Join(data, rulesFile))
}

// crawlProgress prints a running line on a terminal, and a plain line every
// few seconds otherwise.
func crawlProgress(w io.Writer) func(crawl.Stats) {
	tty := isTerminal(w)
	var last time.Time
	return func(s crawl.Stats) {
		line := fmt.Sprintf("已请求 %d 个网址：获取 %d，未修改 %d，新增 %d，更新 %d，失败 %d",
			s.Requests, s.Fetched, s.NotModified+s.SameContent, s.Inserted, s.Updated, len(s.Failed))
		if tty {
			fmt.Fprintf(w, "\r\033[K%s", line)
			return
		}
		if time.Since(last) >= 5*time.Second {
			last = time.Now()
			fmt.Fprintln(w, line)
		}
	}
}

// listLimit is how many entries of a list a summary prints.
const listLimit = 50

func printCrawl(w io.Writer, s crawl.Stats) {
	if s.Resumed {
		fmt.Fprintln(w, "已从上次中断处继续抓取。")
	}
	fmt.Fprintf(w, "抓取完成：请求 %d 次，获取 %d 个（其中附件 %d），未变化 %d 个（304 未修改 %d，内容相同 %d），目录页 %d 个；"+
		"新增 %d，更新 %d，未变 %d；拒收 %d，失败 %d，跳过 %d，站外链接 %d 个未跟随；用时 %s\n",
		s.Requests, s.Fetched, s.Attachments, s.NotModified+s.SameContent, s.NotModified, s.SameContent, s.Hubs,
		s.Inserted, s.Updated, s.Unchanged, len(s.Rejected), len(s.Failed), len(s.Skipped), s.OffSite,
		s.Elapsed.Round(time.Millisecond))
	switch {
	case s.LimitReached && s.Pending > 0:
		fmt.Fprintf(w, "已达 --max-pages 上限，尚有 %d 个网址待抓取：再次运行同一命令将接着抓取。\n", s.Pending)
	case s.Finished && s.Fetched+s.NotModified+s.SameContent+s.Hubs > 0:
		fmt.Fprintln(w, "本站已抓取完毕；下次运行同一命令将重新检查全部网页，只下载和更新有变化的。")
	}
	if n := len(s.Links); n > 0 {
		k := 0
		for _, l := range s.Links {
			k += len(l.AttachmentIDs)
		}
		fmt.Fprintf(w, "附件：%d 个网页共有 %d 个附件，各为单独的记录，并已与所在网页关联。\n", n, k)
	}
	printUnclassified(w, s.Unclassified)
	printNearDuplicates(w, s.NearDuplicates)
	printList(w, "失败的网址：", len(s.Failed), func(i int) string { return s.Failed[i].URL + "：" + s.Failed[i].Reason })
	printList(w, "未能导入的文件：", len(s.Rejected), func(i int) string { return s.Rejected[i].Source + "：" + s.Rejected[i].Reason })
	printList(w, "跳过的网址：", len(s.Skipped), func(i int) string { return s.Skipped[i].URL + "：" + s.Skipped[i].Reason })
}

// printUnclassified lists the documents no rule gave a category.
func printUnclassified(w io.Writer, sources []string) {
	printList(w, fmt.Sprintf("%s（没有明确给出、也没有分类规则能决定类别；可在数据目录的 %s 中补充规则）：", classify.Unclassified, rulesFile),
		len(sources), func(i int) string { return sources[i] })
}

// printNearDuplicates lists the near duplicates found.
func printNearDuplicates(w io.Writer, nds []indexer.NearDuplicate) {
	printList(w, "近似重复（与已有记录仅页眉、落款等少量不同，已建立关联）：", len(nds), func(i int) string {
		return fmt.Sprintf("%s（%s）≈ %s，相差 %d 位", nds[i].Source, nds[i].ID, nds[i].Of, nds[i].Distance)
	})
}

// printList prints a heading and up to listLimit items.
func printList(w io.Writer, heading string, n int, item func(int) string) {
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "%s%d 个\n", heading, n)
	for i := range n {
		if i == listLimit {
			fmt.Fprintf(w, "  ……另有 %d 个\n", n-i)
			break
		}
		fmt.Fprintf(w, "  %s\n", item(i))
	}
}
