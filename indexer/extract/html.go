package extract

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// metaScanBytes is how far into a page <meta> charset declarations are
// looked for, as browsers do.
const metaScanBytes = 4096

// HTML extracts the title and visible text of an HTML page. declaredCharset
// is the charset parameter of the HTTP Content-Type header, or "".
func HTML(data []byte, declaredCharset string, opt Options) (Result, error) {
	return guard(func() (Result, error) { return extractHTML(data, declaredCharset, opt) })
}

func extractHTML(data []byte, declaredCharset string, opt Options) (Result, error) {
	opt.SetDefaults()
	if err := checkSize(data, opt.MaxBytes); err != nil {
		return Result{}, err
	}
	label := normalizeLabel(declaredCharset)
	if label == "" {
		label = metaCharset(data)
	}
	d, err := decode(data, label)
	if err != nil {
		return Result{}, err
	}
	title, text := htmlText(d.text, opt.MaxDepth, !opt.KeepBoilerplate)
	return Result{
		Title:          title,
		Text:           text,
		Format:         FormatHTML,
		Encoding:       d.enc,
		EncodingSource: d.source,
		Confidence:     d.conf,
		Quality:        Quality{Extractor: FormatHTML},
	}, nil
}

// metaCharset looks for <meta charset> or <meta http-equiv="Content-Type"
// content="…; charset=…"> in the first 4 KB and returns the normalised
// label, or "". The bytes are tokenized as they are: every supported
// ASCII-compatible encoding leaves the markup readable.
func metaCharset(data []byte) string {
	if len(data) > metaScanBytes {
		data = data[:metaScanBytes]
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr || string(name) != "meta" {
				continue
			}
			var charset, content string
			httpEquiv := false
			for more := true; more; {
				var key, val []byte
				key, val, more = z.TagAttr()
				switch string(key) {
				case "charset":
					charset = string(val)
				case "http-equiv":
					httpEquiv = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
				case "content":
					content = string(val)
				}
			}
			if charset == "" && httpEquiv {
				charset = charsetFromContentType(content)
			}
			if label := normalizeLabel(charset); label != "" {
				// A page whose <meta> could be read as ASCII is not
				// UTF-16, whatever it says (HTML's encoding sniffing
				// rule): treat the claim as UTF-8.
				if label == EncUTF16LE || label == EncUTF16BE {
					return EncUTF8
				}
				return label
			}
		}
	}
}

// charsetFromContentType returns the charset parameter of a Content-Type
// value such as `text/html; charset="gb2312"`.
func charsetFromContentType(s string) string {
	// The search folds ASCII case only: strings.ToLower would turn each
	// invalid byte into a three-byte U+FFFD and shift the offsets.
	i := indexASCIIFold(s, "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(s[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t")
	if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
		q := rest[0]
		rest = rest[1:]
		if j := strings.IndexByte(rest, q); j >= 0 {
			return rest[:j]
		}
		return rest
	}
	if j := strings.IndexAny(rest, "; \t\"'"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// indexASCIIFold is strings.Index ignoring the case of ASCII letters;
// lowerWord must be lower case.
func indexASCIIFold(s, lowerWord string) int {
	for i := 0; i+len(lowerWord) <= len(s); i++ {
		j := 0
		for ; j < len(lowerWord); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lowerWord[j] {
				break
			}
		}
		if j == len(lowerWord) {
			return i
		}
	}
	return -1
}

// htmlText walks the token stream of a decoded page. It does not build a
// DOM, so nesting depth costs no stack; MaxDepth only bounds how much
// structure is tracked. With clean set, the walk also records a light
// outline of the page (see boilerplate.go) and the text returned is the
// page without its navigation, sidebars and footer.
func htmlText(src string, maxDepth int, clean bool) (title, text string) {
	w := walkHTML(src, maxDepth, clean)
	title = w.title.String()
	if title == "" {
		title = w.h1.String()
	}
	text = w.body.String()
	if w.outline != nil {
		text = w.outline.clean(text)
	}
	return truncateRunes(title, maxTitleRunes), text
}

// walkHTML feeds every token of src to an htmlWalker.
func walkHTML(src string, maxDepth int, outlined bool) *htmlWalker {
	w := &htmlWalker{
		maxDepth: maxDepth,
		open:     make(map[atom.Atom]int),
	}
	if outlined {
		w.outline = newOutline(len(src))
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if w.outline != nil {
				w.outline.finish()
			}
			return w
		case html.TextToken:
			w.text(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			var attrs elemAttrs
			if hasAttr && w.outline != nil && w.skipCount == 0 {
				attrs = readAttrs(z)
			}
			w.start(atom.Lookup(name), tt == html.SelfClosingTagToken, attrs)
		case html.EndTagToken:
			name, _ := z.TagName()
			w.end(atom.Lookup(name))
		}
	}
}

