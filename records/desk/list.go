package desk

import (
	"cmp"
	"context"
	"crypto/subtle"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

// Link is an archive record linked to a request, as it is now.
type Link struct {
	DocID string
	// Title and Visibility are the record's current ones; Exists is false
	// when the record has since been deleted.
	Title      string
	Visibility records.Visibility
	Exists     bool
	LinkedBy   string
	LinkedAt   time.Time
}

// Links returns the records linked to a request, in the order linked.
func (d *Desk) Links(ctx context.Context, number string) ([]Link, error) {
	r, err := d.Get(ctx, number)
	if err != nil {
		return nil, err
	}
	return links(ctx, d.store, r.ID)
}

func links(ctx context.Context, q queryer, requestID int64) ([]Link, error) {
	rows, err := q.QueryContext(ctx, `SELECT l.doc_id, COALESCE(d.title, ''), COALESCE(d.visibility, ''),
		d.id IS NOT NULL, l.linked_by, l.linked_at
		FROM request_links l LEFT JOIN documents d ON d.id = l.doc_id
		WHERE l.request_id = ? ORDER BY l.linked_at, l.doc_id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("desk: read links: %w", err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var vis, at string
		if err := rows.Scan(&l.DocID, &l.Title, &vis, &l.Exists, &l.LinkedBy, &at); err != nil {
			return nil, fmt.Errorf("desk: scan link: %w", err)
		}
		l.Visibility = records.Visibility(vis)
		l.LinkedAt = parseTime(at)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("desk: read links: %w", err)
	}
	return out, nil
}

// Detail is everything known about one request: the request, its
// timeline, its linked records and its deadline today.
type Detail struct {
	Request *Request
	Events  []Event
	Links   []Link
	Today   calendar.Date
	// Clock is the deadline placed on today; ClockError says why there is
	// none (a rule set or calendar that no longer accepts the events).
	Clock      Clock
	ClockError error
}

// Detail returns a request with its timeline, links and deadline.
func (d *Desk) Detail(ctx context.Context, number string) (*Detail, error) {
	r, err := d.Get(ctx, number)
	if err != nil {
		return nil, err
	}
	evs, err := events(ctx, d.store, r.ID)
	if err != nil {
		return nil, err
	}
	ls, err := links(ctx, d.store, r.ID)
	if err != nil {
		return nil, err
	}
	out := &Detail{Request: r, Events: evs, Links: ls, Today: d.Today()}
	res, err := d.Compute(r, evs)
	if err == nil {
		out.Clock, err = d.clock(r, res, out.Today)
	}
	out.ClockError = err
	return out, nil
}

// Item is a request in a list, with its deadline today.
type Item struct {
	*Request
	Clock
	// Error says why the deadline could not be computed.
	Error error
}

// Board is the desk's view of the open requests on a day: overdue ones, those
// due within SoonDays working days, and every request not yet closed.
type Board struct {
	Today   calendar.Date
	Overdue []Item
	DueSoon []Item
	Open    []Item
}

// Board returns the open requests (not closed), their deadlines computed
// afresh from their events. Open is ordered by due date, the running clocks
// first, then the paused ones and those awaiting a correction, then the
// answered ones; Overdue and DueSoon by due date.
func (d *Desk) Board(ctx context.Context) (*Board, error) {
	today := d.Today()
	rows, err := d.store.QueryContext(ctx, `SELECT `+requestColumns+` FROM requests WHERE state <> ? ORDER BY id`, string(Closed))
	if err != nil {
		return nil, fmt.Errorf("desk: list requests: %w", err)
	}
	var reqs []*Request
	for rows.Next() {
		r, err := scanRequest(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("desk: scan request: %w", err)
		}
		reqs = append(reqs, r)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return nil, fmt.Errorf("desk: list requests: %w", err)
	}
	byID, err := d.openClockEvents(ctx)
	if err != nil {
		return nil, err
	}
	b := &Board{Today: today}
	for _, r := range reqs {
		it := Item{Request: r}
		res, err := d.Compute(r, byID[r.ID])
		if err == nil {
			it.Clock, err = d.clock(r, res, today)
		}
		it.Error = err
		b.Open = append(b.Open, it)
	}
	slices.SortStableFunc(b.Open, compareItems)
	for _, it := range b.Open {
		if it.Overdue {
			b.Overdue = append(b.Overdue, it)
		}
		if it.DueSoon {
			b.DueSoon = append(b.DueSoon, it)
		}
	}
	return b, nil
}

// openClockEvents reads the deadline events of every open request in one
// query, by request.
func (d *Desk) openClockEvents(ctx context.Context) (map[int64][]Event, error) {
	var kinds []any
	for k := range clockKinds {
		kinds = append(kinds, string(k))
	}
	rows, err := d.store.QueryContext(ctx, `SELECT e.request_id, `+prefixed("e.", eventColumns)+`
		FROM request_events e JOIN requests r ON r.id = e.request_id
		WHERE r.state <> ? AND e.kind IN (?`+strings.Repeat(", ?", len(kinds)-1)+`)
		ORDER BY e.request_id, e.id`, append([]any{string(Closed)}, kinds...)...)
	if err != nil {
		return nil, fmt.Errorf("desk: read deadline events: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Event{}
	for rows.Next() {
		var id int64
		var e Event
		var kind, on, outcome, at string
		if err := rows.Scan(&id, &e.ID, &kind, &on, &e.Days, &e.Approval, &e.DocID, &outcome, &e.Reason, &e.Note,
			&e.Actor, &at, &e.AuditSeq); err != nil {
			return nil, fmt.Errorf("desk: scan event: %w", err)
		}
		e.Kind, e.Date, e.Outcome, e.At = EventKind(kind), parseDate(on), Outcome(outcome), parseTime(at)
		out[id] = append(out[id], e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("desk: read deadline events: %w", err)
	}
	return out, nil
}

// prefixed qualifies each of a comma-separated list of columns.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

// rank orders the groups of the open list.
func (it *Item) rank() int {
	switch {
	case it.Error != nil:
		return 0 // cannot tell: look at it first
	case !it.State.Pending():
		return 3
	case it.Result.State == deadline.Running:
		return 1
	}
	return 2
}

func compareItems(a, b Item) int {
	if c := cmp.Compare(a.rank(), b.rank()); c != 0 {
		return c
	}
	if a.Result != nil && b.Result != nil && a.Result.State == deadline.Running && b.Result.State == deadline.Running {
		if c := a.Result.Due.Compare(b.Result.Due); c != 0 {
			return c
		}
	}
	if a.Result != nil && b.Result != nil && a.Result.State == deadline.Paused && b.Result.State == deadline.Paused {
		if c := cmp.Compare(a.Remaining, b.Remaining); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.ID, b.ID)
}

// Status is what the public status page tells the holder of a number and
// its check code.
type Status struct {
	Number   string
	Received calendar.Date
	State    State
	// Clock is the deadline's state; Due is set while it runs.
	Clock   deadline.State
	Due     calendar.Date
	Outcome Outcome
	// AnsweredOn and ClosedOn are set once answered, closed.
	AnsweredOn calendar.Date
	ClosedOn   calendar.Date
}

// errNoStatus is the one answer to an unknown number and a wrong check code
// alike, so the page tells nobody which numbers exist.
var errNoStatus = records.Errorf(records.ENOTFOUND, "没有找到与该编号和查询码相符的申请，请核对后重新输入")

// Lookup returns the status of the request with number when code is its
// check code; an unknown number and a wrong code give the same ENOTFOUND
// error.
func (d *Desk) Lookup(ctx context.Context, number, code string) (*Status, error) {
	code = strings.ToUpper(strings.Join(strings.Fields(code), ""))
	code = strings.ReplaceAll(code, "-", "")
	r, err := d.Get(ctx, number)
	if records.ErrorCode(err) == records.ENOTFOUND {
		// Compare anyway, so the time taken does not tell either.
		subtle.ConstantTimeCompare([]byte(code), []byte(newCheckCode()))
		return nil, errNoStatus
	}
	if err != nil {
		return nil, err
	}
	if code == "" || subtle.ConstantTimeCompare([]byte(code), []byte(r.CheckCode)) != 1 {
		return nil, errNoStatus
	}
	st := &Status{Number: r.Number, Received: r.Received, State: r.State, Outcome: r.Outcome,
		AnsweredOn: r.AnsweredOn, ClosedOn: r.ClosedOn}
	evs, err := events(ctx, d.store, r.ID)
	if err != nil {
		return nil, err
	}
	if res, err := d.Compute(r, evs); err == nil {
		st.Clock, st.Due = res.State, res.Due
	}
	return st, nil
}
