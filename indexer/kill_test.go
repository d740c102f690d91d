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
