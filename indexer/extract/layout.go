package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page layout: PDF text layers, OCR output and OFD pages all arrive as
// positioned words, not as paragraphs. layoutText turns pages of lines
// into the package's text shape in three steps.
//
//  1. Running lines go: in the first and last two lines of each page, a
//     page number ("第 3 页 共 10 页", "- 3 -", "3/10", "Page 3") is always
//     dropped, a bare number only in documents of two pages or more; a
//     line repeated on most pages, identical or differing only in its
//     digits ("某某大学文件", "2019年第3期"), is dropped from every page,
//     provided the document has at least three pages, or two with the very
//     same line on both.
//  2. Words become lines. Within a line, two words are joined without a
//     space when either side is a Chinese character or CJK punctuation and
//     the gap is less than twice the line height: the engine saw a gap (a
//     font change in "关于 2019 年", letter-spaced titles such as
//     "通  知"), but the author typed none, and exact search for 关于2019年
//     must find the text. Wider gaps (table columns) keep one space, and
//     Latin words keep theirs.
//  3. Lines become paragraphs. A line continues the previous one unless
//     the previous line ends clearly short of the right margin (the first
//     word of the next line would have fitted), the line is indented by
//     more than a character (the two-character first-line indent of
//     Chinese paragraphs), it starts a list item (一、 （二） 3. 第四条 附件),
//     its font size differs, or the vertical gap is larger than usual.
//     Continued lines are joined
//     without a space when either side is wide, with one otherwise. A
//     paragraph that fills the last line of a page continues on the next.

// word is a run of text and its horizontal extent.
type word struct {
	text   string
	x0, x1 float64
}

// textLine is one line of a page: its words in reading order and its box,
// in any unit, y growing downwards.
type textLine struct {
	words          []word
	x0, y0, x1, y1 float64
	text           string // filled by layoutText
}

func (l *textLine) height() float64 { return max(l.y1-l.y0, 1e-3) }

// layoutPage is the lines of one page in reading order.
type layoutPage struct {
	lines []textLine
}

// layoutText turns pages into text: one paragraph per line, joined by
// "\n", in the package's shape.
func layoutText(pages []layoutPage) string {
	for p := range pages {
		for i := range pages[p].lines {
			pages[p].lines[i].text = joinWords(&pages[p].lines[i])
		}
	}
	dropRunningLines(pages)
	var b lineBuilder
	var para strings.Builder
	flush := func() {
		if para.Len() > 0 {
			b.writeString(para.String())
			b.endLine()
			para.Reset()
		}
	}
	var prev *textLine
	var prevM pageMetrics
	for p := range pages {
		m := metricsOf(pages[p].lines)
		first := true
		for i := range pages[p].lines {
			l := &pages[p].lines[i]
			if l.text == "" {
				continue
			}
			if prev != nil && continues(prev, prevM, l, m, !first) {
				appendJoined(&para, l.text)
			} else {
				flush()
				para.WriteString(l.text)
			}
			prev, prevM, first = l, m, false
		}
	}
	flush()
	return b.String()
}

// joinWords builds the text of a line from its words.
func joinWords(l *textLine) string {
	var b strings.Builder
	h := l.height()
	var last rune
	var lastX1 float64
	for _, w := range l.words {
		t := strings.TrimSpace(w.text)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			first, _ := utf8.DecodeRuneInString(t)
			gap := w.x0 - lastX1
			switch {
			case isWide(last) || isWide(first):
				if gap > 2*h {
					b.WriteByte(' ')
				}
			case gap > 0.1*h:
				// Latin words: a space unless the boxes touch (OFD
				// writers that place every letter on its own).
				b.WriteByte(' ')
			}
		}
		b.WriteString(t)
		last, _ = utf8.DecodeLastRuneInString(t)
		lastX1 = w.x1
	}
	return b.String()
}

// appendJoined appends a continuation line to a paragraph.
func appendJoined(para *strings.Builder, next string) {
	s := para.String()
	last, _ := utf8.DecodeLastRuneInString(s)
	first, _ := utf8.DecodeRuneInString(next)
	if !isWide(last) && !isWide(first) && last != '-' {
		para.WriteByte(' ')
	}
	para.WriteString(next)
}

// pageMetrics are the measures of a page's body text.
type pageMetrics struct {
	left, right float64 // the text column's edges
	height      float64 // median line height
	gap         float64 // median gap between consecutive lines
}

