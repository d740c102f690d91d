package ui

import (
	"context"
	"crypto/rand"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/calendar"
	"github.com/xxgk-archive/archive/records/deadline"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
)

// deskRoutes registers the request desk's pages (依申请公开) and the public
// request form. Without a desk there are neither; without accounts there is
// only the public form (nobody could sign in to work the desk).
func (s *Server) deskRoutes(r *mux.Router) {
	if s.desk == nil {
		return
	}
	apply := newRateLimiter(applyLimit, applyWindow)
	status := newRateLimiter(statusLimit, statusWindow)
	r.HandleFunc("/apply", s.handleApplyPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/apply", s.handleApply(apply)).Methods(http.MethodPost)
	r.HandleFunc("/apply/status", s.handleStatusPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/apply/status", s.handleStatus(status)).Methods(http.MethodPost)
	if s.accounts == nil {
		return
	}
	r.HandleFunc("/desk", s.require(signedIn, s.handleDesk)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/desk/requests.csv", s.require(signedIn, s.handleDeskCSV)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/desk/requests/new", s.require(writer, s.handleNewRequestPage)).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/desk/requests", s.require(writer, s.handleRegister)).Methods(http.MethodPost)
	r.HandleFunc("/desk/requests/{no:"+numberPattern+"}", s.require(signedIn, s.handleRequestPage)).Methods(http.MethodGet, http.MethodHead)
	for _, a := range deskActions {
		r.HandleFunc("/desk/requests/{no:"+numberPattern+"}/"+a.path, s.require(writer, s.deskAction(a))).Methods(http.MethodPost)
	}
}

// numberPattern matches an acknowledgment number (2025-0001).
const numberPattern = `[0-9]{4}-[0-9]{4,9}`

func requestURL(number string) string { return "/desk/requests/" + number }

// ---------------------------------------------------------------- the board

// deskPage is the data of desk.html.
type deskPage struct {
	base
	Today    string
	CanWrite bool
	Overdue  []deskRow
	DueSoon  []deskRow
	Open     []deskRow
	SoonDays int
}

// deskRow is one request in a list.
type deskRow struct {
	Number    string
	URL       string
	Applicant string
	Received  string
	Due       string
	Remaining string
	State     string
	Assignee  string
	// Class marks the row: overdue, soon.
	Class string
}

func (s *Server) handleDesk(w http.ResponseWriter, r *http.Request) {
	b, err := s.desk.Board(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page := &deskPage{base: s.pageBase(w, r, "依申请公开办理"), Today: dayLabel(b.Today),
		CanWrite: canWrite(r), SoonDays: desk.SoonDays}
	rows := func(items []desk.Item) []deskRow {
		out := make([]deskRow, 0, len(items))
		for _, it := range items {
			out = append(out, newDeskRow(it))
		}
		return out
	}
	page.Overdue, page.DueSoon, page.Open = rows(b.Overdue), rows(b.DueSoon), rows(b.Open)
	s.render(w, r, http.StatusOK, "desk", page)
}

func newDeskRow(it desk.Item) deskRow {
	row := deskRow{Number: it.Number, URL: requestURL(it.Number), Applicant: it.Name,
		Received: it.Received.String(), State: it.State.Label(), Assignee: it.Assignee}
	row.Due, row.Remaining = clockLabels(it.Request, it.Clock, it.Error)
	switch {
	case it.Overdue:
		row.Class = "overdue"
	case it.DueSoon:
		row.Class = "soon"
	}
	return row
}

// clockLabels are the due date and the remaining time as a list shows them.
func clockLabels(r *desk.Request, c desk.Clock, err error) (due, remaining string) {
	if err != nil || c.Result == nil {
		return "无法计算", "请查看详情"
	}
	switch c.Result.State {
	case deadline.Paused:
		if c.Overdue {
			return "—", fmt.Sprintf("暂停计时（征求意见时已逾期 %d 个工作日）", -c.Remaining)
		}
		return "—", fmt.Sprintf("暂停计时（余 %d 个工作日）", c.Remaining)
	case deadline.AwaitingCorrection:
		return "—", fmt.Sprintf("等待补正（补正后 %d 个工作日）", c.Remaining)
	}
	due = c.Result.Due.String()
	switch {
	case !r.State.Pending():
		if c.AnsweredLate {
			return due, "逾期答复"
		}
		return due, "已答复"
	case c.Overdue:
		if c.Remaining == 0 {
			return due, "已逾期"
		}
		return due, fmt.Sprintf("逾期 %d 个工作日", -c.Remaining)
	case c.Remaining == 0:
		return due, "今日到期"
	}
	return due, fmt.Sprintf("%d 个工作日", c.Remaining)
}

func (s *Server) handleDeskCSV(w http.ResponseWriter, r *http.Request) {
	name := "依申请公开-" + s.desk.Today().String() + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", "attachment; filename=\"requests-"+s.desk.Today().String()+".csv\"; filename*=UTF-8''"+url.PathEscape(name))
	h.Set("Cache-Control", "private, no-store")
	if r.Method == http.MethodHead {
		return
	}
	s.logAccess(r, records.AccessExport, "requests.csv", "")
	if err := s.desk.ExportCSV(r.Context(), w); err != nil {
		// The status line has gone; the file is cut short, and the log
		// says why.
		s.log.Error("export requests", "err", err)
	}
}

// -------------------------------------------------------------- registering

// requestForm is the data of a request form, staff's or the public's: the
// values typed so far and the choices.
type requestForm struct {
	ApplicantType string
	Name          string
	Phone         string
	Email         string
	Address       string
	Description   string
	Purpose       string
	Channel       string
	Received      string
	Rule          string
	Fee           string
}

// newRequestPage is the data of desk_new.html.
type newRequestPage struct {
	base
	Form     requestForm
	Error    string
	Channels []option
	Rules    []option
	Types    []option
}

// option is one choice of a select or radio group.
type option struct {
	Value, Label string
	Selected     bool
}

func applicantTypes(selected string) []option {
	return []option{
		{Value: string(desk.Person), Label: desk.Person.Label(), Selected: selected != string(desk.Organization)},
		{Value: string(desk.Organization), Label: desk.Organization.Label(), Selected: selected == string(desk.Organization)},
	}
}

func (s *Server) newRequestPage(w http.ResponseWriter, r *http.Request, f requestForm, msg string) *newRequestPage {
	page := &newRequestPage{base: s.pageBase(w, r, "登记依申请公开申请"), Form: f, Error: msg,
		Types: applicantTypes(f.ApplicantType)}
	for _, c := range desk.Channels() {
		page.Channels = append(page.Channels, option{Value: c.String(), Label: c.String(), Selected: c.String() == f.Channel})
	}
	def := s.desk.Rules().Default().ID
	for _, rule := range s.desk.Rules().Rules() {
		sel := rule.ID == f.Rule || (f.Rule == "" && rule.ID == def)
		label := fmt.Sprintf("%s（%s，%d 个工作日）", rule.ID, rule.Law, rule.Days)
		page.Rules = append(page.Rules, option{Value: rule.ID, Label: label, Selected: sel})
	}
	return page
}

func (s *Server) handleNewRequestPage(w http.ResponseWriter, r *http.Request) {
	f := requestForm{Received: s.desk.Today().String(), Channel: deadline.Post.String(), Fee: "0"}
	s.render(w, r, http.StatusOK, "desk_new", s.newRequestPage(w, r, f, ""))
}

func formRequest(v url.Values) requestForm {
	return requestForm{
		ApplicantType: v.Get("applicant_type"), Name: v.Get("name"), Phone: v.Get("phone"),
		Email: v.Get("email"), Address: v.Get("address"), Description: v.Get("description"),
		Purpose: v.Get("purpose"), Channel: v.Get("channel"), Received: v.Get("received"),
		Rule: v.Get("rule"), Fee: v.Get("fee"),
	}
}

// newRequest converts the typed form (common fields).
func (f requestForm) newRequest() (desk.NewRequest, error) {
	t, err := desk.ParseApplicantType(f.ApplicantType)
	if err != nil {
		return desk.NewRequest{}, err
	}
	return desk.NewRequest{ApplicantType: t, Name: f.Name, Phone: f.Phone, Email: f.Email, Address: f.Address,
		Description: f.Description, Purpose: f.Purpose}, nil
}

func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	f := formRequest(r.PostForm)
	n, err := f.newRequest()
	if err == nil {
		n.Channel, err = deadline.ParseChannel(f.Channel)
		if err != nil {
			err = records.Errorf(records.EINVALID, "%s", err.Error())
		}
	}
	if err == nil {
		n.Received, err = formDate("收到申请之日", f.Received, true)
	}
	if err == nil {
		n.FeeFen, err = desk.ParseFee(f.Fee)
	}
	var req *desk.Request
	if err == nil {
		n.Rule = f.Rule
		req, err = s.desk.Register(r.Context(), session(r).User.Actor(), n)
	}
	if err != nil {
		if records.ErrorCode(err) != records.EINVALID {
			s.pageError(w, r, err)
			return
		}
		s.render(w, r, http.StatusBadRequest, "desk_new", s.newRequestPage(w, r, f, records.ErrorMessage(err)))
		return
	}
	http.Redirect(w, r, requestURL(req.Number)+"?done=register", http.StatusSeeOther)
}

// formDate reads a date field; an empty optional one is the zero Date
// (today, for the desk's actions).
func formDate(label, s string, required bool) (calendar.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			return calendar.Date{}, records.Errorf(records.EINVALID, "请填写%s", label)
		}
		return calendar.Date{}, nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, records.Errorf(records.EINVALID, "%s：%s", label, err.Error())
	}
	return d, nil
}

