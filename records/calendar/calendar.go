package calendar

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// OverrideFile is the name of the operator's calendar file in the data
// folder: next year's notice, or corrections, in the same format as the
// embedded file. LoadDir reads it after the embedded data, day by day
// overriding it.
const OverrideFile = "holidays.txt"

// holidaysCN is the embedded calendar, generated from
// ../shared/data/holidays-cn by `go generate` (see doc.go); the repository
// never reads ../shared at run time.
//
//go:embed holidays-cn.txt
var holidaysCN []byte

// Kind says why a day is, or is not, a working day.
type Kind uint8

// The kinds of day.
const (
	// Workday is an ordinary Monday to Friday working day.
	Workday Kind = iota + 1
	// Weekend is a Saturday or Sunday that no notice makes a working day.
	Weekend
	// Holiday is a day the notice gives off (法定节假日 or a weekday given
	// off for 调休), whatever the day of the week.
	Holiday
	// MakeUp is a day the notice makes a working day (调休上班), usually a
	// Saturday or Sunday.
	MakeUp
)

// Reason explains whether a day is a working day: the kind of day, the
// holiday it belongs to, and whether it was assumed rather than known.
type Reason struct {
	Kind    Kind
	Weekday time.Weekday
	// Name is the holiday of a Holiday or MakeUp day as the notice names it
	// (国庆节、中秋节), empty otherwise.
	Name string
	// Provisional marks a day in a year the calendar does not cover, judged
	// by the day of the week only (see Calendar.Provisional).
	Provisional bool
}

// Working reports whether the day is a working day.
func (r Reason) Working() bool { return r.Kind == Workday || r.Kind == MakeUp }

// String explains the reason in Chinese: 工作日, 周六, 国庆节, 国庆节调休上班.
func (r Reason) String() string {
	var s string
	switch r.Kind {
	case Workday:
		s = "工作日"
	case Weekend:
		s = WeekdayName(r.Weekday)
	case Holiday:
		s = r.Name
		if s == "" {
			s = "放假"
		}
	case MakeUp:
		s = r.Name + "调休上班"
	default:
		return "未知"
	}
	if r.Provisional {
		s += "（该年放假安排未收录，按普通周末推算）"
	}
	return s
}

// Day is a date with its reason: a day that AddWorkdays skipped, or a
// make-up day it counted although it falls on a weekend.
type Day struct {
	Date   Date
	Reason Reason
}

// String explains the day on one line, as the CLI and the request page show
// it: "2025-10-01 周三 国庆节、中秋节 休息", "2025-09-27 周六 休息",
// "2025-09-28 周日 国庆节、中秋节调休上班".
func (d Day) String() string {
	s := d.Date.String() + " " + WeekdayName(d.Date.Weekday())
	switch d.Reason.Kind {
	case Workday:
		s += " 上班"
	case Weekend:
		s += " 休息"
	case Holiday:
		s += " " + d.Reason.String() + " 休息"
	case MakeUp:
		s += " " + d.Reason.String()
	}
	if d.Reason.Provisional && d.Reason.Kind != Holiday && d.Reason.Kind != MakeUp {
		s += "（该年放假安排未收录，按普通周末推算）"
	}
	return s
}

// ErrNotCovered is the error (matched with errors.Is) for a date in a year
// whose holiday notice the calendar does not hold. The concrete error is a
// *NotCoveredError naming the year.
var ErrNotCovered = errors.New("calendar: year not covered")

// NotCoveredError reports a date in a year the calendar does not cover.
type NotCoveredError struct {
	Date Date
}

func (e *NotCoveredError) Error() string {
	return fmt.Sprintf("工作日历未收录 %d 年的放假安排（计算涉及 %s）：请将国务院办公厅当年的放假通知按格式写入数据目录下的 %s（格式见内置日历文件 holidays-cn.txt 的说明）",
		e.Date.Year, e.Date, OverrideFile)
}

// Is makes errors.Is(err, ErrNotCovered) true.
func (e *NotCoveredError) Is(target error) bool { return target == ErrNotCovered }

// entry is one listed day of a notice.
type entry struct {
	off  bool
	name string
}

// Calendar is a working-day calendar: the days the notices list and the
// years whose notices it holds. A Calendar is not changed after it is built
// (Merge and Provisional return new ones), so one value can be shared by any
// number of goroutines.
type Calendar struct {
	days  map[Date]entry
	years map[int]string // covered year → where its notice came from
	// provisional makes uncovered years plain Monday-to-Friday weeks
	// instead of an error.
	provisional bool
}

// Default returns the embedded calendar (2007 to the last year generated).
// It panics if the embedded file does not parse, which a test rules out.
func Default() *Calendar { return defaultCalendar() }

var defaultCalendar = sync.OnceValue(func() *Calendar {
	c, err := Load(bytes.NewReader(holidaysCN))
	if err != nil {
		panic(fmt.Sprintf("calendar: embedded %s: %v", "holidays-cn.txt", err))
	}
	return c
})

// LoadFile reads a calendar file; errors name the file and the line.
func LoadFile(path string) (*Calendar, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// LoadDir returns the embedded calendar overridden by the operator's file
// OverrideFile in the data folder dir, when there is one. A missing file is
// not an error; a malformed one is, so that a typo never silently leaves a
// holiday out.
func LoadDir(dir string) (*Calendar, error) {
	path := filepath.Join(dir, OverrideFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return Default(), nil
	}
	extra, err := LoadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读取工作日历: %w", err)
	}
	return Default().Merge(extra), nil
}

