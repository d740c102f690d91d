package desk

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

// Desk is the request desk over a records store: the calendar and rule sets
// its deadlines are counted with, and the store's clock (Store.Now).
type Desk struct {
	store *records.Store
	cal   *calendar.Calendar
	rules *deadline.RuleSet
}

// New returns a desk over store counting deadlines with cal and rules.
func New(store *records.Store, cal *calendar.Calendar, rules *deadline.RuleSet) *Desk {
	return &Desk{store: store, cal: cal, rules: rules}
}

// Open returns a desk over store with the calendar and rule sets of the data
// folder dir: the built-in ones, overridden by holidays.txt and rules.txt
// there when present.
func Open(store *records.Store, dir string) (*Desk, error) {
	cal, err := calendar.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("desk: %w", err)
	}
	rules, err := deadline.LoadRulesDir(dir)
	if err != nil {
		return nil, fmt.Errorf("desk: %w", err)
	}
	return New(store, cal, rules), nil
}

// Calendar returns the working-day calendar of the desk.
func (d *Desk) Calendar() *calendar.Calendar { return d.cal }

// Rules returns the deadline rule sets of the desk.
func (d *Desk) Rules() *deadline.RuleSet { return d.rules }

// beijing is China Standard Time: "today" for a deadline is the date in
// China, whatever the server's zone. China has no daylight saving time, so a
// fixed zone is exact and needs no zone database.
var beijing = time.FixedZone("CST", 8*3600)

// dateOf is the date in China at t.
func dateOf(t time.Time) calendar.Date { return calendar.DateOf(t.In(beijing)) }

// Today is the date in China by the store's clock.
func (d *Desk) Today() calendar.Date { return dateOf(d.store.Now()) }

// Number of characters of a check code, from an alphabet without the
// look-alikes 0/O and 1/I/L: 32^8 = 2^40 codes.
const (
	checkCodeLen      = 8
	checkCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
)

func newCheckCode() string {
	b := make([]byte, checkCodeLen)
	// rand.Read never fails (it panics on an unusable system source).
	rand.Read(b)
	for i := range b {
		b[i] = checkCodeAlphabet[int(b[i])%len(checkCodeAlphabet)]
	}
	return string(b)
}

// requestColumns are the columns of a requests row, in scanRequest order.
const requestColumns = `id, number, check_code, applicant_type, applicant_name, phone, email, address,
	description, purpose, channel, received_on, rule, fee_fen, assignee, state, outcome, outcome_reason,
	outcome_text, answered_on, closed_on, due, created_by, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanRequest(row scanner) (*Request, error) {
	var r Request
	var appType, channel, received, state, outcome, answered, closed, due, created, updated string
	if err := row.Scan(&r.ID, &r.Number, &r.CheckCode, &appType, &r.Name, &r.Phone, &r.Email, &r.Address,
		&r.Description, &r.Purpose, &channel, &received, &r.Rule, &r.FeeFen, &r.Assignee, &state, &outcome,
		&r.OutcomeReason, &r.OutcomeText, &answered, &closed, &due, &r.CreatedBy, &created, &updated); err != nil {
		return nil, err
	}
	r.ApplicantType = ApplicantType(appType)
	r.Channel, _ = parseChannel(channel)
	r.Received = parseDate(received)
	r.State = State(state)
	r.Outcome = Outcome(outcome)
	r.AnsweredOn = parseDate(answered)
	r.ClosedOn = parseDate(closed)
	r.Due = parseDate(due)
	r.CreatedAt = parseTime(created)
	r.UpdatedAt = parseTime(updated)
	return &r, nil
}

// queryer is what reads need from the store and from a transaction alike.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// normalNumber tidies a number as people type it: full-width digits and
// dashes, spaces around it.
func normalNumber(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '－' || r == '—' || r == '–' || r == '‐':
			return '-'
		}
		return r
	}, s)
}

func getRequest(ctx context.Context, q queryer, number string) (*Request, error) {
	number = normalNumber(number)
	r, err := scanRequest(q.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM requests WHERE number = ?`, number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, records.Errorf(records.ENOTFOUND, "没有编号为 %s 的申请", number)
	}
	if err != nil {
		return nil, fmt.Errorf("desk: get request %s: %w", number, err)
	}
	return r, nil
}