// ------------------------------------------------------------- one request

// requestPage is the data of desk_request.html.
type requestPage struct {
	base
	R        *desk.Request
	CanWrite bool
	// Pending, Answered and Closed say which forms apply; CanRelease that
	// linked 依申请公开 records may now be released.
	Pending    bool
	Answered   bool
	Closed     bool
	CanRelease bool
	// Done confirms the action just taken; Error says why one failed.
	Done  string
	Error string
	Today string

	Applicant string
	Channel   string
	RuleLaw   string
	Fee       string
	Outcome   string

	// The deadline: Due and Remaining as the lists show them; Explain,
	// Days (each day skipped, and why) and Warnings from the computation.
	Due        string
	Remaining  string
	ClockState string
	Overdue    bool
	Explain    []string
	Days       []string
	Warnings   []string
	ClockError string

	Events     []eventView
	Links      []linkView
	Releasable []linkView
	Outcomes   []desk.OutcomeInfo

	// The search inside the page: Q, its hits, and the next page.
	Q           string
	Suggest     string
	Searched    bool
	SearchError string
	Total       int
	Hits        []deskHit
	NextPage    string
	PrevPage    string
}

// eventView is one line of the timeline.
type eventView struct {
	Date    string
	Kind    string
	Summary string
	Actor   string
	At      string
	DocURL  string
	Audit   int64
}

