package ui

import (
	"html/template"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/xxgk-archive/archive/records"
	"github.com/xxgk-archive/archive/search"
)

// documentPage is the data of document.html.
type documentPage struct {
	base
	Doc        *records.Document
	Date       string
	Body       template.HTML
	Meta       []metaRow
	Original   string
	Back       string
	Related    []hitView
	Restricted string
	Marked     bool
	// Self is the page without highlights; CategoryURL lists the category.
	Self        string
	CategoryURL string
	// History lists the versions; Version and VersionNote are set on a
	// version's own page; OriginalHash names a past version's original
	// (downloadable only from the current version's page).
	History      []versionRow
	Version      *records.Version
	VersionNote  string
	OriginalHash string
	// Sources are where the same file was also found; Links are
	// attachments and near-duplicates.
	Sources []records.Source
	Links   []docLink
	// Writer shows the staff's record actions; Retracted is the record's
	// retraction, when it has one.
	Writer    bool
	Retracted string
	// Quality is the extraction's quality record, for staff.
	Quality   []metaRow
	Attention bool
	Warnings  []string
}

// docLink is a related record by a stored link.
type docLink struct {
	Label string
	URL   string
	Title string
}

// metaRow is one line of the metadata table; URL makes the value a link.
type metaRow struct {
	Label, Value, URL string
	Mono              bool
}

// relatedCount is how many related documents a page lists.
const relatedCount = 6

func (s *Server) handleDocumentPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := s.audience(r)
	d, err := s.engine.Document(ctx, idVar(r), a)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.logAccess(r, records.AccessView, records.DocumentTarget(d.ID), "")
	q := r.URL.Query()
	p := params{Q: strings.TrimSpace(q.Get("q")), Exact: q.Get("mode") == "exact"}
	terms := s.engine.Terms(ctx, p.Q, p.Exact)
	related, err := s.engine.Related(ctx, d, a, relatedCount)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	page := &documentPage{
		base: s.pageBase(w, r, d.Title), Doc: d, Date: chineseDate(d.Published),
		// Highlight escapes the text and adds only <mark> elements.
		Body: template.HTML(search.Highlight(d.Body, terms)),
		Meta: documentMeta(d), Marked: len(terms) > 0,
	}
	page.Self = "/documents/" + url.PathEscape(d.ID)
	if d.Category != "" {
		page.CategoryURL = params{Category: d.Category}.url()
	}
	if p.Q != "" {
		page.Back = p.url()
		page.Query = p.Q
	}
	if d.SHA256 != "" {
		page.Original = "/documents/" + url.PathEscape(d.ID) + "/original"
	}
	if d.Visibility != records.Public {
		page.Restricted = d.Visibility.Label()
	}
	if sess := session(r); sess != nil {
		page.Writer = sess.User.Role.CanWrite()
		page.Quality, page.Attention, page.Warnings = qualityRows(d.Quality)
	}
	if rt := d.Retraction; rt != nil {
		page.Retracted = "已于 " + chineseDateTime(rt.At) + " 撤回：" + rt.Reason
	}
	if page.History, err = s.history(r, d.ID, a, d.Version); err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(page.History) < 2 {
		page.History = nil // a single version needs no table
	}
	if page.Sources, err = s.store.Sources(ctx, d.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	if len(page.Sources) < 2 {
		page.Sources = nil
	}
	if page.Links, err = s.docLinks(r, d.ID, a); err != nil {
		s.pageError(w, r, err)
		return
	}
	for _, h := range related {
		v := newHitView(h, params{})
		// The similarity query's words are not what the reader searched
		// for: related titles are shown unmarked.
		v.TitleHTML = template.HTML(template.HTMLEscapeString(h.Title))
		page.Related = append(page.Related, v)
	}
	s.render(w, r, http.StatusOK, "document", page)
}

