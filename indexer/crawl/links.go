package crawl

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxURLBytes bounds the URLs the crawler keeps: longer ones are calendar
// traps and session garbage, not documents.
const maxURLBytes = 2048

// jsessionID is the session id Java CMSes append to paths
// (/info/1011/1003.htm;jsessionid=…): the same page under every session.
var jsessionID = regexp.MustCompile(`(?i);jsessionid=[^/?#]*`)

// Canonical returns the form of a URL the crawler stores and derives ids
// from: http or https only, host in lower case without a default port, no
// fragment, no session id, an empty path as "/". ok is false for URLs the
// crawler does not follow.
func Canonical(u *url.URL) (string, bool) {
	if u == nil {
		return "", false
	}
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	if c.Scheme != "http" && c.Scheme != "https" || c.Host == "" || c.User != nil {
		return "", false
	}
	host := strings.ToLower(c.Hostname())
	port := c.Port()
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	c.Host = host
	c.Fragment, c.RawFragment = "", ""
	c.Path = jsessionID.ReplaceAllString(c.Path, "")
	c.RawPath = jsessionID.ReplaceAllString(c.RawPath, "")
	if c.Path == "" {
		c.Path, c.RawPath = "/", ""
	}
	c.ForceQuery = false
	s := c.String()
	if len(s) > maxURLBytes {
		return "", false
	}
	return s, true
}

// CanonicalString parses and canonicalises a URL given as text.
func CanonicalString(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	return Canonical(u)
}

// attachmentExt are the extensions of files a page offers as attachments
// (附件): each becomes a record of its own, linked to the page.
var attachmentExt = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true,
	".wps": true, ".et": true, ".dps": true, ".ofd": true, ".rtf": true, ".odt": true, ".ods": true,
	".odp": true, ".txt": true, ".csv": true, ".zip": true, ".rar": true, ".7z": true,
}

// imageExt are fetched only when the page calls them attachments (a scanned
// notice offered as 附件); any other image is decoration.
var imageExt = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".tif": true, ".tiff": true}

// skipExt are never documents: styles, scripts, media, fonts, programs.
var skipExt = map[string]bool{
	".css": true, ".js": true, ".gif": true, ".ico": true, ".svg": true, ".webp": true, ".bmp": true,
	".mp3": true, ".mp4": true, ".avi": true, ".wmv": true, ".flv": true, ".mov": true, ".swf": true,
	".woff": true, ".woff2": true, ".ttf": true, ".eot": true, ".exe": true, ".msi": true, ".apk": true,
	".dmg": true, ".iso": true, ".xml": true, ".rss": true, ".json": true,
}

// Link is a link found on a page.
type Link struct {
	URL        string // canonical
	Text       string // the anchor text, trimmed
	Attachment bool   // a file the page offers (附件), not a page to crawl
}

// attachWord marks the text before a link as introducing attachments.
const attachWord = "附件"

// ExtractLinks returns the links of a decoded HTML page, resolved against
// base (or the page's <base href>), canonical, each once, in page order:
// <a> and <area> hrefs, <frame> and <iframe> sources, and a <meta
// http-equiv="refresh"> target. A link is an attachment when its path or
// its text ends in a document extension (.pdf, .docx, .xls, .wps, .ofd …;
// download.jsp?id=… links name the file in their text), or when it follows
// the word 附件 in the same block.
func ExtractLinks(page string, base *url.URL) []Link {
	z := html.NewTokenizer(strings.NewReader(page))
	var out []Link
	seen := map[string]int{}
	add := func(raw, text string, attachContext bool) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.HasPrefix(raw, "#") {
			return
		}
		low := strings.ToLower(raw)
		for _, p := range []string{"javascript:", "mailto:", "tel:", "data:", "ftp:", "file:"} {
			if strings.HasPrefix(low, p) {
				return
			}
		}
		ref, err := url.Parse(raw)
		if err != nil {
			return
		}
		c, ok := Canonical(base.ResolveReference(ref))
		if !ok {
			return
		}
		cu, _ := url.Parse(c)
		ext := strings.ToLower(path.Ext(cu.Path))
		textExt := strings.ToLower(path.Ext(text))
		// An image is an attachment when the page offers it as a file (its
		// text names an image file, or 附件 introduces it), decoration
		// otherwise.
		attach := attachmentExt[ext] || attachmentExt[textExt] || imageExt[textExt]
		if !attach && imageExt[ext] {
			if !attachContext {
				return
			}
			attach = true
		}
		if !attach && skipExt[ext] {
			return
		}
		if attachContext || strings.HasPrefix(text, attachWord) {
			attach = true
		}
		if i, dup := seen[c]; dup {
			if out[i].Text == "" {
				out[i].Text = text
			}
			out[i].Attachment = out[i].Attachment || attach
			return
		}
		seen[c] = len(out)
		out = append(out, Link{URL: c, Text: text, Attachment: attach})
	}

	// context holds the recent text of the current block outside links,
	// to see whether 附件 introduces what follows.
	var context strings.Builder
	resetContext := func() { context.Reset() }
	var anchor *struct {
		href string
		text strings.Builder
		ctx  bool
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if anchor != nil {
				add(anchor.href, clean(anchor.text.String()), anchor.ctx)
			}
			return out
		case html.TextToken:
			t := string(z.Text())
			if anchor != nil {
				if anchor.text.Len() < 1024 {
					anchor.text.WriteString(t)
				}
				continue
			}
			context.WriteString(t)
			if s := context.String(); len(s) > 256 {
				context.Reset()
				context.WriteString(lastRunes(s, 40))
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, ok := attrs[string(k)]; !ok {
					attrs[string(k)] = string(v)
				}
			}
			if tt == html.EndTagToken {
				switch a {
				case atom.A:
					if anchor != nil {
						add(anchor.href, clean(anchor.text.String()), anchor.ctx)
						context.WriteString(" ")
						anchor = nil
					}
				case atom.P, atom.Div, atom.Li, atom.Tr, atom.Td, atom.Table, atom.Ul, atom.Ol, atom.Dd, atom.Dl,
					atom.Section, atom.Article, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					resetContext()
				}
				continue
			}
			switch a {
			case atom.Base:
				if h := attrs["href"]; h != "" {
					if b, err := url.Parse(strings.TrimSpace(h)); err == nil {
						base = base.ResolveReference(b)
					}
				}
			case atom.A, atom.Area:
				if anchor != nil { // an unclosed <a>: close it
					add(anchor.href, clean(anchor.text.String()), anchor.ctx)
					anchor = nil
				}
				href, ok := attrs["href"]
				if !ok {
					continue
				}
				ctx := strings.Contains(context.String(), attachWord)
				if a == atom.Area || tt == html.SelfClosingTagToken {
					add(href, clean(attrs["alt"]), ctx)
					continue
				}
				anchor = &struct {
					href string
					text strings.Builder
					ctx  bool
				}{href: href, ctx: ctx}
			case atom.Frame, atom.Iframe:
				add(attrs["src"], "", false)
			case atom.Meta:
				if strings.EqualFold(strings.TrimSpace(attrs["http-equiv"]), "refresh") {
					if target := refreshURL(attrs["content"]); target != "" {
						add(target, "", false)
					}
				}
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Tr, atom.Table:
				resetContext()
			}
		}
	}
}

