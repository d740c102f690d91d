package zh

import (
	"unicode"
	"unicode/utf8"
)

// Token is one term produced from a text, with the byte span of the
// original (not the normalised) text it came from.
type Token struct {
	// Term is the normalised term. Tokens of one call share one buffer, so
	// producing them allocates per text, not per token; do not modify it.
	Term     []byte
	Start    int // byte offset in the original text
	End      int
	Position int // 1-based, in emission order
}

// MaxRunLen caps an alphanumeric token: longer runs (hashes, base64) are cut
// into pieces of this many runes so one token never grows without bound.
const MaxRunLen = 256

// IsCJK reports whether r is written without spaces between words (Han,
// kana, Hangul, bopomofo), so that it is indexed character by character.
func IsCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		unicode.Is(unicode.Bopomofo, r)
}

// IsAlnum reports whether r belongs in an alphanumeric run: a letter or digit
// of a script written with spaces.
func IsAlnum(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !IsCJK(r)
}

// CharTokens returns the character-layer tokens of s: for CJK text every
// pair of adjacent characters (bigram) and the characters at either end of a
// run of CJK characters (unigram); for other letters and digits the whole
// run. Everything else separates. Spans refer to s itself.
//
// Every occurrence of a character X is thereby findable: at the end of a run
// as the unigram X, elsewhere as a bigram that starts with X. A query
// character next to a non-CJK character (年 in 2019年, 号 in 12号) is at a
// run's end in the document too, so the unigram finds it; only a query that
// is one bare character needs the prefix lookup X*.
func CharTokens(s string) []Token {
	t := Analyze(s)
	return charTokens(&t, s)
}

func charTokens(t *Text, s string) []Token {
	rs := t.Runes
	buf, at := utf8Buffer(rs)
	out := make([]Token, 0, len(rs)*2)
	pos := 0
	emit := func(i, j int) {
		start, end := t.Span(i, j)
		pos++
		out = append(out, Token{Term: buf[at[i]:at[j]:at[j]], Start: start, End: end, Position: pos})
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case IsCJK(r):
			j := i + 1
			for j < len(rs) && IsCJK(rs[j]) {
				j++
			}
			for k := i; k < j; k++ {
				// A unigram only at the ends of the run: inside it the
				// character is found as the start of a bigram (see
				// CharTokens), which keeps the layer a third smaller.
				if k == i || k == j-1 {
					emit(k, k+1)
				}
				if k+1 < j {
					emit(k, k+2)
				}
			}
			i = j
		case IsAlnum(r):
			j := i + 1
			for j < len(rs) && IsAlnum(rs[j]) && j-i < MaxRunLen {
				j++
			}
			emit(i, j)
			i = j
		default:
			i++
		}
	}
	return out
}

// utf8Buffer encodes runes once and returns the bytes with the byte offset
// of every rune (and of the end).
func utf8Buffer(rs []rune) ([]byte, []int) {
	n := 0
	for _, r := range rs {
		n += utf8.RuneLen(r)
	}
	buf := make([]byte, 0, n)
	at := make([]int, len(rs)+1)
	for i, r := range rs {
		at[i] = len(buf)
		buf = utf8.AppendRune(buf, r)
	}
	at[len(rs)] = len(buf)
	return buf, at
}
