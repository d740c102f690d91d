package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// File extracts one archived file. The extractor is chosen from the
// extension of name:
//
//	.html .htm .shtml .shtm .xhtml       HTML
//	.txt .text                           text
//	.md .markdown                        Markdown
//	.asp .aspx .php .jsp .jspx .cgi .do  HTML or text, by content (saved
//	.action .cfm                         dynamic pages)
//
// The content overrides the extension when it clearly disagrees: a known
// binary format (PDF, ZIP/Office, images, executables …) is rejected as
// unsupported whatever the name says, a .txt or .md file that starts like an
// HTML document is read as HTML, and an .html file without a single tag is
// read as text. A name without a usable extension is sniffed. Any other
// extension is rejected as unsupported, unless the file starts like an HTML
// document (Word's "save as web page" output is often named .doc or .xls).
func File(name string, data []byte, opt Options) (Result, error) {
	return guard(func() (Result, error) { return extractFile(name, data, opt) })
}

type format int

const (
	formatUnknown format = iota
	formatHTML
	formatText
	formatMarkdown
	formatDynamic // a server-side page name: HTML or text by content
)

func formatForExt(ext string) format {
	switch ext {
	case ".html", ".htm", ".shtml", ".shtm", ".xhtml":
		return formatHTML
	case ".txt", ".text":
		return formatText
	case ".md", ".markdown":
		return formatMarkdown
	case ".asp", ".aspx", ".php", ".jsp", ".jspx", ".cgi", ".do", ".action", ".cfm":
		return formatDynamic
	}
	return formatUnknown
}

func extractFile(name string, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	if err := checkSize(data, opt.MaxBytes); err != nil {
		return Result{}, err
	}
	if kind := binaryKind(data); kind != "" {
		return Result{}, rejectUnsupported(kind)
	}
	ext := extension(name)
	var f format
	if ext != "" {
		f = formatForExt(ext)
		if f == formatUnknown {
			// Old sites often serve Word's "save as web page" output
			// under .doc or .xls names: a real HTML document is read
			// whatever its name.
			if !looksLikeHTML(sniffPrefix(data), true) {
				return Result{}, rejectUnsupported(ext)
			}
			f = formatHTML
		}
	}
	head := sniffPrefix(data)
	switch f {
	case formatUnknown: // no extension
		switch {
		case looksLikeHTML(head, false):
			f = formatHTML
		case looksLikeMarkdown(head):
			f = formatMarkdown
		default:
			f = formatText
		}
	case formatDynamic:
		if looksLikeHTML(head, false) {
			f = formatHTML
		} else {
			f = formatText
		}
	case formatText, formatMarkdown:
		if looksLikeHTML(head, true) {
			f = formatHTML
		}
	case formatHTML:
		if !containsTag(data) {
			f = formatText
		}
	}
	switch f {
	case formatHTML:
		return extractHTML(data, "", opt)
	case formatMarkdown:
		return extractMarkdown(data, opt)
	default:
		return extractText(data, opt)
	}
}

// extension returns the lower-cased extension of the last path element of
// name, or "" when there is none or it does not look like one (numbers
// such as "notice.2019", overlong or non-alphanumeric suffixes).
func extension(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	// Saved URLs may keep a query string: "show.asp?id=12".
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return ""
	}
	ext := strings.ToLower(name[dot:])
	if len(ext) > 11 {
		return ""
	}
	letters := false
	for i := 1; i < len(ext); i++ {
		c := ext[i]
		switch {
		case c >= 'a' && c <= 'z':
			letters = true
		case c >= '0' && c <= '9':
		default:
			return ""
		}
	}
	if !letters {
		return ""
	}
	return ext
}

