package deadline

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xxgk-archive/archive/records/calendar"
)

// Channel is how a request arrived. It decides which date is the day of
// receipt (《政府信息公开条例》第三十一条).
type Channel uint8

// The channels.
const (
	// InPerson: handed in at the office; received the day it is handed in.
	InPerson Channel = iota + 1
	// Post: by registered or signed-for post; received the day it is signed for.
	Post
	// Letter: by ordinary letter needing no signature; received the day the
	// office and the applicant confirm it.
	Letter
	// Online: through the website or e-mail; received the day both sides
	// confirm it.
	Online
	// Fax: received the day both sides confirm it.
	Fax
)

var channelNames = [...]string{InPerson: "当面", Post: "邮寄", Letter: "平常信函", Online: "网络", Fax: "传真"}

// String returns the Chinese name of the channel (当面, 邮寄, 网络…).
func (c Channel) String() string {
	if c >= InPerson && c <= Fax {
		return channelNames[c]
	}
	return fmt.Sprintf("Channel(%d)", c)
}

// ParseChannel reads a channel by its Chinese name (当面, 邮寄, 平常信函 or
// 平信, 网络 or 互联网, 传真) or its English one (in_person, post, letter,
// online, fax).
func ParseChannel(s string) (Channel, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "当面", "现场", "in_person":
		return InPerson, nil
	case "邮寄", "post":
		return Post, nil
	case "平常信函", "平信", "letter":
		return Letter, nil
	case "网络", "互联网", "在线", "online":
		return Online, nil
	case "传真", "fax":
		return Fax, nil
	}
	return 0, fmt.Errorf("未知的申请渠道 %q（当面、邮寄、平常信函、网络、传真）", s)
}

// Receipt is how and when a request arrived: the channel and the date that
// channel makes the day of receipt. Only the date the channel uses is needed.
type Receipt struct {
	Channel Channel
	// Submitted is the day a request was handed in (InPerson).
	Submitted calendar.Date
	// Signed is the day a posted request was signed for (Post).
	Signed calendar.Date
	// Confirmed is the day the office and the applicant confirmed the
	// request (Letter, Online, Fax).
	Confirmed calendar.Date
}

// ReceivedOn returns the Receipt of a request that arrived by ch, with d in
// the field that ch uses: the simple case of a form asking for one date.
func ReceivedOn(ch Channel, d calendar.Date) Receipt {
	r := Receipt{Channel: ch}
	switch ch {
	case InPerson:
		r.Submitted = d
	case Post:
		r.Signed = d
	default:
		r.Confirmed = d
	}
	return r
}

// Date returns the day of receipt and a sentence explaining it.
func (r Receipt) Date() (calendar.Date, string, error) {
	var d calendar.Date
	var what string
	switch r.Channel {
	case InPerson:
		d, what = r.Submitted, "当面提交，以提交之日"
	case Post:
		d, what = r.Signed, "邮寄申请，以签收之日"
	case Letter:
		d, what = r.Confirmed, "以平常信函提交，以与申请人确认之日"
	case Online:
		d, what = r.Confirmed, "通过互联网提交，以双方确认之日"
	case Fax:
		d, what = r.Confirmed, "通过传真提交，以双方确认之日"
	default:
		return calendar.Date{}, "", errors.New("未指定申请渠道（当面、邮寄、平常信函、网络、传真）")
	}
	if d.IsZero() {
		return calendar.Date{}, "", fmt.Errorf("%s为收到申请之日，但未填写该日期", what)
	}
	return d, fmt.Sprintf("%s %s为收到申请之日。", what, dayName(d)), nil
}

// EventKind is a step of a request that moves its deadline.
type EventKind uint8

