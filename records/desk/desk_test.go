package desk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
	"github.com/xxgk-archive/archive/records/desk"
)

// Working days after Fri 2025-09-26 (国庆节、中秋节 off 10-01..08; Sun 09-28
// and Sat 10-11 are make-up days), as records/deadline's tests count them:
//
//	 1 09-28   2 09-29   3 09-30   4 10-09   5 10-10   6 10-11   7 10-13
//	 8 10-14   9 10-15  10 10-16  11 10-17  12 10-20  13 10-21  14 10-22
//	15 10-23  16 10-24  17 10-27  18 10-28  19 10-29  20 10-30  21 10-31
//	29 11-12  35 11-20  40 11-27

const staff = "user:wang"

// clock is the settable time of a test store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// set moves the clock to 10:00 Beijing time on the day given.
func (c *clock) set(day string) {
	d := calendar.MustParseDate(day)
	c.t = time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC)
}

// openDesk opens a desk over a new store whose clock reads 2025-09-26.
func openDesk(t *testing.T) (*desk.Desk, *records.Store, *clock) {
	t.Helper()
	dir := t.TempDir()
	s, err := records.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{}
	c.set("2025-09-26")
	s.Now = c.now
	d, err := desk.Open(s, dir)
	if err != nil {
		t.Fatal(err)
	}
	return d, s, c
}

func date(s string) calendar.Date { return calendar.MustParseDate(s) }

// byPost is a request posted and signed for on received, under rule.
func byPost(received, rule string) desk.NewRequest {
	return desk.NewRequest{
		ApplicantType: desk.Person, Name: "张三", Phone: "13800000000", Address: "北京市海淀区某路1号",
		Description: "2024年度学生奖学金评审结果及评审依据", Purpose: "了解评审情况",
		Channel: deadline.Post, Received: date(received), Rule: rule,
	}
}

func mustRegister(t *testing.T, d *desk.Desk, n desk.NewRequest) *desk.Request {
	t.Helper()
	r, err := d.Register(context.Background(), staff, n)
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	return r
}

