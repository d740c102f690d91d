package ui

import (
	"bufio"
	"mime"
	"net/http"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search/export"
)

// handleExport streams every hit of a search as CSV or JSONL: the same
// parameters as /api/search (page and size are ignored: an export is the
// whole result set), plus format=csv|jsonl.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r.URL.Query())
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	format, err := export.ParseFormat(r.URL.Query().Get("format"))
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	req := p.request(s.audience(r))
	req.Page, req.Size = 0, 0
	// Check the request before the headers go out, so a bad query is a
	// JSON 400 rather than a broken download.
	probe := req
	probe.Size = 1
	if _, err := s.engine.Search(r.Context(), probe); err != nil {
		s.apiFailure(w, r, err)
		return
	}
	s.logAccess(r, records.AccessExport, "search", r.URL.RawQuery)
	// A complete export of a large archive outlives the server's write
	// timeout; it is bounded by the client staying connected instead.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	ext := ".csv"
	if format == export.JSONL {
		ext = ".jsonl"
	}
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": exportFilename(p, ext)}))
	h.Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := export.Write(r.Context(), s.engine, req, bw, export.Options{Format: format, BOM: format == export.CSV}); err != nil {
		// The headers are gone; the footer's absence marks the file as
		// incomplete for whoever reads it.
		s.log.Warn("export interrupted", "err", err)
		return
	}
	bw.Flush()
}

// maxBatchBytes bounds a batch file of queries.
const maxBatchBytes = 1 << 20

// handleBatch runs a file of queries (one per line, the request body) and
// streams the hits of each as one CSV. Filters in the URL apply to every
// query.
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r.URL.Query())
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	base := p.request(s.audience(r))
	base.Query, base.Page, base.Size = "", 0, 0
	s.logAccess(r, records.AccessExport, "batch", r.URL.RawQuery)
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	body := http.MaxBytesReader(w, r.Body, maxBatchBytes)
	h := w.Header()
	h.Set("Content-Type", export.CSV.ContentType())
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "批量检索结果.csv"}))
	h.Set("Cache-Control", "no-store")
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := export.Batch(r.Context(), s.engine, body, base, bw, export.BatchOptions{BOM: true}); err != nil {
		s.log.Warn("batch interrupted", "err", err)
		return
	}
	bw.Flush()
}
