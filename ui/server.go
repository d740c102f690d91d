package ui

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// Options configure a Server.
type Options struct {
	// SiteName is shown in the header and page titles.
	SiteName string
	// SearchTimeout bounds one search; a slower one answers 503.
	SearchTimeout time.Duration
	Logger        *slog.Logger
}

// SetDefaults fills unset options.
func (o *Options) SetDefaults() {
	if o.SiteName == "" {
		o.SiteName = "信息公开检索档案库"
	}
	if o.SearchTimeout == 0 {
		o.SearchTimeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Server serves the web UI and the JSON API over one archive.
type Server struct {
	engine *search.Engine
	store  *records.Store
	index  *indexer.Index
	opt    Options
	log    *slog.Logger
	views  *views
	router *mux.Router
}

// New returns a server over the index (and the records it follows). It
// parses every template at start-up, so a broken one fails here, not on the
// first request.
func New(idx *indexer.Index, eng *search.Engine, opt Options) (*Server, error) {
	opt.SetDefaults()
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	s := &Server{engine: eng, store: idx.Store(), index: idx, opt: opt, log: opt.Logger, views: v}
	s.router = s.routes()
	return s, nil
}

// Handler returns the server's handler with its middleware: panic recovery,
// security headers and the access log.
func (s *Server) Handler() http.Handler {
	return s.accessLog(s.recoverPanics(securityHeaders(s.router)))
}

// routes are every route of the server, in one place.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter()
	// Match on the encoded path, so an id holding "/" (escaped as %2F in
	// its URL) stays one path segment; handlers unescape it (idVar).
	r.UseEncodedPath()
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(s.methodNotAllowed)

	r.HandleFunc("/", s.handleSearchPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/documents/{id}", s.handleDocumentPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/documents/{id}/original", s.handleOriginal).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	r.PathPrefix("/static/").Handler(s.views.assets).Methods(http.MethodGet, http.MethodHead)

	// The API is registered on the root router, not a subrouter: mux
	// reports a wrong method inside a subrouter as 404, not 405.
	r.HandleFunc("/api/search", s.handleAPISearch).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/documents/{id}", s.handleAPIDocument).Methods(http.MethodGet, http.MethodHead)
	return r
}

// idVar is the {id} of the route, unescaped.
func idVar(r *http.Request) string {
	raw := mux.Vars(r)["id"]
	id, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return id
}

// audience is who is asking. Until accounts exist everyone is the public.
func (s *Server) audience(*http.Request) search.Audience { return search.Public }

// searchContext bounds one search.
func (s *Server) searchContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opt.SearchTimeout)
}