// Merge returns a calendar holding c's days and years overridden by o's:
// a day o lists replaces c's entry for that date, and o's years are added.
// Neither c nor o changes.
func (c *Calendar) Merge(o *Calendar) *Calendar {
	m := &Calendar{days: maps.Clone(c.days), years: maps.Clone(c.years), provisional: c.provisional || o.provisional}
	maps.Copy(m.days, o.days)
	maps.Copy(m.years, o.years)
	return m
}

// Provisional returns a copy of c that judges dates in uncovered years by
// the day of the week alone instead of returning ErrNotCovered. Every such
// day carries Reason.Provisional, and Uncovered lists the years assumed, so
// a caller can say that the figure must be checked once the notice is in.
func (c *Calendar) Provisional() *Calendar {
	return &Calendar{days: c.days, years: c.years, provisional: true}
}

// Covers reports whether the calendar holds the holiday notice of year.
func (c *Calendar) Covers(year int) bool {
	_, ok := c.years[year]
	return ok
}

// Years returns the covered years in order.
func (c *Calendar) Years() []int { return slices.Sorted(maps.Keys(c.years)) }

// Source returns where the notice of a covered year came from (the notice's
// address as the file gives it), and "" for an uncovered year.
func (c *Calendar) Source(year int) string { return c.years[year] }

// Uncovered returns the years from from to to (inclusive, in either order)
// that the calendar does not cover.
func (c *Calendar) Uncovered(from, to Date) []int {
	if to.Before(from) {
		from, to = to, from
	}
	var ys []int
	for y := from.Year; y <= to.Year; y++ {
		if !c.Covers(y) {
			ys = append(ys, y)
		}
	}
	return ys
}

// Reason returns why d is or is not a working day. It returns a
// *NotCoveredError when d's year is not covered, unless c is provisional.
func (c *Calendar) Reason(d Date) (Reason, error) {
	d = NewDate(d.Year, d.Month, d.Day)
	wd := d.Weekday()
	covered := c.Covers(d.Year)
	if !covered && !c.provisional {
		return Reason{}, &NotCoveredError{Date: d}
	}
	r := Reason{Weekday: wd, Provisional: !covered}
	if e, ok := c.days[d]; ok {
		r.Name = e.name
		if e.off {
			r.Kind = Holiday
		} else {
			r.Kind = MakeUp
		}
		return r, nil
	}
	if wd == time.Saturday || wd == time.Sunday {
		r.Kind = Weekend
	} else {
		r.Kind = Workday
	}
	return r, nil
}

// IsWorkday reports whether d is a working day, and why. It returns a
// *NotCoveredError when d's year is not covered, unless c is provisional.
func (c *Calendar) IsWorkday(d Date) (bool, Reason, error) {
	r, err := c.Reason(d)
	if err != nil {
		return false, r, err
	}
	return r.Working(), r, nil
}

// maxSpan bounds the walks of AddWorkdays and WorkdaysBetween: no legal
// period comes near ten years, and a runaway count is a bug upstream.
const maxSpan = 3660

// AddWorkdays returns the n-th working day after from: the day of receipt
// (from) is not counted, whatever day it is, and counting begins with the
// first working day after it (自收到申请之次日起计算). So a request received
// on a holiday is counted from the first working day after the holiday.
//
// The days it returns explain the count: every day skipped (weekends and
// holidays, each with its reason) and every make-up day counted although it
// falls on a weekend, in date order. n = 0 returns from. A date in an
// uncovered year is an error (see Provisional).
func (c *Calendar) AddWorkdays(from Date, n int) (Date, []Day, error) {
	if n < 0 {
		return Date{}, nil, fmt.Errorf("工作日数不能为负数: %d", n)
	}
	if n > maxSpan {
		return Date{}, nil, fmt.Errorf("工作日数 %d 过大", n)
	}
	var notes []Day
	d := NewDate(from.Year, from.Month, from.Day)
	for counted := 0; counted < n; {
		d = d.AddDays(1)
		r, err := c.Reason(d)
		if err != nil {
			return Date{}, nil, fmt.Errorf("自 %s 起算 %d 个工作日: %w", from, n, err)
		}
		if r.Working() {
			counted++
		}
		if r.Kind != Workday {
			notes = append(notes, Day{Date: d, Reason: r})
		}
	}
	return d, notes, nil
}

// WorkdaysBetween returns the number of working days after from up to and
// including to: the count AddWorkdays would need to reach to from from. When
// to is before from it returns minus the count from to to from, so
// WorkdaysBetween(due, today) > 0 means "that many working days overdue".
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	from = NewDate(from.Year, from.Month, from.Day)
	to = NewDate(to.Year, to.Month, to.Day)
	sign := 1
	if to.Before(from) {
		from, to, sign = to, from, -1
	}
	n := 0
	steps := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if steps++; steps > maxSpan*2 {
			return 0, fmt.Errorf("%s 至 %s 相隔过远", from, to)
		}
		r, err := c.Reason(d)
		if err != nil {
			return 0, fmt.Errorf("计算 %s 至 %s 的工作日: %w", from, to, err)
		}
		if r.Working() {
			n++
		}
	}
	return sign * n, nil
}