// linkView is a linked record.
type linkView struct {
	ID         string
	Title      string
	URL        string
	Visibility string
	OnRequest  bool
	Public     bool
	Exists     bool
	LinkedBy   string
	LinkedAt   string
}

// deskHit is a search result on the request page.
type deskHit struct {
	ID         string
	URL        string
	TitleHTML  template.HTML
	Snippet    template.HTML
	Meta       string
	Restricted string
	Linked     bool
}

// doneMessages confirm an action after its redirect; the query carries only
// the key, so nobody can make the page say something else.
var doneMessages = map[string]string{
	"register":   "申请已登记。答复期限见下方。",
	"assign":     "已分办。",
	"correction": "已登记补正告知，收到补正前不计算答复期限。",
	"corrected":  "已登记收到补正，答复期限已重新计算。",
	"extend":     "已延长答复期限。",
	"pause":      "已暂停计时。",
	"resume":     "已恢复计时。",
	"link":       "已关联记录。",
	"unlink":     "已取消关联。",
	"answer":     "已登记答复。",
	"release":    "所选记录已改为主动公开。",
	"close":      "已办结。",
	"reopen":     "已重新打开，继续办理。",
	"note":       "已添加备注。",
}

func (s *Server) handleRequestPage(w http.ResponseWriter, r *http.Request) {
	s.showRequest(w, r, mux.Vars(r)["no"], http.StatusOK, "")
}

