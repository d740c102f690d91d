package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
)

// auditPage is the data of audit.html: a page of the audit log, oldest
// first, as the chain is read.
type auditPage struct {
	base
	Entries []auditRow
	Target  string
	Actor   string
	Next    string
	Latest  string
}

type auditRow struct {
	records.AuditEntry
	When string
}

// auditPageSize is how many entries one page shows.
const auditPageSize = 100

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	aq := records.AuditQuery{Target: strings.TrimSpace(q.Get("target")), Actor: strings.TrimSpace(q.Get("actor")),
		After: max(after, 0), Limit: auditPageSize}
	entries, err := s.store.AuditLog(r.Context(), aq)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.logAccess(r, records.AccessView, "audit_log", q.Encode())
	page := &auditPage{base: s.pageBase(w, r, "审计日志"), Target: aq.Target, Actor: aq.Actor}
	for _, e := range entries {
		page.Entries = append(page.Entries, auditRow{AuditEntry: e, When: chineseDateTime(e.At)})
	}
	link := func(after int64) string {
		v := q
		v.Set("after", strconv.FormatInt(after, 10))
		return "/audit?" + v.Encode()
	}
	if len(entries) == auditPageSize {
		page.Next = link(entries[len(entries)-1].Seq)
	}
	var last int64
	if err := s.store.QueryRowContext(r.Context(), `SELECT COALESCE(MAX(seq), 0) FROM audit_log`).Scan(&last); err == nil && last > auditPageSize && aq.Target == "" && aq.Actor == "" {
		page.Latest = link(last - auditPageSize)
	}
	s.render(w, r, http.StatusOK, "audit", page)
}