// documentMeta lists the record's metadata in the order a disclosure
// catalogue prints it (索引号, 文号, 发布机构, 类别, 日期 …).
func documentMeta(d *records.Document) []metaRow {
	var rows []metaRow
	add := func(label, value string) {
		if value != "" {
			rows = append(rows, metaRow{Label: label, Value: value})
		}
	}
	add("索引号", d.IndexNumber)
	add("文号", d.DocNumber)
	add("发布机构", d.Department)
	add("类别", d.Category)
	add("发布日期", chineseDate(d.Published))
	add("公开属性", d.Visibility.Label())
	if d.Source != "" {
		row := metaRow{Label: "来源", Value: d.Source}
		if u, err := url.Parse(d.Source); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			row.URL = d.Source
		}
		rows = append(rows, row)
	}
	add("收录时间", chineseDateTime(d.IngestedAt))
	if d.Version > 1 {
		add("最近更新", chineseDateTime(d.UpdatedAt))
	}
	rows = append(rows, metaRow{Label: "版本", Value: strconv.Itoa(d.Version)})
	if d.SHA256 != "" {
		rows = append(rows, metaRow{Label: "原件 SHA-256", Value: d.SHA256, Mono: true})
	}
	return rows
}

// handleOriginal sends the original file exactly as received. It is offered
// as a download and sandboxed, so an original HTML page cannot run script on
// the archive's origin.
func (s *Server) handleOriginal(w http.ResponseWriter, r *http.Request) {
	d, err := s.engine.Document(r.Context(), idVar(r), s.audience(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if d.SHA256 == "" {
		s.pageError(w, r, records.Errorf(records.ENOTFOUND, "文档 %s 没有保存原始文件", d.ID))
		return
	}
	s.logAccess(r, records.AccessDownload, records.DocumentTarget(d.ID), d.SHA256)
	f, err := s.store.Blobs().Open(d.SHA256)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer f.Close()
	name := originalName(d)
	h := w.Header()
	h.Set("Content-Type", originalType(name))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("ETag", `"`+d.SHA256+`"`)
	h.Set("Cache-Control", "private, no-cache")
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", d.UpdatedAt, rs)
		return
	}
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}

// originalName is the download's file name: the source's own name when it
// has one, else the id with the extension of its format.
func originalName(d *records.Document) string {
	src := d.Source
	if u, err := url.Parse(src); err == nil && u.Scheme != "" && u.Host != "" {
		src = u.Path
	}
	base := path.Base(strings.ReplaceAll(src, `\`, "/"))
	if i := strings.IndexAny(base, "#:?"); i >= 0 {
		base = base[:i]
	}
	if base != "" && base != "." && base != "/" && path.Ext(base) != "" && !strings.HasSuffix(base, ".jsonl") {
		return base
	}
	switch d.Format {
	case "html":
		return d.ID + ".html"
	case "text":
		return d.ID + ".txt"
	case "markdown":
		return d.ID + ".md"
	case "manifest":
		return d.ID + ".json"
	}
	return d.ID + ".bin"
}

// originalType is the content type of a download by its name. Text types
// carry no charset: originals are often GBK, and the browser reads the
// file's own declaration better than a guess from here.
func originalType(name string) string {
	t := mime.TypeByExtension(path.Ext(name))
	if t == "" {
		return "application/octet-stream"
	}
	if mt, _, err := mime.ParseMediaType(t); err == nil && strings.HasPrefix(mt, "text/") {
		return mt
	}
	return t
}

// logAccess records a signed-in account's read in the access log (the
// public's reads are not personal data worth keeping). A failure to log is
// reported but does not stop the read.
func (s *Server) logAccess(r *http.Request, action, target, detail string) {
	sess := session(r)
	if sess == nil {
		return
	}
	if err := s.store.LogAccess(r.Context(), records.AccessEntry{Actor: sess.User.Actor(), Action: action, Target: target, Detail: detail}); err != nil {
		s.log.Error("access log", "err", err)
	}
}

// docLinks lists the records linked to id (attachments of a page, the page
// of an attachment, near-duplicates) that audience a may see.
func (s *Server) docLinks(r *http.Request, id string, a search.Audience) ([]docLink, error) {
	links, err := s.store.Links(r.Context(), id)
	if err != nil {
		return nil, err
	}
	var out []docLink
	for _, l := range links {
		other, label := l.To, "附件"
		switch {
		case l.Kind == "attachment" && l.To == id:
			other, label = l.From, "所在页面"
		case l.Kind != "attachment":
			label = "相似文件"
			if l.To == id {
				other = l.From
			}
		}
		d, err := s.engine.Document(r.Context(), other, a)
		if err != nil {
			if records.ErrorCode(err) == records.ENOTFOUND {
				continue
			}
			return nil, err
		}
		out = append(out, docLink{Label: label, URL: "/documents/" + url.PathEscape(d.ID), Title: d.Title})
	}
	return out, nil
}