// showRequest renders a request's page; msg is the error of an action just
// refused.
func (s *Server) showRequest(w http.ResponseWriter, r *http.Request, number string, status int, msg string) {
	ctx := r.Context()
	det, err := s.desk.Detail(ctx, number)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	q := r.URL.Query()
	req := det.Request
	page := &requestPage{base: s.pageBase(w, r, "申请 "+req.Number), R: req, CanWrite: canWrite(r),
		Error: msg, Today: det.Today.String(), Applicant: req.ApplicantType.Label(), Channel: req.Channel.String(),
		Fee: req.Fee(), Outcomes: desk.Outcomes()}
	page.Pending, page.Answered, page.Closed = req.State.Pending(), req.State == desk.Answered, req.State == desk.Closed
	if status == http.StatusOK {
		page.Done = doneMessages[q.Get("done")]
	}
	if rule, err := s.desk.Rules().Rule(req.Rule); err == nil {
		page.RuleLaw = rule.Law
	}
	if req.Outcome != "" {
		page.Outcome = req.Outcome.Label()
	}
	page.Due, page.Remaining = clockLabels(req, det.Clock, det.ClockError)
	if det.ClockError != nil {
		page.ClockError = records.ErrorMessage(det.ClockError)
		if records.ErrorCode(det.ClockError) == records.EINTERNAL {
			page.ClockError = det.ClockError.Error()
		}
	} else {
		res := det.Clock.Result
		page.ClockState = res.State.String()
		page.Overdue = det.Clock.Overdue
		page.Explain = res.Explain
		page.Warnings = res.Warnings
		for _, d := range res.Days {
			page.Days = append(page.Days, d.String())
		}
	}
	linked := map[string]bool{}
	for _, l := range det.Links {
		linked[l.DocID] = true
		v := linkView{ID: l.DocID, Title: l.Title, URL: "/documents/" + url.PathEscape(l.DocID),
			Visibility: l.Visibility.Label(), OnRequest: l.Visibility == records.OnRequest,
			Public: l.Visibility == records.Public, Exists: l.Exists, LinkedBy: l.LinkedBy,
			LinkedAt: chineseDateTime(l.LinkedAt)}
		if !l.Exists {
			v.Title, v.Visibility = "（记录已删除）", ""
		}
		page.Links = append(page.Links, v)
		if v.OnRequest {
			page.Releasable = append(page.Releasable, v)
		}
	}
	page.CanRelease = page.Answered && req.Outcome.Info().Releases && len(page.Releasable) > 0
	for i := len(det.Events) - 1; i >= 0; i-- {
		e := det.Events[i]
		v := eventView{Date: e.Date.String(), Kind: e.Kind.Label(), Summary: e.Summary(), Actor: e.Actor,
			At: chineseDateTime(e.At), Audit: e.AuditSeq}
		if e.DocID != "" {
			v.DocURL = "/documents/" + url.PathEscape(e.DocID)
		}
		page.Events = append(page.Events, v)
	}
	page.Suggest = suggestQuery(req.Description)
	page.Q = strings.TrimSpace(q.Get("q"))
	if page.Q != "" && r.Method != http.MethodPost {
		s.deskSearch(ctx, page, q, linked)
	}
	s.render(w, r, status, "desk_request", page)
}

// suggestQuery is a search to start from: the first line of what the
// applicant asked for, cut to a length a search box takes.
func suggestQuery(desc string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(desc), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > 40 {
		line = string([]rune(line)[:40])
	}
	return line
}

// deskPageSize is how many search hits the request page lists at a time.
const deskPageSize = 10

