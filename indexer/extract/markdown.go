package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Search windows for the inline scanner. On top of them, each line gets a
// look-ahead budget proportional to its length (mdBudgetFactor bytes per
// byte), so hostile input such as a line of a million "[" or "`" stays
// linear: once the budget is spent, remaining markup is kept literally.
const (
	mdBracketWindow = 1024
	mdURLWindow     = 2048
	mdCodeWindow    = 8192
	mdCommentWindow = 8192
	mdBudgetFactor  = 16
)

// mdBudget is the look-ahead allowance of one mdInline call.
type mdBudget struct{ left int }

// spend takes n bytes of look-ahead from the budget and reports whether
// there was enough.
func (b *mdBudget) spend(n int) bool {
	if b.left < n {
		b.left = 0
		return false
	}
	b.left -= n
	return true
}

// Markdown extracts a Markdown document: heading marks, emphasis, link and
// image syntax, list and quote markers, table pipes, HTML tags and front
// matter are removed; the text they carry stays. Lines of one paragraph
// are joined (without a space between Chinese characters). Title is the
// first "# " heading, else the first setext ("===") heading, else the first
// line of text.
func Markdown(data []byte, opt Options) (Result, error) {
	return guard(func() (Result, error) { return extractMarkdown(data, opt) })
}

func extractMarkdown(data []byte, opt Options) (Result, error) {
	opt.SetDefaults()
	if err := checkSize(data, opt.MaxBytes); err != nil {
		return Result{}, err
	}
	d, err := decode(data, "")
	if err != nil {
		return Result{}, err
	}
	title, text := markdownText(d.text)
	return Result{
		Title:          title,
		Text:           text,
		Format:         FormatMarkdown,
		Encoding:       d.enc,
		EncodingSource: d.source,
		Confidence:     d.conf,
		Quality:        Quality{Extractor: FormatMarkdown},
	}, nil
}

func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

func markdownText(src string) (title, text string) {
	lines := splitLines(src)
	var b lineBuilder
	var atxTitle, setextTitle string
	var fence string     // the opening fence while inside a code block
	inParagraph := false // the previous line was paragraph text
	prevPara := ""       // that line's text, for setext headings
	inComment := false
	quoteDepth := 0 // block quote nesting of the previous line

	start := skipFrontMatter(lines)
	for _, raw := range lines[start:] {
		if fence != "" {
			if t := strings.TrimSpace(raw); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
				b.endLine()
				continue
			}
			b.writeString(raw)
			b.endLine()
			continue
		}
		if inComment {
			if strings.Contains(raw, "-->") {
				inComment = false
			}
			continue
		}

		line := strings.TrimRight(raw, " \t")
		hardBreak := strings.HasSuffix(raw, "  ") || strings.HasSuffix(line, "\\")
		t := strings.TrimLeft(line, " \t")

		if t == "" {
			b.endLine()
			inParagraph = false
			continue
		}
		if f := fenceOpen(t); f != "" {
			fence = f
			b.endLine()
			inParagraph = false
			continue
		}
		if strings.HasPrefix(t, "<!--") && !strings.Contains(t, "-->") {
			inComment = true
			b.endLine()
			inParagraph = false
			continue
		}
		// A setext underline turns the previous paragraph line into a
		// heading; "---" without one is a thematic break.
		if inParagraph && isSetextUnderline(t) {
			if t[0] == '=' && setextTitle == "" {
				setextTitle = prevPara
			}
			b.endLine()
			inParagraph = false
			continue
		}
		if isThematicBreak(t) {
			b.endLine()
			inParagraph = false
			continue
		}
		if isTableDelimiterRow(t) || isReferenceDefinition(t) {
			continue
		}

		// Block quote markers, possibly nested ("> > text").
		depth := 0
		for strings.HasPrefix(t, ">") {
			t = strings.TrimLeft(t[1:], " \t")
			depth++
		}
		if depth != quoteDepth {
			b.endLine()
			inParagraph = false
			quoteDepth = depth
		}
		if t == "" {
			b.endLine()
			inParagraph = false
			continue
		}
		if level, content, ok := atxHeading(t); ok {
			b.endLine()
			h := mdInline(content)
			if level == 1 && atxTitle == "" {
				var tb lineBuilder
				tb.writeString(h)
				atxTitle = tb.String()
			}
			b.writeString(h)
			b.endLine()
			inParagraph = false
			continue
		}

		if rest, ok := listItem(t); ok {
			b.endLine()
			t = rest
		} else if strings.HasPrefix(t, "|") {
			b.endLine()
			writeTableRow(&b, t)
			b.endLine()
			inParagraph = false
			continue
		} else if inParagraph {
			b.softBreak()
		}

		content := mdInline(t)
		b.writeString(content)
		prevPara = strings.TrimSpace(content)
		inParagraph = true
		if hardBreak {
			b.endLine()
		}
	}

	switch {
	case atxTitle != "":
		title = atxTitle
	case setextTitle != "":
		var tb lineBuilder
		tb.writeString(setextTitle)
		title = tb.String()
	default:
		title = b.firstLine()
	}
	return truncateRunes(title, maxTitleRunes), b.String()
}

