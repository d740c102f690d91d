// Package accounts keeps the archive's staff, auditor and administrator
// accounts and their sessions in the records database. Every change to an
// account is written with its audit entry in one transaction.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/records"
)

// Role is what an account may do.
type Role string

// The roles. The anonymous public has no account and no role.
const (
	Admin   Role = "admin"   // everything, including the desk's settings
	Staff   Role = "staff"   // sees every record, works the request desk, changes visibility
	Auditor Role = "auditor" // reads everything, including the audit log; changes nothing
)

// ParseRole accepts the English names and the Chinese ones.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "admin", "管理员":
		return Admin, nil
	case "staff", "工作人员":
		return Staff, nil
	case "auditor", "审计", "审计员":
		return Auditor, nil
	}
	return "", records.Errorf(records.EINVALID, "未知的角色 %q（可用 admin、staff、auditor）", s)
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "管理员"
	case Staff:
		return "工作人员"
	case Auditor:
		return "审计员"
	}
	return string(r)
}

// CanWrite reports whether the role may change records and requests.
func (r Role) CanWrite() bool { return r == Admin || r == Staff }

// User is one account.
type User struct {
	ID          int64
	Username    string
	DisplayName string
	Role        Role
	Disabled    bool
	CreatedAt   time.Time
	LastLoginAt time.Time
}

// Actor is how the user appears in the audit log.
func (u *User) Actor() string { return "user:" + u.Username }

// Name is the display name, or the user name when there is none.
func (u *User) Name() string {
	if u.DisplayName != "" {
		return u.DisplayName
	}
	return u.Username
}

// Accounts is the account store.
type Accounts struct {
	store *records.Store
	// Throttle limits failed sign-ins per account and per address.
	Throttle Throttle
	// SessionTTL is how long a session lasts at most; IdleTimeout ends one
	// unused for that long.
	SessionTTL  time.Duration
	IdleTimeout time.Duration
}

// Throttle is the failed sign-in limit: at most Max failures per key within
// Window; then sign-in is refused until the oldest failure leaves it.
type Throttle struct {
	Max    int
	Window time.Duration
}

// New returns the accounts kept in store.
func New(store *records.Store) *Accounts {
	return &Accounts{
		store:       store,
		Throttle:    Throttle{Max: 5, Window: 15 * time.Minute},
		SessionTTL:  12 * time.Hour,
		IdleTimeout: 2 * time.Hour,
	}
}

const timeFormat = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

// userTarget is the audit target of an account.
func userTarget(name string) string { return "user:" + name }

// userHash is the audited state of an account: never the password hash
// itself, only whether it changed (through a hash of it).
func userHash(name string, role Role, disabled bool, pwHash string) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("user\x00%s\x00%s\x00%t\x00%x", name, role, disabled, sha256.Sum256([]byte(pwHash)))))
	return hex.EncodeToString(sum[:])
}

func validUsername(name string) error {
	if name == "" || utf8.RuneCountInString(name) > 64 {
		return records.Errorf(records.EINVALID, "用户名应为 1 到 64 个字符")
	}
	for _, r := range name {
		if r <= ' ' || r == ':' || r == '/' || r == 0x7f {
			return records.Errorf(records.EINVALID, "用户名不能含空白、冒号或斜杠")
		}
	}
	return nil
}

func validPassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		return records.Errorf(records.EINVALID, "密码至少 %d 个字符", MinPasswordLen)
	}
	if len(pw) > 1024 {
		return records.Errorf(records.EINVALID, "密码过长")
	}
	return nil
}

