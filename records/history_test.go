package records_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/records"
)

// openIn opens a store in dir with a fixed clock that ticks a second per
// reading.
func openIn(tb testing.TB, dir string) *records.Store {
	tb.Helper()
	s, err := records.Open(context.Background(), dir)
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2025, 9, 26, 8, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { now = now.Add(time.Second); return now }
	tb.Cleanup(func() { s.Close() })
	return s
}

// rawDB opens the records database beside the store, as someone with file
// access (and no business changing it) would.
func rawDB(tb testing.TB, dir string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "records.db")+"?_pragma=busy_timeout(5000)")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func verify(tb testing.TB, s *records.Store) []records.Problem {
	tb.Helper()
	var ps []records.Problem
	if _, err := s.Verify(context.Background(), func(p records.Problem) { ps = append(ps, p) }); err != nil {
		tb.Fatal(err)
	}
	return ps
}

func TestVersionsAndHistory(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	mustPut(t, s, notice("a", "第一稿。"))
	mustPut(t, s, notice("a", "第二稿。"))
	if _, err := s.SetVisibility(ctx, "张三", "a", records.OnRequest, "含个人信息，待核"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Retract(ctx, "李四", "a", "发布有误"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Restore(ctx, "李四", "a", "已更正")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 5 || d.Retraction != nil || d.Visibility != records.OnRequest {
		t.Fatalf("after restore: version %d, retraction %v, visibility %s", d.Version, d.Retraction, d.Visibility)
	}
	hist, err := s.History(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, v := range hist {
		actions = append(actions, v.Action)
		if v.Doc.Body != "" {
			t.Errorf("history carries text of version %d", v.Doc.Version)
		}
	}
	if got := strings.Join(actions, ","); got != "insert,update,visibility,retract,restore" {
		t.Errorf("actions = %s", got)
	}
	for i := range 4 {
		if !hist[i].ValidTo.Equal(hist[i+1].ValidFrom) {
			t.Errorf("version %d ends %v, next starts %v", i+1, hist[i].ValidTo, hist[i+1].ValidFrom)
		}
	}
	if !hist[4].Current() || !hist[4].ValidTo.IsZero() {
		t.Errorf("last version not current: %+v", hist[4])
	}
	if hist[3].Actor != "李四" || hist[3].Reason != "发布有误" || hist[3].Doc.Retraction == nil {
		t.Errorf("retract version = %+v", hist[3])
	}
	v1, err := s.Version(ctx, "a", 1)
	if err != nil || v1.Doc.Body != "第一稿。" || !v1.ValidTo.Equal(hist[1].ValidFrom) {
		t.Errorf("version 1 = %+v, %v", v1, err)
	}
	at, err := s.AsOf(ctx, "a", hist[2].ValidFrom.Add(time.Millisecond))
	if err != nil || at.Doc.Version != 3 {
		t.Errorf("as of version 3's start = %+v, %v", at, err)
	}
	if _, err := s.AsOf(ctx, "a", hist[0].ValidFrom.Add(-time.Hour)); records.ErrorCode(err) != records.ENOTFOUND {
		t.Errorf("as of before the record: %v", err)
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		if _, err := s.Retract(ctx, "李四", "a", "  "); records.ErrorCode(err) != records.EINVALID {
			t.Errorf("retract without reason: %v", err)
		}
		if _, err := s.Retract(ctx, "", "a", "理由"); records.ErrorCode(err) != records.EINVALID {
			t.Errorf("retract without actor: %v", err)
		}
		if _, err := s.Restore(ctx, "李四", "a", "理由"); records.ErrorCode(err) != records.ECONFLICT {
			t.Errorf("restore of a record not retracted: %v", err)
		}
		if _, err := s.Retract(ctx, "李四", "nope", "理由"); records.ErrorCode(err) != records.ENOTFOUND {
			t.Errorf("retract missing: %v", err)
		}
	})
	t.Run("SameVisibilityWritesNothing", func(t *testing.T) {
		before, _ := s.LastSeq(ctx)
		if _, err := s.SetVisibility(ctx, "张三", "a", records.OnRequest, "再次确认"); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.LastSeq(ctx); after != before {
			t.Errorf("feed moved from %d to %d", before, after)
		}
	})
	t.Run("DeleteKeepsHistoryAndNumberingGoesOn", func(t *testing.T) {
		if err := s.Delete(ctx, "王五", "a"); err != nil {
			t.Fatal(err)
		}
		mustPut(t, s, notice("a", "重新发布。"))
		d, _ := s.Get(ctx, "a")
		if d.Version != 7 {
			t.Errorf("version after delete and return = %d, want 7", d.Version)
		}
		hist, _ := s.History(ctx, "a")
		if len(hist) != 7 || !hist[5].Deleted() {
			t.Errorf("history = %d versions, 6th deleted=%v", len(hist), hist[5].Deleted())
		}
	})
	if ps := verify(t, s); len(ps) != 0 {
		t.Errorf("verify on an untouched store: %v", ps)
	}
}

// TestReingestKeepsStaffVisibility: a staff decision (on_request → public
// after a request was answered) survives re-ingesting the same manifest;
// a new declaration by the source applies.
func TestReingestKeepsStaffVisibility(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	in := notice("a", "正文")
	in.Doc.Visibility = records.OnRequest
	mustPut(t, s, in)
	if _, err := s.SetVisibility(ctx, "张三", "a", records.Public, "依申请公开答复后主动公开"); err != nil {
		t.Fatal(err)
	}
	in = notice("a", "正文")
	in.Doc.Visibility = records.OnRequest
	st, err := s.Put(ctx, "system:ingest", []records.Incoming{in})
	if err != nil || st[0] != records.Unchanged {
		t.Fatalf("re-ingest = %v, %v; want unchanged", st, err)
	}
	if d, _ := s.Get(ctx, "a"); d.Visibility != records.Public {
		t.Errorf("visibility after re-ingest = %s, want public", d.Visibility)
	}
	in = notice("a", "正文")
	in.Doc.Visibility = records.Withheld
	if st, err := s.Put(ctx, "system:ingest", []records.Incoming{in}); err != nil || st[0] != records.Updated {
		t.Fatalf("new declaration = %v, %v; want updated", st, err)
	}
	if d, _ := s.Get(ctx, "a"); d.Visibility != records.Withheld {
		t.Errorf("visibility after a new declaration = %s, want withheld", d.Visibility)
	}
}

func TestExactDuplicateMerges(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	a := notice("a", "同一份文件")
	b := notice("b", "同一份文件")
	b.Doc.Source = "xxgk/copy-of-a.html"
	st, err := s.Put(ctx, "system:ingest", []records.Incoming{a, b})
	if err != nil || st[0] != records.Inserted || st[1] != records.Merged {
		t.Fatalf("put = %v, %v; want inserted, merged", st, err)
	}
	if n, _ := s.Count(ctx); n != 1 {
		t.Errorf("records = %d, want 1", n)
	}
	srcs, err := s.Sources(ctx, "a")
	if err != nil || len(srcs) != 2 || srcs[1].Source != "xxgk/copy-of-a.html" {
		t.Errorf("sources = %+v, %v", srcs, err)
	}
	b = notice("b", "同一份文件")
	b.Doc.Source = "xxgk/copy-of-a.html"
	if st, err := s.Put(ctx, "system:ingest", []records.Incoming{b}); err != nil || st[0] != records.Unchanged {
		t.Errorf("second merge = %v, %v; want unchanged", st, err)
	}
	if ps := verify(t, s); len(ps) != 0 {
		t.Errorf("verify: %v", ps)
	}
}

func TestLinks(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	mustPut(t, s, notice("a", "通知"), notice("b", "附件一"))
	n, err := s.AddLinks(ctx, "system:ingest", []records.Link{{From: "a", To: "b", Kind: records.LinkAttachment}})
	if err != nil || n != 1 {
		t.Fatalf("AddLinks = %d, %v", n, err)
	}
	if n, _ := s.AddLinks(ctx, "system:ingest", []records.Link{{From: "a", To: "b", Kind: records.LinkAttachment}}); n != 0 {
		t.Errorf("adding a link again added %d", n)
	}
	if _, err := s.AddLinks(ctx, "x", []records.Link{{From: "a", To: "b", Kind: "sibling"}}); records.ErrorCode(err) != records.EINVALID {
		t.Errorf("bad kind: %v", err)
	}
	ls, err := s.Links(ctx, "b")
	if err != nil || len(ls) != 1 || ls[0].From != "a" {
		t.Errorf("links of b = %+v, %v", ls, err)
	}
	if ps := verify(t, s); len(ps) != 0 {
		t.Errorf("verify: %v", ps)
	}
}

func TestAuditChain(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	mustPut(t, s, notice("a", "正文"), notice("b", "正文二"))
	// Another package's action, written in the same transaction as its own
	// change.
	err := s.WithTx(ctx, func(tx *records.Tx) error {
		_, err := records.AppendAudit(ctx, tx, records.AuditEntry{Actor: "张三", Action: "request.create", Target: "request:1"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	log, err := s.AuditLog(ctx, records.AuditQuery{})
	if err != nil || len(log) != 3 {
		t.Fatalf("audit log = %d entries, %v", len(log), err)
	}
	prev := records.GenesisHash
	for i, e := range log {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.ComputeHash() != e.Hash {
			t.Errorf("entry %d: %+v", i, e)
		}
		prev = e.Hash
	}
	if log[0].Action != records.ActionInsert || log[0].Actor != "test" || log[0].BeforeHash != "" {
		t.Errorf("first entry = %+v", log[0])
	}
	d, _ := s.Get(ctx, "a")
	if log[0].AfterHash != records.StateHash(d) {
		t.Errorf("after hash %s, state %s", log[0].AfterHash, records.StateHash(d))
	}
	if err := s.LogAccess(ctx, records.AccessEntry{Actor: "审计员", Action: records.AccessView, Target: "document:a"}); err != nil {
		t.Fatal(err)
	}
	acc, err := s.AccessLog(ctx, records.AccessQuery{Actor: "审计员"})
	if err != nil || len(acc) != 1 || acc[0].Target != "document:a" {
		t.Errorf("access log = %+v, %v", acc, err)
	}
}

// TestVerifyCatchesTampering changes the database and the originals behind
// the store's back, one kind of tampering at a time, and checks that verify
// names the record or the audit entry concerned.
func TestVerifyCatchesTampering(t *testing.T) {
	ctx := context.Background()
	setup := func(t *testing.T) (string, *records.Store, *sql.DB) {
		dir := t.TempDir()
		s := openIn(t, dir)
		mustPut(t, s, notice("a", "正文一"), notice("b", "正文二"), notice("c", "正文三"))
		mustPut(t, s, notice("b", "正文二（修订）"))
		if _, err := s.Retract(ctx, "李四", "c", "误发"); err != nil {
			t.Fatal(err)
		}
		if ps := verify(t, s); len(ps) != 0 {
			t.Fatalf("untouched store: %v", ps)
		}
		return dir, s, rawDB(t, dir)
	}
	exec := func(t *testing.T, db *sql.DB, q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	expect := func(t *testing.T, s *records.Store, kind, target, needle string) {
		t.Helper()
		ps := verify(t, s)
		for _, p := range ps {
			if p.Kind == kind && p.Target == target && strings.Contains(p.String(), needle) {
				return
			}
		}
		t.Errorf("verify did not report %s %s %q; it reported:", kind, target, needle)
		for _, p := range ps {
			t.Errorf("  %s", p)
		}
	}
	t.Run("OneByteOfAnOriginal", func(t *testing.T) {
		dir, s, _ := setup(t)
		d, _ := s.Get(ctx, "a")
		p := filepath.Join(dir, "originals", d.SHA256[:2], d.SHA256)
		os.Chmod(p, 0o644)
		b, _ := os.ReadFile(p)
		b[3] ^= 1
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		expect(t, s, records.ProblemOriginal, "original:"+d.SHA256, "属于文档 a")
	})
	t.Run("MissingOriginal", func(t *testing.T) {
		dir, s, _ := setup(t)
		d, _ := s.Get(ctx, "b")
		os.Remove(filepath.Join(dir, "originals", d.SHA256[:2], d.SHA256))
		expect(t, s, records.ProblemOriginal, "original:"+d.SHA256, "缺失")
	})
	t.Run("AuditRowEdited", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `UPDATE audit_log SET actor = '王五' WHERE seq = 2`)
		expect(t, s, records.ProblemAudit, "audit:2", "被改动")
	})
	t.Run("AuditRowEditedAndRehashed", func(t *testing.T) {
		// A forger who recomputes the edited row's hash still breaks the
		// link from the next row.
		_, s, db := setup(t)
		log, _ := s.AuditLog(ctx, records.AuditQuery{})
		e := log[1]
		e.Actor = "王五"
		exec(t, db, `UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 2`, e.Actor, e.ComputeHash())
		expect(t, s, records.ProblemAudit, "audit:3", "哈希链断开")
	})
	t.Run("AuditRowDeleted", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `DELETE FROM audit_log WHERE seq = 2`)
		expect(t, s, records.ProblemAudit, "audit:3", "第 2 条缺失")
	})
	t.Run("LastAuditRowDeleted", func(t *testing.T) {
		// No later row links to the last one; the record it describes and
		// the change feed still point at it.
		_, s, db := setup(t)
		exec(t, db, `DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)`)
		expect(t, s, records.ProblemRecord, "document:c", "未经记录被改动")
		expect(t, s, records.ProblemFeed, "document:c", "不存在")
	})
	t.Run("AuditRowsReordered", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `UPDATE audit_log SET seq = -1 WHERE seq = 2`)
		exec(t, db, `UPDATE audit_log SET seq = 2 WHERE seq = 3`)
		exec(t, db, `UPDATE audit_log SET seq = 3 WHERE seq = -1`)
		expect(t, s, records.ProblemAudit, "audit:2", "哈希链断开")
	})
	t.Run("DocumentUpdatedBySQL", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `UPDATE documents SET body = '篡改后的正文' WHERE id = 'a'`)
		expect(t, s, records.ProblemRecord, "document:a", "未经记录被改动")
	})
	t.Run("VisibilityChangedBySQL", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `UPDATE documents SET retracted_at = '' WHERE id = 'c'`)
		expect(t, s, records.ProblemRecord, "document:c", "未经记录被改动")
	})
	t.Run("DocumentDeletedBySQL", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `DELETE FROM documents WHERE id = 'a'`)
		expect(t, s, records.ProblemRecord, "document:a", "未经记录被删除")
	})
	t.Run("DocumentInsertedBySQL", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `INSERT INTO documents (id, title, body, ingested_at, updated_at) VALUES ('x', '伪造', '伪造', '', '')`)
		expect(t, s, records.ProblemRecord, "document:x", "没有任何审计记录")
	})
	t.Run("OldVersionEdited", func(t *testing.T) {
		_, s, db := setup(t)
		exec(t, db, `UPDATE versions SET body = '改写的历史' WHERE doc_id = 'b' AND version = 1`)
		expect(t, s, records.ProblemVersion, "document:b#v1", "历史被改动")
	})
}

