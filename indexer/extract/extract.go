package extract

import (
	"errors"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"
)

// Result is what extraction found in one file.
type Result struct {
	// Title is the page <title> (a site suffix such as " - 某某大学教务处"
	// is kept), else the first <h1>; for Markdown the first "# " heading;
	// for plain text the first non-empty line. At most maxTitleRunes runes.
	Title string
	// Text is the visible text: one paragraph per line joined by "\n", no
	// leading or trailing white space, runs of spaces and tabs collapsed.
	Text string
	// Format is the format of the original file, one of the Format*
	// constants: "html", "text", "markdown", "pdf", "image", "docx" …
	Format string
	// Encoding is "utf-8", "gb18030", "big5", "utf-16le" or "utf-16be"
	// for text formats; for RTF the encoding of its code page; "" for
	// formats that carry no character encoding of their own (PDF, images).
	Encoding string
	// EncodingSource is "bom", "declared" (HTTP header, <meta>, XML or RTF
	// declaration) or "detected".
	EncodingSource string
	// Confidence in Encoding, from 0 to 1.
	Confidence float64
	// Quality records how the text was obtained and what staff should
	// check; it is meant to be stored with the record as JSON.
	Quality Quality
}

// Format names used in Result.Format. They name the original file's
// format as found from its content, whatever its extension said.
const (
	FormatHTML     = "html"
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatPDF      = "pdf"
	FormatImage    = "image" // PNG, JPEG or TIFF, read by OCR
	FormatDOCX     = "docx"
	FormatXLSX     = "xlsx"
	FormatODT      = "odt"
	FormatODS      = "ods"
	FormatOFD      = "ofd"
	FormatRTF      = "rtf"
	FormatDOC      = "doc" // Word 97–2003, converted by LibreOffice
	FormatXLS      = "xls" // Excel 97–2003, converted by LibreOffice
	FormatWPS      = "wps" // Kingsoft WPS Writer, converted by LibreOffice
	FormatET       = "et"  // Kingsoft WPS Spreadsheets, converted by LibreOffice
)

// Defaults applied by Options.SetDefaults.
const (
	DefaultMaxBytes       int64 = 32 << 20
	DefaultMaxDepth             = 512
	DefaultTimeout              = 2 * time.Minute
	DefaultOCRTimeout           = 10 * time.Minute
	DefaultPageTimeout          = time.Minute
	DefaultMaxOCRPages          = 100
	DefaultOCRLanguages         = "chi_sim+eng"
	DefaultOCRDPI               = 200
	DefaultOCRPageSegMode       = 4
	DefaultMaxToolMemory  int64 = 2 << 30
	DefaultMaxToolOutput  int64 = 64 << 20
	DefaultMaxUnzipBytes  int64 = 256 << 20
	DefaultMaxZipEntries        = 10000
	DefaultMaxTextBytes   int64 = 32 << 20
)

// maxTitleRunes caps Result.Title so that a pathological first line or
// <title> cannot produce a megabyte-long title.
const maxTitleRunes = 256

