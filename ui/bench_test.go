package ui_test

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/zh"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/ui"
)

// lawsPath is the real corpus the load benchmark serves.
const lawsPath = "../../shared/corpora/laws/laws.jsonl.gz"

// lawsData builds (or, with ARCHIVE_BENCH_DATA naming a folder already
// built, reuses) a data folder holding the laws corpus.
func lawsData(b *testing.B) string {
	if _, err := os.Stat(lawsPath); err != nil {
		b.Skipf("corpus not found at %s: run from a checkout with ../shared beside it", lawsPath)
	}
	ctx := context.Background()
	dir := os.Getenv("ARCHIVE_BENCH_DATA")
	if dir == "" {
		dir = b.TempDir()
	}
	store, err := records.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	if n, _ := store.Count(ctx); n > 0 {
		return dir
	}
	if _, err := indexer.Ingest(ctx, store, []string{lawsPath}, indexer.IngestOptions{
		Fields: map[string]string{"body": "text", "published": "date", "department": "region"}}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// loadQueries are what the public types: two adjacent words of a title,
// with every fifth request asking for exact matches.
func loadQueries(b *testing.B, store *records.Store) []url.Values {
	var titles []string
	store.Scan(context.Background(), func(d *records.Document) error {
		titles = append(titles, d.Title)
		return nil
	})
	rng := rand.New(rand.NewPCG(3, 3))
	var qs []url.Values
	for len(qs) < 500 && len(titles) > 0 {
		words, _ := zh.Segment(titles[rng.IntN(len(titles))])
		words = slices.DeleteFunc(words, func(w string) bool { return len([]rune(w)) < 2 })
		if len(words) < 2 {
			continue
		}
		i := rng.IntN(len(words) - 1)
		v := url.Values{"q": {words[i] + " " + words[i+1]}}
		if len(qs)%5 == 4 {
			v.Set("mode", "exact")
		}
		qs = append(qs, v)
	}
	return qs
}

// BenchmarkAPISearchLoadLaws serves the laws corpus on loopback and sends
// /api/search requests from 8 concurrent clients, reporting throughput and
// the latency each client saw.
func BenchmarkAPISearchLoadLaws(b *testing.B) {
	dir := lawsData(b)
	ctx := context.Background()
	store, err := records.Open(ctx, dir)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	if _, err := idx.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	srv, err := ui.New(idx, search.New(idx, search.Options{}), ui.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	qs := loadQueries(b, store)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	get := func(v url.Values) error {
		resp, err := client.Get(ts.URL + "/api/search?" + v.Encode())
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Errorf("%s: %s", v.Encode(), resp.Status)
		}
		return nil
	}
	for _, q := range qs[:50] { // warm up as a running server would be
		get(q)
	}
	const clients, perClient = 8, 250
	for b.Loop() {
		var mu sync.Mutex
		var lat []time.Duration
		var wg sync.WaitGroup
		start := time.Now()
		for c := range clients {
			wg.Go(func() {
				mine := make([]time.Duration, 0, perClient)
				for i := range perClient {
					t0 := time.Now()
					if err := get(qs[(c*perClient+i)%len(qs)]); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
		}
		wg.Wait()
		secs := time.Since(start).Seconds()
		slices.Sort(lat)
		pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(float64(len(lat))/secs, "req/s")
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.99), "p99-ms")
	}
}
