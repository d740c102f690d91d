package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/xxgk-archive/archive/indexer"
	"github.com/xxgk-archive/archive/indexer/sample"
	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/records/accounts"
	"github.com/xxgk-archive/archive/records/desk"
	"github.com/xxgk-archive/archive/search"
	"github.com/xxgk-archive/archive/ui"
)

// fixedNow is the clock of the test archives, so pages are reproducible.
var fixedNow = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

// archive is a served archive for tests.
type archive struct {
	store    *records.Store
	index    *indexer.Index
	engine   *search.Engine
	ui       *ui.Server
	accounts *accounts.Accounts
	server   *httptest.Server
}

// sampleArchive is the bundled demo corpus, served once for the tests that
// only read.
var sampleArchive *archive

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ui-test-")
	if err != nil {
		panic(err)
	}
	sampleArchive, err = openArchive(dir, func(ctx context.Context, s *records.Store) error {
		corpus, err := fsSub()
		if err != nil {
			return err
		}
		_, err = indexer.IngestFS(ctx, s, corpus, "sample", indexer.IngestOptions{})
		return err
	})
	if err != nil {
		panic(err)
	}
	code := m.Run()
	sampleArchive.close()
	os.RemoveAll(dir)
	os.Exit(code)
}

func fsSub() (fs.FS, error) { return fs.Sub(sample.Corpus, "corpus") }

// openArchive fills a store in dir with fill, indexes it in memory and
// serves it.
func openArchive(dir string, fill func(context.Context, *records.Store) error) (*archive, error) {
	ctx := context.Background()
	store, err := records.Open(ctx, dir)
	if err != nil {
		return nil, err
	}
	store.Now = func() time.Time { return fixedNow }
	if err := fill(ctx, store); err != nil {
		return nil, err
	}
	idx, err := indexer.OpenIndex(ctx, "", store, indexer.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := idx.Sync(ctx); err != nil {
		return nil, err
	}
	eng := search.New(idx, search.Options{})
	dk, err := desk.Open(store, dir)
	if err != nil {
		return nil, err
	}
	srv, err := ui.New(idx, eng, ui.Options{Logger: testLogger(), Accounts: accounts.New(store), Desk: dk})
	if err != nil {
		return nil, err
	}
	return &archive{store: store, index: idx, engine: eng, ui: srv, accounts: accounts.New(store),
		server: httptest.NewServer(srv.Handler())}, nil
}

func (a *archive) close() {
	a.server.Close()
	a.index.Close()
	a.store.Close()
}

// get fetches a path and returns the status and body.
func (a *archive) get(t *testing.T, path string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(a.server.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// getJSON fetches an API path and decodes its body into v.
func (a *archive) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	status, body, h := a.get(t, path)
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: content type %q, body %s", path, ct, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
	return status
}

// apiResult is the part of /api/search the tests read.
type apiResult struct {
	Total int `json:"total"`
	Hits  []struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		Category   string `json:"category"`
		Department string `json:"department"`
		Published  string `json:"published"`
		Snippet    string `json:"snippet"`
		URL        string `json:"url"`
	} `json:"hits"`
	Facets map[string][]struct {
		Value string `json:"value"`
		Count int    `json:"count"`
	} `json:"facets"`
	Error string `json:"error"`
	Code  string `json:"code"`
}

func searchPath(v url.Values) string { return "/api/search?" + v.Encode() }

// publicDocs returns every public record, the brute-force oracle the
// searches are checked against.
func publicDocs(t *testing.T, s *records.Store) []*records.Document {
	t.Helper()
	var out []*records.Document
	err := s.Scan(context.Background(), func(d *records.Document) error {
		if d.Visibility == records.Public {
			c := *d
			out = append(out, &c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// links returns the href of every <a> inside elements of class cls whose
// text contains label.
func links(t *testing.T, page, cls, label string) []string {
	t.Helper()
	root, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(n *html.Node, inside bool)
	walk = func(n *html.Node, inside bool) {
		if n.Type == html.ElementNode && hasClass(n, cls) {
			inside = true
		}
		if inside && n.Type == html.ElementNode && n.Data == "a" && strings.Contains(text(n), label) {
			out = append(out, attr(n, "href"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inside)
		}
	}
	walk(root, false)
	return out
}

func hasClass(n *html.Node, cls string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == cls {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(fmt.Sprint(err))
	}
	return v
}

// testLogger discards the server's log unless ARCHIVE_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("ARCHIVE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

// getPage fetches a page with a browser and returns its body.
func getPage(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s", u, resp.Status)
	}
	return string(b)
}

// decodeJSON decodes a response body into v.
func decodeJSON(t *testing.T, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
