package ui_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
)

const testPassword = "测试密码-0123456789"

// ensureUser creates an account once per archive.
var usersMu sync.Mutex

func ensureUser(t *testing.T, a *archive, name string, role accounts.Role) {
	t.Helper()
	usersMu.Lock()
	defer usersMu.Unlock()
	if _, err := a.accounts.Get(context.Background(), name); err == nil {
		return
	}
	if _, err := a.accounts.Create(context.Background(), "test:setup", name, name+"老师", role, testPassword); err != nil {
		t.Fatal(err)
	}
}

// browser is a client with its own cookies that does not follow redirects.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// formCSRF fetches a page and returns the csrf field of its first form.
func formCSRF(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	root, err := html.Parse(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var tok string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if tok == "" && n.Type == html.ElementNode && n.Data == "input" && attr(n, "name") == "csrf" {
			tok = attr(n, "value")
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(root)
	return tok
}

// login signs c in and returns the response to the form post.
func login(t *testing.T, a *archive, c *http.Client, name, password string) *http.Response {
	t.Helper()
	tok := formCSRF(t, c, a.server.URL+"/login")
	resp, err := c.PostForm(a.server.URL+"/login", url.Values{"csrf": {tok}, "username": {name}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// signedIn returns a browser signed in as a new account of role.
func signedIn(t *testing.T, a *archive, name string, role accounts.Role) *http.Client {
	t.Helper()
	ensureUser(t, a, name, role)
	c := browser(t)
	if resp := login(t, a, c, name, testPassword); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %s", name, resp.Status)
	}
	return c
}

func sessionValue(c *http.Client, base string) string {
	u, _ := url.Parse(base)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "xxgk_session" {
			return ck.Value
		}
	}
	return ""
}

func status(t *testing.T, c *http.Client, method, u string, form url.Values) int {
	t.Helper()
	var resp *http.Response
	var err error
	if method == http.MethodPost {
		resp, err = c.PostForm(u, form)
	} else {
		resp, err = c.Get(u)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLoginRenewsTheSessionAndLogoutEndsIt(t *testing.T) {
	a := sampleArchive
	ensureUser(t, a, "renew", accounts.Staff)
	c := browser(t)
	if resp := login(t, a, c, "renew", testPassword); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("login: %s → %s", resp.Status, resp.Header.Get("Location"))
	}
	first := sessionValue(c, a.server.URL)
	setCookie := ""
	resp := login(t, a, c, "renew", testPassword)
	for _, v := range resp.Header.Values("Set-Cookie") {
		if strings.HasPrefix(v, "xxgk_session=") {
			setCookie = v
		}
	}
	second := sessionValue(c, a.server.URL)
	if first == "" || second == "" || first == second {
		t.Fatalf("session not renewed at sign-in: %q → %q", first, second)
	}
	for _, attr := range []string{"HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(setCookie, attr) {
			t.Errorf("session cookie lacks %s: %s", attr, setCookie)
		}
	}
	if _, err := a.accounts.Lookup(context.Background(), first); err == nil {
		t.Error("the session held before signing in again still works")
	}
	// Logout without the form's token is refused; with it, the session ends.
	if st := status(t, c, http.MethodPost, a.server.URL+"/logout", url.Values{}); st != http.StatusForbidden {
		t.Errorf("logout without CSRF: %d", st)
	}
	tok := formCSRF(t, c, a.server.URL+"/")
	if st := status(t, c, http.MethodPost, a.server.URL+"/logout", url.Values{"csrf": {tok}}); st != http.StatusSeeOther {
		t.Errorf("logout: %d", st)
	}
	if _, err := a.accounts.Lookup(context.Background(), second); err == nil {
		t.Error("session survived logout")
	}
}

func TestLoginWithoutCSRFTokenIsRefused(t *testing.T) {
	a := sampleArchive
	ensureUser(t, a, "nocsrf", accounts.Staff)
	c := browser(t)
	formCSRF(t, c, a.server.URL+"/login") // the cookie is set, the field is missing
	for _, form := range []url.Values{
		{"username": {"nocsrf"}, "password": {testPassword}},
		{"username": {"nocsrf"}, "password": {testPassword}, "csrf": {"forged-token-forged-token-forged-token"}},
	} {
		if st := status(t, c, http.MethodPost, a.server.URL+"/login", form); st != http.StatusForbidden {
			t.Errorf("login with csrf=%q: %d", form.Get("csrf"), st)
		}
	}
	if sessionValue(c, a.server.URL) != "" {
		t.Error("a session was opened without a valid CSRF token")
	}
	// A cross-site post (another Origin) is refused even with the token.
	tok := formCSRF(t, c, a.server.URL+"/login")
	req, _ := http.NewRequest(http.MethodPost, a.server.URL+"/login",
		strings.NewReader(url.Values{"csrf": {tok}, "username": {"nocsrf"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin login: %d", resp.StatusCode)
	}
}

func TestLoginThrottledOverHTTP(t *testing.T) {
	a, err := openArchive(t.TempDir(), func(context.Context, *records.Store) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ensureUser(t, a, "throttled", accounts.Staff)
	c := browser(t)
	for range 5 {
		if resp := login(t, a, c, "throttled", "wrong-wrong-wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password: %s", resp.Status)
		}
	}
	resp := login(t, a, c, "throttled", testPassword)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("sixth attempt: %s, Retry-After %q", resp.Status, resp.Header.Get("Retry-After"))
	}
}

func TestStaffSeeNonPublicRecordsMarked(t *testing.T) {
	a := sampleArchive
	var hidden *records.Document
	a.store.Scan(context.Background(), func(d *records.Document) error {
		if hidden == nil && d.Visibility == records.Withheld {
			c := *d
			hidden = &c
		}
		return nil
	})
	c := signedIn(t, a, "viewer", accounts.Auditor)
	q := url.Values{"q": {`"` + hidden.Title + `"`}, "mode": {"exact"}}
	for _, who := range []struct {
		name   string
		c      *http.Client
		found  bool
		status int
	}{{"public", browser(t), false, 404}, {"auditor", c, true, 200}} {
		resp, err := who.c.Get(a.server.URL + "/?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		root, _ := html.Parse(resp.Body)
		resp.Body.Close()
		var b strings.Builder
		html.Render(&b, root)
		page := b.String()
		if strings.Contains(page, "不予公开") != who.found {
			t.Errorf("%s: withheld record marked on results page = %v", who.name, !who.found)
		}
		if st := status(t, who.c, http.MethodGet, a.server.URL+"/documents/"+url.PathEscape(hidden.ID), nil); st != who.status {
			t.Errorf("%s: document page %d, want %d", who.name, st, who.status)
		}
	}
	// The auditor's read is in the access log.
	log, err := a.store.AccessLog(context.Background(), records.AccessQuery{Actor: "user:viewer"})
	if err != nil {
		t.Fatal(err)
	}
	viewed := false
	for _, e := range log {
		viewed = viewed || (e.Action == records.AccessView && e.Target == records.DocumentTarget(hidden.ID))
	}
	if !viewed {
		t.Errorf("no access-log entry for the auditor's view of %s: %+v", hidden.ID, log)
	}
}

// accessRow is one request of the access table.
type accessRow struct {
	path string
	form bool // a form post: sent with the client's CSRF token
	// expected status for the public, auditor, staff, admin
	want [4]int
}

// TestEveryRouteByRole is the access table: every route the server has,
// for the public and each role. A route missing from the table fails the
// test, so a new route must be placed in it.
func TestEveryRouteByRole(t *testing.T) {
	a := sampleArchive
	var hidden string
	a.store.Scan(context.Background(), func(d *records.Document) error {
		if hidden == "" && d.Visibility != records.Public {
			hidden = d.ID
		}
		return nil
	})
	const pub = "qyu-2019-jwc-0005"
	type row = accessRow
	table := map[string][]row{
		"GET /":                        {{"/", false, [4]int{200, 200, 200, 200}}},
		"GET /documents/{id}":          {{"/documents/" + pub, false, [4]int{200, 200, 200, 200}}, {"/documents/" + hidden, false, [4]int{404, 200, 200, 200}}},
		"GET /documents/{id}/original": {{"/documents/" + pub + "/original", false, [4]int{200, 200, 200, 200}}, {"/documents/" + hidden + "/original", false, [4]int{404, 200, 200, 200}}},
		"GET /healthz":                 {{"/healthz", false, [4]int{200, 200, 200, 200}}},
		"GET /static/":                 {{"/static/style.css", false, [4]int{200, 200, 200, 200}}},
		"GET /login":                   {{"/login", false, [4]int{200, 200, 200, 200}}},
		"POST /login":                  {{"/login", true, [4]int{401, 401, 401, 401}}},
		"POST /logout":                 {{"/logout", true, [4]int{303, 303, 303, 303}}},
		"GET /audit":                   {{"/audit", false, [4]int{303, 200, 403, 200}}},
		"GET /attention":               {{"/attention", false, [4]int{303, 200, 200, 200}}},
		"GET /documents/{id}/v/{n}":    {{"/documents/" + pub + "/v/1", false, [4]int{200, 200, 200, 200}}, {"/documents/" + hidden + "/v/1", false, [4]int{404, 200, 200, 200}}},
		"GET /documents/{id}/diff":     {{"/documents/" + pub + "/diff?from=1&to=1", false, [4]int{200, 200, 200, 200}}, {"/documents/" + hidden + "/diff?from=1&to=1", false, [4]int{404, 200, 200, 200}}},
		"GET /api/export":              {{"/api/export?q=x&format=csv", false, [4]int{200, 200, 200, 200}}, {"/api/export?q=x&format=xml", false, [4]int{400, 400, 400, 400}}},
		"POST /api/batch":              {{"/api/batch", true, [4]int{200, 200, 200, 200}}},
		"POST /documents/{id}/{action:retract|restore|visibility}": {{"/documents/" + pub + "/visibility", true, [4]int{303, 403, 400, 400}}},
		"GET /api/search":         {{"/api/search?q=x", false, [4]int{200, 200, 200, 200}}},
		"GET /api/documents/{id}": {{"/api/documents/" + pub, false, [4]int{200, 200, 200, 200}}, {"/api/documents/" + hidden, false, [4]int{404, 200, 200, 200}}},
	}
	for k, rows := range deskRouteTable(pub, hidden) {
		table[k] = rows
	}
	for k, rows := range catalogueRouteTable(pub, hidden) {
		table[k] = rows
	}
	roles := []accounts.Role{"", accounts.Auditor, accounts.Staff, accounts.Admin}
	for _, route := range a.ui.Routes() {
		if strings.HasPrefix(route, "HEAD ") {
			continue // HEAD answers as GET does
		}
		rows, ok := table[route]
		if !ok {
			t.Errorf("route %s is not in the access table", route)
			continue
		}
		for _, r := range rows {
			for i, role := range roles {
				// A fresh sign-in per check: logout rows end sessions.
				c := browser(t)
				if role != "" {
					c = signedIn(t, a, "table-"+string(role), role)
				}
				method := strings.SplitN(route, " ", 2)[0]
				var form url.Values
				if r.form {
					form = url.Values{"csrf": {formCSRF(t, c, a.server.URL+"/login")}}
					if sess := sessionValue(c, a.server.URL); sess != "" {
						form.Set("csrf", formCSRF(t, c, a.server.URL+"/"))
					}
				}
				if got := status(t, c, method, a.server.URL+r.path, form); got != r.want[i] {
					t.Errorf("%s %s as %q: %d, want %d", method, r.path, role, got, r.want[i])
				}
			}
		}
	}
}