// readAttrs collects the attributes that classify an element.
func readAttrs(z *html.Tokenizer) elemAttrs {
	var a elemAttrs
	for more := true; more; {
		var key, val []byte
		key, val, more = z.TagAttr()
		switch string(key) {
		case "class":
			a.class = string(val)
		case "id":
			a.id = string(val)
		case "role":
			a.role = string(val)
		case "href":
			a.href = true
		}
	}
	return a
}

type htmlWalker struct {
	body, title, h1 lineBuilder

	inTitle   bool
	titleDone bool
	h1State   int // 0: no <h1> yet, 1: inside the first <h1>, 2: done
	inHead    bool
	preDepth  int

	// skip is the element whose content is being dropped (script, style,
	// svg …) and skipCount its nesting; 0 means not skipping.
	skip      atom.Atom
	skipCount int

	stack    []atom.Atom
	open     map[atom.Atom]int // how many of each element are on stack
	overflow int               // elements opened beyond maxDepth
	maxDepth int

	// outline records the page structure for boilerplate removal; nil
	// when all text is kept. frames parallels stack.
	outline *outline
	frames  []frame
	inLink  int // open <a href> elements
}

// frame is what the outline needs to know about one open element.
type frame struct {
	node int32 // outline node holding the element's text
	own  bool  // the element created node (rather than inheriting it)
	link bool  // an <a href>
}

func (w *htmlWalker) node() int32 {
	if n := len(w.frames); n > 0 {
		return w.frames[n-1].node
	}
	return 0
}

func (w *htmlWalker) endLine() {
	w.body.endLine()
	if w.outline != nil {
		w.outline.mark(evEndLine)
	}
}

func (w *htmlWalker) separate() {
	w.body.separate()
	if w.outline != nil {
		w.outline.mark(evSeparate)
	}
}

func (w *htmlWalker) text(p []byte) {
	if w.skipCount > 0 {
		return
	}
	if w.inTitle {
		if !w.titleDone {
			w.title.write(p)
		}
		return
	}
	if w.inHead {
		if len(bytes.TrimSpace(p)) == 0 {
			return
		}
		w.inHead = false // text cannot be in <head>: the body has begun
	}
	if w.h1State == 1 {
		w.h1.write(p)
	}
	if w.preDepth > 0 {
		w.body.writeLines(p)
	} else {
		w.body.write(p)
	}
	if w.outline != nil {
		w.outline.text(w.node(), p, w.preDepth > 0, w.inLink > 0)
	}
}

func (w *htmlWalker) start(a atom.Atom, selfClosing bool, attrs elemAttrs) {
	if w.skipCount > 0 {
		if a == w.skip && !selfClosing {
			w.skipCount++
		}
		return
	}
	// The tokenizer switches to raw text after these even when written as
	// <script/>, so they must be treated as opened.
	if rawTextElement(a) {
		selfClosing = false
	}
	if w.inHead && !headElement(a) {
		w.inHead = false
	}
	switch a {
	case atom.Head:
		if !selfClosing && !w.body.empty() {
			return // a stray <head> inside the body
		}
		w.inHead = !selfClosing
		return
	case atom.Title:
		w.inTitle = true
		return
	}
	if skipElement(a) && !selfClosing {
		w.skip, w.skipCount = a, 1
		return
	}
	if voidElement(a) || selfClosing {
		switch {
		case a == atom.Br || a == atom.Hr:
			w.endLine()
			if w.h1State == 1 {
				w.h1.softBreak()
			}
		case blockElement(a):
			w.endLine()
		}
		return
	}
	if len(w.stack) >= w.maxDepth {
		// Too deep: stop interpreting structure, keep the text.
		w.overflow++
		return
	}
	w.implicitClose(a)
	w.stack = append(w.stack, a)
	w.open[a]++
	if w.outline != nil {
		w.push(a, attrs)
	}
	switch {
	case a == atom.Td || a == atom.Th:
		w.separate()
	case blockElement(a):
		w.endLine()
	}
	switch a {
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext, atom.Textarea:
		w.preDepth++
	case atom.H1:
		if w.h1State == 0 {
			w.h1State = 1
		}
	}
}