// wantDue checks the due date recomputed from the events, and the cache.
func wantDue(t *testing.T, d *desk.Desk, number, want string) {
	t.Helper()
	det, err := d.Detail(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	if det.ClockError != nil {
		t.Fatalf("deadline of %s: %v", number, det.ClockError)
	}
	res := det.Clock.Result
	if res.State != deadline.Running || res.Due != date(want) {
		t.Errorf("%s: clock %v due %s; want running, due %s\n%s", number, res.State, res.Due, want, strings.Join(res.Explain, "\n"))
	}
	if det.Request.Due != res.Due {
		t.Errorf("%s: cached due %s, computed %s", number, det.Request.Due, res.Due)
	}
}

func TestRegisterByPost(t *testing.T) {
	ctx := context.Background()
	d, _, _ := openDesk(t)
	r := mustRegister(t, d, byPost("2025-09-26", "政府"))
	if r.Number != "2025-0001" || len(r.CheckCode) != 8 || r.State != desk.Received || r.Rule != "政府" {
		t.Errorf("registered %+v", r)
	}
	wantDue(t, d, r.Number, "2025-10-30")

	det, err := d.Detail(ctx, r.Number)
	if err != nil {
		t.Fatal(err)
	}
	if det.Clock.Remaining != 20 || det.Clock.Overdue || det.Clock.DueSoon {
		t.Errorf("on the day of receipt: %+v", det.Clock)
	}
	// The explanation names every day skipped, and why.
	var days []string
	for _, day := range det.Clock.Result.Days {
		days = append(days, day.String())
	}
	text := strings.Join(days, "\n")
	for _, want := range []string{"2025-09-27 周六 休息", "2025-09-28 周日 国庆节、中秋节调休上班", "2025-10-01 周三 国庆节、中秋节 休息", "2025-10-11 周六 国庆节、中秋节调休上班"} {
		if !strings.Contains(text, want) {
			t.Errorf("skipped days lack %q:\n%s", want, text)
		}
	}
	if len(det.Events) != 1 || det.Events[0].Kind != desk.EventRegistered || det.Events[0].Actor != staff {
		t.Errorf("timeline = %+v", det.Events)
	}

	// Numbers run on within the year; the default rule set is 高校 (15 days).
	r2 := mustRegister(t, d, byPost("2025-09-26", ""))
	if r2.Number != "2025-0002" || r2.Rule != "高校" || r2.CheckCode == r.CheckCode {
		t.Errorf("second request %s rule %s code %s", r2.Number, r2.Rule, r2.CheckCode)
	}
	wantDue(t, d, r2.Number, "2025-10-23")
}

func TestRegisterRejects(t *testing.T) {
	d, _, _ := openDesk(t)
	for name, edit := range map[string]func(*desk.NewRequest){
		"NoName":        func(n *desk.NewRequest) { n.Name = " " },
		"NoContact":     func(n *desk.NewRequest) { n.Phone, n.Email, n.Address = "", "", "" },
		"NoDescription": func(n *desk.NewRequest) { n.Description = "" },
		"Future":        func(n *desk.NewRequest) { n.Received = date("2025-09-27") },
		"NoChannel":     func(n *desk.NewRequest) { n.Channel = 0 },
		"BadType":       func(n *desk.NewRequest) { n.ApplicantType = "robot" },
		"UnknownRule":   func(n *desk.NewRequest) { n.Rule = "火星" },
		"LongName":      func(n *desk.NewRequest) { n.Name = strings.Repeat("名", 101) },
		"BadEmail":      func(n *desk.NewRequest) { n.Email = "not an email" },
	} {
		t.Run(name, func(t *testing.T) {
			n := byPost("2025-09-26", "政府")
			edit(&n)
			_, err := d.Register(context.Background(), staff, n)
			if records.ErrorCode(err) != records.EINVALID {
				t.Errorf("err = %v; want EINVALID", err)
			}
		})
	}
	if _, err := d.Register(context.Background(), "", byPost("2025-09-26", "政府")); records.ErrorCode(err) != records.EINVALID {
		t.Errorf("no actor: err = %v", err)
	}
}

// TestDeadlineSequences: the events recorded at the desk move the due date
// as records/deadline computes it (cases of its tests, through the desk).
func TestDeadlineSequences(t *testing.T) {
	ctx := context.Background()
	t.Run("Extension", func(t *testing.T) {
		d, _, c := openDesk(t)
		r := mustRegister(t, d, byPost("2025-09-26", "政府"))
		c.set("2025-10-20")
		if _, err := d.Extend(ctx, staff, r.Number, date("2025-10-20"), 20, "信息公开办公室主任 王某", "需调取历史档案"); err != nil {
			t.Fatal(err)
		}
		wantDue(t, d, r.Number, "2025-11-27") // position 40
		// A second extension is refused: the rule allows one.
		_, err := d.Extend(ctx, staff, r.Number, date("2025-10-20"), 5, "王某", "再延")
		if records.ErrorCode(err) != records.EINVALID || !strings.Contains(records.ErrorMessage(err), "只能延长一次") {
			t.Errorf("second extension: %v", err)
		}
		wantDue(t, d, r.Number, "2025-11-27")
	})
	t.Run("PauseResume", func(t *testing.T) {
		d, _, c := openDesk(t)
		r := mustRegister(t, d, byPost("2025-09-26", "政府"))
		c.set("2025-10-13")
		if _, err := d.Pause(ctx, staff, r.Number, calendar.Date{}, "某建设公司"); err != nil { // today
			t.Fatal(err)
		}
		det, _ := d.Detail(ctx, r.Number)
		if det.Clock.Result.State != deadline.Paused || det.Clock.Remaining != 13 || !det.Request.Due.IsZero() {
			t.Errorf("paused: state %v remaining %d cached due %s", det.Clock.Result.State, det.Clock.Remaining, det.Request.Due)
		}
		c.set("2025-10-27")
		if _, err := d.Resume(ctx, staff, r.Number, date("2025-10-24"), "意见已收到"); err != nil {
			t.Fatal(err)
		}
		wantDue(t, d, r.Number, "2025-11-12") // position 29
	})
	t.Run("Correction", func(t *testing.T) {
		d, _, c := openDesk(t)
		r := mustRegister(t, d, byPost("2025-09-26", "政府"))
		c.set("2025-09-30")
		if _, err := d.RequestCorrection(ctx, staff, r.Number, date("2025-09-30"), "请写明所需信息的年份"); err != nil {
			t.Fatal(err)
		}
		det, _ := d.Detail(ctx, r.Number)
		if det.Clock.Result.State != deadline.AwaitingCorrection || det.Clock.Overdue {
			t.Errorf("awaiting correction: %+v", det.Clock)
		}
		c.set("2025-10-15")
		if _, err := d.ReceiveCorrection(ctx, staff, r.Number, date("2025-10-15"), ""); err != nil {
			t.Fatal(err)
		}
		wantDue(t, d, r.Number, "2025-11-12") // restarted: position 9 + 20
	})
}

func TestInvalidTransitions(t *testing.T) {
	ctx := context.Background()
	d, s, c := openDesk(t)
	putDoc(t, s, "doc-1", records.OnRequest)
	putDoc(t, s, "doc-w", records.Withheld)
	c.set("2025-10-09")

	closed := mustRegister(t, d, byPost("2025-09-26", "政府")).Number
	must(t)(d.Answer(ctx, staff, closed, desk.Answer{Outcome: desk.NotExist}))
	must(t)(d.Close(ctx, staff, closed, calendar.Date{}, ""))
	open := mustRegister(t, d, byPost("2025-09-26", "政府")).Number
	must(t)(d.Link(ctx, staff, open, "doc-1"))
	must(t)(d.Link(ctx, staff, open, "doc-w"))
	univ := mustRegister(t, d, byPost("2025-09-26", "高校")).Number

	for _, tc := range []struct {
		name string
		do   func() error
	}{
		{"AnswerClosed", func() error {
			_, _, err := d.Answer(ctx, staff, closed, desk.Answer{Outcome: desk.Granted})
			return err
		}},
		{"AssignClosed", func() error { _, err := d.Assign(ctx, staff, closed, "李四"); return err }},
		{"ExtendClosed", func() error {
			_, err := d.Extend(ctx, staff, closed, calendar.Date{}, 5, "王某", "理由")
			return err
		}},
		{"LinkClosed", func() error { _, err := d.Link(ctx, staff, closed, "doc-1"); return err }},
		{"CloseClosed", func() error { _, err := d.Close(ctx, staff, closed, calendar.Date{}, ""); return err }},
		{"CloseUnanswered", func() error { _, err := d.Close(ctx, staff, open, calendar.Date{}, ""); return err }},
		{"ReopenOpen", func() error { _, err := d.Reopen(ctx, staff, open, "复议"); return err }},
		{"ReopenWithoutReason", func() error { _, err := d.Reopen(ctx, staff, closed, " "); return err }},
		{"ResumeWithoutPause", func() error { _, err := d.Resume(ctx, staff, open, calendar.Date{}, ""); return err }},
		{"CorrectionReceivedWithoutNotice", func() error {
			_, err := d.ReceiveCorrection(ctx, staff, open, calendar.Date{}, "")
			return err
		}},
		{"ExtendUnderUniversityRule", func() error {
			_, err := d.Extend(ctx, staff, univ, calendar.Date{}, 5, "王某", "理由")
			return err
		}},
		{"ExtendTooLong", func() error {
			_, err := d.Extend(ctx, staff, open, calendar.Date{}, 21, "王某", "理由")
			return err
		}},
		{"ExtendWithoutApproval", func() error {
			_, err := d.Extend(ctx, staff, open, calendar.Date{}, 5, "", "理由")
			return err
		}},
		{"PauseUnderUniversityRule", func() error { _, err := d.Pause(ctx, staff, univ, calendar.Date{}, "某公司"); return err }},
		{"EventInTheFuture", func() error {
			_, err := d.Pause(ctx, staff, open, date("2025-10-10"), "某公司")
			return err
		}},
		{"EventBeforeReceipt", func() error {
			_, err := d.Pause(ctx, staff, open, date("2025-09-25"), "某公司")
			return err
		}},
		{"LinkTwice", func() error { _, err := d.Link(ctx, staff, open, "doc-1"); return err }},
		{"UnlinkNotLinked", func() error { _, err := d.Unlink(ctx, staff, univ, "doc-1"); return err }},
		{"DeniedWithoutReason", func() error {
			_, _, err := d.Answer(ctx, staff, open, desk.Answer{Outcome: desk.Denied})
			return err
		}},
		{"ReasonOfAnotherOutcome", func() error {
			_, _, err := d.Answer(ctx, staff, open, desk.Answer{Outcome: desk.Denied, Reason: "咨询类申请"})
			return err
		}},
		{"UnknownOutcome", func() error {
			_, _, err := d.Answer(ctx, staff, open, desk.Answer{Outcome: "maybe"})
			return err
		}},
		{"ReleaseWithDenial", func() error {
			_, _, err := d.Answer(ctx, staff, open, desk.Answer{Outcome: desk.Denied, Reason: "个人隐私", Release: []string{"doc-1"}})
			return err
		}},
		{"ReleaseWithheldRecord", func() error {
			_, _, err := d.Answer(ctx, staff, open, desk.Answer{Outcome: desk.Granted, Release: []string{"doc-w"}})
			return err
		}},
		{"ReleaseUnlinkedRecord", func() error {
			_, _, err := d.Answer(ctx, staff, univ, desk.Answer{Outcome: desk.Granted, Release: []string{"doc-1"}})
			return err
		}},
		{"ReleaseBeforeAnswer", func() error { _, err := d.Release(ctx, staff, open, []string{"doc-1"}); return err }},
		{"NoteWithoutText", func() error { _, err := d.Note(ctx, staff, open, ""); return err }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.do(); records.ErrorCode(err) != records.EINVALID {
				t.Errorf("err = %v; want EINVALID", err)
			}
		})
	}
	t.Run("Rolledback", func(t *testing.T) {
		// None of the refused actions left a trace.
		for _, n := range []string{closed, open, univ} {
			r, _ := d.Get(ctx, n)
			evs, _ := d.Timeline(ctx, n)
			want := map[string]int{closed: 3, open: 3, univ: 1}[n]
			if len(evs) != want {
				t.Errorf("%s (%s): %d events, want %d", n, r.State.Label(), len(evs), want)
			}
		}
		if doc, _ := s.Get(ctx, "doc-1"); doc.Visibility != records.OnRequest {
			t.Errorf("doc-1 is %s", doc.Visibility)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		if _, err := d.Assign(ctx, staff, "2025-9999", "李四"); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("err = %v", err)
		}
		if _, err := d.Link(ctx, staff, open, "no-such-record"); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("err = %v", err)
		}
	})
}

