package indexer_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

func verifyAll(tb testing.TB, s *records.Store, x *indexer.Index) []records.Problem {
	tb.Helper()
	var ps []records.Problem
	report := func(p records.Problem) { ps = append(ps, p) }
	if _, err := s.Verify(context.Background(), report); err != nil {
		tb.Fatal(err)
	}
	if _, err := x.Verify(context.Background(), report); err != nil {
		tb.Fatal(err)
	}
	return ps
}

// TestVerifyIndex: the index must hold each record's current state once at
// its current version and each past version once, nothing else; a unit
// deleted from the index, one added to it, or a stale version is reported
// with the record it concerns.
func TestVerifyIndex(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (*records.Store, *indexer.Index) {
		dir := t.TempDir()
		s := mustStore(t, dir)
		put(t, s, 10, 0, "奖学金评审")
		put(t, s, 2, 0, "奖学金评审（修订）") // doc-0000 and doc-0001 get a second version
		if _, err := s.Retract(ctx, "李四", "doc-0002", "误发"); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "王五", "doc-0003"); err != nil {
			t.Fatal(err)
		}
		x, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), s, indexer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Close() })
		if _, err := x.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if ps := verifyAll(t, s, x); len(ps) != 0 {
			t.Fatalf("untouched archive: %v", ps)
		}
		return s, x
	}
	expect := func(t *testing.T, ps []records.Problem, target, needle string) {
		t.Helper()
		for _, p := range ps {
			if p.Kind == records.ProblemIndex && p.Target == target && strings.Contains(p.String(), needle) {
				return
			}
		}
		t.Errorf("no index problem %s %q among %v", target, needle, ps)
	}
	t.Run("Untouched", func(t *testing.T) {
		_, x := setup(t)
		st, err := x.Verify(ctx, func(p records.Problem) { t.Error(p) })
		// 9 current records, 2 past versions of updated ones, 1 of the
		// retracted one, 1 of the deleted one.
		if err != nil || st.Expected != 13 || st.Indexed != 13 {
			t.Errorf("stats = %+v, %v", st, err)
		}
	})
	t.Run("MissingFromIndex", func(t *testing.T) {
		s, x := setup(t)
		b := x.Bleve().NewBatch()
		b.Delete("doc-0005")
		b.Delete(indexer.VersionUnitID("doc-0001", 1))
		if err := x.Bleve().Batch(b); err != nil {
			t.Fatal(err)
		}
		ps := verifyAll(t, s, x)
		expect(t, ps, "document:doc-0005", "缺少")
		expect(t, ps, "document:doc-0001#v1", "缺少")
	})
	t.Run("ExtraInIndex", func(t *testing.T) {
		s, x := setup(t)
		if err := x.Bleve().Index("forged", map[string]any{"title_c": "伪造"}); err != nil {
			t.Fatal(err)
		}
		expect(t, verifyAll(t, s, x), "document:forged", "多余")
	})
	t.Run("DeletedRecordStillCurrentInIndex", func(t *testing.T) {
		// The index kept the current unit of a record deleted since: the
		// deletion never reached it.
		s, x := setup(t)
		if err := x.Bleve().Index("doc-0003", map[string]any{"ver": "1"}); err != nil {
			t.Fatal(err)
		}
		expect(t, verifyAll(t, s, x), "document:doc-0003", "多余")
	})
	t.Run("StaleVersion", func(t *testing.T) {
		s, x := setup(t)
		if _, err := s.Retract(ctx, "李四", "doc-0004", "误发"); err != nil {
			t.Fatal(err)
		}
		// Not synced: the index still has version 1 and has not applied
		// the latest change.
		ps := verifyAll(t, s, x)
		expect(t, ps, "document:doc-0004", "应为 第 2 版，实际 第 1 版")
		expect(t, ps, "index", "尚未应用全部变更")
	})
}