// Options limit the work done on one file.
type Options struct {
	// MaxBytes rejects larger inputs before any decoding or parsing.
	// Zero or negative means DefaultMaxBytes (32 MiB).
	MaxBytes int64
	// MaxDepth is the HTML element nesting that is tracked. Deeper elements
	// are no longer interpreted (no line breaks or cell separators), but
	// their text is kept and script/style content is still dropped.
	// Zero or negative means DefaultMaxDepth (512).
	MaxDepth int
	// KeepBoilerplate makes HTML return every visible word, including the
	// navigation bars, sidebars, breadcrumbs and footer that are dropped
	// by default (see the package documentation).
	KeepBoilerplate bool

	// Timeout bounds the work of external programs on one file (pdftotext,
	// LibreOffice), OCR excepted. Zero means DefaultTimeout (2 minutes).
	Timeout time.Duration
	// OCRTimeout bounds all OCR of one file. When it runs out, the pages
	// read so far are kept and a warning says which were not. Zero means
	// DefaultOCRTimeout (10 minutes: a 40-page scan at 5–15 s a page).
	OCRTimeout time.Duration
	// PageTimeout bounds rendering and OCR of one page, so that a single
	// pathological page cannot eat the whole OCRTimeout. Zero means
	// DefaultPageTimeout (1 minute).
	PageTimeout time.Duration
	// MaxOCRPages is how many pages of one file are OCR'd at most; later
	// pages are left out with a warning. Zero means DefaultMaxOCRPages.
	MaxOCRPages int
	// OCRLanguages is tesseract's -l argument. Empty means
	// DefaultOCRLanguages ("chi_sim+eng").
	OCRLanguages string
	// OCRDPI is the resolution PDF pages are rendered at for OCR; very
	// large pages are rendered at less so that no side exceeds 4000
	// pixels. Zero means DefaultOCRDPI (200): on our three-page test
	// notice (12 pt), 150–250 dpi found 99.2% of the character bigrams and
	// 300 dpi 98.5%, at 1.1, 1.3, 1.6 and 1.9 s a page; 200 leaves a
	// margin for 9 pt table text (25 pixels a character).
	OCRDPI int
	// OCRPageSegMode is tesseract's --psm. Zero means
	// DefaultOCRPageSegMode (4, "a single column of text of variable
	// sizes") rather than tesseract's own default 3 (automatic layout
	// analysis): on the same notice, 3 silently dropped a short line
	// ending a paragraph (确保评审结果公平公正。) and every footer, while 4
	// kept all lines. Notices are single-column; set 3 for newsletters
	// and other multi-column scans.
	OCRPageSegMode int
	// NoOCR turns OCR off: scans and images are answered with a
	// "needs_ocr" Rejection, as when tesseract is not installed.
	NoOCR bool
	// MaxToolMemory caps the address space of every external program
	// (through prlimit --as when it is installed). Zero means
	// DefaultMaxToolMemory (2 GiB).
	MaxToolMemory int64
	// MaxToolOutput caps what is read from an external program's standard
	// output. Zero means DefaultMaxToolOutput (64 MiB).
	MaxToolOutput int64
	// MaxUnzipBytes caps the bytes decompressed from one ZIP-based file
	// (DOCX, XLSX, ODT, OFD): a zip bomb is rejected, not expanded. Zero
	// means DefaultMaxUnzipBytes (256 MiB).
	MaxUnzipBytes int64
	// MaxZipEntries caps the number of entries of a ZIP-based file. Zero
	// means DefaultMaxZipEntries.
	MaxZipEntries int
	// MaxTextBytes caps Result.Text for the document formats; longer text
	// is cut at a line boundary with a warning. Zero means
	// DefaultMaxTextBytes (32 MiB).
	MaxTextBytes int64
	// Logger receives the one-line Chinese message, logged once per
	// process, that an external program is missing. Nil means
	// slog.Default().
	Logger *slog.Logger
}

