package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/xxgk-archive/archive/records/checklist"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search/report"
)

// report writes the statistics section of the annual report on disclosure
// for an academic year (--year 2024: 2024-09-01 to 2025-08-31) or, with
// --calendar-year, a calendar year.
func (m *Main) report(ctx context.Context, args []string) error {
	var c common
	fs := m.newFlagSet("report", "--year 年份 [--calendar-year] [--format html|md|json|docx] [--out 文件]")
	c.register(fs)
	year := fs.Int("year", 0, "报告年度：学年的起始年份（2024 即 2024-09-01 至 2025-08-31）")
	calendarYear := fs.Bool("calendar-year", false, "按自然年（1月1日至12月31日）统计")
	format := fs.String("format", report.FormatHTML, "输出格式 html|md|json|docx")
	out := fs.String("out", "", "输出文件（默认：html、md、json 写到标准输出，docx 写到当前目录下的默认文件名）")
	baseURL := fs.String("base-url", "", "检索链接的网址前缀，如 https://xxgk.example.edu.cn（默认为站内相对链接）")
	institution := fs.String("institution", "", "报告单位名称，写在标题前")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(m.Stderr, "archive report: 多余的参数 %q\n", strings.Join(pos, " "))
		return errUsage
	}
	if *year == 0 {
		fmt.Fprintln(m.Stderr, "archive report: 请用 --year 指定年度，例如 --year 2024（2024-2025学年）")
		return errUsage
	}
	if !slices.Contains(report.Formats, *format) {
		fmt.Fprintf(m.Stderr, "archive report: 未知的格式 %q（可用 %s）\n", *format, strings.Join(report.Formats, "、"))
		return errUsage
	}
	p, err := report.NewPeriod(*year, *calendarYear)
	if err != nil {
		return userError(err)
	}
	log := m.logger(c.logLevel)
	list, err := checklist.LoadDir(c.data)
	if err != nil {
		return err
	}
	a, err := openArchive(ctx, c.data, log)
	if err != nil {
		return err
	}
	defer a.Close()
	dk, err := desk.Open(a.store, a.dir)
	if err != nil {
		return err
	}
	gen := report.New(a.engine(log), a.store, report.Options{Checklist: list, Desk: dk,
		Institution: strings.TrimSpace(*institution), BaseURL: strings.TrimRight(*baseURL, "/")})
	r, err := gen.Build(ctx, p)
	if err != nil {
		return userError(err)
	}
	var buf bytes.Buffer
	if err := r.Write(&buf, *format); err != nil {
		return err
	}
	path := *out
	if path == "" && *format == report.FormatDOCX {
		path = r.FileName(report.FormatDOCX)
	}
	if path == "" || path == "-" {
		_, err := io.Copy(m.Stdout, &buf)
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("写入报告：%w", err)
	}
	fmt.Fprintf(m.Stderr, "已生成 %s 信息公开年度报告（%s）：%s\n", p.Label, *format, path)
	return nil
}
