package query

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

type tokKind int

const (
	tEOF    tokKind = iota
	tText           // a bare word
	tPhrase         // a quoted string
	tField          // name:value with a known name
	tLParen         // ( or （
	tRParen         // ) or ）
	tOr             // OR, | or ｜ (a run of bars is one token)
	tAnd            // AND
	tNot            // NOT, or - / － directly before a term
)

type token struct {
	kind tokKind
	pos  int    // rune offset of the first rune
	raw  string // the runes as typed
	val  string // tText: the word; tPhrase, tField: the value, unescaped

	// tField only.
	field  fieldDef
	name   string // the field name as typed
	valPos int    // rune offset of the value (after an opening quote)
}

// lexer turns the input into tokens on demand, so that errors are found in
// the order they occur in the input.
type lexer struct {
	in []rune
	i  int
}

func isSpace(r rune) bool  { return unicode.IsSpace(r) }
func isBar(r rune) bool    { return r == '|' || r == '｜' }
func isDash(r rune) bool   { return r == '-' || r == '－' }
func isLParen(r rune) bool { return r == '(' || r == '（' }
func isRParen(r rune) bool { return r == ')' || r == '）' }
func isColon(r rune) bool  { return r == ':' || r == '：' }
func isOpener(r rune) bool { return closerOf(r) != 0 }

// rparenFor returns the closing parenthesis in the width of the opening one.
func rparenFor(open rune) rune {
	if open == '（' {
		return '）'
	}
	return ')'
}

// isDoubleQuote reports whether r is one of the double quotation marks
// people type interchangeably: ASCII, full-width, and the curly pair, which
// input methods often produce mismatched or reversed.
func isDoubleQuote(r rune) bool { return r == '"' || r == '＂' || r == '“' || r == '”' }

// closerOf returns the quote that closes the opening quote r, or 0 when r
// does not open a quotation. Any double quotation mark also closes any
// other (see quoted); the corner brackets pair only with their own closers.
func closerOf(r rune) rune {
	switch r {
	case '"':
		return '"'
	case '＂':
		return '＂'
	case '“', '”':
		return '”'
	case '「':
		return '」'
	case '『':
		return '』'
	}
	return 0
}

// endsTerm reports whether r cannot continue a term that a dash prefixes.
func endsTerm(r rune) bool { return isSpace(r) || isRParen(r) || isBar(r) }

func (l *lexer) errorf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// next returns the next token.
func (l *lexer) next() (token, *Error) {
	in := l.in
	for {
		for l.i < len(in) && isSpace(in[l.i]) {
			l.i++
		}
		if l.i >= len(in) {
			return token{kind: tEOF, pos: len(in)}, nil
		}
		start := l.i
		r := in[start]
		switch {
		case isLParen(r):
			l.i++
			return token{kind: tLParen, pos: start, raw: string(r)}, nil
		case isRParen(r):
			l.i++
			return token{kind: tRParen, pos: start, raw: string(r)}, nil
		case isBar(r):
			for l.i < len(in) && isBar(in[l.i]) {
				l.i++
			}
			return token{kind: tOr, pos: start, raw: string(in[start:l.i])}, nil
		case isDash(r):
			j := start
			for j < len(in) && isDash(in[j]) {
				j++
			}
			if j == len(in) || endsTerm(in[j]) {
				// A dash (or run of dashes) standing alone is ignored.
				l.i = j
				continue
			}
			l.i++
			return token{kind: tNot, pos: start, raw: string(r)}, nil
		case isOpener(r):
			val, err := l.quoted()
			if err != nil {
				return token{}, err
			}
			return token{kind: tPhrase, pos: start, raw: string(in[start:l.i]), val: val}, nil
		}
		return l.word()
	}
}

// quoted reads a quotation starting at l.i. Inside it a backslash escapes a
// backslash, '"' or the closing quote; any other backslash is literal.
func (l *lexer) quoted() (string, *Error) {
	in := l.in
	start := l.i
	open := in[start]
	closer := closerOf(open)
	var b strings.Builder
	for j := start + 1; j < len(in); j++ {
		r := in[j]
		if r == '\\' && j+1 < len(in) {
			if n := in[j+1]; n == '\\' || isDoubleQuote(n) || n == closer {
				b.WriteRune(n)
				j++
				continue
			}
		}
		if r == closer || (isDoubleQuote(open) && isDoubleQuote(r)) {
			l.i = j + 1
			return b.String(), nil
		}
		b.WriteRune(r)
	}
	return "", l.errorf(start, "引号不匹配：第 %d 个字符处的开引号 %c 没有对应的结束引号 %c", start+1, open, closer)
}

