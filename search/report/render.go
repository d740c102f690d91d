package report

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

// Formats a report is written in.
const (
	FormatHTML     = "html"
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatDOCX     = "docx"
)

// Formats lists the formats Write accepts.
var Formats = []string{FormatHTML, FormatMarkdown, FormatJSON, FormatDOCX}

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatMarkdown:
		return "text/markdown; charset=utf-8"
	case FormatJSON:
		return "application/json; charset=utf-8"
	case FormatDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return "application/octet-stream"
}

// FileName is the name a downloaded report is saved under.
func (r *Report) FileName(format string) string {
	kind := "学年"
	if r.Period.IsCalendar() {
		kind = "年度"
	}
	return fmt.Sprintf("信息公开年度报告-%s%s.%s", r.Period.Key(), kind, format)
}

// Write writes the report in a format: html (a printable page), md, json
// (the stable form, docs/report.md) or docx.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case FormatJSON:
		return r.WriteJSON(w)
	case FormatMarkdown:
		return r.WriteMarkdown(w)
	case FormatHTML:
		return r.WriteHTML(w)
	case FormatDOCX:
		return r.WriteDOCX(w)
	}
	return fmt.Errorf("report: unknown format %q (html, md, json, docx)", format)
}

// WriteJSON writes the stable JSON form, indented.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("report: write json: %w", err)
	}
	return nil
}

// Chart is the bar chart of the records published each month, drawn as
// SVG from these precomputed shapes (no script, no inline styles).
type Chart struct {
	Width, Height int
	// Base is the y of the bars' baseline.
	Base int
	Bars []Bar
}

// Bar is one month of the chart.
type Bar struct {
	Label  string // 9月
	Title  string // 2024年9月：12 条
	Count  int
	URL    string
	X, Y   int
	W, H   int
	LabelX int
	LabelY int
	CountY int
}

// Chart geometry, in SVG user units.
const (
	chartBarWidth = 36
	chartBarGap   = 10
	chartArea     = 140 // tallest bar
	chartTop      = 18  // room for the count above the tallest bar
	chartBottom   = 22  // room for the month under the bars
)

// Chart draws the months of the period, one bar each, empty months
// included.
func (r *Report) Chart() Chart {
	months := r.Proactive.ByMonth
	c := Chart{Width: chartBarGap + len(months)*(chartBarWidth+chartBarGap), Height: chartTop + chartArea + chartBottom,
		Base: chartTop + chartArea}
	most := 0
	for _, m := range months {
		most = max(most, m.Count)
	}
	for i, m := range months {
		h := 0
		if most > 0 {
			h = m.Count * chartArea / most
		}
		if m.Count > 0 && h < 2 {
			h = 2
		}
		x := chartBarGap + i*(chartBarWidth+chartBarGap)
		month := strings.TrimLeft(m.Month[5:], "0") + "月"
		c.Bars = append(c.Bars, Bar{Label: month, Title: fmt.Sprintf("%s：%d 条", m.Label, m.Count), Count: m.Count,
			URL: m.SearchURL, X: x, Y: c.Base - h, W: chartBarWidth, H: h, LabelX: x + chartBarWidth/2,
			LabelY: c.Base + 16, CountY: c.Base - h - 4})
	}
	return c
}

// RequestRows are the request figures as the report's table lists them,
// label and value, or nil when no request data was recorded.
func (r *Report) RequestRows() [][2]string {
	f := r.Requests.RequestFigures
	if !r.Requests.Recorded || f == nil {
		return nil
	}
	n := strconv.Itoa
	rows := [][2]string{
		{"本期收到申请", n(f.Received)},
	}
	for _, c := range f.ByChannel {
		rows = append(rows, [2]string{"　其中：" + c.Label, n(c.Count)})
	}
	rows = append(rows,
		[2]string{"上期结转（期初尚未答复）", n(f.CarriedIn)},
		[2]string{"本期答复", n(f.Answered)})
	for _, o := range f.ByOutcome {
		rows = append(rows, [2]string{"　其中：" + o.Label, n(o.Count)})
	}
	rows = append(rows,
		[2]string{"结转下期（期末尚未答复）", n(f.CarriedOut)},
		[2]string{"收取费用（元）", f.Fees},
		[2]string{"逾期", n(f.Overdue)},
		[2]string{"　其中：逾期答复", n(f.OverdueAnswered)},
		[2]string{"　其中：期末逾期未答复", n(f.OverdueOpen)})
	if f.DeadlineUnknown > 0 {
		rows = append(rows, [2]string{"无法计算期限的申请", n(f.DeadlineUnknown)})
	}
	return rows
}

