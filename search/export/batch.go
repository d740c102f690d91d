package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// BatchOptions configure a batch search.
type BatchOptions struct {
	// MaxPerQuery caps the hits written per query (0: all of them).
	MaxPerQuery int
	// MaxQueries refuses longer files (default 10,000).
	MaxQueries int
	BaseURL    string
	BOM        bool
	Now        func() time.Time
}

// BatchColumns are the columns of a batch result.
var BatchColumns = append([]string{"query_no", "query", "total", "rank"}, append(Columns[:len(Columns):len(Columns)], "error")...)

// BatchSummary says what a batch search did.
type BatchSummary struct {
	Queries int // queries run
	Failed  int // queries that were not valid (their error is in the file)
	Rows    int // hit rows written
}

// Batch runs every query of r (one per line; blank lines and lines
// starting with # are skipped) with the filters, mode and audience of base,
// and writes the hits of each as CSV: one row per hit with the query's
// number, text, total and the hit's rank; a query without hits gets one
// row with total 0, an invalid query one row with its error. Hits stream
// as Write's do.
func Batch(ctx context.Context, eng *search.Engine, r io.Reader, base search.Request, w io.Writer, opt BatchOptions) (BatchSummary, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxQueries <= 0 {
		opt.MaxQueries = 10000
	}
	var queries []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		q := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		if q == "" || strings.HasPrefix(q, "#") {
			continue
		}
		if len(queries) == opt.MaxQueries {
			return BatchSummary{}, records.Errorf(records.EINVALID, "检索式过多（超过 %d 条）", opt.MaxQueries)
		}
		queries = append(queries, q)
	}
	if err := sc.Err(); err != nil {
		return BatchSummary{}, records.Errorf(records.EINVALID, "无法读取检索式文件：%v", err)
	}
	eopt := Options{Format: CSV, BaseURL: opt.BaseURL, BOM: opt.BOM, Now: opt.Now}
	h := newHeader(base, eng, eopt)
	h.Title = "信息公开检索档案库 批量检索结果"
	h.Query = fmt.Sprintf("（%d 条检索式）", len(queries))
	h.Columns = BatchColumns
	bw := bufio.NewWriterSize(w, 64<<10)
	out := newWriter(bw, eopt)
	if err := out.header(h); err != nil {
		return BatchSummary{}, err
	}
	if opt.MaxPerQuery > 0 {
		out.comment(fmt.Sprintf("# max_per_query: %d", opt.MaxPerQuery))
	}
	var sum BatchSummary
	for i, q := range queries {
		sum.Queries++
		no := strconv.Itoa(i + 1)
		req := base
		req.Query = q
		cur, err := eng.Cursor(ctx, req)
		if err != nil {
			if records.ErrorCode(err) != records.EINVALID {
				return sum, err
			}
			sum.Failed++
			out.csv(append(append([]string{no, q, "", ""}, make([]string, len(Columns))...), records.ErrorMessage(err)))
			continue
		}
		total := strconv.Itoa(cur.Total())
		rank := 0
		for opt.MaxPerQuery <= 0 || rank < opt.MaxPerQuery {
			docs, err := cur.Next(ctx)
			if err != nil {
				return sum, err
			}
			if docs == nil {
				break
			}
			for _, d := range docs {
				if opt.MaxPerQuery > 0 && rank >= opt.MaxPerQuery {
					break
				}
				rank++
				out.csv(append(append([]string{no, q, total, strconv.Itoa(rank)}, newRow(d, opt.BaseURL).fields()...), ""))
				sum.Rows++
			}
		}
		if rank == 0 {
			out.csv(append(append([]string{no, q, total, ""}, make([]string, len(Columns))...), ""))
		}
		if out.err != nil {
			return sum, out.err
		}
	}
	out.comment(fmt.Sprintf("# queries: %d; failed: %d; rows: %d", sum.Queries, sum.Failed, sum.Rows))
	if out.err != nil {
		return sum, out.err
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("export: write: %w", err)
	}
	return sum, nil
}