// TestEveryActionIsAudited walks a request through every action and checks
// that each event has its own audit entry, in the same order, with the
// request's state hashes chained, and that the whole log verifies.
func TestEveryActionIsAudited(t *testing.T) {
	ctx := context.Background()
	d, s, c := openDesk(t)
	putDoc(t, s, "doc-1", records.OnRequest)
	putDoc(t, s, "doc-2", records.Public)
	r := mustRegister(t, d, byPost("2025-09-26", "政府"))
	n := r.Number
	c.set("2025-10-27")
	must(t)(d.Assign(ctx, staff, n, "李老师"))
	must(t)(d.RequestCorrection(ctx, staff, n, date("2025-09-30"), "请写明年份"))
	must(t)(d.ReceiveCorrection(ctx, staff, n, date("2025-10-09"), ""))
	must(t)(d.Pause(ctx, staff, n, date("2025-10-13"), "某建设公司"))
	must(t)(d.Resume(ctx, staff, n, date("2025-10-17"), ""))
	must(t)(d.Extend(ctx, staff, n, date("2025-10-27"), 10, "王主任", "涉及多个部门"))
	must(t)(d.Link(ctx, staff, n, "doc-1"))
	must(t)(d.Link(ctx, staff, n, "doc-2"))
	must(t)(d.Unlink(ctx, staff, n, "doc-2"))
	must(t)(d.Note(ctx, staff, n, "电话联系申请人"))
	if _, released, err := d.Answer(ctx, staff, n, desk.Answer{Outcome: desk.Partial, Reason: "个人隐私",
		Text: "涉及学生个人信息的部分不予公开", Release: []string{"doc-1"}}); err != nil || !slices.Equal(released, []string{"doc-1"}) {
		t.Fatalf("answer: released %v, %v", released, err)
	}
	must(t)(d.Close(ctx, staff, n, calendar.Date{}, "已邮寄答复书"))
	must(t)(d.Reopen(ctx, staff, n, "行政复议决定重新答复"))

	evs, err := d.Timeline(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []desk.EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	wantKinds := []desk.EventKind{desk.EventRegistered, desk.EventAssigned, desk.EventCorrectionRequested,
		desk.EventCorrectionReceived, desk.EventPaused, desk.EventResumed, desk.EventExtended, desk.EventLinked,
		desk.EventLinked, desk.EventUnlinked, desk.EventNote, desk.EventAnswered, desk.EventReleased,
		desk.EventClosed, desk.EventReopened}
	if !slices.Equal(kinds, wantKinds) {
		t.Fatalf("timeline\n got %v\nwant %v", kinds, wantKinds)
	}
	log, err := s.AuditLog(ctx, records.AuditQuery{Target: desk.Target(n), Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != len(evs) {
		t.Fatalf("%d audit entries for %d events", len(log), len(evs))
	}
	prevAfter := ""
	for i, e := range evs {
		a := log[i]
		if a.Seq != e.AuditSeq || a.Action != "request."+string(e.Kind) || a.Actor != staff {
			t.Errorf("event %d (%s, audit %d): entry %d %s by %s", i, e.Kind, e.AuditSeq, a.Seq, a.Action, a.Actor)
		}
		if a.BeforeHash != prevAfter {
			t.Errorf("event %d (%s): before-hash does not follow the previous after-hash", i, e.Kind)
		}
		prevAfter = a.AfterHash
	}
	cur, _ := d.Get(ctx, n)
	if prevAfter != desk.StateHash(cur) {
		t.Error("the last after-hash is not the request's current state")
	}
	// The release changed the record through the records' own audit log,
	// with the request's number as the reason.
	docLog, _ := s.AuditLog(ctx, records.AuditQuery{Target: records.DocumentTarget("doc-1")})
	last := docLog[len(docLog)-1]
	if last.Action != records.ActionVisibility || last.Actor != staff || !strings.Contains(last.Detail, n) {
		t.Errorf("record's last audit entry: %+v", last)
	}
	var problems []string
	if _, err := s.Verify(ctx, func(p records.Problem) { problems = append(problems, p.String()) }); err != nil {
		t.Fatal(err)
	}
	if len(problems) > 0 {
		t.Errorf("verify: %v", problems)
	}
	// Reopened: back in processing with the assignee, the answer cleared.
	if cur.State != desk.Processing || cur.Outcome != "" || !cur.ClosedOn.IsZero() || cur.Assignee != "李老师" {
		t.Errorf("reopened: %+v", cur)
	}
}

func TestReleaseMakesLinkedRecordPublic(t *testing.T) {
	ctx := context.Background()
	d, s, c := openDesk(t)
	putDoc(t, s, "scholarship-2024", records.OnRequest)
	r := mustRegister(t, d, byPost("2025-09-26", "政府"))
	c.set("2025-10-10")
	must(t)(d.Link(ctx, staff, r.Number, "scholarship-2024"))
	before, _ := s.LastSeq(ctx)
	ans, released, err := d.Answer(ctx, staff, r.Number, desk.Answer{Outcome: desk.Partial, Reason: "个人隐私",
		Text: "获奖学生名单公开，身份证号码不予公开", Release: []string{"scholarship-2024"}})
	if err != nil {
		t.Fatal(err)
	}
	if ans.State != desk.Answered || ans.AnsweredOn != date("2025-10-10") || len(released) != 1 {
		t.Errorf("answered %+v released %v", ans, released)
	}
	doc, err := s.Get(ctx, "scholarship-2024")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Visibility != records.Public || !doc.IsPublic() {
		t.Errorf("record visibility %s, want public", doc.Visibility)
	}
	// The change went through the feed, so the index will follow.
	changes, err := s.Changes(ctx, before, 10, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].DocID != "scholarship-2024" {
		t.Errorf("changes after the release: %+v", changes)
	}
	ls, _ := d.Links(ctx, r.Number)
	if len(ls) != 1 || ls[0].Visibility != records.Public || !ls[0].Exists {
		t.Errorf("links = %+v", ls)
	}
}

func TestBoardLists(t *testing.T) {
	ctx := context.Background()
	d, _, c := openDesk(t)
	c.set("2025-10-27")
	soon := mustRegister(t, d, byPost("2025-09-26", "政府")).Number    // due 10-30: 3 working days left
	overdue := mustRegister(t, d, byPost("2025-09-26", "高校")).Number // due 10-23
	later := mustRegister(t, d, byPost("2025-10-27", "政府")).Number   // due 11-24
	answered := mustRegister(t, d, byPost("2025-09-26", "高校")).Number
	must(t)(d.Answer(ctx, staff, answered, desk.Answer{Outcome: desk.Granted}))
	paused := mustRegister(t, d, byPost("2025-10-09", "政府")).Number
	must(t)(d.Pause(ctx, staff, paused, calendar.Date{}, "第三方"))
	closed := mustRegister(t, d, byPost("2025-10-09", "政府")).Number
	must(t)(d.Answer(ctx, staff, closed, desk.Answer{Outcome: desk.Duplicate}))
	must(t)(d.Close(ctx, staff, closed, calendar.Date{}, ""))

	numbers := func(items []desk.Item) []string {
		var out []string
		for _, it := range items {
			if it.Error != nil {
				t.Errorf("%s: %v", it.Number, it.Error)
			}
			out = append(out, it.Number)
		}
		return out
	}
	b, err := d.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(b.Overdue); !slices.Equal(got, []string{overdue}) {
		t.Errorf("overdue on 10-27 = %v, want %v", got, overdue)
	}
	if got := numbers(b.DueSoon); !slices.Equal(got, []string{soon}) {
		t.Errorf("due soon on 10-27 = %v, want %v", got, soon)
	}
	if got, want := numbers(b.Open), []string{overdue, soon, later, paused, answered}; !slices.Equal(got, want) {
		t.Errorf("open on 10-27 = %v, want %v (by due date; paused, then answered last; closed absent)", got, want)
	}
	if b.Open[0].Remaining != -2 || b.Open[1].Remaining != 3 {
		t.Errorf("remaining: overdue %d, soon %d", b.Open[0].Remaining, b.Open[1].Remaining)
	}

	// On Fri 10-31 the first request is a day overdue too.
	c.set("2025-10-31")
	b, err = d.Board(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := numbers(b.Overdue); !slices.Equal(got, []string{overdue, soon}) {
		t.Errorf("overdue on 10-31 = %v", got)
	}
	if len(b.DueSoon) != 0 {
		t.Errorf("due soon on 10-31 = %v", numbers(b.DueSoon))
	}
	// Sat 11-01 to Mon 11-03: 11-01 is a weekend, still one working day late.
	c.set("2025-11-01")
	b, _ = d.Board(ctx)
	if b.Overdue[1].Remaining != -1 {
		t.Errorf("remaining on Sat 11-01 = %d, want -1", b.Overdue[1].Remaining)
	}
}

func TestLookup(t *testing.T) {
	ctx := context.Background()
	d, _, _ := openDesk(t)
	r := mustRegister(t, d, byPost("2025-09-26", "政府"))
	st, err := d.Lookup(ctx, " ２０２５－０００１ ", strings.ToLower(r.CheckCode))
	if err != nil {
		t.Fatal(err)
	}
	if st.Number != r.Number || st.Due != date("2025-10-30") || st.State != desk.Received {
		t.Errorf("status = %+v", st)
	}
	_, wrong := d.Lookup(ctx, r.Number, "AAAAAAAA")
	_, unknown := d.Lookup(ctx, "2025-0002", r.CheckCode)
	_, empty := d.Lookup(ctx, r.Number, "")
	for _, err := range []error{wrong, unknown, empty} {
		if records.ErrorCode(err) != records.ENOTFOUND || err.Error() != unknown.Error() {
			t.Errorf("err = %v; want the same not-found as an unknown number", err)
		}
	}
}

func TestExportCSV(t *testing.T) {
	ctx := context.Background()
	d, _, _ := openDesk(t)
	var empty bytes.Buffer
	if err := d.ExportCSV(ctx, &empty); err != nil || !strings.HasPrefix(empty.String(), "\uFEFF编号,") {
		t.Errorf("empty export: %q, %v", empty.String(), err)
	}
	n := byPost("2025-09-26", "政府")
	n.Name = "=HYPERLINK(\"http://evil\")"
	n.FeeFen = 1250
	mustRegister(t, d, n)
	mustRegister(t, d, byPost("2025-09-26", ""))
	var buf bytes.Buffer
	if err := d.ExportCSV(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF")) {
		t.Fatal("no UTF-8 byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "编号" {
		t.Fatalf("rows = %v", rows)
	}
	row := rows[1]
	if row[0] != "2025-0001" || row[2] != "'=HYPERLINK(\"http://evil\")" || row[8] != "邮寄" || row[11] != "2025-10-30" || row[19] != "12.50" {
		t.Errorf("row = %q", row)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("lines should end in CRLF for Excel")
	}
}

func TestParseFee(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "0": 0, "12": 1200, "12.5": 1250, "12.50元": 1250, "0.05": 5} {
		if got, err := desk.ParseFee(in); err != nil || got != want {
			t.Errorf("ParseFee(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"-1", "1.234", "abc", "1e3", ".5", "1."} {
		if _, err := desk.ParseFee(in); records.ErrorCode(err) != records.EINVALID {
			t.Errorf("ParseFee(%q) err = %v", in, err)
		}
	}
	if got := desk.FormatFee(1205); got != "12.05" {
		t.Errorf("FormatFee(1205) = %s", got)
	}
}

func putDoc(t *testing.T, s *records.Store, id string, vis records.Visibility) {
	t.Helper()
	_, err := s.Put(context.Background(), "system:test", []records.Incoming{{Doc: records.Document{
		ID: id, Title: "2024年度学生奖学金评审结果（" + id + "）", Body: "获奖学生名单及评审依据。",
		Category: "学生管理", Department: "学生处", Published: "2024-12-01", Visibility: vis,
	}}})
	if err != nil {
		t.Fatal(err)
	}
}

// must fails the test when an action returns an error.
func must(t *testing.T) func(any, ...any) {
	return func(_ any, rest ...any) {
		t.Helper()
		if len(rest) > 0 {
			if err, ok := rest[len(rest)-1].(error); ok && err != nil {
				t.Fatal(err)
			}
		}
	}
}