// binaryKind names well-known binary formats by their magic numbers, in
// the words shown to users, or returns "".
func binaryKind(data []byte) string {
	type magic struct {
		prefix string
		kind   string
	}
	for _, m := range []magic{
		{"%PDF-", "PDF 文档"},
		{"PK\x03\x04", "ZIP 压缩包或 Office 文档"},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "旧版 Office 文档（.doc/.xls/.ppt）"},
		{"{\\rtf", "RTF 文档"},
		{"\x89PNG\r\n\x1A\n", "PNG 图片"},
		{"\xFF\xD8\xFF", "JPEG 图片"},
		{"GIF87a", "GIF 图片"},
		{"GIF89a", "GIF 图片"},
		{"\x7FELF", "可执行程序"},
		{"Rar!\x1A\x07", "RAR 压缩包"},
		{"7z\xBC\xAF\x27\x1C", "7z 压缩包"},
		{"\x1F\x8B", "gzip 压缩包"},
	} {
		if bytes.HasPrefix(data, []byte(m.prefix)) {
			return m.kind
		}
	}
	// "MZ" alone could begin a text; an executable header has NULs soon.
	if bytes.HasPrefix(data, []byte("MZ")) && bytes.IndexByte(data[:min(len(data), 512)], 0) >= 0 {
		return "可执行程序"
	}
	return ""
}

// sniffPrefix returns the first kilobyte as ASCII-compatible text: raw
// bytes normally, decoded text for UTF-16 with a BOM.
func sniffPrefix(data []byte) string {
	const n = 1024
	if len(data) >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)) {
		enc := EncUTF16LE
		if data[0] == 0xFE {
			enc = EncUTF16BE
		}
		d, err := decodeUTF16With(data[2:min(len(data), 2+2*n)], enc, SourceBOM, 1)
		if err != nil {
			return ""
		}
		return d.text
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	return string(data[:min(len(data), n)])
}

// looksLikeHTML reports whether the text starts like an HTML document. With
// strict, only a doctype or an <html>/<head>/<body> start counts (used to
// overrule a .txt or .md extension); otherwise common body tags found near
// the start count too.
func looksLikeHTML(head string, strict bool) bool {
	t := strings.ToLower(strings.TrimLeft(head, " \t\r\n\f"))
	for strings.HasPrefix(t, "<!--") {
		end := strings.Index(t, "-->")
		if end < 0 {
			break
		}
		t = strings.TrimLeft(t[end+3:], " \t\r\n\f")
	}
	if strings.HasPrefix(t, "<?xml") {
		return strings.Contains(t, "<html")
	}
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	if strict {
		return false
	}
	for _, p := range []string{"<meta", "<title", "<div", "<p>", "<p ", "<table", "<script",
		"<style", "<link", "<h1", "<h2", "<h3", "<span", "<a ", "<br", "<center", "<font"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	for _, p := range []string{"<html", "<body", "</p>", "</div>", "</td>", "<br>", "<br/>", "<br />"} {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}

// looksLikeMarkdown reports whether the first non-empty line is an ATX
// heading or a fenced code block, or front matter opens the file.
func looksLikeMarkdown(head string) bool {
	for _, line := range splitLines(head) {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if t == "---" || strings.HasPrefix(t, "```") {
			return true
		}
		_, _, ok := atxHeading(t)
		return ok
	}
	return false
}

// containsTag reports whether an HTML-named file contains anything that
// looks like a tag in its first 64 KB.
func containsTag(data []byte) bool {
	p := data[:min(len(data), 64<<10)]
	if (len(p) >= 2 && (p[0] == 0xFF || p[0] == 0xFE)) || guessUTF16(p) != "" {
		return true // UTF-16: leave it to the HTML extractor
	}
	for {
		i := bytes.IndexByte(p, '<')
		if i < 0 || i+1 >= len(p) {
			return false
		}
		c := p[i+1]
		if c == '/' || c == '!' || c == '?' || (c < utf8.RuneSelf && (c|0x20 >= 'a' && c|0x20 <= 'z')) {
			return true
		}
		p = p[i+1:]
	}
}
