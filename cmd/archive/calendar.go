package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

// calendarUsage is the text of `archive calendar` without a subcommand.
const calendarUsage = `用法: archive calendar <子命令> [选项]

子命令:
  due --from 日期 [--days N] [--rule 高校|政府] [--explain]
            计算答复期限：自收到之日（不计入）起第 N 个工作日；未给 --days 时用规则集的答复期限
  check 日期…
            是否工作日，及原因（周末、节假日、调休上班）
  rules     列出答复期限规则集及其依据的法规

通用选项:
  --data DIR       数据目录（默认 ./archive-data）；其中的 holidays.txt 补充或更正工作日历，
                   rules.txt 补充或覆盖规则集
  --provisional    日历未收录的年份暂按普通周末推算（结果须在收录后重新核对）
`

// calendar runs `archive calendar due|check|rules`: the working-day
// calendar and the deadline rule sets of the request desk, from the command
// line.
func (m *Main) calendar(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stderr, calendarUsage)
		return errUsage
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "due":
		return m.calendarDue(rest)
	case "check":
		return m.calendarCheck(rest)
	case "rules":
		return m.calendarRules(rest)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(m.Stdout, calendarUsage)
		return nil
	}
	fmt.Fprintf(m.Stderr, "archive calendar: 未知子命令 %q\n\n%s", sub, calendarUsage)
	return errUsage
}

// calendarOptions are the options every calendar subcommand takes.
type calendarOptions struct {
	common
	provisional bool
}

func (o *calendarOptions) register(fs *flag.FlagSet) {
	o.common.register(fs)
	fs.BoolVar(&o.provisional, "provisional", false, "日历未收录的年份暂按普通周末推算")
}

// load returns the calendar of the data folder, provisional if asked.
func (o *calendarOptions) load() (*calendar.Calendar, error) {
	cal, err := calendar.LoadDir(o.data)
	if err != nil {
		return nil, err
	}
	if o.provisional {
		cal = cal.Provisional()
	}
	return cal, nil
}

// explainNotCovered adds the command-line way out to an uncovered year.
func explainNotCovered(err error) error {
	if errors.Is(err, calendar.ErrNotCovered) {
		return fmt.Errorf("%w\n可加 --provisional 暂按普通周末推算（结果须在收录后重新核对）", err)
	}
	return err
}

func (m *Main) calendarDue(args []string) error {
	var o calendarOptions
	var from, ruleName string
	var days int
	var explain bool
	fs := m.newFlagSet("calendar due", "--from 日期 [--days N] [--rule 高校|政府] [--explain]")
	o.register(fs)
	fs.StringVar(&from, "from", "", "收到申请之日 YYYY-MM-DD（该日不计入）")
	fs.IntVar(&days, "days", 0, "工作日数（默认：规则集的答复期限）")
	fs.StringVar(&ruleName, "rule", "", "规则集：高校（默认）、政府，或数据目录 rules.txt 中的简称")
	fs.BoolVar(&explain, "explain", false, "逐日列出跳过的休息日和计入的调休上班日及原因")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fmt.Fprintf(m.Stderr, "archive calendar due: 多余的参数 %q\n", strings.Join(pos, " "))
		fs.Usage()
		return errUsage
	}
	if from == "" {
		fmt.Fprintln(m.Stderr, "archive calendar due: 须用 --from 给出收到申请之日，例如 --from 2025-09-26")
		return errUsage
	}
	start, err := calendar.ParseDate(from)
	if err != nil {
		return fmt.Errorf("--from: %w", err)
	}
	if days < 0 {
		return fmt.Errorf("--days 不能为负数: %d", days)
	}
	rules, err := deadline.LoadRulesDir(o.data)
	if err != nil {
		return err
	}
	rule, err := rules.Rule(ruleName)
	if err != nil {
		return err
	}
	basis := fmt.Sprintf("依据：%s，%d 个工作日（规则集“%s”）", rule.Law, rule.Days, rule.ID)
	if days == 0 {
		days = rule.Days
	} else {
		basis = fmt.Sprintf("按指定的 %d 个工作日计算", days)
	}
	cal, err := o.load()
	if err != nil {
		return err
	}
	due, notes, err := cal.AddWorkdays(start, days)
	if err != nil {
		return explainNotCovered(err)
	}
	fmt.Fprintln(m.Stdout, due)
	if ys := cal.Uncovered(start, due); len(ys) > 0 {
		fmt.Fprintf(m.Stderr, "注意：工作日历未收录 %s 年的放假安排，其间按普通周末推算；收录后请重新计算。\n", joinYears(ys))
	}
	if explain {
		printDueExplanation(m.Stdout, cal, basis, start, due, days, notes)
	}
	return nil
}

