package ui

import (
	"net/http"
	"net/url"
	"time"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// apiSearchResult is the body of GET /api/search: the search result in the
// contract's shape (design.md), plus how long the search took.
type apiSearchResult struct {
	*search.Result
	TookMS float64 `json:"took_ms"`
}

func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	p, err := parseParams(r.URL.Query())
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	ctx, cancel := s.searchContext(r)
	defer cancel()
	res, err := s.engine.Search(ctx, p.request(s.audience(r)))
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, apiSearchResult{Result: res, TookMS: float64(res.Took.Microseconds()) / 1000})
}

// apiDocument is the body of GET /api/documents/{id}: the record's metadata
// and text.
type apiDocument struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	Body        string             `json:"body"`
	Category    string             `json:"category"`
	Department  string             `json:"department"`
	Published   string             `json:"published"`
	DocNumber   string             `json:"doc_number"`
	IndexNumber string             `json:"index_number"`
	Source      string             `json:"source"`
	Visibility  records.Visibility `json:"visibility"`
	SHA256      string             `json:"sha256"`
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	IngestedAt  time.Time          `json:"ingested_at"`
	UpdatedAt   time.Time          `json:"updated_at"`
	URL         string             `json:"url"`
	OriginalURL string             `json:"original_url,omitempty"`
}

func newAPIDocument(d *records.Document) apiDocument {
	page := "/documents/" + url.PathEscape(d.ID)
	a := apiDocument{
		ID: d.ID, Title: d.Title, Body: d.Body, Category: d.Category, Department: d.Department,
		Published: d.Published, DocNumber: d.DocNumber, IndexNumber: d.IndexNumber,
		Source: d.Source, Visibility: d.Visibility, SHA256: d.SHA256, Format: d.Format,
		Version: d.Version, IngestedAt: d.IngestedAt, UpdatedAt: d.UpdatedAt, URL: page,
	}
	if d.SHA256 != "" {
		a.OriginalURL = page + "/original"
	}
	return a
}

func (s *Server) handleAPIDocument(w http.ResponseWriter, r *http.Request) {
	d, err := s.engine.Document(r.Context(), idVar(r), s.audience(r))
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, newAPIDocument(d))
}

// health is the body of GET /healthz.
type health struct {
	Status string `json:"status"`
	// Documents is the number of records; Pending is how many changes the
	// index has yet to apply (0 when searches see everything).
	Documents int   `json:"documents"`
	Seq       int64 `json:"seq"`
	Pending   int64 `json:"pending"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	n, err := s.store.Count(ctx)
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	last, err := s.store.LastSeq(ctx)
	if err != nil {
		s.apiFailure(w, r, err)
		return
	}
	seq := s.index.Seq()
	s.writeJSON(w, r, http.StatusOK, health{Status: "ok", Documents: n, Seq: seq, Pending: max(0, last-seq)})
}