// word reads a bare word starting at l.i. A word whose part before its
// first colon is a known field name is a field filter; OR, AND and NOT
// (also in full-width letters) are operators.
func (l *lexer) word() (token, *Error) {
	in := l.in
	start := l.i
	end := l.scanBare(start)
	for c := start; c < end; c++ {
		if isColon(in[c]) {
			if f, ok := lookupField(string(in[start:c])); ok {
				return l.field(start, c, end, f)
			}
			break
		}
	}
	l.i = end
	w := string(in[start:end])
	switch norm.NFKC.String(w) {
	case "OR":
		return token{kind: tOr, pos: start, raw: w}, nil
	case "AND":
		return token{kind: tAnd, pos: start, raw: w}, nil
	case "NOT":
		return token{kind: tNot, pos: start, raw: w}, nil
	}
	return token{kind: tText, pos: start, raw: w, val: w}, nil
}

// scanBare returns the end of the bare word starting at i: it runs up to
// white space, "|", an opening quote, or a ")" that closes nothing inside
// the word. A "(" inside a word belongs to the word when its ")" follows in
// the same word, as in 办法（试行）; otherwise the word ends before it and
// the "(" opens a group.
func (l *lexer) scanBare(i int) int {
	in := l.in
	depth := 0
	for ; i < len(in); i++ {
		r := in[i]
		switch {
		case isSpace(r) || isBar(r) || isOpener(r):
			return i
		case isRParen(r):
			if depth == 0 {
				return i
			}
			depth--
		case isLParen(r):
			if depth == 0 && !l.closesInWord(i) {
				return i
			}
			depth++
		}
	}
	return i
}

// closesInWord reports whether the "(" at i is closed before the word it is
// in ends.
func (l *lexer) closesInWord(i int) bool {
	depth := 0
	for ; i < len(l.in); i++ {
		r := l.in[i]
		switch {
		case isSpace(r) || isBar(r) || isOpener(r):
			return false
		case isLParen(r):
			depth++
		case isRParen(r):
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// field reads a field filter whose name spans in[start:colon] and whose
// bare word ends at end. The value is either a quotation right after the
// colon or the rest of the word.
func (l *lexer) field(start, colon, end int, f fieldDef) (token, *Error) {
	in := l.in
	tok := token{kind: tField, pos: start, field: f, name: string(in[start:colon]), valPos: colon + 1}
	quoted := end == colon+1 && end < len(in) && isOpener(in[end])
	if quoted {
		l.i = end
		val, err := l.quoted()
		if err != nil {
			return token{}, err
		}
		tok.valPos = colon + 2
		tok.val = strings.TrimSpace(val)
	} else {
		l.i = end
		tok.val = string(in[colon+1 : end])
	}
	tok.raw = string(in[start:l.i])
	if tok.val == "" {
		return token{}, l.emptyValue(tok, in[colon], quoted)
	}
	return tok, nil
}

// emptyValue explains a field filter without a value, with a hint for the
// two likely slips: a space after the colon, or a parenthesised list.
func (l *lexer) emptyValue(tok token, colon rune, quoted bool) *Error {
	in := l.in
	label := tok.name + string(colon)
	j := l.i
	switch {
	case quoted:
		return l.errorf(tok.pos, "筛选条件“%s”缺少值：第 %d 个字符处的冒号后面的引号中没有内容", label, tok.pos+1)
	case j < len(in) && isLParen(in[j]):
		return l.errorf(tok.pos, "筛选条件“%s”缺少值：第 %d 个字符处的冒号后面不能直接接括号；要筛选多个值，请写成 (%s甲 OR %s乙)",
			label, tok.pos+1, label, label)
	case j < len(in) && isSpace(in[j]) && strings.TrimSpace(string(in[j:])) != "":
		return l.errorf(tok.pos, "筛选条件“%s”缺少值：第 %d 个字符处的冒号后面不能有空格，值要紧跟在冒号后面", label, tok.pos+1)
	}
	return l.errorf(tok.pos, "筛选条件“%s”缺少值：第 %d 个字符处的冒号后面应紧跟要筛选的值", label, tok.pos+1)
}