func printDueExplanation(w io.Writer, cal *calendar.Calendar, basis string, start, due calendar.Date, days int, notes []calendar.Day) {
	fmt.Fprintln(w, basis)
	what := "工作日"
	if r, err := cal.Reason(start); err == nil && !r.Working() {
		what = "休息日（" + restLabel(r) + "）"
	}
	fmt.Fprintf(w, "收到之日 %s %s，%s，不计入；自次日起计算 %d 个工作日，第 %d 个为 %s %s。\n",
		start, calendar.WeekdayName(start.Weekday()), what, days, days, due, calendar.WeekdayName(due.Weekday()))
	skipped, madeUp := 0, 0
	for _, d := range notes {
		if d.Reason.Working() {
			madeUp++
			fmt.Fprintf(w, "  %s（计入）\n", d)
		} else {
			skipped++
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	fmt.Fprintf(w, "共跳过 %d 个休息日", skipped)
	if madeUp > 0 {
		fmt.Fprintf(w, "，计入 %d 个调休上班日", madeUp)
	}
	fmt.Fprintln(w, "。")
}

// restLabel names why a day off is off: 周末 or the holiday.
func restLabel(r calendar.Reason) string {
	if r.Kind == calendar.Weekend {
		return "周末"
	}
	return r.String()
}

func (m *Main) calendarCheck(args []string) error {
	var o calendarOptions
	fs := m.newFlagSet("calendar check", "日期…")
	o.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fmt.Fprintln(m.Stderr, "archive calendar check: 须给出日期，例如 archive calendar check 2025-10-11")
		return errUsage
	}
	cal, err := o.load()
	if err != nil {
		return err
	}
	for _, s := range pos {
		d, err := calendar.ParseDate(s)
		if err != nil {
			return err
		}
		r, err := cal.Reason(d)
		if err != nil {
			return explainNotCovered(err)
		}
		line := d.String() + " " + calendar.WeekdayName(d.Weekday()) + " "
		switch {
		case r.Kind == calendar.Workday:
			line += "工作日"
		case r.Working():
			line += "工作日（" + r.String() + "）"
		default:
			line += "休息日（" + restLabel(r) + "）"
		}
		if r.Provisional && (r.Kind == calendar.Workday || r.Kind == calendar.Weekend) {
			line += "（该年放假安排未收录，按普通周末推算）"
		}
		fmt.Fprintln(m.Stdout, line)
	}
	return nil
}

func (m *Main) calendarRules(args []string) error {
	var o calendarOptions
	fs := m.newFlagSet("calendar rules", "")
	o.register(fs)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	rules, err := deadline.LoadRulesDir(o.data)
	if err != nil {
		return err
	}
	def := rules.Default().ID
	for _, r := range rules.Rules() {
		mark := ""
		if r.ID == def {
			mark = "（默认）"
		}
		fmt.Fprintf(m.Stdout, "%s%s  %s\n  法规：%s\n", r.ID, mark, r.Title, r.Law)
		if r.Articles != "" {
			fmt.Fprintf(m.Stdout, "  条款：%s\n", r.Articles)
		}
		parts := []string{fmt.Sprintf("答复期限 %d 个工作日（收到之日不计入）", r.Days)}
		if r.MaxExtension > 0 {
			parts = append(parts, fmt.Sprintf("经批准可延长一次，最长 %d 个工作日", r.MaxExtension))
		} else {
			parts = append(parts, "不得延长")
		}
		if r.CorrectionNotice > 0 {
			parts = append(parts, fmt.Sprintf("补正须在收到后 %d 个工作日内一次性告知", r.CorrectionNotice))
		}
		parts = append(parts, "收到补正之日起重新计算")
		if r.ConsultationExcluded {
			parts = append(parts, "征求第三方意见时间不计入")
		} else {
			parts = append(parts, "征求第三方意见时间计入期限")
		}
		fmt.Fprintf(m.Stdout, "  %s\n", strings.Join(parts, "；"))
	}
	return nil
}

func joinYears(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = fmt.Sprint(y)
	}
	return strings.Join(s, "、")
}
