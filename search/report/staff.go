package report

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xxgk-archive/archive/records"
)

// The parts of a report staff write, kept with the period's figures in the
// records database (report_narratives, report_cases) and audited on the
// period's target (report:2024-2025).

// Audit actions of the staff-entered parts.
const (
	ActionNarrative = "report.narrative"
	ActionCases     = "report.cases"
)

// Narrative is the report's text: 概述 (Overview) and 主要问题和改进措施
// (Problems), written by staff for the period.
type Narrative struct {
	Overview  string `json:"overview"`
	Problems  string `json:"problems"`
	UpdatedBy string `json:"updated_by,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// MaxNarrative bounds each part of the narrative, in characters.
const MaxNarrative = 20000

// CaseKind is a kind of case about disclosure that staff count.
type CaseKind struct {
	Kind  string
	Label string
}

// CaseKinds are the kinds of case the report counts, in report order.
var CaseKinds = []CaseKind{
	{"complaint", "举报/投诉"},
	{"review", "行政复议"},
	{"litigation", "行政诉讼"},
}

// CaseLabel returns the Chinese name of a kind of case ("" if unknown).
func CaseLabel(kind string) string {
	for _, k := range CaseKinds {
		if k.Kind == kind {
			return k.Label
		}
	}
	return ""
}

// Cases are the cases of one kind in the period, by result: upheld (结果
// 维持; for a complaint: not upheld against the school), corrected (结果纠
// 正), other (其他结果) and pending (尚未审结). Recorded is false until
// staff have entered the figures: the report then says 未录入 rather than
// zero.
type Cases struct {
	Kind      string `json:"kind"`
	Label     string `json:"label"`
	Recorded  bool   `json:"recorded"`
	Upheld    int    `json:"upheld"`
	Corrected int    `json:"corrected"`
	Other     int    `json:"other"`
	Pending   int    `json:"pending"`
	Total     int    `json:"total"`
	Note      string `json:"note,omitempty"`
	UpdatedBy string `json:"updated_by,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

// timeFormat is how times are stored, as the records package does.
const timeFormat = "2006-01-02T15:04:05.000000Z"

func calendarFlag(p Period) int {
	if p.IsCalendar() {
		return 1
	}
	return 0
}

func (g *Generator) narrative(ctx context.Context, p Period) (Narrative, error) {
	n, err := readNarrative(ctx, g.store, p)
	if err != nil || n == nil {
		return Narrative{}, err
	}
	return *n, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readNarrative(ctx context.Context, q queryer, p Period) (*Narrative, error) {
	var n Narrative
	var at string
	err := q.QueryRowContext(ctx, `SELECT overview, problems, updated_by, updated_at FROM report_narratives
		WHERE year = ? AND calendar = ?`, p.Year, calendarFlag(p)).Scan(&n.Overview, &n.Problems, &n.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: read narrative of %s: %w", p.Label, err)
	}
	n.UpdatedAt = storedTime(at)
	return &n, nil
}

// storedTime turns a stored time into RFC 3339.
func storedTime(s string) string {
	t, err := time.Parse(timeFormat, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

// checkText trims a staff-entered text and checks its length and content.
func checkText(label, s string, max int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(s):
		return "", records.Errorf(records.EINVALID, "%s不是有效的文字", label)
	case utf8.RuneCountInString(s) > max:
		return "", records.Errorf(records.EINVALID, "%s过长（不超过 %d 字）", label, max)
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }):
		return "", records.Errorf(records.EINVALID, "%s含有控制字符", label)
	}
	return s, nil
}

// SaveNarrative stores the period's narrative on behalf of actor, with its
// audit entry. Saving the same text again changes nothing.
func (g *Generator) SaveNarrative(ctx context.Context, actor string, p Period, overview, problems string) error {
	if strings.TrimSpace(actor) == "" {
		return records.Errorf(records.EINVALID, "缺少操作者（actor）")
	}
	var err error
	if overview, err = checkText("概述", overview, MaxNarrative); err != nil {
		return err
	}
	if problems, err = checkText("主要问题和改进措施", problems, MaxNarrative); err != nil {
		return err
	}
	return g.store.WithTx(ctx, func(tx *records.Tx) error {
		old, err := readNarrative(ctx, tx, p)
		if err != nil {
			return err
		}
		if old != nil && old.Overview == overview && old.Problems == problems {
			return nil
		}
		next := Narrative{Overview: overview, Problems: problems}
		if _, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: actor, Action: ActionNarrative,
			Target: p.Target(), BeforeHash: narrativeHash(p, old), AfterHash: narrativeHash(p, &next),
			Detail: auditDetail(map[string]any{"period": p.Label, "overview_chars": utf8.RuneCountInString(overview),
				"problems_chars": utf8.RuneCountInString(problems)})}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_narratives (year, calendar, overview, problems, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year, calendar) DO UPDATE SET overview = excluded.overview,
			problems = excluded.problems, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.Year, calendarFlag(p), overview, problems, actor, tx.Now().UTC().Format(timeFormat)); err != nil {
			return fmt.Errorf("report: save narrative of %s: %w", p.Label, err)
		}
		return nil
	})
}