func metricsOf(lines []textLine) pageMetrics {
	var m pageMetrics
	if len(lines) == 0 {
		return m
	}
	var hs, gaps, x0s, x1s []float64
	minX, maxX := lines[0].x0, lines[0].x1
	for i, l := range lines {
		hs = append(hs, l.height())
		minX, maxX = min(minX, l.x0), max(maxX, l.x1)
		if i > 0 {
			if g := l.y0 - lines[i-1].y1; g >= 0 {
				gaps = append(gaps, g)
			}
		}
	}
	m.height = median(hs)
	m.gap = median(gaps)
	// The column is measured on the long lines only, so that a centred
	// title or a signature does not move it.
	for _, l := range lines {
		if l.x1-l.x0 >= 0.5*(maxX-minX) {
			x0s = append(x0s, l.x0)
			x1s = append(x1s, l.x1)
		}
	}
	if len(x0s) == 0 {
		m.left, m.right = minX, maxX
		return m
	}
	m.left = slices.Min(x0s)
	// The right edge is the upper quartile of the long lines' ends: not
	// the maximum, which one overlong line (a wide table) would set.
	slices.Sort(x1s)
	m.right = x1s[len(x1s)*3/4]
	return m
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

// listStart matches the start of a list item or a numbered clause.
var listStart = regexp.MustCompile(`^(第[一二三四五六七八九十百零〇0-9]+[章节条款部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[、．]|[0-9]+\.[^0-9]|[①-⑳]|[●■◆▲•※★]|附件|附：|附:)`)

// continues reports whether line l continues the paragraph of prev.
// samePage is false when l is the first line of a page.
func continues(prev *textLine, pm pageMetrics, l *textLine, m pageMetrics, samePage bool) bool {
	if listStart.MatchString(l.text) {
		return false
	}
	h := m.height
	// A different font size: a heading, or a heading ends.
	if ph, lh := prev.height(), l.height(); max(ph, lh) > 1.3*min(ph, lh) {
		return false
	}
	// Was the previous line short? Compare the room left at its end with
	// what the first unit of this line needs: one character for Chinese,
	// the first word for Latin text.
	first, _ := utf8.DecodeRuneInString(l.text)
	need := pm.height
	if !isWide(first) && len(l.words) > 0 {
		need = l.words[0].x1 - l.words[0].x0 + 0.3*pm.height
	}
	if pm.right-prev.x1 > need+0.5*pm.height {
		return false
	}
	// Indented first line, or centred text.
	if l.x0-m.left > 1.2*h {
		return false
	}
	if samePage {
		gap := l.y0 - prev.y1
		if gap < -0.5*h || l.x0 > prev.x1 { // a new column
			return false
		}
		if gap > m.gap+0.8*h {
			return false
		}
	}
	return true
}

// Running headers, footers and page numbers.

// pageNumber patterns match a page-number line with its spaces removed.
var pageNumberRes = []*regexp.Regexp{
	regexp.MustCompile(`^[-—–－_~·•]+[0-9０-９]{1,4}[-—–－_~·•]+$`),
	regexp.MustCompile(`^第[0-9０-９]{1,4}页([,，/／]?共[0-9０-９]{1,4}页)?$`),
	regexp.MustCompile(`^共[0-9０-９]{1,4}页[,，/／]?第[0-9０-９]{1,4}页$`),
	regexp.MustCompile(`^[0-9０-９]{1,4}[/／][0-9０-９]{1,4}$`),
	regexp.MustCompile(`^(?i)page[0-9]{1,4}(of[0-9]{1,4})?$`),
	regexp.MustCompile(`^(?i)[0-9]{1,4}of[0-9]{1,4}$`),
}

var bareNumber = regexp.MustCompile(`^[0-9０-９]{1,4}$`)

// isPageNumber reports whether a line is a page number. A bare number
// counts only in documents of at least two pages.
func isPageNumber(line string, pages int) bool {
	s := strings.Join(strings.Fields(line), "")
	if s == "" || len(s) > 40 {
		return false
	}
	if pages >= 2 && bareNumber.MatchString(s) {
		return true
	}
	for _, re := range pageNumberRes {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// runningKey is the form in which repeated lines are compared: without
// spaces, every run of digits replaced by "#".
func runningKey(line string) string {
	var b strings.Builder
	inDigits := false
	for _, r := range line {
		switch {
		case unicode.IsSpace(r):
		case unicode.IsDigit(r):
			if !inDigits {
				b.WriteByte('#')
			}
			inDigits = true
			continue
		default:
			b.WriteRune(r)
		}
		inDigits = false
	}
	return b.String()
}

// runningZone is how many lines at the top and at the bottom of a page are
// candidates for headers and footers.
const runningZone = 2

// zone returns the indexes of the candidate lines of a page.
func zone(lines []textLine) []int {
	var idx []int
	var nonEmpty []int
	for i, l := range lines {
		if l.text != "" {
			nonEmpty = append(nonEmpty, i)
		}
	}
	for k, i := range nonEmpty {
		if k < runningZone || k >= len(nonEmpty)-runningZone {
			idx = append(idx, i)
		}
	}
	return idx
}

// dropRunningLines blanks the page numbers, headers and footers of pages.
func dropRunningLines(pages []layoutPage) {
	n := len(pages)
	count := map[string]int{}
	exact := map[string]int{}
	for _, p := range pages {
		seen := map[string]bool{}
		seenExact := map[string]bool{}
		for _, i := range zone(p.lines) {
			t := p.lines[i].text
			if k := runningKey(t); !seen[k] {
				seen[k] = true
				count[k]++
			}
			if !seenExact[t] {
				seenExact[t] = true
				exact[t]++
			}
		}
	}
	// "Most pages": at least 60% of them, and at least two.
	need := max(2, (3*n+4)/5)
	for p := range pages {
		for _, i := range zone(pages[p].lines) {
			l := &pages[p].lines[i]
			switch {
			case isPageNumber(l.text, n):
				l.text = ""
			case n >= 3 && count[runningKey(l.text)] >= need:
				l.text = ""
			case n == 2 && exact[l.text] == 2:
				l.text = ""
			}
		}
	}
}
