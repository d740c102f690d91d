package indexer_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
)

// TestKilledMidSyncLosesNothing kills a real process with SIGKILL while it
// writes records and applies them to the index, then reopens both: every
// committed record is in the index exactly once and the index's sequence is
// the feed's end.
func TestKilledMidSyncLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	for round := range 3 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChildProcess$")
		cmd.Env = append(os.Environ(), "ARCHIVE_KILL_DIR="+dir, fmt.Sprintf("ARCHIVE_KILL_ROUND=%d", round))
		out := &lockedBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the child has applied something, then kill it hard.
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(out.String(), "applied") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(time.Duration(50+round*70) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
	}

	ctx := context.Background()
	store := mustStore(t, dir)
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	n, _ := store.Count(ctx)
	last, _ := store.LastSeq(ctx)
	dc, _ := idx.Bleve().DocCount()
	if n == 0 {
		t.Fatal("the child committed no records before it was killed")
	}
	if int(dc) != n || idx.Seq() != last {
		t.Errorf("after kills: %d records, %d indexed, index at seq %d of %d", n, dc, idx.Seq(), last)
	}
	if got := count(t, idx, "奖学"); int(got) != n {
		t.Errorf("documents found by a common term = %d, want %d", got, n)
	}
	if ps := verifyAll(t, store, idx); len(ps) != 0 {
		t.Errorf("verify after kills: %v", ps)
	}
}

// TestKilledMidIngestVerifies kills a real `ingest` of a manifest with
// SIGKILL while it commits batches, runs the ingest again to the end, as a
// person would after a crash, and checks that verify passes and that every
// line of the manifest is one record, inserted once: nothing lost, nothing
// doubled, the audit chain and the index intact.
func TestKilledMidIngestVerifies(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	const lines = 6000
	dir := t.TempDir()
	src := t.TempDir()
	var b strings.Builder
	for i := range lines {
		fmt.Fprintf(&b, `{"id":"m%05d","title":"关于第%d批奖学金评审的通知","body":"各学院：第%d批奖学金评审工作现已启动。","published":"2019-03-12"}`+"\n", i, i, i)
	}
	manifest := filepath.Join(src, "m.jsonl")
	if err := os.WriteFile(manifest, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillIngestChildProcess$")
	cmd.Env = append(os.Environ(), "ARCHIVE_KILL_INGEST_DIR="+dir, "ARCHIVE_KILL_INGEST_MANIFEST="+manifest)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for strings.Count(out.String(), "stored") < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	if strings.Contains(out.String(), "done") {
		t.Fatal("the child finished before it was killed; make the manifest longer")
	}

	ctx := context.Background()
	store := mustStore(t, dir)
	before, _ := store.Count(ctx)
	if before == 0 || before >= lines {
		t.Fatalf("the kill left %d records; want some but not all of %d", before, lines)
	}
	sum, err := indexer.Ingest(ctx, store, []string{manifest}, indexer.IngestOptions{BatchDocs: 50})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Inserted != lines-before || sum.Unchanged != before {
		t.Errorf("second ingest: %d inserted, %d unchanged; want %d and %d", sum.Inserted, sum.Unchanged, lines-before, before)
	}
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := store.Count(ctx); n != lines {
		t.Errorf("records = %d, want %d", n, lines)
	}
	if seq, _ := store.LastSeq(ctx); seq != lines {
		t.Errorf("changes = %d, want one per record (%d)", seq, lines)
	}
	log, err := store.AuditLog(ctx, records.AuditQuery{Limit: 10000})
	if err != nil || len(log) != lines {
		t.Errorf("audit entries = %d, %v; want %d inserts", len(log), err, lines)
	}
	if dc, _ := idx.Bleve().DocCount(); dc != lines {
		t.Errorf("indexed = %d, want %d", dc, lines)
	}
	if ps := verifyAll(t, store, idx); len(ps) != 0 {
		t.Errorf("verify after kill and restart: %v", ps)
	}
}

// TestKillIngestChildProcess is the ingest TestKilledMidIngestVerifies
// starts and kills; run directly it has nothing to do.
func TestKillIngestChildProcess(t *testing.T) {
	dir := os.Getenv("ARCHIVE_KILL_INGEST_DIR")
	if dir == "" {
		return
	}
	ctx := context.Background()
	s, err := records.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Small batches, and one worker: many commits, each a window for the kill.
	_, err = indexer.Ingest(ctx, s, []string{os.Getenv("ARCHIVE_KILL_INGEST_MANIFEST")}, indexer.IngestOptions{
		BatchDocs: 50, Workers: 1, Progress: func(indexer.Progress) { fmt.Println("stored") }})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("done")
}

// TestKillChildProcess is the process TestKilledMidSyncLosesNothing starts
// and kills; run directly it has nothing to do.
func TestKillChildProcess(t *testing.T) {
	dir := os.Getenv("ARCHIVE_KILL_DIR")
	if dir == "" {
		return
	}
	ctx := context.Background()
	s, err := records.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), s, indexer.Options{BatchDocs: 50})
	if err != nil {
		t.Fatal(err)
	}
	round := os.Getenv("ARCHIVE_KILL_ROUND")
	for i := 0; ; i++ {
		var in []records.Incoming
		for j := range 100 {
			id := fmt.Sprintf("r%s-%05d-%03d", round, i, j)
			body := strings.Repeat("关于开展奖学金评审工作的通知，各学院按要求组织申报。", 20)
			in = append(in, records.Incoming{Doc: records.Document{ID: id, Title: "奖学金评审" + id, Body: body},
				Original: []byte(id + body)})
		}
		if _, err := s.Put(ctx, "test", in); err != nil {
			t.Fatal(err)
		}
		if _, err := idx.Sync(ctx); err != nil {
			t.Fatal(err)
		}
		fmt.Println("applied", i)
	}
}

// lockedBuffer collects a child's output while the test polls it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