// CaseColumns are the result columns of the cases table.
var CaseColumns = []string{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"}

// CaseColumns returns the result columns of the cases table (for
// templates).
func (r *Report) CaseColumns() []string { return CaseColumns }

// BreakdownView is one breakdown of the proactive figures as the report
// prints it: a numbered title, the column head, the label of the records
// without a value, and the total.
type BreakdownView struct {
	Title, Head, None string
	B                 Breakdown
	Total             int
}

// Breakdowns are the proactive figures by category, department and
// checklist item, in report order.
func (r *Report) Breakdowns() []BreakdownView {
	t := r.Proactive.Total
	return []BreakdownView{
		{"（一）按类别", "类别", "未标注类别", r.Proactive.ByCategory, t},
		{"（二）按部门", "部门", "未标注部门", r.Proactive.ByDepartment, t},
		{"（三）按清单事项", "清单事项", "未归入清单事项", r.Proactive.ByChecklist, t},
	}
}

// Cells are a kind of cases' figures in CaseColumns order, or "未录入"
// cells when staff have not entered them.
func (c Cases) Cells() []string {
	if !c.Recorded {
		return []string{"未录入", "未录入", "未录入", "未录入", "未录入"}
	}
	n := strconv.Itoa
	return []string{n(c.Upheld), n(c.Corrected), n(c.Other), n(c.Pending), n(c.Total)}
}

// GeneratedLabel is the time the report was computed, in Beijing time.
func (r *Report) GeneratedLabel() string {
	t, err := time.Parse(time.RFC3339, r.GeneratedAt)
	if err != nil {
		return r.GeneratedAt
	}
	return t.In(beijing).Format("2006年1月2日 15:04")
}

// beijing is China Standard Time, fixed (no zone database needed).
var beijing = time.FixedZone("CST", 8*3600)

// DateLabel writes YYYY-MM-DD as 2025年8月31日 ("" stays "").
func DateLabel(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2006年1月2日")
}

// PeriodLabel is the period with its dates: 2024-2025学年（2024年9月1日至2025年8月31日）.
func (r *Report) PeriodLabel() string {
	return fmt.Sprintf("%s（%s至%s）", r.Period.Label, DateLabel(r.Period.From), DateLabel(r.Period.To))
}

// ---------------------------------------------------------------- markdown

// WriteMarkdown writes the report as Markdown, tables included.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# %s\n\n", r.Title)
	p("报告期间：%s　生成时间：%s\n\n", r.PeriodLabel(), r.GeneratedLabel())
	p("## 一、概述\n\n%s\n\n", orPending(r.Narrative.Overview))
	p("## 二、主动公开情况\n\n本期主动公开信息 %d 条（[检索](%s)）。以下数字均与同条件检索所得条数一致。\n\n", r.Proactive.Total, r.Proactive.SearchURL)
	for _, s := range r.Breakdowns() {
		p("### %s\n\n| %s | 条数 |\n| --- | ---: |\n", s.Title, s.Head)
		for _, c := range s.B.Values {
			label := c.Label
			if c.Label != c.Value {
				label = c.Value + " " + c.Label
			}
			p("| [%s](%s) | %d |\n", mdCell(label), c.SearchURL, c.Count)
		}
		if s.B.Unspecified > 0 {
			p("| %s | %d |\n", s.None, s.B.Unspecified)
		}
		p("| 合计 | %d |\n\n", r.Proactive.Total)
	}
	p("### （四）按月份\n\n| 月份 | 条数 |\n| --- | ---: |\n")
	for _, m := range r.Proactive.ByMonth {
		p("| [%s](%s) | %d |\n", m.Label, m.SearchURL, m.Count)
	}
	p("\n## 三、依申请公开情况\n\n")
	if rows := r.RequestRows(); rows == nil {
		p("%s。\n\n", r.Requests.Note)
	} else {
		p("| 项目 | 数量 |\n| --- | ---: |\n")
		for _, row := range rows {
			p("| %s | %s |\n", mdCell(row[0]), row[1])
		}
		p("\n")
	}
	p("## 四、举报/投诉、行政复议、行政诉讼情况\n\n| 类型 | %s |\n| --- |%s\n", strings.Join(CaseColumns, " | "),
		strings.Repeat(" ---: |", len(CaseColumns)))
	for _, c := range r.Cases {
		p("| %s | %s |\n", c.Label, strings.Join(c.Cells(), " | "))
	}
	for _, c := range r.Cases {
		if c.Note != "" {
			p("\n%s：%s\n", c.Label, mdCell(c.Note))
		}
	}
	p("\n## 五、主要问题和改进措施\n\n%s\n\n", orPending(r.Narrative.Problems))
	p("## 附表：清单事项公开情况表\n\n依据%s%s，共 %d 类 %d 项。\n\n", r.Checklist.Title, bracket(r.Checklist.DocumentNumber),
		r.Checklist.Categories, r.Checklist.Items)
	p("| 编号 | 类别 | 事项 | 本期公开 | 最近公开日期 |\n| --- | --- | --- | ---: | --- |\n")
	for _, it := range r.Items {
		latest := DateLabel(it.Latest)
		if it.Count == 0 {
			latest = "本期未公开"
		}
		p("| %s | %s | [%s](%s) | %d | %s |\n", it.Code, mdCell(it.Category), mdCell(it.Name), it.SearchURL, it.Count, latest)
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("report: write markdown: %w", err)
	}
	return nil
}

func orPending(s string) string {
	if strings.TrimSpace(s) == "" {
		return "（待填写）"
	}
	return s
}

func bracket(s string) string {
	if s == "" {
		return ""
	}
	return "（" + s + "）"
}

// mdCell keeps a value on one table line.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	return strings.Join(strings.Fields(s), " ")
}

// ---------------------------------------------------------------- html

//go:embed templates/*.html
var templateFS embed.FS

var standalone = template.Must(template.New("standalone.html").Funcs(template.FuncMap{
	"date":       DateLabel,
	"paragraphs": Paragraphs,
}).ParseFS(templateFS, "templates/standalone.html"))

// Paragraphs splits staff-written text into its paragraphs (blank or
// single line breaks both end one).
func Paragraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// WriteHTML writes the report as one self-contained, printable HTML page
// (its own styles, an SVG chart, no script).
func (r *Report) WriteHTML(w io.Writer) error {
	var buf bytes.Buffer
	if err := standalone.Execute(&buf, r); err != nil {
		return fmt.Errorf("report: render html: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("report: write html: %w", err)
	}
	return nil
}
