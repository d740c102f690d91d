package desk

import (
	"fmt"
	"time"

	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
)

// EventKind is a kind of step in a request's timeline.
type EventKind string

// The kinds of event. Those that move the deadline (Extended, the 补正 pair
// and the consultation pair) are given to deadline.Compute.
const (
	EventRegistered          EventKind = "registered"
	EventAssigned            EventKind = "assigned"
	EventCorrectionRequested EventKind = "correction_requested"
	EventCorrectionReceived  EventKind = "correction_received"
	EventExtended            EventKind = "extended"
	EventPaused              EventKind = "paused"
	EventResumed             EventKind = "resumed"
	EventLinked              EventKind = "linked"
	EventUnlinked            EventKind = "unlinked"
	EventAnswered            EventKind = "answered"
	EventReleased            EventKind = "released"
	EventClosed              EventKind = "closed"
	EventReopened            EventKind = "reopened"
	EventNote                EventKind = "note"
)

var eventLabels = map[EventKind]string{
	EventRegistered:          "登记",
	EventAssigned:            "分办",
	EventCorrectionRequested: "告知补正",
	EventCorrectionReceived:  "收到补正",
	EventExtended:            "延长答复期限",
	EventPaused:              "征求第三方意见（暂停计时）",
	EventResumed:             "收到第三方意见（恢复计时）",
	EventLinked:              "关联记录",
	EventUnlinked:            "取消关联",
	EventAnswered:            "答复",
	EventReleased:            "公开记录",
	EventClosed:              "办结",
	EventReopened:            "重新办理",
	EventNote:                "备注",
}

// Label is the Chinese name of the event kind.
func (k EventKind) Label() string {
	if l, ok := eventLabels[k]; ok {
		return l
	}
	return string(k)
}

// clockKinds map the desk's events to the deadline's.
var clockKinds = map[EventKind]deadline.EventKind{
	EventExtended:            deadline.Extend,
	EventCorrectionRequested: deadline.RequestCorrection,
	EventCorrectionReceived:  deadline.ReceiveCorrection,
	EventPaused:              deadline.PauseConsultation,
	EventResumed:             deadline.ResumeConsultation,
}

// MovesDeadline reports whether the event counts for the deadline.
func (k EventKind) MovesDeadline() bool {
	_, ok := clockKinds[k]
	return ok
}

// Event is one step of a request's timeline.
type Event struct {
	ID   int64
	Kind EventKind
	// Date is the day the step happened: entered by staff for the steps
	// that move the deadline, the day of entry for the others.
	Date calendar.Date
	// Days and Approval are an extension's length and approver.
	Days     int
	Approval string
	// DocID is the record linked, unlinked or released.
	DocID string
	// Outcome and Reason are an answer's.
	Outcome Outcome
	Reason  string
	// Note is the free text: a reason, the third party consulted, the
	// assignee, the answer's explanation.
	Note  string
	Actor string
	// At is when the step was entered; AuditSeq its audit entry.
	At       time.Time
	AuditSeq int64
}

// Summary describes the event in one Chinese line for the timeline.
func (e *Event) Summary() string {
	switch e.Kind {
	case EventAssigned:
		return "承办人：" + e.Note
	case EventExtended:
		s := fmt.Sprintf("延长 %d 个工作日，批准人：%s", e.Days, e.Approval)
		if e.Note != "" {
			s += "，理由：" + e.Note
		}
		return s
	case EventLinked, EventUnlinked, EventReleased:
		s := "记录 " + e.DocID
		if e.Note != "" {
			s += "（" + e.Note + "）"
		}
		return s
	case EventAnswered:
		s := e.Outcome.Label()
		if e.Reason != "" {
			s += "（" + e.Reason + "）"
		}
		if e.Note != "" {
			s += "：" + e.Note
		}
		return s
	}
	return e.Note
}

// clockEvents returns the events that move the deadline, as deadline
// events, in the order given (date order, then entry order).
func clockEvents(events []Event) []deadline.Event {
	var out []deadline.Event
	for _, e := range events {
		k, ok := clockKinds[e.Kind]
		if !ok {
			continue
		}
		out = append(out, deadline.Event{Kind: k, Date: e.Date, Days: e.Days, Approval: e.Approval, Note: e.Note})
	}
	return out
}
