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
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
)

// Options configure a Server.
type Options struct {
	// SiteName is shown in the header and page titles.
	SiteName string
	// SearchTimeout bounds one search; a slower one answers 503.
	SearchTimeout time.Duration
	Logger        *slog.Logger
	// Accounts enables sign-in for staff and auditors; nil serves the
	// public only.
	Accounts *accounts.Accounts
	// SecureCookies marks cookies Secure even without TLS on this
	// connection, for a server behind a TLS-terminating proxy.
	SecureCookies bool
	// Desk enables the request desk (依申请公开) and the public request
	// form; nil serves neither.
	Desk *desk.Desk
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
	engine   *search.Engine
	store    *records.Store
	index    *indexer.Index
	accounts *accounts.Accounts
	desk     *desk.Desk
	opt      Options
	log      *slog.Logger
	views    *views
	router   *mux.Router
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
	s := &Server{engine: eng, store: idx.Store(), index: idx, accounts: opt.Accounts, desk: opt.Desk, opt: opt, log: opt.Logger, views: v}
	s.router = s.routes()
	return s, nil
}

// Handler returns the server's handler with its middleware: panic recovery,
// security headers and the access log.
func (s *Server) Handler() http.Handler {
	return s.accessLog(s.recoverPanics(securityHeaders(s.withSession(s.router))))
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
	r.HandleFunc("/documents/{id}/v/{n}", s.handleVersionPage).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/documents/{id}/diff", s.handleDiff).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/healthz", s.handleHealth).Methods(http.MethodGet, http.MethodHead)
	if s.accounts != nil {
		r.HandleFunc("/login", s.handleLoginPage).Methods(http.MethodGet, http.MethodHead)
		r.HandleFunc("/login", s.handleLogin).Methods(http.MethodPost)
		r.HandleFunc("/logout", s.handleLogout).Methods(http.MethodPost)
		r.HandleFunc("/audit", s.require(auditors, s.handleAudit)).Methods(http.MethodGet, http.MethodHead)
		r.HandleFunc("/attention", s.require(signedIn, s.handleAttention)).Methods(http.MethodGet, http.MethodHead)
		r.HandleFunc("/documents/{id}/{action:retract|restore|visibility}", s.require(writer, s.handleRecordAction)).Methods(http.MethodPost)
	}
	r.PathPrefix("/static/").Handler(s.views.assets).Methods(http.MethodGet, http.MethodHead)

	s.deskRoutes(r)
	s.catalogueRoutes(r)

	// The API is registered on the root router, not a subrouter: mux
	// reports a wrong method inside a subrouter as 404, not 405.
	r.HandleFunc("/api/search", s.handleAPISearch).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/documents/{id}", s.handleAPIDocument).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/export", s.handleExport).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/batch", s.handleBatch).Methods(http.MethodPost)
	return r
}

// Routes lists every route as "METHOD /path/template", so operators (and
// the access-table test) can see the whole surface.
func (s *Server) Routes() []string {
	var out []string
	s.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			tpl, _ = route.GetPathRegexp()
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			out = append(out, m+" "+tpl)
		}
		return nil
	})
	return out
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

// searchContext bounds one search.
func (s *Server) searchContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opt.SearchTimeout)
}
