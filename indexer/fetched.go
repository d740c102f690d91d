package indexer

import (
	"context"
	"fmt"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/xxgk-archive/archive/indexer/extract"
	"github.com/xxgk-archive/archive/records"
)

// Fetched is a document fetched over the network (by the crawler), held in
// memory: the original bytes as served and what the server said about
// them.
type Fetched struct {
	// URL is where the document was fetched from: the record's source,
	// and what its id derives from (DeriveID(URL)) unless Meta gives one,
	// so fetching the page again updates its record instead of adding a
	// duplicate.
	URL string
	// Data are the original bytes, after any Content-Encoding was undone.
	Data []byte
	// ContentType is the Content-Type header; its charset parameter is the
	// first evidence of a page's encoding, before <meta>, a BOM and
	// detection.
	ContentType string
	// Name is the file name from a Content-Disposition header, if any; the
	// extractor of a non-HTML document is chosen from it, else from the
	// URL's path, else from ContentType.
	Name string
	// Meta is explicit metadata, with the manifest's field names (title,
	// category, department, published, doc_number, index_number,
	// visibility, id). It wins over everything, as a manifest does.
	Meta map[string]string
	// Inherit is metadata of the page an attachment hangs from (category,
	// department, published): used when the attachment itself gives none,
	// before the classification rules.
	Inherit map[string]string
}

// IngestFetched stores documents fetched over the network through the same
// steps as files: extraction (with the HTTP charset), page metadata,
// classification and near-duplicate detection. Documents that cannot be
// read are rejected with a reason in the summary, as files are.
func IngestFetched(ctx context.Context, store *records.Store, docs []Fetched, opt IngestOptions) (Summary, error) {
	opt.SetDefaults()
	var total int64
	for i := range docs {
		total += int64(len(docs[i].Data))
	}
	return ingest(ctx, store, opt, total, func(ctx context.Context, out chan<- item, reject rejectFunc) error {
		for i := range docs {
			f := &docs[i]
			if _, err := url.Parse(f.URL); err != nil || f.URL == "" {
				reject(f.URL, "bad_url", fmt.Sprintf("网址 %q 无效", f.URL))
				continue
			}
			it := item{name: f.fileName(), source: f.URL, key: f.URL, meta: f.Meta, fetched: f}
			select {
			case out <- it:
				opt.consumed.Add(int64(len(f.Data)))
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
}

// read returns an item's original bytes and what extraction found in them.
func (it item) read(ctx context.Context, limit int64) ([]byte, extract.Result, error) {
	if it.fetched == nil {
		return readAndExtract(ctx, it.fsys, it.name, limit)
	}
	return it.fetched.extract(ctx, it.name, limit)
}

// extract reads a fetched document: HTML and plain text with the charset
// the server declared, anything else by its file name and content, as a
// file would be.
func (f *Fetched) extract(ctx context.Context, name string, limit int64) ([]byte, extract.Result, error) {
	if int64(len(f.Data)) > limit {
		return nil, extract.Result{}, &extract.Rejection{Code: extract.CodeTooLarge,
			Reason: fmt.Sprintf("文件过大（%.1f MB，上限 %d MB）", float64(len(f.Data))/(1<<20), limit>>20)}
	}
	var opt extract.Options
	opt.SetDefaults()
	mt, params, _ := mime.ParseMediaType(f.ContentType)
	switch mt {
	case "text/html", "application/xhtml+xml":
		r, err := extract.HTML(f.Data, params["charset"], opt)
		return f.Data, r, err
	case "text/plain":
		if cs := params["charset"]; cs != "" {
			text, _, _, _, err := extract.Decode(f.Data, cs)
			if err != nil {
				return nil, extract.Result{}, err
			}
			r, err := extract.Text([]byte(text), opt)
			return f.Data, r, err
		}
	}
	r, err := extract.FileContext(ctx, name, f.Data, opt)
	return f.Data, r, err
}

// typeExt gives a file extension to documents whose URL has none
// (download.jsp?id=…), so the extractor can be chosen from the name.
var typeExt = map[string]string{
	"text/html":             ".html",
	"application/xhtml+xml": ".html",
	"text/plain":            ".txt",
	"text/markdown":         ".md",
	"application/pdf":       ".pdf",
	"application/msword":    ".doc",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
	"application/vnd.ms-excel": ".xls",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/vnd.oasis.opendocument.text":                           ".odt",
	"application/vnd.oasis.opendocument.spreadsheet":                    ".ods",
	"application/ofd":          ".ofd",
	"application/rtf":          ".rtf",
	"text/rtf":                 ".rtf",
	"application/wps":          ".wps",
	"application/vnd.ms-works": ".wps",
	"image/png":                ".png",
	"image/jpeg":               ".jpg",
	"image/tiff":               ".tif",
	"application/zip":          ".zip",
}

// fileName is the name the extractor sees: the Content-Disposition name,
// else the last segment of the URL's path, with an extension from the
// Content-Type when it has none.
func (f *Fetched) fileName() string {
	name := f.Name
	if name == "" {
		if u, err := url.Parse(f.URL); err == nil {
			name = path.Base(u.Path)
			if un, err := url.PathUnescape(name); err == nil {
				name = un
			}
		}
	}
	name = strings.Trim(strings.ReplaceAll(name, `\`, "/"), "/")
	name = path.Base(name)
	if name == "." || name == "/" || name == "" {
		name = "index"
	}
	if path.Ext(name) == "" {
		mt, _, _ := mime.ParseMediaType(f.ContentType)
		if ext, ok := typeExt[mt]; ok {
			name += ext
		}
	}
	return name
}
