package search

import (
	"context"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/textdiff"
)

// History returns the versions of a record that audience a may see, oldest
// first, without their text. Staff see every version, with who made it and
// why. The public sees a history only of a record it may see now
// (Document), and only the versions that were public while in force, without
// the names of staff or their reasons; anything else is ENOTFOUND, exactly
// like a missing record.
func (e *Engine) History(ctx context.Context, id string, a Audience) ([]records.Version, error) {
	if a != Staff {
		if _, err := e.Document(ctx, id, a); err != nil {
			return nil, err
		}
	}
	vs, err := e.store.History(ctx, id)
	if err != nil {
		if records.ErrorCode(err) == records.ENOTFOUND {
			return nil, records.Errorf(records.ENOTFOUND, "没有编号为 %q 的文档", id)
		}
		return nil, err
	}
	if a == Staff {
		return vs, nil
	}
	out := vs[:0]
	for _, v := range vs {
		if v.Deleted() || !v.Doc.IsPublic() {
			continue
		}
		v.Actor, v.Reason = "", ""
		out = append(out, v)
	}
	return out, nil
}

// DocumentVersion returns version n of a record, with its text, as audience
// a may see it (the permalink /documents/{id}/v/{n}): for the public, only
// a version that was public while in force of a record the public may see
// now; otherwise ENOTFOUND.
func (e *Engine) DocumentVersion(ctx context.Context, id string, n int, a Audience) (*records.Version, error) {
	notFound := records.Errorf(records.ENOTFOUND, "没有编号为 %q 的文档的第 %d 版", id, n)
	if a != Staff {
		if _, err := e.Document(ctx, id, a); err != nil {
			return nil, notFound
		}
	}
	v, err := e.store.Version(ctx, id, n)
	if err != nil {
		if records.ErrorCode(err) == records.ENOTFOUND {
			return nil, notFound
		}
		return nil, err
	}
	if a != Staff {
		if v.Deleted() || !v.Doc.IsPublic() {
			return nil, notFound
		}
		v.Actor, v.Reason = "", ""
	}
	return v, nil
}

// Diff compares the text of two versions of a record that audience a may
// both see (see DocumentVersion): line by line, then changed lines by
// character. The title's change is in Title (nil when it did not change).
func (e *Engine) Diff(ctx context.Context, id string, from, to int, a Audience) (*VersionDiff, error) {
	va, err := e.DocumentVersion(ctx, id, from, a)
	if err != nil {
		return nil, err
	}
	vb, err := e.DocumentVersion(ctx, id, to, a)
	if err != nil {
		return nil, err
	}
	d := &VersionDiff{From: va, To: vb, Body: textdiff.Compare(va.Doc.Body, vb.Doc.Body, textdiff.Options{})}
	if va.Doc.Title != vb.Doc.Title {
		d.Title = textdiff.Runes(va.Doc.Title, vb.Doc.Title)
	}
	return d, nil
}

// VersionDiff is the comparison of two versions of a record.
type VersionDiff struct {
	From, To *records.Version
	Title    []textdiff.Span // nil when the title is the same
	Body     *textdiff.Diff
}
