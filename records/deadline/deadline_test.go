package deadline_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

// Working days after Fri 2025-09-26, counted by hand from 2025.json
// (国庆节、中秋节 off 10-01..08; Sun 09-28 and Sat 10-11 are make-up days):
//
//	 1 09-28   2 09-29   3 09-30   4 10-09   5 10-10   6 10-11   7 10-13
//	 8 10-14   9 10-15  10 10-16  11 10-17  12 10-20  13 10-21  14 10-22
//	15 10-23  16 10-24  17 10-27  18 10-28  19 10-29  20 10-30  21 10-31
//	22 11-03  23 11-04  24 11-05  25 11-06  26 11-07  27 11-10  28 11-11
//	29 11-12  30 11-13  31 11-14  32 11-17  33 11-18  34 11-19  35 11-20
//	36 11-21  37 11-24  38 11-25  39 11-26  40 11-27  41 11-28  42 12-01
//	43 12-02  44 12-03  45 12-04  46 12-05  47 12-08  48 12-09  49 12-10
//
// The cases below cite these positions.

var (
	cal      = calendar.Default()
	rules    = deadline.DefaultRules()
	gov, _   = rules.Rule("政府")
	univ, _  = rules.Rule("高校")
	received = deadline.ReceivedOn(deadline.Post, date("2025-09-26"))
)

func compute(t *testing.T, rule deadline.Rule, events ...deadline.Event) *deadline.Result {
	t.Helper()
	res, err := deadline.Compute(cal, rule, received, events)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return res
}

func ev(kind deadline.EventKind, d string) deadline.Event {
	return deadline.Event{Kind: kind, Date: date(d)}
}

func extend(d string, days int) deadline.Event {
	return deadline.Event{Kind: deadline.Extend, Date: date(d), Days: days, Approval: "信息公开办公室主任 王某", Note: "需调取历史档案"}
}

func wantDue(t *testing.T, res *deadline.Result, want string) {
	t.Helper()
	if res.State != deadline.Running || res.Due != date(want) {
		t.Errorf("state %v, due %s; want running, due %s\n%s", res.State, res.Due, want, strings.Join(res.Explain, "\n"))
	}
}

func TestPlain(t *testing.T) {
	res := compute(t, gov)
	wantDue(t, res, "2025-10-30") // position 20
	if res.Limit != 20 || len(res.Warnings) != 0 {
		t.Errorf("limit %d, warnings %v", res.Limit, res.Warnings)
	}
	text := strings.Join(res.Explain, "\n")
	for _, want := range []string{"《中华人民共和国政府信息公开条例》", "邮寄申请，以签收之日 2025-09-26（周五）为收到申请之日", "答复期限：2025-10-30（周四）"} {
		if !strings.Contains(text, want) {
			t.Errorf("explanation lacks %q:\n%s", want, text)
		}
	}
	// The university rule: 15 working days, position 15.
	wantDue(t, compute(t, univ), "2025-10-23")
}

func TestExtension(t *testing.T) {
	t.Run("Full", func(t *testing.T) {
		res := compute(t, gov, extend("2025-10-20", 20))
		wantDue(t, res, "2025-11-27") // 20 + 20 = position 40
		if res.Extension != 20 || res.Limit != 40 || !strings.Contains(strings.Join(res.Explain, "\n"), "王某") {
			t.Errorf("extension %d limit %d; explain %v", res.Extension, res.Limit, res.Explain)
		}
	})
	t.Run("Partial", func(t *testing.T) {
		wantDue(t, compute(t, gov, extend("2025-10-20", 15)), "2025-11-20") // position 35
	})
	t.Run("AfterDeadline", func(t *testing.T) {
		// Decided on 10-31, the day after the deadline: computed, but warned.
		res := compute(t, gov, extend("2025-10-31", 10))
		wantDue(t, res, "2025-11-13") // position 30
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "晚于原答复期限") {
			t.Errorf("warnings = %v", res.Warnings)
		}
	})
}