// skipFrontMatter returns the index of the first line after a YAML or TOML
// front-matter block, or 0 when there is none.
func skipFrontMatter(lines []string) int {
	if len(lines) == 0 {
		return 0
	}
	open := strings.TrimSpace(lines[0])
	if open != "---" && open != "+++" {
		return 0
	}
	for i := 1; i < len(lines) && i < 200; i++ {
		t := strings.TrimSpace(lines[i])
		if t == open || (open == "---" && t == "...") {
			return i + 1
		}
	}
	return 0
}

func fenceOpen(t string) string {
	for _, c := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, c) {
			n := len(t) - len(strings.TrimLeft(t, c[:1]))
			if c[0] == '`' && strings.Contains(t[n:], "`") {
				return "" // "```code```" on one line is an inline code span
			}
			return t[:n]
		}
	}
	return ""
}

func isSetextUnderline(t string) bool {
	if t[0] != '=' && t[0] != '-' {
		return false
	}
	return strings.Trim(t, t[:1]) == ""
}

func isThematicBreak(t string) bool {
	c := t[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isTableDelimiterRow recognises "|---|:---:|" and "--- | ---".
func isTableDelimiterRow(t string) bool {
	if !strings.Contains(t, "-") || (!strings.Contains(t, "|") && !strings.HasPrefix(t, ":")) {
		return false
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '|', '-', ':', ' ', '\t':
		default:
			return false
		}
	}
	return true
}

func isReferenceDefinition(t string) bool {
	if !strings.HasPrefix(t, "[") || strings.HasPrefix(t, "[ ]") {
		return false
	}
	end := strings.Index(t, "]:")
	return end > 1 && !strings.ContainsAny(t[1:end], "[]")
}

func atxHeading(t string) (level int, content string, ok bool) {
	for level < len(t) && t[level] == '#' {
		level++
	}
	if level == 0 || level > 6 || (level < len(t) && t[level] != ' ' && t[level] != '\t') {
		return 0, "", false
	}
	content = strings.TrimSpace(t[level:])
	// Closing hashes: "## 标题 ##".
	if trimmed := strings.TrimRight(content, "#"); trimmed != content {
		if trimmed == "" || strings.HasSuffix(trimmed, " ") || strings.HasSuffix(trimmed, "\t") {
			content = strings.TrimSpace(trimmed)
		}
	}
	return level, content, true
}

// listItem strips "- ", "* ", "+ ", "1. ", "1) " and a task box "[ ] ".
func listItem(t string) (string, bool) {
	rest := ""
	switch {
	case len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && (t[1] == ' ' || t[1] == '\t'):
		rest = t[2:]
	default:
		n := 0
		for n < len(t) && n < 9 && t[n] >= '0' && t[n] <= '9' {
			n++
		}
		if n == 0 || n+1 >= len(t) || (t[n] != '.' && t[n] != ')') || (t[n+1] != ' ' && t[n+1] != '\t') {
			return "", false
		}
		rest = t[n+2:]
	}
	rest = strings.TrimLeft(rest, " \t")
	for _, box := range []string{"[ ] ", "[x] ", "[X] "} {
		if strings.HasPrefix(rest, box) {
			rest = rest[len(box):]
			break
		}
	}
	return rest, true
}

func writeTableRow(b *lineBuilder, t string) {
	t = strings.TrimPrefix(t, "|")
	t = strings.TrimSuffix(t, "|")
	cell := 0
	start := 0
	flush := func(end int) {
		c := strings.TrimSpace(t[start:end])
		if c != "" {
			if cell > 0 {
				b.separate()
			}
			b.writeString(mdInline(c))
			cell++
		}
	}
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\\':
			i++
		case '|':
			flush(i)
			start = i + 1
		}
	}
	flush(len(t))
}