// deskSearch searches the whole archive, non-public records included and
// marked, for the request page.
func (s *Server) deskSearch(ctx context.Context, page *requestPage, q url.Values, linked map[string]bool) {
	n, _ := strconv.Atoi(q.Get("page"))
	n = max(1, min(n, search.MaxPage))
	ctx, cancel := context.WithTimeout(ctx, s.opt.SearchTimeout)
	defer cancel()
	page.Searched = true
	res, err := s.engine.Search(ctx, search.Request{Query: page.Q, Page: n, Size: deskPageSize, Audience: search.Staff})
	if err != nil {
		_, code, msg := classify(err)
		if code == records.EINTERNAL {
			s.log.Error("desk search", "query", page.Q, "err", err)
		}
		page.SearchError = msg
		return
	}
	page.Total = res.Total
	for _, h := range res.Hits {
		dh := deskHit{ID: h.ID, URL: h.URL,
			// The search package escapes titles and snippets and adds
			// only <mark> elements.
			TitleHTML: template.HTML(h.TitleHTML), Snippet: template.HTML(h.Snippet),
			Meta:   strings.Join(nonEmpty(h.Category, h.Department, chineseDate(h.Published), h.DocNumber), " · "),
			Linked: linked[h.ID]}
		if h.Visibility != records.Public {
			dh.Restricted = h.Visibility.Label()
		}
		page.Hits = append(page.Hits, dh)
	}
	link := func(p int) string {
		v := url.Values{"q": {page.Q}}
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		return requestURL(page.R.Number) + "?" + v.Encode() + "#search"
	}
	if n*deskPageSize < res.Total {
		page.NextPage = link(n + 1)
	}
	if n > 1 {
		page.PrevPage = link(n - 1)
	}
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// canWrite reports whether the signed-in account may work the desk.
func canWrite(r *http.Request) bool {
	sess := session(r)
	return sess != nil && sess.User.Role.CanWrite()
}

// ------------------------------------------------------------------ actions

// deskActionDef is one POST on a request: the path under the request, the key
// of its confirmation, and what it does with the form.
type deskActionDef struct {
	path string
	done string
	do   func(s *Server, ctx context.Context, actor, number string, f url.Values) error
}

// deskActions are every action on a request; each is a route of its own.
var deskActions = []deskActionDef{
	{"assign", "assign", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Assign(ctx, actor, no, f.Get("assignee"))
		return err
	}},
	{"correction", "correction", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		_, err = s.desk.RequestCorrection(ctx, actor, no, on, f.Get("note"))
		return err
	}},
	{"corrected", "corrected", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		_, err = s.desk.ReceiveCorrection(ctx, actor, no, on, f.Get("note"))
		return err
	}},
	{"extend", "extend", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		days, err := strconv.Atoi(strings.TrimSpace(f.Get("days")))
		if err != nil {
			return records.Errorf(records.EINVALID, "延长的工作日数应为整数")
		}
		_, err = s.desk.Extend(ctx, actor, no, on, days, f.Get("approval"), f.Get("reason"))
		return err
	}},
	{"pause", "pause", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		_, err = s.desk.Pause(ctx, actor, no, on, f.Get("third_party"))
		return err
	}},
	{"resume", "resume", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		_, err = s.desk.Resume(ctx, actor, no, on, f.Get("note"))
		return err
	}},
	{"link", "link", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Link(ctx, actor, no, f.Get("doc_id"))
		return err
	}},
	{"unlink", "unlink", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Unlink(ctx, actor, no, f.Get("doc_id"))
		return err
	}},
	{"answer", "answer", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("答复日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		o, err := desk.ParseOutcome(f.Get("outcome"))
		if err != nil {
			return err
		}
		_, _, err = s.desk.Answer(ctx, actor, no, desk.Answer{Outcome: o, Reason: f.Get("reason"),
			Text: f.Get("text"), On: on, Release: f["release"]})
		return err
	}},
	{"release", "release", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Release(ctx, actor, no, f["release"])
		return err
	}},
	{"close", "close", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		on, err := formDate("办结日期", f.Get("date"), false)
		if err != nil {
			return err
		}
		_, err = s.desk.Close(ctx, actor, no, on, f.Get("note"))
		return err
	}},
	{"reopen", "reopen", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Reopen(ctx, actor, no, f.Get("reason"))
		return err
	}},
	{"note", "note", func(s *Server, ctx context.Context, actor, no string, f url.Values) error {
		_, err := s.desk.Note(ctx, actor, no, f.Get("note"))
		return err
	}},
}