func TestConsultation(t *testing.T) {
	t.Run("PauseResume", func(t *testing.T) {
		// Letter sent Mon 10-13 (position 7, counted); opinion in Fri 10-24.
		// Positions 8..16 (10-14..10-24) are not counted, so the due date
		// moves 9 working days: position 29.
		res := compute(t, gov,
			deadline.Event{Kind: deadline.PauseConsultation, Date: date("2025-10-13"), Note: "某建设公司"},
			ev(deadline.ResumeConsultation, "2025-10-24"))
		wantDue(t, res, "2025-11-12")
	})
	t.Run("Paused", func(t *testing.T) {
		res := compute(t, gov, ev(deadline.PauseConsultation, "2025-10-13"))
		if res.State != deadline.Paused || !res.Due.IsZero() || res.Used != 7 || res.Left != 13 {
			t.Errorf("state %v due %v used %d left %d", res.State, res.Due, res.Used, res.Left)
		}
		if res.IsOverdue(date("2025-12-31")) {
			t.Error("a paused request is not overdue")
		}
		if ok, _ := res.DueWithin(date("2025-10-14"), 30); ok {
			t.Error("a paused request is not due soon")
		}
	})
	t.Run("ThenExtension", func(t *testing.T) {
		// Nine working days paused, then 20 more: position 20 + 9 + 20 = 49.
		res := compute(t, gov,
			ev(deadline.PauseConsultation, "2025-10-13"),
			ev(deadline.ResumeConsultation, "2025-10-24"),
			extend("2025-11-03", 20))
		wantDue(t, res, "2025-12-10")
	})
	t.Run("BeganAfterDeadline", func(t *testing.T) {
		// Paused on 10-31, position 21: one working day past the deadline.
		res := compute(t, gov, ev(deadline.PauseConsultation, "2025-10-31"))
		if res.Left != -1 || !res.IsOverdue(date("2025-10-31")) || len(res.Warnings) != 1 {
			t.Errorf("left %d overdue %v warnings %v", res.Left, res.IsOverdue(date("2025-10-31")), res.Warnings)
		}
	})
}

func TestCorrection(t *testing.T) {
	t.Run("Restart", func(t *testing.T) {
		// Notice on Tue 09-30 (position 3, within 7); correction in Wed
		// 10-15 (position 9): 20 working days from then, position 29.
		res := compute(t, gov, ev(deadline.RequestCorrection, "2025-09-30"), ev(deadline.ReceiveCorrection, "2025-10-15"))
		wantDue(t, res, "2025-11-12")
		if res.Start != date("2025-10-15") || len(res.Warnings) != 0 {
			t.Errorf("start %s warnings %v", res.Start, res.Warnings)
		}
	})
	t.Run("Awaiting", func(t *testing.T) {
		res := compute(t, gov, ev(deadline.RequestCorrection, "2025-09-30"))
		if res.State != deadline.AwaitingCorrection || !res.Due.IsZero() || res.Left != 20 {
			t.Errorf("state %v due %v left %d", res.State, res.Due, res.Left)
		}
		if res.IsOverdue(date("2026-06-01")) {
			t.Error("awaiting a correction is never overdue")
		}
	})
	t.Run("SeventhDayIsInTime", func(t *testing.T) {
		// Mon 10-13 is position 7: the last day allowed.
		res := compute(t, gov, ev(deadline.RequestCorrection, "2025-10-13"))
		if len(res.Warnings) != 0 {
			t.Errorf("warnings = %v", res.Warnings)
		}
	})
	t.Run("LateNotice", func(t *testing.T) {
		// Tue 10-14 is position 8: late, recorded and warned, not refused.
		res := compute(t, gov, ev(deadline.RequestCorrection, "2025-10-14"), ev(deadline.ReceiveCorrection, "2025-10-15"))
		wantDue(t, res, "2025-11-12")
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "第 8 个工作日") {
			t.Errorf("warnings = %v", res.Warnings)
		}
	})
	t.Run("ThenExtension", func(t *testing.T) {
		// Restarted from 10-15 (position 9), extended by 20: position 9 + 40 = 49.
		res := compute(t, gov, ev(deadline.RequestCorrection, "2025-09-30"), ev(deadline.ReceiveCorrection, "2025-10-15"), extend("2025-11-03", 20))
		wantDue(t, res, "2025-12-10")
	})
	t.Run("UniversityHasNoNoticeLimit", func(t *testing.T) {
		// 高校 sets no notice limit: a notice on 10-20 (position 12) is not
		// warned. Restart from Tue 10-21 (position 13) + 15 = position 28.
		res := compute(t, univ, ev(deadline.RequestCorrection, "2025-10-20"), ev(deadline.ReceiveCorrection, "2025-10-21"))
		wantDue(t, res, "2025-11-11")
		if len(res.Warnings) != 0 {
			t.Errorf("warnings = %v", res.Warnings)
		}
	})
}

