package records

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Kinds of link between records.
const (
	LinkAttachment    = "attachment"     // To is an attachment of From
	LinkNearDuplicate = "near_duplicate" // To is almost the same text as From
)

// Link relates two records.
type Link struct {
	From, To  string
	Kind      string
	CreatedAt time.Time
}

// linkHash is the canonical state hash of a link, for its audit entry.
func linkHash(l Link) string {
	return canonicalHash("xxgk-link/1", "from", l.From, "to", l.To, "kind", l.Kind)
}

// AddLinks records links on behalf of actor, each new one with its audit
// entry; links already recorded are left alone. It returns how many were
// new.
func (s *Store) AddLinks(ctx context.Context, actor string, links []Link) (int, error) {
	if strings.TrimSpace(actor) == "" {
		return 0, Errorf(EINVALID, "缺少操作者（actor）")
	}
	for _, l := range links {
		switch {
		case l.Kind != LinkAttachment && l.Kind != LinkNearDuplicate:
			return 0, Errorf(EINVALID, "未知的关联类型 %q（可用 attachment、near_duplicate）", l.Kind)
		case l.From == "" || l.To == "" || l.From == l.To:
			return 0, Errorf(EINVALID, "关联须连接两个不同的文档")
		}
	}
	added := 0
	err := s.WithTx(ctx, func(tx *Tx) error {
		for _, l := range links {
			res, err := tx.ExecContext(ctx, `INSERT INTO document_links (from_id, to_id, kind, created_at)
				VALUES (?, ?, ?, ?) ON CONFLICT (from_id, to_id, kind) DO NOTHING`, l.From, l.To, l.Kind, tx.nowText())
			if err != nil {
				return fmt.Errorf("records: add link %s→%s: %w", l.From, l.To, err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue
			}
			if _, err := AppendAudit(ctx, tx, AuditEntry{Actor: actor, Action: ActionLink,
				Target: "link:" + l.From + "→" + l.To, AfterHash: linkHash(l),
				Detail: detail(map[string]any{"kind": l.Kind})}); err != nil {
				return err
			}
			added++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// Links returns the links from and to a record, oldest first.
func (s *Store) Links(ctx context.Context, id string) ([]Link, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT from_id, to_id, kind, created_at FROM document_links
		WHERE from_id = ? OR to_id = ? ORDER BY created_at, from_id, to_id`, id, id)
	if err != nil {
		return nil, fmt.Errorf("records: links of %s: %w", id, err)
	}
	defer rows.Close()
	var out []Link
	for rows.Next() {
		var l Link
		var at string
		if err := rows.Scan(&l.From, &l.To, &l.Kind, &at); err != nil {
			return nil, fmt.Errorf("records: scan link: %w", err)
		}
		l.CreatedAt = parseTime(at)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: links of %s: %w", id, err)
	}
	return out, nil
}
