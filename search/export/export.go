// Package export writes result sets out for auditors and for other tools:
// every hit of a search as CSV or JSON Lines, streamed, complete (no cap on
// the number of hits) and in bounded memory, and a batch of searches (a
// file of queries in, the hits of each out) as CSV.
//
// A file starts with a header that records what produced it (query,
// filters, as-of date, time, index version) and ends with the number of
// rows written, so a truncated file can be told from a complete one.
//
// CSV: the header and footer are comment lines starting with "#"; then a
// row of column names and one row per hit. A field that starts with "#" is
// quoted, so readers that skip comment lines (encoding/csv with Comment:
// '#') never skip data.
//
// JSON Lines: the first line is {"header":{…}}, then one object per hit,
// then {"footer":{"rows":N}}.
package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// Format is an export format.
type Format string

// The formats.
const (
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// ParseFormat accepts csv and jsonl (also json, ndjson).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "csv":
		return CSV, nil
	case "jsonl", "json", "ndjson":
		return JSONL, nil
	}
	return "", records.Errorf(records.EINVALID, "未知的导出格式 %q（可用 csv、jsonl）", s)
}

// ContentType is the media type of the format, for an HTTP response.
func (f Format) ContentType() string {
	if f == JSONL {
		return "application/x-ndjson; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// Options configure an export.
type Options struct {
	Format Format
	// BaseURL prefixes permalinks (e.g. https://xxgk.example.edu.cn);
	// empty leaves them as paths (/documents/{id}/v/{n}).
	BaseURL string
	// BOM starts a CSV file with a UTF-8 byte-order mark, which Excel needs
	// to read Chinese correctly. Readers that skip comment lines do not
	// expect it, so it is off by default; the web download turns it on.
	BOM bool
	// PageSize is the number of hits read per index request (default
	// search.DefaultCursorPage).
	PageSize int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

func (o *Options) setDefaults() {
	if o.Format == "" {
		o.Format = CSV
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

// Columns are the fields of an exported row, in order.
var Columns = []string{"id", "version", "title", "published", "department", "category", "source_url", "sha256", "permalink"}

// Row is one exported hit.
type Row struct {
	ID         string `json:"id"`
	Version    int    `json:"version"`
	Title      string `json:"title"`
	Published  string `json:"published"`
	Department string `json:"department"`
	Category   string `json:"category"`
	SourceURL  string `json:"source_url"`
	SHA256     string `json:"sha256"`
	Permalink  string `json:"permalink"`
}

func newRow(d *records.Document, base string) Row {
	return Row{ID: d.ID, Version: d.Version, Title: d.Title, Published: d.Published,
		Department: d.Department, Category: d.Category, SourceURL: d.Source, SHA256: d.SHA256,
		Permalink: base + search.Permalink(d.ID, d.Version)}
}

func (r Row) fields() []string {
	return []string{r.ID, strconv.Itoa(r.Version), r.Title, r.Published, r.Department, r.Category,
		r.SourceURL, r.SHA256, r.Permalink}
}

// Header records what produced an export.
type Header struct {
	Title        string            `json:"title"`
	Query        string            `json:"query"`
	Filters      map[string]string `json:"filters"`
	Mode         string            `json:"mode"` // relevance or exact
	Sort         string            `json:"sort"`
	Audience     string            `json:"audience"` // public or staff
	AsOf         string            `json:"as_of"`
	AllVersions  bool              `json:"all_versions"`
	GeneratedAt  string            `json:"generated_at"` // RFC 3339, UTC
	IndexVersion string            `json:"index_version"`
	Total        int               `json:"total"`
	Relaxed      bool              `json:"relaxed,omitempty"`
	Columns      []string          `json:"columns"`
}

// Summary says what an export wrote.
type Summary struct {
	Total int // hits the index reported when the export started
	Rows  int // rows written
}

// Write streams every hit of req to w in the format of opt. Hits are read
// a page at a time and written as they come; nothing but the current page
// is held. An invalid request is an EINVALID records.Error, returned before
// anything is written.
func Write(ctx context.Context, eng *search.Engine, req search.Request, w io.Writer, opt Options) (Summary, error) {
	opt.setDefaults()
	cur, err := eng.Cursor(ctx, req)
	if err != nil {
		return Summary{}, err
	}
	if opt.PageSize > 0 {
		cur.PageSize = opt.PageSize
	}
	h := newHeader(req, eng, opt)
	h.Total, h.Relaxed = cur.Total(), cur.Relaxed()
	bw := bufio.NewWriterSize(w, 64<<10)
	out := newWriter(bw, opt)
	if err := out.header(h); err != nil {
		return Summary{}, err
	}
	sum := Summary{Total: cur.Total()}
	for {
		docs, err := cur.Next(ctx)
		if err != nil {
			return sum, err
		}
		if docs == nil {
			break
		}
		for _, d := range docs {
			if err := out.row(newRow(d, opt.BaseURL)); err != nil {
				return sum, err
			}
			sum.Rows++
		}
	}
	if err := out.footer(sum.Rows); err != nil {
		return sum, err
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("export: write: %w", err)
	}
	return sum, nil
}

func newHeader(req search.Request, eng *search.Engine, opt Options) Header {
	filters := map[string]string{}
	for k, v := range map[string]string{"category": req.Category, "department": req.Department,
		"from": req.From, "to": req.To} {
		if v != "" {
			filters[k] = v
		}
	}
	if req.Year != 0 {
		filters["year"] = strconv.Itoa(req.Year)
	}
	mode, sort, audience := "relevance", req.Sort, "public"
	if req.Exact {
		mode = "exact"
	}
	if sort == "" {
		sort = search.SortRelevance
	}
	if req.Audience == search.Staff {
		audience = "staff"
	}
	return Header{Title: "信息公开检索档案库 检索结果导出", Query: req.Query, Filters: filters, Mode: mode,
		Sort: sort, Audience: audience, AsOf: req.AsOf, AllVersions: req.AllVersions,
		GeneratedAt: opt.Now().UTC().Format(time.RFC3339), IndexVersion: eng.IndexVersion(), Columns: Columns}
}

// writer writes one format.
type writer struct {
	w   *bufio.Writer
	opt Options
	enc *json.Encoder
	err error
}

func newWriter(w *bufio.Writer, opt Options) *writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &writer{w: w, opt: opt, enc: enc}
}

func (w *writer) header(h Header) error {
	if w.opt.Format == JSONL {
		return w.json(map[string]Header{"header": h})
	}
	if w.opt.BOM {
		w.w.WriteString("\ufeff")
	}
	w.comment("# " + h.Title)
	w.comment("# query: " + h.Query)
	var fs []string
	for _, k := range []string{"category", "department", "year", "from", "to"} {
		if v, ok := h.Filters[k]; ok {
			fs = append(fs, k+"="+v)
		}
	}
	w.comment("# filters: " + strings.Join(fs, "; "))
	w.comment(fmt.Sprintf("# mode: %s; sort: %s; audience: %s", h.Mode, h.Sort, h.Audience))
	w.comment(fmt.Sprintf("# as_of: %s; all_versions: %t", h.AsOf, h.AllVersions))
	w.comment("# generated_at: " + h.GeneratedAt)
	w.comment("# index_version: " + h.IndexVersion)
	w.comment(fmt.Sprintf("# total: %d", h.Total))
	if h.Relaxed {
		w.comment("# relaxed: true（没有同时包含全部词语的足够结果，含包含大部分词语的结果）")
	}
	w.csv(h.Columns)
	return w.err
}

func (w *writer) row(r Row) error {
	if w.opt.Format == JSONL {
		return w.json(r)
	}
	w.csv(r.fields())
	return w.err
}

func (w *writer) footer(rows int) error {
	if w.opt.Format == JSONL {
		return w.json(map[string]map[string]int{"footer": {"rows": rows}})
	}
	w.comment(fmt.Sprintf("# rows: %d", rows))
	return w.err
}

func (w *writer) json(v any) error {
	if w.err == nil {
		if err := w.enc.Encode(v); err != nil {
			w.err = fmt.Errorf("export: write: %w", err)
		}
	}
	return w.err
}

// comment writes a comment line; line breaks in the values would start
// lines that are not comments, so they become spaces.
func (w *writer) comment(line string) {
	if w.err != nil {
		return
	}
	line = strings.NewReplacer("\r", " ", "\n", " ").Replace(line)
	if _, err := w.w.WriteString(line + "\n"); err != nil {
		w.err = fmt.Errorf("export: write: %w", err)
	}
}

func (w *writer) csv(fields []string) {
	if w.err != nil {
		return
	}
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		writeField(&b, f)
	}
	b.WriteString("\r\n")
	if _, err := w.w.WriteString(b.String()); err != nil {
		w.err = fmt.Errorf("export: write: %w", err)
	}
}

// writeField writes one CSV field (RFC 4180), quoted when it holds a comma,
// a quote, a line break or leading or trailing space, or starts with "#".
func writeField(b *strings.Builder, f string) {
	if f == "" || (!strings.ContainsAny(f, ",\"\r\n") && f[0] != '#' && f[0] != ' ' && f[len(f)-1] != ' ') {
		b.WriteString(f)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(f, `"`, `""`))
	b.WriteByte('"')
}
