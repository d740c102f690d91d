package extract

import (
	"bytes"
	"context"
	"strings"
	"unicode/utf8"
)

// File extracts one archived file: FileContext without cancellation.
func File(name string, data []byte, opt Options) (Result, error) {
	return FileContext(context.Background(), name, data, opt)
}

// FileContext extracts one archived file. The format is recognised from
// the content first and from the extension of name second:
//
//	%PDF                                 PDF (pdftotext; OCR for scans)
//	PNG, JPEG, TIFF                      image (OCR)
//	ZIP with [Content_Types].xml         DOCX or XLSX
//	ZIP with mimetype                    ODT or ODS
//	ZIP with OFD.xml                     OFD
//	OLE2 (D0 CF 11 E0)                   .doc/.wps or .xls/.et (LibreOffice)
//	{\rtf                                RTF
//	anything else, by extension:
//	.html .htm .shtml .shtm .xhtml       HTML
//	.txt .text                           text
//	.md .markdown                        Markdown
//	.asp .aspx .php .jsp .jspx .cgi .do  HTML or text, by content (saved
//	.action .cfm                         dynamic pages)
//
// Content wins over a wrong extension: a DOCX named .pdf is read as DOCX,
// a .txt or .md file that starts like an HTML document is read as HTML,
// and an .html file without a single tag is read as text. Other binary
// formats (executables, archives, GIF, PowerPoint …) are rejected as
// unsupported. A file named like a document format (.pdf, .docx, .doc …)
// whose content is none is rejected as malformed, unless it is an HTML
// page (Word's "save as web page" output is often named .doc or .xls). A
// name without a usable extension is sniffed.
//
// Cancelling ctx stops external programs at once (killing them) and
// native parsers between parts; the error then wraps ctx's error and is
// not a *Rejection. A failure of this machine (no writable temporary
// folder) is a plain error too; everything about the file itself is a
// *Rejection, and one that NeedsTool comes with the Result's Quality.
func FileContext(ctx context.Context, name string, data []byte, opt Options) (Result, error) {
	return guard(func() (Result, error) { return extractFile(ctx, name, data, opt) })
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

func extractFile(ctx context.Context, name string, data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	if err := checkSize(data, opt.MaxBytes); err != nil {
		return Result{}, err
	}
	if ctx.Err() != nil {
		return Result{}, canceled(ctx)
	}
	ext := extension(name)
	if res, done, err := extractDocument(ctx, ext, data, opt); done {
		return res, err
	}
	var f format
	if ext != "" {
		f = formatForExt(ext)
		if f == formatUnknown {
			// Old sites often serve Word's "save as web page" output
			// under .doc or .xls names: a real HTML document is read
			// whatever its name.
			if !looksLikeHTML(sniffPrefix(data), true) {
				if what, ok := documentExts[ext]; ok {
					return Result{}, rejectf(CodeMalformed, "文件扩展名是 "+ext+"，但内容不是 "+what+
						" 文件（可能已损坏、不完整，或扩展名有误）")
				}
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

// extractDocument extracts the formats recognised from their content.
// done is false for text (HTML, plain text, Markdown), which the caller
// handles by extension.
func extractDocument(ctx context.Context, ext string, data []byte, opt Options) (res Result, done bool, err error) {
	s := sniff(data, ext, opt.MaxZipEntries)
	if s.err != nil {
		return Result{}, true, s.err
	}
	switch s.kind {
	case kindText:
		return Result{}, false, nil
	case kindRefused:
		return Result{}, true, rejectUnsupported(s.what)
	case kindPDF:
		res, err = extractPDF(ctx, data, opt)
	case kindImage:
		res, err = extractImage(ctx, data, opt)
	case kindDOCX:
		res, err = extractDOCX(ctx, data, opt)
	case kindXLSX:
		res, err = extractXLSX(ctx, data, opt)
	case kindODT:
		res, err = extractODF(ctx, data, opt, FormatODT)
	case kindODS:
		res, err = extractODF(ctx, data, opt, FormatODS)
	case kindOFD:
		res, err = extractOFD(ctx, data, opt)
	case kindRTF:
		res, err = extractRTF(ctx, data, opt)
	case kindOLEWord:
		f := FormatDOC
		if ext == ".wps" {
			f = FormatWPS
		}
		res, err = convertLegacy(ctx, data, f, opt)
	case kindOLEExcel:
		f := FormatXLS
		if ext == ".et" {
			f = FormatET
		}
		res, err = convertLegacy(ctx, data, f, opt)
	}
	if err == nil && ctx.Err() != nil {
		// A native parser may finish its last part after a cancel.
		return Result{}, true, canceled(ctx)
	}
	return res, true, err
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
