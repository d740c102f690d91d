package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
)

// clock is a settable time for the store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func open(t *testing.T) (*accounts.Accounts, *records.Store, *clock) {
	t.Helper()
	s, err := records.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	c := &clock{t: time.Date(2025, 9, 26, 9, 0, 0, 0, time.UTC)}
	s.Now = c.now
	return accounts.New(s), s, c
}

const pw = "正确的密码-2025"

func TestCreateLoginAndAudit(t *testing.T) {
	ctx := context.Background()
	a, s, _ := open(t)
	if _, err := a.Create(ctx, "cli:root", "wang", "王老师", accounts.Staff, pw); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Create(ctx, "cli:root", "wang", "", accounts.Auditor, pw); records.ErrorCode(err) != records.ECONFLICT {
		t.Errorf("duplicate user: %v", err)
	}
	if _, err := a.Create(ctx, "cli:root", "li", "", accounts.Staff, "short"); records.ErrorCode(err) != records.EINVALID {
		t.Errorf("short password accepted: %v", err)
	}
	var stored string
	s.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE username = 'wang'`).Scan(&stored)
	if !strings.HasPrefix(stored, "$argon2id$v=19$m=47104,t=1,p=1$") || strings.Contains(stored, pw) {
		t.Errorf("stored hash %q", stored)
	}
	sess, err := a.Login(ctx, "wang", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if sess.User.Role != accounts.Staff || sess.Token == "" || sess.CSRF == "" || sess.Token == sess.CSRF {
		t.Errorf("session %+v", sess)
	}
	got, err := a.Lookup(ctx, sess.Token)
	if err != nil || got.User.Username != "wang" || got.CSRF != sess.CSRF {
		t.Fatalf("lookup: %+v %v", got, err)
	}
	// A second sign-in gets a new token: the id is renewed at every login.
	again, _ := a.Login(ctx, "wang", pw, "10.0.0.1")
	if again.Token == sess.Token {
		t.Error("the session token was not renewed at sign-in")
	}
	if err := a.Logout(ctx, sess.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lookup(ctx, sess.Token); records.ErrorCode(err) != records.ENOTFOUND {
		t.Error("session survived logout")
	}
	entries, err := s.AuditLog(ctx, records.AuditQuery{Target: "user:wang"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "user.create,user.login,user.login,user.logout" {
		t.Errorf("audit actions %v", actions)
	}
}

func TestWrongPasswordAndUnknownUserAnswerAlike(t *testing.T) {
	ctx := context.Background()
	a, _, _ := open(t)
	a.Create(ctx, "cli:root", "wang", "", accounts.Staff, pw)
	_, e1 := a.Login(ctx, "wang", "错误的密码错误的密码", "10.0.0.1")
	_, e2 := a.Login(ctx, "nobody", pw, "10.0.0.2")
	if !accounts.IsBadLogin(e1) || !accounts.IsBadLogin(e2) || e1.Error() != e2.Error() {
		t.Errorf("wrong password %v, unknown user %v", e1, e2)
	}
}

func TestLoginThrottledPerAccountAndPerAddress(t *testing.T) {
	ctx := context.Background()
	a, _, c := open(t)
	a.Create(ctx, "cli:root", "wang", "", accounts.Staff, pw)
	a.Create(ctx, "cli:root", "zhao", "", accounts.Staff, pw)
	// Five failures on one account, from five addresses.
	for i := range 5 {
		a.Login(ctx, "wang", "wrong-password-x", "10.0.1."+string(rune('1'+i)))
	}
	_, err := a.Login(ctx, "wang", pw, "10.9.9.9")
	var th *accounts.ThrottledError
	if !errors.As(err, &th) || th.RetryAfter <= 0 || th.RetryAfter > 15*time.Minute {
		t.Fatalf("sixth try with the right password: %v", err)
	}
	// Another account is not affected.
	if _, err := a.Login(ctx, "zhao", pw, "10.9.9.9"); err != nil {
		t.Errorf("zhao throttled by wang's failures: %v", err)
	}
	// Once the window has passed, the right password works again.
	c.advance(16 * time.Minute)
	if _, err := a.Login(ctx, "wang", pw, "10.9.9.9"); err != nil {
		t.Errorf("after the window: %v", err)
	}
	// Five failures from one address, on five names, block that address.
	for i := range 5 {
		a.Login(ctx, "guess"+string(rune('a'+i)), "x-x-x-x-x-x", "10.6.6.6")
	}
	if _, err := a.Login(ctx, "zhao", pw, "10.6.6.6"); !errors.As(err, &th) {
		t.Errorf("address not throttled: %v", err)
	}
}

func TestSessionsExpireAndDisablingEndsThem(t *testing.T) {
	ctx := context.Background()
	a, _, c := open(t)
	a.Create(ctx, "cli:root", "wang", "", accounts.Staff, pw)
	s1, _ := a.Login(ctx, "wang", pw, "")
	c.advance(a.IdleTimeout + time.Minute)
	if _, err := a.Lookup(ctx, s1.Token); err == nil {
		t.Error("idle session still valid")
	}
	s2, _ := a.Login(ctx, "wang", pw, "")
	for range 13 { // active every hour, but past the 12-hour limit
		c.advance(time.Hour)
		a.Lookup(ctx, s2.Token)
	}
	if _, err := a.Lookup(ctx, s2.Token); err == nil {
		t.Error("session outlived its 12 hours")
	}
	s3, _ := a.Login(ctx, "wang", pw, "")
	if err := a.SetDisabled(ctx, "user:admin", "wang", true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Lookup(ctx, s3.Token); err == nil {
		t.Error("a disabled account's session still works")
	}
	if _, err := a.Login(ctx, "wang", pw, ""); !accounts.IsBadLogin(err) {
		t.Errorf("disabled account signed in: %v", err)
	}
	a.SetDisabled(ctx, "user:admin", "wang", false)
	if err := a.SetPassword(ctx, "user:admin", "wang", "新的密码新的密码-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Login(ctx, "wang", pw, ""); err == nil {
		t.Error("old password still works")
	}
	if _, err := a.Login(ctx, "wang", "新的密码新的密码-1", ""); err != nil {
		t.Errorf("new password: %v", err)
	}
}