// implicitClose handles the commonest omitted end tags (<p>, <li>, <td> …
// followed by a sibling of the same kind) so that such pages do not pile
// up depth.
func (w *htmlWalker) implicitClose(a atom.Atom) {
	if len(w.stack) == 0 {
		return
	}
	top := w.stack[len(w.stack)-1]
	same := top == a
	switch a {
	case atom.Td, atom.Th:
		same = top == atom.Td || top == atom.Th
	case atom.Dt, atom.Dd:
		same = top == atom.Dt || top == atom.Dd
	case atom.P, atom.Li, atom.Tr, atom.Option:
	default:
		return
	}
	if same {
		w.pop(len(w.stack) - 1)
	}
}

func (w *htmlWalker) end(a atom.Atom) {
	if w.skipCount > 0 {
		switch {
		case a == w.skip:
			w.skipCount--
		case (a == atom.Body || a == atom.Html) && !rawTextElement(w.skip):
			// An unclosed <svg> or <template> must not swallow the
			// rest of a broken page.
			w.skipCount = 0
		}
		return
	}
	switch a {
	case atom.Title:
		if w.inTitle {
			w.inTitle = false
			w.titleDone = !w.title.empty()
		}
		return
	case atom.Head:
		w.inHead = false
		return
	}
	if w.overflow > 0 {
		w.overflow--
		return
	}
	if w.open[a] > 0 {
		for i := len(w.stack) - 1; i >= 0; i-- {
			if w.stack[i] == a {
				w.pop(i)
				return
			}
		}
	}
	// An end tag with nothing to close: browsers still break lines for
	// </p> and </br>.
	if a == atom.Br || blockElement(a) {
		w.endLine()
	}
}

// push gives a newly opened element its outline node: a node of its own
// when it can matter for boilerplate removal, else its parent's.
func (w *htmlWalker) push(a atom.Atom, attrs elemAttrs) {
	parent := w.node()
	f := frame{node: parent, link: a == atom.A && attrs.href}
	flags := classifyElement(a, attrs)
	if blockElement(a) || a == atom.Td || a == atom.Th {
		flags |= fBlock
	}
	if flags != 0 || a == atom.A {
		f.node, f.own = w.outline.open(parent, flags), true
	}
	if f.link {
		w.inLink++
	}
	w.frames = append(w.frames, f)
}

// pop closes the elements stack[i:] from the innermost out.
func (w *htmlWalker) pop(i int) {
	for j := len(w.stack) - 1; j >= i; j-- {
		a := w.stack[j]
		w.open[a]--
		switch a {
		case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext, atom.Textarea:
			w.preDepth--
		case atom.H1:
			if w.h1State == 1 {
				w.h1State = 2
				if w.h1.empty() {
					w.h1State = 0 // an empty <h1>: try the next one
				}
			}
		}
		if w.outline != nil {
			f := w.frames[j]
			if f.own {
				w.outline.close(f.node)
			}
			if f.link {
				w.inLink--
			}
		}
		if blockElement(a) {
			w.endLine()
		}
	}
	w.stack = w.stack[:i]
	if w.outline != nil {
		w.frames = w.frames[:i]
	}
}

// rawTextElement lists the elements after whose start tag the tokenizer
// reads raw text up to the matching end tag.
func rawTextElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Iframe, atom.Noembed,
		atom.Noframes, atom.Xmp, atom.Textarea, atom.Title, atom.Plaintext:
		return true
	}
	return false
}

// skipElement lists the elements whose content is not visible text.
func skipElement(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg,
		atom.Math, atom.Iframe, atom.Noembed, atom.Noframes, atom.Object,
		atom.Canvas, atom.Audio, atom.Video, atom.Select, atom.Datalist,
		atom.Rp, atom.Rt:
		return true
	}
	return false
}

func headElement(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Title, atom.Meta, atom.Link, atom.Style, atom.Script,
		atom.Base, atom.Noscript, atom.Template:
		return true
	}
	return false
}

func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img,
		atom.Input, atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source,
		atom.Track, atom.Wbr:
		return true
	}
	return false
}

// blockElement lists the elements that start and end a line.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body,
		atom.Br, atom.Caption, atom.Center, atom.Dd, atom.Details, atom.Dialog,
		atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption,
		atom.Figure, atom.Footer, atom.Form, atom.Frameset, atom.H1, atom.H2,
		atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr,
		atom.Html, atom.Legend, atom.Li, atom.Listing, atom.Main, atom.Menu,
		atom.Nav, atom.Ol, atom.Optgroup, atom.Option, atom.P, atom.Plaintext,
		atom.Pre, atom.Section, atom.Summary, atom.Table, atom.Tbody,
		atom.Textarea, atom.Tfoot, atom.Thead, atom.Tr, atom.Ul, atom.Xmp:
		return true
	}
	return false
}
