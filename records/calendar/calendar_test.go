package calendar_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/calendar/internal/holidaycn"
)

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

// Every expected date below was counted by hand from the State Council
// notices as listed in ../shared/data/holidays-cn/<year>.json; the comment
// of each case walks the count. The day of receipt is never counted.
var addCases = []struct {
	name string
	from string
	n    int
	want string
}{
	// 2024
	{"2024春节", "2024-02-02", 15, "2024-02-28"},
	// Fri 02-02 received. 02-03 Sat skip; 02-04 Sun 调休上班 =1; 02-05..09 Mon–Fri =2..6;
	// 02-10..17 春节 off; 02-18 Sun 调休上班 =7; 02-19..23 =8..12; 02-24/25 weekend; 02-26..28 =13..15.
	{"2024清明", "2024-04-03", 5, "2024-04-11"},
	// Wed 04-03. 04-04/05/06 清明 off; 04-07 Sun 调休上班 =1; 04-08..11 Mon–Thu =2..5.
	{"2024劳动节", "2024-04-26", 10, "2024-05-13"},
	// Fri 04-26. 04-27 Sat skip; 04-28 Sun 调休上班 =1; 04-29/30 =2,3; 05-01..05 off;
	// 05-06..10 =4..8; 05-11 Sat 调休上班 =9; 05-12 Sun skip; 05-13 Mon =10.
	{"2024国庆", "2024-09-27", 20, "2024-10-30"},
	// Fri 09-27. 09-28 Sat skip; 09-29 Sun 调休上班 =1; 09-30 Mon =2; 10-01..07 off;
	// 10-08..11 =3..6; 10-12 Sat 调休上班 =7; 10-14..18 =8..12; 10-21..25 =13..17; 10-28..30 =18..20.
	{"2024中秋与国庆", "2024-09-13", 20, "2024-10-17"},
	// Fri 09-13. 09-14 Sat 调休上班 =1; 09-15..17 中秋 off; 09-18..20 =2..4; 09-23..27 =5..9;
	// 09-28 Sat skip; 09-29 Sun 调休上班 =10; 09-30 =11; 10-01..07 off; 10-08..11 =12..15;
	// 10-12 Sat 调休上班 =16; 10-14..17 =17..20.
	{"2024至2025元旦", "2024-12-27", 5, "2025-01-06"},
	// Fri 12-27. 12-28/29 weekend; 12-30/31 =1,2; 2025-01-01 元旦 off; 01-02/03 =3,4; 01-04/05 weekend; 01-06 =5.

	// 2025
	{"2025国庆中秋", "2025-09-26", 20, "2025-10-30"},
	// The example. Fri 09-26. 09-27 Sat skip; 09-28 Sun 调休上班 =1; 09-29/30 =2,3;
	// 10-01..08 国庆节、中秋节 off; 10-09/10 =4,5; 10-11 Sat 调休上班 =6; 10-13..17 =7..11;
	// 10-20..24 =12..16; 10-27..30 =17..20.
	{"2025春节", "2025-01-24", 15, "2025-02-20"},
	// Fri 01-24. 01-25 Sat skip; 01-26 Sun 调休上班 =1; 01-27 Mon (not listed: ordinary) =2;
	// 01-28..02-04 off; 02-05..07 =3..5; 02-08 Sat 调休上班 =6; 02-09 Sun skip; 02-10..14 =7..11; 02-17..20 =12..15.
	{"2025清明与劳动节", "2025-04-03", 20, "2025-05-06"},
	// Thu 04-03. 04-04..06 清明 off; 04-07..11 =1..5; 04-14..18 =6..10; 04-21..25 =11..15;
	// 04-26 Sat skip; 04-27 Sun 调休上班 =16; 04-28..30 =17..19; 05-01..05 off; 05-06 Tue =20.

	// 2026
	{"2025至2026元旦", "2025-12-31", 3, "2026-01-06"},
	// Wed 12-31. 2026-01-01..03 元旦 off; 01-04 Sun 调休上班 =1; 01-05/06 =2,3.
	{"2026春节", "2026-02-12", 20, "2026-03-18"},
	// Thu 02-12. 02-13 Fri =1; 02-14 Sat 调休上班 =2; 02-15..23 春节 off; 02-24..27 =3..6;
	// 02-28 Sat 调休上班 =7; 03-01 Sun skip; 03-02..06 =8..12; 03-09..13 =13..17; 03-16..18 =18..20.
	{"2026清明", "2026-04-02", 3, "2026-04-08"},
	// Thu 04-02. 04-03 Fri =1; 04-04..06 清明 off (Sat–Mon); 04-07/08 =2,3.
	{"2026劳动节", "2026-04-30", 7, "2026-05-13"},
	// Thu 04-30. 05-01..05 off; 05-06..08 =1..3; 05-09 Sat 调休上班 =4; 05-10 Sun skip; 05-11..13 =5..7.
	{"2026中秋与国庆", "2026-09-18", 20, "2026-10-22"},
	// Fri 09-18. 09-19 Sat skip; 09-20 Sun 调休上班 =1; 09-21..24 =2..5; 09-25..27 中秋 off;
	// 09-28..30 =6..8; 10-01..07 国庆 off; 10-08/09 =9,10; 10-10 Sat 调休上班 =11; 10-12..16 =12..16; 10-19..22 =17..20.

	// The day of receipt is not counted, whatever it is.
	{"收到日为工作日不计入", "2025-09-29", 1, "2025-09-30"},
	// Mon 09-29 received; the first day counted is Tue 09-30.
	{"收到日为调休上班日", "2025-09-28", 1, "2025-09-29"},
	// Sun 09-28 is a make-up working day, but as the day of receipt it is not counted.
	{"收到日为节假日", "2025-10-03", 1, "2025-10-09"},
	// Fri 10-03 (国庆 off) received; 10-04..08 off; Thu 10-09 is the first working day =1.
	{"收到日为节假日15日", "2025-10-03", 15, "2025-10-28"},
	// 10-09/10 =1,2; 10-11 Sat 调休上班 =3; 10-13..17 =4..8; 10-20..24 =9..13; 10-27/28 =14,15.
	{"零个工作日", "2025-10-03", 0, "2025-10-03"},
}