// Get returns the request with the given number, or an ENOTFOUND error.
func (d *Desk) Get(ctx context.Context, number string) (*Request, error) {
	return getRequest(ctx, d.store, number)
}

// eventColumns are the columns of a request_events row, in scanEvent order.
const eventColumns = `id, kind, on_date, days, approval, doc_id, outcome, reason, note, actor, at, audit_seq`

func scanEvent(row scanner) (Event, error) {
	var e Event
	var kind, on, outcome, at string
	err := row.Scan(&e.ID, &kind, &on, &e.Days, &e.Approval, &e.DocID, &outcome, &e.Reason, &e.Note,
		&e.Actor, &at, &e.AuditSeq)
	e.Kind, e.Date, e.Outcome, e.At = EventKind(kind), parseDate(on), Outcome(outcome), parseTime(at)
	return e, err
}

func events(ctx context.Context, q queryer, requestID int64) ([]Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+eventColumns+` FROM request_events WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("desk: read timeline: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("desk: scan event: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("desk: read timeline: %w", err)
	}
	return out, nil
}

// Timeline returns every event of a request, oldest first.
func (d *Desk) Timeline(ctx context.Context, number string) ([]Event, error) {
	r, err := d.Get(ctx, number)
	if err != nil {
		return nil, err
	}
	return events(ctx, d.store, r.ID)
}

// Compute returns the deadline of r after its events, on the desk's
// calendar. A date in a year the calendar does not cover yet is counted
// provisionally (weekends only), and the result says so in its Warnings: a
// desk must show a date rather than none.
func (d *Desk) Compute(r *Request, evs []Event) (*deadline.Result, error) {
	rule, err := d.rules.Rule(r.Rule)
	if err != nil {
		return nil, fmt.Errorf("desk: request %s: %w", r.Number, err)
	}
	rec := deadline.ReceivedOn(r.Channel, r.Received)
	res, err := deadline.Compute(d.cal, rule, rec, clockEvents(evs))
	if errors.Is(err, calendar.ErrNotCovered) {
		res, err = deadline.Compute(d.cal.Provisional(), rule, rec, clockEvents(evs))
	}
	if err != nil {
		if ee, ok := errors.AsType[*deadline.EventError](err); ok {
			return nil, records.Errorf(records.EINVALID, "%s（%s）：%s", ee.Event.Kind, ee.Event.Date, ee.Msg)
		}
		return nil, fmt.Errorf("desk: deadline of %s: %w", r.Number, err)
	}
	return res, nil
}

// workdaysBetween is calendar.WorkdaysBetween, provisional in uncovered
// years.
func (d *Desk) workdaysBetween(from, to calendar.Date) (int, error) {
	n, err := d.cal.WorkdaysBetween(from, to)
	if errors.Is(err, calendar.ErrNotCovered) {
		n, err = d.cal.Provisional().WorkdaysBetween(from, to)
	}
	return n, err
}

// Clock is where a request stands against its deadline on a given day.
type Clock struct {
	Result *deadline.Result
	// Remaining is the working days left after today up to the due date
	// (0 on the due date, negative when overdue); while paused or awaiting
	// a correction, the days the clock will still run.
	Remaining int
	// Overdue: the deadline has passed and the request is unanswered.
	Overdue bool
	// DueSoon: unanswered, not overdue, due within SoonDays working days.
	DueSoon bool
	// AnsweredLate: answered after the due date.
	AnsweredLate bool
}

// SoonDays is how many working days ahead the desk's "due soon" list looks.
const SoonDays = 3

// clock places r (with its deadline res) on today.
func (d *Desk) clock(r *Request, res *deadline.Result, today calendar.Date) (Clock, error) {
	c := Clock{Result: res}
	if res.State != deadline.Running {
		c.Remaining = res.Left
		c.Overdue = r.State.Pending() && res.State == deadline.Paused && res.Left < 0
		return c, nil
	}
	n, err := d.workdaysBetween(today, res.Due)
	if err != nil {
		return c, fmt.Errorf("desk: remaining days of %s: %w", r.Number, err)
	}
	c.Remaining = n
	if r.State.Pending() {
		c.Overdue = today.After(res.Due)
		c.DueSoon = !c.Overdue && n <= SoonDays
	}
	c.AnsweredLate = !r.AnsweredOn.IsZero() && r.AnsweredOn.After(res.Due)
	return c, nil
}

// step is one action on a request: it checks that the action may happen,
// changes r and returns the events to record (one audit entry each).
type step func(tx *records.Tx, r *Request, evs []Event, today calendar.Date) ([]Event, error)

// change runs one action in one transaction: it loads the request, applies
// the step, recomputes the deadline (rejecting an event sequence the rule
// set does not allow), and writes the row, the events and their audit
// entries.
func (d *Desk) change(ctx context.Context, actor, number string, fn step) (*Request, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, records.Errorf(records.EINVALID, "缺少操作者（actor）")
	}
	var out *Request
	err := d.store.WithTx(ctx, func(tx *records.Tx) error {
		r, err := getRequest(ctx, tx, number)
		if err != nil {
			return err
		}
		before := StateHash(r)
		evs, err := events(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		today := dateOf(tx.Now())
		added, err := fn(tx, r, evs, today)
		if err != nil {
			return err
		}
		// The events are checked against the rule set whenever one moves
		// the deadline. Another step never fails for a deadline that no
		// longer computes (a rule set an operator has since changed): the
		// cached date then stays as it was, and the page shows the error.
		clock := ""
		res, err := d.Compute(r, append(evs, added...))
		switch {
		case err == nil:
			r.Due, clock = res.Due, clockState(res)
		case movesDeadline(added):
			return err
		default:
			clock = "error"
		}
		r.UpdatedAt = tx.Now()
		if err := writeRequest(ctx, tx, r, clock); err != nil {
			return err
		}
		after := StateHash(r)
		for _, e := range added {
			if _, err := appendEvent(ctx, tx, actor, r, e, before, after); err != nil {
				return err
			}
			before = after
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// clockState is the cached name of the clock's state.
func clockState(res *deadline.Result) string {
	switch res.State {
	case deadline.Running:
		return "running"
	case deadline.Paused:
		return "paused"
	case deadline.AwaitingCorrection:
		return "awaiting_correction"
	}
	return ""
}

func movesDeadline(evs []Event) bool {
	for _, e := range evs {
		if e.Kind.MovesDeadline() {
			return true
		}
	}
	return false
}

// writeRequest writes every changeable column of r, and the cached deadline.
func writeRequest(ctx context.Context, tx *records.Tx, r *Request, clock string) error {
	_, err := tx.ExecContext(ctx, `UPDATE requests SET assignee = ?, state = ?, outcome = ?, outcome_reason = ?,
		outcome_text = ?, answered_on = ?, closed_on = ?, due = ?, clock = ?, fee_fen = ?, updated_at = ?
		WHERE id = ?`,
		r.Assignee, string(r.State), string(r.Outcome), r.OutcomeReason, r.OutcomeText, r.AnsweredOn.String(),
		r.ClosedOn.String(), r.Due.String(), clock, r.FeeFen, formatTime(r.UpdatedAt), r.ID)
	if err != nil {
		return fmt.Errorf("desk: write request %s: %w", r.Number, err)
	}
	return nil
}

// auditDetail is the detail of a request's audit entry: the event's fields
// that are set, as compact JSON.
func auditDetail(e Event) string {
	m := map[string]any{"date": e.Date.String()}
	if e.Days != 0 {
		m["days"] = e.Days
	}
	for k, v := range map[string]string{"approval": e.Approval, "doc_id": e.DocID, "outcome": string(e.Outcome),
		"reason": e.Reason, "note": e.Note} {
		if v != "" {
			m[k] = v
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Sprint(m)
	}
	return string(b)
}

// appendEvent writes the audit entry of e (action "request.<kind>") and the
// event itself, pointing at it.
func appendEvent(ctx context.Context, tx *records.Tx, actor string, r *Request, e Event, before, after string) (Event, error) {
	entry, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: actor, Action: "request." + string(e.Kind),
		Target: r.Target(), BeforeHash: before, AfterHash: after, Detail: auditDetail(e)})
	if err != nil {
		return e, err
	}
	e.Actor, e.At, e.AuditSeq = actor, tx.Now(), entry.Seq
	err = tx.QueryRowContext(ctx, `INSERT INTO request_events (request_id, kind, on_date, days, approval, doc_id,
		outcome, reason, note, actor, at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.ID, string(e.Kind), e.Date.String(), e.Days, e.Approval, e.DocID, string(e.Outcome), e.Reason, e.Note,
		e.Actor, formatTime(e.At), e.AuditSeq).Scan(&e.ID)
	if err != nil {
		return e, fmt.Errorf("desk: write event of %s: %w", r.Number, err)
	}
	return e, nil
}

