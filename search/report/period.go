package report

import (
	"fmt"
	"time"

	"github.com/xxgk-archive/archive/records"
)

// Period is the span a report covers: an academic year (学年, Year-09-01 to
// (Year+1)-08-31, the period of the annual report the MoE asks for) or a
// calendar year (Year-01-01 to Year-12-31). Both ends are included.
type Period struct {
	// Kind is "academic" or "calendar".
	Kind string `json:"kind"`
	Year int    `json:"year"`
	// From and To are the first and last day, YYYY-MM-DD.
	From string `json:"from"`
	To   string `json:"to"`
	// Label names the period in Chinese: 2024-2025学年, 2024年.
	Label string `json:"label"`
}

// Kinds of Period.
const (
	Academic = "academic"
	Calendar = "calendar"
)

// NewPeriod returns the academic year starting in September of year, or
// the calendar year when calendar is set.
func NewPeriod(year int, calendar bool) (Period, error) {
	if year < 1900 || year > 2200 {
		return Period{}, records.Errorf(records.EINVALID, "年份 %d 不合理", year)
	}
	if calendar {
		return Period{Kind: Calendar, Year: year, From: fmt.Sprintf("%04d-01-01", year),
			To: fmt.Sprintf("%04d-12-31", year), Label: fmt.Sprintf("%d年", year)}, nil
	}
	return Period{Kind: Academic, Year: year, From: fmt.Sprintf("%04d-09-01", year),
		To: fmt.Sprintf("%04d-08-31", year+1), Label: fmt.Sprintf("%d-%d学年", year, year+1)}, nil
}

// IsCalendar reports whether the period is a calendar year.
func (p Period) IsCalendar() bool { return p.Kind == Calendar }

// Key names the period in audit targets and file names: 2024-2025 for an
// academic year, 2024 for a calendar year.
func (p Period) Key() string {
	if p.IsCalendar() {
		return fmt.Sprintf("%d", p.Year)
	}
	return fmt.Sprintf("%d-%d", p.Year, p.Year+1)
}

// Target is the audit target of the staff-entered parts of the period's
// report.
func (p Period) Target() string { return "report:" + p.Key() }

// Contains reports whether the date (YYYY-MM-DD) lies in the period.
func (p Period) Contains(date string) bool {
	return date != "" && p.From <= date && date <= p.To
}

// Months are the period's months, each as its first and last day.
func (p Period) Months() []Month {
	start, _ := time.Parse("2006-01-02", p.From)
	var out []Month
	for m := start; m.Format("2006-01-02") <= p.To; m = m.AddDate(0, 1, 0) {
		last := m.AddDate(0, 1, -1)
		out = append(out, Month{Month: m.Format("2006-01"), From: m.Format("2006-01-02"), To: last.Format("2006-01-02"),
			Label: fmt.Sprintf("%d年%d月", m.Year(), int(m.Month()))})
	}
	return out
}