// SetDefaults replaces zero or negative fields with the defaults.
func (o *Options) SetDefaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.OCRTimeout <= 0 {
		o.OCRTimeout = DefaultOCRTimeout
	}
	if o.PageTimeout <= 0 {
		o.PageTimeout = DefaultPageTimeout
	}
	if o.MaxOCRPages <= 0 {
		o.MaxOCRPages = DefaultMaxOCRPages
	}
	if o.OCRLanguages == "" {
		o.OCRLanguages = DefaultOCRLanguages
	}
	if o.OCRDPI <= 0 {
		o.OCRDPI = DefaultOCRDPI
	}
	if o.OCRPageSegMode <= 0 {
		o.OCRPageSegMode = DefaultOCRPageSegMode
	}
	if o.MaxToolMemory <= 0 {
		o.MaxToolMemory = DefaultMaxToolMemory
	}
	if o.MaxToolOutput <= 0 {
		o.MaxToolOutput = DefaultMaxToolOutput
	}
	if o.MaxUnzipBytes <= 0 {
		o.MaxUnzipBytes = DefaultMaxUnzipBytes
	}
	if o.MaxZipEntries <= 0 {
		o.MaxZipEntries = DefaultMaxZipEntries
	}
	if o.MaxTextBytes <= 0 {
		o.MaxTextBytes = DefaultMaxTextBytes
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Rejection codes, the machine-readable half of a Rejection.
const (
	CodeEmpty       = "empty"
	CodeTooLarge    = "too_large"
	CodeBinary      = "binary"
	CodeUnsupported = "unsupported"
	CodeEncoding    = "encoding"
	CodeMalformed   = "malformed"
	// CodeEncrypted: the file is protected by an opening password.
	CodeEncrypted = "encrypted"
	// CodeTimeout: extraction ran out of Options.Timeout.
	CodeTimeout = "timeout"
	// CodeNeedsOCR: the file is a scan (an image, a PDF without a usable
	// text layer) and OCR is not available: tesseract or its Chinese
	// language data is not installed, or Options.NoOCR is set. The file
	// itself is fine; see Rejection.NeedsTool.
	CodeNeedsOCR = "needs_ocr"
	// CodeNeedsTool: the format needs an external program that is not
	// installed (pdftotext for PDF, LibreOffice for .doc/.xls/.wps/.et).
	CodeNeedsTool = "needs_tool"
)

// Rejection is the error returned for a file that cannot be indexed.
// Reason is a short sentence in Simplified Chinese meant for the person who
// uploaded or archived the file; Code is one of the Code* constants.
type Rejection struct {
	Reason string
	Code   string
}

// Error returns the Reason, so that the message shown to a user is the
// same whether or not the caller unwraps the error.
func (r *Rejection) Error() string { return r.Reason }

// NeedsTool reports whether the file was refused only because this machine
// lacks a program (CodeNeedsOCR, CodeNeedsTool): nothing is wrong with the
// file, and ingesting it again after installing the program named in
// Reason will succeed. The Result returned together with such a Rejection
// carries the Quality found so far (format, pages, warnings), so a caller
// may keep the original as a record that needs attention instead of
// listing it as rejected.
func (r *Rejection) NeedsTool() bool {
	return r.Code == CodeNeedsOCR || r.Code == CodeNeedsTool
}

func rejectEmpty() error {
	return &Rejection{Code: CodeEmpty, Reason: "文件为空（0 字节）"}
}

func rejectTooLarge(size, limit int64) error {
	return &Rejection{Code: CodeTooLarge,
		Reason: "文件过大（" + humanSize(size) + "，上限 " + humanSize(limit) + "）"}
}

func rejectBinary() error {
	return &Rejection{Code: CodeBinary, Reason: "不是文本文件（检测到二进制内容）"}
}

func rejectUnsupported(what string) error {
	return &Rejection{Code: CodeUnsupported, Reason: "不支持的格式：" + what}
}

func rejectEncoding() error {
	return &Rejection{Code: CodeEncoding, Reason: "无法识别字符编码"}
}

func rejectMalformed() error {
	return &Rejection{Code: CodeMalformed, Reason: "文件内容异常，无法解析"}
}

// rejectf builds a Rejection with a specific reason.
func rejectf(code, reason string) error {
	return &Rejection{Code: code, Reason: reason}
}

// checkSize applies the checks that must happen before any parsing.
func checkSize(data []byte, limit int64) error {
	if len(data) == 0 {
		return rejectEmpty()
	}
	if int64(len(data)) > limit {
		return rejectTooLarge(int64(len(data)), limit)
	}
	return nil
}

// humanSize formats a byte count with binary multiples, the way people
// read file sizes: "532 字节", "1.5 KB", "32 MB", "1.2 GB".
func humanSize(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " 字节"
	}
	units := []string{"KB", "MB", "GB", "TB"}
	v := float64(n) / 1024
	u := 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	var s string
	if v == float64(int64(v)) {
		s = strconv.FormatInt(int64(v), 10)
	} else {
		s = strconv.FormatFloat(v, 'f', 1, 64)
	}
	return s + " " + units[u]
}

// guard runs one extraction and turns a panic into a "malformed"
// Rejection. The result is always valid UTF-8, and its Quality repeats
// the encoding fields so that the quality record stands on its own. On
// error the Result is empty, except for a Rejection that NeedsTool, which
// keeps the Quality found so far.
func guard(fn func() (Result, error)) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, rejectMalformed()
		}
	}()
	res, err = fn()
	if err != nil {
		if rj, ok := errors.AsType[*Rejection](err); ok && rj.NeedsTool() {
			return Result{Format: res.Format, Quality: res.Quality}, err
		}
		return Result{}, err
	}
	if !utf8.ValidString(res.Title) || !utf8.ValidString(res.Text) {
		// Every path should already produce UTF-8; this is a last line of
		// defence so that callers can rely on the promise.
		res.Title = toValidUTF8(res.Title)
		res.Text = toValidUTF8(res.Text)
	}
	res.Quality.Encoding = res.Encoding
	res.Quality.EncodingSource = res.EncodingSource
	res.Quality.EncodingConfidence = res.Confidence
	return res, nil
}

func toValidUTF8(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, r)
		i += size
	}
	return string(b)
}

// truncateRunes cuts s to at most n runes.
func truncateRunes(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i]
		}
		count++
	}
	return s
}