// TestImpossible: sequences that cannot happen are errors naming the event.
func TestImpossible(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rule   deadline.Rule
		events []deadline.Event
		want   string
	}{
		{"SecondExtension", gov, []deadline.Event{extend("2025-10-20", 10), extend("2025-10-21", 10)}, "只能延长一次"},
		{"ExtensionTooLong", gov, []deadline.Event{extend("2025-10-20", 21)}, "最长 20"},
		{"ExtensionWithoutApproval", gov, []deadline.Event{{Kind: deadline.Extend, Date: date("2025-10-20"), Days: 5}}, "批准"},
		{"ExtensionZero", gov, []deadline.Event{{Kind: deadline.Extend, Date: date("2025-10-20"), Approval: "王某"}}, "正数"},
		{"UniversityExtension", univ, []deadline.Event{extend("2025-10-20", 5)}, "不允许延长"},
		{"ExtensionAwaitingCorrection", gov, []deadline.Event{ev(deadline.RequestCorrection, "2025-09-30"), extend("2025-10-20", 5)}, "等待补正"},
		{"ResumeWithoutPause", gov, []deadline.Event{ev(deadline.ResumeConsultation, "2025-10-20")}, "不能恢复"},
		{"PauseTwice", gov, []deadline.Event{ev(deadline.PauseConsultation, "2025-10-13"), ev(deadline.PauseConsultation, "2025-10-14")}, "已在征求"},
		{"UniversityPause", univ, []deadline.Event{ev(deadline.PauseConsultation, "2025-10-13")}, "未规定征求"},
		{"CorrectionReceivedWithoutNotice", gov, []deadline.Event{ev(deadline.ReceiveCorrection, "2025-10-13")}, "未告知补正"},
		{"SecondCorrection", gov, []deadline.Event{ev(deadline.RequestCorrection, "2025-09-30"), ev(deadline.ReceiveCorrection, "2025-10-09"), ev(deadline.RequestCorrection, "2025-10-10")}, "一次性"},
		{"OutOfOrder", gov, []deadline.Event{ev(deadline.PauseConsultation, "2025-10-13"), ev(deadline.ResumeConsultation, "2025-10-10")}, "先后"},
		{"BeforeReceipt", gov, []deadline.Event{ev(deadline.RequestCorrection, "2025-09-25")}, "早于收到申请之日"},
		{"NoDate", gov, []deadline.Event{{Kind: deadline.RequestCorrection}}, "未填写日期"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deadline.Compute(cal, tc.rule, received, tc.events)
			e, ok := errors.AsType[*deadline.EventError](err)
			if !ok || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v; want an *EventError containing %q", err, tc.want)
			}
			if e.Index != len(tc.events)-1 {
				t.Errorf("error names event %d, want the last (%d)", e.Index, len(tc.events)-1)
			}
		})
	}
}

