package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/search/export"
)

// engine builds an archive of n generated notices (every 7th withheld) and
// returns an engine over it.
func engine(tb testing.TB, n int) (*search.Engine, *records.Store) {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	store, err := records.Open(ctx, dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	depts := []string{"教务处", "学生处", "研究生院", "财务处", "人事处"}
	for start := 0; start < n; start += 5000 {
		var in []records.Incoming
		for i := start; i < min(n, start+5000); i++ {
			vis := records.Public
			if i%7 == 0 {
				vis = records.Withheld
			}
			in = append(in, records.Incoming{Doc: records.Document{
				ID: fmt.Sprintf("n%06d", i), Title: fmt.Sprintf("关于第%d批奖学金评审的通知", i),
				Body:     fmt.Sprintf("各学院：第%d批奖学金评审工作现已启动，请于规定时间内提交材料。", i),
				Category: "通知公告", Department: depts[i%len(depts)],
				Published: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%3000).Format("2006-01-02"),
				Source:    fmt.Sprintf("https://xxgk.example.edu.cn/tzgg/%d.htm", i), Visibility: vis,
			}})
		}
		if _, err := store.Put(ctx, "system:test", in); err != nil {
			tb.Fatal(err)
		}
	}
	// On disk, as a data folder is: the in-memory index is another (far
	// slower) implementation.
	idx, err := indexer.OpenIndex(ctx, filepath.Join(dir, "index"), store, indexer.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { idx.Close() })
	if _, err := idx.Sync(ctx); err != nil {
		tb.Fatal(err)
	}
	return search.New(idx, search.Options{}), store
}

func readCSV(t *testing.T, b []byte) (comments []string, rows [][]string) {
	t.Helper()
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			comments = append(comments, line)
		}
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	return comments, rows
}

