package ui

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/search"
)

// Cookie names. The session cookie holds the secret token; the CSRF cookie
// carries the anonymous forms' token (login, the public request form).
const (
	sessionCookie = "xxgk_session"
	csrfCookie    = "xxgk_csrf"
	csrfField     = "csrf"
)

type ctxKey int

const sessionKey ctxKey = iota

// session returns the signed-in session of the request, or nil.
func session(r *http.Request) *accounts.Session {
	s, _ := r.Context().Value(sessionKey).(*accounts.Session)
	return s
}

// withSession loads the session named by the request's cookie, if any.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.accounts == nil {
			next.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.accounts.Lookup(r.Context(), c.Value)
		if err != nil {
			if records.ErrorCode(err) != records.ENOTFOUND {
				s.log.Error("session lookup", "err", err)
			}
			// A stale cookie is cleared, and the request goes on as the
			// public's.
			s.setCookie(w, r, sessionCookie, "", -1)
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "private, no-store")
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionKey, sess)))
	})
}

// audience is who is asking: signed-in accounts see every record, marked;
// everyone else is the public.
func (s *Server) audience(r *http.Request) search.Audience {
	if session(r) != nil {
		return search.Staff
	}
	return search.Public
}

// access is who may use a route.
type access int

const (
	public     access = iota // everyone
	signedIn                 // any account: admin, staff, auditor
	writer                   // admin and staff
	auditors                 // admin and auditor: the audit log
	adminsOnly               // admin
)

// allowed reports whether a session may use a route of level a.
func (a access) allowed(sess *accounts.Session) bool {
	switch a {
	case public:
		return true
	case signedIn:
		return sess != nil
	case writer:
		return sess != nil && sess.User.Role.CanWrite()
	case auditors:
		return sess != nil && (sess.User.Role == accounts.Auditor || sess.User.Role == accounts.Admin)
	case adminsOnly:
		return sess != nil && sess.User.Role == accounts.Admin
	}
	return false
}

// require guards a handler: the public is sent to sign in (pages) or told
// 401 (API); an account without the role gets 403.
func (s *Server) require(a access, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := session(r)
		if a.allowed(sess) {
			h(w, r)
			return
		}
		if sess == nil {
			if isAPI(r) {
				s.apiFailure(w, r, errUnauthorized)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if isAPI(r) {
			s.apiFailure(w, r, errForbidden)
			return
		}
		s.pageError(w, r, errForbidden)
	}
}

var (
	errUnauthorized = &statusError{status: http.StatusUnauthorized, code: "unauthorized", msg: "请先登录"}
	errForbidden    = &statusError{status: http.StatusForbidden, code: "forbidden", msg: "您的账号没有这项权限"}
	errBadCSRF      = &statusError{status: http.StatusForbidden, code: "csrf", msg: "表单已过期或来源不明，请刷新页面后重新提交"}
)

// statusError is an error of the web layer itself, with its own status.
type statusError struct {
	status int
	code   string
	msg    string
}

func (e *statusError) Error() string { return e.msg }

// setCookie sets (maxAge > 0), or clears (maxAge < 0), a cookie with the
// archive's attributes: HttpOnly, SameSite=Lax, and Secure when served
// over TLS (or told so, behind a TLS proxy).
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || s.opt.SecureCookies,
	})
}

// formToken returns the CSRF token the forms of this response must carry:
// the session's when signed in, otherwise the anonymous cookie's (set here
// when the browser has none yet).
func (s *Server) formToken(w http.ResponseWriter, r *http.Request) string {
	if sess := session(r); sess != nil {
		return sess.CSRF
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	b := make([]byte, 32)
	rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	s.setCookie(w, r, csrfCookie, tok, 0)
	return tok
}

// checkCSRF verifies a form post: its token must equal the session's (or,
// for the public's forms, the CSRF cookie's), and a browser's Origin, when
// sent, must be this server.
func (s *Server) checkCSRF(r *http.Request) error {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return errBadCSRF
		}
	}
	got := r.PostFormValue(csrfField)
	want := ""
	if sess := session(r); sess != nil {
		want = sess.CSRF
	} else if c, err := r.Cookie(csrfCookie); err == nil {
		want = c.Value
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errBadCSRF
	}
	return nil
}

// maxFormBytes bounds a posted form.
const maxFormBytes = 64 << 10

// parseForm reads a posted form within the size limit and checks its CSRF
// token.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &statusError{status: http.StatusRequestEntityTooLarge, code: "too_large", msg: "提交的内容过长"}
		}
		return records.Errorf(records.EINVALID, "无法读取表单")
	}
	return s.checkCSRF(r)
}

// loginPage is the data of login.html.
type loginPage struct {
	base
	Next     string
	Username string
	Error    string
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	page := &loginPage{base: s.pageBase(w, r, "工作人员登录"), Next: safeNext(r.URL.Query().Get("next"))}
	page.CSRF = s.formToken(w, r)
	s.render(w, r, http.StatusOK, "login", page)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("username"))
	next := safeNext(r.PostFormValue("next"))
	sess, err := s.accounts.Login(r.Context(), name, r.PostFormValue("password"), clientIP(r))
	if err != nil {
		status := http.StatusUnauthorized
		msg := "用户名或密码错误"
		var th *accounts.ThrottledError
		switch {
		case errors.As(err, &th):
			status, msg = http.StatusTooManyRequests, th.Error()
			w.Header().Set("Retry-After", strconv.Itoa(int(th.RetryAfter.Seconds())+1))
		case !accounts.IsBadLogin(err):
			s.pageError(w, r, err)
			return
		}
		page := &loginPage{base: s.pageBase(w, r, "工作人员登录"), Next: next, Username: name, Error: msg}
		page.CSRF = s.formToken(w, r)
		s.render(w, r, status, "login", page)
		return
	}
	// A new session id at every sign-in: whatever session the browser
	// held before (perhaps planted by someone else) ends here.
	if old, err := r.Cookie(sessionCookie); err == nil && old.Value != "" {
		s.accounts.Logout(r.Context(), old.Value)
	}
	s.setCookie(w, r, sessionCookie, sess.Token, int(s.accounts.SessionTTL.Seconds()))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.parseForm(w, r); err != nil {
		s.pageError(w, r, err)
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.Logout(r.Context(), c.Value); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	s.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// clientIP is the address sign-in throttling counts by: the connection's,
// never a header a client can forge.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
