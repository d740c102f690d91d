package records

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Version is one state a record has been in. Every write of a record (a
// changed source, a retraction, a visibility decision, a deletion) makes a
// new version; versions are never changed or removed. A version is in force
// from ValidFrom until the next version's ValidFrom.
type Version struct {
	// Doc is the record as it was. Doc.Version is the version number and
	// Doc.UpdatedAt equals ValidFrom. A deletion's Doc has only ID and
	// Version.
	Doc Document
	// Action made this version: insert, update, retract, restore,
	// visibility, delete, adopt (a record older than version tracking).
	Action    string
	Actor     string
	Reason    string // the reason given for a retraction or a visibility change
	ValidFrom time.Time
	ValidTo   time.Time // zero while the version is in force
	AuditSeq  int64     // the audit entry written with it
}

// Version actions (Version.Action).
const (
	VersionInsert     = "insert"
	VersionUpdate     = "update"
	VersionRetract    = "retract"
	VersionRestore    = "restore"
	VersionVisibility = "visibility"
	VersionDelete     = "delete"
	VersionAdopt      = "adopt"
)

// Deleted reports whether this version is a deletion marker.
func (v *Version) Deleted() bool { return v.Action == VersionDelete }

// Current reports whether this version is the record's state now.
func (v *Version) Current() bool { return v.ValidTo.IsZero() && !v.Deleted() }

// ActionLabel is the Chinese name of the action.
func (v *Version) ActionLabel() string {
	switch v.Action {
	case VersionInsert:
		return "收录"
	case VersionUpdate:
		return "来源更新"
	case VersionRetract:
		return "撤回"
	case VersionRestore:
		return "恢复"
	case VersionVisibility:
		return "公开属性变更"
	case VersionDelete:
		return "删除"
	case VersionAdopt:
		return "建档"
	}
	return v.Action
}

// VersionKey names one version of one record.
type VersionKey struct {
	ID      string
	Version int
}

// versionColumns are the columns scanVersion reads; without body the body
// column reads as "" (listing a history need not load every text).
func versionColumns(withBody bool) string {
	cols := columnsOf("v", true, false)
	if !withBody {
		cols = strings.Replace(cols, "v.body", "'' AS body", 1)
	}
	return cols + `, v.action, v.actor, v.reason, v.audit_seq`
}

// versionSelect selects versionColumns from versions v.
func versionSelect(withBody bool) string {
	return `SELECT ` + versionColumns(withBody) + ` FROM versions v`
}

func scanVersion(row scanner) (*Version, error) {
	var v Version
	doc, finish := docDest()
	if err := row.Scan(append(doc, &v.Action, &v.Actor, &v.Reason, &v.AuditSeq)...); err != nil {
		return nil, err
	}
	v.Doc = *finish()
	v.ValidFrom = v.Doc.UpdatedAt
	return &v, nil
}

// History returns every version of a record, oldest first, without their
// text (Doc.Body is empty; Version reads one whole). It includes the
// versions of a deleted record: auditors can still see what it was.
func (s *Store) History(ctx context.Context, id string) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, versionSelect(false)+` WHERE v.doc_id = ? ORDER BY v.version`, id)
	if err != nil {
		return nil, fmt.Errorf("records: history of %s: %w", id, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("records: scan version: %w", err)
		}
		if n := len(out); n > 0 {
			out[n-1].ValidTo = v.ValidFrom
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: history of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, Errorf(ENOTFOUND, "文档 %q 没有任何版本", id)
	}
	return out, nil
}

// Version returns version n of a record, with its text.
func (s *Store) Version(ctx context.Context, id string, n int) (*Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, versionSelect(true)+` WHERE v.doc_id = ? AND v.version = ?`, id, n))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, Errorf(ENOTFOUND, "文档 %q 没有第 %d 版", id, n)
	}
	if err != nil {
		return nil, fmt.Errorf("records: version %d of %s: %w", n, id, err)
	}
	if err := s.fillValidTo(ctx, v); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Store) fillValidTo(ctx context.Context, v *Version) error {
	var next string
	err := s.db.QueryRowContext(ctx, `SELECT valid_from FROM versions WHERE doc_id = ? AND version > ?
		ORDER BY version LIMIT 1`, v.Doc.ID, v.Doc.Version).Scan(&next)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("records: end of version %d of %s: %w", v.Doc.Version, v.Doc.ID, err)
	}
	v.ValidTo = parseTime(next)
	return nil
}