// TestMigrationAdoptsExistingRecords: records written before the audit log
// existed get an adopt entry and a version, and verify passes on them.
func TestMigrationAdoptsExistingRecords(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openIn(t, dir)
	mustPut(t, s, notice("a", "旧记录"))
	s.Close()
	// Roll the database back to the schema of migration 001 with one row,
	// as an archive made before this change would be.
	db := rawDB(t, dir)
	for _, q := range []string{
		`DELETE FROM schema_migrations WHERE name LIKE '%002_history.sql'`,
		`DROP TABLE versions`, `DROP TABLE audit_log`, `DROP TABLE access_log`,
		`DROP TABLE document_sources`, `DROP TABLE document_links`,
		`ALTER TABLE documents DROP COLUMN quality`, `ALTER TABLE documents DROP COLUMN source_visibility`,
		`ALTER TABLE documents DROP COLUMN retracted_at`, `ALTER TABLE documents DROP COLUMN retracted_by`,
		`ALTER TABLE documents DROP COLUMN retraction_reason`, `ALTER TABLE changes DROP COLUMN audit_seq`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s = openIn(t, dir)
	hist, err := s.History(ctx, "a")
	if err != nil || len(hist) != 1 || hist[0].Action != records.VersionAdopt {
		t.Fatalf("history after migration = %+v, %v", hist, err)
	}
	if ps := verify(t, s); len(ps) != 0 {
		t.Errorf("verify after migration: %v", ps)
	}
	mustPut(t, s, notice("a", "新版本"))
	if ps := verify(t, s); len(ps) != 0 {
		t.Errorf("verify after an update: %v", ps)
	}
}

func mustPut(tb testing.TB, s *records.Store, in ...records.Incoming) {
	tb.Helper()
	if _, err := s.Put(context.Background(), "test", in); err != nil {
		tb.Fatal(err)
	}
}