// The events.
const (
	// Extend records an extension: Days, with the Approval of whoever
	// approved it and a Note giving the reason.
	Extend EventKind = iota + 1
	// RequestCorrection records the 补正 notice sent to the applicant; the
	// clock stops until the correction arrives.
	RequestCorrection
	// ReceiveCorrection records the day the applicant's correction arrived;
	// the period restarts in full from that day.
	ReceiveCorrection
	// PauseConsultation records the day a third party was asked for its
	// opinion (Note may name it); the clock pauses.
	PauseConsultation
	// ResumeConsultation records the day the opinion arrived (or the time
	// given for it ran out); the clock resumes the day after.
	ResumeConsultation
)

var eventNames = [...]string{Extend: "延长答复期限", RequestCorrection: "告知补正", ReceiveCorrection: "收到补正",
	PauseConsultation: "征求第三方意见", ResumeConsultation: "收到第三方意见"}

// String returns the Chinese name of the event.
func (k EventKind) String() string {
	if k >= Extend && k <= ResumeConsultation {
		return eventNames[k]
	}
	return fmt.Sprintf("EventKind(%d)", k)
}

// Event is one dated step of a request.
type Event struct {
	Kind EventKind
	Date calendar.Date
	// Days is the length of an extension (Extend).
	Days int
	// Approval records who approved an extension (Extend); required.
	Approval string
	// Note is the reason of an extension, or the third party consulted.
	Note string
}

// EventError reports an event that cannot happen where it is: the desk
// shows Msg to the staff member who entered it.
type EventError struct {
	Index int // position in the events, from 0
	Event Event
	Msg   string
}

func (e *EventError) Error() string {
	return fmt.Sprintf("第 %d 项事件（%s %s %s）：%s", e.Index+1, e.Event.Date, weekdayOf(e.Event.Date), e.Event.Kind, e.Msg)
}

// weekdayOf returns the Chinese day of the week of d, or "" for the zero date.
func weekdayOf(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return calendar.WeekdayName(d.Weekday())
}

// State is the state of a request's clock.
type State uint8

// The states.
const (
	// Running: the period is counting down towards Result.Due.
	Running State = iota + 1
	// Paused: a third party is being consulted; the clock stands still.
	Paused
	// AwaitingCorrection: a 补正 notice is out; the period will restart in
	// full when the correction arrives.
	AwaitingCorrection
)

var stateNames = [...]string{Running: "计时中", Paused: "暂停计时（征求第三方意见）", AwaitingCorrection: "等待补正"}

