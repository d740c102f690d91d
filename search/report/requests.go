package report

import (
	"context"
	"fmt"

	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
	"github.com/xxgk-archive/archive/records/desk"
)

// NoRequestData is what the report says for a period in which the request
// desk recorded nothing, rather than zeros that would pass for facts.
const NoRequestData = "本年度未记录依申请公开数据"

// Requests are 依申请公开: the requests of the period, from the request
// desk. When the desk recorded no request touching the period, Recorded
// is false, Note says so, and the figures are absent (not zero).
type Requests struct {
	Recorded bool   `json:"recorded"`
	Note     string `json:"note,omitempty"`
	*RequestFigures
}

// RequestFigures are the request counts of a period. A request is
// answered on the day of its answer (答复); one reopened later counts as
// open again from the day it was reopened.
type RequestFigures struct {
	// Received: requests received in the period (by the day of receipt).
	Received int `json:"received"`
	// ByChannel counts them by channel (申请渠道), in the desk's order.
	ByChannel []Count `json:"by_channel"`
	// CarriedIn: received before the period and still unanswered at its
	// start (上年结转); CarriedOut: unanswered at its end (结转下年).
	CarriedIn  int `json:"carried_in"`
	CarriedOut int `json:"carried_out"`
	// Answered: requests answered in the period, by the outcome of their
	// last answer in it.
	Answered  int            `json:"answered"`
	ByOutcome []OutcomeCount `json:"by_outcome"`
	// FeesFen is the fees of the requests answered in the period, in fen;
	// Fees the same in 元 ("12.50").
	FeesFen int64  `json:"fees_fen"`
	Fees    string `json:"fees"`
	// Overdue: answered in the period after their due date
	// (OverdueAnswered), plus unanswered and past their due date at the
	// period's end (OverdueOpen). Deadlines are counted in working days on
	// the desk's calendar, as the desk does.
	Overdue         int `json:"overdue"`
	OverdueAnswered int `json:"overdue_answered"`
	OverdueOpen     int `json:"overdue_open"`
	// DeadlineUnknown counts the requests whose deadline the desk could not
	// compute (a timeline its rules no longer accept); they are in neither
	// overdue count. The desk's page for each says why.
	DeadlineUnknown int `json:"deadline_unknown"`
}

// OutcomeCount is one answer outcome (答复结果) and its count.
type OutcomeCount struct {
	Outcome string `json:"outcome"`
	Label   string `json:"label"`
	Count   int    `json:"count"`
}

// requests counts the period's requests from the desk's tables and
// timelines. Only requests that can touch the period are read: received
// by its end and not answered (for good) before its start.
func (g *Generator) requests(ctx context.Context, p Period) (Requests, error) {
	rows, err := g.store.QueryContext(ctx, `SELECT number FROM requests
		WHERE received_on <= ? AND (answered_on = '' OR answered_on >= ?) ORDER BY number`, p.To, p.From)
	if err != nil {
		return Requests{}, fmt.Errorf("report: read requests: %w", err)
	}
	var numbers []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return Requests{}, fmt.Errorf("report: read requests: %w", err)
		}
		numbers = append(numbers, n)
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return Requests{}, fmt.Errorf("report: read requests: %w", err)
	}
	from, to := calendar.MustParseDate(p.From), calendar.MustParseDate(p.To)
	f := &RequestFigures{ByChannel: []Count{}, ByOutcome: []OutcomeCount{}}
	channels := map[string]int{}
	outcomes := map[desk.Outcome]int{}
	touched := false
	for _, n := range numbers {
		r, err := g.desk.Get(ctx, n)
		if err != nil {
			return Requests{}, fmt.Errorf("report: request %s: %w", n, err)
		}
		evs, err := g.desk.Timeline(ctx, n)
		if err != nil {
			return Requests{}, fmt.Errorf("report: request %s: %w", n, err)
		}
		received := !r.Received.Before(from) && !r.Received.After(to)
		if received {
			f.Received++
			channels[r.Channel.String()]++
		}
		openAtStart := r.Received.Before(from) && !answeredBy(evs, from.AddDays(-1))
		if openAtStart {
			f.CarriedIn++
		}
		answer, answeredIn := lastAnswer(evs, from, to)
		if answeredIn {
			f.Answered++
			outcomes[answer.Outcome]++
			f.FeesFen += r.FeeFen
			switch g.late(r, evs, answer.Date) {
			case isLate:
				f.OverdueAnswered++
			case unknown:
				f.DeadlineUnknown++
			}
		}
		openAtEnd := !answeredBy(evs, to)
		if openAtEnd {
			f.CarriedOut++
			switch g.late(r, evs, to) {
			case isLate:
				f.OverdueOpen++
			case unknown:
				f.DeadlineUnknown++
			}
		}
		touched = touched || received || openAtStart || answeredIn || openAtEnd
	}
	if !touched {
		return Requests{Recorded: false, Note: NoRequestData}, nil
	}
	for _, ch := range desk.Channels() {
		if n := channels[ch.String()]; n > 0 {
			f.ByChannel = append(f.ByChannel, Count{Value: ch.String(), Label: ch.String(), Count: n})
		}
	}
	for _, o := range desk.Outcomes() {
		if n := outcomes[o.Outcome]; n > 0 {
			f.ByOutcome = append(f.ByOutcome, OutcomeCount{Outcome: string(o.Outcome), Label: o.Label, Count: n})
		}
	}
	f.Fees = desk.FormatFee(f.FeesFen)
	f.Overdue = f.OverdueAnswered + f.OverdueOpen
	return Requests{Recorded: true, RequestFigures: f}, nil
}

// answeredBy reports whether the request stood answered at the end of day:
// its last answer or reopening on or before that day was an answer.
func answeredBy(evs []desk.Event, day calendar.Date) bool {
	answered := false
	for _, e := range evs {
		if e.Date.After(day) {
			continue
		}
		switch e.Kind {
		case desk.EventAnswered:
			answered = true
		case desk.EventReopened:
			answered = false
		}
	}
	return answered
}

// lastAnswer returns the request's last answer dated in [from, to].
func lastAnswer(evs []desk.Event, from, to calendar.Date) (desk.Event, bool) {
	var last desk.Event
	found := false
	for _, e := range evs {
		if e.Kind == desk.EventAnswered && !e.Date.Before(from) && !e.Date.After(to) {
			if !found || !e.Date.Before(last.Date) {
				last, found = e, true
			}
		}
	}
	return last, found
}

// lateness is where a request stood against its deadline on a day.
type lateness int

const (
	inTime lateness = iota
	isLate
	unknown // the deadline could not be computed
)

// late says whether the request was past its due date on day (answered
// that day, or still open at its end), counting only the steps taken by
// then. A clock that is paused or awaits a correction is not late.
func (g *Generator) late(r *desk.Request, evs []desk.Event, day calendar.Date) lateness {
	var upTo []desk.Event
	for _, e := range evs {
		if !e.Date.After(day) {
			upTo = append(upTo, e)
		}
	}
	res, err := g.desk.Compute(r, upTo)
	switch {
	case err != nil:
		return unknown
	case res.State == deadline.Running && day.After(res.Due):
		return isLate
	}
	return inTime
}