// refreshURL returns the target of a meta refresh: "0; url=/index.htm".
func refreshURL(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		_, rest, ok = strings.Cut(content, ",")
	}
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	if len(rest) >= 4 && strings.EqualFold(rest[:3], "url") {
		rest = strings.TrimSpace(rest[3:])
		rest = strings.TrimPrefix(rest, "=")
	}
	return strings.Trim(strings.TrimSpace(rest), `"'`)
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func lastRunes(s string, n int) string {
	i := len(s)
	for k := 0; k < n && i > 0; k++ {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// genericAnchors are link texts that say nothing about the file.
var genericAnchors = map[string]bool{"下载": true, "点击下载": true, "附件": true, "查看": true, "详见附件": true,
	"附件下载": true, "点击查看": true, "原文": true, "下载附件": true, "download": true, "here": true, "点击此处": true}

// attachPrefix is "附件1：", "附件二、" before an attachment's name.
var attachPrefix = regexp.MustCompile(`^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：.．、]?\s*`)

// AttachmentTitle turns a link's text into the title of the attachment's
// record ("附件1：2023年度评审通过人员名单.xlsx" → "2023年度评审通过人员名单"),
// or "" when the text names nothing ("点击下载").
func AttachmentTitle(text string) string {
	t := strings.TrimSpace(attachPrefix.ReplaceAllString(strings.TrimSpace(text), ""))
	if ext := strings.ToLower(path.Ext(t)); attachmentExt[ext] || imageExt[ext] {
		t = strings.TrimSpace(t[:len(t)-len(ext)])
	}
	if utf8.RuneCountInString(t) < 2 || genericAnchors[strings.ToLower(t)] {
		return ""
	}
	return t
}

// hubOwnRunes is how much text of its own (letters and Han characters not
// inside a link) a page with several in-text links may have and still be a
// hub: a column's list page (通知公告 1/12), a site's home page.
const hubOwnRunes = 80

// IsHub reports whether a page is a hub rather than a document: at least
// three of its links (attachments aside) appear in its extracted text and
// almost nothing else does. Hubs are crawled for their links but not
// archived: they are navigation, and a list page changes with every notice
// added to it, which would make a new version of it on every crawl.
func IsHub(text string, links []Link) bool {
	var anchors []string
	for _, l := range links {
		if !l.Attachment && utf8.RuneCountInString(l.Text) >= 2 && strings.Contains(text, l.Text) {
			anchors = append(anchors, l.Text)
		}
	}
	if len(anchors) < 3 {
		return false
	}
	slices.SortFunc(anchors, func(a, b string) int { return len(b) - len(a) })
	own := 0
	for line := range strings.Lines(text) {
		for _, a := range anchors {
			line = strings.ReplaceAll(line, a, "")
		}
		for _, r := range line {
			if unicode.IsLetter(r) {
				own++
			}
		}
		if own >= hubOwnRunes {
			return false
		}
	}
	return true
}
