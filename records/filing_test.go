package records_test

import (
	"context"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/records"
)

// filed returns the filing in force the change feed hands the index for id
// after seq, and the versions of those changes.
func filed(t *testing.T, s *records.Store, after int64, id string) (string, []int) {
	t.Helper()
	cs, err := s.Changes(context.Background(), after, 100, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	item, versions := "", []int(nil)
	for _, c := range cs {
		if c.DocID == id && c.Doc != nil {
			item = c.Doc.ChecklistItem
			versions = append(versions, c.Version)
		}
	}
	return item, versions
}

func TestChecklistFiling(t *testing.T) {
	ctx := context.Background()
	t.Run("DeclaredByManifest", func(t *testing.T) {
		s := MustOpen(t)
		in := notice("budget", "部门预算")
		in.Doc.ChecklistItem = "03-05"
		mustPut(t, s, in)
		f, err := s.Filing(ctx, "budget")
		if err != nil || f == nil || f.Item != "03-05" || f.Source != records.FiledByManifest || f.Declared != "03-05" {
			t.Fatalf("filing = %+v, %v", f, err)
		}
		if item, _ := filed(t, s, 0, "budget"); item != "03-05" {
			t.Errorf("feed carries %q, want 03-05", item)
		}
		// The same declaration again changes nothing, not even the feed.
		seq, _ := s.LastSeq(ctx)
		mustPut(t, s, in)
		if after, _ := s.LastSeq(ctx); after != seq {
			t.Errorf("re-ingesting the same declaration appended %d changes", after-seq)
		}
		// A record without a declaration is not filed.
		mustPut(t, s, notice("plain", "正文"))
		if f, _ := s.Filing(ctx, "plain"); f != nil {
			t.Errorf("undeclared record filed: %+v", f)
		}
	})
	t.Run("StaffOverridesAndIsAudited", func(t *testing.T) {
		s := MustOpen(t)
		in := notice("n", "通知")
		in.Doc.ChecklistItem = "03-05"
		mustPut(t, s, in)
		before, _ := s.Get(ctx, "n")
		seq, _ := s.LastSeq(ctx)
		f, err := s.FileChecklist(ctx, "user:clerk", "n", "06-02", "属于奖助学金事项")
		if err != nil {
			t.Fatal(err)
		}
		if f.Item != "06-02" || f.Source != records.FiledByStaff || f.Declared != "03-05" {
			t.Errorf("staff filing = %+v", f)
		}
		item, versions := filed(t, s, seq, "n")
		if item != "06-02" || len(versions) != 1 || versions[0] != 0 {
			t.Errorf("feed after staff filing: %q, versions %v (want 06-02, one change of version 0)", item, versions)
		}
		after, _ := s.Get(ctx, "n")
		if after.Version != before.Version || records.StateHash(after) != records.StateHash(before) {
			t.Error("a filing changed the record's state")
		}
		log, err := s.AuditLog(ctx, records.AuditQuery{Target: records.DocumentTarget("n")})
		if err != nil {
			t.Fatal(err)
		}
		last := log[len(log)-1]
		if last.Action != records.ActionChecklist || last.Actor != "user:clerk" || !strings.Contains(last.Detail, "属于奖助学金事项") {
			t.Errorf("audit entry = %+v", last)
		}
		// Re-ingesting the same declaration leaves the staff decision.
		mustPut(t, s, in)
		if f, _ := s.Filing(ctx, "n"); f.Item != "06-02" || f.Source != records.FiledByStaff {
			t.Errorf("re-ingest undid the staff filing: %+v", f)
		}
		// A new declaration from the source applies.
		in.Doc.ChecklistItem = "03-06"
		mustPut(t, s, in)
		if f, _ := s.Filing(ctx, "n"); f.Item != "03-06" || f.Source != records.FiledByManifest {
			t.Errorf("new declaration not applied: %+v", f)
		}
		// Staff say: no item at all; then withdraw, and the declaration is back.
		if f, err := s.FileChecklist(ctx, "user:clerk", "n", records.ChecklistNone, "不属于清单事项"); err != nil || f.Item != records.ChecklistNone {
			t.Errorf("none: %+v, %v", f, err)
		}
		if f, err := s.FileChecklist(ctx, "user:clerk", "n", "", "撤销"); err != nil || f.Item != "03-06" || f.Source != records.FiledByManifest {
			t.Errorf("withdrawn: %+v, %v", f, err)
		}
		// The audit chain, the records and the feed still verify.
		if ps := verify(t, s); len(ps) != 0 {
			t.Errorf("verify: %v", ps)
		}
	})
	t.Run("WithdrawnDeclarationLeavesStaff", func(t *testing.T) {
		s := MustOpen(t)
		in := notice("w", "通知")
		in.Doc.ChecklistItem = "03-05"
		mustPut(t, s, in)
		in.Doc.ChecklistItem = ""
		mustPut(t, s, in)
		if f, _ := s.Filing(ctx, "w"); f.Source != "" || f.Item != "" {
			t.Errorf("withdrawn declaration still in force: %+v", f)
		}
		if item, _ := filed(t, s, 0, "w"); item != "" {
			t.Errorf("feed carries %q after the declaration was withdrawn", item)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		s := MustOpen(t)
		mustPut(t, s, notice("e", "通知"))
		for _, c := range []struct{ id, item, reason, code string }{
			{"missing", "01-06", "理由", records.ENOTFOUND},
			{"e", "01-06", " ", records.EINVALID},
			{"e", "01 06", "理由", records.EINVALID},
		} {
			if _, err := s.FileChecklist(ctx, "user:clerk", c.id, c.item, c.reason); records.ErrorCode(err) != c.code {
				t.Errorf("FileChecklist(%q, %q, %q): %v, want %s", c.id, c.item, c.reason, err, c.code)
			}
		}
	})
}
