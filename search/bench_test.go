package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// lawsPath is the real corpus the benchmarks measure, beside the repository.
const lawsPath = "../../shared/corpora/laws/laws.jsonl.gz"

func needLaws(b *testing.B) {
	if _, err := os.Stat(lawsPath); err != nil {
		b.Skipf("corpus not found at %s: run from a checkout with ../shared beside it", lawsPath)
	}
}

func dirSize(path string) int64 {
	var n int64
	filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func maxRSS() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Maxrss) / 1024 // KB → MB
}

// buildLaws ingests the laws corpus into dir and indexes it, returning the
// text bytes and document count.
func buildLaws(b *testing.B, dir string) (int64, int) {
	ctx := context.Background()
	store, err := records.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	sum, err := indexer.Ingest(ctx, store, []string{lawsPath}, indexer.IngestOptions{
		Fields: map[string]string{"body": "text", "published": "date", "department": "region"}})
	if err != nil {
		b.Fatal(err)
	}
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	return sum.TextBytes, sum.Documents
}

// BenchmarkIngestLaws measures end-to-end ingest: manifest → records →
// index, on 3,475 real laws and regulations.
func BenchmarkIngestLaws(b *testing.B) {
	needLaws(b)
	for b.Loop() {
		dir := b.TempDir()
		start := time.Now()
		text, docs := buildLaws(b, dir)
		secs := time.Since(start).Seconds()
		b.ReportMetric(float64(text)/(1<<20)/secs, "MB/s")
		b.ReportMetric(float64(docs)/secs, "docs/s")
		b.ReportMetric(float64(dirSize(filepath.Join(dir, "index")))/float64(text), "index/text")
		b.ReportMetric(float64(dirSize(dir))/float64(text), "all/text")
		b.ReportMetric(maxRSS(), "peakRSS-MB")
	}
}

// lawsIndex is built once per benchmark process for the query benchmarks.
var lawsDir string

func lawsFixture(b *testing.B) string {
	needLaws(b)
	if lawsDir == "" {
		dir, err := os.MkdirTemp("", "archive-bench-*")
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		buildLaws(b, dir)
		b.StartTimer()
		lawsDir = dir
	}
	return lawsDir
}

// benchQueries draws 300 queries from the corpus itself: two words of a
// title (what the public types), a question-like run of body text without
// spaces, and exact strings for auditors.
func benchQueries(b *testing.B, store *records.Store) []search.Request {
	var docs []*records.Document
	if err := store.Scan(context.Background(), func(d *records.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var qs []search.Request
	for len(qs) < 300 {
		d := docs[rng.IntN(len(docs))]
		switch len(qs) % 3 {
		case 0:
			words, _ := zh.Segment(d.Title)
			words = slices.DeleteFunc(words, func(w string) bool { return len([]rune(w)) < 2 })
			if len(words) < 2 {
				continue
			}
			i := rng.IntN(len(words) - 1)
			qs = append(qs, search.Request{Query: words[i] + " " + words[i+1]})
		case 1, 2:
			rs := []rune(strings.Join(strings.Fields(d.Body), ""))
			if len(rs) < 50 {
				continue
			}
			n := 4 + rng.IntN(6)
			i := rng.IntN(len(rs) - n)
			s := string(rs[i : i+n])
			if strings.ContainsAny(s, `"“”()（）-:：|#*`) {
				continue
			}
			qs = append(qs, search.Request{Query: s, Exact: len(qs)%3 == 2})
		}
	}
	return qs
}

// BenchmarkQueryLaws runs 300 queries (relevance and exact, with facets and
// highlighted snippets) and reports the latency distribution.
func BenchmarkQueryLaws(b *testing.B) {
	ctx := context.Background()
	store, idx := openData(b, lawsFixture(b))
	eng := search.New(idx, search.Options{})
	qs := benchQueries(b, store)
	for _, q := range qs[:20] { // warm caches as a running server would be
		eng.Search(ctx, q)
	}
	var lat []time.Duration
	type timed struct {
		d time.Duration
		q search.Request
	}
	var slowest []timed
	for b.Loop() {
		lat, slowest = lat[:0], slowest[:0]
		for _, q := range qs {
			start := time.Now()
			if _, err := eng.Search(ctx, q); err != nil {
				b.Fatalf("%q: %v", q.Query, err)
			}
			d := time.Since(start)
			lat = append(lat, d)
			slowest = append(slowest, timed{d, q})
		}
	}
	slices.SortFunc(slowest, func(a, b timed) int { return int(b.d - a.d) })
	for _, s := range slowest[:min(5, len(slowest))] {
		b.Logf("slow: %v exact=%v %q", s.d.Round(time.Millisecond), s.q.Exact, s.q.Query)
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.90), "p90-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(pct(1), "max-ms")
}

// BenchmarkReadyLaws measures the time from starting a process on an
// existing data folder to its first answered query, as a restarted server
// would see it: a fresh process, so the dictionary load is included.
func BenchmarkReadyLaws(b *testing.B) {
	dir := lawsFixture(b)
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReadyChildProcess$")
		cmd.Env = append(os.Environ(), "ARCHIVE_READY_DIR="+dir)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "answered") {
			b.Fatalf("child: %v\n%s", err, out)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ready-ms")
	}
}

// TestReadyChildProcess is the process BenchmarkReadyLaws starts; run
// directly it has nothing to do.
func TestReadyChildProcess(t *testing.T) {
	dir := os.Getenv("ARCHIVE_READY_DIR")
	if dir == "" {
		return
	}
	ctx := context.Background()
	_, idx := openData(t, dir)
	if _, err := search.New(idx, search.Options{}).Search(ctx, search.Request{Query: "信息公开 年度报告"}); err != nil {
		t.Fatal(err)
	}
	fmt.Println("answered")
}

// openData opens an existing data folder's records and index, closed when
// the test or benchmark ends.
func openData(tb testing.TB, dir string) (*records.Store, *indexer.Index) {
	tb.Helper()
	ctx := context.Background()
	store, err := records.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		store.Close()
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close(); store.Close() })
	return store, idx
}