// Register records a new request on behalf of actor (a staff account, or
// "public:web" for the online form) and returns it with its number and
// check code. Its number is the year of registration in China and the next
// running number of that year.
func (d *Desk) Register(ctx context.Context, actor string, n NewRequest) (*Request, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, records.Errorf(records.EINVALID, "缺少操作者（actor）")
	}
	if err := n.normalize(); err != nil {
		return nil, err
	}
	rule, err := d.rules.Rule(n.Rule)
	if err != nil {
		return nil, records.Errorf(records.EINVALID, "%s", err.Error())
	}
	var out *Request
	err = d.store.WithTx(ctx, func(tx *records.Tx) error {
		today := dateOf(tx.Now())
		if n.Received.After(today) {
			return records.Errorf(records.EINVALID, "收到申请之日 %s 晚于今天 %s", n.Received, today)
		}
		r := &Request{
			CheckCode: newCheckCode(), ApplicantType: n.ApplicantType, Name: n.Name, Phone: n.Phone,
			Email: n.Email, Address: n.Address, Description: n.Description, Purpose: n.Purpose,
			Channel: n.Channel, Received: n.Received, Rule: rule.ID, FeeFen: n.FeeFen, State: Received,
			CreatedBy: actor, CreatedAt: tx.Now(), UpdatedAt: tx.Now(),
		}
		res, err := d.Compute(r, nil)
		if err != nil {
			return err
		}
		r.Due = res.Due
		year := today.Year
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM requests WHERE year = ?`, year).Scan(&seq); err != nil {
			return fmt.Errorf("desk: next number: %w", err)
		}
		r.Number = fmt.Sprintf("%d-%04d", year, seq)
		err = tx.QueryRowContext(ctx, `INSERT INTO requests (number, year, seq, check_code, applicant_type,
			applicant_name, phone, email, address, description, purpose, channel, received_on, rule, fee_fen,
			assignee, state, due, clock, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Number, year, seq, r.CheckCode, string(r.ApplicantType), r.Name, r.Phone, r.Email, r.Address,
			r.Description, r.Purpose, channelCode(r.Channel), r.Received.String(), r.Rule, r.FeeFen,
			string(r.State), r.Due.String(), clockState(res), r.CreatedBy, formatTime(r.CreatedAt),
			formatTime(r.UpdatedAt)).Scan(&r.ID)
		if err != nil {
			return fmt.Errorf("desk: register %s: %w", r.Number, err)
		}
		note := fmt.Sprintf("%s申请，收到申请之日 %s，适用%s", r.Channel, r.Received, res.Rule.Law)
		if _, err := appendEvent(ctx, tx, actor, r, Event{Kind: EventRegistered, Date: today, Note: note}, "", StateHash(r)); err != nil {
			return err
		}
		out = r
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkOpen rejects an action on a closed request.
func checkOpen(r *Request, what string) error {
	if r.State == Closed {
		return records.Errorf(records.EINVALID, "申请 %s 已办结，不能%s；如需继续办理请先重新打开", r.Number, what)
	}
	return nil
}

// checkPending rejects an action on a request that is answered or closed.
func checkPending(r *Request, what string) error {
	if err := checkOpen(r, what); err != nil {
		return err
	}
	if r.State == Answered {
		return records.Errorf(records.EINVALID, "申请 %s 已答复，不能%s", r.Number, what)
	}
	return nil
}

// checkDay checks the date of a step: not before receipt and not in the
// future; the zero date means today.
func checkDay(r *Request, on, today calendar.Date) (calendar.Date, error) {
	if on.IsZero() {
		return today, nil
	}
	if on.After(today) {
		return on, records.Errorf(records.EINVALID, "日期 %s 晚于今天 %s", on, today)
	}
	if on.Before(r.Received) {
		return on, records.Errorf(records.EINVALID, "日期 %s 早于收到申请之日 %s", on, r.Received)
	}
	return on, nil
}

// Assign gives the request to assignee (承办人).
func (d *Desk) Assign(ctx context.Context, actor, number, assignee string) (*Request, error) {
	assignee, err := oneLine("承办人", assignee, maxName, true)
	if err != nil {
		return nil, err
	}
	return d.change(ctx, actor, number, func(_ *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if err := checkOpen(r, "分办"); err != nil {
			return nil, err
		}
		if r.Assignee == assignee {
			return nil, records.Errorf(records.EINVALID, "申请 %s 已由 %s 承办", r.Number, assignee)
		}
		r.Assignee = assignee
		if r.State == Received {
			r.State = Processing
		}
		return []Event{{Kind: EventAssigned, Date: today, Note: assignee}}, nil
	})
}

// clockStep records an event that moves the deadline; the rule set decides
// whether it may happen (deadline.Compute).
func (d *Desk) clockStep(ctx context.Context, actor, number, what string, e Event) (*Request, error) {
	return d.change(ctx, actor, number, func(_ *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if err := checkPending(r, what); err != nil {
			return nil, err
		}
		var err error
		if e.Date, err = checkDay(r, e.Date, today); err != nil {
			return nil, err
		}
		return []Event{e}, nil
	})
}

// RequestCorrection records the 补正 notice sent on day on (zero = today),
// saying what the applicant must correct. The clock stops until the
// correction arrives.
func (d *Desk) RequestCorrection(ctx context.Context, actor, number string, on calendar.Date, what string) (*Request, error) {
	what, err := checkText("需要补正的内容", what, maxNote, true)
	if err != nil {
		return nil, err
	}
	return d.clockStep(ctx, actor, number, "告知补正", Event{Kind: EventCorrectionRequested, Date: on, Note: what})
}

// ReceiveCorrection records the day the applicant's correction arrived; the
// period restarts in full from then.
func (d *Desk) ReceiveCorrection(ctx context.Context, actor, number string, on calendar.Date, note string) (*Request, error) {
	note, err := checkText("说明", note, maxNote, false)
	if err != nil {
		return nil, err
	}
	return d.clockStep(ctx, actor, number, "登记补正", Event{Kind: EventCorrectionReceived, Date: on, Note: note})
}

// Extend records an extension of days working days decided on day on,
// approved by approval, for reason.
func (d *Desk) Extend(ctx context.Context, actor, number string, on calendar.Date, days int, approval, reason string) (*Request, error) {
	approval, err := oneLine("批准人", approval, maxName, true)
	if err != nil {
		return nil, err
	}
	if reason, err = checkText("延长理由", reason, maxNote, true); err != nil {
		return nil, err
	}
	if days <= 0 {
		return nil, records.Errorf(records.EINVALID, "延长的工作日数应为正数")
	}
	return d.clockStep(ctx, actor, number, "延长答复期限",
		Event{Kind: EventExtended, Date: on, Days: days, Approval: approval, Note: reason})
}

// Pause records the day a third party was asked for its opinion; the clock
// stands still until Resume.
func (d *Desk) Pause(ctx context.Context, actor, number string, on calendar.Date, thirdParty string) (*Request, error) {
	thirdParty, err := checkText("征求意见的第三方", thirdParty, maxNote, true)
	if err != nil {
		return nil, err
	}
	return d.clockStep(ctx, actor, number, "征求第三方意见", Event{Kind: EventPaused, Date: on, Note: thirdParty})
}

// Resume records the day the third party's opinion arrived (or the time
// given for it ran out); the clock runs again from the next day.
func (d *Desk) Resume(ctx context.Context, actor, number string, on calendar.Date, note string) (*Request, error) {
	note, err := checkText("说明", note, maxNote, false)
	if err != nil {
		return nil, err
	}
	return d.clockStep(ctx, actor, number, "恢复计时", Event{Kind: EventResumed, Date: on, Note: note})
}

// docInfo reads the title and visibility of an archive record in tx.
func docInfo(ctx context.Context, q queryer, id string) (title string, vis records.Visibility, err error) {
	var v string
	err = q.QueryRowContext(ctx, `SELECT title, visibility FROM documents WHERE id = ?`, id).Scan(&title, &v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", records.Errorf(records.ENOTFOUND, "档案中没有记录 %q", id)
	}
	if err != nil {
		return "", "", fmt.Errorf("desk: read record %s: %w", id, err)
	}
	return title, records.Visibility(v), nil
}

func isLinked(ctx context.Context, q queryer, requestID int64, docID string) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM request_links WHERE request_id = ? AND doc_id = ?`,
		requestID, docID).Scan(&n); err != nil {
		return false, fmt.Errorf("desk: read links: %w", err)
	}
	return n > 0, nil
}

// Link links an archive record to the request: a record that answers it.
func (d *Desk) Link(ctx context.Context, actor, number, docID string) (*Request, error) {
	docID = strings.TrimSpace(docID)
	if docID == "" {
		return nil, records.Errorf(records.EINVALID, "请指定要关联的记录")
	}
	return d.change(ctx, actor, number, func(tx *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if err := checkOpen(r, "关联记录"); err != nil {
			return nil, err
		}
		title, _, err := docInfo(ctx, tx, docID)
		if err != nil {
			return nil, err
		}
		if linked, err := isLinked(ctx, tx, r.ID, docID); err != nil {
			return nil, err
		} else if linked {
			return nil, records.Errorf(records.EINVALID, "记录 %s 已关联到申请 %s", docID, r.Number)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO request_links (request_id, doc_id, linked_by, linked_at)
			VALUES (?, ?, ?, ?)`, r.ID, docID, actor, formatTime(tx.Now())); err != nil {
			return nil, fmt.Errorf("desk: link %s to %s: %w", docID, r.Number, err)
		}
		return []Event{{Kind: EventLinked, Date: today, DocID: docID, Note: title}}, nil
	})
}

