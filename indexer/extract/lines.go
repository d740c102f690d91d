package extract

import "unicode/utf8"

// lineBuilder accumulates visible text one rune at a time and applies the
// package's white-space rules:
//
//   - white space at the start of a line (spaces, tabs, NBSP, the
//     ideographic space U+3000 used to indent Chinese paragraphs) is dropped;
//   - a run of white space inside a line becomes one ASCII space, except
//     that a run containing a line break between two wide (CJK) characters
//     disappears, as CSS does for Chinese text;
//   - white space at the end of a line is dropped, and empty lines are
//     never emitted;
//   - invisible characters (controls, zero-width space, soft hyphen, BOM)
//     are dropped.
type lineBuilder struct {
	out      []byte
	lineLen  int  // bytes of the current line already in out
	pending  bool // white space seen after the last visible rune
	segBreak bool // that white space contained a line break
	force    bool // a separator (table cell) was requested
	last     rune // last visible rune of the current line
}

// write adds text in which line breaks are ordinary (collapsible) white
// space, as in HTML outside <pre>.
func (b *lineBuilder) write(p []byte) {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			b.addRune(rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		b.addRune(r)
		i += size
	}
}

func (b *lineBuilder) writeString(s string) {
	for _, r := range s {
		b.addRune(r)
	}
}

// writeLines adds text in which every line break ends a line, as in plain
// text files and HTML <pre>. "\r\n", "\r" and "\n" all count once.
func (b *lineBuilder) writeLines(p []byte) {
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\n':
			b.endLine()
			i++
		case c == '\r':
			b.endLine()
			i++
			if i < len(p) && p[i] == '\n' {
				i++
			}
		case c < utf8.RuneSelf:
			b.addRune(rune(c))
			i++
		default:
			r, size := utf8.DecodeRune(p[i:])
			if r == '\u2028' || r == '\u2029' {
				b.endLine()
			} else {
				b.addRune(r)
			}
			i += size
		}
	}
}

func (b *lineBuilder) addRune(r rune) {
	switch {
	case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085':
		if b.lineLen > 0 {
			b.pending, b.segBreak = true, true
		}
		return
	case isSpace(r):
		if b.lineLen > 0 {
			b.pending = true
		}
		return
	case isInvisible(r):
		return
	}
	if b.lineLen > 0 {
		if b.force || (b.pending && !(b.segBreak && isWide(b.last) && isWide(r))) {
			b.out = append(b.out, ' ')
			b.lineLen++
		}
	} else if len(b.out) > 0 {
		b.out = append(b.out, '\n')
	}
	b.pending, b.segBreak, b.force = false, false, false
	n := len(b.out)
	b.out = utf8.AppendRune(b.out, r)
	b.lineLen += len(b.out) - n
	b.last = r
}

// separate requests a single space before the next visible rune on the
// current line, even between Chinese characters (table cells).
func (b *lineBuilder) separate() {
	if b.lineLen > 0 {
		b.force = true
	}
}

// softBreak behaves like a line break in collapsible white space.
func (b *lineBuilder) softBreak() { b.addRune('\n') }

// endLine finishes the current line; the next visible rune starts a new one.
func (b *lineBuilder) endLine() {
	b.lineLen = 0
	b.pending, b.segBreak, b.force = false, false, false
	b.last = 0
}

func (b *lineBuilder) empty() bool { return len(b.out) == 0 }

func (b *lineBuilder) String() string { return string(b.out) }

// firstLine returns the first line of the text built so far.
func (b *lineBuilder) firstLine() string {
	for i, c := range b.out {
		if c == '\n' {
			return string(b.out[:i])
		}
	}
	return string(b.out)
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\f', '\v', 0xA0, 0x1680, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

func isInvisible(r rune) bool {
	switch {
	case r < 0x20, r == 0x7F, r >= 0x80 && r <= 0x9F:
		return true
	case r == 0x00AD, r == 0x200B, r == 0x2060, r == 0xFEFF:
		return true
	}
	return false
}