// deskAction handles one action: the form is checked (size, CSRF), the
// action runs as the signed-in account, and the browser goes back to the
// request (303); a refused action shows the page again with the reason.
func (s *Server) deskAction(a deskActionDef) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.parseForm(w, r); err != nil {
			s.pageError(w, r, err)
			return
		}
		no := mux.Vars(r)["no"]
		err := a.do(s, r.Context(), session(r).User.Actor(), no, r.PostForm)
		if err != nil {
			if records.ErrorCode(err) == records.EINVALID {
				s.showRequest(w, r, no, http.StatusBadRequest, records.ErrorMessage(err))
				return
			}
			s.pageError(w, r, err)
			return
		}
		http.Redirect(w, r, requestURL(no)+"?done="+a.done, http.StatusSeeOther)
	}
}

// dayLabel is a date with its day of the week: 2025年10月27日（周一）.
func dayLabel(d calendar.Date) string {
	return chineseDate(d.String()) + "（" + calendar.WeekdayName(d.Weekday()) + "）"
}

// ------------------------------------------------------------- the public

// Limits of the public forms, per client address.
const (
	applyLimit   = 5
	applyWindow  = 10 * time.Minute
	statusLimit  = 20
	statusWindow = 10 * time.Minute
)

// publicActor is the audit actor of requests the public submits online.
const publicActor = "public:web"

// honeypotField is a field hidden by the stylesheet: people never see it,
// form-filling bots fill it.
const honeypotField = "website"

// applyPage is the data of apply.html.
type applyPage struct {
	base
	Form  requestForm
	Types []option
	Error string
	// Honeypot is the hidden field's name.
	Honeypot string
}

// applyDonePage is the data of apply_done.html.
type applyDonePage struct {
	base
	Number    string
	CheckCode string
	Received  string
}

// statusPage is the data of apply_status.html.
type statusPage struct {
	base
	Number   string
	NotFound string
	Status   *statusView
}

// statusView is what the public sees of a request.
type statusView struct {
	Number   string
	Received string
	State    string
	Clock    string
	Due      string
	Outcome  string
	Answered string
	Closed   string
}

// publicBase is pageBase with the anonymous CSRF token set even when there
// are no accounts: the public forms need it either way.
func (s *Server) publicBase(w http.ResponseWriter, r *http.Request, title string) base {
	b := s.pageBase(w, r, title)
	if b.CSRF == "" {
		b.CSRF = s.formToken(w, r)
	}
	return b
}

func (s *Server) applyPage(w http.ResponseWriter, r *http.Request, f requestForm, msg string) *applyPage {
	return &applyPage{base: s.publicBase(w, r, "申请公开信息"), Form: f, Types: applicantTypes(f.ApplicantType),
		Error: msg, Honeypot: honeypotField}
}

func (s *Server) handleApplyPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "apply", s.applyPage(w, r, requestForm{}, ""))
}

// handleApply takes a request from the public: it is registered as
// received online today (the confirmation date: the applicant confirms by
// submitting, the office by the acknowledgment shown in return).
func (s *Server) handleApply(limit *rateLimiter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.parseForm(w, r); err != nil {
			s.pageError(w, r, err)
			return
		}
		ip := clientIP(r)
		if ok, wait := limit.take(ip); !ok {
			s.tooMany(w, r, wait, "您提交申请过于频繁")
			return
		}
		if r.PostFormValue(honeypotField) != "" {
			// A bot: it gets a page like a person's, and nothing is kept.
			s.log.Warn("apply: honeypot filled, submission dropped", logRemote, ip)
			s.render(w, r, http.StatusOK, "apply_done", &applyDonePage{base: s.publicBase(w, r, "申请已提交"),
				Number:    fmt.Sprintf("%d-%04d", s.desk.Today().Year, 1000+int(time.Now().UnixNano()%9000)),
				CheckCode: decoyCode(), Received: dayLabel(s.desk.Today())})
			return
		}
		f := formRequest(r.PostForm)
		n, err := f.newRequest()
		var req *desk.Request
		if err == nil {
			n.Channel, n.Received = deadline.Online, s.desk.Today()
			req, err = s.desk.Register(r.Context(), publicActor, n)
		}
		if err != nil {
			limit.refund(ip)
			if records.ErrorCode(err) != records.EINVALID {
				s.pageError(w, r, err)
				return
			}
			s.render(w, r, http.StatusBadRequest, "apply", s.applyPage(w, r, f, records.ErrorMessage(err)))
			return
		}
		s.log.Info("apply: request received", "number", req.Number)
		s.render(w, r, http.StatusOK, "apply_done", &applyDonePage{base: s.publicBase(w, r, "申请已提交"),
			Number: req.Number, CheckCode: req.CheckCode, Received: dayLabel(req.Received)})
	}
}