// Unlink removes a record's link to the request.
func (d *Desk) Unlink(ctx context.Context, actor, number, docID string) (*Request, error) {
	docID = strings.TrimSpace(docID)
	return d.change(ctx, actor, number, func(tx *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if err := checkOpen(r, "取消关联"); err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM request_links WHERE request_id = ? AND doc_id = ?`, r.ID, docID)
		if err != nil {
			return nil, fmt.Errorf("desk: unlink %s from %s: %w", docID, r.Number, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil, records.Errorf(records.EINVALID, "记录 %q 未关联到申请 %s", docID, r.Number)
		}
		return []Event{{Kind: EventUnlinked, Date: today, DocID: docID}}, nil
	})
}

// Answer is the answer to a request.
type Answer struct {
	Outcome Outcome
	// Reason is the reason category (one of the outcome's Reasons).
	Reason string
	// Text explains the answer.
	Text string
	// On is the day of the answer (zero = today).
	On calendar.Date
	// Release lists linked 依申请公开 records to make public with the answer
	// (only for an outcome that Releases).
	Release []string
}

// Answer records the answer to a pending request and then releases the
// records it names (see Release). It returns the request and the records
// released. When a release fails the answer stays recorded and the error
// says which records are left; Release can be called again for them.
func (d *Desk) Answer(ctx context.Context, actor, number string, a Answer) (*Request, []string, error) {
	info := a.Outcome.Info()
	if info.Label == "" {
		return nil, nil, records.Errorf(records.EINVALID, "请选择答复结果")
	}
	a.Reason = strings.TrimSpace(a.Reason)
	switch {
	case a.Reason == "" && info.ReasonRequired:
		return nil, nil, records.Errorf(records.EINVALID, "答复结果“%s”须选择理由类别", info.Label)
	case a.Reason != "" && !contains(info.Reasons, a.Reason):
		return nil, nil, records.Errorf(records.EINVALID, "“%s”不是答复结果“%s”的理由类别", a.Reason, info.Label)
	case len(a.Release) > 0 && !info.Releases:
		return nil, nil, records.Errorf(records.EINVALID, "答复结果为“%s”，不能同时公开记录", info.Label)
	}
	text, err := checkText("答复说明", a.Text, maxDescription, false)
	if err != nil {
		return nil, nil, err
	}
	release := dedupe(a.Release)
	r, err := d.change(ctx, actor, number, func(tx *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if err := checkPending(r, "再次答复"); err != nil {
			return nil, err
		}
		on, err := checkDay(r, a.On, today)
		if err != nil {
			return nil, err
		}
		if err := checkReleasable(ctx, tx, r, release); err != nil {
			return nil, err
		}
		r.State, r.Outcome, r.OutcomeReason, r.OutcomeText, r.AnsweredOn = Answered, a.Outcome, a.Reason, text, on
		return []Event{{Kind: EventAnswered, Date: on, Outcome: a.Outcome, Reason: a.Reason, Note: text}}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	released, err := d.release(ctx, actor, r, release)
	return r, released, err
}

// checkReleasable checks that every id is linked to r and 依申请公开.
func checkReleasable(ctx context.Context, q queryer, r *Request, ids []string) error {
	for _, id := range ids {
		linked, err := isLinked(ctx, q, r.ID, id)
		if err != nil {
			return err
		}
		if !linked {
			return records.Errorf(records.EINVALID, "记录 %q 未关联到申请 %s，不能随答复公开", id, r.Number)
		}
		_, vis, err := docInfo(ctx, q, id)
		if err != nil {
			return err
		}
		if vis != records.OnRequest {
			return records.Errorf(records.EINVALID, "记录 %q 的公开属性为“%s”，只有依申请公开的记录可随答复公开", id, vis.Label())
		}
	}
	return nil
}

// Release makes linked 依申请公开 records of an answered request public:
// each record's visibility becomes public (a new version, through the
// change feed and the records' audit log, with the request number as the
// reason), then the request's timeline records the release with its own
// audit entry. The outcome must be one that releases (予以公开, 部分公开).
func (d *Desk) Release(ctx context.Context, actor, number string, ids []string) ([]string, error) {
	if strings.TrimSpace(actor) == "" {
		return nil, records.Errorf(records.EINVALID, "缺少操作者（actor）")
	}
	ids = dedupe(ids)
	if len(ids) == 0 {
		return nil, records.Errorf(records.EINVALID, "请选择要公开的记录")
	}
	r, err := d.Get(ctx, number)
	if err != nil {
		return nil, err
	}
	if r.State != Answered || !r.Outcome.Info().Releases {
		return nil, records.Errorf(records.EINVALID, "只有答复结果为予以公开或部分公开、尚未办结的申请可以公开关联记录")
	}
	if err := checkReleasable(ctx, d.store, r, ids); err != nil {
		return nil, err
	}
	return d.release(ctx, actor, r, ids)
}

// release flips each record to public and records it on the request, one
// record at a time, so that a failure leaves at most the failing record's
// visibility changed without its desk event (its records audit entry, with
// the request number, still tells).
func (d *Desk) release(ctx context.Context, actor string, r *Request, ids []string) ([]string, error) {
	reason := fmt.Sprintf("依申请公开：申请 %s 答复%s", r.Number, r.Outcome.Label())
	var done []string
	for _, id := range ids {
		if _, err := d.store.SetVisibility(ctx, actor, id, records.Public, reason); err != nil {
			return done, fmt.Errorf("desk: release %s for %s (released so far: %v): %w", id, r.Number, done, err)
		}
		_, err := d.change(ctx, actor, r.Number, func(_ *records.Tx, _ *Request, _ []Event, today calendar.Date) ([]Event, error) {
			return []Event{{Kind: EventReleased, Date: today, DocID: id, Note: "公开属性改为主动公开"}}, nil
		})
		if err != nil {
			return done, fmt.Errorf("desk: record release of %s for %s: %w", id, r.Number, err)
		}
		done = append(done, id)
	}
	return done, nil
}

// Close closes an answered request (办结) on day on (zero = today).
func (d *Desk) Close(ctx context.Context, actor, number string, on calendar.Date, note string) (*Request, error) {
	note, err := checkText("说明", note, maxNote, false)
	if err != nil {
		return nil, err
	}
	return d.change(ctx, actor, number, func(_ *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		switch r.State {
		case Closed:
			return nil, records.Errorf(records.EINVALID, "申请 %s 已办结", r.Number)
		case Received, Processing:
			return nil, records.Errorf(records.EINVALID, "申请 %s 尚未答复，办结前须先登记答复结果", r.Number)
		}
		on, err := checkDay(r, on, today)
		if err != nil {
			return nil, err
		}
		if on.Before(r.AnsweredOn) {
			return nil, records.Errorf(records.EINVALID, "办结日期 %s 早于答复日期 %s", on, r.AnsweredOn)
		}
		r.State, r.ClosedOn = Closed, on
		return []Event{{Kind: EventClosed, Date: on, Note: note}}, nil
	})
}

// Reopen takes a closed request back into processing (after a 复议 decision,
// say), with a reason. Its answer is cleared; the timeline keeps it.
func (d *Desk) Reopen(ctx context.Context, actor, number, reason string) (*Request, error) {
	reason, err := checkText("重新办理的理由", reason, maxNote, true)
	if err != nil {
		return nil, err
	}
	return d.change(ctx, actor, number, func(_ *records.Tx, r *Request, _ []Event, today calendar.Date) ([]Event, error) {
		if r.State != Closed {
			return nil, records.Errorf(records.EINVALID, "申请 %s 未办结，不需要重新打开", r.Number)
		}
		r.State = Received
		if r.Assignee != "" {
			r.State = Processing
		}
		r.Outcome, r.OutcomeReason, r.OutcomeText = "", "", ""
		r.AnsweredOn, r.ClosedOn = calendar.Date{}, calendar.Date{}
		return []Event{{Kind: EventReopened, Date: today, Note: reason}}, nil
	})
}

// Note adds a note to the timeline, in any state.
func (d *Desk) Note(ctx context.Context, actor, number, text string) (*Request, error) {
	text, err := checkText("备注", text, maxNote, true)
	if err != nil {
		return nil, err
	}
	return d.change(ctx, actor, number, func(_ *records.Tx, _ *Request, _ []Event, today calendar.Date) ([]Event, error) {
		return []Event{{Kind: EventNote, Date: today, Note: text}}, nil
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// dedupe trims ids and drops empty and repeated ones, keeping the order.
func dedupe(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
