package indexer

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/xxgk-archive/archive/records"
)

// attachmentExt are the extensions of files a page offers as attachments
// (附件): the documents the archive reads.
var attachmentExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".wps": true, ".et": true,
	".ofd": true, ".rtf": true, ".odt": true, ".ods": true, ".txt": true, ".png": true, ".jpg": true,
	".jpeg": true, ".tif": true, ".tiff": true,
}

// folderAttachments returns the ids the files a saved page links to as
// attachments will have, when those files sit in the same folder tree (a
// CMS page saved with its 附件). The crawler links the attachments it
// fetches itself; this does the same for a folder.
func folderAttachments(it item, page string) []string {
	if it.fsys == nil || it.name == "" || !strings.HasSuffix(it.key, it.name) {
		return nil
	}
	rootKey := strings.TrimSuffix(strings.TrimSuffix(it.key, it.name), "/")
	dir := path.Dir(it.name)
	var ids []string
	seen := map[string]bool{}
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ids
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if string(name) != "a" || !hasAttr {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" {
				if rel, ok := localFile(dir, string(v)); ok && !seen[rel] {
					seen[rel] = true
					if _, err := fs.Stat(it.fsys, rel); err == nil {
						ids = append(ids, DeriveID(path.Join(rootKey, rel)))
					}
				}
			}
			if !more {
				break
			}
		}
	}
}

// localFile resolves a relative link to a document file inside the folder
// tree; absolute URLs and links leaving the tree are not local.
func localFile(dir, href string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	if !attachmentExt[strings.ToLower(path.Ext(u.Path))] {
		return "", false
	}
	rel := path.Clean(path.Join(dir, u.Path))
	if !fs.ValidPath(rel) {
		return "", false
	}
	return rel, true
}

// linkAttachments records page → attachment links for the attachments that
// became records in this run or an earlier one.
func linkAttachments(ctx context.Context, store *records.Store, actor string, pages map[string][]string) error {
	if len(pages) == 0 {
		return nil
	}
	var want []string
	for _, atts := range pages {
		want = append(want, atts...)
	}
	exist, err := store.Metadata(ctx, want)
	if err != nil {
		return fmt.Errorf("记录附件关联：%w", err)
	}
	var links []records.Link
	for page, atts := range pages {
		for _, a := range atts {
			if exist[a] != nil && a != page {
				links = append(links, records.Link{From: page, To: a, Kind: records.LinkAttachment})
			}
		}
	}
	if len(links) == 0 {
		return nil
	}
	if _, err := store.AddLinks(ctx, actor, links); err != nil {
		return fmt.Errorf("记录附件关联：%w", err)
	}
	return nil
}