// Create adds an account. actor is who does it (the command line's
// "cli:<os user>" for the first administrator).
func (a *Accounts) Create(ctx context.Context, actor, username, displayName string, role Role, password string) (*User, error) {
	username = strings.TrimSpace(username)
	if err := validUsername(username); err != nil {
		return nil, err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return nil, err
	}
	if err := validPassword(password); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = a.store.WithTx(ctx, func(tx *records.Tx) error {
		now := formatTime(tx.Now())
		res, err := tx.ExecContext(ctx, `INSERT INTO users (username, display_name, role, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING`, username, displayName, string(role), hash, now, now)
		if err != nil {
			return fmt.Errorf("accounts: create %s: %w", username, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return records.Errorf(records.ECONFLICT, "用户 %s 已存在", username)
		}
		id, _ := res.LastInsertId()
		u = &User{ID: id, Username: username, DisplayName: displayName, Role: role, CreatedAt: tx.Now()}
		_, err = records.AppendAudit(ctx, tx, records.AuditEntry{Actor: actor, Action: "user.create",
			Target: userTarget(username), AfterHash: userHash(username, role, false, hash),
			Detail: "角色：" + role.Label()})
		return err
	})
	return u, err
}

// SetPassword replaces an account's password and ends its sessions.
func (a *Accounts) SetPassword(ctx context.Context, actor, username, password string) error {
	if err := validPassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return a.update(ctx, actor, username, "user.password", "更改密码", func(tx *records.Tx, u *stored) error {
		u.hash = hash
		_, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, formatTime(tx.Now()), u.ID)
		return err
	})
}

// SetDisabled disables (or re-enables) an account; disabling ends its
// sessions at once.
func (a *Accounts) SetDisabled(ctx context.Context, actor, username string, disabled bool) error {
	action, detail := "user.enable", "启用账号"
	if disabled {
		action, detail = "user.disable", "停用账号"
	}
	return a.update(ctx, actor, username, action, detail, func(tx *records.Tx, u *stored) error {
		u.Disabled = disabled
		_, err := tx.ExecContext(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, formatTime(tx.Now()), u.ID)
		return err
	})
}

// stored is a user row with its password hash.
type stored struct {
	User
	hash string
}

// update changes one account inside a transaction, ends its sessions and
// writes the audit entry with the state before and after.
func (a *Accounts) update(ctx context.Context, actor, username, action, detail string, change func(*records.Tx, *stored) error) error {
	return a.store.WithTx(ctx, func(tx *records.Tx) error {
		u, err := scanStored(tx.QueryRowContext(ctx, selectUser+` WHERE username = ?`, username))
		if err != nil {
			return err
		}
		before := userHash(u.Username, u.Role, u.Disabled, u.hash)
		if err := change(tx, u); err != nil {
			return fmt.Errorf("accounts: %s %s: %w", action, username, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return fmt.Errorf("accounts: end sessions of %s: %w", username, err)
		}
		_, err = records.AppendAudit(ctx, tx, records.AuditEntry{Actor: actor, Action: action,
			Target: userTarget(username), BeforeHash: before,
			AfterHash: userHash(u.Username, u.Role, u.Disabled, u.hash), Detail: detail})
		return err
	})
}

const selectUser = `SELECT id, username, display_name, role, password_hash, disabled, created_at, last_login_at FROM users`

func scanStored(row interface{ Scan(...any) error }) (*stored, error) {
	var u stored
	var role, created, last string
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &role, &u.hash, &u.Disabled, &created, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, records.Errorf(records.ENOTFOUND, "没有这个用户")
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: read user: %w", err)
	}
	u.Role, u.CreatedAt, u.LastLoginAt = Role(role), parseTime(created), parseTime(last)
	return &u, nil
}

// Get returns the account with this user name.
func (a *Accounts) Get(ctx context.Context, username string) (*User, error) {
	u, err := scanStored(a.store.QueryRowContext(ctx, selectUser+` WHERE username = ?`, username))
	if err != nil {
		return nil, err
	}
	return &u.User, nil
}

// List returns every account, by user name.
func (a *Accounts) List(ctx context.Context) ([]User, error) {
	rows, err := a.store.QueryContext(ctx, selectUser+` ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("accounts: list: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanStored(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u.User)
	}
	return out, rows.Err()
}

// Count returns how many accounts exist.
func (a *Accounts) Count(ctx context.Context) (int, error) {
	var n int
	err := a.store.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// newToken returns 32 random bytes, URL-safe.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("accounts: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
