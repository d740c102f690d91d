package zh

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Version identifies the normalisation and tokenization rules. Bump it with
// any change to them: the index stores the version it was built with and is
// rebuilt from records when the running code disagrees.
//
//	1: first rules.
//	2: Han unigrams only at the ends of a run (CharTokens).
const Version = 2

//go:embed t2s.txt
var t2sData string

// table maps every BMP rune to its normalised form. Most runes map to one
// rune (single); the few whose NFKC form is several runes (㈱ → (株),
// ½ → 1⁄2) or nothing (zero-width space) are in multi.
type table struct {
	single [0x10000]rune
	multi  map[rune][]rune
}

// drop marks a rune that normalises to nothing.
const drop = -1

var (
	tableOnce sync.Once
	tbl       *table
)

func getTable() *table {
	tableOnce.Do(func() { tbl = buildTable() })
	return tbl
}

func buildTable() *table {
	t2s := make(map[rune]rune, 4200)
	sc := bufio.NewScanner(strings.NewReader(t2sData))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		trad, simp, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		tr, _ := utf8.DecodeRuneInString(trad)
		sr, _ := utf8.DecodeRuneInString(simp)
		t2s[tr] = sr
	}
	t := &table{multi: make(map[rune][]rune)}
	for r := rune(0); r < 0x10000; r++ {
		out := normalizeRune(r, t2s)
		switch len(out) {
		case 0:
			t.single[r] = drop
		case 1:
			t.single[r] = out[0]
		default:
			t.single[r] = drop
			t.multi[r] = out
		}
	}
	return t
}

// normalizeRune is the reference definition of the rules for one rune; the
// table caches it for the BMP and Analyze calls it directly beyond.
func normalizeRune(r rune, t2s map[rune]rune) []rune {
	switch {
	case r >= 0xD800 && r <= 0xDFFF:
		return []rune{utf8.RuneError}
	case r == '\t' || r == '\n' || r == '\r':
		return []rune{r}
	case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF || r == 0xAD:
		return nil // zero-width characters and soft hyphens carry no text
	}
	s := string(r)
	if !norm.NFKC.IsNormalString(s) {
		s = norm.NFKC.String(s)
	}
	// Fold diacritics on Latin letters (é → e, ǚ → u) so that pinyin and
	// names match however they were typed.
	if hasLatinMark(s) {
		s = norm.NFKD.String(s)
	}
	out := make([]rune, 0, 2)
	for _, c := range s {
		if unicode.Is(unicode.Mn, c) {
			continue // combining marks are ignored in search
		}
		if unicode.IsSpace(c) {
			c = ' '
		}
		if unicode.IsControl(c) && c != '\t' && c != '\n' && c != '\r' {
			continue
		}
		c = unicode.ToLower(c)
		if m, ok := t2s[c]; ok {
			c = m
		}
		out = append(out, c)
	}
	return out
}

func hasLatinMark(s string) bool {
	for _, c := range s {
		if c >= 0xC0 && c <= 0x24F || c >= 0x1E00 && c <= 0x1EFF {
			return true
		}
	}
	return false
}

// Text is normalised text that remembers where each rune came from.
type Text struct {
	// Runes is the normalised text.
	Runes []rune
	// Src[i] is the byte offset in the original of the rune that produced
	// Runes[i]; Src[len(Runes)] is the length of the original, so the
	// original span of Runes[i:j] is original[Src[i]:Src[j']] where j' is the
	// first index whose source differs from that of Runes[j-1].
	Src []int
}

// Span returns the byte range in the original text that produced Runes[i:j].
func (t *Text) Span(i, j int) (start, end int) {
	start = t.Src[i]
	end = t.Src[len(t.Runes)]
	last := t.Src[j-1]
	for k := j; k < len(t.Runes); k++ {
		if t.Src[k] != last {
			end = t.Src[k]
			break
		}
	}
	return start, end
}

// Analyze normalises s and keeps the mapping back to it. Invalid UTF-8 bytes
// become U+FFFD, each mapped to its byte.
func Analyze(s string) Text {
	t := getTable()
	runes := make([]rune, 0, len(s)/2)
	src := make([]int, 0, len(s)/2+1)
	for i, r := range s {
		if r < 0x10000 {
			if c := t.single[r]; c != drop {
				runes = append(runes, c)
				src = append(src, i)
				continue
			}
			for _, c := range t.multi[r] {
				runes = append(runes, c)
				src = append(src, i)
			}
			continue
		}
		for _, c := range normalizeRune(r, nil) {
			runes = append(runes, c)
			src = append(src, i)
		}
	}
	src = append(src, len(s))
	return Text{Runes: runes, Src: src}
}

// Normalize returns the normalised form of s: the string index and query
// terms are compared in. Runs of runes that normalise to themselves are
// copied as bytes, and s itself is returned when nothing changes, since most
// of a simplified-Chinese text is already normal.
func Normalize(s string) string {
	t := getTable()
	var b []byte
	done := 0 // s[:done] is accounted for in b
	for i, r := range s {
		if r < 0x7f && (r < 'A' || r > 'Z') && r >= 0x20 {
			continue // printable ASCII other than capitals is normal
		}
		var single rune = drop
		var multi []rune
		if r < 0x10000 {
			single = t.single[r]
			if single == r && r != utf8.RuneError {
				continue
			}
			if single == drop {
				multi = t.multi[r]
			}
		} else {
			multi = normalizeRune(r, nil)
			if len(multi) == 1 && multi[0] == r {
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s))
		}
		b = append(b, s[done:i]...)
		if single != drop {
			b = utf8.AppendRune(b, single)
		} else {
			for _, c := range multi {
				b = utf8.AppendRune(b, c)
			}
		}
		done = i + utf8.RuneLen(r)
		if r == utf8.RuneError {
			// An invalid byte decodes as RuneError of width 1.
			if _, w := utf8.DecodeRuneInString(s[i:]); w == 1 {
				done = i + 1
			}
		}
	}
	if b == nil {
		return s
	}
	return string(append(b, s[done:]...))
}

// Warm builds the normalisation table now rather than on first use, so that
// a server pays for it at start-up instead of in its first query.
func Warm() { getTable() }