func (g *Generator) cases(ctx context.Context, p Period) ([]Cases, error) {
	out := make([]Cases, 0, len(CaseKinds))
	for _, k := range CaseKinds {
		c, err := readCases(ctx, g.store, p, k.Kind)
		if err != nil {
			return nil, err
		}
		if c == nil {
			c = &Cases{Kind: k.Kind, Label: k.Label}
		}
		out = append(out, *c)
	}
	return out, nil
}

func readCases(ctx context.Context, q queryer, p Period, kind string) (*Cases, error) {
	c := Cases{Kind: kind, Label: CaseLabel(kind), Recorded: true}
	var at string
	err := q.QueryRowContext(ctx, `SELECT upheld, corrected, other, pending, note, updated_by, updated_at
		FROM report_cases WHERE year = ? AND calendar = ? AND kind = ?`, p.Year, calendarFlag(p), kind).
		Scan(&c.Upheld, &c.Corrected, &c.Other, &c.Pending, &c.Note, &c.UpdatedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("report: read %s cases of %s: %w", kind, p.Label, err)
	}
	c.Total = c.Upheld + c.Corrected + c.Other + c.Pending
	c.UpdatedAt = storedTime(at)
	return &c, nil
}

// MaxCases bounds each count of cases.
const MaxCases = 100000

// SaveCases stores the period's cases of c.Kind on behalf of actor, with
// its audit entry. Saving the same figures again changes nothing.
func (g *Generator) SaveCases(ctx context.Context, actor string, p Period, c Cases) error {
	if strings.TrimSpace(actor) == "" {
		return records.Errorf(records.EINVALID, "缺少操作者（actor）")
	}
	label := CaseLabel(c.Kind)
	if label == "" {
		return records.Errorf(records.EINVALID, "未知的案件类型 %q（可用 complaint、review、litigation）", c.Kind)
	}
	for _, n := range []int{c.Upheld, c.Corrected, c.Other, c.Pending} {
		if n < 0 || n > MaxCases {
			return records.Errorf(records.EINVALID, "%s的件数应在 0 到 %d 之间", label, MaxCases)
		}
	}
	note, err := checkText(label+"说明", c.Note, 2000)
	if err != nil {
		return err
	}
	c.Note, c.Label, c.Recorded = note, label, true
	c.Total = c.Upheld + c.Corrected + c.Other + c.Pending
	return g.store.WithTx(ctx, func(tx *records.Tx) error {
		old, err := readCases(ctx, tx, p, c.Kind)
		if err != nil {
			return err
		}
		if old != nil && casesHash(p, old) == casesHash(p, &c) {
			return nil
		}
		if _, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: actor, Action: ActionCases,
			Target: p.Target(), BeforeHash: casesHash(p, old), AfterHash: casesHash(p, &c),
			Detail: auditDetail(map[string]any{"period": p.Label, "kind": c.Kind, "upheld": c.Upheld,
				"corrected": c.Corrected, "other": c.Other, "pending": c.Pending})}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_cases (year, calendar, kind, upheld, corrected, other, pending,
			note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (year, calendar, kind) DO UPDATE SET upheld = excluded.upheld, corrected = excluded.corrected,
			other = excluded.other, pending = excluded.pending, note = excluded.note,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.Year, calendarFlag(p), c.Kind, c.Upheld, c.Corrected, c.Other, c.Pending, c.Note, actor,
			tx.Now().UTC().Format(timeFormat)); err != nil {
			return fmt.Errorf("report: save %s cases of %s: %w", c.Kind, p.Label, err)
		}
		return nil
	})
}

// narrativeHash and casesHash are the audited states: SHA-256 of
// canonical(tag, name, value…) as records.StateHash encodes a record
// (name, space, length in bytes, colon, value, newline); "" for none.
func narrativeHash(p Period, n *Narrative) string {
	if n == nil {
		return ""
	}
	return canonicalHash("xxgk-report-narrative/1", "period", p.Key(), "kind", p.Kind,
		"overview", n.Overview, "problems", n.Problems)
}

func casesHash(p Period, c *Cases) string {
	if c == nil {
		return ""
	}
	return canonicalHash("xxgk-report-cases/1", "period", p.Key(), "kind", p.Kind, "case", c.Kind,
		"upheld", strconv.Itoa(c.Upheld), "corrected", strconv.Itoa(c.Corrected),
		"other", strconv.Itoa(c.Other), "pending", strconv.Itoa(c.Pending), "note", c.Note)
}

func canonicalHash(tag string, kv ...string) string {
	h := sha256.New()
	h.Write([]byte(tag + "\n"))
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(h, "%s %d:%s\n", kv[i], len(kv[i+1]), kv[i+1])
	}
	return hex.EncodeToString(h.Sum(nil))
}

func auditDetail(fields map[string]any) string {
	b, err := json.Marshal(fields)
	if err != nil {
		return fmt.Sprint(fields)
	}
	return string(b)
}