func TestReceipt(t *testing.T) {
	t.Run("OnHoliday", func(t *testing.T) {
		// Confirmed online on Fri 10-03 (国庆): 10-09/10 =1,2; Sat 10-11 调休 =3;
		// 10-13..17 =4..8; 10-20..24 =9..13; 10-27/28 =14,15.
		res, err := deadline.Compute(cal, univ, deadline.Receipt{Channel: deadline.Online, Confirmed: date("2025-10-03")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantDue(t, res, "2025-10-28")
		text := strings.Join(res.Explain, "\n")
		if !strings.Contains(text, "双方确认之日") || !strings.Contains(text, "收到申请之日为休息日（国庆节、中秋节）") {
			t.Errorf("explanation:\n%s", text)
		}
	})
	t.Run("InPerson", func(t *testing.T) {
		// Handed in Mon 09-29: position 2 of the table is the day of receipt, so
		// 20 working days end at position 22.
		res, err := deadline.Compute(cal, gov, deadline.Receipt{Channel: deadline.InPerson, Submitted: date("2025-09-29"), Signed: date("2025-01-01")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		wantDue(t, res, "2025-11-03")
	})
	t.Run("MissingDate", func(t *testing.T) {
		_, err := deadline.Compute(cal, gov, deadline.Receipt{Channel: deadline.Post, Confirmed: date("2025-09-26")}, nil)
		if err == nil || !strings.Contains(err.Error(), "签收之日") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("ParseChannel", func(t *testing.T) {
		for s, want := range map[string]deadline.Channel{"当面": deadline.InPerson, "邮寄": deadline.Post, "平信": deadline.Letter, "网络": deadline.Online, "fax": deadline.Fax} {
			if got, err := deadline.ParseChannel(s); err != nil || got != want {
				t.Errorf("ParseChannel(%q) = %v, %v", s, got, err)
			}
		}
		if _, err := deadline.ParseChannel("电话"); err == nil {
			t.Error("电话 accepted")
		}
	})
}

func TestRemaining(t *testing.T) {
	res := compute(t, gov) // due Thu 2025-10-30
	for _, tc := range []struct {
		today   string
		left    int
		overdue bool
		within3 bool
	}{
		{"2025-09-26", 20, false, false},
		{"2025-10-27", 3, false, true}, // 10-28, 29, 30 left
		{"2025-10-24", 4, false, false},
		{"2025-10-30", 0, false, true},   // the due date itself
		{"2025-10-31", -1, true, false},  // Fri, one working day late
		{"2025-11-02", -1, true, false},  // Sun: still one working day late
		{"2025-11-03", -2, true, false},  // Mon
		{"2025-10-04", 17, false, false}, // during the holiday: positions 4..20 (10-09..10-30) lie ahead
	} {
		left, err := res.Remaining(date(tc.today))
		if err != nil {
			t.Fatal(err)
		}
		within, _ := res.DueWithin(date(tc.today), 3)
		if left != tc.left || res.IsOverdue(date(tc.today)) != tc.overdue || within != tc.within3 {
			t.Errorf("today %s: remaining %d overdue %v within3 %v; want %d %v %v",
				tc.today, left, res.IsOverdue(date(tc.today)), within, tc.left, tc.overdue, tc.within3)
		}
	}
}

// TestUncoveredYear: a deadline running into a year without its notice is
// an error unless the desk asks for a provisional figure, which is warned.
func TestUncoveredYear(t *testing.T) {
	rec := deadline.ReceivedOn(deadline.Online, date("2026-12-20"))
	if _, err := deadline.Compute(cal, gov, rec, nil); !errors.Is(err, calendar.ErrNotCovered) {
		t.Fatalf("err = %v, want ErrNotCovered", err)
	}
	// A 补正 notice stops the clock before it reaches 2027: no error.
	res, err := deadline.Compute(cal, gov, deadline.ReceivedOn(deadline.Online, date("2026-12-10")),
		[]deadline.Event{ev(deadline.RequestCorrection, "2026-12-11")})
	if err != nil || res.State != deadline.AwaitingCorrection {
		t.Errorf("awaiting correction across the uncovered year: %v, %v", res, err)
	}
	res, err = deadline.Compute(cal.Provisional(), gov, rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Sun 12-20: 12-21..25 =1..5; 12-28..31 =6..9; Fri 2027-01-01 assumed a
	// working day =10; 01-04..08 =11..15; 01-11..15 =16..20.
	wantDue(t, res, "2027-01-15")
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "2027") {
		t.Errorf("warnings = %v", res.Warnings)
	}
}

func TestDefaultRules(t *testing.T) {
	if d := rules.Default(); d.ID != "高校" {
		t.Errorf("default = %q, want 高校", d.ID)
	}
	for _, tc := range []struct {
		got, want deadline.Rule
	}{
		{univ, deadline.Rule{ID: "高校", Days: 15}},
		{gov, deadline.Rule{ID: "政府", Days: 20, MaxExtension: 20, CorrectionNotice: 7, ConsultationExcluded: true}},
	} {
		g := tc.got
		g.Title, g.Law, g.Articles = "", "", ""
		if g != tc.want {
			t.Errorf("rule %s = %+v, want %+v", tc.want.ID, g, tc.want)
		}
	}
	if !strings.Contains(univ.Law, "《高等学校信息公开办法》") || !strings.Contains(gov.Law, "政府信息公开条例") {
		t.Errorf("laws: %q, %q", univ.Law, gov.Law)
	}
	if r, err := rules.Rule("《政府信息公开条例》"); err != nil || r.ID != "政府" {
		t.Errorf("Rule by law = %v, %v", r.ID, err)
	}
	if _, err := rules.Rule("省政府"); err == nil || !strings.Contains(err.Error(), "高校、政府") {
		t.Errorf("unknown rule: %v", err)
	}
}

func TestLoadRulesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"NoEquals", "[市]\n法规 = 《某规定》\n答复期限 20\n", "第 3 行"},
		{"NotANumber", "[市]\n法规 = 《某规定》\n答复期限 = 二十\n", "第 3 行"},
		{"UnknownKey", "\n[市]\n期限 = 20\n", "第 3 行"},
		{"BadBool", "[市]\n法规 = 《某规定》\n答复期限 = 20\n征求意见不计入 = 也许\n", "第 4 行"},
		{"KeyBeforeSection", "答复期限 = 20\n", "第 1 行"},
		{"DuplicateKey", "[市]\n答复期限 = 20\n答复期限 = 15\n", "第 3 行"},
		{"DuplicateSection", "[市]\n法规 = 《某规定》\n答复期限 = 20\n[市]\n", "第 4 行"},
		{"MissingDays", "[市]\n法规 = 《某规定》\n", "缺少“答复期限”"},
		{"MissingLaw", "[市]\n答复期限 = 20\n", "缺少“法规”"},
		{"BadSection", "[市\n", "第 1 行"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deadline.LoadRules(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestLoadRulesDir(t *testing.T) {
	t.Run("Missing", func(t *testing.T) {
		s, err := deadline.LoadRulesDir(t.TempDir())
		if err != nil || s.Default().ID != "高校" {
			t.Errorf("%v %v", s, err)
		}
	})
	t.Run("Override", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, deadline.RulesFile), []byte(`
默认 = 政府
[高校]
法规 = 《高等学校信息公开办法》及本校实施细则
答复期限 = 15
最长延长 = 15
[市]
名称 = 市属单位
法规 = 《某市政府信息公开规定》
days = 10
`), 0o644)
		s, err := deadline.LoadRulesDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := s.Rule("高校")
		c, err := s.Rule("市")
		if s.Default().ID != "政府" || u.MaxExtension != 15 || err != nil || c.Days != 10 || len(s.Rules()) != 3 {
			t.Errorf("default %s, 高校 %+v, 市 %+v %v", s.Default().ID, u, c, err)
		}
		// The built-ins are untouched.
		if r, _ := deadline.DefaultRules().Rule("高校"); r.MaxExtension != 0 {
			t.Error("override leaked into DefaultRules")
		}
	})
	t.Run("BadLine", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, deadline.RulesFile), []byte("[市]\n法规 = 《某规定》\n答复期限 = -3\n"), 0o644)
		_, err := deadline.LoadRulesDir(dir)
		if err == nil || !strings.Contains(err.Error(), deadline.RulesFile) || !strings.Contains(err.Error(), "第 3 行") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("UnknownDefault", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, deadline.RulesFile), []byte("默认 = 省\n"), 0o644)
		if _, err := deadline.LoadRulesDir(dir); err == nil {
			t.Error("default naming no rule set accepted")
		}
	})
}