func TestAddWorkdays(t *testing.T) {
	cal := calendar.Default()
	for _, tc := range addCases {
		t.Run(tc.name, func(t *testing.T) {
			got, _, err := cal.AddWorkdays(date(tc.from), tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if got != date(tc.want) {
				t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
			}
			// WorkdaysBetween is the inverse count.
			if n, err := cal.WorkdaysBetween(date(tc.from), got); err != nil || n != tc.n {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.from, got, n, err, tc.n)
			}
		})
	}
}

// TestAddWorkdaysExplains checks the days the example lists: every
// skipped day with its reason, and the two make-up days counted.
func TestAddWorkdaysExplains(t *testing.T) {
	_, days, err := calendar.Default().AddWorkdays(date("2025-09-26"), 20)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range days {
		got = append(got, d.String())
	}
	want := []string{
		"2025-09-27 周六 休息",
		"2025-09-28 周日 国庆节、中秋节调休上班",
		"2025-10-01 周三 国庆节、中秋节 休息",
		"2025-10-02 周四 国庆节、中秋节 休息",
		"2025-10-03 周五 国庆节、中秋节 休息",
		"2025-10-04 周六 国庆节、中秋节 休息",
		"2025-10-05 周日 国庆节、中秋节 休息",
		"2025-10-06 周一 国庆节、中秋节 休息",
		"2025-10-07 周二 国庆节、中秋节 休息",
		"2025-10-08 周三 国庆节、中秋节 休息",
		"2025-10-11 周六 国庆节、中秋节调休上班",
		"2025-10-12 周日 休息",
		"2025-10-18 周六 休息",
		"2025-10-19 周日 休息",
		"2025-10-25 周六 休息",
		"2025-10-26 周日 休息",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("days:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	skipped := 0
	for _, d := range days {
		if !d.Reason.Working() {
			skipped++
		}
	}
	// 2025-09-26..10-30 is 34 days after receipt, 20 of them counted.
	if skipped != 34-20 {
		t.Errorf("skipped %d days, want 14", skipped)
	}
}

func TestIsWorkday(t *testing.T) {
	cal := calendar.Default()
	for _, tc := range []struct {
		date    string
		working bool
		kind    calendar.Kind
		reason  string
	}{
		{"2025-10-11", true, calendar.MakeUp, "国庆节、中秋节调休上班"}, // Saturday made a working day
		{"2025-10-01", false, calendar.Holiday, "国庆节、中秋节"},   // Wednesday off
		{"2025-10-04", false, calendar.Holiday, "国庆节、中秋节"},   // Saturday inside the holiday
		{"2025-09-27", false, calendar.Weekend, "周六"},
		{"2025-10-12", false, calendar.Weekend, "周日"},
		{"2025-10-09", true, calendar.Workday, "工作日"},
		{"2025-01-27", true, calendar.Workday, "工作日"}, // Monday between 调休 Sunday and 春节: not listed
		{"2024-02-18", true, calendar.MakeUp, "春节调休上班"},
		{"2026-01-02", false, calendar.Holiday, "元旦"}, // Friday
		{"2026-01-04", true, calendar.MakeUp, "元旦调休上班"},
		{"2007-01-03", false, calendar.Holiday, "元旦"}, // first covered year
	} {
		ok, r, err := cal.IsWorkday(date(tc.date))
		if err != nil {
			t.Errorf("%s: %v", tc.date, err)
			continue
		}
		if ok != tc.working || r.Kind != tc.kind || r.String() != tc.reason {
			t.Errorf("IsWorkday(%s) = %v, %v %q; want %v, %v %q", tc.date, ok, r.Kind, r, tc.working, tc.kind, tc.reason)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	cal := calendar.Default()
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2025-10-01", "2025-10-08", 0},   // the whole holiday
		{"2025-09-30", "2025-10-09", 1},   // only 10-09
		{"2025-10-30", "2025-09-26", -20}, // reversed: minus the forward count
		{"2025-10-30", "2025-10-30", 0},
		{"2025-10-30", "2025-11-03", 2}, // Fri 10-31, Mon 11-03
	} {
		got, err := cal.WorkdaysBetween(date(tc.from), date(tc.to))
		if err != nil || got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestCovers(t *testing.T) {
	cal := calendar.Default()
	for y := 2007; y <= 2026; y++ {
		if !cal.Covers(y) {
			t.Errorf("Covers(%d) = false", y)
		}
	}
	// 2027.json holds no notice yet; 2006 only appears as make-up days of 2007's notice.
	for _, y := range []int{2006, 2027} {
		if cal.Covers(y) {
			t.Errorf("Covers(%d) = true", y)
		}
	}
	if src := cal.Source(2025); !strings.Contains(src, "gov.cn") {
		t.Errorf("Source(2025) = %q", src)
	}
}

// TestNotCovered: a date in a year without its notice is an error naming
// the year, never a silent Monday-to-Friday guess.
func TestNotCovered(t *testing.T) {
	cal := calendar.Default()
	_, _, err := cal.AddWorkdays(date("2026-12-25"), 10) // runs into January 2027
	if !errors.Is(err, calendar.ErrNotCovered) {
		t.Fatalf("err = %v, want ErrNotCovered", err)
	}
	if e, ok := errors.AsType[*calendar.NotCoveredError](err); !ok || e.Date.Year != 2027 {
		t.Errorf("err = %#v", err)
	}
	if !strings.Contains(err.Error(), "2027") || !strings.Contains(err.Error(), calendar.OverrideFile) {
		t.Errorf("message should name the year and the file to add it to: %v", err)
	}
	if _, _, err := cal.IsWorkday(date("2006-06-01")); !errors.Is(err, calendar.ErrNotCovered) {
		t.Errorf("2006: err = %v", err)
	}
	if _, err := cal.WorkdaysBetween(date("2026-12-01"), date("2027-01-10")); !errors.Is(err, calendar.ErrNotCovered) {
		t.Errorf("WorkdaysBetween into 2027: err = %v", err)
	}
	// Inside the covered years, right up to the edge, it works.
	if _, _, err := cal.AddWorkdays(date("2026-12-01"), 20); err != nil {
		t.Errorf("2026-12-01 + 20: %v", err)
	}
}

func TestProvisional(t *testing.T) {
	cal := calendar.Default().Provisional()
	// Wed 2026-12-30: Thu 12-31 =1; Fri 2027-01-01 assumed an ordinary weekday =2;
	// 01-02/03 weekend; Mon 01-04 =3.
	got, days, err := cal.AddWorkdays(date("2026-12-30"), 3)
	if err != nil {
		t.Fatal(err)
	}
	if got != date("2027-01-04") {
		t.Errorf("got %s, want 2027-01-04", got)
	}
	if u := cal.Uncovered(date("2026-12-30"), got); len(u) != 1 || u[0] != 2027 {
		t.Errorf("Uncovered = %v", u)
	}
	if len(days) != 2 || !days[0].Reason.Provisional || !strings.Contains(days[0].String(), "未收录") {
		t.Errorf("days = %v", days)
	}
	// The strict calendar is unchanged.
	if _, _, err := calendar.Default().AddWorkdays(date("2026-12-30"), 3); !errors.Is(err, calendar.ErrNotCovered) {
		t.Errorf("Default after Provisional: err = %v", err)
	}
}

func TestAddWorkdaysNegative(t *testing.T) {
	if _, _, err := calendar.Default().AddWorkdays(date("2025-01-01"), -1); err == nil {
		t.Error("no error for n < 0")
	}
}

// TestMergeAddsYear: an operator adds the 2027 notice as data, without a
// rebuild, and it takes effect.
func TestMergeAddsYear(t *testing.T) {
	extra, err := calendar.Load(strings.NewReader(`
# 2027 年放假安排（示例）
year 2027 国办发明电〔2026〕示例
2027-01-01 off 元旦   # 周五
2026-12-31 休 元旦    # Chinese keyword; a December day of the next year's notice
`))
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Default().Merge(extra)
	if !cal.Covers(2027) || calendar.Default().Covers(2027) {
		t.Fatal("Merge must add 2027 to the copy only")
	}
	// Wed 12-30. Thu 12-31 now off; Fri 01-01 off; weekend; Mon 01-04 =1, Tue =2, Wed 01-06 =3.
	got, _, err := cal.AddWorkdays(date("2026-12-30"), 3)
	if err != nil || got != date("2027-01-06") {
		t.Errorf("got %s, %v; want 2027-01-06", got, err)
	}
}

// TestMergeOverridesDay: a day the operator lists replaces the embedded one.
func TestMergeOverridesDay(t *testing.T) {
	extra, err := calendar.Load(strings.NewReader("year 2025\n2025-10-08 work 更正示例\n"))
	if err != nil {
		t.Fatal(err)
	}
	// With 10-08 a working day the example ends one working day earlier:
	// 09-28 =1, 09-29/30 =2,3, 10-08 =4, 10-09/10 =5,6, 10-11 =7, 10-13..17 =8..12,
	// 10-20..24 =13..17, 10-27..29 =18..20.
	got, _, err := calendar.Default().Merge(extra).AddWorkdays(date("2025-09-26"), 20)
	if err != nil || got != date("2025-10-29") {
		t.Errorf("got %s, %v; want 2025-10-29", got, err)
	}
}

func TestLoadDir(t *testing.T) {
	t.Run("Missing", func(t *testing.T) {
		cal, err := calendar.LoadDir(t.TempDir())
		if err != nil || cal != calendar.Default() {
			t.Errorf("LoadDir without %s = %p, %v", calendar.OverrideFile, cal, err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, calendar.OverrideFile), []byte("year 2027\n2027-01-01 off 元旦\n"), 0o644)
		cal, err := calendar.LoadDir(dir)
		if err != nil || !cal.Covers(2027) || !cal.Covers(2025) {
			t.Errorf("LoadDir: %v, covers 2027 %v", err, err == nil && cal.Covers(2027))
		}
	})
	t.Run("BadLine", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, calendar.OverrideFile), []byte("year 2027\n2027-02-30 off 春节\n"), 0o644)
		_, err := calendar.LoadDir(dir)
		if err == nil || !strings.Contains(err.Error(), calendar.OverrideFile) || !strings.Contains(err.Error(), "第 2 行") {
			t.Errorf("err = %v; want the file name and 第 2 行", err)
		}
	})
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"BadKind", "year 2027\n2027-01-01 holiday 元旦\n", "第 2 行"},
		{"BadDate", "year 2027\n\n2027-13-01 off 元旦\n", "第 3 行"},
		{"NoYearLine", "# 注释\n2027-01-01 off 元旦\n", "第 2 行"},
		{"OutsideSection", "year 2027\n2029-01-01 off 元旦\n", "第 2 行"},
		{"DuplicateDate", "year 2027\n2027-01-01 off 元旦\n2027-01-01 work 元旦\n", "第 3 行"},
		{"DuplicateYear", "year 2027\nyear 2027\n", "第 2 行"},
		{"BadYear", "year 二〇二七\n", "第 1 行"},
		{"MissingKind", "year 2027\n2027-01-01\n", "第 2 行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := calendar.Load(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2025-02-30", "2025/10/01", "20251001", "", "2025-1-1"} {
		if _, err := calendar.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	d := date("2024-02-29")
	if d.Weekday() != time.Thursday || d.AddDays(1) != date("2024-03-01") || d.String() != "2024-02-29" {
		t.Errorf("2024-02-29: %v %v %v", d.Weekday(), d.AddDays(1), d)
	}
	var back calendar.Date
	b, _ := d.MarshalText()
	if err := back.UnmarshalText(b); err != nil || back != d {
		t.Errorf("text round trip: %v %v", back, err)
	}
}

// TestEmbeddedMatchesSource checks that the embedded calendar is exactly
// what the generator writes from ../shared/data/holidays-cn, so nobody edits
// the generated file by hand or forgets `go generate` after the data changes.
func TestEmbeddedMatchesSource(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "data", "holidays-cn")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("holiday source data not present at %s (it lives outside the repository); skipping the generator check", src)
	}
	want, err := holidaycn.Convert(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("holidays-cn.txt")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("holidays-cn.txt is not what the generator writes from %s: run `go generate ./records/calendar`", src)
	}
}

// TestSourceFacts reads the source JSON directly (not through the
// generator) and checks every listed day against the embedded calendar.
func TestSourceFacts(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "data", "holidays-cn")
	names, _ := filepath.Glob(filepath.Join(src, "*.json"))
	if len(names) == 0 {
		t.Skipf("holiday source data not present at %s; skipping", src)
	}
	cal := calendar.Default().Provisional() // 2007.json lists two days of 2006
	n := 0
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var y struct {
			Days []struct {
				Name     string `json:"name"`
				Date     string `json:"date"`
				IsOffDay bool   `json:"isOffDay"`
			} `json:"days"`
		}
		if err := json.Unmarshal(b, &y); err != nil {
			t.Fatal(err)
		}
		for _, d := range y.Days {
			ok, r, err := cal.IsWorkday(date(d.Date))
			if err != nil || ok == d.IsOffDay || r.Name != d.Name {
				t.Errorf("%s %s: working=%v %q %v; source says isOffDay=%v %q", filepath.Base(name), d.Date, ok, r.Name, err, d.IsOffDay, d.Name)
			}
			n++
		}
	}
	if n < 600 {
		t.Errorf("only %d listed days checked", n)
	}
}
