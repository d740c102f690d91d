package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/xxgk-archive/archive/records"
)

// Session is a signed-in account.
type Session struct {
	User User
	// Token is the secret the browser holds; it is known only when the
	// session is created (the database keeps its hash).
	Token string
	// CSRF is the token every form of this session must carry.
	CSRF      string
	ExpiresAt time.Time
}

// ThrottledError is returned while sign-in is refused after too many
// failures; RetryAfter says when it will be accepted again.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("登录失败次数过多，请 %d 分钟后再试", int(e.RetryAfter.Minutes())+1)
}

// errBadLogin is the one answer to a wrong name, a wrong password and a
// disabled account alike, so the form reveals nothing about which it was.
var errBadLogin = records.Errorf(records.EINVALID, "用户名或密码错误")

// IsBadLogin reports whether err is a rejected sign-in.
func IsBadLogin(err error) bool { return err == errBadLogin }

// Login checks a user name and password and opens a session. Failures count
// against both the account and the address; past the throttle, sign-in is
// refused (ThrottledError) even with the right password.
func (a *Accounts) Login(ctx context.Context, username, password, remote string) (*Session, error) {
	now := a.store.Now().UTC()
	keys := []string{"user:" + username, "addr:" + remote}
	for _, k := range keys {
		if wait, err := a.throttled(ctx, k, now); err != nil {
			return nil, err
		} else if wait > 0 {
			return nil, &ThrottledError{RetryAfter: wait}
		}
	}
	u, err := scanStored(a.store.QueryRowContext(ctx, selectUser+` WHERE username = ?`, username))
	if err != nil && records.ErrorCode(err) != records.ENOTFOUND {
		return nil, err
	}
	hash := dummyHash
	if u != nil {
		hash = u.hash
	}
	ok, stale, err := checkPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if u == nil || !ok || u.Disabled {
		if err := a.recordFailure(ctx, keys); err != nil {
			return nil, err
		}
		return nil, errBadLogin
	}
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	csrf, err := newToken()
	if err != nil {
		return nil, err
	}
	var newHash string
	if stale {
		if newHash, err = HashPassword(password); err != nil {
			return nil, err
		}
	}
	s := &Session{User: u.User, Token: token, CSRF: csrf}
	err = a.store.WithTx(ctx, func(tx *records.Tx) error {
		t := tx.Now()
		s.ExpiresAt = t.Add(a.SessionTTL)
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, remote)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash(token), u.ID, csrf, formatTime(t), formatTime(t), formatTime(s.ExpiresAt), remote); err != nil {
			return fmt.Errorf("accounts: open session: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, formatTime(t), u.ID); err != nil {
			return fmt.Errorf("accounts: note sign-in: %w", err)
		}
		if newHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, newHash, u.ID); err != nil {
				return fmt.Errorf("accounts: rehash: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, keys[0]); err != nil {
			return fmt.Errorf("accounts: clear failures: %w", err)
		}
		_, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: u.Actor(), Action: "user.login",
			Target: userTarget(u.Username), Detail: "登录，地址 " + remote})
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// throttled returns how long sign-in for key stays refused (0: allowed).
func (a *Accounts) throttled(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	since := formatTime(now.Add(-a.Throttle.Window))
	var n int
	var oldest sql.NullString
	err := a.store.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = ? AND at > ?`, key, since).Scan(&n, &oldest)
	if err != nil {
		return 0, fmt.Errorf("accounts: read failures: %w", err)
	}
	if n < a.Throttle.Max {
		return 0, nil
	}
	return max(time.Second, parseTime(oldest.String).Add(a.Throttle.Window).Sub(now)), nil
}

func (a *Accounts) recordFailure(ctx context.Context, keys []string) error {
	return a.store.WithTx(ctx, func(tx *records.Tx) error {
		now := tx.Now()
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES (?, ?)`, k, formatTime(now)); err != nil {
				return fmt.Errorf("accounts: record failure: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < ?`, formatTime(now.Add(-a.Throttle.Window)))
		return err
	})
}

// seenEvery is how often a session's last-seen time is written: often
// enough for the idle timeout, rarely enough not to write on every request.
const seenEvery = time.Minute

// Lookup returns the session a browser's token opens, or ENOTFOUND when it
// is unknown, expired, idle too long or its account is disabled.
func (a *Accounts) Lookup(ctx context.Context, token string) (*Session, error) {
	if token == "" {
		return nil, records.Errorf(records.ENOTFOUND, "未登录")
	}
	h := tokenHash(token)
	row := a.store.QueryRowContext(ctx, `SELECT s.csrf_token, s.last_seen_at, s.expires_at,
		u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled, u.created_at, u.last_login_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, h)
	var csrf, seen, expires string
	var u stored
	var role, created, last string
	err := row.Scan(&csrf, &seen, &expires, &u.ID, &u.Username, &u.DisplayName, &role, &u.hash, &u.Disabled, &created, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, records.Errorf(records.ENOTFOUND, "未登录或登录已过期")
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: read session: %w", err)
	}
	u.Role, u.CreatedAt, u.LastLoginAt = Role(role), parseTime(created), parseTime(last)
	now := a.store.Now().UTC()
	lastSeen := parseTime(seen)
	if u.Disabled || now.After(parseTime(expires)) || now.Sub(lastSeen) > a.IdleTimeout {
		a.end(ctx, h)
		return nil, records.Errorf(records.ENOTFOUND, "登录已过期，请重新登录")
	}
	if now.Sub(lastSeen) > seenEvery {
		if err := a.store.WithTx(ctx, func(tx *records.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, formatTime(now), h)
			return err
		}); err != nil {
			return nil, fmt.Errorf("accounts: touch session: %w", err)
		}
	}
	return &Session{User: u.User, CSRF: csrf, ExpiresAt: parseTime(expires)}, nil
}

// Logout ends the session of token.
func (a *Accounts) Logout(ctx context.Context, token string) error {
	s, err := a.Lookup(ctx, token)
	if err != nil {
		return nil // nothing to end
	}
	return a.store.WithTx(ctx, func(tx *records.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token)); err != nil {
			return fmt.Errorf("accounts: end session: %w", err)
		}
		_, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: s.User.Actor(), Action: "user.logout",
			Target: userTarget(s.User.Username), Detail: "退出登录"})
		return err
	})
}

// end deletes an expired session; a failure only leaves a dead row behind.
func (a *Accounts) end(ctx context.Context, h string) {
	a.store.WithTx(ctx, func(tx *records.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, h)
		return err
	})
}
