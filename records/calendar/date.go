package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date: a day in the calendar with no time of day and no
// time zone. Deadlines are counted in whole days, and a time.Time would make
// "the day after receipt" depend on the server's zone.
//
// The zero Date means "no date". Build dates with NewDate or ParseDate; a
// Date written as a literal is normalised by the methods that do arithmetic.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalised as time.Date does (2025-09-31
// becomes 2025-10-01).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date written YYYY-MM-DD. It rejects dates that do not
// exist (2025-02-30) rather than normalising them, because such a date typed
// by a user is a typo, not a request for 2025-03-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("日期 %q 无效，应为 YYYY-MM-DD 形式的实际日期", s)
	}
	return DateOf(t), nil
}

// MustParseDate is ParseDate for literals known to be valid; it panics
// otherwise.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// time returns d at midnight UTC, the one instant arithmetic is done on.
func (d Date) time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as YYYY-MM-DD.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// AddDays returns the date n calendar days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.time().AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.time().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.time().Compare(e.time()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// MarshalText writes d as YYYY-MM-DD (empty for the zero Date), so Dates
// appear as plain strings in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a date written YYYY-MM-DD; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// weekdayNames are the Chinese names of the days of the week, Sunday first
// as in time.Weekday.
var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// WeekdayName returns the Chinese name of the day of the week (周一…周日).
func WeekdayName(w time.Weekday) string { return weekdayNames[w] }
