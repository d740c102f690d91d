package indexer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

func mustStore(tb testing.TB, dir string) *records.Store {
	tb.Helper()
	s, err := records.Open(context.Background(), dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func put(tb testing.TB, s *records.Store, n, from int, body string) {
	tb.Helper()
	var in []records.Incoming
	for i := from; i < from+n; i++ {
		in = append(in, records.Incoming{Doc: records.Document{
			ID: fmt.Sprintf("doc-%04d", i), Title: fmt.Sprintf("第%d号通知", i), Body: body,
			Category: "通知公告", Department: "教务处", Published: "2019-03-12",
		}, Original: fmt.Appendf(nil, "%d:%s", i, body)})
	}
	if _, err := s.Put(context.Background(), "test", in); err != nil {
		tb.Fatal(err)
	}
}

// count is the number of current records whose body has the term.
func count(tb testing.TB, x *indexer.Index, term string) uint64 {
	tb.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(indexer.FieldBodyChars)
	cur := bleve.NewTermQuery(indexer.ScopeCurrent)
	cur.SetField(indexer.FieldScope)
	r, err := x.Bleve().Search(bleve.NewSearchRequest(bleve.NewConjunctionQuery(q, cur)))
	if err != nil {
		tb.Fatal(err)
	}
	return r.Total
}

// TestCatchUpAfterCrashBetweenCommitAndApply: records were committed but the
// process died before the index applied them. Opening the index again must
// apply exactly those changes.
func TestCatchUpAfterCrashBetweenCommitAndApply(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustStore(t, dir)
	idxPath := filepath.Join(dir, "index")

	x, err := indexer.OpenIndex(ctx, idxPath, s, indexer.Options{BatchDocs: 7})
	if err != nil {
		t.Fatal(err)
	}
	put(t, s, 20, 0, "奖学金评审工作")
	if n, err := x.Sync(ctx); err != nil || n != 20 {
		t.Fatalf("first sync applied %d, %v; want 20", n, err)
	}
	x.Close() // the "crash": more records arrive while no index is open

	put(t, s, 15, 20, "奖学金评审工作")
	if err := s.Delete(ctx, "test", "doc-0003"); err != nil {
		t.Fatal(err)
	}
	x, err = indexer.OpenIndex(ctx, idxPath, s, indexer.Options{BatchDocs: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Seq() != 20 {
		t.Fatalf("reopened index at seq %d, want 20", x.Seq())
	}
	if n, err := x.Sync(ctx); err != nil || n != 16 {
		t.Fatalf("catch-up applied %d, %v; want 16", n, err)
	}
	if got := count(t, x, "奖学"); got != 34 {
		t.Errorf("indexed documents = %d, want 34", got)
	}
	// Nothing is applied twice: a second sync has nothing to do.
	if n, err := x.Sync(ctx); err != nil || n != 0 {
		t.Errorf("second sync applied %d, %v; want 0", n, err)
	}
	// 34 current records and the last version of the deleted one, kept
	// for staff searching every version.
	if dc, _ := x.Bleve().DocCount(); dc != 35 {
		t.Errorf("doc count = %d, want 35", dc)
	}
}

// TestReplayIsIdempotent: if a batch is applied but its sequence number were
// lost, replaying it must not double anything; the feed carries current
// state, so re-applying is an upsert.
func TestReplayIsIdempotent(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustStore(t, dir)
	idxPath := filepath.Join(dir, "index")
	put(t, s, 10, 0, "信息公开年度报告")
	x, err := indexer.OpenIndex(ctx, idxPath, s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := x.Sync(ctx); err != nil || n != 10 {
		t.Fatalf("sync applied %d, %v; want 10", n, err)
	}
	// Forget the applied sequence, as if the batch had been applied but its
	// sequence number lost.
	b := x.Bleve().NewBatch()
	b.SetInternal([]byte("xxgk.seq"), []byte("0"))
	if err := x.Bleve().Batch(b); err != nil {
		t.Fatal(err)
	}
	x.Close()
	x, err = indexer.OpenIndex(ctx, idxPath, s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n, err := x.Sync(ctx); err != nil || n != 10 {
		t.Fatalf("replay applied %d, %v; want 10", n, err)
	}
	if dc, _ := x.Bleve().DocCount(); dc != 10 {
		t.Errorf("doc count after replay = %d, want 10", dc)
	}
}

// TestOutdatedMappingIsRebuilt: an index built under another mapping
// version is deleted and rebuilt from the records when opened.
func TestOutdatedMappingIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustStore(t, dir)
	idxPath := filepath.Join(dir, "index")
	put(t, s, 5, 0, "依申请公开")
	x, err := indexer.OpenIndex(ctx, idxPath, s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	b := x.Bleve().NewBatch()
	b.SetInternal([]byte("xxgk.mapping_version"), []byte("0-old"))
	if err := x.Bleve().Batch(b); err != nil {
		t.Fatal(err)
	}
	x.Close()

	x, err = indexer.OpenIndex(ctx, idxPath, s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if x.Seq() != 0 {
		t.Fatalf("rebuilt index starts at seq %d, want 0", x.Seq())
	}
	if n, err := x.Sync(ctx); err != nil || n != 5 {
		t.Fatalf("rebuild applied %d, %v; want 5", n, err)
	}
	if got := count(t, x, "申请"); got != 5 {
		t.Errorf("documents with 申请 = %d, want 5", got)
	}
}

// TestSecondProcessGetsErrLocked: `archive ingest` beside a running server
// must not wait forever for the index.
func TestSecondProcessGetsErrLocked(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := mustStore(t, dir)
	idxPath := filepath.Join(dir, "index")
	x, err := indexer.OpenIndex(ctx, idxPath, s, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	_, err = indexer.OpenIndex(ctx, idxPath, s, indexer.Options{LockTimeout: 100e6})
	if err != indexer.ErrLocked {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if _, err := os.Stat(idxPath); err != nil {
		t.Fatalf("index folder gone: %v", err)
	}
}
