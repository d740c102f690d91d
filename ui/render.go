package ui

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed templates static
var files embed.FS

// pageNames are the templates under templates/, each rendered inside
// layout.html.
var pageNames = []string{"search", "document", "error", "login", "audit", "diff", "attention",
	"desk", "desk_new", "desk_request", "apply", "apply_done", "apply_status",
	"catalogue", "checklist_filing", "report"}

// views are the parsed pages and the static assets.
type views struct {
	pages  map[string]*template.Template
	assets *assets
}

func loadViews() (*views, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}, assets: a}
	funcs := templateFuncs(a)
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("ui: parse template %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// base is what every page carries.
type base struct {
	Site  string
	Title string
	// Query is echoed in the header's search box.
	Query string
	// SearchPage hides the header's search box on the page that has its
	// own.
	SearchPage bool
	// User is the signed-in account's name and role ("" for the public);
	// CSRF is the token the page's forms carry (the session's; pages with a
	// form for the public set it with formToken, so ordinary pages never
	// set a cookie); Accounts says whether sign-in exists at all.
	User     string
	Role     string
	CSRF     string
	Accounts bool
	// Auditor: the account may read the audit log. Desk: the request
	// desk and the public request form exist.
	Auditor bool
	Desk    bool
}

// pageBase is the common data of a page for this request.
func (s *Server) pageBase(w http.ResponseWriter, r *http.Request, title string) base {
	b := base{Site: s.opt.SiteName, Title: title, Accounts: s.accounts != nil, Desk: s.desk != nil}
	if sess := session(r); sess != nil {
		b.User, b.Role, b.CSRF = sess.User.Name(), sess.User.Role.Label(), sess.CSRF
		b.Auditor = auditors.allowed(sess)
	}
	return b
}

// errorPage is the data of error.html.
type errorPage struct {
	base
	Status  int
	Message string
}

// render executes a page into a buffer and writes it, so a template
// failure is a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t := s.views.pages[name]
	var buf bytes.Buffer
	if t == nil {
		s.log.Error("render page: no such template", "page", name)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "服务器内部错误", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// asset is one embedded static file.
type asset struct {
	data        []byte
	contentType string
	immutable   bool
}

// assets serves the embedded static files under content-hashed names
// (style.3f2a9c1e.css), cached for a year: a new build changes the name, so
// browsers never run stale code. The plain names answer too, uncached.
type assets struct {
	byPath map[string]asset
	urls   map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{byPath: map[string]asset{}, urls: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		a.byPath["/static/"+hashed] = asset{data: data, contentType: ct, immutable: true}
		a.byPath["/static/"+name] = asset{data: data, contentType: ct}
		a.urls[name] = "/static/" + hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ui: load assets: %w", err)
	}
	return a, nil
}

// url returns the content-hashed URL of a static file; a missing one fails
// the template at start-up-time rendering tests rather than silently.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("ui: no static file %q", name)
	}
	return u, nil
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.byPath[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	if f.immutable {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "no-cache")
	}
	h.Set("Content-Length", fmt.Sprint(len(f.data)))
	if r.Method != http.MethodHead {
		w.Write(f.data)
	}
}