// AsOf returns the version of a record in force at t: the last one that
// came into force at or before t. It is ENOTFOUND when the record did not
// exist then (not yet received, or deleted).
func (s *Store) AsOf(ctx context.Context, id string, t time.Time) (*Version, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, versionSelect(true)+` WHERE v.doc_id = ? AND v.valid_from <= ?
		ORDER BY v.version DESC LIMIT 1`, id, formatTime(t)))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && v.Deleted()) {
		return nil, Errorf(ENOTFOUND, "文档 %q 在 %s 时不存在", id, t.Format("2006-01-02"))
	}
	if err != nil {
		return nil, fmt.Errorf("records: %s as of %s: %w", id, t, err)
	}
	if err := s.fillValidTo(ctx, v); err != nil {
		return nil, err
	}
	return v, nil
}

// GetVersions returns the record snapshots of the given versions, with
// their text; missing ones are absent from the map. Versions never change,
// so callers may cache them for good.
func (s *Store) GetVersions(ctx context.Context, keys []VersionKey) (map[VersionKey]*Document, error) {
	return s.getVersions(ctx, keys, true)
}

// VersionMetadata is GetVersions without the text: Body is left empty.
func (s *Store) VersionMetadata(ctx context.Context, keys []VersionKey) (map[VersionKey]*Document, error) {
	return s.getVersions(ctx, keys, false)
}

func (s *Store) getVersions(ctx context.Context, keys []VersionKey, withBody bool) (map[VersionKey]*Document, error) {
	out := make(map[VersionKey]*Document, len(keys))
	const chunk = 400
	for start := 0; start < len(keys); start += chunk {
		part := keys[start:min(start+chunk, len(keys))]
		args := make([]any, 0, 2*len(part))
		for _, k := range part {
			args = append(args, k.ID, k.Version)
		}
		rows, err := s.db.QueryContext(ctx, versionSelect(withBody)+` WHERE (v.doc_id, v.version) IN (VALUES (?, ?)`+
			strings.Repeat(", (?, ?)", len(part)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("records: get versions: %w", err)
		}
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("records: scan version: %w", err)
			}
			if !v.Deleted() {
				d := v.Doc
				out[VersionKey{d.ID, d.Version}] = &d
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("records: get versions: %w", err)
		}
	}
	return out, nil
}

// ScanHistories calls fn with the versions of every record that has any
// (deleted ones included), one record at a time in id order, oldest
// version first, without their text. It reads in pages.
func (s *Store) ScanHistories(ctx context.Context, fn func(id string, versions []Version) error) error {
	afterID, afterVersion := "", 0
	var id string
	var cur []Version
	for {
		rows, err := s.db.QueryContext(ctx, versionSelect(false)+` WHERE (v.doc_id, v.version) > (?, ?)
			ORDER BY v.doc_id, v.version LIMIT 1000`, afterID, afterVersion)
		if err != nil {
			return fmt.Errorf("records: scan versions: %w", err)
		}
		var page []*Version
		for rows.Next() {
			v, err := scanVersion(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("records: scan version: %w", err)
			}
			page = append(page, v)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("records: scan versions: %w", err)
		}
		for _, v := range page {
			if v.Doc.ID != id && len(cur) > 0 {
				if err := fn(id, cur); err != nil {
					return err
				}
				cur = nil
			}
			id = v.Doc.ID
			if n := len(cur); n > 0 {
				cur[n-1].ValidTo = v.ValidFrom
			}
			cur = append(cur, *v)
		}
		if len(page) == 0 {
			if len(cur) > 0 {
				return fn(id, cur)
			}
			return nil
		}
		last := page[len(page)-1]
		afterID, afterVersion = last.Doc.ID, last.Doc.Version
	}
}

// Source is one place a record was received from.
type Source struct {
	Source  string
	SHA256  string
	AddedAt time.Time
}

// Sources lists the sources of a record, first received first.
func (s *Store) Sources(ctx context.Context, id string) ([]Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, sha256, added_at FROM document_sources
		WHERE doc_id = ? ORDER BY added_at, source`, id)
	if err != nil {
		return nil, fmt.Errorf("records: sources of %s: %w", id, err)
	}
	defer rows.Close()
	var out []Source
	for rows.Next() {
		var src Source
		var at string
		if err := rows.Scan(&src.Source, &src.SHA256, &at); err != nil {
			return nil, fmt.Errorf("records: scan source: %w", err)
		}
		src.AddedAt = parseTime(at)
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("records: sources of %s: %w", id, err)
	}
	return out, nil
}
