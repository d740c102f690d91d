package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// A record's filing under an item of the MoE checklist (清单事项, package
// records/checklist) is kept beside the record, in checklist_filings: it is
// not part of the record's state (no new version, no change of its state
// hash), but every change of it is audited on the record's target and goes
// through the change feed, so the index (which files the record by rule when
// nothing explicit is in force) follows. The records package stores codes;
// records/checklist knows what they mean.

// ActionChecklist is the audit action of a change of a record's filing.
const ActionChecklist = "document.checklist"

// ChecklistNone is the filing of a record staff decided belongs to no
// checklist item: the rules do not file it either.
const ChecklistNone = "-"

// Who made a filing.
const (
	FiledByManifest = "manifest" // the source declared it (manifest field checklist_item)
	FiledByStaff    = "staff"
)

// Filing is a record's explicit filing under a checklist item.
type Filing struct {
	DocID string
	// Item is the filing in force: an item code, ChecklistNone, or ""
	// when nothing explicit is in force (the rules decide).
	Item string
	// Source is who decided Item: FiledByManifest, FiledByStaff, or "".
	Source string
	// Declared is what the record's source declared last ("" for none). A
	// staff decision stays until the source declares something new.
	Declared string
	Actor    string
	Reason   string
	At       time.Time
	AuditSeq int64
}

// Explicit reports whether something explicit is in force.
func (f *Filing) Explicit() bool { return f != nil && f.Source != "" }

const filingColumns = `doc_id, item, source, declared, actor, reason, filed_at, audit_seq`

func scanFiling(row scanner) (*Filing, error) {
	var f Filing
	var at string
	if err := row.Scan(&f.DocID, &f.Item, &f.Source, &f.Declared, &f.Actor, &f.Reason, &at, &f.AuditSeq); err != nil {
		return nil, err
	}
	f.At = parseTime(at)
	return &f, nil
}

// getFiling returns the filing row of id, or nil when it has none.
func getFiling(ctx context.Context, q queryer, id string) (*Filing, error) {
	f, err := scanFiling(q.QueryRowContext(ctx, `SELECT `+filingColumns+` FROM checklist_filings WHERE doc_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("records: read checklist filing of %s: %w", id, err)
	}
	return f, nil
}

// Filing returns the explicit filing of the record id (nil when it has
// never had one). It does not check that the record exists.
func (s *Store) Filing(ctx context.Context, id string) (*Filing, error) {
	return getFiling(ctx, s.db, id)
}

// Filings returns the filings of the records among ids that have one.
func (s *Store) Filings(ctx context.Context, ids []string) (map[string]*Filing, error) {
	out := map[string]*Filing{}
	err := s.inChunks(ctx, ids, `SELECT `+filingColumns+` FROM checklist_filings WHERE doc_id IN `, func(rows *sql.Rows) error {
		f, err := scanFiling(rows)
		if err != nil {
			return err
		}
		out[f.DocID] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("records: read checklist filings: %w", err)
	}
	return out, nil
}

// FileChecklist files the record id under item on behalf of a staff actor,
// with a reason: item is an item code (the caller checks it against the
// checklist), ChecklistNone for "no item", or "" to withdraw the staff
// decision (the source's declaration, if any, or else the rules apply
// again). The change is audited and goes through the change feed. Filing
// a record as it already is changes nothing.
func (s *Store) FileChecklist(ctx context.Context, actor, id, item, reason string) (*Filing, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case strings.TrimSpace(actor) == "":
		return nil, Errorf(EINVALID, "缺少操作者（actor）")
	case reason == "":
		return nil, Errorf(EINVALID, "请填写理由：清单事项的调整要记录理由")
	case utf8.RuneCountInString(reason) > 500:
		return nil, Errorf(EINVALID, "理由过长（最多 500 字）")
	case utf8.RuneCountInString(item) > 20 || strings.ContainsFunc(item, func(r rune) bool { return r <= ' ' }):
		return nil, Errorf(EINVALID, "清单事项编号 %q 不对", item)
	}
	var out *Filing
	err := s.WithTx(ctx, func(tx *Tx) error {
		d, err := getDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		old, err := getFiling(ctx, tx, id)
		if err != nil {
			return err
		}
		next := Filing{DocID: id, Actor: actor, Reason: reason}
		if old != nil {
			next.Declared = old.Declared
		}
		switch {
		case item != "":
			next.Item, next.Source = item, FiledByStaff
		case next.Declared != "":
			next.Item, next.Source = next.Declared, FiledByManifest
		}
		if old != nil && old.Item == next.Item && old.Source == next.Source {
			out = old
			return nil
		}
		if old == nil && next.Source == "" {
			out = &next // nothing was filed and nothing is
			return nil
		}
		out, err = writeFiling(ctx, tx, d, old, next)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// fileDeclared applies what the source of d declared (the manifest field
// checklist_item; "" for none) when it differs from what it declared last:
// a new declaration is in force, over a staff decision too; a withdrawn one
// leaves the rules to decide, unless staff decided. d is the record as
// stored.
func fileDeclared(ctx context.Context, tx *Tx, actor string, d *Document, declared string) error {
	old, err := getFiling(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	if (old == nil && declared == "") || (old != nil && old.Declared == declared) {
		return nil
	}
	next := Filing{DocID: d.ID, Declared: declared, Actor: actor}
	switch {
	case declared != "":
		next.Item, next.Source = declared, FiledByManifest
	case old != nil && old.Source == FiledByStaff:
		next.Item, next.Source, next.Reason = old.Item, old.Source, old.Reason
	}
	_, err = writeFiling(ctx, tx, d, old, next)
	return err
}

// writeFiling stores next, with its audit entry on the record's target
// (the record's state is unchanged: before and after hash are its state
// hash) and, when the filing in force changed, a change-feed row. The row
// carries version 0: the record has no new version, and the feed then
// closes no version (see Change).
func writeFiling(ctx context.Context, tx *Tx, d *Document, old *Filing, next Filing) (*Filing, error) {
	fields := map[string]any{"item": next.Item, "source": next.Source, "declared": next.Declared}
	if old != nil {
		fields["previous"] = old.Item
	}
	if next.Reason != "" {
		fields["reason"] = next.Reason
	}
	h := StateHash(d)
	e, err := AppendAudit(ctx, tx, AuditEntry{Actor: next.Actor, Action: ActionChecklist,
		Target: DocumentTarget(d.ID), BeforeHash: h, AfterHash: h, Detail: detail(fields)})
	if err != nil {
		return nil, err
	}
	next.At, next.AuditSeq = tx.now, e.Seq
	if _, err := tx.ExecContext(ctx, `INSERT INTO checklist_filings (`+filingColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (doc_id) DO UPDATE SET item = excluded.item, source = excluded.source,
		declared = excluded.declared, actor = excluded.actor, reason = excluded.reason,
		filed_at = excluded.filed_at, audit_seq = excluded.audit_seq`,
		next.DocID, next.Item, next.Source, next.Declared, next.Actor, next.Reason, tx.nowText(), e.Seq); err != nil {
		return nil, fmt.Errorf("records: write checklist filing of %s: %w", d.ID, err)
	}
	if old == nil || old.Item != next.Item {
		if _, err := tx.ExecContext(ctx, `INSERT INTO changes (doc_id, op, version, at, audit_seq) VALUES (?, 'put', 0, ?, ?)`,
			d.ID, tx.nowText(), e.Seq); err != nil {
			return nil, fmt.Errorf("records: append change for %s: %w", d.ID, err)
		}
	}
	return &next, nil
}