func TestWriteCSVAndJSONL(t *testing.T) {
	ctx := context.Background()
	eng, _ := engine(t, 300)
	fixed := func() time.Time { return time.Date(2025, 9, 26, 8, 0, 0, 0, time.UTC) }
	req := search.Request{Query: "奖学金", Department: "教务处", Sort: search.SortDate}
	var buf bytes.Buffer
	sum, err := export.Write(ctx, eng, req, &buf, export.Options{Format: export.CSV, Now: fixed, PageSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	// 60 of教务处's notices, less the withheld ones (i%35 == 0).
	if sum.Total != 51 || sum.Rows != 51 {
		t.Fatalf("summary = %+v, want 51 rows", sum)
	}
	comments, rows := readCSV(t, buf.Bytes())
	head := strings.Join(comments, "\n")
	for _, want := range []string{"# query: 奖学金", "# filters: department=教务处", "# generated_at: 2025-09-26T08:00:00Z",
		"# index_version: " + indexer.IndexVersion() + "@", "# total: 51", "# rows: 51", "audience: public"} {
		if !strings.Contains(head, want) {
			t.Errorf("header lacks %q:\n%s", want, head)
		}
	}
	if strings.Join(rows[0], ",") != strings.Join(export.Columns, ",") || len(rows) != 52 {
		t.Fatalf("columns %v, %d rows", rows[0], len(rows))
	}
	seen := map[string]bool{}
	prev := "9999"
	for _, r := range rows[1:] {
		if seen[r[0]] {
			t.Errorf("%s exported twice", r[0])
		}
		seen[r[0]] = true
		if r[3] > prev {
			t.Errorf("not in date order: %s after %s", r[3], prev)
		}
		prev = r[3]
		if r[8] != "/documents/"+r[0]+"/v/1" || r[4] != "教务处" || !strings.HasPrefix(r[6], "https://") {
			t.Errorf("row %v", r)
		}
	}

	buf.Reset()
	if _, err := export.Write(ctx, eng, req, &buf, export.Options{Format: export.JSONL, Now: fixed, BaseURL: "https://xxgk.example.edu.cn"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 53 {
		t.Fatalf("%d JSONL lines, want 53", len(lines))
	}
	var h struct{ Header export.Header }
	var row export.Row
	var f struct{ Footer struct{ Rows int } }
	if json.Unmarshal([]byte(lines[0]), &h) != nil || h.Header.Total != 51 || h.Header.Filters["department"] != "教务处" {
		t.Errorf("header line %s", lines[0])
	}
	if json.Unmarshal([]byte(lines[1]), &row) != nil || !strings.HasPrefix(row.Permalink, "https://xxgk.example.edu.cn/documents/") {
		t.Errorf("row line %s", lines[1])
	}
	if json.Unmarshal([]byte(lines[52]), &f) != nil || f.Footer.Rows != 51 {
		t.Errorf("footer line %s", lines[52])
	}

	t.Run("StaffSeesWithheld", func(t *testing.T) {
		var buf bytes.Buffer
		sum, err := export.Write(ctx, eng, search.Request{Query: "奖学金", Audience: search.Staff}, &buf, export.Options{})
		if err != nil || sum.Rows != 300 {
			t.Errorf("staff export: %+v, %v", sum, err)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		var buf bytes.Buffer
		_, err := export.Write(ctx, eng, search.Request{Query: "奖学金", AsOf: "2020-01-01"}, &buf, export.Options{})
		if records.ErrorCode(err) != records.EINVALID || buf.Len() != 0 {
			t.Errorf("public as-of export: %v, wrote %d bytes", err, buf.Len())
		}
	})
}

func TestBatch(t *testing.T) {
	ctx := context.Background()
	eng, _ := engine(t, 100)
	queries := "# 审计抽查\n第17批\n\n不存在的词语组合甲乙\n\"未闭合\n奖学金 评审\n"
	var buf bytes.Buffer
	sum, err := export.Batch(ctx, eng, strings.NewReader(queries), search.Request{Exact: true}, &buf, export.BatchOptions{MaxPerQuery: 5})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Queries != 4 || sum.Failed != 1 || sum.Rows != 6 {
		t.Errorf("summary = %+v", sum)
	}
	_, rows := readCSV(t, buf.Bytes())
	if strings.Join(rows[0], ",") != strings.Join(export.BatchColumns, ",") {
		t.Errorf("columns = %v", rows[0])
	}
	byQuery := map[string][][]string{}
	for _, r := range rows[1:] {
		byQuery[r[1]] = append(byQuery[r[1]], r)
	}
	if rs := byQuery["第17批"]; len(rs) != 1 || rs[0][4] != "n000017" || rs[0][2] != "1" || rs[0][3] != "1" {
		t.Errorf("第17批 rows = %v", rs)
	}
	if rs := byQuery["不存在的词语组合甲乙"]; len(rs) != 1 || rs[0][2] != "0" || rs[0][4] != "" {
		t.Errorf("no-hit rows = %v", rs)
	}
	if rs := byQuery[`"未闭合`]; len(rs) != 1 || rs[0][len(rs[0])-1] == "" {
		t.Errorf("invalid query rows = %v", rs)
	}
	if rs := byQuery["奖学金 评审"]; len(rs) != 5 || rs[0][2] != "85" {
		t.Errorf("capped rows = %d, total %v", len(rs), rs)
	}
}

// sampler is an io.Writer that discards what it is given and measures the
// live heap (after a collection, so garbage not yet collected does not
// count) every megabyte written.
type sampler struct {
	n, next int
	peak    uint64
	rows    int
}

func (s *sampler) Write(p []byte) (int, error) {
	s.n += len(p)
	s.rows += bytes.Count(p, []byte{'\n'})
	if s.n >= s.next {
		s.next = s.n + 1<<20
		s.peak = max(s.peak, liveHeap())
	}
	return len(p), nil
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestExport100kInBoundedMemory exports 100,000 hits and checks that the
// live heap never grows by more than a fixed bound while it runs, far less
// than the hits would take if they were gathered first (25 MB as text,
// several times that as records or as one index response). It checks
// behaviour, not speed.
func TestExport100kInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an archive of 100,000 records")
	}
	ctx := context.Background()
	const n = 100000
	eng, _ := engine(t, n)
	for _, c := range []struct {
		name string
		req  search.Request
	}{
		{"Browse", search.Request{Audience: search.Staff}},                     // date order
		{"Relevance", search.Request{Query: "奖学金 通知", Audience: search.Staff}}, // score order
	} {
		t.Run(c.name, func(t *testing.T) {
			base := liveHeap()
			s := &sampler{}
			bw := bufio.NewWriter(s)
			sum, err := export.Write(ctx, eng, c.req, bw, export.Options{Format: export.JSONL})
			if err != nil {
				t.Fatal(err)
			}
			bw.Flush()
			if sum.Total != n || sum.Rows != n || s.rows != n+2 {
				t.Fatalf("exported %+v, %d lines; want %d rows", sum, s.rows, n)
			}
			grew := int64(s.peak) - int64(base)
			t.Logf("%d rows, %.1f MB written, heap grew at most %.1f MB", sum.Rows, float64(s.n)/(1<<20), float64(grew)/(1<<20))
			if grew > 16<<20 {
				t.Errorf("live heap grew by %.1f MB during the export, want < 16 MB", float64(grew)/(1<<20))
			}
		})
	}
}