// tooMany answers 429 with a page saying when to come back.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration, what string) {
	minutes := int(wait.Minutes()) + 1
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	s.pageError(w, r, &statusError{status: http.StatusTooManyRequests, code: "too_many_requests",
		msg: fmt.Sprintf("%s，请 %d 分钟后再试。已提交成功的申请不受影响。", what, minutes)})
}

func (s *Server) handleStatusPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "apply_status", &statusPage{base: s.publicBase(w, r, "查询申请办理进度")})
}

// handleStatus answers a status lookup. The number and the check code come
// by POST, so the code never lands in an address bar, a history or an
// access log.
func (s *Server) handleStatus(limit *rateLimiter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.parseForm(w, r); err != nil {
			s.pageError(w, r, err)
			return
		}
		if ok, wait := limit.take(clientIP(r)); !ok {
			s.tooMany(w, r, wait, "查询过于频繁")
			return
		}
		number := strings.TrimSpace(r.PostFormValue("number"))
		page := &statusPage{base: s.publicBase(w, r, "查询申请办理进度"), Number: number}
		st, err := s.desk.Lookup(r.Context(), number, r.PostFormValue("code"))
		if err != nil {
			if records.ErrorCode(err) != records.ENOTFOUND {
				s.pageError(w, r, err)
				return
			}
			page.NotFound = records.ErrorMessage(err)
			s.render(w, r, http.StatusNotFound, "apply_status", page)
			return
		}
		v := &statusView{Number: st.Number, Received: dayLabel(st.Received), State: st.State.Label(),
			Answered: chineseDate(st.AnsweredOn.String()), Closed: chineseDate(st.ClosedOn.String())}
		if st.Outcome != "" {
			v.Outcome = st.Outcome.Label()
		}
		if st.State.Pending() {
			v.Clock = st.Clock.String()
			if !st.Due.IsZero() {
				v.Due = dayLabel(st.Due)
			}
		}
		page.Status = v
		s.render(w, r, http.StatusOK, "apply_status", page)
	}
}

// rateLimiter allows each key (a client address) at most max uses within a
// sliding window, in memory: a restart forgets, which for a form flood is
// harmless.
type rateLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	hits   map[string][]time.Time
	swept  time.Time
}

func newRateLimiter(max int, window time.Duration) *rateLimiter {
	return &rateLimiter{max: max, window: window, now: time.Now, hits: map[string][]time.Time{}}
}

// take uses one of key's uses if any is left; otherwise it says how long
// until the oldest leaves the window.
func (l *rateLimiter) take(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.sweep(now)
	recent := l.recent(key, now)
	if len(recent) >= l.max {
		l.hits[key] = recent
		return false, recent[0].Add(l.window).Sub(now)
	}
	l.hits[key] = append(recent, now)
	return true, 0
}

// refund gives back the use just taken by key (a submission that was
// refused as invalid and stored nothing).
func (l *rateLimiter) refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h := l.hits[key]; len(h) > 0 {
		l.hits[key] = h[:len(h)-1]
	}
}

// recent returns key's uses still inside the window.
func (l *rateLimiter) recent(key string, now time.Time) []time.Time {
	h := l.hits[key]
	i := 0
	for i < len(h) && !h[i].After(now.Add(-l.window)) {
		i++
	}
	return h[i:]
}

// sweep forgets idle keys once a window, so the map does not grow with
// every address ever seen.
func (l *rateLimiter) sweep(now time.Time) {
	if now.Sub(l.swept) < l.window {
		return
	}
	l.swept = now
	for k := range l.hits {
		if len(l.recent(k, now)) == 0 {
			delete(l.hits, k)
		}
	}
}

// decoyCode is a check code for the honeypot's thank-you page: random, so
// the page looks like any other.
func decoyCode() string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
