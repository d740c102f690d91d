package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

func (m *Main) search(ctx context.Context, args []string) error {
	var c common
	var req search.Request
	var asJSON, staff bool
	fs := m.newFlagSet("search", "[选项] 检索式")
	c.register(fs)
	fs.BoolVar(&asJSON, "json", false, "以 JSON 输出（与 /api/search 相同）")
	fs.BoolVar(&req.Exact, "exact", false, "精确匹配：每个词须连续出现，列出全部结果")
	fs.StringVar(&req.Category, "category", "", "按类别筛选")
	fs.StringVar(&req.Department, "department", "", "按部门筛选")
	fs.IntVar(&req.Year, "year", 0, "按年份筛选")
	fs.StringVar(&req.From, "from", "", "发布日期起 YYYY-MM-DD")
	fs.StringVar(&req.To, "to", "", "发布日期止 YYYY-MM-DD")
	fs.StringVar(&req.Sort, "sort", "relevance", "排序 relevance|date")
	fs.IntVar(&req.Page, "page", 1, "页码")
	fs.IntVar(&req.Size, "size", 10, "每页条数（1–100）；--exact 时默认列出全部")
	fs.BoolVar(&staff, "staff", false, "包含依申请公开和不予公开的记录（工作人员视角）")
	fs.StringVar(&req.AsOf, "as-of", "", "按日期回溯 YYYY-MM-DD：当日结束时公众所见的版本（工作人员视角）")
	fs.BoolVar(&req.AllVersions, "all-versions", false, "检索全部版本，含旧版本与已删除的记录（工作人员视角）")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	req.Query = strings.Join(pos, " ")
	if staff || req.AsOf != "" || req.AllVersions {
		req.Audience = search.Staff
	}
	all := req.Exact && !flagSet(fs, "size") && !flagSet(fs, "page") && !asJSON
	log := m.logger(c.logLevel)
	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if n, err := a.store.Count(ctx); err == nil && n == 0 {
		fmt.Fprintf(m.Stderr, "数据目录 %s 中还没有记录：先运行 archive ingest 路径…，或 archive demo 导入示例语料。\n", c.data)
	}
	eng := a.engine(log)
	if all {
		req.Size = search.MaxPageSize
	}
	res, err := eng.Search(ctx, req)
	if err != nil {
		return userError(err)
	}
	if asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	hits := res.Hits
	for all && len(hits) < res.Total {
		req.Page++
		more, err := eng.Search(ctx, req)
		if err != nil {
			return userError(err)
		}
		if len(more.Hits) == 0 {
			break
		}
		hits = append(hits, more.Hits...)
	}
	res.Hits = hits
	printResult(m.Stdout, res, req, isTerminal(m.Stdout), all)
	return nil
}

// flagSet reports whether the user gave the named flag.
func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// userError turns an invalid-request error into its message alone.
func userError(err error) error {
	if records.ErrorCode(err) == records.EINVALID {
		return fmt.Errorf("%s", records.ErrorMessage(err))
	}
	return err
}

var markRE = regexp.MustCompile(`</?mark>`)

// plain turns a highlighted HTML fragment into terminal text: marks become
// bold (on a terminal) or 【】, entities are decoded.
func plain(h string, tty bool) string {
	h = markRE.ReplaceAllStringFunc(h, func(t string) string {
		switch {
		case tty && t == "<mark>":
			return "\033[1;31m"
		case tty:
			return "\033[0m"
		case t == "<mark>":
			return "【"
		}
		return "】"
	})
	return html.UnescapeString(h)
}

func printResult(w io.Writer, res *search.Result, req search.Request, tty, all bool) {
	mode := "相关度"
	if req.Sort == search.SortDate {
		mode = "日期"
	}
	if req.Exact {
		mode = "精确匹配，" + mode
	}
	fmt.Fprintf(w, "共 %d 条结果（%s排序，用时 %s）\n", res.Total, mode, res.Took.Round(time.Millisecond/10))
	switch {
	case res.Relaxed && res.StrictTotal == 0:
		fmt.Fprintln(w, "没有同时包含全部词语的结果，以下为包含大部分词语的结果。")
	case res.Relaxed:
		fmt.Fprintf(w, "同时包含全部词语的结果只有 %d 条，排在前面；其后为包含大部分词语的结果。\n", res.StrictTotal)
	}
	first := (res.Page-1)*res.Size + 1
	if all {
		first = 1
	}
	for i, h := range res.Hits {
		meta := []string{}
		for _, s := range []string{h.Category, h.Department, h.Published, h.DocNumber} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		if h.Visibility != records.Public {
			meta = append(meta, "〔"+h.Visibility.Label()+"〕")
		}
		if req.AsOf != "" || req.AllVersions {
			meta = append(meta, fmt.Sprintf("第 %d 版", h.Version))
		}
		fmt.Fprintf(w, "\n%d. %s\n   %s  id=%s\n", first+i, plain(h.TitleHTML, tty), strings.Join(meta, " · "), h.ID)
		if !all {
			fmt.Fprintf(w, "   %s\n", plain(h.Snippet, tty))
		}
	}
	if len(res.Hits) == 0 {
		fmt.Fprintln(w, "\n没有找到结果。可以减少词语、去掉筛选条件，或改用相关度检索（不加 --exact）。")
	}
	printFacet(w, "类别", res.Facets.Category)
	printFacet(w, "部门", res.Facets.Department)
	printFacet(w, "年份", res.Facets.Year)
}

func printFacet(w io.Writer, name string, vs []search.FacetValue) {
	if len(vs) == 0 {
		return
	}
	parts := make([]string, 0, len(vs))
	for i, v := range vs {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("等 %d 项", len(vs)))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", v.Value, v.Count))
	}
	fmt.Fprintf(w, "\n%s：%s", name, strings.Join(parts, "  "))
	if name == "年份" {
		fmt.Fprintln(w)
	}
}