// mdInline removes inline Markdown syntax from one line. It works on bytes:
// every character it looks for is ASCII, and UTF-8 continuation bytes never
// look like ASCII.
func mdInline(s string) string {
	var out strings.Builder
	out.Grow(len(s))
	budget := &mdBudget{left: mdBudgetFactor*len(s) + 4096}
	var resume map[int]int // index of a link's "]" → index after its "(url)"
	for i := 0; i < len(s); {
		if j, ok := resume[i]; ok {
			delete(resume, i)
			i = j
			continue
		}
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				out.WriteByte(s[i+1])
				i += 2
				continue
			}
			if i+1 == len(s) {
				i++ // hard line break marker
				continue
			}
		case '`':
			run := runLen(s, i, '`')
			if end := findCodeClose(s, i+run, run, budget); end >= 0 {
				code := s[i+run : end]
				if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.TrimSpace(code) != "" {
					code = code[1 : len(code)-1]
				}
				out.WriteString(code)
				i = end + run
				continue
			}
			out.WriteString(s[i : i+run])
			i += run
			continue
		case '!', '[':
			open := i
			if c == '!' {
				if i+1 >= len(s) || s[i+1] != '[' {
					break
				}
				open = i + 1
			}
			if closeAt, after, ok := linkAt(s, open, budget); ok {
				if resume == nil {
					resume = make(map[int]int)
				}
				resume[closeAt] = after
				i = open + 1
				continue
			}
		case '*', '_', '~':
			run := runLen(s, i, c)
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+run:])
			if i == 0 {
				prev = ' '
			}
			if i+run == len(s) {
				next = ' '
			}
			literal := false
			switch c {
			case '_':
				// Intra-word underscores (file_name, 中_文) are literal.
				literal = isWordRune(prev) && isWordRune(next)
			case '~':
				literal = run < 2
			}
			if unicode.IsSpace(prev) && unicode.IsSpace(next) {
				literal = true // "2 * 3"
			}
			if literal {
				out.WriteString(s[i : i+run])
			}
			i += run
			continue
		case '<':
			if end, inner, ok := angleAt(s, i, budget); ok {
				out.WriteString(inner)
				i = end
				continue
			}
		case '&':
			if semi := strings.IndexByte(s[i:min(len(s), i+32)], ';'); semi > 1 {
				ent := s[i : i+semi+1]
				// Only whole entities: HTML also expands "&not" inside
				// "&notanentity;", Markdown does not.
				if u := html.UnescapeString(ent); u != ent && utf8.RuneCountInString(u) <= 2 {
					out.WriteString(u)
					i += semi + 1
					continue
				}
			}
		}
		out.WriteByte(c)
		i++
	}
	return out.String()
}

func runLen(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// findCodeClose finds a backtick run of exactly n starting at or after
// from, within mdCodeWindow bytes.
func findCodeClose(s string, from, n int, budget *mdBudget) int {
	limit := min(len(s), from+mdCodeWindow)
	if !budget.spend(limit - from) {
		return -1
	}
	for i := from; i < limit; {
		if s[i] != '`' {
			i++
			continue
		}
		r := runLen(s, i, '`')
		if r == n {
			return i
		}
		i += r
	}
	return -1
}

// linkAt recognises "[text](url)" and "[text][ref]" starting at open and
// returns the index of the "]" and the index just after the link.
func linkAt(s string, open int, budget *mdBudget) (closeAt, after int, ok bool) {
	depth := 0
	limit := min(len(s), open+mdBracketWindow)
	if !budget.spend(limit - open) {
		return 0, 0, false
	}
	closeAt = -1
	for i := open; i < limit && closeAt < 0; i++ {
		switch s[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				closeAt = i
			}
		}
	}
	if closeAt < 0 || closeAt+1 >= len(s) {
		return 0, 0, false
	}
	openC, closeC := s[closeAt+1], byte(')')
	switch openC {
	case '(':
	case '[':
		closeC = ']'
	default:
		return 0, 0, false
	}
	depth = 0
	limit = min(len(s), closeAt+1+mdURLWindow)
	if !budget.spend(limit - closeAt) {
		return 0, 0, false
	}
	for i := closeAt + 1; i < limit; i++ {
		switch s[i] {
		case '\\':
			i++
		case openC:
			depth++
		case closeC:
			depth--
			if depth == 0 {
				return closeAt, i + 1, true
			}
		}
	}
	return 0, 0, false
}

// angleAt recognises an autolink (<https://…>, <a@b.cn>), whose text is
// kept, or an HTML tag or comment, which is dropped.
func angleAt(s string, i int, budget *mdBudget) (end int, inner string, ok bool) {
	if strings.HasPrefix(s[i:], "<!--") {
		limit := min(len(s), i+mdCommentWindow)
		if !budget.spend(limit - i) {
			return 0, "", false
		}
		if j := strings.Index(s[i:limit], "-->"); j >= 0 {
			return i + j + 3, "", true
		}
		return 0, "", false
	}
	limit := min(len(s), i+512)
	if !budget.spend(limit - i) {
		return 0, "", false
	}
	j := strings.IndexByte(s[i+1:limit], '>')
	if j < 0 {
		return 0, "", false
	}
	body := s[i+1 : i+1+j]
	end = i + 2 + j
	if body == "" || strings.ContainsAny(body, "<\n") {
		return 0, "", false
	}
	if strings.Contains(body, "://") || strings.HasPrefix(body, "mailto:") ||
		(strings.Contains(body, "@") && !strings.ContainsAny(body, " \t")) {
		return end, strings.TrimPrefix(body, "mailto:"), true
	}
	first := body[0]
	if first == '/' || first == '!' || first == '?' {
		if len(body) > 1 {
			first = body[1]
		}
	}
	if first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z' {
		return end, "", true
	}
	return 0, "", false
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
