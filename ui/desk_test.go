package ui_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/ui"
)

// deskArchive is a served archive with accounts and the request desk: a
// staff member (wang), an auditor (li), and a few records, one of them
// 依申请公开.
type deskArchive struct {
	*archive
	desk *desk.Desk
	now  time.Time
	mu   sync.Mutex
}

const (
	deskPassword = "测试密码-2025-desk"
	// restrictedID is the 依申请公开 record the request is answered with.
	restrictedID = "xsc-2024-zxj"
	// restrictedWords are in its title only.
	restrictedWords = "助学金发放明细"
)

func openDeskArchive(t *testing.T) *deskArchive {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := records.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	da := &deskArchive{}
	// 10:00 on Thu 2025-10-09 in Beijing: a request posted on 09-26 is
	// being worked on, due 2025-10-30.
	da.now = time.Date(2025, 10, 9, 2, 0, 0, 0, time.UTC)
	store.Now = func() time.Time {
		da.mu.Lock()
		defer da.mu.Unlock()
		return da.now
	}
	docs := []records.Incoming{
		{Doc: records.Document{ID: restrictedID, Title: "2024年度国家助学金发放明细表", Body: "学生处关于2024年度国家助学金发放明细，含受助学生姓名、学号及发放金额。",
			Category: "学生管理", Department: "学生处", Published: "2024-12-20", Visibility: records.OnRequest}},
		{Doc: records.Document{ID: "xsc-2024-notice", Title: "关于做好2024年度国家助学金评审工作的通知", Body: "各学院：现将国家助学金评审工作有关事项通知如下。",
			Category: "通知公告", Department: "学生处", Published: "2024-09-10"}},
		{Doc: records.Document{ID: "cwc-2024-salary", Title: "2024年度教职工薪酬明细", Body: "财务处内部资料。",
			Category: "财务", Department: "财务处", Published: "2024-12-31", Visibility: records.Withheld}},
	}
	if _, err := store.Put(ctx, "system:test", docs); err != nil {
		t.Fatal(err)
	}
	acc := accounts.New(store)
	if _, err := acc.Create(ctx, "cli:test", "wang", "王老师", accounts.Staff, deskPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := acc.Create(ctx, "cli:test", "li", "李审计", accounts.Auditor, deskPassword); err != nil {
		t.Fatal(err)
	}
	dk, err := desk.Open(store, dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.OpenIndex(ctx, "", store, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := idx.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	eng := search.New(idx, search.Options{})
	srv, err := ui.New(idx, eng, ui.Options{Logger: slog.New(slog.DiscardHandler), Accounts: acc, Desk: dk})
	if err != nil {
		t.Fatal(err)
	}
	da.archive = &archive{store: store, index: idx, engine: eng, ui: srv, accounts: acc, server: httptest.NewServer(srv.Handler())}
	da.desk = dk
	t.Cleanup(da.close)
	return da
}

// visitor is a web client with its own cookies that does not follow redirects,
// and remembers the CSRF token of the last page it read.
type visitor struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
}

func (a *deskArchive) visitor(t *testing.T) *visitor {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &visitor{t: t, base: a.server.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *visitor) do(req *http.Request) (int, string, http.Header) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	if m := csrfInput.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp.StatusCode, string(body), resp.Header
}

func (b *visitor) get(path string) (int, string, http.Header) {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post submits a form with the CSRF token of the last page read (unless
// the form sets its own "csrf").
func (b *visitor) post(path string, form url.Values) (int, string, http.Header) {
	b.t.Helper()
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login signs in through the login form.
func (b *visitor) login(user string) {
	b.t.Helper()
	if status, body, _ := b.get("/login"); status != http.StatusOK {
		b.t.Fatalf("GET /login: %d\n%s", status, body)
	}
	status, body, h := b.post("/login", url.Values{"username": {user}, "password": {deskPassword}, "next": {"/desk"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/desk" {
		b.t.Fatalf("login as %s: %d %s\n%s", user, status, h.Get("Location"), body)
	}
}

// wantStatus checks a response's status.
func wantStatus(t *testing.T, what string, got, want int, body string) {
	t.Helper()
	if got != want {
		if len(body) > 2000 {
			body = body[:2000]
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, got, want, body)
	}
}

// register registers a request posted on 2025-09-26 through the staff form
// and returns its number.
func (b *visitor) register() string {
	b.t.Helper()
	status, body, _ := b.get("/desk/requests/new")
	wantStatus(b.t, "GET /desk/requests/new", status, http.StatusOK, body)
	status, body, h := b.post("/desk/requests", url.Values{
		"applicant_type": {"person"}, "name": {"张三"}, "phone": {"13800000000"},
		"description": {"2024年度国家助学金发放明细"}, "purpose": {"核实本人受助情况"},
		"channel": {"邮寄"}, "received": {"2025-09-26"}, "rule": {"政府"}, "fee": {"0"},
	})
	wantStatus(b.t, "POST /desk/requests", status, http.StatusSeeOther, body)
	loc := h.Get("Location")
	m := regexp.MustCompile(`^/desk/requests/(\d{4}-\d{4})\?done=register$`).FindStringSubmatch(loc)
	if m == nil {
		b.t.Fatalf("registered: redirected to %q", loc)
	}
	return m[1]
}

func TestDeskStaffLinksAnswersAndReleases(t *testing.T) {
	a := openDeskArchive(t)
	staff := a.visitor(t)
	staff.login("wang")
	no := staff.register()

	// The page shows the due date with its explanation.
	status, body, _ := staff.get("/desk/requests/" + no + "?done=register")
	wantStatus(t, "request page", status, http.StatusOK, body)
	for _, want := range []string{"申请已登记", "2025-10-30", "2025-10-01 周三 国庆节、中秋节 休息", "2025-09-28 周日 国庆节、中秋节调休上班", "《中华人民共和国政府信息公开条例》"} {
		if !strings.Contains(body, want) {
			t.Errorf("request page lacks %q", want)
		}
	}

	// The public cannot find the 依申请公开 record.
	var res apiResult
	if status := a.getJSON(t, searchPath(url.Values{"q": {restrictedWords}}), &res); status != http.StatusOK || hasHit(res, restrictedID) {
		t.Fatalf("public search before release: %d, %+v", status, res)
	}

	// Searching inside the request page finds it, marked, with a link button.
	status, body, _ = staff.get("/desk/requests/" + no + "?q=" + url.QueryEscape(restrictedWords))
	wantStatus(t, "desk search", status, http.StatusOK, body)
	if !strings.Contains(body, restrictedID) || !strings.Contains(body, "〔依申请公开〕") || !strings.Contains(body, `action="/desk/requests/`+no+`/link"`) {
		t.Fatalf("desk search does not offer the restricted record:\n%s", body)
	}
	status, body, h := staff.post("/desk/requests/"+no+"/link", url.Values{"doc_id": {restrictedID}})
	wantStatus(t, "link", status, http.StatusSeeOther, body)
	status, body, _ = staff.get(h.Get("Location"))
	if !strings.Contains(body, "已关联记录") || !strings.Contains(body, `name="release" value="`+restrictedID+`"`) {
		t.Fatalf("linked record not offered for release:\n%s", body)
	}

	// Answer 部分公开, releasing it.
	status, body, h = staff.post("/desk/requests/"+no+"/answer", url.Values{
		"outcome": {"partial"}, "reason": {"个人隐私"}, "text": {"受助学生身份证号码不予公开，其余予以公开。"},
		"release": {restrictedID},
	})
	wantStatus(t, "answer", status, http.StatusSeeOther, body)
	status, body, _ = staff.get(h.Get("Location"))
	for _, want := range []string{"已登记答复", "部分公开（个人隐私）", "公开记录", "已答复"} {
		if !strings.Contains(body, want) {
			t.Errorf("answered page lacks %q", want)
		}
	}
	doc, err := a.store.Get(context.Background(), restrictedID)
	if err != nil || doc.Visibility != records.Public {
		t.Fatalf("record after release: %v, %v", doc, err)
	}
	// The server follows the change feed (archive serve does so every
	// second); here the test catches the index up itself.
	if _, err := a.index.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	res = apiResult{}
	a.getJSON(t, searchPath(url.Values{"q": {restrictedWords}}), &res)
	if !hasHit(res, restrictedID) {
		t.Fatalf("public search after release: %+v", res)
	}
	if status, _, _ := a.get(t, "/documents/"+restrictedID); status != http.StatusOK {
		t.Errorf("public document page after release: %d", status)
	}

	// The board and the export list it.
	status, body, _ = staff.get("/desk")
	wantStatus(t, "/desk", status, http.StatusOK, body)
	if !strings.Contains(body, no) || !strings.Contains(body, "全部办理中") {
		t.Errorf("board lacks %s", no)
	}
	status, body, h = staff.get("/desk/requests.csv")
	wantStatus(t, "csv", status, http.StatusOK, body)
	if !strings.HasPrefix(body, "\uFEFF编号,") || !strings.Contains(body, no+",自然人,张三") || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Errorf("csv: %s\n%s", h.Get("Content-Type"), body)
	}
	// Every step is in the audit log, by the staff member.
	log, err := a.store.AuditLog(context.Background(), records.AuditQuery{Target: desk.Target(no)})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Actor != "user:wang" {
			t.Errorf("audit entry %d by %s", e.Seq, e.Actor)
		}
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "request.registered request.linked request.answered request.released" {
		t.Errorf("audit actions: %s", got)
	}
}

func TestDeskRefusedActionShowsWhy(t *testing.T) {
	a := openDeskArchive(t)
	staff := a.visitor(t)
	staff.login("wang")
	no := staff.register()
	staff.get("/desk/requests/" + no)
	status, body, _ := staff.post("/desk/requests/"+no+"/extend", url.Values{"days": {"30"}, "approval": {"王主任"}, "reason": {"情况复杂"}})
	wantStatus(t, "extension beyond the rule", status, http.StatusBadRequest, body)
	if !strings.Contains(body, "最长 20 个工作日") {
		t.Errorf("the page does not say why:\n%s", body)
	}
	status, body, _ = staff.post("/desk/requests/"+no+"/close", url.Values{})
	wantStatus(t, "close before answering", status, http.StatusBadRequest, body)
	status, body, _ = staff.post("/desk/requests/2025-9999/note", url.Values{"note": {"x"}})
	wantStatus(t, "unknown request", status, http.StatusNotFound, body)
}

func TestDeskAuditorReadsButCannotWrite(t *testing.T) {
	a := openDeskArchive(t)
	staff := a.visitor(t)
	staff.login("wang")
	no := staff.register()

	aud := a.visitor(t)
	aud.login("li")
	for _, p := range []string{"/desk", "/desk/requests/" + no, "/desk/requests/" + no + "?q=" + url.QueryEscape(restrictedWords), "/desk/requests.csv"} {
		status, body, _ := aud.get(p)
		wantStatus(t, "auditor GET "+p, status, http.StatusOK, body)
		if !strings.Contains(body, no) && !strings.Contains(p, "?q=") {
			t.Errorf("auditor GET %s: no %s on the page", p, no)
		}
		if strings.Contains(body, `action="/desk/requests/`+no+`/`) {
			t.Errorf("auditor GET %s: the page offers a form that changes the request", p)
		}
	}
	status, body, _ := aud.get("/desk/requests/" + no + "?q=" + url.QueryEscape(restrictedWords))
	if !strings.Contains(body, restrictedID) || strings.Contains(body, ">关联</button>") {
		t.Errorf("auditor search: %d\n%s", status, body)
	}
	status, body, _ = aud.get("/desk/requests/new")
	wantStatus(t, "auditor GET /desk/requests/new", status, http.StatusForbidden, body)
	aud.get("/desk") // a fresh token of the auditor's own session
	posts := []string{"/desk/requests"}
	for _, action := range []string{"assign", "correction", "corrected", "extend", "pause", "resume", "link", "unlink", "answer", "release", "close", "reopen", "note"} {
		posts = append(posts, "/desk/requests/"+no+"/"+action)
	}
	for _, p := range posts {
		status, body, _ := aud.post(p, url.Values{"doc_id": {restrictedID}, "assignee": {"李审计"}, "note": {"x"}, "outcome": {"granted"}})
		wantStatus(t, "auditor POST "+p, status, http.StatusForbidden, body)
	}
	evs, err := a.desk.Timeline(context.Background(), no)
	if err != nil || len(evs) != 1 {
		t.Errorf("timeline after the auditor's posts: %d events, %v", len(evs), err)
	}
}

func TestDeskAnonymousIsSentToLogin(t *testing.T) {
	a := openDeskArchive(t)
	staff := a.visitor(t)
	staff.login("wang")
	no := staff.register()
	anon := a.visitor(t)
	for _, p := range []string{"/desk", "/desk/requests/new", "/desk/requests/" + no, "/desk/requests.csv"} {
		status, body, h := anon.get(p)
		wantStatus(t, "anonymous GET "+p, status, http.StatusSeeOther, body)
		if loc := h.Get("Location"); loc != "/login?next="+url.QueryEscape(p) {
			t.Errorf("anonymous GET %s: redirected to %q", p, loc)
		}
	}
	status, body, _ := anon.post("/desk/requests/"+no+"/note", url.Values{"note": {"x"}})
	wantStatus(t, "anonymous POST", status, http.StatusSeeOther, body)
}

func TestDeskCSRF(t *testing.T) {
	a := openDeskArchive(t)
	staff := a.visitor(t)
	staff.login("wang")
	no := staff.register()
	staff.get("/desk/requests/" + no)
	for name, token := range map[string][]string{"Missing": {}, "Wrong": {"not-the-token"}, "Empty": {""}} {
		t.Run(name, func(t *testing.T) {
			status, body, _ := staff.post("/desk/requests/"+no+"/note", url.Values{"note": {"跨站伪造"}, "csrf": token})
			wantStatus(t, "note without the token", status, http.StatusForbidden, body)
			status, body, _ = staff.post("/desk/requests", url.Values{"name": {"伪造"}, "csrf": token})
			wantStatus(t, "register without the token", status, http.StatusForbidden, body)
		})
	}
	// The anonymous token of another browser does not do either.
	other := a.visitor(t)
	other.get("/apply")
	status, body, _ := staff.post("/desk/requests/"+no+"/note", url.Values{"note": {"x"}, "csrf": {other.csrf}})
	wantStatus(t, "another browser's token", status, http.StatusForbidden, body)
	// Nor does a post from another site's page, even with the token.
	staff.get("/desk/requests/" + no)
	req, _ := http.NewRequest(http.MethodPost, a.server.URL+"/desk/requests/"+no+"/note",
		strings.NewReader(url.Values{"note": {"x"}, "csrf": {staff.csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	status, body, _ = staff.do(req)
	wantStatus(t, "cross-origin post", status, http.StatusForbidden, body)
	if evs, _ := a.desk.Timeline(context.Background(), no); len(evs) != 1 {
		t.Errorf("%d events after forged posts, want 1", len(evs))
	}
	// The public form checks its token too.
	anon := a.visitor(t)
	status, body, _ = anon.post("/apply", url.Values{"name": {"张三"}, "phone": {"1"}, "description": {"x"}, "csrf": {"forged"}})
	wantStatus(t, "public form without the token", status, http.StatusForbidden, body)
}

// publicForm is a valid submission of the public form.
func publicForm(i int) url.Values {
	return url.Values{"applicant_type": {"person"}, "name": {"申请人" + string(rune('甲'+i))},
		"email": {"a@example.com"}, "description": {"2024年度国家助学金发放明细"}}
}

var receiptNumber = regexp.MustCompile(`class="mono number">(\d{4}-\d{4})<`)
var receiptCode = regexp.MustCompile(`class="mono code">([A-Z0-9]{8})<`)

// countRequests counts the requests the public submitted.
func countRequests(t *testing.T, s *records.Store) int {
	t.Helper()
	var n int
	if err := s.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM requests WHERE created_by = 'public:web'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPublicFormFloodIsThrottledAndLosesNothing(t *testing.T) {
	a := openDeskArchive(t)
	anon := a.visitor(t)
	status, body, _ := anon.get("/apply")
	wantStatus(t, "GET /apply", status, http.StatusOK, body)
	if !strings.Contains(body, `class="hp"`) || !strings.Contains(body, `name="website"`) {
		t.Fatal("the form has no honeypot")
	}
	// One invalid submission first: refused, and it does not use up the
	// allowance.
	status, body, _ = anon.post("/apply", url.Values{"name": {"张三"}, "description": {"x"}})
	wantStatus(t, "submission without contact", status, http.StatusBadRequest, body)
	if !strings.Contains(body, "联系方式") {
		t.Errorf("no reason given:\n%s", body)
	}

	const flood = 20
	type answer struct {
		status int
		number string
	}
	answers := make(chan answer, flood)
	var wg sync.WaitGroup
	token := anon.csrf
	for i := range flood {
		wg.Go(func() {
			form := publicForm(i)
			form.Set("csrf", token)
			req, _ := http.NewRequest(http.MethodPost, a.server.URL+"/apply", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := anon.c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			an := answer{status: resp.StatusCode}
			if m := receiptNumber.FindStringSubmatch(string(b)); m != nil {
				an.number = m[1]
			}
			if resp.StatusCode == http.StatusTooManyRequests && (resp.Header.Get("Retry-After") == "" || !strings.Contains(string(b), "过于频繁")) {
				t.Errorf("429 without Retry-After or a reason:\n%s", b)
			}
			answers <- an
		})
	}
	wg.Wait()
	close(answers)
	accepted := map[string]bool{}
	throttled := 0
	for an := range answers {
		switch an.status {
		case http.StatusOK:
			if an.number == "" || accepted[an.number] {
				t.Errorf("accepted without a new number: %q", an.number)
			}
			accepted[an.number] = true
		case http.StatusTooManyRequests:
			throttled++
		default:
			t.Errorf("status %d", an.status)
		}
	}
	if len(accepted) != 5 || throttled != flood-5 {
		t.Errorf("accepted %d, throttled %d; want 5 and %d", len(accepted), throttled, flood-5)
	}
	if n := countRequests(t, a.store); n != len(accepted) {
		t.Errorf("%d requests stored, %d acknowledged", n, len(accepted))
	}
	for no := range accepted {
		r, err := a.desk.Get(context.Background(), no)
		if err != nil {
			t.Errorf("acknowledged %s: %v", no, err)
			continue
		}
		if r.Channel.String() != "网络" || r.Received.String() != "2025-10-09" || r.State != desk.Received {
			t.Errorf("%s: channel %s received %s state %s", no, r.Channel, r.Received, r.State)
		}
	}
}

func TestPublicFormHoneypotStoresNothing(t *testing.T) {
	a := openDeskArchive(t)
	bot := a.visitor(t)
	bot.get("/apply")
	form := publicForm(0)
	form.Set("website", "http://spam.example")
	status, body, _ := bot.post("/apply", form)
	wantStatus(t, "bot submission", status, http.StatusOK, body)
	if !strings.Contains(body, "申请已提交") || !receiptNumber.MatchString(body) {
		t.Errorf("the bot's page does not look like a person's:\n%s", body)
	}
	if n := countRequests(t, a.store); n != 0 {
		t.Errorf("%d requests stored from the honeypot", n)
	}
}

func TestPublicStatusRevealsNothingWithoutTheCode(t *testing.T) {
	a := openDeskArchive(t)
	anon := a.visitor(t)
	anon.get("/apply")
	status, body, _ := anon.post("/apply", publicForm(1))
	wantStatus(t, "submission", status, http.StatusOK, body)
	no, code := receiptNumber.FindStringSubmatch(body)[1], receiptCode.FindStringSubmatch(body)[1]

	other := a.visitor(t)
	status, body, _ = other.get("/apply/status")
	wantStatus(t, "GET /apply/status", status, http.StatusOK, body)
	status, body, _ = other.post("/apply/status", url.Values{"number": {no}, "code": {code}})
	wantStatus(t, "status with the code", status, http.StatusOK, body)
	for _, want := range []string{"办理状态", "已收到（待分办）", "答复期限", "2025年10月29日"} {
		if !strings.Contains(body, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
	_, wrong, _ := func() (int, string, http.Header) {
		status, body, h := other.post("/apply/status", url.Values{"number": {no}, "code": {"AAAAAAAA"}})
		wantStatus(t, "status with a wrong code", status, http.StatusNotFound, body)
		return status, body, h
	}()
	status, unknown, _ := other.post("/apply/status", url.Values{"number": {"2025-0999"}, "code": {code}})
	wantStatus(t, "status of an unknown number", status, http.StatusNotFound, unknown)
	if w, u := strings.ReplaceAll(wrong, `value="`+no+`"`, "N"), strings.ReplaceAll(unknown, `value="2025-0999"`, "N"); w != u {
		t.Errorf("a wrong code and an unknown number give different pages:\n%s\n----\n%s", w, u)
	}
	for _, leak := range []string{"办理状态", "答复期限", "已收到", "申请人"} {
		if strings.Contains(wrong, leak) {
			t.Errorf("the wrong-code page shows %q", leak)
		}
	}
}

func hasHit(res apiResult, id string) bool {
	for _, h := range res.Hits {
		if h.ID == id {
			return true
		}
	}
	return false
}