// String returns the Chinese name of the state.
func (s State) String() string {
	if s >= Running && s <= AwaitingCorrection {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", s)
}

// Result is a request's deadline as its events leave it.
type Result struct {
	Rule Rule
	// Received is the day of receipt.
	Received calendar.Date
	State    State
	// Start is the day the current period counts from (not counted itself):
	// the day of receipt, or the day a correction arrived.
	Start calendar.Date
	// Due is the last day to answer; zero unless State is Running.
	Due calendar.Date
	// Limit is the period in working days, the extension included.
	Limit int
	// Extension is the working days added by an extension.
	Extension int
	// Used is the working days counted up to and including the day the
	// current consultation began (Paused only).
	Used int
	// Left is the working days the clock will still run: Limit - Used when
	// Paused (negative if the consultation began after the deadline), the
	// full period when AwaitingCorrection. When Running, use Remaining.
	Left int
	// Days are the weekends, holidays and make-up working days met on the way
	// to Due (when Running), each with its reason.
	Days []calendar.Day
	// Explain says, in Chinese, how the deadline was reached, one step a line.
	Explain []string
	// Warnings are lawful-looking-but-late facts: a late 补正 notice, an
	// extension decided after the deadline, a consultation begun after it,
	// a date counted on a provisional calendar.
	Warnings []string

	cal *calendar.Calendar
}

// span is a consultation: the days after from up to and including to are
// not counted.
type span struct{ from, to calendar.Date }

// clock counts a period: working days after start, outside the
// consultations, up to limit.
type clock struct {
	cal    *calendar.Calendar
	start  calendar.Date
	pauses []span
	limit  int
}

func (c *clock) paused(d calendar.Date) bool {
	for _, p := range c.pauses {
		if d.After(p.from) && !d.After(p.to) {
			return true
		}
	}
	return false
}

// due returns the day the limit-th counted working day falls on, and the
// non-ordinary days met on the way.
func (c *clock) due() (calendar.Date, []calendar.Day, error) {
	var days []calendar.Day
	d := c.start
	for counted, steps := 0, 0; counted < c.limit; steps++ {
		if steps > 20000 {
			return calendar.Date{}, nil, errors.New("期限计算超出范围")
		}
		d = d.AddDays(1)
		if c.paused(d) {
			continue
		}
		r, err := c.cal.Reason(d)
		if err != nil {
			return calendar.Date{}, nil, err
		}
		if r.Working() {
			counted++
		}
		if r.Kind != calendar.Workday {
			days = append(days, calendar.Day{Date: d, Reason: r})
		}
	}
	return d, days, nil
}

// used returns the working days counted after start up to and including
// through, outside the consultations.
func (c *clock) used(through calendar.Date) (int, error) {
	n := 0
	for d := c.start.AddDays(1); !d.After(through); d = d.AddDays(1) {
		if c.paused(d) {
			continue
		}
		r, err := c.cal.Reason(d)
		if err != nil {
			return 0, err
		}
		if r.Working() {
			n++
		}
	}
	return n, nil
}

// Compute returns the deadline of a request received as rec under rule,
// after the events, which must be in date order (several on one day keep
// their order). cal is the working-day calendar (calendar.Default, or
// LoadDir for the data folder's). An impossible sequence is an *EventError;
// a date outside the calendar's years is calendar.ErrNotCovered.
func Compute(cal *calendar.Calendar, rule Rule, rec Receipt, events []Event) (*Result, error) {
	if rule.Days <= 0 || rule.Law == "" {
		return nil, fmt.Errorf("规则集 %q 不完整：须有法规和答复期限", rule.ID)
	}
	received, how, err := rec.Date()
	if err != nil {
		return nil, err
	}
	res := &Result{Rule: rule, Received: received, State: Running, Start: received, cal: cal}
	c := &clock{cal: cal, start: received, limit: rule.Days}
	say := func(format string, args ...any) { res.Explain = append(res.Explain, fmt.Sprintf(format, args...)) }
	warn := func(format string, args ...any) {
		w := fmt.Sprintf(format, args...)
		res.Warnings = append(res.Warnings, w)
		res.Explain = append(res.Explain, "注意："+w)
	}

	say("适用%s：自收到申请之日起 %d 个工作日内答复，收到申请之日不计入。", rule.Law, rule.Days)
	say("%s", how)
	if r, err := cal.Reason(received); err != nil {
		return nil, fmt.Errorf("收到申请之日: %w", err)
	} else if !r.Working() {
		say("收到申请之日为休息日（%s），自其后第一个工作日起算。", r)
	}

	var (
		extended   bool
		corrected  bool // a 补正 notice was sent
		pauseFrom  calendar.Date
		prev       = received
		currentDue calendar.Date // the due date while Running; as it stood before a pause while Paused
	)
	// recompute updates currentDue, which only the late-event warnings use.
	// A due date in an uncovered year leaves it unknown rather than failing:
	// a later 补正 may make it moot, and if not, the final computation
	// reports the error.
	recompute := func() error {
		d, _, err := c.due()
		if errors.Is(err, calendar.ErrNotCovered) {
			currentDue = calendar.Date{}
			return nil
		}
		if err != nil {
			return fmt.Errorf("计算答复期限: %w", err)
		}
		currentDue = d
		return nil
	}
	if err := recompute(); err != nil {
		return nil, err
	}
	for i, e := range events {
		bad := func(format string, args ...any) error {
			return &EventError{Index: i, Event: e, Msg: fmt.Sprintf(format, args...)}
		}
		if e.Date.IsZero() {
			return nil, bad("未填写日期")
		}
		if e.Date.Before(received) {
			return nil, bad("早于收到申请之日 %s", received)
		}
		if e.Date.Before(prev) {
			return nil, bad("早于前一项事件的日期 %s，事件须按日期先后排列", prev)
		}
		prev = e.Date
		switch e.Kind {
		case Extend:
			switch {
			case rule.MaxExtension == 0:
				return nil, bad("规则集“%s”（%s）不允许延长答复期限", rule.ID, rule.Law)
			case extended:
				return nil, bad("答复期限只能延长一次")
			case res.State == AwaitingCorrection:
				return nil, bad("等待补正期间答复期限尚未重新起算，不能延长")
			case e.Days <= 0:
				return nil, bad("延长的工作日数应为正数")
			case e.Days > rule.MaxExtension:
				return nil, bad("延长 %d 个工作日超过%s规定的最长 %d 个工作日", e.Days, rule.Law, rule.MaxExtension)
			case strings.TrimSpace(e.Approval) == "":
				return nil, bad("延长答复期限须记录批准人（政府信息公开工作机构负责人同意）")
			}
			if res.State == Running && !currentDue.IsZero() && e.Date.After(currentDue) {
				warn("延长决定（%s）晚于原答复期限 %s，应在期限届满前作出并告知申请人。", e.Date, currentDue)
			}
			extended = true
			res.Extension = e.Days
			c.limit += e.Days
			reason := ""
			if e.Note != "" {
				reason = "，理由：" + e.Note
			}
			say("%s 经 %s 批准，延长答复期限 %d 个工作日%s；期限共 %d 个工作日。", dayName(e.Date), e.Approval, e.Days, reason, c.limit)
			if res.State == Running {
				if err := recompute(); err != nil {
					return nil, err
				}
			}
		case RequestCorrection:
			switch {
			case corrected:
				return nil, bad("补正应一次性告知，此前已告知过")
			case res.State == Paused:
				return nil, bad("征求第三方意见期间不能告知补正")
			case extended:
				return nil, bad("已延长答复期限后不能再告知补正")
			}
			n, err := cal.WorkdaysBetween(received, e.Date)
			if err != nil {
				return nil, fmt.Errorf("告知补正: %w", err)
			}
			corrected = true
			res.State = AwaitingCorrection
			if rule.CorrectionNotice > 0 {
				say("%s 一次性告知申请人补正（收到申请后第 %d 个工作日，%s规定在 %d 个工作日内）；收到补正前不计算答复期限。",
					dayName(e.Date), n, rule.Law, rule.CorrectionNotice)
				if n > rule.CorrectionNotice {
					warn("补正告知于收到申请后第 %d 个工作日发出，超过%s规定的 %d 个工作日。", n, rule.Law, rule.CorrectionNotice)
				}
			} else {
				say("%s 告知申请人补正（收到申请后第 %d 个工作日）；收到补正前不计算答复期限。", dayName(e.Date), n)
			}
		case ReceiveCorrection:
			if res.State != AwaitingCorrection {
				return nil, bad("未告知补正，不能登记收到补正")
			}
			res.State = Running
			res.Start = e.Date
			c.start, c.pauses = e.Date, nil
			say("%s 收到补正，答复期限自该日起重新计算 %d 个工作日（该日不计入）。", dayName(e.Date), c.limit)
			if err := recompute(); err != nil {
				return nil, err
			}
		case PauseConsultation:
			switch {
			case !rule.ConsultationExcluded:
				return nil, bad("规则集“%s”（%s）未规定征求第三方意见的时间不计入答复期限", rule.ID, rule.Law)
			case res.State == Paused:
				return nil, bad("已在征求第三方意见中（自 %s 起），须先登记收到意见", pauseFrom)
			case res.State == AwaitingCorrection:
				return nil, bad("等待补正期间答复期限尚未重新起算，不能暂停")
			}
			if !currentDue.IsZero() && e.Date.After(currentDue) {
				warn("征求第三方意见（%s）时答复期限 %s 已届满。", e.Date, currentDue)
			}
			used, err := c.used(e.Date)
			if err != nil {
				return nil, fmt.Errorf("征求第三方意见: %w", err)
			}
			res.State = Paused
			pauseFrom = e.Date
			who := ""
			if e.Note != "" {
				who = "（" + e.Note + "）"
			}
			say("%s 征求第三方意见%s，暂停计时；至该日已用 %d 个工作日，还余 %d 个工作日。", dayName(e.Date), who, used, c.limit-used)
		case ResumeConsultation:
			if res.State != Paused {
				return nil, bad("没有进行中的征求第三方意见，不能恢复计时")
			}
			c.pauses = append(c.pauses, span{from: pauseFrom, to: e.Date})
			res.State = Running
			n, err := cal.WorkdaysBetween(pauseFrom, e.Date)
			if err != nil {
				return nil, fmt.Errorf("收到第三方意见: %w", err)
			}
			if err := recompute(); err != nil {
				return nil, err
			}
			say("%s 收到第三方意见，恢复计时（该日不计入）；征求意见期间的 %d 个工作日不计入答复期限。", dayName(e.Date), n)
		default:
			return nil, bad("未知的事件类型")
		}
	}

	res.Limit = c.limit
	switch res.State {
	case Running:
		due, days, err := c.due()
		if err != nil {
			return nil, fmt.Errorf("计算答复期限: %w", err)
		}
		res.Due, res.Days = due, days
		if ys := cal.Uncovered(res.Start, due); len(ys) > 0 {
			warn("工作日历未收录 %s 年的放假安排，其间按普通周末推算；收录后请重新计算。", joinInts(ys))
		}
		say("答复期限：%s，共 %d 个工作日%s。", dayName(due), c.limit, extensionNote(res.Extension))
	case Paused:
		used, err := c.used(pauseFrom)
		if err != nil {
			return nil, fmt.Errorf("计算已用工作日: %w", err)
		}
		res.Used, res.Left = used, c.limit-used
		say("征求第三方意见中，暂停计时：已用 %d 个工作日，收到意见后还有 %d 个工作日。", used, c.limit-used)
	case AwaitingCorrection:
		res.Left = c.limit
		say("等待申请人补正：收到补正之日起重新计算 %d 个工作日。", c.limit)
	}
	return res, nil
}

// Remaining returns the working days left after today up to and including
// the due date: 0 on the due date itself, negative when overdue (minus the
// working days since the due date, which is 0 if only days off have passed;
// IsOverdue tells). When Paused it is the frozen Left; when awaiting a
// correction, the full period that will start.
func (r *Result) Remaining(today calendar.Date) (int, error) {
	if r.State != Running {
		return r.Left, nil
	}
	n, err := r.cal.WorkdaysBetween(today, r.Due)
	if err != nil {
		return 0, fmt.Errorf("计算剩余工作日: %w", err)
	}
	return n, nil
}

// IsOverdue reports whether the deadline has passed on today: today is
// after the due date, or a consultation began after it. A request awaiting
// a correction is not overdue.
func (r *Result) IsOverdue(today calendar.Date) bool {
	switch r.State {
	case Running:
		return today.After(r.Due)
	case Paused:
		return r.Left < 0
	}
	return false
}

// DueWithin reports whether a running request falls due within n working
// days of today (today's own due date included) and is not yet overdue:
// the desk's "due soon" list.
func (r *Result) DueWithin(today calendar.Date, n int) (bool, error) {
	if r.State != Running || r.IsOverdue(today) {
		return false, nil
	}
	left, err := r.Remaining(today)
	if err != nil {
		return false, err
	}
	return left <= n, nil
}

// dayName returns "2025-09-26（周五）".
func dayName(d calendar.Date) string { return fmt.Sprintf("%s（%s）", d, weekdayOf(d)) }

func extensionNote(ext int) string {
	if ext == 0 {
		return ""
	}
	return fmt.Sprintf("（含延长 %d 个工作日）", ext)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, "、")
}
