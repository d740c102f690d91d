package extract

import (
	"strconv"
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
	// Format is "html", "text" or "markdown".
	Format string
	// Encoding is "utf-8", "gb18030", "big5", "utf-16le" or "utf-16be".
	Encoding string
	// EncodingSource is "bom", "declared" (HTTP header or <meta>) or
	// "detected".
	EncodingSource string
	// Confidence in Encoding, from 0 to 1.
	Confidence float64
}

// Format names used in Result.Format.
const (
	FormatHTML     = "html"
	FormatText     = "text"
	FormatMarkdown = "markdown"
)

// Defaults applied by Options.SetDefaults.
const (
	DefaultMaxBytes int64 = 32 << 20
	DefaultMaxDepth       = 512
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
}

// SetDefaults replaces zero or negative fields with the defaults.
func (o *Options) SetDefaults() {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
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
// Rejection. The result is always valid UTF-8.
func guard(fn func() (Result, error)) (res Result, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = Result{}, rejectMalformed()
		}
	}()
	res, err = fn()
	if err != nil {
		return Result{}, err
	}
	if !utf8.ValidString(res.Title) || !utf8.ValidString(res.Text) {
		// Every path should already produce UTF-8; this is a last line of
		// defence so that callers can rely on the promise.
		res.Title = toValidUTF8(res.Title)
		res.Text = toValidUTF8(res.Text)
	}
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
