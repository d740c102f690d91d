package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/search/export"
)

// searchFlags are the filters export and batch take, as search does.
type searchFlags struct {
	req   search.Request
	staff bool
	out   string
	actor string
}

func (f *searchFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.req.Exact, "exact", false, "精确匹配：每个词须连续出现")
	fs.StringVar(&f.req.Category, "category", "", "按类别筛选")
	fs.StringVar(&f.req.Department, "department", "", "按部门筛选")
	fs.IntVar(&f.req.Year, "year", 0, "按年份筛选")
	fs.StringVar(&f.req.From, "from", "", "发布日期起 YYYY-MM-DD")
	fs.StringVar(&f.req.To, "to", "", "发布日期止 YYYY-MM-DD")
	fs.StringVar(&f.req.Sort, "sort", "relevance", "排序 relevance|date")
	fs.BoolVar(&f.staff, "staff", false, "包含依申请公开、不予公开和已撤回的记录（工作人员视角）")
	fs.StringVar(&f.req.AsOf, "as-of", "", "按日期回溯 YYYY-MM-DD：当日结束时公众所见的版本（工作人员）")
	fs.BoolVar(&f.req.AllVersions, "all-versions", false, "检索全部版本（工作人员）")
	fs.StringVar(&f.out, "out", "", "输出文件（默认标准输出）")
	flagActor(fs, &f.actor)
}

// request returns the search request, staff-only views implying --staff.
func (f *searchFlags) request() search.Request {
	req := f.req
	if f.staff || req.AsOf != "" || req.AllVersions {
		req.Audience = search.Staff
	}
	return req
}

// output opens the output file (stdout by default); close flushes it.
func (m *Main) output(path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return m.Stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("创建输出文件：%w", err)
	}
	return f, f.Close, nil
}

func (m *Main) export(ctx context.Context, args []string) error {
	var c common
	var f searchFlags
	var format, baseURL string
	var bom bool
	fs := m.newFlagSet("export", "[选项] 检索式（可为空：按筛选条件导出）")
	c.register(fs)
	f.register(fs)
	fs.StringVar(&format, "format", "csv", "格式 csv|jsonl")
	fs.StringVar(&baseURL, "base-url", "", "固定链接的网址前缀，如 https://xxgk.example.edu.cn")
	fs.BoolVar(&bom, "bom", false, "CSV 以 UTF-8 BOM 开头（便于 Excel 打开）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	fmtOut, err := export.ParseFormat(format)
	if err != nil {
		return userError(err)
	}
	req := f.request()
	req.Query = strings.Join(pos, " ")
	log := m.logger(c.logLevel)
	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	w, closeOut, err := m.output(f.out)
	if err != nil {
		return err
	}
	sum, err := export.Write(ctx, a.engine(log), req, w, export.Options{Format: fmtOut, BaseURL: baseURL, BOM: bom})
	if cerr := closeOut(); err == nil && cerr != nil {
		err = fmt.Errorf("写出文件：%w", cerr)
	}
	if err != nil {
		return userError(err)
	}
	m.logAccess(ctx, a.store, f.actor, "query:"+req.Query, req, sum.Rows)
	if f.out != "" {
		fmt.Fprintf(m.Stderr, "已导出 %d 条结果到 %s\n", sum.Rows, f.out)
	}
	return nil
}

func (m *Main) batch(ctx context.Context, args []string) error {
	var c common
	var f searchFlags
	var limit int
	var baseURL string
	var bom bool
	fs := m.newFlagSet("batch", "[选项] 检索式文件（每行一条；- 为标准输入）")
	c.register(fs)
	f.register(fs)
	fs.IntVar(&limit, "limit", 0, "每条检索式最多输出的结果数（0 为全部）")
	fs.StringVar(&baseURL, "base-url", "", "固定链接的网址前缀")
	fs.BoolVar(&bom, "bom", false, "以 UTF-8 BOM 开头（便于 Excel 打开）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "archive batch: 请给出一个检索式文件（每行一条检索式），- 表示标准输入")
		return errUsage
	}
	var in io.Reader
	if pos[0] == "-" {
		in = m.Stdin
		if in == nil {
			in = os.Stdin
		}
	} else {
		file, err := os.Open(pos[0])
		if err != nil {
			return fmt.Errorf("打开检索式文件：%w", err)
		}
		defer file.Close()
		in = file
	}
	log := m.logger(c.logLevel)
	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	w, closeOut, err := m.output(f.out)
	if err != nil {
		return err
	}
	req := f.request()
	sum, err := export.Batch(ctx, a.engine(log), in, req, w, export.BatchOptions{MaxPerQuery: limit, BaseURL: baseURL, BOM: bom})
	if cerr := closeOut(); err == nil && cerr != nil {
		err = fmt.Errorf("写出文件：%w", cerr)
	}
	if err != nil {
		return userError(err)
	}
	m.logAccess(ctx, a.store, f.actor, "batch:"+pos[0], req, sum.Rows)
	fmt.Fprintf(m.Stderr, "批量检索完成：%d 条检索式（%d 条有误），输出 %d 条结果\n", sum.Queries, sum.Failed, sum.Rows)
	return nil
}

// logAccess records an export in the access log; a failure to record it is
// logged, the export itself having succeeded.
func (m *Main) logAccess(ctx context.Context, store *records.Store, actor, target string, req search.Request, rows int) {
	detail, _ := json.Marshal(map[string]any{"exact": req.Exact, "category": req.Category, "department": req.Department,
		"year": req.Year, "from": req.From, "to": req.To, "as_of": req.AsOf, "all_versions": req.AllVersions,
		"staff": req.Audience == search.Staff, "rows": rows})
	if err := store.LogAccess(ctx, records.AccessEntry{Actor: actor, Action: records.AccessExport, Target: target,
		Detail: string(detail)}); err != nil {
		m.log.Error("could not record the export in the access log", "err", err)
	}
}
