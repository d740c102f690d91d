package records

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"
)

// maxReasonLen bounds the reason of a retraction or visibility change.
const maxReasonLen = 2000

// Retract withdraws a record from the public surface (撤回): it stays, with
// who retracted it, when and why, for staff and auditors. It makes a new
// version and goes through the change feed, so the index follows. A reason
// is required.
func (s *Store) Retract(ctx context.Context, actor, id, reason string) (*Document, error) {
	return s.transition(ctx, actor, id, reason, ActionRetract, func(d *Document) error {
		if d.Retraction != nil {
			return Errorf(ECONFLICT, "文档 %q 已于 %s 撤回", id, d.Retraction.At.Format("2006-01-02"))
		}
		// UpdatedAt is already the time of the new version.
		d.Retraction = &Retraction{At: d.UpdatedAt, By: actor, Reason: strings.TrimSpace(reason)}
		return nil
	})
}

// Restore undoes a retraction (恢复): the record returns to the surface its
// visibility allows. A reason is required.
func (s *Store) Restore(ctx context.Context, actor, id, reason string) (*Document, error) {
	return s.transition(ctx, actor, id, reason, ActionRestore, func(d *Document) error {
		if d.Retraction == nil {
			return Errorf(ECONFLICT, "文档 %q 未被撤回", id)
		}
		d.Retraction = nil
		return nil
	})
}

// SetVisibility changes the visibility in force of a record, e.g.
// on_request → public once a request for it has been answered. A reason is
// required. Setting the visibility it already has writes nothing and
// returns the record as it is.
func (s *Store) SetVisibility(ctx context.Context, actor, id string, vis Visibility, reason string) (*Document, error) {
	v, err := ParseVisibility(string(vis))
	if err != nil {
		return nil, err
	}
	return s.transition(ctx, actor, id, reason, ActionVisibility, func(d *Document) error {
		if d.Visibility == v {
			return errNoChange
		}
		d.Visibility = v
		return nil
	})
}

// errNoChange tells transition that the change asked for is already so.
var errNoChange = Errorf(ECONFLICT, "没有变化")

// transition makes a new version of a record by applying change to its
// current state, with an audit entry that carries the reason.
func (s *Store) transition(ctx context.Context, actor, id, reason, action string,
	change func(d *Document) error) (*Document, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case strings.TrimSpace(actor) == "":
		return nil, Errorf(EINVALID, "缺少操作者（actor）")
	case reason == "":
		return nil, Errorf(EINVALID, "请说明理由")
	case utf8.RuneCountInString(reason) > maxReasonLen:
		return nil, Errorf(EINVALID, "理由过长（超过 %d 个字符）", maxReasonLen)
	}
	var out *Document
	err := s.WithTx(ctx, func(tx *Tx) error {
		old, err := getDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		next := *old
		next.Version = old.Version + 1
		next.UpdatedAt = tx.now
		if err := change(&next); err != nil {
			if errors.Is(err, errNoChange) {
				out = old
				return nil
			}
			return err
		}
		if _, err := writeState(ctx, tx, stateChange{old: old, new: &next, action: action, actor: actor, reason: reason}); err != nil {
			return err
		}
		out = &next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
